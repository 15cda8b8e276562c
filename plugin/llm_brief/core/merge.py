"""Several runs' dashboards as one: shards of a suite and entries of a CI matrix.

Pure. Runs whose environment (Python version, OS, `environment` name) is the same are shards of
one entry: their counts add up, their issues are deduplicated by fingerprint and their tests
united. Runs of different entries are merged the same way, and an issue that fails in some
entries only says where (`only on Python 3.13`, `on linux and macos`, `only in flagged`).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from llm_brief.core.analyzer import rerun_command, sort_issues
from llm_brief.core.model import (
    Component,
    Counts,
    Dashboard,
    Issue,
    LogPattern,
    Run,
    WarningEntry,
    _field_names,
)
from llm_brief.core.vocabulary import HEALTH_ORDER, worst_health

Entry = tuple[str, str, str]  # (name, Python major.minor, os): what tells matrix entries apart
_OUTCOME_ORDER = ("passed", "failed", "interrupted", "error")
MAX_SLOWEST = 10
T = TypeVar("T")


def entry_of(environment: dict[str, Any]) -> Entry:
    """The matrix entry a run belongs to; shards of one entry share it."""
    python = str(environment.get("python", ""))
    minor = ".".join(python.split(".")[:2])
    return (str(environment.get("name", "")), minor, str(environment.get("os", "")))


def merge(dashboards: Sequence[Dashboard]) -> Dashboard:
    """One dashboard for all `dashboards` (at least one), in the order given."""
    if not dashboards:
        raise ValueError("nothing to merge: no dashboards given")
    entries = [entry_of(d.environment) for d in dashboards]
    distinct = list(dict.fromkeys(entries))
    found_in: dict[str, set[Entry]] = {}
    for dashboard, entry in zip(dashboards, entries, strict=True):
        for issue in dashboard.issues:
            found_in.setdefault(issue.fingerprint, set()).add(entry)
    issues = [
        _with_where(issue, where_it_fails(found_in[issue.fingerprint], distinct))
        for issue in _united(
            (i for d in dashboards for i in d.issues), lambda i: i.fingerprint, _merge_issue
        )
    ]
    first = dashboards[0]
    notes = [f"merged {len(dashboards)} runs of {len(distinct)} environment(s)"]
    return Dashboard(
        run=_merge_runs([d.run for d in dashboards]),
        health=worst_health(d.health for d in dashboards),
        issues=tuple(sort_issues(issues)),
        log_patterns=tuple(
            _united(
                (p for d in dashboards for p in d.log_patterns),
                lambda p: (p.source, p.template, p.path, p.line),
                _merge_pattern,
            )
        ),
        warnings=tuple(
            _united(
                (w for d in dashboards for w in d.warnings),
                lambda w: (w.category, w.message, w.path, w.line),
                _merge_warning,
            )
        ),
        components=tuple(
            _united(
                (c for d in dashboards for c in d.components), lambda c: c.name, _merge_component
            )
        ),
        resources=_merge_resources([d.resources for d in dashboards]),
        internal=tuple(dict.fromkeys(e for d in dashboards for e in d.internal)),
        notes=tuple(dict.fromkeys([*notes, *(n for d in dashboards for n in d.notes)])),
        tool=dict(first.tool),
        environment={"runs": [dict(d.environment) for d in dashboards]},
    )


def where_it_fails(failing: set[Entry], entries: Sequence[Entry]) -> str:
    """`""` when an issue fails in every entry, else the shortest true phrase for where it does."""
    if len(failing) >= len(entries):
        return ""
    for axis, words in ((0, _in_names), (1, _on_pythons), (2, _on_systems)):
        values = {e[axis] for e in entries}
        chosen = {e[axis] for e in failing}
        explained = {e for e in entries if e[axis] in chosen} == failing
        if len(values) > 1 and explained and all(chosen):
            return words(sorted(chosen), len(chosen) == 1)
    shown = ", ".join(_label(e) for e in entries if e in failing)
    return f"in {len(failing)} of {len(entries)} environments: {shown}"


def _in_names(values: list[str], only: bool) -> str:
    return ("only in " if only else "in ") + _and(values)


def _on_pythons(values: list[str], only: bool) -> str:
    return ("only on Python " if only else "on Python ") + _and(values)


def _on_systems(values: list[str], only: bool) -> str:
    return ("only on " if only else "on ") + _and(values)


def _and(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


def _label(entry: Entry) -> str:
    name, python, system = entry
    return name or " ".join(part for part in (f"Python {python}" if python else "", system) if part)


def _with_where(issue: Issue, where: str) -> Issue:
    if not where:
        return issue
    return replace(issue, where=where, title=f"{issue.title} — {where}")


def _united(items: Iterable[T], key: Callable[[T], Any], combine: Callable[[T, T], T]) -> list[T]:
    """`items` with equal keys combined, in first-seen order."""
    kept: dict[Any, T] = {}
    for item in items:
        k = key(item)
        kept[k] = combine(kept[k], item) if k in kept else item
    return list(kept.values())


def _union(a: Sequence[T], b: Sequence[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys([*a, *b]))


def _merge_issue(a: Issue, b: Issue) -> Issue:
    tests = _union(a.tests, b.tests)
    return replace(
        a,
        count=a.count + b.count,
        tests=tests,
        rerun=_rerun(a, tests),
        test_locations=_union(a.test_locations, b.test_locations),
        logs=_union(a.logs, b.logs),
        severity=min(a.severity, b.severity, key=("critical", "error", "warning", "info").index),
        status=a.status or b.status,
        since=min(filter(None, (a.since, b.since)), default=""),
    )


def _rerun(issue: Issue, tests: Sequence[str]) -> str:
    """The issue's rerun command for all `tests`: its prefix (`pytest`, options) kept."""
    try:
        words = shlex.split(issue.rerun)
    except ValueError:
        return issue.rerun
    prefix: list[str] = []
    for word in words:
        if any(test == word or test.startswith((word + "::", word + "[")) for test in issue.tests):
            break
        prefix.append(word)
    return rerun_command(prefix, tests) if prefix and len(prefix) < len(words) else issue.rerun


