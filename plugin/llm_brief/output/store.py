"""The output directory: atomic writes, the per-run journal, and run ids. Side effects live here."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from llm_brief.core.text import clean, clean_json_line

DASHBOARD = "dashboard.json"
BRIEFING = "briefing.md"
JOURNALS = "journal"
HISTORY = "history"


class Redactor(Protocol):
    """What the journal needs of `llm_brief.core.redaction.redactor.Redactor`."""

    def redact(self, text: str) -> str: ...

    def redact_values(
        self, obj: Any, cache: dict[str, str], prepare: Callable[[str], str] | None = None
    ) -> Any: ...


# json.dumps with these arguments builds a new encoder per call; the journal calls it per test
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode


def new_run_id(now: float | None = None) -> str:
    """A sortable, collision-free run id: UTC time plus random suffix (two runs at once differ)."""
    moment = now if now is not None else time.time()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(moment))
    micros = int((moment % 1) * 1_000_000)
    # microseconds keep runs in order when several start within one second (history relies on it)
    return f"{stamp}{micros:06d}-{os.urandom(3).hex()}"


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        # rename is what makes readers see all or nothing; fsync would only add crash
        # durability, at a cost paid by every test run
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Journal:
    """JSON-lines events of one run, each written with one unbuffered append (survives SIGKILL).

    Events are redacted field by field, not as encoded lines: JSON keys and numbers are never
    scanned, and the strings a run repeats (paths, phases, log templates) are redacted once.
    """

    CACHE_LIMIT = 4096

    def __init__(self, path: Path, redactor: Redactor) -> None:
        self.path = path
        self._redactor = redactor
        self._cache: dict[str, str] = {}
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: two processes sharing a journal never interleave inside a line
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def redact(self, text: str, *, repeats: bool = True) -> str:
        """`text` redacted (for `append_line`), from the cache when it was seen before; a text
        that never `repeats` (a node id) is not remembered."""
        if not repeats or len(text) > 200:
            return self._redactor.redact(clean(text))
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._redactor.redact(clean(text))
        return found

    def append(self, event: dict[str, Any]) -> None:
        """Write one event, redacted, as one line."""
        if len(self._cache) > self.CACHE_LIMIT:
            self._cache.clear()
        # cleaned before redaction: an ANSI code inside a secret would hide it from the rules
        self._write(_ENCODE(self._redactor.redact_values(event, self._cache, clean)))

    def append_line(self, line: str) -> None:
        """Write one event already encoded as a JSON line, every string in it from `redact`."""
        self._write(line)

    def _write(self, line: str) -> None:
        if self._fd < 0:
            return
        data = (clean_json_line(line) + "\n").encode("utf-8", "replace")
        while data:
            data = data[os.write(self._fd, data) :]

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


def prune(folder: Path, keep: int, pattern: str) -> None:
    """Delete all but the newest `keep` files matching `pattern` in `folder`."""
    if not folder.is_dir():
        return
    files = sorted(folder.glob(pattern))
    for old in files[: max(0, len(files) - keep)]:
        with contextlib.suppress(OSError):
            old.unlink()
