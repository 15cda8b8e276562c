"""The xdist controller: workers' reports arrive with their payloads and become records."""

from __future__ import annotations

from typing import Any

import pytest

from llm_brief.core.codec import from_json
from llm_brief.core.patterns import StatusReport
from llm_brief.pytest_plugin.recorder import Recorder
from llm_brief.pytest_plugin.reports import (
    PAYLOAD,
    crash_record,
    is_quiet_pass,
    pass_entry,
    received_record,
)


class ControllerReceiver:
    """Turns each worker report (and the status calls relayed with it) into records."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self._receiving = recorder.boundary.guard("capture")
        self._down: dict[str, str] = {}  # worker id -> why it went down

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object | None) -> None:
        with self._receiving:
            if error:
                self._down[str(node.gateway.id)] = str(error)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        with self._receiving:
            if report.when not in ("setup", "call", "teardown"):  # xdist's report of a crash
                worker = getattr(getattr(getattr(report, "node", None), "gateway", None), "id", "")
                self.recorder.record(
                    crash_record(report, self._down.get(str(worker), ""), self.recorder.context.root)
                )
                return
            payload = getattr(report, PAYLOAD, None) or {}
            if report.when == "call" and payload.keys() <= {"rss_bytes"} and is_quiet_pass(report):
                self.recorder.add_pass(pass_entry(report, int(payload.get("rss_bytes", 0))))
                return
            record = received_record(report, payload)
            if record is not None:
                self.recorder.record(record)
            for status in payload.get("status", ()):
                self.recorder.status(from_json(StatusReport, status))
            self.recorder.note(str(payload.get("note", "")))

    def close(self) -> None:
        """Nothing to undo: the controller changes nothing in its process."""
