"""Shared fixtures: a copy of the tradebot example, and a runner that parses the dashboard."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefrun import EXAMPLE, BriefRun


@pytest.fixture
def tradebot(pytester: pytest.Pytester) -> Path:
    """The tradebot example copied into the pytester directory (its own rootdir)."""
    for item in EXAMPLE.iterdir():
        if item.name in (".llm-brief", "__pycache__", ".pytest_cache"):
            continue
        target = pytester.path / item.name
        if item.is_dir():
            shutil.copytree(
                item, target, ignore=shutil.ignore_patterns("__pycache__", ".llm-brief")
            )
        else:
            shutil.copy2(item, target)
    return pytester.path


@pytest.fixture
def run_brief(pytester: pytest.Pytester) -> Callable[..., BriefRun]:
    """Run pytest with `--llm-brief` (in a subprocess when asked) and parse the outputs."""

    def run(*args: str, subprocess: bool = False, flag: bool = True) -> BriefRun:
        argv = ["--llm-brief", *args] if flag else list(args)
        runner = pytester.runpytest_subprocess if subprocess else pytester.runpytest
        result = runner(*argv, "-p", "no:cacheprovider")
        return BriefRun(result, pytester.path / ".llm-brief")

    return run
