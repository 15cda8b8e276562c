"""Faults around the run (unwritable output, full disk, broken psutil, raising plugins, SIGKILL):
test outcomes and exit codes stay pytest's, and llm-brief says what went wrong in one line."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import llm_brief.output.journal as journal
import llm_brief.output.publish as publish
import llm_brief.output.store as store
from briefrun import run_report, validate_schema

SUITE = """
import logging

def test_ok():
    logging.getLogger("app").warning("hello %d", 1)

def test_bad():
    assert 2 < 1
"""


def _llm_lines(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines + result.errlines if line.startswith("llm-brief")]


def _enospc(*_args: Any, **_kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_output_dir_is_an_existing_file(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SUITE)
    (pytester.path / "out").write_text("I am a file")
    result = pytester.runpytest("--llm-brief", "--llm-brief-dir", "out", "-p", "no:cacheprovider")
    assert result.ret == 1
    result.assert_outcomes(passed=1, failed=1)
    lines = _llm_lines(result)
    assert len(lines) == 1, lines
    assert "no briefing written" in lines[0]
    assert "out" in lines[0]
    assert (pytester.path / "out").read_text() == "I am a file"


def _history_only(real: Any) -> Any:
    def write(path: Path, text: str) -> None:
        if path.parent.name == store.HISTORY:
            _enospc()
        real(path, text)

    return write


@pytest.mark.parametrize(
    "site",
    [
        "store.write_atomic",
        "publish.write_atomic",
        "history write",
        "Journal.append",
        "Journal.__init__",
    ],
)
def test_disk_full_at_every_write_site(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, site: str
) -> None:
    # In-process run: the monkeypatch reaches the plugin's modules and is undone afterwards.
    pytester.makepyfile(SUITE)
    if site == "store.write_atomic":
        # publish imported write_atomic by name, so fail inside it: the rename of the temp file.
        monkeypatch.setattr(store.os, "replace", _enospc)
    elif site == "publish.write_atomic":
        monkeypatch.setattr(publish, "write_atomic", _enospc)
    elif site == "history write":
        monkeypatch.setattr(publish, "write_atomic", _history_only(publish.write_atomic))
    elif site == "Journal.append":
        monkeypatch.setattr(journal.Journal, "append", _enospc)
    else:
        monkeypatch.setattr(journal.Journal, "__init__", _enospc)
    result = pytester.runpytest("--llm-brief", "-p", "no:cacheprovider")
    assert result.ret == 1
    result.assert_outcomes(passed=1, failed=1)
    lines = [line for line in _llm_lines(result) if "No space left on device" in line]
    assert len(lines) == 1, result.outlines + result.errlines
    out = pytester.path / ".llm-brief"
    assert not list(out.rglob("*.tmp")), "a temporary file was left behind"
    if site in ("Journal.append", "Journal.__init__", "history write"):
        # Only the journal or the history is lost; the briefing itself is still written.
        data = json.loads((out / "dashboard.json").read_text("utf-8"))
        validate_schema(data)
        assert data["run"]["counts"]["failed"] == 1
        assert (out / "briefing.md").read_text("utf-8").strip()


@pytest.mark.parametrize("source", ["/proc", "psutil"])
def test_resource_figures_raising(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    """/proc unreadable mid-way, or (where /proc has no children lists) psutil raising."""
    import psutil

    from llm_brief.pytest_plugin.recorder import process_tree_figures

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise psutil.AccessDenied(os.getpid(), "no /proc for you")

    # the globals of the very function the capture calls (pytester may re-import modules)
    resources = process_tree_figures.__globals__
    if source == "psutil":
        monkeypatch.setitem(resources, "PROC", str(pytester.path / "no-proc"))
        monkeypatch.setattr(psutil, "Process", broken)
    else:
        monkeypatch.setitem(resources, "_statm_rss", broken)
    pytester.makepyfile(SUITE)
    result = pytester.runpytest("--llm-brief", "-p", "no:cacheprovider")
    assert result.ret == 1
    result.assert_outcomes(passed=1, failed=1)
    data = json.loads((pytester.path / ".llm-brief" / "dashboard.json").read_text("utf-8"))
    validate_schema(data)
    assert data["run"]["counts"] == {**data["run"]["counts"], "passed": 1, "failed": 1}
    notes = " ".join(data["notes"])
    assert f"resource figures unavailable ({source}" in notes, notes


HOOKS = {
    "pytest_llm_brief_classify": "def pytest_llm_brief_classify(issue):\n    raise ValueError('classify bug')\n",
    "pytest_llm_brief_suggest": "def pytest_llm_brief_suggest(issue):\n    raise ValueError('suggest bug')\n",
    "pytest_llm_brief_add_rules": "def pytest_llm_brief_add_rules():\n    raise ValueError('add_rules bug')\n",
    "pytest_llm_brief_dashboard": "def pytest_llm_brief_dashboard(dashboard):\n    raise ValueError('dashboard bug')\n",
}


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_third_party_hook_raising(pytester: pytest.Pytester, hook: str) -> None:
    pytester.makepyfile(SUITE)
    pytester.makeconftest(HOOKS[hook])
    result = pytester.runpytest("--llm-brief", "-p", "no:cacheprovider")
    assert result.ret == 1
    result.assert_outcomes(passed=1, failed=1)
    bug = hook.rsplit("_", 1)[-1] if hook != "pytest_llm_brief_add_rules" else "add_rules"
    lines = [line for line in _llm_lines(result) if f"{bug} bug" in line]
    assert len(lines) == 1, result.outlines + result.errlines
    data = json.loads((pytester.path / ".llm-brief" / "dashboard.json").read_text("utf-8"))
    validate_schema(data)
    assert len(data["issues"]) == 1
    assert any(f"{bug} bug" in e["message"] for e in data["internal"])


def test_sigkill_mid_run_then_report_recovers_every_finished_test(
    pytester: pytest.Pytester,
) -> None:
    # The last test kills its own pytest process: no wait, no race, 30 tests finished before.
    pytester.makepyfile(
        """
        import os, signal
        import pytest

        @pytest.mark.parametrize("i", range(25))
        def test_ok(i):
            pass

        @pytest.mark.parametrize("i", range(5))
        def test_fails(i):
            assert i < 0

        def test_zz_killed():
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--llm-brief", "-p", "no:cacheprovider", "-q"],
        cwd=pytester.path,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == -9
    out = pytester.path / ".llm-brief"
    assert not (out / "dashboard.json").exists()
    report = run_report(out, pytester.path)
    assert report.returncode == 0, report.stderr
    data = json.loads((out / "dashboard.json").read_text("utf-8"))
    validate_schema(data)
    assert data["run"]["counts"]["passed"] == 25
    assert data["run"]["counts"]["failed"] == 5
    assert data["run"]["outcome"] == "interrupted"
    assert (out / "briefing.md").read_text("utf-8").strip()
