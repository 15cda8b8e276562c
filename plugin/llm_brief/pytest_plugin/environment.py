"""Where this pytest run ran: Python, OS, versions and its shard, recorded in its dashboard.

Cheap on purpose (no `platform` import): it runs for every briefed run, and `llm-brief merge`
reads it to tell shards of one suite from entries of a CI matrix.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

import pytest

from llm_brief import __version__
from llm_brief.core.settings import Settings

_SYSTEMS = {"linux": "linux", "darwin": "macos", "win32": "windows", "cygwin": "windows"}
# CI services that split one job into numbered parallel nodes: (index, total, first index)
_NODE_VARIABLES = (
    ("CI_NODE_INDEX", "CI_NODE_TOTAL", 1),  # GitLab's `parallel:`
    ("CIRCLE_NODE_INDEX", "CIRCLE_NODE_TOTAL", 0),
    ("BUILDKITE_PARALLEL_JOB", "BUILDKITE_PARALLEL_JOB_COUNT", 0),
)


def run_environment(config: pytest.Config, settings: Settings) -> dict[str, Any]:
    """This run's environment record (the dashboard's `environment` field)."""
    version = sys.version_info
    record: dict[str, Any] = {
        "python": f"{version.major}.{version.minor}.{version.micro}",
        "implementation": sys.implementation.name,
        "os": _SYSTEMS.get(sys.platform, sys.platform),
        "machine": _machine(),
        "pytest": pytest.__version__,
        "llm_brief": __version__,
    }
    if settings.environment:
        record["name"] = settings.environment
    shard = shard_of(config, os.environ)
    if shard:
        record["shard"] = shard
    workers = getattr(config.option, "numprocesses", None)
    if isinstance(workers, int) and workers > 0:
        record["workers"] = workers
    return record


def shard_of(config: pytest.Config, environ: Mapping[str, str]) -> dict[str, Any]:
    """The shard (0-based index, count, what said so) from pytest-split, pytest-shard or CI."""
    splits = getattr(config.option, "splits", None)
    group = getattr(config.option, "group", None)
    if isinstance(splits, int) and isinstance(group, int):
        return {"index": group - 1, "count": splits, "source": "pytest-split"}
    num_shards = getattr(config.option, "num_shards", None)
    shard_id = getattr(config.option, "shard_id", None)
    if isinstance(num_shards, int) and isinstance(shard_id, int) and num_shards > 1:
        return {"index": shard_id, "count": num_shards, "source": "pytest-shard"}
    for index_name, total_name, first in _NODE_VARIABLES:
        index, total = environ.get(index_name, ""), environ.get(total_name, "")
        if index.isdigit() and total.isdigit() and int(total) > 1:
            return {"index": int(index) - first, "count": int(total), "source": index_name}
    return {}


def _machine() -> str:
    uname = getattr(os, "uname", None)
    if uname is not None:
        return str(uname().machine)
    return os.environ.get("PROCESSOR_ARCHITECTURE", "").lower()
