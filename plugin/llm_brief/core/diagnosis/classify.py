"""The scoring engine: which category's rules the evidence fires, and how strongly."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from llm_brief.core.diagnosis.rule_table import BUILTIN_RULES, KNOWN_BASES
from llm_brief.core.diagnosis.rules import (
    BASE_DECAY,
    CHAIN_POSITION,
    CONFIDENT_SCORE,
    LOG_MESSAGE_FACTOR,
    LOGGER_STRENGTH,
    MESSAGE_STRENGTH,
    MODULE_STRENGTH,
    OUTER_MODULE_FACTOR,
    TYPE_STRENGTH,
    WILDCARD_STRENGTH,
    Diagnosis,
    Rule,
)
from llm_brief.core.diagnosis.suggest import fill, suggest
from llm_brief.core.model import ExceptionRecord, Location, LogEntry


@dataclass(frozen=True, slots=True)
class _Link:
    """One exception of the chain with its weight by position and its type's ancestry."""

    record: ExceptionRecord
    factor: float
    lineage: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What rules are matched against, prepared once per classification."""

    chain: tuple[_Link, ...]
    log_messages: tuple[str, ...]
    loggers: tuple[str, ...]
    modules: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class _Hit:
    index: int
    rule: Rule
    score: float
    match: re.Match[str] | None
    record: ExceptionRecord | None


def classify(
    exceptions: Sequence[ExceptionRecord],
    location: Location,
    logs: Sequence[LogEntry] = (),
    extra_rules: Sequence[Rule] = (),
    type_mro: Mapping[str, Sequence[str]] | None = None,
) -> Diagnosis:
    """Pick the category whose fired rules score highest; extra rules come first and win ties."""
    evidence = _evidence(exceptions, location, logs, type_mro)
    ordered = (*extra_rules, *BUILTIN_RULES)
    hits = [hit for i, rule in enumerate(ordered) if (hit := _fire(i, rule, evidence)) is not None]
    if not hits:
        text, effort = suggest("unknown", exceptions, location, logs)
        return Diagnosis("unknown", text, effort, 0.0)
    totals: dict[str, float] = {}
    first: dict[str, int] = {}
    for hit in hits:
        totals[hit.rule.category] = totals.get(hit.rule.category, 0.0) + hit.score
        first.setdefault(hit.rule.category, hit.index)
    category = min(totals, key=lambda c: (-round(totals[c], 6), first[c], c))
    ranked = sorted(
        (h for h in hits if h.rule.category == category), key=lambda h: (-h.score, h.index)
    )
    text, effort = suggest(category, exceptions, location, logs)
    templated = next((h for h in ranked if h.rule.suggestion), None)
    if templated is not None:
        text = fill(templated.rule.suggestion, _template_values(templated, exceptions, location))
    effort = next((h.rule.effort for h in ranked if h.rule.effort), effort)
    share = totals[category] / sum(totals.values())
    confidence = share * min(1.0, totals[category] / CONFIDENT_SCORE)
    return Diagnosis(category, text, effort, round(confidence, 2))


def _evidence(
    exceptions: Sequence[ExceptionRecord],
    location: Location,
    logs: Sequence[LogEntry],
    type_mro: Mapping[str, Sequence[str]] | None,
) -> _Evidence:
    last = len(exceptions) - 1
    chain = tuple(
        _Link(
            record,
            CHAIN_POSITION["innermost" if i == last else "outermost" if i == 0 else "middle"],
            _lineage(record.type, type_mro) if type_mro else _known_lineage(record.type),
        )
        for i, record in enumerate(exceptions)
    )
    return _Evidence(
        chain,
        tuple(entry.message for entry in logs),
        tuple(entry.logger for entry in logs),
        _module_texts(exceptions, location),
    )


def _module_texts(exceptions: Sequence[ExceptionRecord], location: Location) -> dict[str, float]:
    """Paths and dotted module names of app frames; the deepest one counts fully."""
    frames = [f for record in exceptions for f in record.frames if f.in_app]
    if not frames:
        # A capture that does not mark app frames still names the code that failed.
        frames = [f for record in exceptions for f in record.frames]
    weighted = [(f.path, OUTER_MODULE_FACTOR) for f in frames]
    if frames:
        weighted.append((frames[-1].path, 1.0))
    if location.path:
        weighted.append((location.path, 1.0))
    texts: dict[str, float] = {}
    for path, factor in weighted:
        slashed = path.replace("\\", "/")
        dotted = slashed.removesuffix(".py").strip("/").replace("/", ".")
        for text in (slashed, dotted):
            texts[text] = max(factor, texts.get(text, 0.0))
    return texts


def _fire(index: int, rule: Rule, evidence: _Evidence) -> _Hit | None:
    strengths: list[float] = []
    match: re.Match[str] | None = None
    record: ExceptionRecord | None = None
    if rule.exception_types:
        strengths.append(
            max(
                (
                    link.factor * _type_strength(pattern, link.lineage)
                    for link in evidence.chain
                    for pattern in rule.exception_types
                ),
                default=0.0,
            )
        )
    if rule.message:
        strength, match, record = _message_strength(_compile(rule.message), evidence)
        strengths.append(strength)
    if rule.logger:
        pattern = _compile(rule.logger)
        found = any(pattern.search(name) for name in evidence.loggers)
        strengths.append(LOGGER_STRENGTH if found else 0.0)
    if rule.module:
        pattern = _compile(rule.module)
        factors = (f for text, f in evidence.modules.items() if pattern.search(text))
        strengths.append(MODULE_STRENGTH * max(factors, default=0.0))
    if not all(strengths):
        return None
    return _Hit(index, rule, rule.weight * sum(strengths), match, record)


def _message_strength(
    pattern: re.Pattern[str], evidence: _Evidence
) -> tuple[float, re.Match[str] | None, ExceptionRecord | None]:
    best: tuple[float, re.Match[str] | None, ExceptionRecord | None] = (0.0, None, None)
    for link in evidence.chain:
        for text in (link.record.message, link.record.assertion):
            found = pattern.search(text) if text else None
            if found and link.factor * MESSAGE_STRENGTH > best[0]:
                best = (link.factor * MESSAGE_STRENGTH, found, link.record)
    if best[1] is None:
        for text in evidence.log_messages:
            found = pattern.search(text)
            if found:
                return LOG_MESSAGE_FACTOR * MESSAGE_STRENGTH, found, None
    return best


def _type_strength(pattern: str, lineage: Mapping[str, int]) -> float:
    base = WILDCARD_STRENGTH if pattern.endswith(".*") else TYPE_STRENGTH
    depths = [depth for name, depth in lineage.items() if _type_matches(pattern, name)]
    return base / (1 + BASE_DECAY * min(depths)) if depths else 0.0


def _type_matches(pattern: str, name: str) -> bool:
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
def _known_lineage(name: str) -> Mapping[str, int]:
    return _lineage(name, None)


@lru_cache(maxsize=1024)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.MULTILINE)


def _template_values(
    hit: _Hit, exceptions: Sequence[ExceptionRecord], location: Location
) -> dict[str, str]:
    record = hit.record or (exceptions[-1] if exceptions else None)
    match = hit.match
    name = ""
    if match is not None:
        groups = match.groupdict()
        name = groups.get("name") or next((g for g in match.groups() if g), "")
    if not name and match is not None:
        # "no such table: orders" matched by "no such table": the thing named is what follows.
        following = re.match(r"\W*([\w.]+)", match.string[match.end() :])
        name = following.group(1) if following else ""
    if not name and record is not None:
        quoted = re.search(r"'([^']+)'", record.message)
        name = quoted.group(1) if quoted else record.type.rpartition(".")[2]
    return {
        "location": f"{location.path}:{location.line}",
        "function": location.function or "the failing function",
        "match": match.group(0) if match is not None else "",
        "name": name,
        "message": record.message.splitlines()[0][:200] if record and record.message else "",
    }
