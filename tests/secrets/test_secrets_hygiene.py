"""Hostile inputs of issue 13: controls, surrogates, the budget, exit status, config, hooks.

Each case runs the real thing (pytest with llm-brief, `llm-brief run`, `LLM_BRIEF=1`) on a
project built to break it. Cases today's code fails are strict xfails naming what breaks.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from hostilekit import run_app, run_launcher, run_pytest, run_pytest_without_plugin, write

C1 = "\x9b31m\x9d0;pwned\x9c"
C0 = "\x1b[2J\x1b]0;pwned\x07"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _failing_test(message: str, via: str) -> str:
    if via == "log":
        return (
            "import logging\n\ndef test_it():\n"
            f"    logging.getLogger('app').error({message!r})\n    assert False\n"
        )
    return f"def test_it():\n    raise RuntimeError({message!r})\n"


@pytest.mark.parametrize(
    ("controls", "via"),
    [
        pytest.param(C1, "message", id="c1-message"),
        pytest.param(C1, "log", id="c1-log"),
        pytest.param(C0, "message", id="c0-message"),
        pytest.param(C0, "log", id="c0-log"),
    ],
)
def test_control_characters_are_not_written(controls: str, via: str, tmp_path: Path) -> None:
    """C0/C1 controls from the run reach neither the briefing nor llm-brief's terminal lines."""
    run = run_pytest(write(tmp_path, test_hostile_py=_failing_test(f"bad {controls} end", via)))
    assert run.exit == 1, run.stderr
    for where, text in (("briefing.md", run.briefing), ("terminal", run.ours)):
        found = sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(text)})
        assert not found, f"{where} holds control characters {found}"


@pytest.mark.parametrize(
    "via",
    [
        "log",
        "message",
    ],
)
def test_lone_surrogate_still_writes_the_briefing(via: str, tmp_path: Path) -> None:
    """A lone surrogate is replaced; the briefing and the dashboard are still written."""
    run = run_pytest(write(tmp_path, test_hostile_py=_failing_test("bad \udcff \ud800 end", via)))
    assert run.exit == 1, run.stderr
    # The error's words, not "surrogate": the test's own folder name holds that one.
    said = run.stdout + run.stderr
    assert "UnicodeEncodeError" not in said, said
    assert "surrogates not allowed" not in said, said
    assert "bad" in run.briefing
    json.loads((run.out / "dashboard.json").read_text("utf-8"))


def test_budget_is_a_hard_bound(tmp_path: Path) -> None:
    """400 distinct issues under `--llm-brief-budget 2000`: the briefing stays within it (cl100k)."""
    import bpe_openai

    source = "".join(
        f"def test_{n}():\n    raise ValueError('distinct failure number {n} in module {n}')\n\n"
        for n in range(400)
    )
    run = run_pytest(write(tmp_path, test_many_py=source), "--llm-brief-budget", "2000")
    assert run.exit == 1, run.stderr
    tokens = len(bpe_openai.get_encoding("cl100k_base").encode(run.briefing))
    assert "### 1. " in run.briefing, "the top issue is kept"
    assert tokens <= 2000, f"briefing.md is {tokens} tokens"


def _exit_3_app(tmp_path: Path) -> Path:
    folder = write(tmp_path / "app", app_py="import sys\nsys.exit(3)\n")
    (folder / "blocker").write_text("a file where the output directory should be", "utf-8")
    return folder


def test_unwritable_output_dir_keeps_the_exit_status(tmp_path: Path) -> None:
    """`llm-brief run` returns the command's own status when its outputs cannot be written."""
    folder = _exit_3_app(tmp_path)
    run = run_launcher(folder, "run", "--pipes", "--dir", "blocker/out", "--", "python", "app.py")
    assert run.exit == 3, run.stderr


def test_unwritable_output_dir_says_so_in_one_line(tmp_path: Path) -> None:
    """...and says what failed in one line on stderr, without a traceback."""
    folder = _exit_3_app(tmp_path)
    run = run_launcher(
        folder, "run", "--pipes", "--quiet", "--dir", "blocker/out", "--", "python", "app.py"
    )
    assert "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr


