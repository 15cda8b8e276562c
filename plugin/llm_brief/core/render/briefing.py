"""The Markdown briefing for an agent: verdict, issues by priority, within a token budget. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

from llm_brief.core.model import Dashboard, Issue, Location, LogEntry, LogPattern
from llm_brief.core.render.budget import Block, always_kept, select
from llm_brief.core.render.quote import DATA_NOTE, code, one_line, place
from llm_brief.core.render.verdict import INTERRUPTED_IN, estimate_tokens, since_line, verdict
from llm_brief.core.vocabulary import level_rank

__all__ = ["estimate_tokens", "render_briefing", "since_line", "verdict", "without_location"]

MAX_TESTS_SHOWN = 3
MAX_TRACE = 4
MAX_LOGS = 3
MAX_PATTERNS = 5
FULL_ISSUES = 10  # issues shown in full; the rest get one line each


def _log_line(entry: LogEntry) -> str:
    where = f"{entry.path.rsplit('/', 1)[-1]}:{entry.line}" if entry.path else entry.logger
    times = f" ×{entry.count}" if entry.count > 1 else ""
    text = entry.template if entry.count > 1 else entry.message
    return f"  - {entry.level} {one_line(entry.logger, 60)} {one_line(where)}{times}: {code(text, 160)}"


def compact_tests(nodeids: Sequence[str], shown: int = MAX_TESTS_SHOWN) -> str:
    """A few test ids, parametrisations of one test folded: `t.py::test_x[...]` ×30, then +N more."""
    groups: dict[str, list[str]] = {}
    for nodeid in nodeids:
        groups.setdefault(nodeid.split("[", 1)[0], []).append(nodeid)
    items = [
        f"{code(base + '[...]')} ×{len(ids)}" if len(ids) > 1 else code(ids[0], 200)
        for base, ids in groups.items()
    ]
    more = f" +{len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


def without_location(suggestion: str, loc: Location) -> str:
    """The suggestion without the place the line above says: ` — read at path:line in f` and a
    mid-sentence `at path:line in f` ("read the code at t.py:4 in test_b with…")."""
    place_re = rf"at {re.escape(loc.path)}:{loc.line}(?: in {re.escape(loc.function)})?"
    after = r"(?=[\s:;,.)]|$)"
    dash = re.compile(rf"\s*[—-]\s*(?:\w+\s+){{0,2}}{place_re}{after}")
    inside = re.compile(rf" {place_re}{after}")
    return inside.sub("", dash.sub("", suggestion)).strip() or suggestion


def shown_fix(issue: Issue) -> str:
    """The suggestion as an issue's block shows it: without the place and without a closing
    `: <message>` the title line above already says (the dashboard keeps the whole text)."""
    text = without_location(issue.suggestion, issue.location)
    message = issue.message.strip()
    if message and len(text) > len(message) + 20 and text.endswith(f": {message}"):
        return text[: -len(message) - 2]
    return text


def _issue_header(n: int, issue: Issue) -> str:
    tests = (
        f"{issue.count} test{'s' if issue.count != 1 else ''}" if issue.tests else issue.severity
    )
    status = f", {issue.status}" if issue.status else ""
    # the run id it persists since is in the dashboard; here it would cost ~15 tokens an issue
    title = one_line(issue.title, 160)
    return f"### {n}. [{one_line(issue.category, 40)}] {title} ({tests}{status}) `{issue.id}`"


def _one_liner(n: int, issue: Issue) -> str:
    """An issue past the first ten: number, category, location, title — no fix, by design."""
    loc = issue.location
    return (
        f"- {n}. [{one_line(issue.category, 40)}] {code(place(loc.path, loc.line))}"
        f" {one_line(issue.title, 100)} (×{issue.count})"
    )


def _issue_blocks(n: int, issue: Issue) -> list[Block]:
    if n > FULL_ISSUES:
        return [Block(3, (n, 0), [_one_liner(n, issue)], f"issue #{n}")]
    loc = issue.location
    frames = list(issue.frames)
    origin = (
        frames[-1]
        if frames and (frames[-1].path, frames[-1].line) == (loc.path, loc.line)
        else None
    )
    source = f": {code(origin.code, 140)}" if origin is not None and origin.code else ""
    where = f"at {code(place(loc.path, loc.line))}" + (
        f" in {one_line(loc.function, 80)}" if loc.function and loc.function != loc.path else ""
    )
    effort = f" ({issue.effort})" if issue.effort else ""
    fix = f"fix{effort}: {one_line(shown_fix(issue), 400)}"
    # rank 0: the first issue's header, place and fix are always there; others by priority
    core = [_issue_header(n, issue), where + source, fix]
    # an issue whose full entry does not fit is still listed: category, place, title
    fallback = Block(3, (n, 0), [_one_liner(n, issue)], f"issue #{n}") if n > 1 else None
    blocks = [Block(0 if n == 1 else 1, (n, 0), core, f"details of #{n}", fallback=fallback)]
    if fallback is not None:
        blocks.append(fallback)
    if issue.rerun:
        blocks.append(Block(2, (n, 5), [f"rerun: {code(issue.rerun, 400)}"], f"rerun of #{n}"))
    if issue.tests and not all(
        f" {t}" in issue.rerun for t in issue.tests
    ):  # else rerun names them
        blocks.append(Block(4, (n, 2), [f"tests: {compact_tests(issue.tests)}"], f"tests of #{n}"))
    callers = frames[:-1] if origin is not None else frames
    trace = [
        f"{one_line(f.path)}:{f.line} {one_line(f.function, 80)}: {code(f.code, 120)}"
        for f in callers[-MAX_TRACE:]
    ]
    if len(issue.chain) > 1:
        trace.append(f"chain: {' <- '.join(code(c, 80) for c in issue.chain)}")
    if len(trace) == 1:
        blocks.append(Block(5, (n, 3), [f"via: {trace[0]}"], f"trace of #{n}"))
    elif trace:
        blocks.append(Block(5, (n, 3), ["via:", *(f"  {t}" for t in trace)], f"trace of #{n}"))
    if issue.logs:
        logs = [_log_line(e) for e in issue.logs[:MAX_LOGS]]
        blocks.append(Block(6, (n, 4), ["logs:", *logs], f"logs of #{n}"))
    return blocks


def _global_blocks(dashboard: Dashboard) -> list[Block]:
    blocks: list[Block] = []
    unhealthy = [c for c in dashboard.components if c.status != "OK"]
    if unhealthy:
        by_status: dict[str, list[str]] = {}
        for component in unhealthy:  # already worst first
            by_status.setdefault(component.status, []).append(one_line(component.name, 60))
        text = "; ".join(
            f"{status} "
            + ", ".join(names[:4])
            + (f" +{len(names) - 4} more" if len(names) > 4 else "")
            for status, names in by_status.items()
        )
        blocks.append(Block(1, (0, 2), [f"Unhealthy components: {text}"], "components"))
    patterns = _unshown_patterns(dashboard)
    if patterns:
        lines = ["", "## Log patterns"]
        lines += [_pattern_line(group) for group in _group_patterns(patterns)[:MAX_PATTERNS]]
        blocks.append(Block(7, (1000, 1), lines, "log patterns"))
    if dashboard.warnings:
        lines = ["", "## Warnings"]
        for w in dashboard.warnings[:5]:
            times = f" ×{w.count}" if w.count > 1 else ""
            lines.append(
                f"- {one_line(w.category, 60)}{times} at {code(f'{w.path}:{w.line}')}:"
                f" {code(w.message, 140)}"
            )
        blocks.append(Block(7, (1000, 2), lines, "warnings"))
    slowest = [t for t in dashboard.resources.get("slowest_tests") or [] if t["duration_s"] >= 0.1]
    if slowest:
        shown = ", ".join(f"{code(t['nodeid'], 160)} {t['duration_s']:.2f}s" for t in slowest[:3])
        blocks.append(Block(8, (1000, 3), ["", f"Slowest: {shown}"], "slowest tests"))
    notes = [n for n in dashboard.notes if not n.startswith(INTERRUPTED_IN)]  # in the verdict
    if notes:  # what the capture could not see (logging disabled, events dropped, ...)
        lines = ["", "## Notes", *(f"- {one_line(n, 300)}" for n in notes[:3])]
        blocks.append(Block(6, (1000, 4), lines, "notes"))
    if dashboard.internal:
        lines = ["", "## llm-brief internal errors (your results are unaffected)"]
        lines += [f"- {e.where}: {code(e.message, 200)}" for e in dashboard.internal[:3]]
        blocks.append(Block(2, (1000, 0), lines, "internal errors"))
    return blocks


def _unshown_patterns(dashboard: Dashboard) -> list[LogPattern]:
    """Warning-or-worse patterns, less those whose call site an issue's logs already show."""
    shown = {
        (entry.path, entry.line, entry.template)
        for issue in dashboard.issues[:FULL_ISSUES]
        for entry in issue.logs[:MAX_LOGS]
    }
    shown_sites = {(path, line) for path, line, _ in shown if path}
    return [
        p
        for p in dashboard.log_patterns
        if p.level in ("WARNING", "ERROR", "CRITICAL")
        and (p.path, p.line) not in shown_sites
        and ("", 0, p.template) not in shown
    ]


