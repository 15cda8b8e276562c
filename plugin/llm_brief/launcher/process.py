"""Starting the command so the terminal behaves as without the wrapper, and ending it faithfully.

Standard input is inherited as is (a terminal, a pipe or a file: no relay, so EOF, raw mode and
job control work unchanged). Standard output and error each get a pseudo-terminal when the
wrapper's own is a terminal, so the child still sees a tty (colours, line buffering, width), and a
pipe otherwise, exactly what it would have had. They stay separate so tracebacks on stderr are
told apart from output. The child stays in the wrapper's process group: Ctrl-C from the terminal
reaches it directly; signals sent to the wrapper alone are forwarded.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import FrameType

from llm_brief.launcher.relay import copy_winsize, relay

FORWARDED = (
    signal.SIGINT,
    signal.SIGTERM,
    signal.SIGHUP,
    signal.SIGQUIT,
    signal.SIGUSR1,
    signal.SIGUSR2,
)
# The terminal sends these to the whole foreground process group, which includes the child.
_FROM_TERMINAL = (signal.SIGINT, signal.SIGQUIT)


class LaunchError(OSError):
    """The command could not be started; `exit_code` is what a shell would return (127 or 126)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class Launched:
    """A running command: the child, its output relay, and the relay's frame pipe."""

    child: subprocess.Popen[bytes]
    relay_pid: int
    frames_fd: int
    ptys: list[int] = field(default_factory=list)


def _open_stream(real_fd: int) -> tuple[int, int, bool]:
    """(read end, child's end, is a pty) for one output stream."""
    if os.isatty(real_fd):
        import termios

        master, slave = os.openpty()
        copy_winsize(real_fd, master)
        # Pass bytes through untouched: the real terminal does the output processing (\n -> \r\n).
        attrs = termios.tcgetattr(slave)
        attrs[1] &= ~termios.OPOST
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        return master, slave, True
    read, write = os.pipe()
    return read, write, False


def start(
    command: Sequence[str],
    env: Mapping[str, str],
    close_in_relay: Sequence[int] = (),
    force_pipes: bool = False,
) -> Launched:
    """Start `command` and fork its output relay; raises `LaunchError` when it cannot start.

    Call before starting any thread: the relay is forked from this process.
    """
    out_r, out_w, out_pty = (*os.pipe(), False) if force_pipes else _open_stream(1)
    err_r, err_w, err_pty = (*os.pipe(), False) if force_pipes else _open_stream(2)
    try:
        child = subprocess.Popen(list(command), stdout=out_w, stderr=err_w, env=dict(env))
    except FileNotFoundError:
        _close(out_r, out_w, err_r, err_w)
        raise LaunchError(f"{command[0]}: command not found", 127) from None
    except OSError as exc:
        _close(out_r, out_w, err_r, err_w)
        raise LaunchError(f"{command[0]}: cannot run it: {exc.strerror or exc}", 126) from None
    _close(out_w, err_w)
    frames_r, frames_w = os.pipe()
    ptys = [(fd, real) for fd, real, is_pty in ((out_r, 1, out_pty), (err_r, 2, err_pty)) if is_pty]
    pid = os.fork()
    if pid == 0:  # the relay
        try:
            _close(frames_r, *close_in_relay)
            relay([(out_r, 1, 1), (err_r, 2, 2)], frames_w, ptys)
        finally:
            os._exit(0)
    _close(out_r, err_r, frames_w)
    return Launched(child, pid, frames_r, [fd for fd, _ in ptys])


def _close(*fds: int) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


class SignalForwarder:
    """Forwards signals sent to the wrapper to the child, and remembers which ones it saw."""

    def __init__(self, child: subprocess.Popen[bytes]) -> None:
        self.child = child
        self.received: list[int] = []
        self._previous: dict[int, Callable[[int, FrameType | None], object] | int | None] = {}
        self._tty = _open_tty()

    def install(self) -> None:
        """Replace the handlers of the forwarded signals (main thread only)."""
        for sig in FORWARDED:
            self._previous[sig] = signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received.append(signum)
        if signum in _FROM_TERMINAL and self._terminal_sent_it():
            return  # the child got it from the terminal too; sending it again would double it
        with contextlib.suppress(ProcessLookupError, OSError):
            self.child.send_signal(signum)

    def _terminal_sent_it(self) -> bool:
        if self._tty is None:
            return False
        try:
            return os.tcgetpgrp(self._tty) == os.getpgrp()
        except OSError:
            return False

    def restore(self) -> None:
        """Put the previous handlers back."""
        for sig, handler in self._previous.items():
            with contextlib.suppress(OSError, ValueError, TypeError):
                signal.signal(sig, handler)
        if self._tty is not None:
            _close(self._tty)
            self._tty = None


def _open_tty() -> int | None:
    try:
        return os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY)
    except OSError:
        return None


def exit_status(returncode: int) -> tuple[int, int | None]:
    """(the wrapper's exit status, the signal that ended the child or None), as a shell reports it."""
    if returncode < 0:
        return 128 + -returncode, -returncode
    return returncode, None


def describe_signal(number: int) -> str:
    """`SIGTERM (15)`."""
    try:
        return f"{signal.Signals(number).name} ({number})"
    except ValueError:
        return f"signal {number}"


def reap(pid: int) -> None:
    """Collect the relay if it has finished (it outlives us when grandchildren keep writing)."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)
