"""The running marker a pytest run leaves beside its dashboard while it runs (`running.json`).

Removed at the run's finish, so one whose process is gone says that run died: the editor shows
"incomplete: started …, last test …" instead of presenting the older dashboard as current.
"""

from __future__ import annotations

import json
import os

MAX_MARKER = 64 * 1024


def incomplete_run(directory: str, dashboard_run_id: str) -> str | None:
    """The incomplete-run text for the marker in `directory`, or None when there is none, its
    run is still going, or it belongs to the run the dashboard already shows."""
    try:
        with open(os.path.join(directory, "running.json"), "rb") as fh:
            text = fh.read(MAX_MARKER).decode("utf-8", "replace")
        header = json.loads(text.split("\n", 1)[0])
    except (OSError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("run_id") == dashboard_run_id:
        return None
    if _alive(header.get("pid")):
        return None
    lines = text.split("\n")
    last = lines[1].strip() if len(lines) > 1 else ""
    started = str(header.get("started_at", "at an unknown time"))
    return f"incomplete: started {started}" + (f", last test {last}" if last else "")


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
