"""Switching the capture on and off inside one Python process (called by `llm_brief.startup`).

Under `llm-brief run` (LLM_BRIEF__CHANNEL set) the process reports to the wrapper over the
channel. With `LLM_BRIEF=1` alone, the first Python process becomes the owner of the run: it
aggregates itself and its Python children (which find its channel in the inherited environment)
and writes the journal and the briefing, live and at exit.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import signal
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from llm_brief.launcher.hook import ProcessHook
from llm_brief.launcher.sender import LocalTransport, Sender, SocketTransport

if TYPE_CHECKING:
    from llm_brief.launcher.standalone import Owner


@dataclass
class Active:
    """The capture of this process: what it records, who ships it, and (standalone) who owns it."""

    hook: ProcessHook
    sender: Sender
    root: str
    owner: Owner | None = None


_active: Active | None = None


def _level(name: str) -> int:
    value = logging.getLevelName(name.strip().upper())
    return value if isinstance(value, int) else logging.INFO


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
    level = _level(env.get("LLM_BRIEF__LEVEL") or env.get("LLM_BRIEF_LOG_LEVEL") or "INFO")
    sites = _int(env.get("LLM_BRIEF__MAX_SITES") or env.get("LLM_BRIEF_MAX_LOG_SITES"), 200)
    root = env.get("LLM_BRIEF__ROOT") or os.getcwd()
    hook = ProcessHook(level, sites)
    owner: Owner | None = None
    if channel:
        transport: SocketTransport | LocalTransport = SocketTransport(channel)
    else:
        from llm_brief.launcher.standalone import Owner

        owner = Owner(root)
        transport = LocalTransport(owner.receive)
        hook.patch_exit()
    hook.install()
    sender = Sender(hook, transport, root)
    _active = Active(hook, sender, root, owner)
    sender.start()
    atexit.register(_at_exit)
    os.register_at_fork(after_in_child=_after_fork)


def _at_exit() -> None:
    active = _active
    if active is None:
        return
    if "_pytest" in sys.modules:
        stand_down()  # a pytest process that slipped past the start-up check: pytest's plugin rules
        return
    active.sender.flush(final=True)
    active.sender.stop()
    if active.owner is not None:
        active.owner.finish(active.hook.exit_code)
    active.sender.transport.close()
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
    sender = Sender(active.hook, SocketTransport(channel), active.root)
    _active = Active(active.hook, sender, active.root, None)
    sender.start()


def stand_down() -> None:
    """Undo the capture in this process; nothing is written for it. Safe to call repeatedly."""
    global _active
    active, _active = _active, None
    if active is None:
        return
    active.hook.uninstall()
    active.sender.stop()
    active.sender.transport.close()
    if active.owner is not None:
        active.owner.abandon()


def is_active() -> bool:
    """Whether this process captures."""
    return _active is not None
