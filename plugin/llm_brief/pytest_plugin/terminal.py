"""The compact terminal: what pytest's terminal reporter writes is held back, not reconfigured.

No option another plugin reads is changed: `-v`, `--tb`, `-r` and the rest keep the values the
project gave them, so JUnit XML, pytest-html and every report get pytest's own content. Instead
the terminal reporter's writer is pointed at a gate. Closed (the default), pytest's progress,
verbose lines, failure sections and short summary go nowhere (or, with `--llm-brief-stats`, to
a count). It opens while other plugins print their own summaries (a coverage table stays), for
llm-brief's summary, and for the whole summary when the command line itself asked for pytest's
sections (`-rA`, `--tb=long`, `--full-trace`, `-l`): an option typed for this run wins, a default
from `addopts` does not.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Generator, Sequence
from typing import Any, TextIO

import pytest

from llm_brief.pytest_plugin.stats import stats_line

_ASKING = ("--full-trace", "-l", "--showlocals")
PROGRESS_AFTER_S = 20.0  # a run shorter than this prints no progress at all
PROGRESS_STEP = 25  # percent: at most four lines


def asked_for_sections(args: Sequence[str]) -> bool:
    """Whether the command line (not `addopts`) asks for pytest's report sections."""
    for arg in args:
        if arg in _ASKING or arg.startswith("--tb"):
            return True
        if arg.startswith("-r") and not arg.startswith("--"):
            return True
    return False


class _Gate:
    """A stream in front of the real one: passes text through while open, else holds it back."""

    def __init__(self, real: TextIO, keep_hidden: bool) -> None:
        self.real = real
        self.open = False
        self.keep_hidden = keep_hidden
        self.hidden: list[str] = []  # what pytest would have printed, for --llm-brief-stats
        self.shown: list[str] = []

    def write(self, text: str) -> int:
        if self.open:
            self.shown.append(text)
            return self.real.write(text)
        if self.keep_hidden:
            self.hidden.append(text)
        return len(text)

    def flush(self) -> None:
        self.real.flush()

    def __getattr__(self, name: str) -> Any:  # encoding, isatty, fileno… of the real stream
        return getattr(self.real, name)


class Progress:
    """Progress of a long run on stderr: nothing before `after` seconds, then a line per step."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, after: float = PROGRESS_AFTER_S
    ) -> None:
        self.clock = clock
        self.start = clock()
        self.after = after
        self.total = 0
        self.done = 0
        self.next_step = 0

    def finished_one(self, stream: TextIO) -> None:
        """Count a finished test; print a line when a step is crossed after the warm-up."""
        self.done += 1
        elapsed = self.clock() - self.start
        if not self.total or elapsed < self.after:
            return
        percent = self.done * 100 // self.total
        if not self.next_step:  # the steps crossed during the warm-up were never seen live
            self.next_step = (percent // PROGRESS_STEP + 1) * PROGRESS_STEP
            return
        if percent >= self.next_step and percent < 100:
            stream.write(f"llm-brief: {percent}% {self.done}/{self.total} {elapsed:.0f}s\n")
            stream.flush()
            self.next_step = (percent // PROGRESS_STEP + 1) * PROGRESS_STEP


class CompactTerminal:
    """Registered with `--llm-brief` (compact or ci) on the process that prints the summary."""

    def __init__(self, config: pytest.Config, stats: bool) -> None:
        self.config = config
        self.asked = asked_for_sections(config.invocation_params.args)
        self.stats = stats
        self.gate: _Gate | None = None
        self.progress = Progress()
        self._attach()

    def _attach(self) -> None:
        # The terminal writer's stream is the one private attribute touched; if pytest renames
        # it, the gate is simply not installed and pytest prints as it always did.
        reporter = self.config.pluginmanager.getplugin("terminalreporter")
        writer = getattr(reporter, "_tw", None)
        real = getattr(writer, "_file", None)
        if writer is None or real is None or isinstance(real, _Gate):
            return
        self.gate = _Gate(real, keep_hidden=self.stats)
        writer._file = self.gate

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.progress.total = session.testscollected

    @pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown when xdist is not installed
    def pytest_xdist_node_collection_finished(self, node: Any, ids: Sequence[str]) -> None:
        self.progress.total = max(self.progress.total, len(ids))

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        self.progress.finished_one(sys.stderr)

    @pytest.hookimpl(tryfirst=True)
    def pytest_internalerror(self) -> None:
        if self.gate is not None:  # pytest's INTERNALERROR> lines are the only account of it
            self.gate.open = True

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> Generator[None, None, None]:
        gate = self.gate
        if gate is not None and self.asked:
            gate.open = True
        try:
            return (yield)
        finally:
            if gate is not None:
                # asked for pytest's sections: its closing counts line follows them, as without us
                gate.open = self.asked
                if self.stats:
                    line = stats_line("".join(gate.shown), "".join(gate.hidden))
                    gate.real.write(line + "\n")

    def close(self) -> None:
        """Give the terminal writer its stream back."""
        reporter = self.config.pluginmanager.getplugin("terminalreporter")
        writer = getattr(reporter, "_tw", None)
        if self.gate is not None and getattr(writer, "_file", None) is self.gate:
            writer._file = self.gate.real  # type: ignore[union-attr]


class _Window:
    """One edge of the window in which other plugins print their summaries through the gate.

    Separate objects because a plugin has one implementation of a hook: the `tryfirst` one opens
    the gate after pytest's own failure sections, the `trylast` one closes it before pytest's
    short summary, and every other plugin's summary (and llm-brief's) prints in between.
    """

    opens = True

    def __init__(self, terminal: CompactTerminal) -> None:
        self.terminal = terminal

    def _set(self) -> None:
        gate = self.terminal.gate
        if gate is not None and not self.terminal.asked:
            gate.open = self.opens

    def close(self) -> None:
        """Nothing to undo."""


class WindowOpen(_Window):
    """Opens the gate before the other plugins' summaries."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_terminal_summary(self) -> None:
        self._set()


class WindowClose(_Window):
    """Closes it after them."""

    opens = False

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self) -> None:
        self._set()
