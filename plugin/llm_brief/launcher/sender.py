"""Ships what a process captured to the aggregator from a background thread, never the app's own.

Messages are JSON objects, one per line on the wire (see `channel.py`). Every `INTERVAL` the
sender turns new call sites and changed counts into a `logs` message and queued events into
`exception` / `status` messages; exception chains are rendered here, off the hot path. Stdlib only
until the first exception or call site needs `llm_brief.capture.exceptions` to classify paths.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time

from llm_brief.launcher import hook as h

TYPE_CHECKING = False
if TYPE_CHECKING:
    import socket
    from collections.abc import Callable
    from typing import Any, TypeAlias

    Message: TypeAlias = dict[str, Any]

INTERVAL = 0.1
SEND_TIMEOUT = 1.0
MAX_DISTINCT_EXCEPTIONS = 200


class SocketTransport:
    """JSON lines over a Unix socket; after one failure (wrapper gone) it only counts what is lost."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lost = 0
        self._sock: socket.socket | None = None
        self._dead = False

    def send(self, messages: list[Message]) -> None:
        """Send the messages, or count them as lost; waits at most `SEND_TIMEOUT`."""
        if self._dead:
            self.lost += len(messages)
            return
        import json
        import socket

        data = "".join(json.dumps(m, separators=(",", ":"), default=str) + "\n" for m in messages)
        try:
            if self._sock is None:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.settimeout(SEND_TIMEOUT)
                self._sock = sock
                sock.connect(self.path)
            self._sock.sendall(data.encode("utf-8", "replace"))
        except OSError:
            self._dead = True
            self.lost += len(messages)
            self.close()

    def close(self) -> None:
        """Close the connection (the aggregator sees end of stream)."""
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.close()


class LocalTransport:
    """Hands messages to an in-process receiver (the standalone process aggregates itself)."""

    def __init__(self, receive: Callable[[list[Message]], None]) -> None:
        self.receive = receive
        self.lost = 0

    def send(self, messages: list[Message]) -> None:
        """Deliver the messages; a failing receiver loses them, never the app."""
        try:
            self.receive(messages)
        except Exception:
            self.lost += len(messages)

    def close(self) -> None:
        """Nothing to close."""


if TYPE_CHECKING:
    Transport: TypeAlias = SocketTransport | LocalTransport


