"""The failure hand-off of a serial run: a failed phase's record waits for its live exception.

pytest logs a failed phase's report and then calls `pytest_exception_interact` with the live
exception: one hook call per failure instead of a makereport wrapper on every phase. Plugins such
as pytest-rerunfailures log a test's reports after its whole protocol, so an exception may also
arrive before its report.
"""

from __future__ import annotations

from dataclasses import replace

from llm_brief.core.model import ExceptionRecord, PhaseRecord

MAX_EARLY = 100


class FailureHandoff:
    """Pairs failed phases with exceptions that arrive after (or before) their reports."""

    def __init__(self) -> None:
        self._pending: PhaseRecord | None = None
        self._early: dict[tuple[str, str], tuple[ExceptionRecord, ...]] = {}

    def early_chain(
        self, nodeid: str, when: str, default: tuple[ExceptionRecord, ...]
    ) -> tuple[ExceptionRecord, ...]:
        """The chain that arrived before this phase's report, else `default`."""
        if not self._early:
            return default
        return self._early.pop((nodeid, when), default)

    def hold(self, record: PhaseRecord) -> None:
        """Keep a failed phase until its exception arrives."""
        self._pending = record

    def release(self) -> PhaseRecord | None:
        """The held record, given up on (a strict xpass has no exception; a plugin ended the run)."""
        pending, self._pending = self._pending, None
        return pending

    def attach(
        self, nodeid: str, when: str, chain: tuple[ExceptionRecord, ...] | None
    ) -> PhaseRecord | None:
        """The exception of `nodeid`'s phase: the held record completed with it, if it is that
        phase's; otherwise kept for the report still to come, and the held record returned as is."""
        pending, self._pending = self._pending, None
        if chain is None:
            return pending
        if pending is not None and (pending.nodeid, pending.phase) == (nodeid, when):
            return replace(pending, exceptions=chain)
        if len(self._early) > MAX_EARLY:  # reports that were never logged
            self._early.clear()
        self._early[(nodeid, when)] = chain
        return pending
