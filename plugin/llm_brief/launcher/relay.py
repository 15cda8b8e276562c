"""The output relay: the child's bytes to the real terminal at once, and a framed copy to the wrapper.

It runs in a process forked from the wrapper before any thread starts, so the child's output path
does not depend on the wrapper: a SIGKILLed wrapper leaves the child writing to the terminal as
before. The copy to the wrapper never blocks the relay; past `MAX_BACKLOG` it is dropped and
counted. Frames are `!BId` (stream, length, time) followed by the bytes; length 0 marks end of
stream, and stream 0 carries a count of dropped bytes in its length field.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import struct
import threading
import time
from collections import deque
from collections.abc import Callable

FRAME = struct.Struct("!BId")
STREAM_NAMES = {1: "stdout", 2: "stderr"}
MAX_BACKLOG = 8 * 1024 * 1024
CHUNK = 1 << 16


def copy_winsize(source: int, target: int) -> None:
    """Give the pty `target` the window size of the terminal `source` (no-op when not a tty)."""
    import fcntl
    import termios

    with contextlib.suppress(OSError):
        size = fcntl.ioctl(source, termios.TIOCGWINSZ, b"\0" * 8)
        fcntl.ioctl(target, termios.TIOCSWINSZ, size)


def _write_all(fd: int, data: bytes) -> bool:
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError:
            select.select([], [fd], [])
            continue
        except OSError:
            return False
        view = view[written:]
    return True


def relay(sources: list[tuple[int, int, int]], sink: int, ptys: list[tuple[int, int]]) -> None:
    """Copy each (read fd, destination fd, stream id) until every source ends; frames go to `sink`."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_IGN)  # the child decides how to end; we drain it to the end
    if ptys:

        def resize(signum: int, frame: object) -> None:
            for pty, real in ptys:
                copy_winsize(real, pty)

        signal.signal(signal.SIGWINCH, resize)
    os.set_blocking(sink, False)
    backlog: deque[bytes] = deque()
    size = 0
    lost = 0
    sink_open = True
    streams = {fd: (dest, stream) for fd, dest, stream in sources}

    def queue(frame: bytes) -> None:
        nonlocal size, lost
        if not sink_open:
            return
        if size + len(frame) > MAX_BACKLOG:
            lost += len(frame) - FRAME.size
            return
        backlog.append(frame)
        size += len(frame)

    while streams:
        wanted = [sink] if backlog and sink_open else []
        try:
            readable, writable, _ = select.select(list(streams), wanted, [])
        except InterruptedError:
            continue
        for fd in readable:
            dest, stream = streams[fd]
            try:
                data = os.read(fd, CHUNK)
            except OSError:
                data = b""  # EIO: every writer of the pty is gone
            now = time.time()
            if not data or not _write_all(dest, data):
                # The terminal went away: close our end so the child sees it, as it would have.
                del streams[fd]
                os.close(fd)
                queue(FRAME.pack(stream, 0, now))
                continue
            queue(FRAME.pack(stream, len(data), now) + data)
        if lost and sink_open:
            backlog.append(FRAME.pack(0, min(lost, 0xFFFFFFFF), time.time()))
            size += FRAME.size
            lost = 0
        if writable or (backlog and sink_open):
            sink_open, size = _flush(sink, backlog, size, block=False)
    if sink_open:
        os.set_blocking(sink, True)
        _flush(sink, backlog, size, block=True)


def _flush(sink: int, backlog: deque[bytes], size: int, block: bool) -> tuple[bool, int]:
    """Write queued frames to the wrapper; (whether it is still there, bytes still queued)."""
    while backlog:
        frame = backlog[0]
        try:
            written = os.write(sink, frame)
        except BlockingIOError:
            return True, size
        except OSError:
            backlog.clear()
            return False, 0  # the wrapper is gone: keep relaying to the terminal only
        size -= written
        if written < len(frame):
            backlog[0] = frame[written:]
            if not block:
                return True, size
        else:
            backlog.popleft()
    return True, size


class FrameReader:
    """Reads the relay's frames in a thread and hands each stream's bytes to `on_data`."""

    def __init__(
        self,
        fd: int,
        on_data: Callable[[str, bytes, float], None],
        on_end: Callable[[str, float], None],
    ) -> None:
        self.fd = fd
        self.on_data = on_data
        self.on_end = on_end
        self.lost_bytes = 0
        self.done = threading.Event()
        self._cond = threading.Condition()
        self._last = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="llm-brief-frames", daemon=True)

    def start(self) -> None:
        """Read in a daemon thread until the relay closes its end."""
        self._thread.start()

    def _run(self) -> None:
        buffer = bytearray()
        try:
            while True:
                data = os.read(self.fd, CHUNK * 4)
                if not data:
                    break
                buffer += data
                self._parse(buffer)
                with self._cond:
                    self._last = time.monotonic()
                    self._cond.notify_all()
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            now = time.time()
            for name in STREAM_NAMES.values():
                self.on_end(name, now)
            self.done.set()
            with self._cond:
                self._cond.notify_all()

    def _parse(self, buffer: bytearray) -> None:
        offset = 0
        while len(buffer) - offset >= FRAME.size:
            stream, length, when = FRAME.unpack_from(buffer, offset)
            if stream == 0:
                self.lost_bytes += length
                offset += FRAME.size
                continue
            if len(buffer) - offset - FRAME.size < length:
                break
            start = offset + FRAME.size
            name = STREAM_NAMES.get(stream, "stdout")
            if length:
                self.on_data(name, bytes(buffer[start : start + length]), when)
            else:
                self.on_end(name, when)
            offset = start + length
        del buffer[:offset]

    def wait(self, quiet: float, timeout: float) -> None:
        """Return at end of stream, after `quiet` s without data, or at `timeout`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self.done.is_set():
                now = time.monotonic()
                if now - self._last >= quiet or now >= deadline:
                    return
                self._cond.wait(min(deadline, self._last + quiet) - now)
