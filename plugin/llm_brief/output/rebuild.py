"""Rebuild a dashboard and briefing from a journal alone (after a crash or SIGKILL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from llm_brief.core.analyzer import RunFacts
from llm_brief.core.codec import from_json
from llm_brief.core.model import Counts, InternalError, WarningEntry
from llm_brief.core.patterns import StatusReport
from llm_brief.core.settings import Settings
from llm_brief.output.journal import journals, read_journal, record_of_event
from llm_brief.output.marker import read_marker
from llm_brief.output.publish import Published


class NoJournal(LookupError):
    """No journal to rebuild from; the message says where it looked."""


def find_journal(target: Path) -> Path:
    """`target` itself when it is a journal file, else the newest journal in that output dir."""
    if target.is_file():
        return target
    found = journals(target)
    if not found:
        raise NoJournal(
            f"no journal in {target / 'journal'}: run `pytest --llm-brief` or "
            "`llm-brief run -- CMD` first, or pass the journal file itself"
        )
    return found[-1]


def facts_from_events(
    events: list[dict[str, Any]],
    bad_lines: int,
    journal: Path,
    marker: dict[str, Any] | None = None,
) -> RunFacts:
    """The run's facts as far as the journal knows them; an unfinished run counts as interrupted,
    and the running marker it left (if it is this run's) names the test that was running."""
    start = next((e for e in events if e.get("t") == "start"), {})
    finish = next((e for e in reversed(events) if e.get("t") == "finish"), None)
    warnings: dict[tuple[str, str, str, int], WarningEntry] = {}
    statuses: list[StatusReport] = []
    for event in events:
        if event.get("t") == "warning":
            entry = from_json(WarningEntry, event.get("warning", {}))
            warnings[(entry.category, entry.message, entry.path, entry.line)] = entry
        elif event.get("t") == "status" and isinstance(event.get("status"), dict):
            status = event["status"]
            statuses.append(
                StatusReport(
                    component=str(status.get("component", "")),
                    status=status.get("status", "WARNING"),
                    message=str(status.get("message", "")),
                    when=float(status.get("when", 0.0)),
                )
            )
    notes = [f"rebuilt from {journal.name} by `llm-brief report`"]
    if bad_lines:
        notes.append(f"skipped {bad_lines} unreadable journal line(s)")
    last_test = ""
    if marker is not None and marker.get("run_id") == start.get("run_id") and finish is None:
        last_test = str(marker.get("last_test", ""))
    if finish is None:
        started = start.get("started_at", "at an unknown time")
        running = f", last test {last_test}" if last_test else ""
        notes.append(
            f"incomplete: started {started}{running}; the run never finished (killed, crashed or "
            "os._exit) and this shows what it recorded"
        )
    kind = str(start.get("kind", "pytest"))
    counts = finish.get("counts") if finish else None
    internal = tuple(from_json(InternalError, e) for e in (finish or {}).get("internal", []))
    return RunFacts(
        kind=kind,
        command=tuple(start.get("command", [])),
        root=str(start.get("root", "")),
        started_at=str(start.get("started_at", "1970-01-01T00:00:00Z")),
        duration_s=float((finish or {}).get("duration_s", 0.0)),
        exit_code=int((finish or {}).get("exit_code", 2 if kind == "pytest" else 137)),
        run_id=str(start.get("run_id", journal.stem)),
        interrupted=finish is None or bool(finish.get("interrupted")),
        signal=(finish or {}).get("signal"),
        counts=from_json(Counts, counts) if isinstance(counts, dict) else None,
        warnings=tuple(warnings.values()),
        internal=internal,
        status_reports=tuple(statuses),
        resources=dict((finish or {}).get("resources", {})),
        notes=tuple(notes),
        tool_version=str(start.get("tool_version", "")),
        start_rss=int(start.get("start_rss", 0)),
        complete=finish is not None,
        last_test=last_test,
    )


def rebuild(target: Path, settings: Settings, output_dir: Path | None = None) -> Published:
    """Rebuild and publish the outputs of the newest (or given) journal."""
    from llm_brief.output.finish import Outputs, finish_run

    journal = find_journal(target)
    events, bad = read_journal(journal)
    records = [r for r in map(record_of_event, events) if r is not None]
    out = output_dir or (
        journal.parent.parent if journal.parent.name == "journal" else journal.parent
    )
    marker = read_marker(out)
    facts = facts_from_events(events, bad, journal, marker)
    return finish_run(records, facts, Outputs.of(settings, out))
