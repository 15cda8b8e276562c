"""The compatibility suite's fixtures: the isolated environment of real plugins."""

from __future__ import annotations

from pathlib import Path

import pytest
from compatkit import ensure_environment


@pytest.fixture(scope="session")
def compat_python() -> Path:
    """The python of `.venv-compat`, created or refreshed first (scripts/compat_env.sh)."""
    return ensure_environment()
