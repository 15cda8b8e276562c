"""`run_tests`: pytest with the briefing on a validated selection, one run per workspace at a time.

No shell ever runs: the argv is `sys.executable -m pytest --llm-brief` plus node ids that resolve
inside the workspace, an optional `-k` expression and a few harmless options. Anything else that
starts with `-` (or pytest's `@argsfile`) is refused, since `-p`, `-c`, `--rootdir`,
`--override-ini` and friends load or configure code of the caller's choosing.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import anyio

from llm_brief.mcp.workspace import Workspace, WorkspaceError
from llm_brief.output.store import make_folder

# Options that only change how much pytest does or says, never what code it loads.
ALLOWED_OPTIONS = ("-x", "--exitfirst", "-q", "-v", "--ff", "--failed-first", "--nf", "--new-first")
_MAXFAIL = re.compile(r"--maxfail=\d{1,4}")
_PERCENT = re.compile(rb"\[\s*(\d{1,3})%\]")
_COLLECTED = re.compile(rb"collected (\d+) items?")
MAX_TIMEOUT_S = 3600.0
KILL_GRACE_S = 3.0
OUTPUT_TAIL = 4000
Progress = Callable[[float, str], Awaitable[None]]


class RunBusy(WorkspaceError):
    """A run is already going on in this workspace."""


@dataclass(frozen=True, slots=True)
class Selection:
    """What to run, already validated: pytest arguments after `--llm-brief`."""

    args: tuple[str, ...]
    label: str


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """How the child ended: exit code (None when stopped), why it stopped, and its output's tail."""

    exit_code: int | None
    stopped: str
    duration_s: float
    tail: str


def node_arg(workspace: Workspace, nodeid: str) -> str:
    """`nodeid` if it names a file or directory inside the workspace; WorkspaceError otherwise."""
    if not nodeid or nodeid != nodeid.strip() or "\n" in nodeid or "\x00" in nodeid:
        raise WorkspaceError(f"not a test id: {nodeid!r}")
    if nodeid.startswith(("-", "@")):
        raise WorkspaceError(
            f"{nodeid!r} is an option, not a test; options are not accepted here "
            f"(allowed in `options`: {', '.join(ALLOWED_OPTIONS)}, --maxfail=N)"
        )
    path = nodeid.split("::", 1)[0]
    resolved = workspace.inside(path)
    if not resolved.exists():
        raise WorkspaceError(f"{path!r} does not exist in the workspace {workspace.root}")
    return nodeid


def option_arg(option: str) -> str:
    """`option` if it is on the allow-list; WorkspaceError naming the allowed ones otherwise."""
    if option in ALLOWED_OPTIONS or _MAXFAIL.fullmatch(option):
        return option
    raise WorkspaceError(
        f"option {option!r} is not allowed (it could load or configure code); "
        f"allowed: {', '.join(ALLOWED_OPTIONS)}, --maxfail=N"
    )


def selection(
    workspace: Workspace,
    issue_tests: Sequence[str] | None,
    issue_label: str,
    tests: Sequence[str],
    keyword: str,
    last_failed: bool,
    options: Sequence[str],
) -> Selection:
    """Validate exactly one of issue / tests / keyword / last_failed, plus allowed options."""
    chosen = [
        n
        for n, on in (
            ("issue", issue_tests is not None),
            ("tests", bool(tests)),
            ("keyword", bool(keyword)),
            ("last_failed", last_failed),
        )
        if on
    ]
    if len(chosen) != 1:
        raise WorkspaceError(
            "give exactly one of issue, tests, keyword, last_failed"
            + (f" (got {', '.join(chosen)})" if chosen else "")
        )
    extra = tuple(option_arg(o) for o in options)
    if issue_tests is not None:
        args = tuple(node_arg(workspace, t) for t in issue_tests)
        return Selection((*args, *extra), issue_label)
    if tests:
        shown = " ".join(tests)
        label = f"tests {shown[:120]}" + (" …" if len(shown) > 120 else "")
        return Selection((*(node_arg(workspace, t) for t in tests), *extra), label)
    if keyword:
        if len(keyword) > 200 or any(c in keyword for c in "\n\r\x00"):
            raise WorkspaceError("keyword must be one line of at most 200 characters")
        # pytest parses -k with its own small expression grammar, never eval, so any text is safe.
        return Selection(("-k", keyword, *extra), f"-k {keyword}")
    return Selection(("--lf", *extra), "last failed")


