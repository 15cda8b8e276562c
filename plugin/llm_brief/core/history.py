"""Run-to-run history: which issues are new, persisting, regressed, fixed or flaky. Pure."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from llm_brief.core.model import Dashboard, Issue, PhaseRecord

HISTORY_VERSION = 1


def summarize(
    dashboard: Dashboard, records: Sequence[PhaseRecord], previous: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The small per-run entry kept in history: issues by fingerprint, and outcomes that matter.

    Outcomes are kept for tests that did not pass, and for passes of tests that did not pass
    last time (a flip): that is all flaky detection needs, so history stays small however
    large the suite.
    """
    failing: dict[str, str] = {}
    for issue in dashboard.issues:
        for nodeid in issue.tests:
            failing[nodeid] = issue.fingerprint
    watched = set((previous or {}).get("tests", {}))
    outcomes: dict[str, str] = {}
    for record in records:
        if record.outcome in ("failed", "error", "skipped") or (
            record.phase == "call" and record.nodeid in watched
        ):
            if outcomes.get(record.nodeid) in ("failed", "error"):
                continue
            outcomes[record.nodeid] = record.outcome
    return {
        "history_version": HISTORY_VERSION,
        "run_id": dashboard.run.run_id,
        "started_at": dashboard.run.started_at,
        "kind": dashboard.run.kind,
        "issues": _issue_entries(dashboard),
        "tests": {
            n: [o, failing.get(n, "")]
            for n, o in outcomes.items()
            if o != "skipped" or n in watched
        },
    }


def _issue_entries(dashboard: Dashboard) -> list[dict[str, Any]]:
    return [
        {"fingerprint": i.fingerprint, "id": i.id, "title": i.title, "tests": list(i.tests)}
        for i in dashboard.issues
    ]


def _fingerprints(entry: Mapping[str, Any]) -> set[str]:
    return {str(i.get("fingerprint")) for i in entry.get("issues", []) if isinstance(i, Mapping)}


def annotate(
    dashboard: Dashboard,
    current: Mapping[str, Any],
    previous: Sequence[Mapping[str, Any]],
    ran_tests: Collection[str] = (),
) -> Dashboard:
    """Mark each issue new / persisting (since which run) / regressed, and fill `diff`.

    `previous` holds earlier history entries of the same kind, oldest first; `ran_tests` the
    node ids that ran now. An issue of the last run counts as fixed only when its tests ran
    this time; otherwise it is listed as not run.
    """
    if not previous:
        issues = tuple(replace(i, status="new") for i in dashboard.issues)
        diff: dict[str, Any] = {
            "previous_run": "",
            "new": [i.id for i in issues],
            "persisting": [],
            "regressed": [],
            "fixed": [],
            "not_run": [],
            "flaky": [],
        }
        return replace(dashboard, issues=issues, diff=diff)
    last = previous[-1]
    last_fps = _fingerprints(last)
    ever = set().union(*(_fingerprints(e) for e in previous))
    annotated: list[Issue] = []
    for issue in dashboard.issues:
        fp = issue.fingerprint
        if fp in last_fps:
            annotated.append(replace(issue, status="persisting", since=_streak_start(fp, previous)))
        elif fp in ever:
            annotated.append(replace(issue, status="regressed"))
        else:
            annotated.append(replace(issue, status="new"))
    current_fps = {i.fingerprint for i in annotated}
    ran = ran_tests
    fixed, not_run = [], []
    for old in last.get("issues", []):
        if not isinstance(old, Mapping) or old.get("fingerprint") in current_fps:
            continue
        entry = {
            "fingerprint": old.get("fingerprint"),
            "id": old.get("id"),
            "title": old.get("title"),
        }
        tests = old.get("tests") or []
        if not tests or any(t in ran for t in tests):
            fixed.append(entry)
        else:
            not_run.append(entry)
    diff = {
        "previous_run": str(last.get("run_id", "")),
        "new": [i.id for i in annotated if i.status == "new"],
        "persisting": [i.id for i in annotated if i.status == "persisting"],
        "regressed": [i.id for i in annotated if i.status == "regressed"],
        "fixed": fixed,
        "not_run": not_run,
        "flaky": flaky_tests([*previous, current]),
    }
    return replace(dashboard, issues=tuple(annotated), diff=diff)


def _streak_start(fp: str, previous: Sequence[Mapping[str, Any]]) -> str:
    start = ""
    for entry in reversed(previous):
        if fp not in _fingerprints(entry):
            break
        start = str(entry.get("run_id", ""))
    return start


def flaky_tests(entries: Sequence[Mapping[str, Any]], window: int = 5) -> list[dict[str, str]]:
    """Tests whose outcome flipped between pass and fail in the last runs, failing the same way."""
    recent = entries[-window:]
    seen: dict[str, list[tuple[str, str]]] = {}
    for entry in recent:
        tests = entry.get("tests", {})
        if not isinstance(tests, Mapping):
            continue
        for nodeid, value in tests.items():
            if isinstance(value, list) and len(value) == 2:
                seen.setdefault(nodeid, []).append((str(value[0]), str(value[1])))
    flaky = []
    for nodeid, history in seen.items():
        outcomes = [o for o, _ in history]
        fps = {fp for o, fp in history if o in ("failed", "error") and fp}
        flips = sum(
            1 for a, b in itertools.pairwise(outcomes) if (a == "passed") != (b == "passed")
        )
        if "passed" in outcomes and fps and len(fps) == 1 and flips >= 2:
            flaky.append({"test": nodeid, "fingerprint": next(iter(fps))})
    return flaky


def carry_over(
    dashboard: Dashboard, earlier: Sequence[Issue], ran_tests: Collection[str]
) -> Dashboard:
    """A partial run keeps the earlier run's issues whose tests it did not run, as they were,
    marked `not_rerun` (after its own issues); a full run keeps none (their tests are gone)."""
    if not dashboard.run.selection.partial or dashboard.run.kind != "pytest":
        return dashboard
    seen = {i.fingerprint for i in dashboard.issues}
    kept = tuple(
        replace(issue, status="not_rerun")
        for issue in earlier
        if issue.fingerprint not in seen
        and issue.tests
        and not any(t in ran_tests for t in issue.tests)
    )
    if not kept:
        return dashboard
    return replace(dashboard, issues=(*dashboard.issues, *kept))


def with_issues_of(entry: dict[str, Any], dashboard: Dashboard) -> dict[str, Any]:
    """The history entry, listing every issue the dashboard holds (carried-over ones too), so
    that the next run calls them persisting, and only an issue that was fixed can regress."""
    return {**entry, "issues": _issue_entries(dashboard)}
