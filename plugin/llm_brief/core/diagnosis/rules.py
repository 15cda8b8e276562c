"""Rules: evidence for a category, their validation, and rules given as data in pyproject.toml.

The built-in table is `rule_table`; the scoring engine that applies rules is `classify`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

EFFORTS = ("5m", "15m", "1h", "half-day")
PLACEHOLDERS = ("location", "function", "match", "name", "message")

# How much each kind of evidence is worth before a rule's weight; a message or a type names the
# failure itself, while logger and module names only say where it happened.
TYPE_STRENGTH = 1.0
WILDCARD_STRENGTH = 0.9
BASE_DECAY = 0.25
MESSAGE_STRENGTH = 1.0
LOG_MESSAGE_FACTOR = 0.4
LOGGER_STRENGTH = 0.5
MODULE_STRENGTH = 0.5
OUTER_MODULE_FACTOR = 0.6
# What logs are worth once the exception itself fired a rule: enough to break a tie, no more.
TIE_BREAK = 0.05
# The innermost exception carries the root cause; the outermost is what the test saw.
CHAIN_POSITION = {"innermost": 1.0, "outermost": 0.9, "middle": 0.8}
# Total score at which a lone category is reported with full confidence.
CONFIDENT_SCORE = 2.0


@dataclass(frozen=True, slots=True)
class Rule:
    """Evidence for a category; it fires only when every non-empty criterion matches."""

    category: str
    exception_types: tuple[str, ...] = ()
    message: str = ""
    logger: str = ""
    module: str = ""
    # A regex over `path:function` of every frame, library frames included (`subprocess.py:`).
    frame: str = ""
    weight: float = 1.0
    suggestion: str = ""
    effort: str = ""

    def __post_init__(self) -> None:
        problem = rule_problem(self)
        if problem:
            raise ValueError(problem)


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """The winning category, a specific suggestion, its effort and how sure the rules are (0-1)."""

    category: str
    suggestion: str
    effort: str
    confidence: float


def rule_problem(rule: Rule) -> str:
    """Why `rule` is unusable (empty category, bad regex, effort or template), or ""."""
    if not rule.category:
        return "category must be a non-empty string"
    if not (rule.exception_types or rule.message or rule.logger or rule.module or rule.frame):
        return "give at least one of exception_types, message, logger, module, frame"
    if rule.effort not in (*EFFORTS, ""):
        return f"effort must be one of {', '.join(EFFORTS)}; got {rule.effort!r}"
    if not rule.weight > 0:
        return f"weight must be a positive number; got {rule.weight!r}"
    for name in ("message", "logger", "module", "frame"):
        try:
            re.compile(getattr(rule, name))
        except re.error as exc:
            return f"{name} is not a valid regular expression ({exc})"
    try:
        used = {f for _, f, _, _ in string.Formatter().parse(rule.suggestion) if f is not None}
    except ValueError as exc:
        return f"suggestion is not a valid template ({exc})"
    unknown = sorted(used - set(PLACEHOLDERS))
    if unknown:
        accepted = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
        return f"suggestion uses {{{unknown[0]}}}; placeholders are {accepted}"
    return ""


def rules_from_config(
    table: Mapping[str, Any] | Sequence[Mapping[str, Any]], source: str
) -> tuple[Rule, ...]:
    """Parse `[[tool.llm-brief.rules]]` (or `[tool.llm-brief.rules.<name>]`) into rules.

    Accepts the `[tool.llm-brief]` table, its `rules` value, or one rule table. Raises
    `ValueError` naming the key, `source` and the accepted values on bad input.
    """
    return tuple(_rule_from_entry(label, entry, source) for label, entry in _entries(table, source))


def _entries(table: Any, source: str) -> list[tuple[str, Any]]:
    if isinstance(table, Mapping) and "rules" in table and "category" not in table:
        table = table["rules"]
    if isinstance(table, Mapping):
        if "category" in table:
            return [("tool.llm-brief.rules", table)]
        return [(f"tool.llm-brief.rules.{name}", entry) for name, entry in table.items()]
    if isinstance(table, Sequence) and not isinstance(table, str):
        return [(f"tool.llm-brief.rules[{i}]", entry) for i, entry in enumerate(table)]
    raise ValueError(
        f"{source}: tool.llm-brief.rules must be an array of tables ([[tool.llm-brief.rules]]) "
        f"or named tables ([tool.llm-brief.rules.<name>]); got {type(table).__name__}"
    )


_KEYS = tuple(f.name for f in fields(Rule))
_EXPECTED = {
    "category": 'a non-empty string such as "db"',
    "exception_types": 'a list of exception type names such as ["sqlite3.OperationalError"]',
    "message": "a regular expression (string)",
    "logger": "a regular expression (string)",
    "module": "a regular expression (string)",
    "frame": "a regular expression (string) over `path:function` of every frame",
    "weight": "a positive number",
    "suggestion": f"a string; placeholders {', '.join('{' + p + '}' for p in PLACEHOLDERS)}",
    "effort": f"one of {', '.join(repr(e) for e in EFFORTS)}",
}


def _rule_from_entry(label: str, entry: Any, source: str) -> Rule:
    if not isinstance(entry, Mapping):
        raise ValueError(f"{source}: {label} must be a table with keys {', '.join(_KEYS)}")
    values: dict[str, Any] = {}
    for key, value in entry.items():
        if key not in _KEYS:
            raise ValueError(
                f"{source}: {label} has unknown key {key!r}; accepted keys: {', '.join(_KEYS)}"
            )
        values[key] = _coerce(key, value, f"{source}: {label}.{key}")
    if "category" not in values:
        raise ValueError(f"{source}: {label} is missing key 'category' ({_EXPECTED['category']})")
    try:
        return Rule(**values)
    except ValueError as exc:
        raise ValueError(f"{source}: {label}: {exc}") from None


def _coerce(key: str, value: Any, where: str) -> Any:
    if key == "exception_types":
        names = [value] if isinstance(value, str) else value
        if isinstance(names, Sequence) and all(isinstance(n, str) and n for n in names):
            return tuple(names)
    elif key == "weight":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            return float(value)
    elif key == "effort":
        if value in (*EFFORTS, ""):
            return value
    elif key == "category":
        if isinstance(value, str) and value.strip():
            return value.strip()
    elif isinstance(value, str):
        return value
    raise ValueError(f"{where} must be {_EXPECTED[key]}; got {value!r}")
