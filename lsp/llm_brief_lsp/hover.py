"""Hover text for a flagged line: the issue or log pattern behind it, in Markdown."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from llm_brief.core.model import Issue, LogPattern
from llm_brief_lsp.mapping import MAX_TITLE, Flag, headline
from llm_brief_lsp.untrusted import code, escape, fenced

MAX_TESTS = 10
MAX_LOGS = 10
MAX_WORD = 60  # severity, category, status, effort, dates
MAX_TEXT = 2_000  # a message, a suggestion, a rerun command
MAX_LINE = 300  # a test id, a log line, a place
MAX_HOVER = 20_000


def render_issue(issue: Issue, briefing_uri: str = "", nodeids: Sequence[str] = ()) -> str:
    """An issue as Markdown: title, category, suggestion, tests, evidence logs, rerun command."""
    title = headline(issue.category, issue.title, issue.exception_type, issue.message)
    parts: list[str] = [f"### {escape(title, MAX_TITLE)}"]
    facts = [
        f"**{escape(issue.severity, MAX_WORD)}**",
        f"category {code(issue.category or '-', MAX_WORD)}",
    ]
    if issue.status:
        since = f" since {escape(issue.since, MAX_WORD)}" if issue.since else ""
        facts.append(escape(issue.status, MAX_WORD) + since)
    facts.append(f"issue {code(issue.id, MAX_WORD)}")
    parts.append(" · ".join(facts))
    if issue.message and issue.message not in issue.title:
        parts.append(escape(issue.message, MAX_TEXT))
    if issue.location.path:
        where = f"{issue.location.path}:{issue.location.line}"
        if issue.location.function:
            where += f" in {issue.location.function}"
        parts.append(f"Raised at {code(where, MAX_LINE)}")
    if issue.suggestion:
        effort = f" (effort: {escape(issue.effort, MAX_WORD)})" if issue.effort else ""
        parts.append(f"**Suggestion**{effort}: {escape(issue.suggestion, MAX_TEXT)}")
    tests = list(issue.tests)
    if tests:
        lines = [f"**Affected tests** ({len(tests)})"]
        here = set(nodeids)
        ordered = [t for t in tests if t in here] + [t for t in tests if t not in here]
        lines += [f"- {code(t, MAX_LINE)}" for t in ordered[:MAX_TESTS]]
        if len(tests) > MAX_TESTS:
            lines.append(f"- … and {len(tests) - MAX_TESTS} more")
        parts.append("\n".join(lines))
    if issue.logs:
        logs = [
            f"{log.level} {log.logger}: {log.message}"
            + (f"  (×{log.count})" if log.count > 1 else "")
            for log in issue.logs[:MAX_LOGS]
        ]
        if len(issue.logs) > MAX_LOGS:
            logs.append(f"… and {len(issue.logs) - MAX_LOGS} more")
        parts.append(
            f"<details><summary>Evidence logs ({len(issue.logs)})</summary>\n\n"
            f"{fenced(logs, MAX_LINE)}\n\n</details>"
        )
    if issue.rerun:
        parts.append(f"**Rerun**\n\n{fenced([issue.rerun], MAX_TEXT, 'sh')}")
    if briefing_uri:
        parts.append(f"[Open the briefing]({briefing_uri})")
    return "\n\n".join(parts)


def render_log_pattern(pattern: LogPattern) -> str:
    """A log pattern as Markdown: level, logger, template, count and one example."""
    times = "once" if pattern.count == 1 else f"{pattern.count} times"
    parts = [
        f"### {escape(pattern.level.upper(), MAX_WORD)} logged {times}",
        f"logger {code(pattern.logger or 'root', MAX_LINE)} · source {code(pattern.source, MAX_WORD)}",
        fenced([pattern.template], MAX_TEXT),
    ]
    if pattern.example and pattern.example != pattern.template:
        parts.append(f"Example:\n\n{fenced([pattern.example], MAX_TEXT)}")
    return "\n\n".join(parts)


def render_flags(
    flags: Sequence[Flag], issues: Callable[[str], Issue | None], briefing_uri: str = ""
) -> str:
    """Everything flagged on one line, issues first, separated by rules; one entry per issue.

    Sections past `MAX_HOVER` characters are left out and counted instead.
    """
    seen: set[str] = set()
    sections: list[str] = []
    size = 0
    left_out = 0
    for flag in sorted(flags, key=lambda f: {"issue": 0, "test": 1, "logPattern": 2}[f.kind]):
        if flag.issue_id:
            issue = issues(flag.issue_id)
            if issue is None or flag.issue_id in seen:
                continue
            seen.add(flag.issue_id)
            section = render_issue(issue, briefing_uri, flag.nodeids)
        elif flag.pattern is not None:
            section = render_log_pattern(flag.pattern)
        else:
            continue
        if sections and size + len(section) > MAX_HOVER:
            left_out += 1
            continue
        sections.append(section)
        size += len(section)
    if left_out:
        sections.append(f"… and {left_out} more on this line (see the briefing)")
    return "\n\n---\n\n".join(sections)
