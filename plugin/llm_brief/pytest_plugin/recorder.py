"""The recording side of a pytest run (serial, or the xdist controller): records, journal, finish.

Whatever captured a phase (this process's `SerialCapture`, or a worker whose payload arrived with
its report) hands the record here; the recorder journals it, and at the end of the session
analyses the run and writes the briefing. Every hook body runs inside the run's `Boundary`.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from typing import Any

import pytest

from llm_brief import __version__
from llm_brief.capture.exceptions import exception_chain
from llm_brief.capture.resources import RssProbe, peak_rss_bytes, process_tree_figures
from llm_brief.core.analyzer import RunFacts
from llm_brief.core.codec import to_json
from llm_brief.core.model import PhaseRecord, WarningEntry
from llm_brief.core.patterns import StatusReport
from llm_brief.core.render.verdict import INTERRUPTED_IN
from llm_brief.core.resources import slowest
from llm_brief.core.vocabulary import iso_time
from llm_brief.output.finish import finish_run
from llm_brief.output.journal import (
    JOURNAL_STOPPED,
    Journal,
    PassEntry,
    finish_event,
    journal_event,
    pass_line,
    pass_record,
    start_event,
)
from llm_brief.output.publish import WRITING, Published
from llm_brief.output.store import JOURNALS
from llm_brief.pytest_plugin.context import RunContext
from llm_brief.pytest_plugin.environment import run_environment
from llm_brief.pytest_plugin.extensions import PytestExtensions
from llm_brief.pytest_plugin.handoff import FailureHandoff
from llm_brief.pytest_plugin.progress import RunProgress
from llm_brief.pytest_plugin.reports import collect_record, count_warning, counts_of, usage_record
from llm_brief.pytest_plugin.rerun import rerun_from, rerun_prefix
from llm_brief.pytest_plugin.summary import summary_of


class Recorder:
    """The run's records and facts on the side that writes the outputs."""

    def __init__(self, context: RunContext, handoff: FailureHandoff | None = None) -> None:
        self.context = context
        self.config = context.config
        self.settings = context.settings
        self.handoff = handoff
        self.boundary = context.boundary
        # full records, and quiet passes in their compact form (see `records_so_far`)
        self.records: list[PhaseRecord | PassEntry] = []
        self.rss = RssProbe()
        self.warnings: dict[tuple[str, str, str, int], WarningEntry] = {}
        self.status_reports: list[StatusReport] = []
        self.notes: list[str] = []
        self.interrupted = False
        self.exit_code = 0
        self.started = time.time()
        self.start_rss = 0
        self.journal: Journal | None = None
        self.published: Published | None = None
        self.progress = RunProgress(context)

    # -- what the capture hands over --------------------------------------------------------
    def record(self, record: PhaseRecord) -> None:
        """Keep a full record and journal it."""
        self.records.append(record)
        self._journal(journal_event(record))

    def add_pass(self, entry: PassEntry) -> None:
        """Keep a quiet pass in its compact form, and journal its compact line."""
        self.records.append(entry)
        if self.journal is not None:
            nodeid, duration, path, line, rss = entry
            redact = self.journal.redact
            nodeid = redact(nodeid, repeats=False)
            self._journal(pass_line((nodeid, duration, redact(path), line, rss)))

    def status(self, report: StatusReport) -> None:
        """Keep a `report_status` call."""
        self.status_reports.append(report)
        self._journal({"t": "status", "status": to_json(report)})

    def note(self, note: str) -> None:
        """Keep a note for the briefing (an empty one is none)."""
        if note and note not in self.notes:
            self.notes.append(note)

    def flush_pending(self) -> None:
        """Record a failed phase still waiting for its exception (none will come now)."""
        if self.handoff is not None:
            pending = self.handoff.release()
            if pending is not None:
                self.record(pending)

    def records_so_far(self) -> list[PhaseRecord]:
        """Every record of the run, quiet passes expanded, in the order they finished."""
        return [r if isinstance(r, PhaseRecord) else pass_record(r) for r in self.records]

    def _journal(self, event: dict[str, Any] | str) -> None:
        """Append an event (or its ready JSON line) to the journal; the first failure (disk
        full…) stops journaling, not the run."""
        if self.journal is None:
            return
        try:
            if isinstance(event, str):
                self.journal.append_line(event)
            else:
                self.journal.append(event)
        except Exception as exc:
            self.journal = None
            self.boundary.record(JOURNAL_STOPPED, exc)

    def _session_record(self, nodeid: str, exc: BaseException) -> PhaseRecord:
        """A failed record of the whole session (usage error, interruption, internal error)."""
        chain = exception_chain(exc, self.context.paths)
        return PhaseRecord(nodeid, "session", "error", exceptions=chain, finished_at=time.time())

    def _collect_failed(self) -> bool:
        return any(isinstance(r, PhaseRecord) and r.phase == "collect" for r in self.records)

    # -- hooks ------------------------------------------------------------------------------
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        with self.boundary.guard("sessionstart"):
            self.started = time.time()
            self.start_rss = self.rss.read()
            directory = self.context.outputs.directory
            self.progress.start(self.started)
            if not self.settings.journal:
                return
            path = directory / JOURNALS / f"{self.context.run_id}.jsonl"
            self.journal = Journal(path, self.context.outputs.redactor)
            self._journal(
                start_event(
                    self.context.run_id,
                    "pytest",
                    str(self.context.root),
                    ["pytest", *self.config.invocation_params.args],
                    iso_time(self.started),
                    self.start_rss,
                    __version__,
                )
            )

    @pytest.hookimpl(wrapper=True)
    def pytest_collection(self, session: pytest.Session) -> Any:
        try:
            return (yield)
        except pytest.UsageError as exc:  # a path that does not exist, a bad -k: exit 4
            with self.boundary.guard("usage error"):
                self.record(usage_record(self._session_record("(session)", exc)))
            raise

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        with self.boundary.guard("collectreport"):
            self.flush_pending()
            if report.failed:
                self.record(collect_record(report))

    def pytest_warning_recorded(
        self, warning_message: Any, when: str, nodeid: str, location: Any
    ) -> None:
        with self.boundary.guard("warning capture"):
            entry = count_warning(self.warnings, warning_message, nodeid, self.context.paths)
            self._journal({"t": "warning", "warning": to_json(entry)})

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        with self.boundary.guard("keyboard interrupt"):
            self.flush_pending()
            if isinstance(excinfo.value, pytest.Session.Interrupted) and self._collect_failed():
                return  # pytest stops this way after collection errors; those are already issues
            self.interrupted = True
            self.record(self._session_record("(session)", excinfo.value))

    def pytest_internalerror(
        self, excrepr: Any, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> None:
        with self.boundary.guard("internal error"):
            self.flush_pending()
            record = self._session_record("(pytest internal error)", excinfo.value)
            self.record(replace(record, longrepr=str(excrepr)[-2000:]))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(
        self, session: pytest.Session, exitstatus: int | pytest.ExitCode
    ) -> None:
        self.exit_code = int(exitstatus)
        with self.boundary.guard(WRITING):
            self._finish(int(exitstatus))
        if self.exit_code == int(pytest.ExitCode.INTERNAL_ERROR):
            # pytest prints no terminal summary after an internal error; the verdict still counts
            reporter = self.config.pluginmanager.getplugin("terminalreporter")
            if reporter is not None:
                self.pytest_terminal_summary(reporter)

    def _finish(self, exit_code: int) -> None:
        self.flush_pending()
        duration = time.time() - self.started
        records = self.records_so_far()
        figures, note = process_tree_figures()
        resources: dict[str, Any] = {
            "slowest_tests": slowest(records),
            "peak_rss_bytes": peak_rss_bytes(),
            **figures,
        }
        counts = counts_of(self.config, sum(w.count for w in self.warnings.values()))
        self._journal(
            finish_event(
                exit_code,
                duration,
                self.interrupted,
                counts=to_json(counts) if counts else None,
                resources=resources,
            )
        )
        command = ("pytest", *self.config.invocation_params.args)
        facts = RunFacts(
            kind="pytest",
            command=command,
            root=str(self.context.root),
            started_at=iso_time(self.started),
            duration_s=duration,
            exit_code=exit_code,
            run_id=self.context.run_id,
            # pytest also exits 2 after collection errors; that is an error, not an interruption
            interrupted=self.interrupted
            or (exit_code == int(pytest.ExitCode.INTERRUPTED) and not self._collect_failed()),
            counts=counts,
            warnings=tuple(self.warnings.values()),
            internal=tuple(self.boundary.errors),
            status_reports=tuple(self.status_reports),
            resources=resources,
            notes=tuple(n for n in (note, *self.notes, self._interrupted_in()) if n),
            tool_version=__version__,
            start_rss=self.start_rss,
            finished_at=iso_time(time.time()),
            complete=not self.interrupted,
            selection=self.progress.selection(),
            rerun_prefix=rerun_prefix(self.config, self.settings.rerun_prefix),
            rerun_from=rerun_from(self.config),
        )
        self.published = finish_run(
            records,
            facts,
            self.context.outputs,
            PytestExtensions(self.config),
            environment=run_environment(self.config, self.settings),
        )
        if self.journal is not None:  # lines written before a secret in them was learnt
            self.journal.redact_again()
        self.progress.finish()

    def _interrupted_in(self) -> str:
        running = self.progress.running
        return f"{INTERRUPTED_IN}{running}" if self.interrupted and running else ""

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.settings.terminal == "off":
            return
        try:
            lines = summary_of(self, self.published)
            if len(lines) > 1:  # a green run is its one verdict line
                terminalreporter.write_sep("=", "llm-brief")
            redactor = self.context.outputs.redactor
            for line in lines:
                terminalreporter.write_line(redactor.redact(line))
        except Exception as exc:
            sys.stderr.write(f"llm-brief: internal error while printing the summary: {exc}\n")

    def close(self) -> None:
        """Close the journal and the RSS probe; drop the records."""
        if self.journal is not None:
            self.journal.close()
        self.progress.finish()  # this process did not die: no marker may outlive it
        self.rss.close()
        self.records.clear()  # a large suite's records need not outlive the session
