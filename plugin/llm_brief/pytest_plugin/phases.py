"""Capturing test phases in this process: the log handler, the status sink and the RSS probe.

Shared by the two roles that run tests: a serial run (`SerialCapture`) and an xdist worker
(`WorkerCapture`). The xdist controller runs no tests and captures nothing itself.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from llm_brief.capture.logs import LogCapture, RecordTap
from llm_brief.capture.resources import RssProbe
from llm_brief.pytest_plugin.context import RunContext
from llm_brief.pytest_plugin.reports import PAYLOAD, collect_payload
from llm_brief.status import StatusSink, set_status_sink


class PhaseCapture:
    """What both test-running roles install for the session and remove at its end."""

    def __init__(self, context: RunContext, rss: RssProbe, on_status: StatusSink) -> None:
        self.context = context
        self.paths = context.paths
        self.rss = rss
        self.handler: LogCapture | None = LogCapture(
            context.settings.levelno, context.paths, context.settings.max_log_sites
        )
        self._tap = RecordTap(self.handler, context.settings.force_log_level)
        self._tap.install()
        set_status_sink(on_status)
        self._capture = context.boundary.guard("capture")
        self._collect = context.boundary.guard("collection capture")
        self._disabled_noted = False

    def disabled_note(self, nodeid: str) -> str:
        """The first time a test leaves `logging.disable` in force (the caller checks
        `logging.root.manager.disable` first), the note saying what it hides: Python then
        creates no record at all, so pytest's capture and ours see none of the later logs."""
        level = logging.root.manager.disable
        if self._disabled_noted or not level:
            return ""
        self._disabled_noted = True
        name = logging.getLevelName(level)
        return (
            f"{nodeid} left logging.disable({name}) in force: no log record at {name} or below"
            " was created after it, so the later tests' logs are missing (from pytest's"
            " capture too)"
        )

    def attach_collect(self, call: pytest.CallInfo[Any], report: pytest.CollectReport) -> None:
        """A collection error's exception chain, carried by its report to whoever records it."""
        with self._collect:
            if call.excinfo is not None:
                setattr(report, PAYLOAD, collect_payload(call.excinfo.value, self.paths))

    def close(self) -> None:
        """Undo everything the capture changed in the process."""
        if self.handler is not None:
            self._tap.uninstall()
            self.handler = None
            set_status_sink(None)
        self.rss.close()