def issue_nodes(rerun: str, tests: Sequence[str]) -> list[str]:
    """The node ids of an issue's rerun command (compact: one per parametrised test).

    Falls back to the issue's own tests when the command is not plain `pytest NODE...`.
    """
    try:
        parts = shlex.split(rerun)
    except ValueError:
        parts = []
    if parts[1:3] == ["-m", "pytest"]:
        parts = parts[2:]
    nodes = parts[1:]
    if not nodes or any(p.startswith("-") for p in nodes):
        return list(tests)
    return nodes


class Runner:
    """Runs pytest in one workspace, one run at a time (also across servers, via a lock file)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._lock = anyio.Lock()
        self.current = ""
        self.started = 0.0

    def busy(self) -> str:
        """Why a new run cannot start now, or ''."""
        if self._lock.locked():
            return f"a run_tests call is already running ({self.current}, for {time.monotonic() - self.started:.0f}s)"
        return ""

    async def run(self, chosen: Selection, timeout_s: float, progress: Progress) -> RunOutcome:
        """Run the selection; on timeout or cancellation the whole pytest process group is killed."""
        reason = self.busy()
        if reason:
            raise RunBusy(
                f"{reason}; wait for it to finish or cancel it, then call run_tests again"
            )
        async with self._lock:
            with _file_lock(self.workspace.output_dir) as held:
                if not held:
                    raise RunBusy(
                        "another llm-brief server is running tests in this workspace; try again when it ends"
                    )
                self.current, self.started = chosen.label, time.monotonic()
                try:
                    return await self._spawn(
                        chosen, min(max(timeout_s, 1.0), MAX_TIMEOUT_S), progress
                    )
                finally:
                    self.current = ""

    async def _spawn(self, chosen: Selection, timeout_s: float, progress: Progress) -> RunOutcome:
        # full: the progress read below is pytest's own, which the compact terminal holds back
        argv = [sys.executable, "-m", "pytest", "--llm-brief", "--llm-brief-terminal=full"]
        argv += chosen.args
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        started = time.monotonic()
        process = await anyio.open_process(
            argv,
            cwd=self.workspace.root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a kill reaches xdist workers too
        )
        tail = bytearray()
        stopped = "timeout"
        try:
            with anyio.move_on_after(timeout_s):
                assert process.stdout is not None
                total = 0
                async for chunk in process.stdout:
                    tail = (tail + chunk)[-OUTPUT_TAIL:]
                    if m := _COLLECTED.search(chunk):
                        total = int(m.group(1))
                        await progress(0.0, f"collected {total} tests")
                    marks = _PERCENT.findall(chunk)
                    if marks:
                        await progress(
                            float(marks[-1]), f"{int(marks[-1])}% of {total or '?'} tests"
                        )
                code = await process.wait()
                stopped = ""
                return RunOutcome(
                    code, stopped, time.monotonic() - started, tail.decode("utf-8", "replace")
                )
            return RunOutcome(
                None, stopped, time.monotonic() - started, tail.decode("utf-8", "replace")
            )
        finally:
            # Reached on success, timeout and cancellation alike; a live group is always ended.
            with anyio.CancelScope(shield=True):
                await _end_group(process)


def _signal_group(process: anyio.abc.Process, sig: int) -> None:
    """Signal the child's whole process group (the child alone where there are no groups)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, sig)
        elif process.returncode is None:  # pragma: no cover - Windows
            process.kill()


async def _end_group(process: anyio.abc.Process) -> None:
    """SIGTERM the process group, SIGKILL it after a grace period."""
    if process.returncode is None:
        _signal_group(process, signal.SIGTERM)
        with anyio.move_on_after(KILL_GRACE_S):
            await process.wait()
    # Children of pytest (a server a test started) may outlive it in the same group.
    _signal_group(process, getattr(signal, "SIGKILL", signal.SIGTERM))
    if process.returncode is None:
        await process.wait()


@contextlib.contextmanager
def _file_lock(folder: Path) -> Iterator[bool]:
    """Hold `<output dir>/.mcp-run.lock` (flock); yields False when another process holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the in-process lock is all there is
        yield True
        return
    make_folder(folder)
    with open(folder / ".mcp-run.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
