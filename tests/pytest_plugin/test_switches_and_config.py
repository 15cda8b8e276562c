"""How the briefing is switched on and configured, and how bad settings are reported."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from briefrun import BriefRun

FAILING = """
def test_ok():
    pass

def test_bad():
    print("CAPTURED-MARKER")
    assert 1 + 1 == 3
"""


def _normalised(lines: list[str]) -> list[str]:
    return [
        line
        for line in lines
        if " in " not in line and "rootdir" not in line and "plugins" not in line
    ]


def test_installed_but_off_changes_nothing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(FAILING)
    with_plugin = pytester.runpytest("-p", "no:cacheprovider")
    without = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:llm_brief")
    assert with_plugin.ret == without.ret == 1
    assert _normalised(with_plugin.outlines) == _normalised(without.outlines)
    assert not (pytester.path / ".llm-brief").exists()


def test_compact_terminal_replaces_long_sections(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(FAILING)
    run = run_brief()
    out = run.result.stdout.str()
    assert "CAPTURED-MARKER" not in out
    assert "= FAILURES =" not in out
    assert "short test summary info" not in out  # the issue block says it once
    run.result.stdout.fnmatch_lines(
        [
            "*= llm-brief =*",
            "llm-brief: FAILED · exit 1 · 1 failed, 1 passed*1 issue*",
            "1. [[]assertion[]] test_*.py:6 AssertionError: assert (1 + 1) == 3*",
            "   rerun: *pytest *test_*.py::test_bad",
            "llm-brief: briefing .llm-brief/briefing.md",
        ]
    )


def test_ini_switch_keeps_pytest_output_and_appends_summary(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makeini("[pytest]\nllm_brief = true\n")
    pytester.makepyfile(FAILING)
    run = run_brief(flag=False)
    out = run.result.stdout.str()
    assert "= FAILURES =" in out
    assert "CAPTURED-MARKER" in out
    assert "llm-brief: briefing .llm-brief/briefing.md" in out
    assert run.dashboard["run"]["counts"]["failed"] == 1


def test_environment_switch(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLM_BRIEF", "1")
    monkeypatch.setenv("LLM_BRIEF_OUTPUT_DIR", "briefs")
    pytester.makepyfile(FAILING)
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert "= FAILURES =" in result.stdout.str()
    assert (pytester.path / "briefs" / "dashboard.json").is_file()


def test_terminal_override_full(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(FAILING)
    run = run_brief("--llm-brief-terminal=full")
    assert "= FAILURES =" in run.result.stdout.str()
    assert "llm-brief: briefing" in run.result.stdout.str()


def test_disabled_with_p_no(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_BRIEF", "1")
    pytester.makepyfile(FAILING)
    result = pytester.runpytest("-p", "no:llm_brief", "-p", "no:cacheprovider")
    assert result.ret == 1
    assert not (pytester.path / ".llm-brief").exists()


def test_precedence_pyproject_env_cli(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyprojecttoml('[tool.llm-brief]\noutput_dir = "from-pyproject"\nbudget = 900\n')
    pytester.makepyfile(FAILING)
    run_brief()
    assert (pytester.path / "from-pyproject" / "dashboard.json").is_file()
    monkeypatch.setenv("LLM_BRIEF_OUTPUT_DIR", "from-env")
    run_brief()
    assert (pytester.path / "from-env" / "dashboard.json").is_file()
    run_brief("--llm-brief-dir", "from-cli")
    assert (pytester.path / "from-cli" / "dashboard.json").is_file()


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("outptu_dir = 'x'", "*pyproject.toml*unknown key 'outptu_dir'*accepted keys:*output_dir*"),
        (
            "budget = 'lots'",
            "*pyproject.toml*budget = 'lots' is not valid; expected a whole number*",
        ),
        ("log_level = 'LOUD'", "*log_level = 'LOUD' is not valid; expected one of DEBUG, INFO*"),
        ("history = true", "*history = True is not valid*"),
    ],
)
def test_bad_pyproject_is_a_usage_error(
    pytester: pytest.Pytester, table: str, expected: str
) -> None:
    pytester.makepyprojecttoml(f"[tool.llm-brief]\n{table}\n")
    pytester.makepyfile(FAILING)
    result = pytester.runpytest("--llm-brief")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: llm-brief: {expected}"])


def test_bad_environment_value_names_the_variable(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLM_BRIEF_BUDGET", "-3")
    pytester.makepyfile(FAILING)
    result = pytester.runpytest("--llm-brief")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*environment variable LLM_BRIEF_BUDGET: budget = '-3' is not valid*"]
    )


def test_bad_settings_do_not_matter_when_off(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml("[tool.llm-brief]\nnonsense = 1\n")
    pytester.makepyfile(FAILING)
    assert pytester.runpytest().ret == 1


def test_llm_brief_modules_are_not_assertion_rewritten(pytester: pytest.Pytester) -> None:
    """pytest marks plugin packages for assertion rewriting; llm-brief takes itself off the list
    (its modules hold no user assertions, and the rewriting importer is slow)."""
    pytester.makepyfile(
        """
        import sys

        def test_loader():
            loader = sys.modules["llm_brief.pytest_plugin.recorder"].__loader__
            assert type(loader).__name__ != "AssertionRewritingHook"

        def test_rewriting_still_works_for_tests():
            x = 1
            try:
                assert x == 2
            except AssertionError as exc:
                assert "assert 1 == 2" in str(exc)
        """
    )
    result = pytester.runpytest_subprocess("--llm-brief", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
