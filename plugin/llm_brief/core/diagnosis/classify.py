"""The scoring engine: which category's rules the evidence fires, and how strongly."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from llm_brief.core.diagnosis.lineage import record_lineage, type_matches, without_timeout_mechanics
from llm_brief.core.diagnosis.rule_table import BUILTIN_RULES
from llm_brief.core.diagnosis.rules import (
    BASE_DECAY,
    CHAIN_POSITION,
    CONFIDENT_SCORE,
    LOG_MESSAGE_FACTOR,
    LOGGER_STRENGTH,
    MESSAGE_STRENGTH,
    MODULE_STRENGTH,
    OUTER_MODULE_FACTOR,
    TIE_BREAK,
    TYPE_STRENGTH,
    WILDCARD_STRENGTH,
    Diagnosis,
    Rule,
)
from llm_brief.core.diagnosis.suggest import fill, suggest
from llm_brief.core.model import ExceptionRecord, Location, LogEntry

MAX_FACTS = 4
MAX_FACTS_TEXT = 400


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
    frames: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Hit:
    index: int
    rule: Rule
    score: float
    match: re.Match[str] | None
    record: ExceptionRecord | None
    from_logs: bool = False


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
    if any(not hit.from_logs for hit in hits):
        # The exception decides; what was logged around it only breaks ties (a websocket
        # reconnect warning does not make a ZeroDivisionError a network failure).
        hits = [h if not h.from_logs else replace(h, score=h.score * TIE_BREAK) for h in hits]
    if not hits:
        text, effort = suggest("unknown", exceptions, location, logs)
        return Diagnosis("unknown", with_evidence(text, exceptions), effort, 0.0)
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
    text = with_evidence(text, exceptions)
    share = totals[category] / sum(totals.values())
    confidence = share * min(1.0, totals[category] / CONFIDENT_SCORE)
    return Diagnosis(category, text, effort, round(confidence, 2))


def with_evidence(text: str, exceptions: Sequence[ExceptionRecord]) -> str:
    """The suggestion followed by the facts captured with the chain (values, keys, signature)."""
    known = " ".join(r.message for r in exceptions) + text
    # A value the message already shows adds nothing; keep the facts the agent lacks.
    fresh = [
        fact
        for record in exceptions
        for fact in record.evidence
        if " = " not in fact or fact.partition(" = ")[2] not in known
    ]
    if not fresh:
        return text
    facts = "; ".join(dict.fromkeys(fresh[:MAX_FACTS]))
    return f"{text.rstrip('.')}. Seen at the origin: {facts[:MAX_FACTS_TEXT]}"


def _evidence(
    exceptions: Sequence[ExceptionRecord],
    location: Location,
    logs: Sequence[LogEntry],
    type_mro: Mapping[str, Sequence[str]] | None,
) -> _Evidence:
    exceptions = without_timeout_mechanics(exceptions)
    last = len(exceptions) - 1
    chain = tuple(
        _Link(
            record,
            CHAIN_POSITION["innermost" if i == last else "outermost" if i == 0 else "middle"],
            record_lineage(record, type_mro),
        )
        for i, record in enumerate(exceptions)
    )
    return _Evidence(
        chain,
        tuple(entry.message for entry in logs),
        tuple(entry.logger for entry in logs),
        _module_texts(exceptions, location),
        tuple(f"{f.path}:{f.function}" for record in exceptions for f in record.frames),
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
    if rule.frame:
        pattern = _compile(rule.frame)
        found = any(pattern.search(text) for text in evidence.frames)
        strengths.append(MODULE_STRENGTH if found else 0.0)
    if not all(strengths):
        return None
    anchored = bool(rule.exception_types or rule.module or rule.frame)
    from_logs = not anchored and (bool(rule.logger) or record is None)
    return _Hit(index, rule, rule.weight * sum(strengths), match, record, from_logs)


def _message_strength(
    pattern: re.Pattern[str], evidence: _Evidence
) -> tuple[float, re.Match[str] | None, ExceptionRecord | None]:
    best: tuple[float, re.Match[str] | None, ExceptionRecord | None] = (0.0, None, None)
    for link in evidence.chain:
        for text in (link.record.message, link.record.assertion, *link.record.evidence):
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
    depths = [depth for name, depth in lineage.items() if type_matches(pattern, name)]
    return base / (1 + BASE_DECAY * min(depths)) if depths else 0.0


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