def _group_patterns(patterns: Sequence[LogPattern]) -> list[list[LogPattern]]:
    """Patterns with one level and template from many call sites or loggers, as one group each."""
    groups: dict[tuple[str, str], list[LogPattern]] = {}
    for pattern in patterns:
        groups.setdefault((pattern.level, pattern.template), []).append(pattern)
    return sorted(
        groups.values(), key=lambda g: (-level_rank(g[0].level), -sum(p.count for p in g))
    )


def _pattern_line(group: Sequence[LogPattern]) -> str:
    first = group[0]
    where = f"{first.path}:{first.line}" if first.path else first.source
    sites = f" and {len(group) - 1} more sites" if len(group) > 1 else ""
    example = f" (e.g. {code(first.example, 100)})" if first.example != first.template else ""
    count = sum(p.count for p in group)
    return (
        f"- ×{count} {first.level} {one_line(first.logger, 60)} {code(where)}{sites}:"
        f" {code(first.template, 140)}{example}"
    )


def render_briefing(
    dashboard: Dashboard, budget: int = 2000, dashboard_name: str = "dashboard.json"
) -> str:
    """The briefing within `budget` tokens: the verdict, the first ten issues in full, the rest
    one line each, then evidence by priority; the first issue's fix is always there."""
    head = [f"# {verdict(dashboard)}", DATA_NOTE, since_line(dashboard)]
    tail = [f"{verdict(dashboard)} · details: `{dashboard_name}`"]
    blocks = _global_blocks(dashboard)
    for n, issue in enumerate(dashboard.issues, 1):
        blocks.extend(_issue_blocks(n, issue))
    # the estimate over-counts (see `estimate_tokens`); the reserve covers the trim note and
    # the separators between blocks, and the rendered text is checked against the budget
    reserve = estimate_tokens("\n".join(head + tail)) + 30
    kept = select(blocks, budget - reserve)
    text = _render(dashboard, head, tail, blocks, kept, budget, dashboard_name)
    order = sorted(kept - always_kept(blocks), key=lambda b: (blocks[b].rank, blocks[b].order))
    while order and estimate_tokens(text) > budget:
        kept.discard(order.pop())  # the least important part goes, until the whole fits
        text = _render(dashboard, head, tail, blocks, kept, budget, dashboard_name)
    return text


