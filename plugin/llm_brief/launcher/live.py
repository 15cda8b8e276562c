"""The live briefing of a running launch: journal and refresh at most a second behind, finalise at exit.

One thread ticks every `TICK` s: it analyses due output, appends new events to the journal, and
republishes the dashboard and briefing when something changed (at most every `MIN_INTERVAL` s).
The journal makes a SIGKILLed wrapper recoverable with `llm-brief report`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from llm_brief import __version__
from llm_brief.config import Settings
from llm_brief.core.analyzer import RunFacts
from llm_brief.core.model import InternalError, TestRecord, to_json
from llm_brief.launcher.aggregate import LaunchState
from llm_brief.output.finish import finish_run
from llm_brief.output.publish import Published, make_redactor
from llm_brief.output.store import JOURNALS, Journal

TICK = 0.25
MIN_INTERVAL = 0.5
Resources = Callable[[], dict[str, Any]]


def iso(epoch: float) -> str:
    """An ISO-8601 UTC timestamp ending in Z."""
    stamp = datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat(timespec="seconds")
    return stamp.replace("+00:00", "Z")


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
        self.internal: list[InternalError] = []
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="llm-brief-live", daemon=True)
        self._last_publish = 0.0
        self.journal: Journal | None = None
        if settings.journal:
            self.journal = Journal(
                output_dir / JOURNALS / f"{run_id}.jsonl", make_redactor(settings)
            )
            self.journal.append(
                {
                    "t": "start",
                    "run_id": run_id,
                    "kind": "run",
                    "root": root,
                    "command": list(command),
                    "started_at": iso(self.started),
                    "start_rss": 0,
                    "tool_version": __version__,
                }
            )

    # -- input (any thread) ----------------------------------------------------------------------
    def receive(self, messages: list[dict[str, Any]]) -> None:
        """Messages from hooked processes."""
        with self.lock:
            self.state.on_messages(messages)

    def output(self, stream: str, data: bytes, when: float) -> None:
        """Bytes the process tree printed."""
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
            try:
                self.tick(time.time())
            except Exception as exc:
                self._internal("live refresh", exc)

    def tick(self, now: float) -> None:
        """Journal what is new; republish when something changed and enough time has passed."""
        records: list[TestRecord] | None = None
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
        if self.journal is None:
            return
        for event in events:
            self.journal.append(event)

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
            started_at=iso(self.started),
            duration_s=max(0.0, now - self.started),
            exit_code=exit_code,
            run_id=self.run_id,
            interrupted=interrupted,
            signal=signal,
            warnings=warnings,
            internal=tuple(self.internal),
            status_reports=reports,
            resources=resources,
            notes=(*notes, *extra),
            tool_version=__version__,
        )

    def _publish(self, records: list[TestRecord], facts: RunFacts, final: bool) -> Published | None:
        try:
            return finish_run(records, facts, self.settings, self.output_dir, None, 0, final=final)
        except Exception as exc:
            self._internal("writing the briefing", exc)
            return None

    def _internal(self, where: str, exc: BaseException) -> None:
        if len(self.internal) < 20:
            self.internal.append(InternalError(where, f"{type(exc).__name__}: {exc}"[:500]))

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
            {
                "t": "finish",
                "exit_code": exit_code,
                "duration_s": facts.duration_s,
                "interrupted": interrupted,
                "signal": signal,
                "resources": facts.resources,
                "internal": to_json(facts.internal),
            }
        )
        self._write_journal(events)
        published = self._publish(records, facts, final=True)
        if self.journal is not None:
            self.journal.close()
        return published
