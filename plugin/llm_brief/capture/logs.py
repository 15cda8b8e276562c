"""Log capture: records collapsed by call site into bounded counters, per test phase, seen by a tap
that changes nothing the program or its tests can observe.

Memory is bounded by design: a test that logs five million records keeps one counter per call
site and template (at most `max_sites`), never the records themselves.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from llm_brief.capture.exceptions import PathClassifier, exception_chain, safe_str
from llm_brief.core.callsites import CallSite, merge_template
from llm_brief.core.model import ExceptionRecord, LogEntry
from llm_brief.core.text import clip

MAX_MESSAGE = 500


class LogCapture(logging.Handler):
    """Collects log records into the current bucket; `drain()` returns and resets it."""

    def __init__(self, level: int, paths: PathClassifier, max_sites: int = 200) -> None:
        super().__init__(level)
        self.paths = paths
        self.max_sites = max_sites
        self._sites: dict[tuple[object, ...], CallSite] = {}
        self.dropped = 0
        self._local_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        """Count the record under its call site; render only the first of each site."""
        try:
            msg = record.msg
            templated = bool(record.args) and isinstance(msg, str)
            key = (
                record.name,
                record.levelno,
                record.pathname,
                record.lineno,
                msg if templated else None,
            )
            site = self._sites.get(key)
            if site is not None:
                site.count += 1
                site.last_seen = record.created
                if not templated:
                    text = msg if isinstance(msg, str) else safe_str_obj(msg)
                    if text != site.template:
                        site.template = merge_template(site.template, clip(text, MAX_MESSAGE))
                return
            if len(self._sites) >= self.max_sites:
                self.dropped += 1
                return
            message = clip(record.getMessage(), MAX_MESSAGE)
            path, _ = self.paths.classify(record.pathname)
            exception = ""
            chain: tuple[ExceptionRecord, ...] = ()
            if record.exc_info and record.exc_info[1] is not None:
                chain = exception_chain(record.exc_info[1], self.paths)
                exception = f"{chain[0].type}: {chain[0].message}"[:MAX_MESSAGE] if chain else ""
            self._sites[key] = CallSite(
                level=record.levelname,
                logger=record.name,
                template=clip(msg, MAX_MESSAGE) if isinstance(msg, str) else message,
                message=message,
                path=path,
                line=record.lineno,
                first_seen=record.created,
                last_seen=record.created,
                exception=exception,
                templated=templated,
                chain=chain,
            )
        except Exception:
            self.dropped += 1

    def pending(self) -> bool:
        """Whether anything was captured since the last drain (cheap: no lock, no copy)."""
        return bool(self._sites) or self.dropped > 0

    def drain(self) -> tuple[tuple[LogEntry, ...], int]:
        """The collapsed entries since the last drain, and how many records were dropped."""
        if not self._sites and not self.dropped:
            return (), 0
        with self._local_lock:
            sites, self._sites = self._sites, {}
            dropped, self.dropped = self.dropped, 0
        entries = tuple(site.entry() for site in sites.values())
        return entries, dropped


def safe_str_obj(obj: object) -> str:
    """`str()` of a non-string log message that may itself raise."""
    if isinstance(obj, BaseException):
        return safe_str(obj)
    try:
        return str(obj)
    except Exception:
        return f"<unprintable {type(obj).__name__}>"


class RecordTap:
    """Sees every record a logger hands to its handlers, before they do, and counts it.

    It is not a handler of any logger and changes no level or propagation, so `caplog`, the
    handler lists and `logger.level` look to the tests exactly as without it; it keeps seeing
    records after `basicConfig(force=True)` or a test that removes the root's handlers, and it
    sees loggers with `propagate = False`. Only `force_level` (an explicit opt-in, like pytest's
    `log_level`) lowers the root logger so that records below the app's own levels exist at all.
    There is no public hook for this in `logging`: the tap wraps `Logger.callHandlers`, which
    every record passes through once, and puts it back at `uninstall`.
    """

    def __init__(self, handler: LogCapture, force_level: bool = False) -> None:
        self.handler = handler
        self.force_level = force_level
        self.active = False
        self._original: Callable[[logging.Logger, logging.LogRecord], None] | None = None
        self._wrapper: Callable[[logging.Logger, logging.LogRecord], None] | None = None
        self._previous_level: int | None = None

    def install(self) -> None:
        """Start tapping (and lower the root level when `force_level` asks for it)."""
        original = logging.Logger.callHandlers
        handler = self.handler
        level = handler.level
        tap = self

        def callHandlers(self: logging.Logger, record: logging.LogRecord) -> None:
            if tap.active and record.levelno >= level:
                try:
                    handler.handle(record)
                except Exception:  # capture never breaks the app's logging
                    handler.dropped += 1
            original(self, record)

        self._original, self._wrapper = original, callHandlers
        logging.Logger.callHandlers = callHandlers  # type: ignore[method-assign]
        self.active = True
        root = logging.getLogger()
        if self.force_level and root.level > level:
            self._previous_level = root.level
            root.setLevel(level)

    def uninstall(self) -> None:
        """Stop tapping; put `callHandlers` back unless someone wrapped it since (then the tap
        only stops counting), and restore a lowered root level."""
        self.active = False
        if self._wrapper is not None and logging.Logger.callHandlers is self._wrapper:
            logging.Logger.callHandlers = self._original  # type: ignore[method-assign,assignment]
        if self._previous_level is not None:
            logging.getLogger().setLevel(self._previous_level)
            self._previous_level = None
