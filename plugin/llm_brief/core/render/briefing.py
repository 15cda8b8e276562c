"""The Markdown briefing for an agent: verdict, issues by priority, within a token budget. Pure."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from llm_brief.core.model import Dashboard, Issue, Location, LogEntry, LogPattern
from llm_brief.core.vocabulary import level_rank

_TOKEN = re.compile(r"[A-Za-z]+|\d{1,3}|[^\sA-Za-z\d]")
MAX_TESTS_SHOWN = 3
MAX_TRACE = 4
MAX_LOGS = 3
MAX_PATTERNS = 5


def estimate_tokens(text: str) -> int:
    """Tokens as a BPE tokenizer (cl100k/o200k) roughly counts them, without a tokenizer.

    Letters count one token per 6 characters of a word (common words are one token), digits one
    per group of three, every other non-space character one. Calibrated against cl100k on
    briefings: it over-counts by 0-15%, so a budget is kept rather than exceeded.
    """
    total = 0
    for match in _TOKEN.finditer(text):
        piece = match.group()
        total += math.ceil(len(piece) / 6) if piece[0].isalpha() else 1
    return total


def verdict(dashboard: Dashboard) -> str:
    """The one-line verdict: outcome, exit code, counts, duration, issues, health."""
    run = dashboard.run
    c = run.counts
    parts = [
        f"{n} {label}"
        for n, label in (
            (c.failed, "failed"),
            (c.errors, "errors"),
            (c.passed, "passed"),
            (c.skipped, "skipped"),
            (c.xfailed, "xfailed"),
            (c.xpassed, "xpassed"),
            (c.warnings, "warnings"),
        )
        if n
    ]
    parts = [
        p.removesuffix("s") if p.startswith("1 ") and p.endswith(("errors", "warnings")) else p
        for p in parts
    ]
    word = run.outcome.upper()
    what = ", ".join(parts) if run.kind == "pytest" else " ".join(run.command)[:80]
    signal = f" (signal {run.signal})" if run.signal else ""
    return (
        f"{word} · exit {run.exit_code}{signal} · {what or 'no tests ran'} · {run.duration_s:.2f}s"
        f" · {len(dashboard.issues)} issue{'s' if len(dashboard.issues) != 1 else ''}"
        f" · health {dashboard.health}"
    )


def since_line(dashboard: Dashboard) -> str:
    """'Since last run: …' from the diff, or the first-run note."""
    diff = dashboard.diff
    if not diff or diff.get("previous_run") in (None, ""):
        return "Since last run: first recorded run."
    return (
        f"Since last run: {len(diff.get('new', []))} new, {len(diff.get('fixed', []))} fixed, "
        f"{len(diff.get('persisting', []))} persisting"
        + (f", {len(diff.get('flaky', []))} flaky" if diff.get("flaky") else "")
    )


def _log_line(entry: LogEntry) -> str:
    where = f"{entry.path.rsplit('/', 1)[-1]}:{entry.line}" if entry.path else entry.logger
    times = f" ×{entry.count}" if entry.count > 1 else ""
    text = entry.template if entry.count > 1 else entry.message
    return f"  - {entry.level} {entry.logger} {where}{times}: {text[:160]}"


def compact_tests(nodeids: Sequence[str], shown: int = MAX_TESTS_SHOWN) -> str:
    """A few test ids, parametrisations of one test folded: `t.py::test_x` [30 params], then +N more."""
    groups: dict[str, list[str]] = {}
    for nodeid in nodeids:
        groups.setdefault(nodeid.split("[", 1)[0], []).append(nodeid)
    items = [
        f"`{base}` [{len(ids)} params]" if len(ids) > 1 else f"`{ids[0]}`"
        for base, ids in groups.items()
    ]
    more = f" +{len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


def _without_location(suggestion: str, loc: Location) -> str:
    """The suggestion without its closing ` — read at path:line in function`: the line above says it."""
    tail = re.compile(
        rf"\s*(?:[—-]\s*(?:\w+\s+){{0,2}})?\bat {re.escape(loc.path)}:{loc.line}"
        rf"(?: in {re.escape(loc.function)})?\s*$"
    )
    return tail.sub("", suggestion) or suggestion


def _issue_header(n: int, issue: Issue) -> str:
    tests = (
        f"{issue.count} test{'s' if issue.count != 1 else ''}" if issue.tests else issue.severity
    )
    status = f", {issue.status}" if issue.status else ""
    # the run id it persists since is in the dashboard; here it would cost ~15 tokens an issue
    return f"### {n}. [{issue.category}] {issue.title} ({tests}{status}) `{issue.id}`"


@dataclass(slots=True, eq=False, repr=False)  # internal scratch: no generated methods to compile
class _Block:
    rank: int
    order: tuple[int, int]
    lines: list[str]
    label: str
    kept: bool = False


def _issue_blocks(n: int, issue: Issue) -> list[_Block]:
    loc = issue.location
    frames = list(issue.frames)
    origin = (
        frames[-1]
        if frames and (frames[-1].path, frames[-1].line) == (loc.path, loc.line)
        else None
    )
    code = f": `{origin.code[:140]}`" if origin is not None and origin.code else ""
    where = f"at `{loc.path}:{loc.line}`" + (f" in {loc.function}" if loc.function else "") + code
    effort = f" ({issue.effort})" if issue.effort else ""
    fix = f"fix{effort}: {_without_location(issue.suggestion, loc)}"
    blocks = [_Block(1, (n, 1), [where, fix], f"fix of #{n}")]
    if issue.rerun:
        blocks.append(_Block(2, (n, 5), [f"rerun: `{issue.rerun}`"], f"rerun of #{n}"))
    if issue.tests and not all(
        f" {t}" in issue.rerun for t in issue.tests
    ):  # else rerun names them
        blocks.append(_Block(3, (n, 2), [f"tests: {compact_tests(issue.tests)}"], f"tests of #{n}"))
    callers = frames[:-1] if origin is not None else frames
    trace = [f"{f.path}:{f.line} {f.function}: `{f.code[:120]}`" for f in callers[-MAX_TRACE:]]
    if len(issue.chain) > 1:
        trace.append(f"chain: {' <- '.join(c[:80] for c in issue.chain)}")
    if len(trace) == 1:
        blocks.append(_Block(4, (n, 3), [f"via: {trace[0]}"], f"trace of #{n}"))
    elif trace:
        blocks.append(_Block(4, (n, 3), ["via:", *(f"  {t}" for t in trace)], f"trace of #{n}"))
    if issue.logs:
        logs = [_log_line(e) for e in issue.logs[:MAX_LOGS]]
        blocks.append(_Block(5, (n, 4), ["logs:", *logs], f"logs of #{n}"))
    return blocks


def _global_blocks(dashboard: Dashboard) -> list[_Block]:
    blocks: list[_Block] = []
    unhealthy = [c for c in dashboard.components if c.status != "OK"]
    if unhealthy:
        by_status: dict[str, list[str]] = {}
        for component in unhealthy:  # already worst first
            by_status.setdefault(component.status, []).append(component.name)
        text = "; ".join(
            f"{status} "
            + ", ".join(names[:4])
            + (f" +{len(names) - 4} more" if len(names) > 4 else "")
            for status, names in by_status.items()
        )
        blocks.append(_Block(1, (0, 2), [f"Unhealthy components: {text}"], "components"))
    patterns = [p for p in dashboard.log_patterns if p.level in ("WARNING", "ERROR", "CRITICAL")]
    if patterns:
        lines = ["", "## Log patterns"]
        lines += [_pattern_line(group) for group in _group_patterns(patterns)[:MAX_PATTERNS]]
        blocks.append(_Block(6, (1000, 1), lines, "log patterns"))
    if dashboard.warnings:
        lines = ["", "## Warnings"]
        for w in dashboard.warnings[:5]:
            times = f" ×{w.count}" if w.count > 1 else ""
            lines.append(f"- {w.category}{times} at `{w.path}:{w.line}`: {w.message[:140]}")
        blocks.append(_Block(6, (1000, 2), lines, "warnings"))
    slowest = [t for t in dashboard.resources.get("slowest_tests") or [] if t["duration_s"] >= 0.1]
    if slowest:
        shown = ", ".join(f"`{t['nodeid']}` {t['duration_s']:.2f}s" for t in slowest[:3])
        blocks.append(_Block(7, (1000, 3), ["", f"Slowest: {shown}"], "slowest tests"))
    if dashboard.internal:
        lines = ["", "## llm-brief internal errors (your results are unaffected)"]
        lines += [f"- {e.where}: {e.message[:200]}" for e in dashboard.internal[:3]]
        blocks.append(_Block(2, (1000, 0), lines, "internal errors"))
    return blocks


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
    example = f" (e.g. {first.example[:100]})" if first.example != first.template else ""
    count = sum(p.count for p in group)
    return (
        f"- ×{count} {first.level} {first.logger} `{where}`{sites}: {first.template[:140]}{example}"
    )


def render_briefing(
    dashboard: Dashboard, budget: int = 2000, dashboard_name: str = "dashboard.json"
) -> str:
    """The briefing: both verdict lines and every issue header always; the rest by priority."""
    head = [f"# {verdict(dashboard)}", since_line(dashboard)]
    tail = [f"{verdict(dashboard)} · details: `{dashboard_name}`"]
    headers = [_issue_header(n, issue) for n, issue in enumerate(dashboard.issues, 1)]
    blocks = _global_blocks(dashboard)
    for n, issue in enumerate(dashboard.issues, 1):
        blocks.extend(_issue_blocks(n, issue))
    used = estimate_tokens("\n".join(head + tail + headers)) + 40  # reserve for the trim note
    for block in sorted(blocks, key=lambda b: (b.rank, b.order)):
        cost = estimate_tokens("\n".join(block.lines))
        if used + cost <= budget:
            block.kept = True
            used += cost
    out = list(head)
    out.extend(line for b in blocks if b.order[0] == 0 and b.kept for line in b.lines)
    if dashboard.issues:
        out += ["", "## Issues (most severe first)"]
    for n, header in enumerate(headers, 1):
        out.append(header)
        for block in sorted(
            (b for b in blocks if b.order[0] == n and b.kept), key=lambda b: b.order
        ):
            out.extend(block.lines)
        out.append("")
    out.extend(line for b in blocks if b.order[0] == 1000 and b.kept for line in b.lines)
    trimmed = [b.label for b in blocks if not b.kept]
    if trimmed:
        out += ["", _trim_note(trimmed, budget, dashboard_name)]
    out += ["", *tail]
    return "\n".join(_collapse_blank(out)) + "\n"


def _trim_note(labels: Sequence[str], budget: int, dashboard_name: str) -> str:
    shown = ", ".join(labels[:6]) + (f" and {len(labels) - 6} more" if len(labels) > 6 else "")
    return (
        f"_Trimmed to fit {budget} tokens: {shown}. Everything is in `{dashboard_name}` "
        "(issues[].frames, issues[].logs, issues[].tests, log_patterns, warnings)._"
    )


def _collapse_blank(lines: Sequence[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return out
