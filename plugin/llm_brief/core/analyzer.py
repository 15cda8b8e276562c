"""The analyzer: captured records in, root-cause issues and a dashboard out. Pure."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from llm_brief.core.counts import derive_counts
from llm_brief.core.fingerprint import fingerprint, normalize_message, origin_frame, root_exception
from llm_brief.core.lazy_regex import LazyRegex
from llm_brief.core.model import (
    Counts,
    Dashboard,
    ExceptionRecord,
    Frame,
    InternalError,
    Issue,
    Location,
    LogEntry,
    PhaseRecord,
    Run,
    Selection,
    TestLocation,
    ValueType,
    WarningEntry,
)
from llm_brief.core.patterns import StatusReport, components_of, log_patterns_of, merge_logs
from llm_brief.core.swallowed import effective_chain
from llm_brief.core.vocabulary import (
    FAILING_OUTCOMES,
    SEVERITY_HEALTH,
    SEVERITY_ORDER,
    Health,
    Severity,
    level_rank,
    worst_health,
)

MAX_EVIDENCE = 8
MAX_ISSUE_FRAMES = 8
_CRITICAL_TYPES = {"KeyboardInterrupt", "SystemExit", "MemoryError", "RecursionError"}
_ID_UNSAFE = LazyRegex(r"[^A-Za-z0-9_-]+")

Classifier = Callable[
    [Sequence[ExceptionRecord], Location, Sequence[LogEntry]], tuple[str, str, str]
]
IssueHook = Callable[[Issue], Issue]


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class RunFacts(ValueType):
    """What the capture edge knows about the run besides its records."""

    kind: str
    command: tuple[str, ...]
    root: str
    started_at: str
    duration_s: float
    exit_code: int
    run_id: str = ""
    interrupted: bool = False
    signal: int | None = None
    counts: Counts | None = None
    warnings: tuple[WarningEntry, ...] = ()
    internal: tuple[InternalError, ...] = ()
    status_reports: tuple[StatusReport, ...] = ()
    resources: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    tool_version: str = ""
    rerun_prefix: tuple[str, ...] = ("pytest",)
    rerun_from: str = ""  # the rootdir seen from where pytest was started ("" or "..")
    start_rss: int = 0
    finished_at: str = ""
    complete: bool = True
    selection: Selection = field(default_factory=Selection)
    last_test: str = ""


def _unclassified(
    chain: Sequence[ExceptionRecord], location: Location, logs: Sequence[LogEntry]
) -> tuple[str, str, str]:
    root = root_exception(chain)
    kind = root.type.rsplit(".", 1)[-1] if root else "failure"
    return (
        "unknown",
        f"Investigate {kind} at {location.path}:{location.line} ({location.function}).",
        "",
    )


def issue_id(category: str, fingerprint: str) -> str:
    """An issue's short id: its category and the start of its fingerprint (`db-b2d670`)."""
    return f"{_ID_UNSAFE.sub('-', category)}-{fingerprint[:6]}"


def _title(record: ExceptionRecord | None, fallback: str) -> str:
    if record is None:
        first = fallback.strip().splitlines()[-1] if fallback.strip() else "Test failed"
        return first[:160]
    bare = record.type.rsplit(".", 1)[-1]
    message = record.message.strip().splitlines()[0] if record.message.strip() else ""
    return f"{bare}: {message}"[:160] if message else bare


def rerun_command(prefix: Sequence[str], nodeids: Sequence[str], base: str = "") -> str:
    """A command that reruns exactly `nodeids` when pasted where pytest was started (`base` is
    the rootdir from there: node ids are relative to it); many parametrisations of one test
    fold to its id."""
    groups: dict[str, list[str]] = {}
    for nodeid in nodeids:
        groups.setdefault(nodeid.split("[", 1)[0], []).append(nodeid)
    targets: list[str] = []
    for stem, ids in groups.items():
        targets.extend([stem] if len(ids) > 3 else ids)
    if base and base != ".":
        targets = [f"{base}/{target}" for target in targets]
    return shlex.join([*prefix, *targets])


def _severity(phase: str, root: ExceptionRecord | None) -> Severity:
    """critical for crashes (a process died), interruptions and internal errors; else error."""
    if phase in ("session", "internal", "crash"):
        return "critical"
    if root is not None and root.type.rsplit(".", 1)[-1] in _CRITICAL_TYPES:
        return "critical"
    return "error"


def _location(root: ExceptionRecord | None, record: PhaseRecord) -> Location:
    frame: Frame | None = origin_frame(root) if root is not None else None
    if frame is not None and frame.in_app:
        return Location(frame.path, frame.line, frame.function)
    if record.path:
        return Location(record.path, record.line, record.nodeid.rsplit("::", 1)[-1])
    if frame is not None:
        return Location(frame.path, frame.line, frame.function)
    return Location(record.nodeid.split("::", 1)[0], 0, "")


def _group_fingerprint(record: PhaseRecord) -> str:
    chain = effective_chain(record)
    if chain:
        return fingerprint(chain, record.phase)
    return fingerprint(
        (ExceptionRecord(type="Failure", message=normalize_message(record.longrepr)),),
        record.phase,
    )