def _render(
    dashboard: Dashboard,
    head: Sequence[str],
    tail: Sequence[str],
    blocks: Sequence[Block],
    kept: set[int],
    budget: int,
    dashboard_name: str,
) -> str:
    shown = [b for i, b in enumerate(blocks) if i in kept]
    listed = {id(b.fallback) for b in shown if b.fallback is not None}  # full entry shown
    out = list(head)
    out.extend(line for b in shown if b.order[0] == 0 for line in b.lines)
    if dashboard.issues:
        out += ["", "## Issues (most severe first)"]
    for n in range(1, len(dashboard.issues) + 1):
        mine = sorted((b for b in shown if b.order[0] == n), key=lambda b: b.order)
        out.extend(line for b in mine for line in b.lines)
        full_entry = n == 1 or (bool(mine) and mine[0].fallback is not None)
        if full_entry and n <= FULL_ISSUES:
            out.append("")
    out.extend(line for b in shown if b.order[0] == 1000 for line in b.lines)
    trimmed = [b.label for i, b in enumerate(blocks) if i not in kept and id(b) not in listed]
    if trimmed:
        out += ["", _trim_note(trimmed, budget, dashboard_name)]
    out += ["", *tail]
    return "\n".join(_collapse_blank(out)) + "\n"


def _trim_note(labels: Sequence[str], budget: int, dashboard_name: str) -> str:
    shown = ", ".join(labels[:3]) + (f" and {len(labels) - 3} more" if len(labels) > 3 else "")
    return f"_Trimmed to fit {budget} tokens ({shown}); all of it is in `{dashboard_name}`._"


def _collapse_blank(lines: Sequence[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return out
