"""The smaller items of issue 22: a stray `LLM_BRIEF_*` variable, and an app's own excepthook."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hostilekit import run_app, run_launcher, run_pytest, write


def test_unknown_environment_setting_only_warns(tmp_path: Path) -> None:
    """Environment variables leak between tools: an unknown one warns and the run goes on."""
    folder = write(tmp_path, test_ok_py="def test_ok():\n    pass\n")
    run = run_pytest(folder, env={"LLM_BRIEF_NOT_A_SETTING": "1"})
    assert run.exit == 0, run.stdout + run.stderr
    assert (run.out / "dashboard.json").exists(), "capture stays on"
    assert "LLM_BRIEF_NOT_A_SETTING" in run.stdout + run.stderr, "the warning names it"


_OWN_HOOK = """\
import sys

def report(kind, value, tb):
    print(f"app crash reporter: {kind.__name__}: {value}", file=sys.stderr)

sys.excepthook = report
raise LookupError("no route to the order book")
"""


@pytest.mark.parametrize("mode", ["run", "env"])
def test_crash_is_recorded_when_the_app_replaces_excepthook(mode: str, tmp_path: Path) -> None:
    """An app that installs its own `sys.excepthook` still has its crash in the dashboard."""
    folder = write(tmp_path, app_py=_OWN_HOOK)
    if mode == "run":
        run = run_launcher(folder, "run", "--pipes", "--", sys.executable, "app.py")
    else:
        run = run_app(folder)
    assert run.exit == 1, run.stderr
    assert "app crash reporter" in run.stderr, "the app's own hook still runs"
    dashboard = json.loads((run.out / "dashboard.json").read_text("utf-8"))
    # An issue of the exception's own type: a stderr line that merely mentions it is not enough.
    titles = [issue["title"] for issue in dashboard["issues"]]
    assert any(title.startswith("LookupError") for title in titles), titles
