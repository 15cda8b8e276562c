"""The compact terminal summary: a verdict and two lines per issue. Pure."""

from __future__ import annotations

from llm_brief.core.model import Dashboard
from llm_brief.core.render.briefing import verdict

MAX_ISSUES = 6


def summary_lines(dashboard: Dashboard, briefing_path: str) -> list[str]:
    """About 2 lines per issue, at most ~15 lines for 5 issues, ending with the briefing's path."""
    lines = [f"llm-brief: {verdict(dashboard)}"]
    for n, issue in enumerate(dashboard.issues[:MAX_ISSUES], 1):
        tests = f" ×{issue.count} tests" if issue.tests and issue.count > 1 else ""
        status = f" [{issue.status}]" if issue.status and issue.status != "persisting" else ""
        lines.append(f" {n}. [{issue.category}] {_clip(issue.title, 110)}{tests}{status}")
        loc = issue.location
        fix = f" · fix: {_clip(issue.suggestion, 110)}" if issue.suggestion else ""
        lines.append(f"    {loc.path}:{loc.line} ({loc.function}){fix}")
    hidden = len(dashboard.issues) - MAX_ISSUES
    if hidden > 0:
        lines.append(f" … {hidden} more issue{'s' if hidden != 1 else ''} in the briefing")
    for error in dashboard.internal[:1]:
        lines.append(
            f"llm-brief internal error in {error.where}: {error.message[:160]} (results unaffected)"
        )
    lines.append(f"llm-brief: briefing {briefing_path}")
    return lines


def _clip(text: str, limit: int) -> str:
    """`text` cut at a word boundary with an ellipsis when longer than `limit`."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:—-") + " …"
