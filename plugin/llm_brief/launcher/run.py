"""`llm-brief run -- CMD`: start the command, capture what it says, brief live, finish at its exit."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from llm_brief.core.model import PhaseRecord
from llm_brief.core.render.terminal import summary_lines
from llm_brief.core.settings import Settings
from llm_brief.launcher import process
from llm_brief.launcher.aggregate import LaunchState
from llm_brief.launcher.channel import ChannelServer, channel_path
from llm_brief.launcher.live import LiveBrief
from llm_brief.launcher.processes import process_label
from llm_brief.launcher.relay import FrameReader
from llm_brief.launcher.sampler import TreeSampler
from llm_brief.output.publish import WRITING, Published
from llm_brief.output.store import new_run_id

# How long to keep listening after the command exits, for output and events still in flight
# (grandchildren that outlive it may keep their ends open for ever).
QUIET = 0.3
DRAIN_TIMEOUT = 2.0
_USER_STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def child_env(
    environ: Mapping[str, str], channel: str, run_id: str, root: Path, settings: Settings
) -> dict[str, str]:
    """The command's environment: the wrapper's, plus where hooked processes report to."""
    env = dict(environ)
    env["LLM_BRIEF__CHANNEL"] = channel
    env["LLM_BRIEF__RUN"] = run_id
    env["LLM_BRIEF__ROOT"] = str(root)
    env["LLM_BRIEF__LEVEL"] = settings.log_level
    env["LLM_BRIEF__MAX_SITES"] = str(settings.max_log_sites)
    return env


def launch(
    command: Sequence[str],
    settings: Settings,
    root: Path,
    output_dir: Path,
    live: bool = True,
    force_pipes: bool = False,
) -> int:
    """Run `command` to its end and publish its briefing; returns the exit status to use."""
    run_id = new_run_id()
    state = LaunchState(str(root))
    holder: list[LiveBrief] = []
    server = ChannelServer(channel_path(), lambda messages: holder[0].receive(messages))
    env = child_env(os.environ, server.path, run_id, root, settings)
    try:
        launched = process.start(command, env, [server.listener_fd], force_pipes)
    except process.LaunchError as exc:
        server.close()
        print(f"llm-brief run: {exc}", file=sys.stderr)
        return _failed_start(command, exc, state, settings, root, output_dir, run_id)
    child = launched.child
    state.set_main(child.pid, command)
    sampler = TreeSampler(child.pid)
    brief = LiveBrief(
        state, settings, output_dir, run_id, tuple(command), str(root), live,
        resources=lambda: _resources(sampler, holder[0]),
    )  # fmt: skip
    holder.append(brief)
    forwarder = process.SignalForwarder(child)
    forwarder.install()
    try:
        server.start()
        reader = FrameReader(launched.frames_fd, brief.output, brief.output_end)
        reader.start()
        sampler.start()
        brief.start()
        returncode = child.wait()
        reader.wait(QUIET, DRAIN_TIMEOUT)
        server.wait_quiet(QUIET, DRAIN_TIMEOUT)
        sampler.stop()
        code, sig = process.exit_status(returncode)
        interrupted = sig is not None and (sig in forwarder.received or sig in _USER_STOPS)
        notes: tuple[str, ...] = ()
        if sig is not None:
            notes = (f"the command was ended by {process.describe_signal(sig)}",)
            if not interrupted and not _crashed(brief):
                _record_signal_death(brief, child.pid, command, sig)
        published = _finish(brief, code, sig, interrupted, notes)
    finally:
        forwarder.restore()
        server.close()
        process.reap(launched.relay_pid)
    _summary(published, settings, brief)
    return code


def _finish(
    brief: LiveBrief, code: int, sig: int | None, interrupted: bool, notes: tuple[str, ...]
) -> Published | None:
    """The final briefing, or None: nothing llm-brief fails at may change the command's status."""
    try:
        return brief.finish(code, sig, interrupted, notes)
    except Exception as exc:
        brief.boundary.record(WRITING, exc)
        return None


def _crashed(brief: LiveBrief) -> bool:
    with brief.lock:
        return any(r.phase == "crash" for r in brief.state.records())


def _record_signal_death(brief: LiveBrief, pid: int, command: Sequence[str], sig: int) -> None:
    record = PhaseRecord(
        nodeid=process_label(command, pid),
        phase="crash",
        outcome="error",
        longrepr=f"{process_label(command, pid)} was killed by {process.describe_signal(sig)}",
        finished_at=time.time(),
    )
    with brief.lock:
        brief.state.add_record(record)


def _resources(sampler: TreeSampler, brief: LiveBrief) -> dict[str, Any]:
    figures = sampler.figures()
    with brief.lock:
        labels = {p.pid: p.label for p in brief.state.processes.values()}
    for row in figures.get("processes", ()):
        row["name"] = labels.get(row["pid"], row["name"])
    return figures


def _failed_start(
    command: Sequence[str],
    exc: process.LaunchError,
    state: LaunchState,
    settings: Settings,
    root: Path,
    output_dir: Path,
    run_id: str,
) -> int:
    brief = LiveBrief(state, settings, output_dir, run_id, tuple(command), str(root), False)
    state.add_record(
        PhaseRecord(nodeid=command[0], phase="crash", outcome="error", longrepr=str(exc))
    )
    _finish(brief, exc.exit_code, None, False, (f"the command could not start: {exc}",))
    return exc.exit_code


def _summary(published: Published | None, settings: Settings, brief: LiveBrief) -> None:
    if published is None:
        # Said even with --quiet: one line, so a missing briefing is never a silent surprise.
        errors = [e for e in brief.boundary.errors if e.where == WRITING] or brief.boundary.errors
        why = f"{errors[0].where}: {errors[0].message}" if errors else "see the journal"
        print(f"llm-brief: no briefing written ({why})", file=sys.stderr)
        return
    if settings.terminal == "off":
        return
    try:
        shown = str(published.briefing_path.relative_to(Path.cwd()))
    except ValueError:
        shown = str(published.briefing_path)
    for line in summary_lines(published.dashboard, shown):
        print(line, file=sys.stderr)
