"""Fixtures of the secrets harness: one run per mode and channel, shared by xdist workers."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lspscan import close_shared
from secretruns import cached_run, prefetch


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every worker of this test session sees (xdist workers share their parent)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    return base / "secrets-harness"


@pytest.fixture(scope="session")
def channel_leaks(shared_dir: Path) -> Iterator[Callable[[str, str], dict[str, str]]]:
    """Where each secret leaked in one (mode, channel) run; each run happens once per session."""
    results: dict[tuple[str, str], dict[str, str]] = {}

    def get(mode: str, channel: str) -> dict[str, str]:
        if not results:
            # Every run at once, two at a time, each by whichever worker gets to it first:
            # asking for them one by one would leave the other worker waiting on the same run.
            prefetch(shared_dir)
        if (mode, channel) not in results:
            results[mode, channel] = cached_run(mode, channel, shared_dir)
        return results[mode, channel]

    yield get
    close_shared()  # the language server the scans shared