_BAD_PATTERN = "[tool.llm-brief]\nredact_patterns = ['(unclosed']\n"


@pytest.mark.parametrize(
    "entry",
    [
        "pytest",
        "run",
        "env",
        "report",
    ],
)
def test_invalid_redact_pattern_is_a_usage_error(entry: str, tmp_path: Path) -> None:
    """Every entry point names the key and the regex error, without a traceback."""
    folder = write(tmp_path, test_ok_py="def test_ok():\n    pass\n", app_py="print('app ran')\n")
    if entry == "report":
        assert run_pytest(folder).exit == 0  # a journal to rebuild from, made with a good config
    write(folder, pyproject_toml=_BAD_PATTERN)
    if entry == "pytest":
        run = run_pytest(folder)
    elif entry == "run":
        run = run_launcher(folder, "run", "--pipes", "--", "python", "app.py")
    elif entry == "env":
        run = run_app(folder)
    else:
        run = run_launcher(folder, "report", ".llm-brief")
    said = run.stdout + run.stderr
    assert "Traceback" not in said, said
    assert "INTERNALERROR" not in said, said
    assert "redact_patterns" in said, f"the message does not name the key: {said}"
    if entry == "env":
        assert run.exit == 0, "the app itself runs unchanged"
        assert "app ran" in run.stdout, "the app itself runs unchanged"
    else:
        assert run.exit in (2, 4), said


def test_environment_pattern_with_a_comma_is_not_split(tmp_path: Path) -> None:
    """`LLM_BRIEF_REDACT_PATTERNS` with `{4,8}`, as JSON or one pattern a line, is applied."""
    folder = write(
        tmp_path,
        test_order_py="import logging\n\ndef test_order():\n"
        "    logging.getLogger('shop').error('order ACME-1234567 was refused')\n    assert False\n",
    )
    applied = []
    for form in (json.dumps([r"ACME-\d{4,8}", r"PIN-\d{4}"]), "ACME-\\d{4,8}\nPIN-\\d{4}"):
        run = run_pytest(folder, env={"LLM_BRIEF_REDACT_PATTERNS": form})
        dashboard = (run.out / "dashboard.json").read_text("utf-8") if run.exit == 1 else ""
        applied.append(bool(dashboard) and "ACME-1234567" not in dashboard)
    assert any(applied), "neither the JSON nor the newline-separated form was applied"


# The hooks as the README and docs/rules.md document them: each an optional hook.
_HOOKS = textwrap.dedent(
    """
    import pytest

    @pytest.hookimpl(optionalhook=True)
    def pytest_llm_brief_classify(issue):
        return None

    @pytest.hookimpl(optionalhook=True)
    def pytest_llm_brief_suggest(issue):
        return None

    @pytest.hookimpl(optionalhook=True)
    def pytest_llm_brief_add_rules():
        return []

    @pytest.hookimpl(optionalhook=True)
    def pytest_llm_brief_dashboard(dashboard):
        dashboard.setdefault("notes", []).append("conftest hook ran")
    """
)


def test_conftest_hooks_without_the_plugin(tmp_path: Path) -> None:
    """The documented conftest hooks do not break a run with `-p no:llm_brief`."""
    folder = write(tmp_path, conftest_py=_HOOKS, test_ok_py="def test_ok():\n    pass\n")
    run = run_pytest_without_plugin(folder)
    assert "INTERNALERROR" not in run.stdout + run.stderr
    assert run.exit == 0, run.stdout + run.stderr


def test_optional_conftest_hooks_still_run_with_the_plugin(tmp_path: Path) -> None:
    """Marked optional, the same hooks are still called when the plugin is loaded."""
    folder = write(tmp_path, conftest_py=_HOOKS, test_ok_py="def test_ok():\n    pass\n")
    run = run_pytest(folder)
    assert run.exit == 0, run.stdout + run.stderr
    notes = json.loads((run.out / "dashboard.json").read_text("utf-8"))["notes"]
    assert "conftest hook ran" in notes
