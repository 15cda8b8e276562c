"""Specific suggestions and effort: what to change and where, filled in from what was seen."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from llm_brief.core.diagnosis.suggestions import (
    DETAIL_DEFAULTS,
    DETAILS,
    EXTRACTORS,
    FALLBACKS,
    HINTS,
    ROUNDED,
    Extractor,
)
from llm_brief.core.model import ExceptionRecord, Location, LogEntry


class _Values(dict[str, str]):
    """Template values; a placeholder with no value renders empty rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


def fill(template: str, values: Mapping[str, str]) -> str:
    """Render a suggestion template; unknown or missing placeholders become empty text."""
    return template.format_map(_Values(values))


def place(location: Location) -> str:
    """`path:line in function`, the way suggestions name a location."""
    if not location.path:
        return "the failing line"
    if location.line <= 0:  # a place that is not a file: "(command line)"
        return location.path.strip("()")
    where = f"{location.path}:{location.line}"
    return f"{where} in {location.function}" if location.function else where


def suggest(
    diagnosis_category: str,
    exceptions: Sequence[ExceptionRecord],
    location: Location,
    logs: Sequence[LogEntry] = (),
) -> tuple[str, str]:
    """A suggestion naming the location and the concrete thing seen, and its effort."""
    values = _base_values(exceptions, location, logs)
    for extractor in _ordered(diagnosis_category):
        groups = _search(extractor, exceptions, logs)
        if groups is not None:
            values.update({k: _tidy(k, v) for k, v in groups.items() if v is not None})
            values.update(_hints(values))
            return _sentence(fill(extractor.template, values)), extractor.effort
    template, effort = FALLBACKS.get(diagnosis_category, FALLBACKS["unknown"])
    return _sentence(fill(template, values)), effort


def _sentence(text: str) -> str:
    # Templates may start with a filled-in value such as "the target address".
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=64)
def _ordered(category: str) -> tuple[Extractor, ...]:
    own = tuple(e for e in EXTRACTORS if e.category == category)
    generic = tuple(e for e in EXTRACTORS if e.category == "*")
    others = tuple(e for e in EXTRACTORS if e.category not in (category, "*"))
    return own + generic + others


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.MULTILINE)


def _texts(record: ExceptionRecord) -> tuple[str, ...]:
    # A plain `assert` (not rewritten by pytest) has no message; its source line says what failed.
    code = record.frames[-1].code.strip() if record.frames else ""
    return (record.message, record.assertion, code if code.startswith("assert ") else "")


def _search(
    extractor: Extractor, exceptions: Sequence[ExceptionRecord], logs: Sequence[LogEntry]
) -> dict[str, str | None] | None:
    pattern = _compile(extractor.pattern)
    types = _compile(extractor.types) if extractor.types else None
    for record in reversed(exceptions):
        if types is not None and not types.search(record.type):
            continue
        for text in _texts(record):
            found = pattern.search(text)
            if found:
                return found.groupdict()
    if extractor.logs and not extractor.types:
        for entry in logs:
            found = pattern.search(entry.message)
            if found:
                return found.groupdict()
    return None


def _base_values(
    exceptions: Sequence[ExceptionRecord], location: Location, logs: Sequence[LogEntry]
) -> dict[str, str]:
    innermost = exceptions[-1] if exceptions else None
    texts = [r.message for r in reversed(exceptions)] + [e.message for e in logs]
    lines = next((t.strip().splitlines() for t in texts if t.strip()), [])
    values = {
        "where": place(location),
        "location": f"{location.path}:{location.line}",
        "function": location.function,
        "type": innermost.type.rpartition(".")[2] if innermost else "failure",
        "message": _tidy("message", lines[0][:200]) if lines else "(no message)",
    }
    values.update(_details(exceptions, logs))
    return values


def _details(exceptions: Sequence[ExceptionRecord], logs: Sequence[LogEntry]) -> dict[str, str]:
    haystack = [r.message for r in reversed(exceptions)] + [e.message for e in logs]
    haystack += [f.code for r in reversed(exceptions) for f in reversed(r.frames) if f.in_app]
    for pattern in DETAILS["address"]:
        for text in haystack:
            found = _compile(pattern).search(text)
            if found:
                host, port = found.group("host"), found.groupdict().get("port")
                address = f"{host}:{port}" if port else host
                return {"address": f"`{address}`", "host": f"`{host}`"}
    return dict(DETAIL_DEFAULTS)


def _tidy(key: str, value: str) -> str:
    if key in ROUNDED:
        with contextlib.suppress(ValueError):
            return f"{float(value):.3g}"
    # A URL in a suggestion only needs to say where; its credentials and query add nothing.
    value = re.sub(r"(\w://)[^@/\s]+@", r"\1", value)
    return re.sub(r"(://[^\s?#]+)[?#]\S*", r"\1", value)


def _hints(values: Mapping[str, str]) -> dict[str, str]:
    hints: dict[str, str] = {}
    for key, table in HINTS.items():
        value = values.get(key, "")
        prefix = max((p for p in table if value.startswith(p)), key=len, default="")
        if prefix:
            hints[f"{key}_hint"] = table[prefix]
    return hints
