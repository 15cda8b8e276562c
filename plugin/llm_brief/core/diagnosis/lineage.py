"""Exception types' ancestry: which rule types a type (or its live hierarchy) falls under."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from llm_brief.core.diagnosis.rule_table import KNOWN_BASES
from llm_brief.core.model import ExceptionRecord

_CANCELLED = ("asyncio.exceptions.CancelledError", "concurrent.futures._base.CancelledError")


def record_lineage(
    record: ExceptionRecord, type_mro: Mapping[str, Sequence[str]] | None
) -> Mapping[str, int]:
    """The type's ancestry: the live hierarchy captured with it, else the caller's, else known."""
    if record.type_mro:
        return _lineage(record.type, {**(type_mro or {}), record.type: record.type_mro})
    return _lineage(record.type, type_mro) if type_mro else known_lineage(record.type)


def without_timeout_mechanics(
    exceptions: Sequence[ExceptionRecord],
) -> Sequence[ExceptionRecord]:
    """Drop the CancelledError a timeout raised from: asyncio implements deadlines by cancelling."""
    if not any(_is_timeout(r) for r in exceptions[:-1]):
        return exceptions
    kept = [r for r in exceptions if r.type not in _CANCELLED]
    return kept or exceptions


def _is_timeout(record: ExceptionRecord) -> bool:
    names = (record.type, *record.type_mro)
    return any(n.rpartition(".")[2] == "TimeoutError" for n in names)


def type_matches(pattern: str, name: str) -> bool:
    if pattern.endswith(".*"):
        return name.startswith(pattern[:-1])
    if "." not in pattern:
        return name.rpartition(".")[2] == pattern
    if pattern == name:
        return True
    # Packages re-export their errors (json.JSONDecodeError is json.decoder.JSONDecodeError) and
    # stdlib modules raise their C accelerator's (csv.Error is _csv.Error).
    same_name = pattern.rpartition(".")[2] == name.rpartition(".")[2]
    return same_name and _package(pattern) == _package(name)


def _package(name: str) -> str:
    return name.partition(".")[0].lstrip("_")


def _canonical(name: str) -> str:
    return name if "." in name else f"builtins.{name}"


def _bases(name: str, type_mro: Mapping[str, Sequence[str]] | None) -> Sequence[str]:
    if type_mro:
        for key in (name, name.removeprefix("builtins.")):
            if key in type_mro:
                return type_mro[key]
    return KNOWN_BASES.get(name, ())


def _lineage(name: str, type_mro: Mapping[str, Sequence[str]] | None) -> dict[str, int]:
    """Every ancestor of a type name with its distance; `type_mro` lists may be direct or full."""
    start = _canonical(name)
    depths = {start: 0}
    pending = [start]
    while pending:
        current = pending.pop(0)
        bases = [_canonical(b) for b in _bases(current, type_mro)]
        bases = [b for b in bases if b not in (current, "builtins.object")]
        for offset, base in enumerate(bases, start=1):
            depth = depths[current] + offset
            if depth < depths.get(base, depth + 1):
                depths[base] = depth
                pending.append(base)
    return depths


@lru_cache(maxsize=1024)
def known_lineage(name: str) -> Mapping[str, int]:
    return _lineage(name, None)
