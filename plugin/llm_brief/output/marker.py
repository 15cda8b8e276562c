"""`running.json`: present while a run is in progress, so one left behind says the run died.

Written once at the start (run id, pid, start time, command) and removed at the finish. Its
second line is the test that is running, rewritten in place with one `pwrite` per test, so a run
killed with SIGKILL or `os._exit` (pytest-timeout's thread method) still names the test that hung.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from llm_brief.core.runmarker import parse_marker, process_alive
from llm_brief.output.store import FILE_MODE, make_folder

RUNNING = "running.json"
MAX_TEST = 1000


class RunningMarker:
    """The marker of this process's run in an output directory."""

    def __init__(self, directory: Path, header: dict[str, Any]) -> None:
        make_folder(directory)
        self.path = directory / RUNNING
        head = (json.dumps({**header, "pid": os.getpid()}, ensure_ascii=False) + "\n").encode()
        self._offset = len(head)
        self._written = 0
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        os.write(self._fd, head)

    def running(self, nodeid: str) -> None:
        """Name the test that is running now (padded over the previous name)."""
        if self._fd < 0:
            return
        data = (nodeid[:MAX_TEST] + "\n").encode("utf-8", "replace")
        padded = data.ljust(self._written)
        self._written = len(data)
        os.pwrite(self._fd, padded, self._offset)

    def remove(self) -> None:
        """The run finished: the marker goes."""
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)
        with contextlib.suppress(OSError):
            self.path.unlink()


def read_marker(directory: Path) -> dict[str, Any] | None:
    """The marker left in `directory` with `last_test` and whether its process is `alive`."""
    try:
        text = (directory / RUNNING).read_text("utf-8", errors="replace")
    except OSError:
        return None
    header = parse_marker(text)
    if header is not None:
        header["alive"] = process_alive(header.get("pid"))
    return header
