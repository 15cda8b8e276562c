"""Dashboard → diagnostics: pure functions over the model, with file placement passed in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from lsprotocol import types

from llm_brief.model import Dashboard, Issue, LogPattern
from llm_brief_lsp.config import Settings

SOURCE = "llm-brief"
LOG_PATTERN_CODE = "log-pattern"
FLAGGED_LOG_LEVELS = frozenset({"WARNING", "WARN", "ERROR", "CRITICAL", "FATAL"})


class Locator(Protocol):
    """Places a dashboard path and 1-based line in the workspace, or refuses (outside, unreadable)."""

    def place(self, path: str, line: int) -> tuple[str, types.Range] | None:
        """The URI and range of `line` in `path`, or None when it is not a workspace file."""
        ...


@dataclass(frozen=True, slots=True)
class Flag:
    """What a flagged line stands for, for hovers and code actions."""

    kind: Literal["issue", "test", "logPattern"]
    issue: Issue | None = None
    pattern: LogPattern | None = None
    nodeids: tuple[str, ...] = ()


@dataclass(slots=True)
class MappedDashboard:
    """A folder's diagnostics by URI, and the flags behind each flagged line (0-based)."""

    diagnostics: dict[str, list[types.Diagnostic]] = field(default_factory=dict)
    flags: dict[str, dict[int, list[Flag]]] = field(default_factory=dict)
    issues: dict[str, Issue] = field(default_factory=dict)

    def add(self, uri: str, diagnostic: types.Diagnostic, flag: Flag) -> None:
        """Record one diagnostic and what it stands for."""
        self.diagnostics.setdefault(uri, []).append(diagnostic)
        line = diagnostic.range.start.line
        self.flags.setdefault(uri, {}).setdefault(line, []).append(flag)


def issue_headline(issue: Issue) -> str:
    """`[category] title`, the issue's one-line name."""
    title = issue.title or ": ".join(p for p in (issue.exception_type, issue.message) if p)
    # Editors show a diagnostic's first line in lists; an assertion's rewrite detail can wait.
    title = title.strip().split("\n", 1)[0]
    return f"[{issue.category}] {title}" if issue.category else title


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def issue_message(issue: Issue) -> str:
    """The primary diagnostic's message: `[db] OperationalError: ... (3 tests, new)`."""
    if issue.tests:
        extent = _plural(len(issue.tests), "test")
    else:
        extent = _plural(max(issue.count, 1), "occurrence")
    status = f", {issue.status}" if issue.status else ""
    return f"{issue_headline(issue)} ({extent}{status})"


def log_pattern_message(pattern: LogPattern) -> str:
    """`[log] WARNING logger: template (25 times)`."""
    who = f" {pattern.logger}" if pattern.logger else ""
    times = "once" if pattern.count == 1 else f"{pattern.count} times"
    template = pattern.template.strip().split("\n", 1)[0]
    return f"[log] {pattern.level.upper()}{who}: {template} ({times})"


def issue_severity(issue: Issue, settings: Settings) -> types.DiagnosticSeverity | None:
    """The configured severity of an issue's primary diagnostic (None: not shown)."""
    key = {"critical": "critical", "error": "issue"}.get(issue.severity, issue.severity)
    return settings.severity_of(key)


def issue_data(issue: Issue, folder_uri: str, briefing_uri: str, kind: str) -> dict[str, Any]:
    """The `data` a diagnostic carries to code actions: enough to act without the dashboard."""
    return {
        "kind": kind,
        "issueId": issue.id,
        "workspaceFolder": folder_uri,
        "briefing": briefing_uri,
        "suggestion": issue.suggestion,
        "effort": issue.effort,
        "rerun": issue.rerun,
    }


def _related(
    locator: Locator, path: str, line: int, message: str
) -> types.DiagnosticRelatedInformation | None:
    placed = locator.place(path, line)
    if placed is None:
        return None
    uri, rng = placed
    return types.DiagnosticRelatedInformation(
        location=types.Location(uri=uri, range=rng), message=message
    )


def _test_groups(issue: Issue, limit: int) -> list[tuple[str, int, tuple[str, ...]]]:
    """The first `limit` distinct test lines, with every nodeid defined there (parametrized)."""
    groups: dict[tuple[str, int], list[str]] = {}
    for test in issue.test_locations:
        key = (test.path, test.line)
        if key not in groups and len(groups) >= limit:
            continue
        groups.setdefault(key, []).append(test.nodeid)
    return [(path, line, tuple(ids)) for (path, line), ids in groups.items()]


