"""The wrapped command behaves as without the wrapper: exit status, signals, stdin, live output, tty."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from launchkit import clean_env, dashboard, wait_for, wrapper_cmd

PY = sys.executable


def test_exit_status_is_the_childs(tmp_path: Path) -> None:
    done = subprocess.run(
        wrapper_cmd(PY, "-c", "import sys; print('out'); sys.exit(7)"),
        cwd=tmp_path, env=clean_env(), capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 7
    assert done.stdout == b"out\n"
    data = dashboard(tmp_path)
    assert data is not None
    assert (data["run"]["exit_code"], data["run"]["outcome"]) == (7, "failed")


def test_missing_command_exits_127_with_a_clear_error(tmp_path: Path) -> None:
    done = subprocess.run(
        wrapper_cmd("no-such-command-xyz", "arg"),
        cwd=tmp_path, env=clean_env(), capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 127
    assert b"no-such-command-xyz: command not found" in done.stderr
    data = dashboard(tmp_path)
    assert data is not None
    assert data["run"]["exit_code"] == 127
    assert data["issues"][0]["severity"] == "critical"
    assert "command not found" in data["issues"][0]["title"]


def test_not_executable_exits_126(tmp_path: Path) -> None:
    script = tmp_path / "script.sh"
    script.write_text("#!/bin/sh\necho hi\n")
    script.chmod(0o644)
    done = subprocess.run(
        wrapper_cmd(str(script)), cwd=tmp_path, env=clean_env(), capture_output=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 126
    assert b"cannot run it" in done.stderr


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signals_to_the_wrapper_reach_the_child(
    tmp_path: Path, spawn: Any, sig: signal.Signals, code: int
) -> None:
    ready = tmp_path / "ready"
    child = f"import pathlib, time\npathlib.Path({str(ready)!r}).write_text('x')\ntime.sleep(60)\n"
    proc = spawn(wrapper_cmd(PY, "-c", child))
    wait_for(ready.exists, what="the child to start")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code
    data = dashboard(tmp_path)
    assert data is not None
    assert data["run"]["signal"] == sig
    assert data["run"]["interrupted"] is True
    if sig == signal.SIGINT:
        assert b"KeyboardInterrupt" in err


def test_stdin_passes_through_and_output_is_live(tmp_path: Path, spawn: Any) -> None:
    child = "import sys\nprint('ready', flush=True)\nline = sys.stdin.readline()\nprint('got ' + line.strip(), flush=True)\n"
    proc = spawn(wrapper_cmd(PY, "-c", child), stdin=subprocess.PIPE)
    assert proc.stdout.readline() == b"ready\n"  # before the child exits: nothing is held back
    proc.stdin.write(b"hello\n")
    proc.stdin.close()
    assert proc.stdout.read() == b"got hello\n"
    assert proc.wait(timeout=30) == 0


def test_a_terminal_stays_a_terminal_with_its_colours(tmp_path: Path) -> None:
    child = (
        "import os, sys\n"
        "print('tty', sys.stdout.isatty(), sys.stderr.isatty(), os.get_terminal_size().columns)\n"
        "print('\\x1b[31mred\\x1b[0m', flush=True)\n"
    )
    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 123, 0, 0))
    proc = subprocess.Popen(
        wrapper_cmd(PY, "-c", child), cwd=tmp_path, env=clean_env(),
        stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
    )  # fmt: skip
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1.0)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.wait(timeout=30) == 0
    assert b"tty True True 123" in seen
    assert b"\x1b[31mred\x1b[0m" in seen
