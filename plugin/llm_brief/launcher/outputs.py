"""What the launched process tree printed: tracebacks parsed, other lines mined into templates. Pure.

Lines wait `DELAY` seconds before they are analysed, so that a hooked process's own report of the
same event (sent over the channel) arrives first: a line that merely echoes a captured log record
(`WARNING:tradebot.websocket:Reconnect attempt 3/25…`) is then recognised and not counted twice.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable

from llm_brief.capture.exceptions import PathClassifier
from llm_brief.core.miner import TemplateMiner
from llm_brief.core.model import LogEntry
from llm_brief.core.patterns import output_level
from llm_brief.core.vocabulary import level_rank
from llm_brief.launcher.lines import LineSplitter
from llm_brief.launcher.tracebacks import ParsedTraceback, TracebackParser

DELAY = 0.25
QUIET = 0.5
MAX_PENDING = 50_000
STREAMS = ("stdout", "stderr")
_LEVEL_WORD = re.compile(r"DEBUG|INFO|WARN|ERROR|CRITICAL|FATAL")
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_PLACEHOLDER = re.compile(r"<(?:\*|[A-Z]+)>")


def _template_regex(template: str) -> tuple[str, re.Pattern[str]] | None:
    """(longest literal fragment, regex matching a line that ends with a rendering of it)."""
    first = template.split("\n", 1)[0].strip()
    pieces = _PLACEHOLDER.split(_PERCENT.sub("\x00", first).replace("\x00", "<*>"))
    literal = max(pieces, key=len).strip()
    if len(literal) < 4:
        return None
    pattern = ".*?".join(re.escape(p) for p in pieces)
    return literal, re.compile(pattern + r"\s*$")


class EchoFilter:
    """Recognises output lines that are a hooked process's log records printed by a handler."""

    def __init__(self) -> None:
        self._known: set[str] = set()
        self._checks: list[tuple[str, re.Pattern[str]]] = []

    def update(self, templates: Iterable[str]) -> None:
        """Learn the call-site templates seen so far."""
        for template in templates:
            if template in self._known:
                continue
            self._known.add(template)
            check = _template_regex(template)
            if check is not None:
                self._checks.append(check)

    def __call__(self, line: str) -> bool:
        """Whether `line` renders a known log record."""
        if not self._checks or _LEVEL_WORD.search(line) is None:
            return False
        return any(literal in line and rx.search(line) for literal, rx in self._checks)


class _Stream:
    def __init__(self, name: str, paths: PathClassifier) -> None:
        self.name = name
        self.splitter = LineSplitter()
        self.parser = TracebackParser(paths)
        self.miner = TemplateMiner()
        self.levels: dict[int, str] = {}
        self.journaled: dict[int, int] = {}
        self.pending: deque[tuple[str, float]] = deque()
        self.last_line = 0.0


class OutputAnalysis:
    """Both output streams of the launched command."""

    def __init__(self, paths: PathClassifier) -> None:
        self.streams = {name: _Stream(name, paths) for name in STREAMS}
        self.lines = 0
        self.echoes = 0
        self.dropped_lines = 0

    def add(self, stream: str, data: bytes, when: float) -> None:
        """Bytes the stream carried at `when`."""
        self._queue(self.streams[stream], self.streams[stream].splitter.feed(data, when))

    def end(self, stream: str, when: float) -> None:
        """The stream closed: its last unterminated line is complete."""
        self._queue(self.streams[stream], self.streams[stream].splitter.flush(when))

    def _queue(self, stream: _Stream, lines: list[tuple[str, float]]) -> None:
        for line in lines:
            if len(stream.pending) >= MAX_PENDING:
                self.dropped_lines += 1
                continue
            stream.pending.append(line)

    def settle(
        self, now: float, echo: EchoFilter, final: bool
    ) -> list[tuple[str, ParsedTraceback]]:
        """Analyse lines older than `DELAY` (all when `final`); return tracebacks they completed."""
        found: list[tuple[str, ParsedTraceback]] = []
        for stream in self.streams.values():
            while stream.pending and (final or now - stream.pending[0][1] >= DELAY):
                text, when = stream.pending.popleft()
                self.lines += 1
                stream.last_line = when
                consumed, done = stream.parser.feed(text, when)
                found.extend((stream.name, tb) for tb in done)
                if consumed or not text.strip():
                    continue
                if echo(text):
                    self.echoes += 1
                    continue
                self._mine(stream, text, when)
            if stream.parser.busy and (final or now - stream.last_line >= QUIET):
                found.extend((stream.name, tb) for tb in stream.parser.flush())
        return found

    def _mine(self, stream: _Stream, text: str, when: float) -> None:
        cluster = stream.miner.add(text.strip(), when)
        level = output_level(text)
        if level_rank(level) > level_rank(stream.levels.get(cluster, "INFO")):
            stream.levels[cluster] = level

    def entries(self) -> list[LogEntry]:
        """Every mined template as a log entry of the pseudo-logger `<stdout>` / `<stderr>`."""
        return [entry for stream in self.streams.values() for entry, _ in self._entries(stream)]

    def delta(self) -> list[LogEntry]:
        """Templates with their counts since the last call (for the journal)."""
        out: list[LogEntry] = []
        for stream in self.streams.values():
            for entry, cluster in self._entries(stream):
                seen = stream.journaled.get(cluster, 0)
                if entry.count > seen:
                    stream.journaled[cluster] = entry.count
                    out.append(_with_count(entry, entry.count - seen))
        return out

    def _entries(self, stream: _Stream) -> list[tuple[LogEntry, int]]:
        return [
            (
                LogEntry(
                    level=stream.levels.get(mined.id, "INFO"),
                    logger=f"<{stream.name}>",
                    template=mined.template,
                    message=mined.example[:500],
                    path="",
                    line=0,
                    count=mined.count,
                    first_seen=mined.first_seen,
                    last_seen=mined.last_seen,
                ),
                mined.id,
            )
            for mined in stream.miner.templates()
        ]


def _with_count(entry: LogEntry, count: int) -> LogEntry:
    return LogEntry(
        entry.level,
        entry.logger,
        entry.template,
        entry.message,
        entry.path,
        entry.line,
        count,
        entry.first_seen,
        entry.last_seen,
        entry.exception,
    )