def _short(nodeid: str) -> str:
    return nodeid.rsplit("::", 1)[-1]


def _map_issue(
    out: MappedDashboard,
    issue: Issue,
    locator: Locator,
    settings: Settings,
    folder_uri: str,
    briefing_uri: str,
) -> None:
    out.issues[issue.id] = issue
    headline = issue_headline(issue)
    description = types.CodeDescription(href=briefing_uri) if briefing_uri else None
    primary = locator.place(issue.location.path, issue.location.line)
    primary_severity = issue_severity(issue, settings)
    groups = _test_groups(issue, settings.max_test_diagnostics_per_issue)

    if primary is not None and primary_severity is not None:
        uri, rng = primary
        related: list[types.DiagnosticRelatedInformation] = []
        seen = {(issue.location.path, issue.location.line)}
        for frame in issue.frames:
            if not frame.in_app or (frame.path, frame.line) in seen:
                continue
            seen.add((frame.path, frame.line))
            info = _related(locator, frame.path, frame.line, f"in {frame.function}")
            if info is not None:
                related.append(info)
        for path, line, nodeids in groups:
            info = _related(locator, path, line, f"affected test {_short(nodeids[0])}")
            if info is not None:
                related.append(info)
        out.add(
            uri,
            types.Diagnostic(
                range=rng,
                message=issue_message(issue),
                severity=primary_severity,
                code=issue.id,
                code_description=description,
                source=SOURCE,
                related_information=related or None,
                data=issue_data(issue, folder_uri, briefing_uri, "issue"),
            ),
            Flag("issue", issue=issue),
        )

    test_severity = settings.severity_of("test")
    if test_severity is None:
        return
    back = (
        [
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=primary[0], range=primary[1]),
                message=f"root cause: {headline}",
            )
        ]
        if primary is not None
        else None
    )
    for path, line, nodeids in groups:
        placed = locator.place(path, line)
        if placed is None:
            continue
        uri, rng = placed
        if primary is not None and uri == primary[0] and rng.start.line == primary[1].start.line:
            continue
        more = f" (and {len(nodeids) - 1} more here)" if len(nodeids) > 1 else ""
        data = issue_data(issue, folder_uri, briefing_uri, "test")
        data["nodeids"] = list(nodeids)
        out.add(
            uri,
            types.Diagnostic(
                range=rng,
                message=f"{_short(nodeids[0])}{more} fails because of {headline}",
                severity=test_severity,
                code=issue.id,
                code_description=description,
                source=SOURCE,
                related_information=back,
                data=data,
            ),
            Flag("test", issue=issue, nodeids=nodeids),
        )


def _map_log_patterns(
    out: MappedDashboard,
    patterns: Iterable[LogPattern],
    locator: Locator,
    settings: Settings,
    folder_uri: str,
    briefing_uri: str,
) -> None:
    severity = settings.severity_of("logPattern")
    if severity is None:
        return
    description = types.CodeDescription(href=briefing_uri) if briefing_uri else None
    for pattern in patterns:
        if pattern.level.upper() not in FLAGGED_LOG_LEVELS or not pattern.path:
            continue
        placed = locator.place(pattern.path, pattern.line)
        if placed is None:
            continue
        uri, rng = placed
        out.add(
            uri,
            types.Diagnostic(
                range=rng,
                message=log_pattern_message(pattern),
                severity=severity,
                code=LOG_PATTERN_CODE,
                code_description=description,
                source=SOURCE,
                data={
                    "kind": "logPattern",
                    "workspaceFolder": folder_uri,
                    "briefing": briefing_uri,
                    "count": pattern.count,
                },
            ),
            Flag("logPattern", pattern=pattern),
        )


def map_dashboard(
    dashboard: Dashboard,
    locator: Locator,
    settings: Settings,
    folder_uri: str,
    briefing_uri: str,
) -> MappedDashboard:
    """Every diagnostic the dashboard implies for one workspace folder, sorted by position."""
    out = MappedDashboard()
    for issue in dashboard.issues:
        _map_issue(out, issue, locator, settings, folder_uri, briefing_uri)
    _map_log_patterns(out, dashboard.log_patterns, locator, settings, folder_uri, briefing_uri)
    for items in out.diagnostics.values():
        items.sort(key=lambda d: (d.range.start.line, d.range.start.character))
    return out
