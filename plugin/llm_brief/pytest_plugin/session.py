"""The capture session registered into pytest: hooks that record, and the finish that writes.

Every hook body runs inside `_guard`: an exception in llm-brief becomes an `internal` entry in
the dashboard and one terminal line, never a changed test outcome or exit code.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

import pytest

from llm_brief import __version__
from llm_brief.capture.exceptions import PathClassifier, exception_chain
from llm_brief.capture.logs import LogCapture, install, uninstall
from llm_brief.capture.resources import RssProbe, peak_rss_bytes, process_tree_figures, slowest
from llm_brief.config import Settings
from llm_brief.core.analyzer import RunFacts
from llm_brief.core.model import (
    Counts,
    ExceptionRecord,
    InternalError,
    TestRecord,
    WarningEntry,
    from_json,
    to_json,
)
from llm_brief.core.patterns import StatusReport
from llm_brief.core.render.terminal import summary_lines
from llm_brief.output.finish import finish_run
from llm_brief.output.publish import Published, make_redactor
from llm_brief.output.store import JOURNALS, Journal, new_run_id
from llm_brief.pytest_plugin.reports import (
    PAYLOAD,
    PassEntry,
    collect_payload,
    collect_record,
    failure_chain,
    is_quiet_pass,
    journal_event,
    pass_entry,
    pass_line,
    pass_record,
    phase_payload,
    phase_record,
    received_record,
)
from llm_brief.status import set_status_sink

F = TypeVar("F", bound=Callable[..., Any])
_STATS = {
    "passed": "passed",
    "failed": "failed",
    "error": "errors",
    "skipped": "skipped",
    "xfailed": "xfailed",
    "xpassed": "xpassed",
    "warnings": "warnings",
}


def _guard(where: str) -> Callable[[F], F]:
    """Catch anything llm-brief raises inside a hook and record it as an internal error."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(self: BriefSession, *args: Any, **kwargs: Any) -> Any:
            try:
                return fn(self, *args, **kwargs)
            except Exception as exc:
                self.internal_error(where, exc)
                return None

        return wrapper  # type: ignore[return-value]

    return decorate