def build_issues(
    records: Sequence[PhaseRecord],
    facts: RunFacts,
    classify: Classifier = _unclassified,
) -> list[Issue]:
    """Group failing records by root-cause fingerprint into issues, most severe first."""
    groups: dict[str, list[PhaseRecord]] = {}
    for record in records:
        if record.outcome in FAILING_OUTCOMES:
            groups.setdefault(_group_fingerprint(record), []).append(record)
    by_test: dict[str, list[PhaseRecord]] = {}
    for record in records:
        by_test.setdefault(record.nodeid, []).append(record)
    issues = [_issue(fp, members, by_test, facts, classify) for fp, members in groups.items()]
    return sort_issues(issues)


def sort_issues(issues: Sequence[Issue]) -> list[Issue]:
    """Most severe first, then new before persisting, then by how many tests they break."""
    status_rank = {"new": 0, "regressed": 0, "": 1, "persisting": 2}
    return sorted(
        issues,
        key=lambda i: (SEVERITY_ORDER[i.severity], status_rank.get(i.status, 1), -i.count, i.title),
    )


def _issue(
    fp: str,
    members: list[PhaseRecord],
    by_test: dict[str, list[PhaseRecord]],
    facts: RunFacts,
    classify: Classifier,
) -> Issue:
    first = members[0]
    chain = effective_chain(first)
    root = root_exception(chain)
    location = _location(root, first)
    tests = list(dict.fromkeys(m.nodeid for m in members))
    evidence = merge_logs(
        entry for nodeid in tests for rec in by_test[nodeid] for entry in rec.logs
    )
    evidence = sorted(evidence, key=lambda e: (-level_rank(e.level), -e.count))[:MAX_EVIDENCE]
    # the kept chains served the origin; the issue's log evidence stays one line per site
    evidence = [replace(e, chain=()) if e.chain else e for e in evidence]
    # INFO chatter (a DB connect logged before an unrelated crash) is no evidence of a category
    loud = [e for e in evidence if level_rank(e.level) >= level_rank("WARNING")]
    category, suggestion, effort = classify(chain, location, loud)
    frames = tuple(f for f in (root.frames if root else ()) if f.in_app)[-MAX_ISSUE_FRAMES:]
    test_locations = tuple(
        dict.fromkeys(TestLocation(m.nodeid, m.path, m.line) for m in members if m.path)
    )
    is_test_run = facts.kind == "pytest" and first.phase in ("setup", "call", "teardown", "collect")
    return Issue(
        id=issue_id(category, fp),
        fingerprint=fp,
        category=category,
        severity=_severity(first.phase, root),
        # the title is what the test saw (the outermost exception); location and fingerprint
        # come from the innermost in-app one, where the fault began
        title=_title(chain[0] if chain else None, first.longrepr),
        message=(chain[0].message if chain else first.longrepr)[:2000],
        count=len(tests),
        tests=tuple(tests) if is_test_run else (),
        location=location,
        frames=frames,
        logs=tuple(evidence),
        suggestion=suggestion,
        effort=effort,
        rerun=rerun_command(facts.rerun_prefix, tests, facts.rerun_from)
        if is_test_run
        else shlex.join(facts.command),
        test_locations=test_locations if is_test_run else (),
        phase=first.phase,
        exception_type=root.type if root else "",
        chain=tuple(
            f"{r.type}: {r.message.splitlines()[0] if r.message else ''}"
            for r in chain[:4]
        ),
    )


def _outcome(facts: RunFacts, counts: Counts, issues: Sequence[Issue]) -> str:
    if facts.interrupted:
        return "interrupted"
    if facts.kind == "pytest" and facts.exit_code in (2, 3, 4):
        return "error"  # 2 without an interruption: collection errors stopped the run
    if facts.exit_code != 0 and not (facts.kind == "pytest" and facts.exit_code == 5):
        return "failed"
    return "failed" if counts.failed or counts.errors else "passed"


def analyze(
    records: Sequence[PhaseRecord],
    facts: RunFacts,
    classify: Classifier = _unclassified,
    component_depth: int = 2,
    issue_hook: IssueHook | None = None,
) -> Dashboard:
    """Turn a run's records into its dashboard (issues, patterns, components, health)."""
    counts = facts.counts or derive_counts(records, sum(w.count for w in facts.warnings))
    issues = build_issues(records, facts, classify)
    if issue_hook is not None:
        issues = sort_issues([issue_hook(issue) for issue in issues])
    patterns = log_patterns_of(records)
    components = components_of(records, issues, facts.status_reports, component_depth)
    health: Health = worst_health(
        [SEVERITY_HEALTH[i.severity] for i in issues] + [c.status for c in components]
    )
    if facts.interrupted:
        health = "CRITICAL"
    run = Run(
        kind="run" if facts.kind == "run" else "pytest",
        command=facts.command,
        root=facts.root,
        started_at=facts.started_at,
        duration_s=round(facts.duration_s, 3),
        exit_code=facts.exit_code,
        outcome=_outcome(facts, counts, issues),  # type: ignore[arg-type]
        counts=counts,
        run_id=facts.run_id,
        signal=facts.signal,
        interrupted=facts.interrupted,
        finished_at=facts.finished_at,
        complete=facts.complete,
        selection=facts.selection,
        last_test=facts.last_test,
    )
    return Dashboard(
        run=run,
        health=health,
        issues=tuple(issues),
        log_patterns=tuple(patterns),
        warnings=facts.warnings,
        components=tuple(components),
        resources=dict(facts.resources),
        diff={},
        internal=facts.internal,
        notes=facts.notes,
        tool={"name": "llm-brief", "version": facts.tool_version},
    )
