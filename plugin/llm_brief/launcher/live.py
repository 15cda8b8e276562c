"""The live briefing of a running launch: journal and refresh at most a second behind, finalise at exit.

One thread ticks every `TICK` s: it analyses due output, appends new events to the journal, and
republishes the dashboard and briefing when something changed (at most every `MIN_INTERVAL` s).
The journal makes a SIGKILLed wrapper recoverable with `llm-brief report`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from llm_brief import __version__
from llm_brief.core.analyzer import RunFacts
from llm_brief.core.boundary import Boundary
from llm_brief.core.codec import to_json
from llm_brief.core.model import PhaseRecord
from llm_brief.core.settings import Settings
from llm_brief.core.vocabulary import iso_time
from llm_brief.launcher.aggregate import LaunchState
from llm_brief.output.finish import Outputs, finish_run
from llm_brief.output.journal import JOURNAL_STOPPED, Journal, finish_event, start_event
from llm_brief.output.publish import WRITING, Published
from llm_brief.output.store import JOURNALS

TICK = 0.25
MIN_INTERVAL = 0.5
Resources = Callable[[], dict[str, Any]]


class LiveBrief:
    """Owns a `LaunchState` behind a lock, its journal, and the refresher thread."""

    def __init__(
        self,
        state: LaunchState,
        settings: Settings,
        output_dir: Path,
        run_id: str,
        command: tuple[str, ...],
        root: str,
        live: bool = True,
        resources: Resources | None = None,
        started: float | None = None,
    ) -> None:
        self.state = state
        self.settings = settings
        self.output_dir = output_dir
        self.run_id = run_id
        self.command = command
        self.root = root
        self.live = live
        self.resources = resources or dict
        self.started = started if started is not None else time.time()
        self.outputs = Outputs.of(settings, output_dir)
        self.outputs.redactor.learn_argv(command)
        self.boundary = Boundary(limit=20)
        self._refresh = self.boundary.guard("live refresh")
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="llm-brief-live", daemon=True)
        self._last_publish = 0.0
        self.journal: Journal | None = None
        if settings.journal:
            # An unwritable output directory must not stop the command: it runs, unbriefed.
            with self.boundary.guard("writing the journal"):
                self.journal = Journal(
                    output_dir / JOURNALS / f"{run_id}.jsonl", self.outputs.redactor
                )
                self.journal.append(
                    start_event(
                        run_id, "run", root, list(command), iso_time(self.started), 0, __version__
                    )
                )

    # -- input (any thread) ----------------------------------------------------------------------
    def receive(self, messages: list[dict[str, Any]]) -> None:
        """Messages from hooked processes."""
        for message in messages:
            if message.get("t") == "learnt":  # what a process's evidence taught it (`Sender`)
                for value, kind in message.get("values") or ():
                    self.outputs.redactor.learnt.add(str(value), str(kind))
        with self.lock:
            self.state.on_messages(messages)

    def output(self, stream: str, data: bytes, when: float) -> None:
        """Bytes the process tree printed."""
        if b"PRIVATE KEY" in data:
            # A key block printed across lines reaches the analysis line by line, each line
            # shapeless alone: the block is learnt from the raw bytes first.
            self.outputs.redactor.redact(data.decode("utf-8", "replace"))
        with self.lock:
            self.state.on_output(stream, data, when)

    def output_end(self, stream: str, when: float) -> None:
        """A stream reached its end."""
        with self.lock:
            self.state.on_output_end(stream, when)

    # -- refreshing ------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the refresher thread."""
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(TICK):
            with self._refresh:
                self.tick(time.time())

    def tick(self, now: float) -> None:
        """Journal what is new; republish when something changed and enough time has passed."""
        records: list[PhaseRecord] | None = None
        with self.lock:
            self.state.settle(now)
            events = self.state.take_journal()
            if self.live and self.state.changed and now - self._last_publish >= MIN_INTERVAL:
                self.state.changed = False
                records = self.state.records()
        self._write_journal(events)
        if records is not None:
            self._last_publish = now
            note = "live snapshot: the command is still running; final figures come at its exit"
            self._publish(records, self.facts(now, 0, None, False, (note,)), final=False)

    def _write_journal(self, events: list[dict[str, Any]]) -> None:
        """Append the events; the first failure (a full disk…) stops journaling, not the
        briefing, as in a pytest run."""
        if self.journal is None:
            return
        try:
            for event in events:
                self.journal.append(event)
        except Exception as exc:
            journal, self.journal = self.journal, None
            journal.close()
            self.boundary.record(JOURNAL_STOPPED, exc)

    def facts(
        self,
        now: float,
        exit_code: int,
        signal: int | None,
        interrupted: bool,
        notes: tuple[str, ...] = (),
    ) -> RunFacts:
        """The run's facts as of `now`."""
        with self.lock:
            warnings = self.state.warnings_list()
            reports = tuple(self.state.status_reports)
            dropped = self.state.dropped()
        resources = {**self.resources(), **dropped}
        extra = []
        if dropped["events_dropped"]:
            extra.append(
                f"{dropped['events_dropped']} log record(s) or event(s) were dropped in the app "
                "(queue or call-site table full) and counted, never waited on"
            )
        if dropped["output_lines_dropped"]:
            extra.append(f"{dropped['output_lines_dropped']} output line(s) not analysed (backlog)")
        return RunFacts(
            kind="run",
            command=self.command,
            root=self.root,
            started_at=iso_time(self.started),
            duration_s=max(0.0, now - self.started),
            exit_code=exit_code,
            run_id=self.run_id,
            interrupted=interrupted,
            signal=signal,
            warnings=warnings,
            internal=tuple(self.boundary.errors),
            status_reports=reports,
            resources=resources,
            notes=(*notes, *extra),
            tool_version=__version__,
        )

    def _publish(
        self, records: list[PhaseRecord], facts: RunFacts, final: bool
    ) -> Published | None:
        with self.boundary.guard(WRITING):
            return finish_run(records, facts, self.outputs, final=final)
        return None

    # -- the end ---------------------------------------------------------------------------------
    def finish(
        self, exit_code: int, signal: int | None, interrupted: bool, notes: tuple[str, ...] = ()
    ) -> Published | None:
        """Stop refreshing, journal the end, and publish the final dashboard and briefing."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5.0)
        now = time.time()
        with self.lock:
            self.state.settle(now, final=True)
            events = self.state.take_journal()
            records = self.state.records(main_exit=exit_code)
        facts = self.facts(now, exit_code, signal, interrupted, notes)
        events.append(
            finish_event(
                exit_code,
                facts.duration_s,
                interrupted,
                signal=signal,
                resources=facts.resources,
                internal=to_json(facts.internal),
            )
        )
        self._write_journal(events)
        published = self._publish(records, facts, final=True)
        if self.journal is not None:
            with self.boundary.guard("redacting the journal"):
                self.journal.redact_again()
            self.journal.close()
        return published