class BriefSession:
    """State of one capture (`config.stash`-owned) and the hooks that fill it."""

    def __init__(self, config: pytest.Config, settings: Settings, rules_source: str = "") -> None:
        self.config = config
        self.settings = settings
        self.rules_source = rules_source
        self.is_worker = hasattr(config, "workerinput")
        self.root = config.rootpath
        self.paths = PathClassifier(self.root)
        self.output_dir = Path(settings.output_dir)
        if not self.output_dir.is_absolute():
            self.output_dir = self.root / self.output_dir
        self.run_id = new_run_id()
        # full records, and quiet passes in their compact form (see `records_so_far`)
        self.records: list[TestRecord | PassEntry] = []
        # xdist workers: each phase's call, whose exception goes into the payload (the call, not
        # its excinfo: pytest's unittest support sets that after our makereport hook)
        self._calls: dict[str, pytest.CallInfo[Any]] = {}
        # serial: exceptions handed over before their report was logged (pytest-rerunfailures
        # logs a test's reports after its whole protocol)
        self._chains: dict[tuple[str, str], tuple[ExceptionRecord, ...]] = {}
        self._pending: TestRecord | None = None  # a failed phase waiting for its exception
        self._rss = RssProbe()
        self.warnings: dict[tuple[str, str, str, int], WarningEntry] = {}
        self.internal: list[InternalError] = []
        self.status_reports: list[StatusReport] = []
        self.interrupted = False
        self.started = time.time()
        self.start_rss = 0
        self.journal: Journal | None = None
        self.published: Published | None = None
        self.redactor = make_redactor(settings)
        self.handler: LogCapture | None = None
        self._previous_level: int | None = None
        self._capturing = self.is_worker or not self._is_xdist_controller()
        if self._capturing:
            self.handler = LogCapture(settings.levelno, self.paths, settings.max_log_sites)
            self._previous_level = install(self.handler)
            set_status_sink(self._on_status)
        if not self.is_worker and settings.terminal == "compact":
            option = config.option
            if getattr(option, "tbstyle", "auto") == "auto":
                option.tbstyle = "no"

    def _is_xdist_controller(self) -> bool:
        numprocesses = getattr(self.config.option, "numprocesses", None)
        dist = getattr(self.config.option, "dist", "no")
        return bool(numprocesses) or (dist not in (None, "no"))

    # -- errors ---------------------------------------------------------------------------
    def internal_error(self, where: str, exc: BaseException) -> None:
        """Record a failure of llm-brief itself (shown once, in the summary and the dashboard)."""
        message = f"{type(exc).__name__}: {exc}{_origin(exc)}"
        self.internal.append(InternalError(where=where, message=message[:500]))

    # -- capture (worker or serial) ---------------------------------------------------------
    def _on_status(self, component: str, status: str, message: str) -> None:
        report = StatusReport(component, status, message, time.time())  # type: ignore[arg-type]
        if self.is_worker:
            self.status_reports.append(report)  # relayed with the next test report
        else:
            self._status(report)

    def _status(self, report: StatusReport) -> None:
        self.status_reports.append(report)
        self._journal({"t": "status", "status": to_json(report)})

    # tryfirst: on an xdist worker the payload must be on the report before xdist sends it
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        call = self._calls.pop(report.when, None)
        excinfo = call.excinfo if call is not None else None
        try:
            self._commit_pending()
            if self.handler is None:
                self._receive(report)  # the xdist controller: payloads come with the reports
            else:
                self._capture(report, excinfo)
        except Exception as exc:
            self.internal_error("capture", exc)

    def _capture(
        self, report: pytest.TestReport, excinfo: pytest.ExceptionInfo[BaseException] | None
    ) -> None:
        """Serial run or xdist worker: what the phase captured, kept or attached to the report."""
        assert self.handler is not None
        relay = self.is_worker and bool(self.status_reports)
        if not relay and not self.handler.pending():
            # Most of a suite: a passing setup or teardown without logs costs nothing (pytest
            # keeps its output), a quiet call one tuple.
            if report.when != "call" and report.passed:
                return
            if is_quiet_pass(report):
                rss = self._rss.read()
                if self.is_worker:
                    setattr(report, PAYLOAD, {"rss_bytes": rss})
                else:
                    self._pass(pass_entry(report, rss))
                return
        logs, dropped = self.handler.drain()
        rss = self._rss.read() if report.when == "call" or report.failed else 0
        chain = failure_chain(report, excinfo, self.paths)
        if not self.is_worker:
            if report.failed and self._chains:
                chain = self._chains.pop((report.nodeid, report.when), chain)
            record = phase_record(report, logs, dropped, chain, rss)
            if record is not None and report.failed and not chain:
                self._pending = record  # its exception comes with pytest_exception_interact
            elif record is not None:
                self._record(record)
            return
        payload = phase_payload(logs, dropped, chain, rss)
        if relay:
            # report_status calls on a worker travel to the controller with the next report
            payload["status"] = to_json(self.status_reports)
            self.status_reports = []
        setattr(report, PAYLOAD, payload)

    def _receive(self, report: pytest.TestReport) -> None:
        """The xdist controller: a worker's report, with what the worker captured."""
        payload = getattr(report, PAYLOAD, None) or {}
        if report.when == "call" and payload.keys() <= {"rss_bytes"} and is_quiet_pass(report):
            self._pass(pass_entry(report, int(payload.get("rss_bytes", 0))))
            return
        record = received_record(report, payload)
        if record is not None:
            self._record(record)
        for status in payload.get("status", ()):
            self._status(from_json(StatusReport, status))

    def pytest_exception_interact(
        self, node: pytest.Item | pytest.Collector, call: pytest.CallInfo[Any], report: Any
    ) -> None:
        if isinstance(node, pytest.Collector):
            self._attach_collect(call, report)
        else:
            self._attach_chain(call, report)

    @_guard("capture")
    def _attach_chain(self, call: pytest.CallInfo[Any], report: pytest.TestReport) -> None:
        """A serial run's failed phase: pytest calls this right after logging the report, with
        the live exception (one hook call per failure instead of a makereport hook per phase)."""
        pending, self._pending = self._pending, None
        try:
            if call.excinfo is None:
                return
            chain = exception_chain(call.excinfo.value, self.paths)
            if pending is not None and (pending.nodeid, pending.phase) == (
                report.nodeid,
                report.when,
            ):
                pending = replace(pending, exceptions=chain)
            else:  # its report is logged later
                if len(self._chains) > 100:  # reports that were never logged
                    self._chains.clear()
                self._chains[(report.nodeid, report.when)] = chain
        finally:
            if pending is not None:
                self._record(pending)

    def _commit_pending(self) -> None:
        """Keep a failed phase that got no exception (a strict xpass, or a plugin that ends
        the run before pytest_exception_interact)."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._record(pending)

    @_guard("collection capture")
    def _attach_collect(self, call: pytest.CallInfo[Any], report: pytest.CollectReport) -> None:
        if call.excinfo is not None:
            setattr(report, PAYLOAD, collect_payload(call.excinfo.value, self.paths))

    # -- recording (controller or serial) ---------------------------------------------------
    @_guard("sessionstart")
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.started = time.time()
        self.start_rss = self._rss.read()
        if self.is_worker or not self.settings.journal:
            return
        self.journal = Journal(self.output_dir / JOURNALS / f"{self.run_id}.jsonl", self.redactor)
        self._journal(
            {
                "t": "start",
                "run_id": self.run_id,
                "kind": "pytest",
                "root": str(self.root),
                "command": ["pytest", *self.config.invocation_params.args],
                "started_at": _iso(self.started),
                "start_rss": self.start_rss,
                "tool_version": __version__,
            }
        )

    @_guard("collectreport")
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self._commit_pending()
        if not self.is_worker and report.failed:
            self._record(collect_record(report))

    def _collect_failed(self) -> bool:
        return any(isinstance(r, TestRecord) and r.phase == "collect" for r in self.records)

    def records_so_far(self) -> list[TestRecord]:
        """Every record of the run, quiet passes expanded, in the order they finished."""
        return [r if isinstance(r, TestRecord) else pass_record(r) for r in self.records]

    def _record(self, record: TestRecord) -> None:
        self.records.append(record)
        self._journal(journal_event(record))

    def _pass(self, entry: PassEntry) -> None:
        self.records.append(entry)
        if self.journal is not None:
            nodeid, duration, path, line, rss = entry
            redact = self.journal.redact
            nodeid = redact(nodeid, repeats=False)
            self._journal(pass_line((nodeid, duration, redact(path), line, rss)))

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
            self.internal_error("journal (stopped; the briefing is still written)", exc)

    @_guard("warning capture")
    def pytest_warning_recorded(
        self, warning_message: Any, when: str, nodeid: str, location: Any
    ) -> None:
        if self.is_worker:
            return
        category = getattr(warning_message.category, "__name__", str(warning_message.category))
        path, _ = self.paths.classify(str(warning_message.filename))
        key = (category, str(warning_message.message), path, int(warning_message.lineno))
        seen = self.warnings.get(key)
        tests = (nodeid,) if nodeid else ()
        if seen is None:
            self.warnings[key] = WarningEntry(category, key[1][:1000], path, key[3], 1, tests)
        else:
            merged = (
                seen.tests if len(seen.tests) >= 20 else tuple(dict.fromkeys(seen.tests + tests))
            )
            self.warnings[key] = WarningEntry(
                category, seen.message, path, key[3], seen.count + 1, merged
            )
        self._journal({"t": "warning", "warning": to_json(self.warnings[key])})

    @_guard("keyboard interrupt")
    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        self._commit_pending()
        if isinstance(excinfo.value, pytest.Session.Interrupted) and self._collect_failed():
            return  # pytest stops this way after collection errors; those are already issues
        self.interrupted = True
        self._record(
            TestRecord(
                nodeid="(session)",
                phase="session",
                outcome="error",
                exceptions=exception_chain(excinfo.value, self.paths),
                finished_at=time.time(),
            )
        )

    @_guard("internal error")
    def pytest_internalerror(
        self, excrepr: Any, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> None:
        self._commit_pending()
        self._record(
            TestRecord(
                nodeid="(pytest internal error)",
                phase="session",
                outcome="error",
                exceptions=exception_chain(excinfo.value, self.paths),
                longrepr=str(excrepr)[-2000:],
                finished_at=time.time(),
            )
        )

    # -- finish -----------------------------------------------------------------------------
    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(
        self, session: pytest.Session, exitstatus: int | pytest.ExitCode
    ) -> None:
        if self.is_worker:
            return
        try:
            self._finish(session, int(exitstatus))
        except Exception as exc:
            self.internal_error("writing the briefing", exc)

    def _counts(self) -> Counts | None:
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        stats = getattr(reporter, "stats", None)
        if not isinstance(stats, dict):
            return None
        values = {field: len(stats.get(key, ())) for key, field in _STATS.items()}
        values["warnings"] = sum(w.count for w in self.warnings.values()) or values["warnings"]
        return Counts(**values)

    def _finish(self, session: pytest.Session, exit_code: int) -> None:
        self._commit_pending()
        duration = time.time() - self.started
        records = self.records_so_far()
        figures, note = process_tree_figures()
        resources: dict[str, Any] = {
            "slowest_tests": slowest(records),
            "peak_rss_bytes": peak_rss_bytes(),
            **figures,
        }
        counts = self._counts()
        self._journal(
            {
                "t": "finish",
                "exit_code": exit_code,
                "duration_s": duration,
                "interrupted": self.interrupted,
                "counts": to_json(counts) if counts else None,
                "resources": resources,
            }
        )
        facts = RunFacts(
            kind="pytest",
            command=("pytest", *self.config.invocation_params.args),
            root=str(self.root),
            started_at=_iso(self.started),
            duration_s=duration,
            exit_code=exit_code,
            run_id=self.run_id,
            # pytest also exits 2 after collection errors; that is an error, not an interruption
            interrupted=self.interrupted
            or (exit_code == int(pytest.ExitCode.INTERRUPTED) and not self._collect_failed()),
            counts=counts,
            warnings=tuple(self.warnings.values()),
            internal=tuple(self.internal),
            status_reports=tuple(self.status_reports),
            resources=resources,
            notes=(note,) if note else (),
            tool_version=__version__,
        )
        self.published = finish_run(
            records,
            facts,
            self.settings,
            self.output_dir,
            self.config,
            self.start_rss,
            self.rules_source,
            redactor=self.redactor,
        )

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.is_worker or self.settings.terminal == "off":
            return
        try:
            if self.published is None:
                lines = [
                    f"llm-brief: no briefing written ({e.where}: {e.message})"
                    for e in self.internal[:1]
                ]
            else:
                briefing = _display_path(self.published.briefing_path)
                lines = summary_lines(self.published.dashboard, briefing)
                late = [e for e in self.internal if e not in self.published.dashboard.internal]
                lines += [
                    f"llm-brief internal error in {e.where}: {e.message} (results unaffected)"
                    for e in late[:1]
                ]
            terminalreporter.write_sep("=", "llm-brief")
            for line in lines:
                terminalreporter.write_line(self.redactor.redact(line))
        except Exception as exc:
            sys.stderr.write(f"llm-brief: internal error while printing the summary: {exc}\n")

    def close(self) -> None:
        """Undo everything the session changed in the process."""
        if self.handler is not None:
            uninstall(self.handler, self._previous_level)
            self.handler = None
            set_status_sink(None)
        if self.journal is not None:
            self.journal.close()
        self._rss.close()
        self.records.clear()  # a large suite's records need not outlive the session


class ExceptionKeeper:
    """On an xdist worker, the live exception of each phase for the payload its report carries
    (registered there only: a serial run gets it from pytest_exception_interact)."""

    def __init__(self, session: BriefSession) -> None:
        self.session = session

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> pytest.TestReport | None:
        self.session._calls[call.when] = call  # kept only until the report is logged
        return None


def _origin(exc: BaseException) -> str:
    """` (at module.py:123)`: where inside llm-brief it failed, for a useful bug report."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return ""
    return f" (at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno})"


def _iso(epoch: float) -> str:
    return (
        datetime.fromtimestamp(epoch, tz=timezone.utc)
        .isoformat(timespec="seconds")
        .replace("+00:00", "Z")
    )


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