def _merge_pattern(a: LogPattern, b: LogPattern) -> LogPattern:
    return replace(
        a,
        count=a.count + b.count,
        first_seen=min(a.first_seen, b.first_seen),
        last_seen=max(a.last_seen, b.last_seen),
    )


def _merge_warning(a: WarningEntry, b: WarningEntry) -> WarningEntry:
    return replace(a, count=a.count + b.count, tests=_union(a.tests, b.tests))


def _merge_component(a: Component, b: Component) -> Component:
    counts = dict(a.counts)
    for key, value in b.counts.items():
        counts[key] = counts.get(key, 0) + value
    worse = a.status if HEALTH_ORDER[a.status] >= HEALTH_ORDER[b.status] else b.status
    return replace(
        a,
        status=worse,
        counts=counts,
        issues=_union(a.issues, b.issues),
        last_message=b.last_message or a.last_message,
    )


def add_counts(counts: Iterable[Counts]) -> Counts:
    """Outcome counts of several runs added up, field by field."""
    totals = dict.fromkeys(_field_names(Counts), 0)
    for c in counts:
        for name in totals:
            totals[name] += getattr(c, name)
    return Counts(**totals)


def _merge_runs(runs: Sequence[Run]) -> Run:
    first = runs[0]
    outcome = max((r.outcome for r in runs), key=_OUTCOME_ORDER.index)
    failing = [r.exit_code for r in runs if r.exit_code != 0]
    return replace(
        first,
        started_at=min(r.started_at for r in runs),
        # shards run side by side: the merged run took as long as its slowest part
        duration_s=max(r.duration_s for r in runs),
        exit_code=failing[0] if failing else 0,
        outcome=outcome,
        counts=add_counts(r.counts for r in runs),
        run_id="merged-" + "+".join(r.run_id for r in runs if r.run_id)[:120],
        signal=next((r.signal for r in runs if r.signal is not None), None),
        interrupted=any(r.interrupted for r in runs),
    )


def _merge_resources(resources: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The slowest tests of all runs and the highest peak; per-process figures stay per run."""
    merged: dict[str, Any] = {}
    slowest = [t for r in resources for t in r.get("slowest_tests", []) if isinstance(t, dict)]
    if slowest:
        slowest.sort(key=lambda t: -float(t.get("duration_s", 0) or 0))
        merged["slowest_tests"] = slowest[:MAX_SLOWEST]
    peaks = [r["peak_rss_bytes"] for r in resources if isinstance(r.get("peak_rss_bytes"), int)]
    if peaks:
        merged["peak_rss_bytes"] = max(peaks)
    return merged
