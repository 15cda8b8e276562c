"""Hover text for a flagged line: the issue or log pattern behind it, in Markdown."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from llm_brief.core.model import Issue, LogPattern
from llm_brief_lsp.mapping import Flag, headline

MAX_TESTS = 10
MAX_LOGS = 10
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def escape(text: str) -> str:
    """Text shown literally in Markdown (no emphasis, links or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code(text: str) -> str:
    """An inline code span that survives backticks inside `text`."""
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def _fenced(lines: Sequence[str], language: str = "text") -> str:
    body = "\n".join(lines)
    fence = "````" if "```" in body else "```"
    return f"{fence}{language}\n{body}\n{fence}"


def render_issue(issue: Issue, briefing_uri: str = "", nodeids: Sequence[str] = ()) -> str:
    """An issue as Markdown: title, category, suggestion, tests, evidence logs, rerun command."""
    title = headline(issue.category, issue.title, issue.exception_type, issue.message)
    parts: list[str] = [f"### {escape(title)}"]
    facts = [f"**{escape(issue.severity)}**", f"category {code(issue.category or '-')}"]
    if issue.status:
        facts.append(
            escape(issue.status) + (f" since {escape(issue.since)}" if issue.since else "")
        )
    facts.append(f"issue {code(issue.id)}")
    parts.append(" · ".join(facts))
    if issue.message and issue.message not in issue.title:
        parts.append(escape(issue.message))
    if issue.location.path:
        where = f"{issue.location.path}:{issue.location.line}"
        if issue.location.function:
            where += f" in {issue.location.function}"
        parts.append(f"Raised at {code(where)}")
    if issue.suggestion:
        effort = f" (effort: {escape(issue.effort)})" if issue.effort else ""
        parts.append(f"**Suggestion**{effort}: {escape(issue.suggestion)}")
    tests = list(issue.tests)
    if tests:
        lines = [f"**Affected tests** ({len(tests)})"]
        here = set(nodeids)
        ordered = [t for t in tests if t in here] + [t for t in tests if t not in here]
        lines += [f"- {code(t)}" for t in ordered[:MAX_TESTS]]
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
            f"{_fenced(logs)}\n\n</details>"
        )
    if issue.rerun:
        parts.append(f"**Rerun**\n\n{_fenced([issue.rerun], 'sh')}")
    if briefing_uri:
        parts.append(f"[Open the briefing]({briefing_uri})")
    return "\n\n".join(parts)


def render_log_pattern(pattern: LogPattern) -> str:
    """A log pattern as Markdown: level, logger, template, count and one example."""
    times = "once" if pattern.count == 1 else f"{pattern.count} times"
    parts = [
        f"### {escape(pattern.level.upper())} logged {times}",
        f"logger {code(pattern.logger or 'root')} · source {code(pattern.source)}",
        _fenced([pattern.template]),
    ]
    if pattern.example and pattern.example != pattern.template:
        parts.append(f"Example:\n\n{_fenced([pattern.example])}")
    return "\n\n".join(parts)


def render_flags(
    flags: Sequence[Flag], issues: Callable[[str], Issue | None], briefing_uri: str = ""
) -> str:
    """Everything flagged on one line, issues first, separated by rules; one entry per issue."""
    seen: set[str] = set()
    sections: list[str] = []
    for flag in sorted(flags, key=lambda f: {"issue": 0, "test": 1, "logPattern": 2}[f.kind]):
        if flag.issue_id:
            issue = issues(flag.issue_id)
            if issue is None or flag.issue_id in seen:
                continue
            seen.add(flag.issue_id)
            sections.append(render_issue(issue, briefing_uri, flag.nodeids))
        elif flag.pattern is not None:
            sections.append(render_log_pattern(flag.pattern))
    return "\n\n---\n\n".join(sections)
