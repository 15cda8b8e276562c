"""History across runs (flaky tests), resource figures, the memory-growth issue, internal errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from briefrun import BriefRun
from llm_brief.core.history import flaky_tests


def _entry(run_id: str, outcome: str, fingerprint: str = "") -> dict[str, Any]:
    return {"run_id": run_id, "tests": {"t.py::test_x": [outcome, fingerprint]}}


def test_flaky_needs_flips_with_the_same_failure() -> None:
    flip_flop = [_entry("1", "failed", "fp"), _entry("2", "passed"), _entry("3", "failed", "fp")]
    assert flaky_tests(flip_flop) == [{"test": "t.py::test_x", "fingerprint": "fp"}]
    fixed_once = [_entry("1", "failed", "fp"), _entry("2", "passed")]
    assert flaky_tests(fixed_once) == []
    different_causes = [
        _entry("1", "failed", "a"),
        _entry("2", "passed"),
        _entry("3", "failed", "b"),
    ]
    assert flaky_tests(different_causes) == []


def test_flaky_test_reported_in_the_diff(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        test_flaky="""
        import os
        def test_sometimes():
            assert os.environ.get("FLIP") != "1", "backend returned 503"
        """
    )
    for flip in ("1", "0", "1"):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("FLIP", flip)
            run = run_brief()
    (flaky,) = run.dashboard["diff"]["flaky"]
    assert flaky["test"] == "test_flaky.py::test_sometimes"
    assert run.dashboard["issues"][0]["status"] == "regressed"
    since = next(line for line in run.briefing.splitlines() if line.startswith("Since last run:"))
    assert ", 1 flaky" in since, since


def test_memory_growth_becomes_an_issue(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        test_leak="""
        KEPT = []
        def test_small():
            pass
        def test_leaks():
            KEPT.append(b"x" * (80 * 1024 * 1024))  # written, so resident (calloc pages are not)
        def test_after():
            pass
        """
    )
    pytester.makepyprojecttoml("[tool.llm-brief]\nmemory_growth_mb = 40\n")
    # A parent larger than the run: Linux carries its peak RSS into the child, so growth must
    # be measured on the current RSS (this failed when it used ru_maxrss under an xdist worker).
    ballast = b"y" * (300 * 1024 * 1024)
    run = run_brief(subprocess=True)
    del ballast
    assert run.result.ret == 0
    memory = run.issue("memory")
    assert memory["severity"] == "warning"
    assert memory["tests"][0] == "test_leak.py::test_leaks"
    assert run.dashboard["health"] == "WARNING"
    resources = run.dashboard["resources"]
    assert resources["peak_rss_bytes"] > 80 * 1024 * 1024
    assert resources["slowest_tests"]


def test_pytest_internal_error_is_critical(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makeconftest(
        """
        def pytest_collection_modifyitems(items):
            raise RuntimeError("conftest hook is broken")
        """
    )
    pytester.makepyfile("def test_a(): pass\n")
    run = run_brief(subprocess=True)
    assert run.result.ret == 3
    issue = run.issue("conftest hook is broken")
    assert issue["severity"] == "critical"
    assert run.dashboard["health"] == "CRITICAL"
    assert run.dashboard["run"]["outcome"] == "error"


def test_procfs_figures_agree_with_psutil() -> None:
    """The /proc reading counts the same tree psutil sees: children of children, and threads."""
    import os
    import subprocess
    import sys
    import threading

    import psutil

    from llm_brief.capture.resources import PROC, _procfs_figures, _psutil_figures

    if not os.path.isdir(f"{PROC}/self/task"):
        pytest.skip("no /proc here")
    grandchild = "import time; print('ready', flush=True); time.sleep(30)"
    script = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"  # the grandchild exists
        procfs, reference = _procfs_figures(PROC), _psutil_figures()
    finally:
        for process in psutil.Process(child.pid).children(recursive=True):
            process.kill()
        child.kill()
        child.wait()
        stop.set()
        worker.join()
    if procfs is None:
        pytest.skip("this kernel has no /proc/<pid>/task/<tid>/children")
    assert procfs["children"] == reference["children"] == 2
    assert procfs["threads"] == reference["threads"] >= 2
    assert abs(procfs["rss_bytes"] - reference["rss_bytes"]) < 0.2 * reference["rss_bytes"]
