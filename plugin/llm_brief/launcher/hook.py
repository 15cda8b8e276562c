"""What a launched Python process records about itself: log call sites, exceptions, warnings.

Stdlib only and cheap to import: it is loaded at start-up of every Python process under
`llm-brief run`. The hot path (one logging record) counts the record under its call site in a dict
and returns; anything that needs rendering goes to a bounded queue that the sender thread drains.
When the queue is full the event is dropped and counted, never waited on.
"""

from __future__ import annotations

import os
import sys
import time
from _queue import SimpleQueue

from llm_brief.launcher.import_watch import ImportWatch

# Importing `typing`, `logging` or `threading` here would cost every Python process tens of
# milliseconds at start-up; they are patched when the app imports them (see `ImportWatch`).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import logging
    from collections.abc import Callable
    from typing import Any

MAX_EVENTS = 1024
MAX_MESSAGE = 500
MAX_WARNING_KEYS = 200

# A call site: [count, last_seen, last_message, site_id, name, levelname, pathname, lineno,
#               template, message, first_seen, sent_count]
COUNT, LAST_SEEN, LAST_MSG, SID, NAME, LEVEL, PATHNAME, LINENO, TEMPLATE, MESSAGE, FIRST, SENT = (
    range(12)
)


class ProcessHook:
    """The state one process captures; `install` patches the interpreter, `uninstall` undoes it."""

    def __init__(self, level: int = 20, max_sites: int = 200) -> None:
        self.level = level
        self.max_sites = max_sites
        self.pid = os.getpid()
        self.sites: dict[tuple[Any, ...], list[Any]] = {}
        self.new_sites: list[list[Any]] = []
        self.events: SimpleQueue[tuple[Any, ...]] = SimpleQueue()
        self.on_activity: Callable[[], None] = _nothing
        self.warning_counts: dict[tuple[str, str, str, int], int] = {}
        self.dropped_records = 0
        self.dropped_events = 0
        self.exit_code: int | None = None
        self.interrupted = False
        self._crash: BaseException | None = None  # the uncaught exception our hook saw
        self._undo: list[Callable[[], None]] = []

    # -- the hot path ----------------------------------------------------------------------
    def push(self, event: tuple[Any, ...]) -> None:
        """Queue an event for the sender, or count it as dropped when the queue is full."""
        if self.events.qsize() < MAX_EVENTS:
            self.events.put(event)
            self.on_activity()
        else:
            self.dropped_events += 1

    def _new_site(self, key: tuple[Any, ...], record: logging.LogRecord, templated: bool) -> None:
        if len(self.sites) >= self.max_sites:
            self.dropped_records += 1
            return
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        message = message[:MAX_MESSAGE]
        template = record.msg[:MAX_MESSAGE] if templated else ""
        site = [
            1,
            record.created,
            None,
            len(self.new_sites),
            record.name,
            record.levelname,
            record.pathname,
            record.lineno,
            template,
            message,
            record.created,
            0,
        ]
        self.sites[key] = site
        self.new_sites.append(site)
        self.on_activity()

    def make_call_handlers(
        self, original: Callable[[logging.Logger, logging.LogRecord], None]
    ) -> Callable[[logging.Logger, logging.LogRecord], None]:
        """A `Logger.callHandlers` that counts the record, then calls the original."""
        sites = self.sites
        hook = self

        def callHandlers(logger: logging.Logger, record: logging.LogRecord) -> None:
            if record.levelno >= hook.level:
                try:
                    msg = record.msg
                    templated = type(msg) is str and bool(record.args)
                    key = (
                        record.name,
                        record.levelno,
                        record.pathname,
                        record.lineno,
                        msg if templated else None,
                    )
                    site = sites.get(key)
                    if site is None:
                        hook._new_site(key, record, templated)
                    else:
                        site[0] += 1
                        site[1] = record.created
                        if not templated:
                            site[2] = msg
                    exc_info = record.exc_info
                    if exc_info and exc_info[1] is not None:
                        hook.push(
                            ("log", exc_info[1], record.name, record.levelname, record.created)
                        )
                except Exception:
                    hook.dropped_records += 1
            original(logger, record)

        return callHandlers

    # -- the other hooks ---------------------------------------------------------------------
    def on_warning(self, category: str, message: str, filename: str, lineno: int) -> None:
        """Count a displayed warning by category, message and location."""
        key = (category, message[:1000], filename, lineno)
        if key in self.warning_counts or len(self.warning_counts) < MAX_WARNING_KEYS:
            self.warning_counts[key] = self.warning_counts.get(key, 0) + 1
            self.on_activity()

    def install(self, faults: bool = True) -> None:
        """Patch the exception hook, warnings, faulthandler and the status sink now, and logging
        and threading as soon as they are imported."""
        previous_excepthook = sys.excepthook

        def excepthook(tp: type[BaseException], value: BaseException, tb: Any) -> None:
            self._on_crash(value)
            previous_excepthook(tp, value, tb)

        sys.excepthook = excepthook
        self._undo.append(lambda: setattr(sys, "excepthook", previous_excepthook))
        self._patch_warnings()
        self._install_status_sink()
        if faults:
            self._enable_faulthandler()
        watch = ImportWatch({"logging": self._patch_logging, "threading": self._patch_threading})
        self._undo.append(watch.remove)
        watch.install()

    def _on_crash(self, value: BaseException) -> None:
        self._crash = value
        self.interrupted = isinstance(value, KeyboardInterrupt)
        self.exit_code = 130 if self.interrupted else 1
        self.push(("crash", value, "main", time.time()))

    def note_uncaught(self) -> None:
        """At exit: record the uncaught exception an app's own `sys.excepthook` was given in
        place of ours (Python keeps it in `sys.last_exc` / `sys.last_value` before any hook)."""
        value = getattr(sys, "last_exc", None) or getattr(sys, "last_value", None)
        if isinstance(value, BaseException) and value is not self._crash:
            self._on_crash(value)

    def _patch_logging(self, logging: Any) -> None:
        original = logging.Logger.callHandlers
        logging.Logger.callHandlers = self.make_call_handlers(original)
        self._undo.append(lambda: setattr(logging.Logger, "callHandlers", original))

    def _patch_threading(self, threading: Any) -> None:
        previous_threadhook = threading.excepthook

        def threadhook(args: Any) -> None:
            if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
                name = args.thread.name if args.thread is not None else "thread"
                self.push(("thread", args.exc_value, name, time.time()))
            previous_threadhook(args)

        threading.excepthook = threadhook
        self._undo.append(lambda: setattr(threading, "excepthook", previous_threadhook))

    def _patch_warnings(self) -> None:
        import warnings

        # `_showwarnmsg` sees every displayed warning, even when an app or
        # logging.captureWarnings replaces `showwarning` later.
        previous = getattr(warnings, "_showwarnmsg", None)
        if previous is None:
            return

        def showwarnmsg(msg: Any) -> None:
            try:
                category = getattr(msg.category, "__name__", str(msg.category))
                self.on_warning(category, str(msg.message), str(msg.filename), int(msg.lineno))
            except Exception:
                self.dropped_events += 1
            previous(msg)

        warnings._showwarnmsg = showwarnmsg  # type: ignore[attr-defined]
        self._undo.append(lambda: setattr(warnings, "_showwarnmsg", previous))

    def _install_status_sink(self) -> None:
        from llm_brief.status import set_status_sink

        def sink(component: str, status: str, message: str) -> None:
            self.push(("status", component, status, message, time.time()))

        previous = set_status_sink(sink)

        def restore() -> None:
            set_status_sink(previous)

        self._undo.append(restore)

    def _enable_faulthandler(self) -> None:
        import faulthandler

        # A hard crash then prints the Python stack on stderr, where the wrapper parses it.
        if faulthandler.is_enabled() or sys.stderr is None:
            return
        try:
            faulthandler.enable(all_threads=True)
        except (OSError, ValueError, AttributeError):
            return
        self._undo.append(faulthandler.disable)

    def patch_exit(self) -> None:
        """Remember the status given to `sys.exit` (a standalone process reports its own exit)."""
        previous = sys.exit

        def exit(status: object = None) -> None:
            self.exit_code = exit_status(status)
            previous(status)  # type: ignore[arg-type]

        sys.exit = exit  # type: ignore[assignment]
        self._undo.append(lambda: setattr(sys, "exit", previous))

    def uninstall(self) -> None:
        """Undo every patch, newest first."""
        while self._undo:
            undo = self._undo.pop()
            try:
                undo()
            except Exception:
                continue

    def reset_after_fork(self) -> None:
        """A forked child starts with empty counters of its own."""
        self.pid = os.getpid()
        self.sites.clear()
        self.new_sites = []
        self.events = SimpleQueue()
        self.warning_counts.clear()
        self.dropped_records = 0
        self.dropped_events = 0
        self.exit_code = None


def _nothing() -> None:
    pass


def exit_status(status: object) -> int:
    """The process exit status `sys.exit(status)` produces."""
    if status is None:
        return 0
    if isinstance(status, int):
        return status & 0xFF
    return 1
