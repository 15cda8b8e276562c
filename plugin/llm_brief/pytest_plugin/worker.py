"""An xdist worker's capture: what each phase captured rides to the controller on its report.

pytest-xdist serialises a report's JSON-friendly attributes, so the payload set here arrives with
the report itself; the worker writes nothing.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest

from llm_brief.capture.resources import RssProbe
from llm_brief.core.codec import to_json
from llm_brief.core.patterns import StatusReport
from llm_brief.core.vocabulary import parse_health
from llm_brief.pytest_plugin.context import RunContext
from llm_brief.pytest_plugin.phases import PhaseCapture
from llm_brief.pytest_plugin.reports import PAYLOAD, failure_chain, is_quiet_pass, phase_payload


class WorkerCapture(PhaseCapture):
    """Attaches each phase's logs, exception chain, RSS and status calls to its report."""

    def __init__(self, context: RunContext) -> None:
        super().__init__(context, RssProbe(), self._on_status)
        self.status_reports: list[StatusReport] = []
        # each phase's call, whose exception goes into the payload (the call, not its excinfo:
        # pytest's unittest support sets that after our makereport hook)
        self._calls: dict[str, pytest.CallInfo[Any]] = {}

    def _on_status(self, component: str, status: str, message: str) -> None:
        # relayed with the next test report
        self.status_reports.append(
            StatusReport(component, parse_health(status), message, time.time())
        )

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> pytest.TestReport | None:
        self._calls[call.when] = call  # kept only until the report is logged
        return None

    # tryfirst: the payload must be on the report before xdist sends it
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        call = self._calls.pop(report.when, None)
        with self._capture:
            handler = self.handler
            assert handler is not None
            note = self.disabled_note(report.nodeid) if logging.root.manager.disable else ""
            relay = bool(self.status_reports or note)
            if not relay and not handler.pending():
                if report.when != "call" and report.passed:
                    return
                if is_quiet_pass(report):
                    setattr(report, PAYLOAD, {"rss_bytes": self.rss.read()})
                    return
            logs, dropped = handler.drain()
            rss = self.rss.read() if report.when == "call" or report.failed else 0
            excinfo = call.excinfo if call is not None else None
            chain = failure_chain(report, excinfo, self.paths)
            payload = phase_payload(logs, dropped, chain, rss)
            if self.status_reports:
                payload["status"] = to_json(self.status_reports)
                self.status_reports = []
            if note:
                payload["note"] = note
            setattr(report, PAYLOAD, payload)

    def pytest_exception_interact(
        self, node: pytest.Item | pytest.Collector, call: pytest.CallInfo[Any], report: Any
    ) -> None:
        if isinstance(node, pytest.Collector):
            self.attach_collect(call, report)