class Sender:
    """The background thread that drains a `ProcessHook` into a transport."""

    def __init__(self, hook: h.ProcessHook, transport: Transport, root: str) -> None:
        self.hook = hook
        self.transport = transport
        self.root = root
        self.started = time.time()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._hello = False
        self._sent_sites = 0
        self._sent_dropped = 0
        self._sent_warnings: dict[tuple[str, str, str, int], int] = {}
        self._seen_exceptions: set[tuple[str, str, str, int]] = set()
        self._paths: Any = None
        self._sent_learnt = 0

    def start(self) -> None:
        """Start the daemon thread that flushes every `INTERVAL`."""
        self._thread = threading.Thread(target=self._run, name="llm-brief-sender", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread (it exits at its next wake-up)."""
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(INTERVAL):
            self.flush()

    def flush(self, final: bool = False) -> None:
        """Send everything captured since the last flush; `final` adds the goodbye."""
        try:
            with self._lock:
                messages = self._collect(final)
                if messages:
                    self.transport.send(messages)
        except Exception:
            self.hook.dropped_events += 1

    # -- building messages ---------------------------------------------------------------------
    def _collect(self, final: bool) -> list[Message]:
        hook = self.hook
        pid = hook.pid
        messages: list[Message] = []
        if not self._hello:
            self._hello = True
            messages.append(self._hello_message())
        logs = self._logs_message(pid)
        if logs is not None:
            messages.append(logs)
        while not hook.events.empty():  # this thread is the only consumer
            message = self._render(hook.events.get_nowait(), pid)
            if message is not None:
                messages.append(message)
        learnt = self._learnt_message(pid)
        if learnt is not None:
            messages.append(learnt)
        for key, count in list(hook.warning_counts.items()):
            if self._sent_warnings.get(key) != count:
                self._sent_warnings[key] = count
                path, _ = self._classify(key[2])
                messages.append(
                    {
                        "t": "warning",
                        "pid": pid,
                        "category": key[0],
                        "message": key[1],
                        "path": path,
                        "line": key[3],
                        "count": count,
                    }
                )
        if final:
            messages.append(
                {"t": "bye", "pid": pid, "exit_code": hook.exit_code, "time": time.time()}
            )
        return messages

    def _hello_message(self) -> Message:
        return {
            "t": "hello",
            "pid": self.hook.pid,
            "ppid": os.getppid(),
            "argv": list(getattr(sys, "orig_argv", sys.argv)),
            "cwd": os.getcwd(),
            "started": self.started,
        }

    def _logs_message(self, pid: int) -> Message | None:
        hook = self.hook
        new = hook.new_sites[self._sent_sites :]
        self._sent_sites += len(new)
        sites = []
        for site in new:
            path, _ = self._classify(site[h.PATHNAME])
            sites.append(
                {
                    "id": site[h.SID],
                    "level": site[h.LEVEL],
                    "logger": site[h.NAME],
                    "template": site[h.TEMPLATE],
                    "message": site[h.MESSAGE],
                    "path": path,
                    "line": site[h.LINENO],
                    "first": site[h.FIRST],
                }
            )
        counts = []
        for site in hook.new_sites[: self._sent_sites]:
            count = site[h.COUNT]
            if count != site[h.SENT]:
                site[h.SENT] = count
                last = site[h.LAST_MSG]
                text = str(last)[: h.MAX_MESSAGE] if last is not None else None
                counts.append([site[h.SID], count, site[h.LAST_SEEN], text])
        dropped = hook.dropped_records + hook.dropped_events + self.transport.lost
        if not sites and not counts and dropped == self._sent_dropped:
            return None
        self._sent_dropped = dropped
        return {"t": "logs", "pid": pid, "sites": sites, "counts": counts, "dropped": dropped}

    def _render(self, event: tuple[Any, ...], pid: int) -> Message | None:
        kind = event[0]
        if kind == "status":
            _, component, status, message, when = event
            return {
                "t": "status",
                "pid": pid,
                "component": component,
                "status": status,
                "message": message,
                "time": when,
            }
        exc: BaseException = event[1]
        chain = self._chain(exc)
        if not chain:
            return None
        outer = chain[0]
        last: Message = outer["frames"][-1] if outer["frames"] else {"path": "", "line": 0}
        key = (
            str(outer["type"]),
            str(outer["message"])[:200],
            str(last["path"]),
            int(last["line"]),
        )
        if kind == "log" and (
            key in self._seen_exceptions or len(self._seen_exceptions) >= MAX_DISTINCT_EXCEPTIONS
        ):
            return None  # one example per cause is enough; the call site counts the rest
        self._seen_exceptions.add(key)
        return {
            "t": "exception",
            "pid": pid,
            "kind": kind,
            "where": event[2],
            "level": event[3] if kind == "log" else "CRITICAL",
            "time": event[-1],
            "chain": chain,
        }

    def _learnt_message(self, pid: int) -> Message | None:
        # An exception's evidence is redacted here, before its cut, by this process's redactor:
        # the values it learnt go to the wrapper, which may see them bare elsewhere (a message).
        if "llm_brief.core.redaction.redactor" not in sys.modules:
            return None  # nothing was redacted in this process yet
        from llm_brief.core.redaction.redactor import default_redactor

        pairs = default_redactor().learnt.since(self._sent_learnt)
        if not pairs:
            return None
        self._sent_learnt += len(pairs)
        return {"t": "learnt", "pid": pid, "values": [[value, kind] for value, kind in pairs]}

    def _chain(self, exc: BaseException) -> list[Message]:
        from llm_brief.capture.exceptions import exception_chain
        from llm_brief.core.codec import to_json

        self._classify("")
        chain: list[Message] = to_json(exception_chain(exc, self._paths))
        return chain

    def _classify(self, filename: str) -> tuple[str, bool]:
        if self._paths is None:
            from llm_brief.capture.exceptions import PathClassifier

            self._paths = PathClassifier(self.root)
        result: tuple[str, bool] = self._paths.classify(filename)
        return result
