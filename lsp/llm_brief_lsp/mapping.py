"""Dashboard → diagnostics: pure functions, with file placement passed in.

Input issues are the dashboard's validated JSON objects (see `dashboard.LoadedDashboard`) and
output diagnostics are the protocol's JSON shape (camelCase dicts), not lsprotocol objects:
10,000 issues make ~30,000 diagnostics, and building model and attrs objects and serializing them
through cattrs costs seconds where plain dicts and `json.dumps` cost a fraction of one.

Every string taken from the dashboard goes through `untrusted.plain` (redacted, one line, no
control characters, capped), so a diagnostic's text is data whatever the run printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from llm_brief.core.model import Dashboard, LogPattern
from llm_brief_lsp.config import Settings
from llm_brief_lsp.dashboard import IssueJson
from llm_brief_lsp.positions import LspRange
from llm_brief_lsp.untrusted import plain

SOURCE = "llm-brief"
LOG_PATTERN_CODE = "log-pattern"
FLAGGED_LOG_LEVELS = frozenset({"WARNING", "WARN", "ERROR", "CRITICAL", "FATAL"})
# Editors show a diagnostic in a list line and a hover; past these lengths text is only noise.
MAX_TITLE = 300
MAX_WORD = 60
MAX_NAME = 200  # a test name, a function, a logger
MAX_DATA = 2_000  # suggestion and rerun command carried in `data`
MAX_RELATED = 20

LspDiagnostic = dict[str, Any]


class Locator(Protocol):
    """Places a dashboard path and 1-based line in the workspace, or refuses (outside, unreadable)."""

    def place(self, path: str, line: int) -> tuple[str, LspRange] | None:
        """The URI and range of `line` in `path`, or None when it is not a workspace file."""
        ...


@dataclass(frozen=True, slots=True)
class Flag:
    """What a flagged line stands for, for hovers and code actions."""

    kind: Literal["issue", "test", "logPattern"]
    issue_id: str = ""
    pattern: LogPattern | None = None
    nodeids: tuple[str, ...] = ()


@dataclass(slots=True)
class MappedDashboard:
    """A folder's diagnostics by URI, and the flags behind each flagged line (0-based)."""

    diagnostics: dict[str, list[LspDiagnostic]] = field(default_factory=dict)
    flags: dict[str, dict[int, list[Flag]]] = field(default_factory=dict)
    issues: dict[str, IssueJson] = field(default_factory=dict)

    def add(self, uri: str, diagnostic: LspDiagnostic, flag: Flag) -> None:
        """Record one diagnostic and what it stands for."""
        self.diagnostics.setdefault(uri, []).append(diagnostic)
        line = diagnostic["range"]["start"]["line"]
        self.flags.setdefault(uri, {}).setdefault(line, []).append(flag)


def headline(category: str, title: str, exception_type: str = "", message: str = "") -> str:
    """`[category] title`, an issue's one-line name."""
    title = title or ": ".join(p for p in (exception_type, message) if p)
    # Editors show a diagnostic's first line in lists; an assertion's rewrite detail can wait.
    title = plain(title.strip().split("\n", 1)[0], MAX_TITLE)
    return f"[{plain(category, MAX_WORD)}] {title}" if category else title


