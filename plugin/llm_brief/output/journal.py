"""The journal: one JSON line per event of a run, written as it happens and read back alone.

One versioned format, written and read here only. A run's journal survives SIGKILL (each line is
one unbuffered `O_APPEND` write), so `llm-brief report` can rebuild the briefing from it. Events:
`start` (the run's facts, with `journal_version`), `test` (a full record, fields at their defaults
left out), `p` (a quiet pass, compact), `warning`, `status`, and `finish`.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import fields
from json.encoder import encode_basestring as _json_str  # the C encoder json.dumps itself uses
from pathlib import Path
from typing import Any

from llm_brief.core.codec import from_json, to_json
from llm_brief.core.model import PhaseRecord
from llm_brief.core.redaction.redactor import Redactor
from llm_brief.core.text import clean, clean_json_line
from llm_brief.output.store import FILE_MODE, JOURNALS, make_folder, write_atomic

JOURNAL_STOPPED = "journal (stopped; the briefing is still written)"  # where its failure is told

JOURNAL_VERSION = 1

# json.dumps with these arguments builds a new encoder per call; the journal calls it per test
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode


def start_event(
    run_id: str,
    kind: str,
    root: str,
    command: list[str],
    started_at: str,
    start_rss: int,
    tool_version: str,
) -> dict[str, Any]:
    """The first event of a run: what ran, where and when."""
    return {
        "t": "start",
        "journal_version": JOURNAL_VERSION,
        "run_id": run_id,
        "kind": kind,
        "root": root,
        "command": command,
        "started_at": started_at,
        "start_rss": start_rss,
        "tool_version": tool_version,
    }


def finish_event(
    exit_code: int, duration_s: float, interrupted: bool, **facts: Any
) -> dict[str, Any]:
    """The last event of a run: how it ended, and the facts only known at the end."""
    return {
        "t": "finish",
        "exit_code": exit_code,
        "duration_s": duration_s,
        "interrupted": interrupted,
        **facts,
    }


class Journal:
    """JSON-lines events of one run, each written with one unbuffered append (survives SIGKILL).

    Events are redacted field by field, not as encoded lines: JSON keys and numbers are never
    scanned, and the strings a run repeats (paths, phases, log templates) are redacted once.
    """

    def __init__(self, path: Path, redactor: Redactor) -> None:
        self.path = path
        self._redactor = redactor
        self._cache: dict[str, str] = {}
        self._learnt_version = redactor.learnt.version
        make_folder(path.parent)
        self._fd = self._open()

    def _open(self) -> int:
        # O_APPEND: two processes sharing a journal never interleave inside a line
        return os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)

    def _fresh_cache(self) -> None:
        # A secret learnt since a text was cached makes the cached redaction stale.
        if self._learnt_version != self._redactor.learnt.version or len(self._cache) > 4096:
            self._cache.clear()
            self._learnt_version = self._redactor.learnt.version

    def redact(self, text: str, *, repeats: bool = True) -> str:
        """`text` redacted (for `append_line`), from the cache when it was seen before; a text
        that never `repeats` (a node id) is not remembered."""
        self._fresh_cache()
        if not repeats or len(text) > 200:
            return self._redactor.redact(clean(text))
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._redactor.redact(clean(text))
        return found

    def append(self, event: dict[str, Any]) -> None:
        """Write one event, redacted, as one line."""
        self._fresh_cache()
        # cleaned before redaction: an ANSI code inside a secret would hide it from the rules
        self._write(_ENCODE(self._redactor.redact_values(event, self._cache, clean)))

    def append_line(self, line: str) -> None:
        """Write one event already encoded as a JSON line, every string in it from `redact`."""
        self._write(line)

    def _write(self, line: str) -> None:
        if self._fd < 0:
            return
        data = (clean_json_line(line) + "\n").encode("utf-8", "replace")
        written = 0
        try:
            while written < len(data):
                written += os.write(self._fd, data[written:])
        except OSError:
            # A full disk can take part of a line first: cut it off, so the journal ends on a
            # whole event (`report` rebuilds from it) instead of a torn line it must skip.
            if written:
                with contextlib.suppress(OSError):
                    os.ftruncate(self._fd, os.fstat(self._fd).st_size - written)
            raise

    def redact_again(self) -> None:
        """Rewrite the journal with every secret learnt since its lines were written (at the
        finish: a value learnt late is redacted in the lines before it too)."""
        if self._fd < 0 or not self._redactor.learnt:
            return
        text = self.path.read_text("utf-8", errors="replace")
        again = "\n".join(self._redactor.redact(line) for line in text.split("\n"))
        if again != text:
            write_atomic(self.path, again)
            os.close(self._fd)
            self._fd = self._open()

    def close(self) -> None:
        """Close the file; later appends are ignored."""
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)


def read_journal(path: Path) -> tuple[list[dict[str, Any]], int]:
    """The events of a journal, and how many lines were unreadable (torn or corrupt) and skipped."""
    events: list[dict[str, Any]] = []
    bad = 0
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                bad += 1
                continue
            if isinstance(event, dict):
                events.append(event)
            else:
                bad += 1
    return events, bad


def journals(output_dir: Path) -> list[Path]:
    """The journals in `output_dir`, oldest first (run ids sort by time)."""
    folder = output_dir / JOURNALS
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.jsonl"))


# nodeid, duration, path, line, RSS after the test: a quiet pass, before it becomes a PhaseRecord
PassEntry = tuple[str, float, str, int, int]


def pass_line(entry: PassEntry) -> str:
    """The journal line of a quiet pass, the same text `json.dumps` would give, built directly."""
    nodeid, duration, path, line, rss_bytes = entry
    return (
        f'{{"t":"p","n":{_json_str(nodeid)},"d":{round(duration, 6)!r},'
        f'"p":{_json_str(path)},"l":{line},"r":{rss_bytes}}}'
    )


def pass_record(entry: PassEntry) -> PhaseRecord:
    """The full record of a quiet pass."""
    nodeid, duration, path, line, rss_bytes = entry
    return PhaseRecord(nodeid, "call", "passed", duration, path, line, rss_bytes=rss_bytes)


def journal_event(record: PhaseRecord) -> dict[str, Any]:
    """The journal event of a full record (quiet passes are written with `pass_line`).

    Fields at their defaults are left out, since the reader restores them: that halves a
    typical line, and every line is encoded and redacted while the tests run.
    """
    data = {
        name: to_json(value)
        for name, default in _RECORD_DEFAULTS
        if (value := getattr(record, name)) != default
    }
    return {"t": "test", "record": data}


_RECORD_DEFAULTS = tuple((f.name, f.default) for f in fields(PhaseRecord))


def record_of_event(event: dict[str, Any]) -> PhaseRecord | None:
    """The record a journal event holds (either form), or None for other events."""
    kind = event.get("t")
    if kind == "test":
        return from_json(PhaseRecord, event.get("record", {}))
    if kind == "p":
        return pass_record(
            (
                str(event.get("n", "")),
                float(event.get("d", 0.0)),
                str(event.get("p", "")),
                int(event.get("l", 0)),
                int(event.get("r", 0)),
            )
        )
    return None
