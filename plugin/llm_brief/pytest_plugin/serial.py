"""A serial run's capture: each phase's logs and exception, handed to the recorder as records."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest

from llm_brief.capture.exceptions import exception_chain
from llm_brief.core.patterns import StatusReport
from llm_brief.core.vocabulary import parse_health
from llm_brief.pytest_plugin.context import RunContext
from llm_brief.pytest_plugin.handoff import FailureHandoff
from llm_brief.pytest_plugin.phases import PhaseCapture
from llm_brief.pytest_plugin.recorder import Recorder
from llm_brief.pytest_plugin.reports import is_quiet_pass, pass_entry, phase_record


class SerialCapture(PhaseCapture):
    """Captures in the process that records: no payloads, no serialisation."""

    def __init__(self, context: RunContext, recorder: Recorder, handoff: FailureHandoff) -> None:
        super().__init__(context, recorder.rss, self._on_status)
        self.recorder = recorder
        self.handoff = handoff

    def _on_status(self, component: str, status: str, message: str) -> None:
        self.recorder.status(StatusReport(component, parse_health(status), message, time.time()))

    # tryfirst: the record is kept before other plugins see (and may alter) the report
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        with self._capture:
            self.recorder.flush_pending()
            if logging.root.manager.disable:
                self.recorder.note(self.disabled_note(report.nodeid))
            handler = self.handler
            assert handler is not None
            if not handler.pending():
                # Most of a suite: a passing setup or teardown without logs costs nothing
                # (pytest keeps its output), a quiet call one tuple.
                if report.when != "call" and report.passed:
                    return
                if is_quiet_pass(report):
                    self.recorder.add_pass(pass_entry(report, self.rss.read()))
                    return
            logs, dropped = handler.drain()
            rss = self.rss.read() if report.when == "call" or report.failed else 0
            chain = (
                self.handoff.early_chain(report.nodeid, report.when, ()) if report.failed else ()
            )
            record = phase_record(report, logs, dropped, chain, rss)
            if record is not None and report.failed and not chain:
                self.handoff.hold(record)  # its exception comes with pytest_exception_interact
            elif record is not None:
                self.recorder.record(record)

    def pytest_exception_interact(
        self, node: pytest.Item | pytest.Collector, call: pytest.CallInfo[Any], report: Any
    ) -> None:
        if isinstance(node, pytest.Collector):
            self.attach_collect(call, report)
            return
        with self._capture:
            chain = (
                exception_chain(call.excinfo.value, self.paths)
                if call.excinfo is not None
                else None
            )
            record = self.handoff.attach(report.nodeid, report.when, chain)
            if record is not None:
                self.recorder.record(record)
