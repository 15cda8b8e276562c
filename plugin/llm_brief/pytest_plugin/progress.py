"""How far a pytest run has got: what it selected, and the running marker naming its current test."""

from __future__ import annotations

from typing import Any

import pytest

from llm_brief.core.model import Selection
from llm_brief.core.vocabulary import iso_time
from llm_brief.output.marker import RunningMarker
from llm_brief.pytest_plugin.context import RunContext
from llm_brief.pytest_plugin.selection import selection_of


class RunProgress:
    """Counts the selection and keeps `running.json` current (one `pwrite` per test)."""

    def __init__(self, context: RunContext) -> None:
        self.context = context
        self.marker: RunningMarker | None = None
        self.selected = 0
        self.deselected = 0
        self.running = ""  # the test in progress, to say where an interruption stopped the run
        self._marking = context.boundary.guard("running marker")

    def start(self, started: float) -> None:
        """The run began: write the marker."""
        config = self.context.config
        with self._marking:
            self.marker = RunningMarker(
                self.context.outputs.directory,
                {
                    "run_id": self.context.run_id,
                    "started_at": iso_time(started),
                    "command": ["pytest", *config.invocation_params.args],
                },
            )

    def selection(self) -> Selection:
        """What the run selected."""
        return selection_of(self.context.config, self.selected, self.deselected)

    def finish(self) -> None:
        """The run finished (or this process is ending normally): the marker goes."""
        if self.marker is not None:
            marker, self.marker = self.marker, None
            with self._marking:
                marker.remove()

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected += len(items)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.selected = len(session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        self.selected = max(self.selected, len(ids))  # each worker collects the whole selection

    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> None:
        self.running = nodeid
        marker = self.marker
        if marker is not None:
            with self._marking:
                marker.running(nodeid)

    def pytest_runtest_logfinish(self, nodeid: str, location: Any) -> None:
        self.running = ""

    def close(self) -> None:
        """Remove the marker if the finish did not."""
        self.finish()
