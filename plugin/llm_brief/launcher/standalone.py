"""`LLM_BRIEF=1 python app.py`: the app's first Python process owns the run and briefs on itself.

At start-up only the channel is opened (its path goes into the environment the app's children
inherit); everything heavier happens in a background thread after `SETTLE` seconds, by when a
pytest process (whose own plugin captures) has shown itself and stands down before writing.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from llm_brief.launcher.channel import ChannelServer, channel_path

SETTLE = 0.5
_ENV = ("LLM_BRIEF__CHANNEL", "LLM_BRIEF__RUN", "LLM_BRIEF__ROOT")


class Owner:
    """The aggregator, journal and live briefing of a standalone run, inside the app."""

    def __init__(self, root: str) -> None:
        from llm_brief.output.store import new_run_id

        self.root = root
        self.created = time.time()
        self.run_id = new_run_id()
        self.brief: Any = None
        self.sampler: Any = None
        self._pending: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._abandoned = threading.Event()
        self._setup_done = False
        self.server = ChannelServer(channel_path(), self.receive)
        os.environ["LLM_BRIEF__CHANNEL"] = self.server.path
        os.environ["LLM_BRIEF__RUN"] = self.run_id
        os.environ["LLM_BRIEF__ROOT"] = root
        threading.Thread(target=self._deferred_setup, name="llm-brief-owner", daemon=True).start()

    def receive(self, messages: list[dict[str, Any]]) -> None:
        """Messages from this process and its children (kept until the briefing is set up)."""
        with self._lock:
            if self.brief is None:
                self._pending.extend(messages[: max(0, 10_000 - len(self._pending))])
                return
        self.brief.receive(messages)

    def _deferred_setup(self) -> None:
        if self._abandoned.wait(SETTLE):
            return
        self._setup()

    def _setup(self) -> None:
        with self._lock:
            if self._setup_done or self._abandoned.is_set():
                return
            self._setup_done = True
            if "_pytest" in sys.modules:
                self._abandon_locked()
                return
            try:
                self._build()
            except Exception as exc:
                print(f"llm-brief: capture is off for this run ({exc})", file=sys.stderr)
                self._abandon_locked()
                return
            pending, self._pending = self._pending, []
            # Still under the lock: `finish` must not see a half-started owner.
            self.brief.receive(pending)
            self.server.start()
            self.sampler.start()
            self.brief.start()

    def _build(self) -> None:
        from llm_brief.config import settings_for
        from llm_brief.launcher.aggregate import LaunchState
        from llm_brief.launcher.live import LiveBrief
        from llm_brief.launcher.sampler import TreeSampler

        settings = settings_for(Path(self.root) / "pyproject.toml", {})
        output_dir = settings.output_path(Path(self.root))
        argv = tuple(getattr(sys, "orig_argv", sys.argv))
        state = LaunchState(self.root)
        state.set_main(os.getpid(), argv)
        self.sampler = TreeSampler(os.getpid())
        self.brief = LiveBrief(
            state, settings, output_dir, self.run_id, argv, self.root,
            resources=self.sampler.figures, started=self.created,
        )  # fmt: skip

    def finish(self, exit_code: int | None) -> None:
        """At exit: wait briefly for the children's last words, then publish the final briefing."""
        self._setup()
        if self.brief is None:
            return
        self.server.wait_quiet(0.3, 1.0)
        self.sampler.stop()
        code = 0 if exit_code is None else exit_code
        interrupted = code == 130
        self.brief.finish(code, None, interrupted)
        self._close()

    def abandon(self) -> None:
        """Stand down: write nothing, close the channel."""
        with self._lock:
            self._abandon_locked()

    def _abandon_locked(self) -> None:
        self._abandoned.set()
        self._close()

    def _close(self) -> None:
        with contextlib.suppress(Exception):
            self.server.close()
        if os.environ.get("LLM_BRIEF__RUN") == self.run_id:
            for name in _ENV:
                os.environ.pop(name, None)
