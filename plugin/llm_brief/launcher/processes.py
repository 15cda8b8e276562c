"""What the aggregator knows about each hooked process, built from its messages. Pure.

A process is identified by its label (`bot.py (pid 123)`), which is the `nodeid` of every record
it contributes: one record carrying its collapsed logs, and one per distinct exception.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from llm_brief.capture.exceptions import PathClassifier
from llm_brief.core.callsites import CallSite, merge_template
from llm_brief.core.codec import from_json
from llm_brief.core.masking import mask
from llm_brief.core.model import ExceptionRecord, LogEntry, PhaseRecord

_PYTHON = re.compile(r"^(?:python[\d.]*[a-z]?|pypy[\d.]*)(?:\.exe)?$")
_OPTIONS_WITH_VALUE = {"-W", "-X", "--check-hash-based-pycs"}
_KIND_TEXT = {
    "crash": "uncaught exception ended the process",
    "thread": "uncaught exception in thread {where}",
    "log": "exception logged by {where}",
}


def program(argv: Sequence[str]) -> tuple[str, str]:
    """(short name, script path or '') of a command line: `python -m app` -> ('app', '')."""
    if not argv:
        return "process", ""
    exe = os.path.basename(argv[0])
    if not _PYTHON.match(exe):
        return exe, argv[0] if "/" in argv[0] or argv[0].endswith(".py") else ""
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg == "-m" and i + 1 < len(argv):
            return argv[i + 1], ""
        if arg.startswith("-m") and len(arg) > 2:
            return arg[2:], ""
        if arg.startswith("-c"):
            return "-c", ""
        if arg in _OPTIONS_WITH_VALUE:
            i += 2
            continue
        if arg.startswith("-") and arg != "-":
            i += 1
            continue
        return os.path.basename(arg), arg
    return exe, ""


def process_label(argv: Sequence[str], pid: int) -> str:
    """The name a process goes by in the dashboard: `worker.py (pid 4711)`."""
    return f"{program(argv)[0]} (pid {pid})"


def exception_key(chain: tuple[ExceptionRecord, ...]) -> tuple[str, str, str, int]:
    """What makes two reports of an exception the same: bare type, message, raising frame."""
    if not chain:
        return ("", "", "", 0)
    outer = chain[0]
    last = outer.frames[-1] if outer.frames else None
    first_line = outer.message.strip().splitlines()[0] if outer.message.strip() else ""
    return (
        outer.type.rsplit(".", 1)[-1],
        first_line[:200],
        last.path if last else "",
        last.line if last else 0,
    )


@dataclass(slots=True)
class ProcessState:
    """One process: its identity, call sites, exceptions and drop count."""

    pid: int
    label: str
    path: str = ""
    ppid: int = 0
    argv: tuple[str, ...] = ()
    exit_code: int | None = None
    ended: bool = False
    sites: dict[int, CallSite] = field(default_factory=dict)
    exceptions: list[PhaseRecord] = field(default_factory=list)
    exception_keys: set[tuple[str, tuple[str, str, str, int]]] = field(default_factory=set)
    dropped: int = 0
    journaled_dropped: int = 0

    def hello(self, message: dict[str, Any], paths: PathClassifier) -> None:
        """Take identity from a `hello`: command line, parent and main script."""
        self.argv = tuple(str(a) for a in message.get("argv", ()))
        self.ppid = int(message.get("ppid", 0))
        script = program(self.argv)[1]
        if script:
            full = os.path.join(str(message.get("cwd", "")), script)
            self.path = paths.classify(full)[0]

    def logs(self, message: dict[str, Any]) -> None:
        """Apply a `logs` message: new call sites, changed counts, the drop total."""
        for raw in message.get("sites", ()):
            text = str(raw.get("message", ""))
            template = str(raw.get("template") or "") or mask(text)
            first = float(raw.get("first", 0.0))
            self.sites[int(raw["id"])] = CallSite(
                level=str(raw.get("level", "INFO")),
                logger=str(raw.get("logger", "")),
                template=template,
                message=text,
                path=str(raw.get("path", "")),
                line=int(raw.get("line", 0)),
                first_seen=first,
                last_seen=first,
            )
        for sid, count, last_seen, last_message in message.get("counts", ()):
            site = self.sites.get(int(sid))
            if site is None:
                continue
            site.count = int(count)
            site.last_seen = float(last_seen)
            if last_message is not None:
                masked = mask(str(last_message))
                if masked != site.template:
                    site.template = merge_template(site.template, masked)
        self.dropped = max(self.dropped, int(message.get("dropped", 0)))

    def exception(self, message: dict[str, Any]) -> PhaseRecord | None:
        """A record for an `exception` message, or None when this cause was already recorded."""
        chain = tuple(from_json(ExceptionRecord, e) for e in message.get("chain", ()))
        if not chain:
            return None
        kind = str(message.get("kind", "log"))
        phase = "crash" if kind == "crash" else "run"
        key = (phase, exception_key(chain))
        if key in self.exception_keys:
            return None
        self.exception_keys.add(key)
        where = str(message.get("where", ""))
        record = PhaseRecord(
            nodeid=self.label,
            phase=phase,  # type: ignore[arg-type]
            outcome="error",
            path=self.path,
            exceptions=chain,
            longrepr=_KIND_TEXT.get(kind, kind).format(where=where),
            finished_at=float(message.get("time", 0.0)),
        )
        self.exceptions.append(record)
        return record

    def entries(self) -> tuple[LogEntry, ...]:
        """Every call site with its total count."""
        return tuple(site.entry(site.count) for site in self.sites.values())

    def delta(self) -> tuple[tuple[LogEntry, ...], int]:
        """Counts since the last call (what the journal has not seen yet), and new drops."""
        entries = []
        for site in self.sites.values():
            if site.count > site.journaled:
                entries.append(site.entry(site.count - site.journaled))
                site.journaled = site.count
        dropped, self.journaled_dropped = self.dropped - self.journaled_dropped, self.dropped
        return tuple(entries), dropped

    def templates(self) -> list[str]:
        """The templates of its call sites (to recognise their echo on stderr)."""
        return [site.template for site in self.sites.values()]
