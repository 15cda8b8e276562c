"""The running marker's text (`running.json`): a JSON header line, then the running test. Pure,
but for asking the OS whether the marker's process still exists."""

from __future__ import annotations

import json
import os
from typing import Any


def parse_marker(text: str) -> dict[str, Any] | None:
    """The marker's header with `last_test` added, or None when it is not a marker."""
    head, _, rest = text.partition("\n")
    try:
        header = json.loads(head)
    except ValueError:
        return None
    if not isinstance(header, dict):
        return None
    header["last_test"] = rest.split("\n", 1)[0].strip()
    return header


def process_alive(pid: object) -> bool:
    """Whether a process with this id exists (a marker whose process is gone says its run died)."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
