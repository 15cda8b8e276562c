"""Switching the capture on and off inside one Python process (called by `llm_brief.startup`).

Under `llm-brief run` (LLM_BRIEF__CHANNEL set) the process reports to the wrapper over the
channel. With `LLM_BRIEF=1` alone, the first Python process becomes the owner of the run: it
aggregates itself and its Python children (which find its channel in the inherited environment)
and writes the journal and the briefing, live and at exit.

Cheap by design: the sender (threading, socket, json) starts at the first thing worth sending,
so a process that logs nothing pays for the hook's few patches only.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys

from llm_brief.core.vocabulary import LEVEL_NUMBERS
from llm_brief.launcher.hook import ProcessHook

TYPE_CHECKING = False
if TYPE_CHECKING:
    from llm_brief.launcher.sender import Sender
    from llm_brief.launcher.standalone import Owner


class Active:
    """The capture of this process: what it records, who ships it, and (standalone) who owns it."""

    def __init__(self, hook: ProcessHook, root: str, channel: str, owner: Owner | None) -> None:
        self.hook = hook
        self.root = root
        self.channel = channel
        self.owner = owner
        self.sender: Sender | None = None
        self._starting = False

    def ensure_sender(self, start: bool = True) -> Sender:
        """The sender, created on first use (with its thread unless the process is ending)."""
        if self.sender is None:
            from llm_brief.launcher.sender import LocalTransport, Sender, SocketTransport

            transport: SocketTransport | LocalTransport
            if self.owner is not None:
                transport = LocalTransport(self.owner.receive)
            else:
                transport = SocketTransport(self.channel)
            self.sender = Sender(self.hook, transport, self.root)
            if start:
                self.sender.start()
        return self.sender

    def on_activity(self) -> None:
        """The hook captured something: make sure a sender will ship it."""
        if self._starting:
            return
        self._starting = True
        try:
            self.ensure_sender()
        except Exception:
            self.hook.dropped_events += 1  # e.g. no new threads at interpreter shutdown


_active: Active | None = None


def _int(text: str | None, default: int) -> int:
    try:
        return max(10, int(text)) if text else default
    except ValueError:
        return default


def activate(channel: str | None) -> None:
    """Install the hook; report to `channel`, or own the run when there is none."""
    global _active
    if _active is not None:
        return
    env = os.environ
    level = LEVEL_NUMBERS.get(
        (env.get("LLM_BRIEF__LEVEL") or env.get("LLM_BRIEF_LOG_LEVEL") or "").upper(), 20
    )
    sites = _int(env.get("LLM_BRIEF__MAX_SITES") or env.get("LLM_BRIEF_MAX_LOG_SITES"), 200)
    root = env.get("LLM_BRIEF__ROOT") or os.getcwd()
    hook = ProcessHook(level, sites)
    owner: Owner | None = None
    if not channel:
        from llm_brief.launcher.standalone import Owner

        owner = Owner(root)
        hook.patch_exit()
    active = Active(hook, root, channel or "", owner)
    hook.on_activity = active.on_activity
    hook.install()
    _active = active
    if owner is not None:
        active.on_activity()
    atexit.register(_at_exit)
    os.register_at_fork(after_in_child=_after_fork)


def _captured(hook: ProcessHook) -> bool:
    return bool(hook.new_sites or not hook.events.empty() or hook.warning_counts)


def _at_exit() -> None:
    active = _active
    if active is None:
        return
    if "_pytest" in sys.modules:
        stand_down()  # a pytest process that slipped past the start-up check: pytest's plugin rules
        return
    active.hook.note_uncaught()
    if active.sender is not None or active.owner is not None or _captured(active.hook):
        sender = active.ensure_sender(start=False)
        sender.flush(final=True)
        sender.stop()
        if active.owner is not None:
            active.owner.finish(active.hook.exit_code)
        sender.transport.close()
    if active.hook.interrupted:
        _die_by_sigint()


def _die_by_sigint() -> None:
    """End as Python does after an uncaught KeyboardInterrupt: killed by SIGINT (status 130).

    Python decides that from a flag that any `exec` of a string clears, and rendering the
    exception above imported modules that do so (dataclasses); this handler runs last.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)


def _after_fork() -> None:
    """A forked child reports to the channel as a process of its own."""
    global _active
    active = _active
    if active is None:
        return
    active.hook.reset_after_fork()
    channel = os.environ.get("LLM_BRIEF__CHANNEL", "")
    if not channel:
        _active = None
        active.hook.uninstall()
        return
    child = Active(active.hook, active.root, channel, None)
    active.hook.on_activity = child.on_activity
    _active = child


def stand_down() -> None:
    """Undo the capture in this process; nothing is written for it. Safe to call repeatedly."""
    global _active
    active, _active = _active, None
    if active is None:
        return
    active.hook.uninstall()
    if active.sender is not None:
        active.sender.stop()
        active.sender.transport.close()
    if active.owner is not None:
        active.owner.abandon()


def is_active() -> bool:
    """Whether this process captures."""
    return _active is not None
