"""The smaller items of issue 22: a stray `LLM_BRIEF_*` variable, and an app's own excepthook."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hostilekit import Outcome, run_app, run_launcher, run_pytest, write


def _entry(folder: Path, mode: str, env: dict[str, str] | None = None) -> Outcome:
    """One run of `folder` through an entry point: pytest, `llm-brief run`, `report`, LLM_BRIEF=1."""
    if mode == "pytest":
        return run_pytest(folder, env=env)
    if mode == "run":
        return run_launcher(folder, "run", "--pipes", "--", sys.executable, "app.py", env=env)
    if mode == "report":
        return run_launcher(folder, "report", env=env)
    return run_app(folder, env=env)


_OK = {"test_ok_py": "def test_ok():\n    pass\n", "app_py": "print('started')\n"}


@pytest.mark.parametrize("mode", ["pytest", "run", "env"])
def test_unknown_environment_setting_only_warns(mode: str, tmp_path: Path) -> None:
    """Environment variables leak between tools: an unknown one warns and the run goes on."""
    folder = write(tmp_path, **_OK)
    run = _entry(folder, mode, env={"LLM_BRIEF_NOT_A_SETTING": "1"})
    assert run.exit == 0, run.stdout + run.stderr
    assert (run.out / "dashboard.json").exists(), "capture stays on"
    assert "LLM_BRIEF_NOT_A_SETTING" in run.stdout + run.stderr, "the warning names it"


_BAD_RULES = {
    "unknown key": ('category = "exchange"\nexceptions = ["ccxt.NetworkError"]\n', "exceptions"),
    "invalid regex": ('category = "exchange"\nmessage = "timed out ("\n', "message"),
}


@pytest.mark.parametrize("mode", ["pytest", "run", "report", "env"])
@pytest.mark.parametrize("case", sorted(_BAD_RULES))
def test_a_bad_rule_is_refused_by_every_entry_point(case: str, mode: str, tmp_path: Path) -> None:
    """Each entry point names the file and the key; a launch under LLM_BRIEF=1 runs uncaptured."""
    body, key = _BAD_RULES[case]
    folder = write(tmp_path, **_OK)
    run_pytest(folder)  # a journal for `report` to rebuild, made before the rule goes bad
    (folder / "pyproject.toml").write_text(f"[[tool.llm-brief.rules]]\n{body}", "utf-8")
    run = _entry(folder, mode)
    said = run.stdout + run.stderr
    assert "pyproject.toml" in said, said
    assert key in said, said
    if mode == "env":
        assert run.exit == 0, said
        assert "started" in run.stdout, "the app itself runs as without"
        assert "capture is off" in said, said
    else:
        assert run.exit == (4 if mode == "pytest" else 2), said


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
