"""Never change a run: what the tests observe, what other reporters write, and what is left on disk
are the same with and without llm-brief."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

CAPLOG_SUITE = """
import logging

log = logging.getLogger("app.orders")
quiet = logging.getLogger("app.private")
quiet.propagate = False
quiet.addHandler(logging.NullHandler())


def test_no_info_records_by_default(caplog):
    log.info("routing order %d", 7)
    assert caplog.records == []


def test_warning_seen(caplog):
    log.warning("slow fill %d", 3)
    assert [r.getMessage() for r in caplog.records] == ["slow fill 3"]


def test_root_level_unchanged():
    assert logging.getLogger().level == logging.WARNING
    assert logging.getLogger().handlers == [h for h in logging.getLogger().handlers if "llm" not in type(h).__module__]


def test_private_logger_fails():
    quiet.error("private failure %s", "boom")
    assert False, "private"
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLM_BRIEF")}
    env.update(extra)
    return env


def _pytest(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", *args],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _summary(stdout: str) -> str:
    return stdout.strip().splitlines()[-1].split(" in ")[0]


def test_caplog_and_levels_look_the_same(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_logs=CAPLOG_SUITE)
    plain = _pytest(pytester.path, "-p", "no:llm_brief")
    briefed = _pytest(pytester.path, "--llm-brief", "-rA")
    assert plain.returncode == briefed.returncode == 1
    assert _summary(plain.stdout) == _summary(briefed.stdout)  # "1 failed, 3 passed"
    dashboard = json.loads((pytester.path / ".llm-brief" / "dashboard.json").read_text("utf-8"))
    logs = [p["template"] for p in dashboard["log_patterns"]]
    assert "private failure %s" in logs, "a logger with propagate=False is still captured"
    assert "routing order %d" not in logs, "INFO is not emitted without the opt-in"


def test_force_log_level_is_an_explicit_opt_in(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_logs="""
        import logging

        def test_info(caplog):
            logging.getLogger("app").info("seen %d", 1)
        """
    )
    _pytest(pytester.path, "--llm-brief", LLM_BRIEF_FORCE_LOG_LEVEL="1")
    dashboard = json.loads((pytester.path / ".llm-brief" / "dashboard.json").read_text("utf-8"))
    assert [p["template"] for p in dashboard["log_patterns"]] == ["seen %d"]


def test_capture_survives_basic_config_force(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_logs="""
        import logging

        def test_reconfigure():
            logging.basicConfig(force=True, level=logging.WARNING)
            for handler in list(logging.getLogger().handlers):
                logging.getLogger().removeHandler(handler)

        def test_later():
            logging.getLogger("app.feed").warning("feed lagging by %d s", 9)
            assert False
        """
    )
    _pytest(pytester.path, "--llm-brief")
    dashboard = json.loads((pytester.path / ".llm-brief" / "dashboard.json").read_text("utf-8"))
    assert "feed lagging by %d s" in [p["template"] for p in dashboard["log_patterns"]]


@pytest.mark.parametrize("value", ["0", "", "1"])
def test_startup_hook_adds_no_warning(pytester: pytest.Pytester, value: str) -> None:
    pytester.makepyfile(test_ok="def test_ok():\n    assert True\n")
    # pytest-asyncio warns about its own unset option; it is not what this test is about
    strict = ("-W", "error", "-p", "no:asyncio")
    plain = _pytest(pytester.path, *strict, "-p", "no:llm_brief")
    with_env = _pytest(pytester.path, *strict, LLM_BRIEF=value)
    assert plain.returncode == with_env.returncode == 0, with_env.stdout + with_env.stderr
    assert "PytestAssertRewriteWarning" not in with_env.stdout + with_env.stderr


def test_child_processes_of_tests_write_nothing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_child="""
        import subprocess, sys

        def test_child_leaves_its_cwd_empty(tmp_path):
            subprocess.run([sys.executable, "-c", "import logging; logging.warning('hi')"],
                           cwd=tmp_path, check=True)
            assert list(tmp_path.iterdir()) == []
        """
    )
    done = _pytest(pytester.path, LLM_BRIEF="1")
    assert done.returncode == 0, done.stdout
    history = list((pytester.path / ".llm-brief" / "history").glob("*.json"))
    assert len(history) == 1, "the child added a run to the project's history"


def _junit(path: Path) -> str:
    text = path.read_text("utf-8")
    return re.sub(r'(time|timestamp|hostname)="[^"]*"', r'\1=""', text)


def test_junit_xml_is_the_same(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_fail="""
        def helper(x):
            return x / 0

        def test_divides():
            assert helper(3) == 1
        """
    )
    _pytest(pytester.path, "--junitxml=plain.xml", "-p", "no:llm_brief")
    _pytest(pytester.path, "--junitxml=briefed.xml", "--llm-brief")
    plain, briefed = _junit(pytester.path / "plain.xml"), _junit(pytester.path / "briefed.xml")
    assert "ZeroDivisionError" in plain
    assert "def helper" in plain
    assert plain == briefed


def test_collect_only_keeps_the_last_briefing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_fail="def test_bad():\n    assert 1 == 2\n")
    _pytest(pytester.path, "--llm-brief")
    briefing = (pytester.path / ".llm-brief" / "briefing.md").read_text("utf-8")
    _pytest(pytester.path, "--llm-brief", "--collect-only")
    assert (pytester.path / ".llm-brief" / "briefing.md").read_text("utf-8") == briefing
