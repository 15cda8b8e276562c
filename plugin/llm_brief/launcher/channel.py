"""The local channel from hooked processes to the aggregator: a Unix socket of JSON lines.

A stream socket rather than an inherited pipe, because grandchildren must reach it too and
`subprocess` closes inherited descriptors; its path travels in `LLM_BRIEF__CHANNEL`. The server
runs in one thread with a selector; each complete line is parsed and handed to `receive`.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any

MAX_LINE = 8 * 1024 * 1024
Receive = Callable[[list[dict[str, Any]]], None]


def channel_path() -> str:
    """A fresh socket path in a private (0700) temporary directory."""
    folder = tempfile.mkdtemp(prefix="llm-brief-")
    return os.path.join(folder, "channel.sock")


class ChannelServer:
    """Accepts connections from hooked processes and delivers their messages to `receive`."""

    def __init__(self, path: str, receive: Receive) -> None:
        self.path = path
        self.receive = receive
        self.bad_lines = 0
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(path)
        self._listener.listen(64)
        self._listener.setblocking(False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ, None)
        self._buffers: dict[socket.socket, bytearray] = {}
        self._stop = threading.Event()
        self._cond = threading.Condition()
        self._last = time.monotonic()
        self._passes = 0
        self._thread = threading.Thread(target=self._run, name="llm-brief-channel", daemon=True)

    @property
    def listener_fd(self) -> int:
        """The listening socket's descriptor (a forked relay closes it)."""
        return self._listener.fileno()

    def start(self) -> None:
        """Serve in a daemon thread."""
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            for key, _ in self._selector.select(timeout=0.1):
                sock: socket.socket = key.fileobj  # type: ignore[assignment]
                if sock is self._listener:
                    self._accept()
                else:
                    self._read(sock)
            with self._cond:
                self._passes += 1
                self._cond.notify_all()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            conn.setblocking(False)
            self._buffers[conn] = bytearray()
            self._selector.register(conn, selectors.EVENT_READ, None)
            self._touch()

    def _read(self, conn: socket.socket) -> None:
        try:
            data = conn.recv(1 << 16)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        buffer = self._buffers[conn]
        if not data:
            self._deliver(bytes(buffer))
            self._drop(conn)
            return
        buffer += data
        end = buffer.rfind(b"\n")
        if end >= 0:
            complete = bytes(buffer[: end + 1])
            del buffer[: end + 1]
            self._deliver(complete)
        elif len(buffer) > MAX_LINE:
            self.bad_lines += 1
            buffer.clear()
        self._touch()

    def _deliver(self, data: bytes) -> None:
        messages: list[dict[str, Any]] = []
        for line in data.splitlines():
            if not line.strip():
                continue
            try:
                message = json.loads(line)
            except ValueError:
                self.bad_lines += 1
                continue
            if isinstance(message, dict):
                messages.append(message)
        if messages:
            try:
                self.receive(messages)
            except Exception:
                self.bad_lines += len(messages)

    def _drop(self, conn: socket.socket) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(conn)
        self._buffers.pop(conn, None)
        conn.close()
        self._touch()

    def _touch(self) -> None:
        with self._cond:
            self._last = time.monotonic()
            self._cond.notify_all()

    def wait_quiet(self, quiet: float, timeout: float) -> None:
        """Return once no process is connected, or nothing arrived for `quiet` s, or at `timeout`.

        Connections still waiting to be accepted count: a whole serving pass must begin after the
        call before an empty table means that nobody is connected.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            start = self._passes
            while True:
                now = time.monotonic()
                served = self._passes >= start + 2 or not self._thread.is_alive()
                idle = not self._buffers or now - self._last >= quiet
                if (served and idle) or now >= deadline:
                    return
                self._cond.wait(max(0.01, min(deadline, self._last + quiet) - now))

    def close(self) -> None:
        """Stop serving, close every connection and remove the socket and its directory."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=1.0)
        for conn in list(self._buffers):
            self._drop(conn)
        with contextlib.suppress(OSError, ValueError):
            self._selector.close()
        self._listener.close()
        shutil.rmtree(os.path.dirname(self.path), ignore_errors=True)
