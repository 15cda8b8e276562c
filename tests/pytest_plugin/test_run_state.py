"""Run state you can trust: what a run selected, whether it completed, and what a partial run,
a run that died or a run that never started leaves in the briefing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

TWO_CAUSES = """
def test_db():
    raise ConnectionError("db down")

def test_cache():
    raise KeyError("cache")

def test_ok():
    pass
"""


def _pytest(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("LLM_BRIEF")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _dashboard(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / ".llm-brief" / "dashboard.json").read_text("utf-8"))
    return data


def test_a_full_run_says_so(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_two=TWO_CAUSES)
    _pytest(pytester.path, "--llm-brief")
    run = _dashboard(pytester.path)["run"]
    assert run["selection"] == {"partial": False, "args": [], "selected": 3, "deselected": 0}
    assert run["complete"] is True
    assert run["finished_at"] >= run["started_at"]
    assert not (pytester.path / ".llm-brief" / "running.json").exists()


def test_a_partial_run_keeps_the_other_issues_and_nothing_regresses(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_two=TWO_CAUSES)
    _pytest(pytester.path, "--llm-brief")
    _pytest(pytester.path, "--llm-brief", "-k", "db")
    partial = _dashboard(pytester.path)
    assert partial["run"]["selection"]["partial"] is True
    assert partial["run"]["selection"]["args"] == ["-k", "db"]
    assert partial["run"]["selection"]["deselected"] == 2
    statuses = {i["title"]: i["status"] for i in partial["issues"]}
    assert statuses == {"ConnectionError: db down": "persisting", "KeyError: 'cache'": "not_rerun"}
    _pytest(pytester.path, "--llm-brief")
    full = _dashboard(pytester.path)
    assert sorted(i["status"] for i in full["issues"]) == ["persisting", "persisting"]
    assert full["diff"]["regressed"] == []


def test_a_run_that_dies_names_the_test_that_was_running(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_dies="""
        import os

        def test_first():
            assert 1 == 2

        def test_hangs_then_dies():
            os._exit(1)  # what pytest-timeout's thread method does
        """
    )
    done = _pytest(pytester.path, "--llm-brief")
    assert done.returncode == 1
    out = pytester.path / ".llm-brief"
    assert (out / "running.json").exists()
    report = subprocess.run(
        [sys.executable, "-m", "llm_brief.cli", "report", str(out)],
        cwd=pytester.path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert report.returncode == 0, report.stderr
    data = _dashboard(pytester.path)
    assert data["run"]["complete"] is False
    assert data["run"]["last_test"] == "test_dies.py::test_hangs_then_dies"
    notes = " ".join(data["notes"])
    assert "incomplete: started" in notes
    assert "last test test_dies.py::test_hangs_then_dies" in notes


def test_a_conftest_that_fails_to_import_still_gets_a_briefing(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("import settings_that_do_not_exist\n")
    pytester.makepyfile(test_any="def test_any():\n    pass\n")
    plain = _pytest(pytester.path, "-p", "no:llm_brief")
    briefed = _pytest(pytester.path, "--llm-brief")
    assert plain.returncode == briefed.returncode == 4
    assert "ImportError while loading conftest" in briefed.stderr + briefed.stdout
    data = _dashboard(pytester.path)
    (issue,) = data["issues"]
    assert issue["location"]["path"] == "conftest.py"
    assert "settings_that_do_not_exist" in issue["title"]
    assert data["run"]["exit_code"] == 4


def test_a_crashed_xdist_worker_names_its_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_crash="""
        import os, signal

        def test_fine():
            pass

        def test_segfaults():
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    _pytest(pytester.path, "--llm-brief", "-n", "2")
    data = _dashboard(pytester.path)
    (issue,) = [i for i in data["issues"] if "crashed" in i["title"]]
    assert issue["location"] == {
        "path": "test_crash.py",
        "line": 6,
        "function": "test_segfaults",
    }
    assert issue["rerun"].endswith("test_crash.py::test_segfaults")