def issue_headline(issue: IssueJson) -> str:
    """The headline of an issue's JSON object."""
    return headline(
        issue["category"],
        issue["title"],
        issue.get("exception_type", ""),
        issue["message"],
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def issue_message(issue: IssueJson, title: str | None = None) -> str:
    """The primary diagnostic's message: `[db] OperationalError: ... (3 tests, new)`.

    `title` is the issue's headline when the caller has it already.
    """
    tests = issue["tests"]
    extent = _plural(len(tests), "test") if tests else _plural(max(issue["count"], 1), "occurrence")
    status = plain(issue.get("status", ""), MAX_WORD)
    title = issue_headline(issue) if title is None else title
    return f"{title} ({extent}{', ' + status if status else ''})"


def log_pattern_message(pattern: LogPattern) -> str:
    """`[log] WARNING logger: template (25 times)`."""
    who = f" {plain(pattern.logger, MAX_NAME)}" if pattern.logger else ""
    times = "once" if pattern.count == 1 else f"{pattern.count} times"
    template = plain(pattern.template.strip().split("\n", 1)[0], MAX_TITLE)
    return f"[log] {plain(pattern.level.upper(), MAX_WORD)}{who}: {template} ({times})"


def issue_severity(issue: IssueJson, settings: Settings) -> int | None:
    """The configured severity of an issue's primary diagnostic (None: not shown)."""
    severity: str = issue["severity"]
    return settings.severity_of("issue" if severity == "error" else severity)


def shown_id(issue: IssueJson) -> str:
    """The issue's id as the client sees it (codes, command arguments) and as lookups key it."""
    return plain(issue["id"], MAX_NAME)


def issue_data(issue: IssueJson, folder_uri: str, issue_id: str | None = None) -> dict[str, Any]:
    """The primary's `data`: enough for code actions to act without the dashboard."""
    return {
        "kind": "issue",
        "issueId": shown_id(issue) if issue_id is None else issue_id,
        "workspaceFolder": folder_uri,
        "suggestion": plain(issue.get("suggestion", ""), MAX_DATA),
        "effort": plain(issue.get("effort", ""), MAX_WORD),
        "rerun": plain(issue.get("rerun", ""), MAX_DATA),
    }


def _diagnostic(
    rng: LspRange,
    message: str,
    severity: int,
    code: str,
    data: dict[str, Any],
    href: str = "",
    related: list[dict[str, Any]] | None = None,
) -> LspDiagnostic:
    diagnostic: LspDiagnostic = {
        "range": rng,
        "severity": severity,
        "code": code,
        "source": SOURCE,
        "message": message,
        "data": data,
    }
    if href:
        diagnostic["codeDescription"] = {"href": href}
    if related:
        diagnostic["relatedInformation"] = related
    return diagnostic


def _related(locator: Locator, path: str, line: int, message: str) -> dict[str, Any] | None:
    placed = locator.place(path, line)
    if placed is None:
        return None
    uri, rng = placed
    return {"location": {"uri": uri, "range": rng}, "message": message}


def _test_groups(issue: IssueJson, limit: int) -> list[tuple[str, int, tuple[str, ...]]]:
    """The first `limit` distinct test lines, with every nodeid defined there (parametrized)."""
    groups: dict[tuple[str, int], list[str]] = {}
    for test in issue.get("test_locations", ()):
        key = (test["path"], test["line"])
        if key not in groups and len(groups) >= limit:
            continue
        groups.setdefault(key, []).append(test["nodeid"])
    return [(path, line, tuple(ids)) for (path, line), ids in groups.items()]


def _short(nodeid: str) -> str:
    return plain(nodeid.rsplit("::", 1)[-1], MAX_NAME)


def _map_issue(
    out: MappedDashboard,
    issue: IssueJson,
    locator: Locator,
    settings: Settings,
    folder_uri: str,
    briefing_uri: str,
) -> None:
    issue_id = shown_id(issue)
    out.issues[issue_id] = issue
    title = issue_headline(issue)
    location = issue["location"]
    path, line = location["path"], location["line"]
    primary = locator.place(path, line)
    primary_severity = issue_severity(issue, settings)
    groups = _test_groups(issue, settings.max_test_diagnostics_per_issue)

    if primary is not None and primary_severity is not None:
        related: list[dict[str, Any]] = []
        seen = {(path, line)}
        for frame in issue.get("frames", ()):
            key = (frame["path"], frame["line"])
            if len(related) >= MAX_RELATED:
                break
            if not frame.get("in_app") or key in seen:
                continue
            seen.add(key)
            info = _related(locator, key[0], key[1], f"in {plain(frame['function'], MAX_NAME)}")
            if info is not None:
                related.append(info)
        out.add(
            primary[0],
            _diagnostic(
                primary[1],
                issue_message(issue, title),
                primary_severity,
                issue_id,
                issue_data(issue, folder_uri, issue_id),
                briefing_uri,
                related,
            ),
            Flag("issue", issue_id),
        )

    test_severity = settings.severity_of("test")
    if test_severity is None or not groups:
        return
    # Test lines link back to the root cause; the issue's details live on the primary only,
    # which keeps a big dashboard's payload (and the editor's memory) in proportion.
    back = (
        [{"location": {"uri": primary[0], "range": primary[1]}, "message": f"root cause: {title}"}]
        if primary is not None
        else None
    )
    for test_path, test_line, nodeids in groups:
        placed = locator.place(test_path, test_line)
        if placed is None:
            continue
        uri, rng = placed
        if primary is not None and uri == primary[0] and rng["start"] == primary[1]["start"]:
            continue
        more = f" (and {len(nodeids) - 1} more here)" if len(nodeids) > 1 else ""
        out.add(
            uri,
            _diagnostic(
                rng,
                f"{_short(nodeids[0])}{more} fails because of {title}",
                test_severity,
                issue_id,
                {"kind": "test", "issueId": issue_id},
                related=back,
            ),
            Flag("test", issue_id, nodeids=nodeids),
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
    for pattern in patterns:
        if pattern.level.upper() not in FLAGGED_LOG_LEVELS or not pattern.path:
            continue
        placed = locator.place(pattern.path, pattern.line)
        if placed is None:
            continue
        uri, rng = placed
        data = {"kind": "logPattern", "count": pattern.count}
        out.add(
            uri,
            _diagnostic(
                rng, log_pattern_message(pattern), severity, LOG_PATTERN_CODE, data, briefing_uri
            ),
            Flag("logPattern", pattern=pattern),
        )


def _position(diagnostic: LspDiagnostic) -> tuple[int, int]:
    start = diagnostic["range"]["start"]
    return start["line"], start["character"]


def map_dashboard(
    dashboard: Dashboard,
    issues: Iterable[IssueJson],
    locator: Locator,
    settings: Settings,
    folder_uri: str,
    briefing_uri: str,
) -> MappedDashboard:
    """Every diagnostic a dashboard and its (validated) issues imply for one folder, by position."""
    out = MappedDashboard()
    for issue in issues:
        _map_issue(out, issue, locator, settings, folder_uri, briefing_uri)
    _map_log_patterns(out, dashboard.log_patterns, locator, settings, folder_uri, briefing_uri)
    for items in out.diagnostics.values():
        items.sort(key=_position)
    return out
