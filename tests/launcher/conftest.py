"""Fixtures of the launcher tests: a copy of the bot, and processes cleaned up at teardown."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from launchkit import EXAMPLE, clean_env


@pytest.fixture
def bot_dir(tmp_path: Path) -> Path:
    """The tradebot example (package, bot.py, worker.py) copied into a fresh directory."""
    shutil.copytree(
        EXAMPLE / "tradebot", tmp_path / "tradebot", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("bot.py", "worker.py"):
        shutil.copy2(EXAMPLE / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start processes that are killed at teardown if a test left them running."""
    started: list[subprocess.Popen[bytes]] = []

    def start(cmd: list[str], cwd: Path | None = None, **kwargs: Any) -> subprocess.Popen[bytes]:
        kwargs.setdefault("env", clean_env())
        kwargs.setdefault("stdout", subprocess.PIPE)
        kwargs.setdefault("stderr", subprocess.PIPE)
        proc = subprocess.Popen(cmd, cwd=cwd or tmp_path, **kwargs)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
