"""A dashboard as GitHub Actions workflow commands: one `::error`/`::warning` per root cause.

Pure. GitHub shows at most 10 error and 10 warning annotations per step, so the list is bounded
(worst first, as the dashboard sorts them) and one `::notice` says how many more the job summary
holds. Data is escaped as the Actions toolkit does (`%`, CR, LF); property values also escape `:`
and `,`, which would otherwise end the value.
"""

from __future__ import annotations

from llm_brief.core.model import Dashboard, Issue
from llm_brief.core.text import clip

MAX_PER_LEVEL = 10
MAX_MESSAGE = 2000  # a cause's title, fix and tests; the summary has the rest
MAX_TESTS_SHOWN = 3

_COMMAND = {"critical": "error", "error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A command's message escaped so that it stays on one line and decodes back exactly."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value escaped: as data, plus `:` and `,` which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation_lines(dashboard: Dashboard, limit: int = MAX_PER_LEVEL) -> list[str]:
    """One workflow command per issue at its origin, at most `limit` per level, then a notice."""
    lines: list[str] = []
    shown: dict[str, int] = {}
    left_off = 0
    for issue in dashboard.issues:
        command = _COMMAND.get(issue.severity, "warning")
        if shown.get(command, 0) >= limit:
            left_off += 1
            continue
        shown[command] = shown.get(command, 0) + 1
        lines.append(annotation(issue, command))
    if left_off:
        lines.append(
            f"::notice title=llm-brief::{left_off} more root cause(s) are in the job summary"
            " (.llm-brief/briefing.md)"
        )
    return lines


def annotation(issue: Issue, command: str = "error") -> str:
    """The workflow command of one issue: file, line and title properties, then the fix."""
    properties = [f"file={escape_property(issue.location.path)}"]
    if issue.location.line >= 1:
        properties.append(f"line={issue.location.line}")
    properties.append(f"title={escape_property(_title(issue))}")
    return f"::{command} {','.join(properties)}::{escape_data(clip(_body(issue), MAX_MESSAGE))}"


def _title(issue: Issue) -> str:
    title = f"[{issue.category}] {issue.title}"
    if issue.where and issue.where not in issue.title:
        title += f" ({issue.where})"
    return clip(title, 200)


def _body(issue: Issue) -> str:
    tests = ", ".join(issue.tests[:MAX_TESTS_SHOWN])
    more = len(issue.tests) - MAX_TESTS_SHOWN
    if more > 0:
        tests += f" and {more} more"
    lines = [issue.message or issue.title]
    if issue.suggestion:
        lines.append(f"Fix: {issue.suggestion}")
    if tests:
        lines.append(f"{issue.count} failure(s) with this cause: {tests}")
    if issue.rerun:
        lines.append(f"Rerun: {issue.rerun}")
    return "\n".join(lines)
