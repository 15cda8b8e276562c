"""Usage errors (exit 4): pytest refuses its command line, and the briefing says what was wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def _briefing(root: Path) -> tuple[str, dict[str, object]]:
    out = root / ".llm-brief"
    return (out / "briefing.md").read_text("utf-8"), json.loads(
        (out / "dashboard.json").read_text("utf-8")
    )


def test_unknown_option_is_briefed_and_refused_as_before(pytester: pytest.Pytester) -> None:
    """An option no plugin defines stops pytest before any plugin is configured: the briefing
    is written anyway, and pytest's exit status and message are what they are without it."""
    pytester.makepyfile(test_a="def test_ok():\n    pass\n")
    plain = pytester.runpytest_subprocess("--bogus-option", "-p", "no:llm_brief")
    ours = pytester.runpytest_subprocess("--llm-brief", "--bogus-option")
    assert plain.ret == ours.ret == pytest.ExitCode.USAGE_ERROR
    assert "unrecognized arguments: --bogus-option" in ours.stderr.str()
    briefing, dashboard = _briefing(pytester.path)
    assert briefing.startswith("# USAGE ERROR: unrecognized arguments: --bogus-option · exit 4")
    (issue,) = dashboard["issues"]  # type: ignore[misc]
    assert issue["category"] == "usage"
    assert issue["location"]["path"] == "(command line)"
    assert "--bogus-option" in issue["suggestion"]
    assert "addopts" in issue["suggestion"]


def test_unknown_option_from_addopts_is_named(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\naddopts = --no-such-flag\n")
    pytester.makepyfile(test_a="def test_ok():\n    pass\n")
    result = pytester.runpytest_subprocess("--llm-brief")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    briefing, _ = _briefing(pytester.path)
    assert "unrecognized arguments: --no-such-flag" in briefing.splitlines()[0]


def test_missing_path_is_a_usage_issue_with_a_fix(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_a="def test_ok():\n    pass\n")
    result = pytester.runpytest_subprocess("--llm-brief", "tests/missing.py")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(["llm-brief: USAGE ERROR: file or directory not found*"])
    briefing, dashboard = _briefing(pytester.path)
    (issue,) = dashboard["issues"]  # type: ignore[misc]
    assert issue["category"] == "usage"
    assert "`tests/missing.py` (given on the command line) does not exist" in issue["suggestion"]
    assert "_pytest" not in briefing  # pytest's own frames say nothing about the command line


def test_help_and_options_of_conftests_are_not_usage_errors(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        "def pytest_addoption(parser):\n    parser.addoption('--from-conftest', action='store_true')\n"
    )
    pytester.makepyfile(test_a="def test_ok():\n    pass\n")
    assert pytester.runpytest_subprocess("--llm-brief", "--from-conftest").ret == 0
    assert pytester.runpytest_subprocess("--llm-brief", "--help").ret == 0
    assert not (pytester.path / ".llm-brief" / "briefing.md").read_text("utf-8").startswith(
        "# USAGE"
    )
