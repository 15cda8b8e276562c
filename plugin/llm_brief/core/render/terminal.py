"""The compact terminal an agent reads first: a verdict line, then one short block per root cause.
Pure.

A clean run is one line. Otherwise each issue says what it is (category), where (`path:line`),
what to do (the fix), which tests (parametrisations folded: `test_x[...] ×30`) and how to run
them again; the briefing holds the evidence. Every string from the run goes through `one_line`,
so it cannot add lines or terminal controls of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from llm_brief.core.model import Dashboard, Issue
from llm_brief.core.render.briefing import shown_fix
from llm_brief.core.render.quote import clip, named_by, one_line, place
from llm_brief.core.render.verdict import green_line, verdict

MAX_ISSUES = 6  # compact: the briefing has the rest
MAX_INLINE_ISSUES = 30  # ci: no briefing survives the job, so more are shown here
MAX_TESTS_SHOWN = 3

__all__ = ["MAX_ISSUES", "clip", "summary_lines"]


def summary_lines(dashboard: Dashboard, briefing_path: str, *, inline: bool = False) -> list[str]:
    """The compact summary; `inline` (the ci profile) names no file that the job throws away."""
    if _is_green(dashboard):
        return [green_line(dashboard)]
    lines = [f"llm-brief: {verdict(dashboard)}"]
    limit = MAX_INLINE_ISSUES if inline else MAX_ISSUES
    for n, issue in enumerate(dashboard.issues[:limit], 1):
        lines.extend(issue_block(n, issue))
    hidden = len(dashboard.issues) - limit
    if hidden > 0:
        where = "dashboard.json" if inline else "the briefing"
        lines.append(f" … {hidden} more issue{'s' if hidden != 1 else ''} in {where}")
    for error in dashboard.internal[:1]:
        lines.append(
            f"llm-brief internal error in {error.where}: {one_line(error.message, 160)}"
            " (results unaffected)"
        )
    if not inline:
        lines.append(f"llm-brief: briefing {briefing_path}")
    return lines


def _is_green(dashboard: Dashboard) -> bool:
    run = dashboard.run
    return run.exit_code == 0 and not dashboard.issues and not dashboard.internal


def issue_block(n: int, issue: Issue) -> list[str]:
    """Category, place and title; the fix; the tests when the rerun does not name them; the rerun."""
    loc = issue.location
    status = f" [{issue.status}]" if issue.status and issue.status != "persisting" else ""
    tests = f" ×{issue.count} tests" if issue.tests and issue.count > 1 else ""
    lines = [
        f"{n}. [{one_line(issue.category, 40)}] {one_line(place(loc.path, loc.line))}"
        f" {one_line(issue.title, 140)}{tests}{status}"
    ]
    if issue.suggestion:
        lines.append(f"   fix: {one_line(shown_fix(issue), 220)}")
    if issue.tests and not named_by(issue.rerun, issue.tests):
        lines.append(f"   tests: {fold_tests(issue.tests)}")
    if issue.rerun:
        lines.append(f"   rerun: {one_line(issue.rerun, 300)}")
    return lines


def fold_tests(nodeids: Sequence[str], shown: int = MAX_TESTS_SHOWN) -> str:
    """Test ids with the parametrisations of one test folded: `t.py::test_x[...] ×30, t.py::test_y`."""
    groups: dict[str, int] = {}
    for nodeid in nodeids:
        base = nodeid.split("[", 1)[0]
        groups[base] = groups.get(base, 0) + 1
    items = [one_line(f"{base}[...] ×{n}" if n > 1 else base, 160) for base, n in groups.items()]
    more = f" +{len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more
