"""Log patterns across a run, and component health derived from logger names. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from llm_brief.core.model import Component, Issue, LogEntry, LogPattern, PhaseRecord, ValueType
from llm_brief.core.vocabulary import (
    HEALTH_ORDER,
    LEVEL_HEALTH,
    SEVERITY_HEALTH,
    Health,
    is_test_path,
    level_rank,
    worst_health,
)

_OUTPUT_LEVEL = re.compile(
    r"\b(?P<level>FATAL|CRITICAL|PANIC|panic|ERROR|Error|WARN(?:ING)?|Warning)\b[:\]\s]"
)
MAX_OUTPUT_LINES = 400
_PSEUDO_SOURCES: dict[str, Literal["stdout", "stderr"]] = {
    "<stdout>": "stdout",
    "<stderr>": "stderr",
}


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class StatusReport(ValueType):
    """One `llm_brief.report_status` call."""

    component: str
    status: Health
    message: str
    when: float


def merge_logs(entries: Iterable[LogEntry]) -> list[LogEntry]:
    """Collapse entries of the same logger, level, template and call site, summing counts."""
    # the running totals per key, turned into entries once (a suite can log at one site 10,000 times)
    merged: dict[tuple[str, str, str, str, int], tuple[LogEntry, int, float, float, str]] = {}
    for entry in entries:
        key = (entry.logger, entry.level, entry.template, entry.path, entry.line)
        seen = merged.get(key)
        if seen is None:
            merged[key] = (entry, entry.count, entry.first_seen, entry.last_seen, entry.exception)
        else:
            first, count, first_seen, last_seen, exception = seen
            merged[key] = (
                first,
                count + entry.count,
                min(first_seen, entry.first_seen),
                max(last_seen, entry.last_seen),
                exception or entry.exception,
            )
    return [
        first
        if count == first.count  # nothing merged into it
        else replace(
            first, count=count, first_seen=first_seen, last_seen=last_seen, exception=exception
        )
        for first, count, first_seen, last_seen, exception in merged.values()
    ]


def output_level(line: str) -> str:
    """The level an output line announces (ERROR / WARNING / CRITICAL), or INFO."""
    match = _OUTPUT_LEVEL.search(line)
    if match is None:
        return "INFO"
    word = match.group("level").upper()
    if word in ("FATAL", "PANIC", "CRITICAL"):
        return "CRITICAL"
    return "WARNING" if word.startswith("WARN") else "ERROR"


def _output_patterns(records: Sequence[PhaseRecord]) -> list[LogPattern]:
    """Mine stdout/stderr lines without a template into patterns (Drain-class miner)."""
    if not any(r.stdout or r.stderr for r in records):
        return []  # the common green run prints nothing: skip even importing the miner
    from llm_brief.core.miner import TemplateMiner

    found: list[LogPattern] = []
    for stream in ("stdout", "stderr"):
        miner = TemplateMiner()
        levels: dict[int, str] = {}
        seen = 0
        for record in records:
            text = record.stdout if stream == "stdout" else record.stderr
            if not text:
                continue
            for line in text.splitlines():
                line = line.strip()
                if not line or seen >= MAX_OUTPUT_LINES * 50:
                    continue
                seen += 1
                cluster = miner.add(line, record.finished_at)
                level = output_level(line)
                if level_rank(level) > level_rank(levels.get(cluster, "DEBUG")):
                    levels[cluster] = level
        for mined in miner.templates():
            found.append(
                LogPattern(
                    template=mined.template,
                    count=mined.count,
                    level=levels.get(mined.id, "INFO"),
                    logger=stream,
                    path="",
                    line=0,
                    first_seen=mined.first_seen,
                    last_seen=mined.last_seen,
                    example=mined.example,
                    source=stream,
                )
            )
    return found


def log_patterns_of(records: Sequence[PhaseRecord]) -> list[LogPattern]:
    """Every log template of the run (all of them; the briefing shows the top few)."""
    merged = merge_logs(entry for record in records for entry in record.logs)
    patterns = [
        LogPattern(
            template=e.template,
            count=e.count,
            level=e.level,
            logger=e.logger,
            path=e.path,
            line=e.line,
            first_seen=e.first_seen,
            last_seen=e.last_seen,
            example=e.message,
            # launch output mined by the launcher arrives under the pseudo-loggers <stdout>/<stderr>
            source=_PSEUDO_SOURCES.get(e.logger, "logging"),
        )
        for e in merged
    ]
    patterns.extend(_output_patterns(records))
    return sorted(patterns, key=lambda p: (-level_rank(p.level), -p.count, p.template))


def component_name(logger: str, depth: int) -> str:
    """The component of a logger: its first `depth` dotted parts (`tradebot.db.pool` -> `tradebot.db`)."""
    return ".".join(logger.split(".")[:depth])


def _module_of(path: str) -> str:
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def components_of(
    records: Sequence[PhaseRecord],
    issues: Sequence[Issue],
    reports: Sequence[StatusReport],
    depth: int,
) -> list[Component]:
    """Components from logger names and `report_status`, with the issues raised in their modules."""
    counts: dict[str, dict[str, int]] = {}
    status: dict[str, Health] = {}
    last: dict[str, tuple[float, str]] = {}
    for entry in merge_logs(e for r in records for e in r.logs):
        if entry.logger in ("root", "") or entry.logger.startswith("<"):
            continue
        name = component_name(entry.logger, depth)
        per_level = counts.setdefault(name, {})
        per_level[entry.level] = per_level.get(entry.level, 0) + entry.count
        status[name] = worst_health([status.get(name, "OK"), LEVEL_HEALTH.get(entry.level, "OK")])
        if entry.last_seen >= last.get(name, (-1.0, ""))[0]:
            last[name] = (entry.last_seen, entry.message)
    for report in reports:
        status[report.component] = worst_health([status.get(report.component, "OK"), report.status])
        counts.setdefault(report.component, {})
        if report.when >= last.get(report.component, (-1.0, ""))[0]:
            last[report.component] = (report.when, report.message)
    linked: dict[str, list[str]] = {}
    for issue in issues:
        module = _module_of(issue.location.path)
        owners = [n for n in status if module == n or module.startswith(n + ".")]
        for name in owners or ([component_name(module, depth)] if _is_app_module(issue) else []):
            linked.setdefault(name, []).append(issue.id)
            status[name] = worst_health([status.get(name, "OK"), SEVERITY_HEALTH[issue.severity]])
            counts.setdefault(name, {})
    return sorted(
        (
            Component(
                name=name,
                status=status[name],
                last_message=last.get(name, (0.0, ""))[1][:300],
                counts=counts.get(name, {}),
                issues=tuple(linked.get(name, ())),
            )
            for name in status
        ),
        key=lambda c: (-HEALTH_ORDER[c.status], c.name),
    )


def _is_app_module(issue: Issue) -> bool:
    path = issue.location.path
    return bool(path) and not path.startswith("/") and not is_test_path(path)
