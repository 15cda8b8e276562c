"""The running marker a pytest run leaves beside its dashboard while it runs (`running.json`).

Removed at the run's finish, so one whose process is gone says that run died: the editor shows
"incomplete: started …, last test …" instead of presenting the older dashboard as current.
"""

from __future__ import annotations

import os

from llm_brief.core.runmarker import parse_marker, process_alive

MAX_MARKER = 64 * 1024


def incomplete_run(directory: str, dashboard_run_id: str) -> str | None:
    """The incomplete-run text for the marker in `directory`, or None when there is none, its
    run is still going, or it belongs to the run the dashboard already shows."""
    try:
        with open(os.path.join(directory, "running.json"), "rb") as fh:
            header = parse_marker(fh.read(MAX_MARKER).decode("utf-8", "replace"))
    except OSError:
        return None
    if header is None or header.get("run_id") == dashboard_run_id:
        return None
    if process_alive(header.get("pid")):
        return None
    last = header["last_test"]
    started = str(header.get("started_at", "at an unknown time"))
    return f"incomplete: started {started}" + (f", last test {last}" if last else "")
