"""Rerunning an issue's tests: the command line (only pytest, ever) and the child process."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import sys
from collections.abc import Callable, Sequence

_PYTEST = re.compile(r"(py\.test|pytest)(\.exe)?")
_PYTHON = re.compile(r"python(\d+(\.\d+)*)?(\.exe)?")


class RerunRefused(ValueError):
    """The issue's rerun command is empty or not a pytest command; nothing is run."""


def rerun_argv(command: str, interpreter: Sequence[str] = ()) -> list[str]:
    """The argv that reruns `command` with our interpreter and `--llm-brief`.

    Only pytest commands (`pytest ...`, `python -m pytest ...`) are accepted: the dashboard is a
    file in the workspace, and a server must not run arbitrary text from it.
    """
    try:
        parts = shlex.split(command)
    except ValueError as exc:
        raise RerunRefused(f"cannot parse the rerun command {command!r}: {exc}") from None
    if not parts:
        raise RerunRefused("this issue has no rerun command")
    python = list(interpreter) or [sys.executable]
    head = os.path.basename(parts[0])
    if _PYTEST.fullmatch(head):
        argv = [*python, "-m", "pytest", *parts[1:]]
    elif _PYTHON.fullmatch(head) and parts[1:3] == ["-m", "pytest"]:
        argv = [*python, *parts[1:]]
    else:
        raise RerunRefused(f"not a pytest command, so it is not run: {command}")
    if not any(arg == "--llm-brief" or arg.startswith("--llm-brief=") for arg in argv):
        argv.append("--llm-brief")
    return argv


async def run_streaming(
    argv: Sequence[str],
    cwd: str,
    on_line: Callable[[str], None],
    cancelled: asyncio.Event | None = None,
) -> int:
    """Run `argv` in `cwd`, passing each output line to `on_line`; returns the exit code.

    Setting `cancelled` terminates the child (then kills it if it lingers).
    """
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = await asyncio.create_subprocess_exec(
        *argv,
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None

    async def pump() -> None:
        assert process.stdout is not None
        while line := await process.stdout.readline():
            on_line(line.decode("utf-8", "replace").rstrip())

    async def stop_when_cancelled() -> None:
        if cancelled is None:
            return
        await cancelled.wait()
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 5)
            except asyncio.TimeoutError:
                process.kill()

    watchdog = asyncio.ensure_future(stop_when_cancelled())
    try:
        await pump()
        return await process.wait()
    finally:
        watchdog.cancel()
