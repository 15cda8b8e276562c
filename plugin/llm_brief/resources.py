"""Resource figures of a run: durations, peak RSS and CPU (psutil optional), memory growth."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

from llm_brief.model import Issue, Location, TestRecord

MB = 1024 * 1024


def peak_rss_bytes() -> int:
    """This process's peak RSS so far; cheap (one syscall), so it can be read after every test."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def current_rss_bytes() -> int:
    """This process's resident set now: /proc/self/statm on Linux (a few µs), else the peak.

    The peak (`ru_maxrss`) cannot measure growth in a process started by a larger one: Linux
    carries the parent's peak across fork and exec, so the child's peak may never rise.
    """
    try:
        fd = os.open("/proc/self/statm", os.O_RDONLY)
        try:
            fields = os.read(fd, 128).split()
        finally:
            os.close(fd)
        return int(fields[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return peak_rss_bytes()


def process_tree_figures() -> tuple[dict[str, Any], str]:
    """RSS, CPU time, threads and children of this process tree via psutil, and a note on failure."""
    try:
        import psutil

        me = psutil.Process(os.getpid())
        children = me.children(recursive=True)
        rss = me.memory_info().rss
        cpu = sum(me.cpu_times()[:2])
        for child in children:
            try:
                rss += child.memory_info().rss
                cpu += sum(child.cpu_times()[:2])
            except psutil.Error:
                continue
        return {
            "rss_bytes": rss,
            "cpu_s": round(cpu, 3),
            "threads": me.num_threads(),
            "children": len(children),
        }, ""
    except Exception as exc:
        return (
            {},
            f"resource figures unavailable (psutil: {type(exc).__name__}: {exc}); durations only",
        )


def slowest(records: Sequence[TestRecord], n: int = 5) -> list[dict[str, Any]]:
    """The `n` slowest tests (all phases of a test summed)."""
    totals: dict[str, float] = {}
    for record in records:
        if record.phase in ("setup", "call", "teardown"):
            totals[record.nodeid] = totals.get(record.nodeid, 0.0) + record.duration
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])[:n]
    return [{"nodeid": k, "duration_s": round(v, 4)} for k, v in ranked]


def memory_growth_issue(
    records: Sequence[TestRecord], start_rss: int, threshold_mb: float
) -> Issue | None:
    """A `memory` issue when RSS grew more than the threshold, naming the tests it grew in."""
    growth: list[tuple[int, TestRecord]] = []
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
