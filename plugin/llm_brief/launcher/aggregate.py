"""The aggregator of a launch: hook messages and output in, records and journal events out. Pure.

Not thread-safe by itself; `live.LiveBrief` serialises access with a lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from llm_brief.capture.exceptions import PathClassifier
from llm_brief.core.codec import to_json
from llm_brief.core.model import LogEntry, PhaseRecord, WarningEntry
from llm_brief.core.patterns import StatusReport
from llm_brief.core.vocabulary import parse_health
from llm_brief.launcher.outputs import EchoFilter, OutputAnalysis
from llm_brief.launcher.processes import ProcessState, exception_key, process_label, program
from llm_brief.launcher.tracebacks import ParsedTraceback

SETTLE = 1.0
MAX_STATUS = 500
MAX_TEXT_TRACEBACKS = 200


class LaunchState:
    """Everything a launch has said so far, per process and per output stream."""

    def __init__(self, root: str) -> None:
        self.paths = PathClassifier(root)
        self.processes: dict[int, ProcessState] = {}
        self.main_pid: int | None = None
        self.output = OutputAnalysis(self.paths)
        self.echo = EchoFilter()
        self.warnings: dict[tuple[int, tuple[str, str, str, int]], WarningEntry] = {}
        self.status_reports: list[StatusReport] = []
        self.text_pending: list[tuple[str, ParsedTraceback]] = []
        self.text_records: list[PhaseRecord] = []
        self.changed = True
        self._journal: list[dict[str, Any]] = []

    # -- input ---------------------------------------------------------------------------------
    def set_main(self, pid: int, argv: Sequence[str]) -> ProcessState:
        """The launched command itself (hooked or not): output and text tracebacks belong to it."""
        self.main_pid = pid
        proc = self._process(pid, argv)
        script = program(argv)[1]
        if script and not proc.path:
            proc.path = self.paths.classify(script)[0]
        return proc

    def _process(self, pid: int, argv: Sequence[str] = ()) -> ProcessState:
        proc = self.processes.get(pid)
        if proc is None:
            proc = ProcessState(pid=pid, label=process_label(argv, pid) if argv else f"pid {pid}")
            self.processes[pid] = proc
        return proc

    def on_messages(self, messages: list[dict[str, Any]]) -> None:
        """Apply messages from hooked processes (one bad message never stops the others)."""
        for message in messages:
            try:
                self._apply(message)
            except (KeyError, TypeError, ValueError):
                continue
        self.changed = True

    def _apply(self, message: dict[str, Any]) -> None:
        kind = message.get("t")
        pid = int(message["pid"])
        proc = self._process(pid)
        if kind == "hello":
            argv = [str(a) for a in message.get("argv", ())]
            if pid != self.main_pid and argv:
                proc.label = process_label(argv, pid)
            proc.hello(message, self.paths)
        elif kind == "logs":
            proc.logs(message)
            self.echo.update(proc.templates())
        elif kind == "exception":
            record = proc.exception(message)
            if record is not None:
                self._journal.append({"t": "test", "record": to_json(record)})
        elif kind == "warning":
            self._warning(pid, message)
        elif kind == "status":
            self._status(message)
        elif kind == "bye":
            proc.ended = True
            code = message.get("exit_code")
            proc.exit_code = int(code) if code is not None else None

    def _warning(self, pid: int, message: dict[str, Any]) -> None:
        key = (
            str(message["category"]),
            str(message["message"]),
            str(message["path"]),
            int(message["line"]),
        )
        self.warnings[(pid, key)] = WarningEntry(*key, count=int(message.get("count", 1)))
        self._journal.append({"t": "warning", "warning": to_json(self._merged_warning(key))})

    def _merged_warning(self, key: tuple[str, str, str, int]) -> WarningEntry:
        total = sum(w.count for (_, k), w in self.warnings.items() if k == key)
        return WarningEntry(*key, count=total)

    def _status(self, message: dict[str, Any]) -> None:
        report = StatusReport(
            component=str(message["component"]),
            status=parse_health(message.get("status", "WARNING")),
            message=str(message.get("message", ""))[:500],
            when=float(message.get("time", 0.0)),
        )
        if len(self.status_reports) >= MAX_STATUS:
            self.status_reports.pop(0)
        self.status_reports.append(report)
        self._journal.append({"t": "status", "status": to_json(report)})

    def on_output(self, stream: str, data: bytes, when: float) -> None:
        """Bytes printed by the process tree on `stream`."""
        self.output.add(stream, data, when)

    def on_output_end(self, stream: str, when: float) -> None:
        """The stream reached its end."""
        self.output.end(stream, when)

    def add_record(self, record: PhaseRecord) -> None:
        """A record the edge made itself (a command that could not start, a deadly signal)."""
        self.text_records.append(record)
        self._journal.append({"t": "test", "record": to_json(record)})
        self.changed = True

    # -- progress ------------------------------------------------------------------------------
    def settle(self, now: float, final: bool = False) -> None:
        """Analyse due output; keep text tracebacks no hooked process reported itself."""
        found = self.output.settle(now, self.echo, final)
        if found:
            self.text_pending.extend(found)
            self.changed = True
        reported = {
            exception_key(r.exceptions) for p in self.processes.values() for r in p.exceptions
        }
        waiting: list[tuple[str, ParsedTraceback]] = []
        for stream, parsed in self.text_pending:
            if exception_key(parsed.chain) in reported:
                continue
            if not final and now - parsed.when < SETTLE:
                waiting.append((stream, parsed))
                continue
            if len(self.text_records) < MAX_TEXT_TRACEBACKS:
                record = self._text_record(stream, parsed)
                self.text_records.append(record)
                self._journal.append({"t": "test", "record": to_json(record)})
                self.changed = True
        self.text_pending = waiting

    def _text_record(self, stream: str, parsed: ParsedTraceback) -> PhaseRecord:
        main = self.processes.get(self.main_pid or -1)
        return PhaseRecord(
            nodeid=main.label if main is not None else "(output)",
            phase="crash" if parsed.fatal else "run",
            outcome="error",
            path=main.path if main is not None else "",
            exceptions=parsed.chain,
            longrepr=f"traceback printed on {stream}",
            finished_at=parsed.when,
        )

    # -- output --------------------------------------------------------------------------------
    def records(self, main_exit: int | None = None) -> list[PhaseRecord]:
        """Every record so far; with `main_exit` (the run ended) a failed exit marks its crash."""
        records: list[PhaseRecord] = []
        for proc in self.processes.values():
            logs = proc.entries()
            if proc.pid == self.main_pid:
                logs += tuple(self.output.entries())
            if logs or proc.dropped:
                records.append(self._carrier(proc, logs, proc.dropped))
            crashed = {exception_key(r.exceptions) for r in proc.exceptions if r.phase == "crash"}
            records.extend(
                r
                for r in proc.exceptions
                if r.phase == "crash" or exception_key(r.exceptions) not in crashed
            )
        text = list(self.text_records)
        if main_exit and text and not self._main_crashed():
            # A process without the hook died; its last printed traceback is why.
            text[-1] = replace(text[-1], phase="crash")
        records.extend(text)
        return records

    def _main_crashed(self) -> bool:
        main = self.processes.get(self.main_pid or -1)
        return main is not None and any(r.phase == "crash" for r in main.exceptions)

    def _carrier(self, proc: ProcessState, logs: tuple[LogEntry, ...], dropped: int) -> PhaseRecord:
        return PhaseRecord(
            nodeid=proc.label,
            phase="run",
            outcome="passed",
            path=proc.path,
            logs=logs,
            dropped_logs=dropped,
        )

    def take_journal(self) -> list[dict[str, Any]]:
        """Journal events since the last call: exceptions, warnings, and log counts as deltas."""
        events, self._journal = self._journal, []
        output = self.output.delta()
        for proc in self.processes.values():
            logs, dropped = proc.delta()
            if proc.pid == self.main_pid:
                logs += tuple(output)
            if logs or dropped:
                events.append({"t": "test", "record": to_json(self._carrier(proc, logs, dropped))})
        return events

    def dropped(self) -> dict[str, int]:
        """What was lost on the way, for the dashboard's resources."""
        return {
            "events_dropped": sum(p.dropped for p in self.processes.values()),
            "output_lines_dropped": self.output.dropped_lines,
        }

    def warnings_list(self) -> tuple[WarningEntry, ...]:
        """Warnings merged across processes."""
        keys = dict.fromkeys(k for _, k in self.warnings)
        return tuple(self._merged_warning(k) for k in keys)
