"""The editor's view of a run that died: the running marker it left beside the dashboard."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from llm_brief_lsp.marker import incomplete_run


def _dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def _marker(folder: Path, pid: int, run_id: str = "r2") -> None:
    header = {"run_id": run_id, "pid": pid, "started_at": "2026-12-01T10:00:00Z"}
    (folder / "running.json").write_text(json.dumps(header) + "\ntests/t.py::test_hangs   \n")


def test_a_dead_run_is_incomplete_with_its_last_test(tmp_path: Path) -> None:
    _marker(tmp_path, _dead_pid())
    assert incomplete_run(str(tmp_path), "r1") == (
        "incomplete: started 2026-12-01T10:00:00Z, last test tests/t.py::test_hangs"
    )


def test_a_live_run_or_the_dashboards_own_run_is_not(tmp_path: Path) -> None:
    _marker(tmp_path, os.getpid())
    assert incomplete_run(str(tmp_path), "r1") is None
    _marker(tmp_path, _dead_pid(), run_id="r1")
    assert incomplete_run(str(tmp_path), "r1") is None
    (tmp_path / "running.json").unlink()
    assert incomplete_run(str(tmp_path), "r1") is None
