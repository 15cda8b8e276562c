"""What resource figures mean: the slowest tests, and memory growth as an issue. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llm_brief.core.model import Issue, Location, PhaseRecord

MB = 1024 * 1024


def slowest(records: Sequence[PhaseRecord], n: int = 5) -> list[dict[str, Any]]:
    """The `n` slowest tests (all phases of a test summed)."""
    totals: dict[str, float] = {}
    for record in records:
        if record.phase in ("setup", "call", "teardown"):
            totals[record.nodeid] = totals.get(record.nodeid, 0.0) + record.duration
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])[:n]
    return [{"nodeid": k, "duration_s": round(v, 4)} for k, v in ranked]


def memory_growth_issue(
    records: Sequence[PhaseRecord], start_rss: int, threshold_mb: float
) -> Issue | None:
    """A `memory` issue when RSS grew more than the threshold, naming the tests it grew in."""
    growth: list[tuple[int, PhaseRecord]] = []
    previous = start_rss
    for record in records:
        if record.rss_bytes <= 0:
            continue
        delta = record.rss_bytes - previous
        if delta > 0:
            growth.append((delta, record))
        previous = max(previous, record.rss_bytes)
    total = previous - start_rss
    if start_rss <= 0 or total <= threshold_mb * MB:
        return None
    top = sorted(growth, key=lambda g: -g[0])[:5]
    tests = tuple(dict.fromkeys(r.nodeid for _, r in top))
    first = top[0][1]
    detail = ", ".join(f"{r.nodeid} +{d / MB:.0f} MB" for d, r in top)
    return Issue(
        id="memory-rss",
        fingerprint="memory-rss-growth",
        category="memory",
        severity="warning",
        title=f"RSS grew by {total / MB:.0f} MB during the run",
        message=f"RSS grew from {start_rss / MB:.0f} MB to {previous / MB:.0f} MB; most in: {detail}",
        count=len(tests),
        tests=tests,
        location=Location(first.path, first.line, first.nodeid.rsplit("::", 1)[-1]),
        suggestion=(
            f"Look for data kept alive across tests in {first.nodeid} (caches, module globals, "
            "fixtures with session scope); run it alone with tracemalloc to find the allocation."
        ),
        effort="1h",
        rerun="pytest " + " ".join(tests),
    )
