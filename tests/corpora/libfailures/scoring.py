"""Scoring a `pytest --llm-brief` run against the corpus: category, origin line, restating fixes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from corpora.libfailures.corpus import Case, Origin

# Words that carry no fact, action or value of their own: English function words and the filler
# of template suggestions ("Fix the TypeError at ...: <message>", "Check ... raised in ...").
_STOPWORD_TEXT = """
a an the and or but if then else of to in on at by for from with without into onto as is are
was were be been being it its this that these those there here which what where when who how
not no do does did done can could should would will may might must shall has have had having
than so such also only just very more most some any all each every other same own about
fix fixing fixed check checking look see investigate inspect review handle handling resolve
error errors exception exceptions raised raise raises raising thrown throw failed fail fails
failure failing issue problem occurred occurs happened happens seen code line lines
location function method file module call called calling test tests traceback message
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
WORD = re.compile(r"[^\W\d_](?:[\w'-]*\w)?|\d+(?:\.\d+)?", re.UNICODE)
IDENTIFIER = re.compile(r"`[^`]+`|\b\w+\(\)|\b[a-z]+_[a-z_0-9]+\b|\b[a-z]+[A-Z]\w*\b|\b\w+\.\w+\b")


def _stem(word: str) -> str:
    # Crude on purpose: "converting" must not count as new against "convert".
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _words(text: str) -> set[str]:
    return {_stem(w.lower()) for w in WORD.findall(text)}


@dataclass(frozen=True)
class Novelty:
    """What a suggestion says beyond the exception: new content words, identifiers, numbers."""

    words: frozenset[str]
    identifiers: frozenset[str]
    numbers: frozenset[str]

    @property
    def restates(self) -> bool:
        """True when the suggestion adds no fact, action or value to what the agent already has."""
        return not (self.identifiers or self.numbers or len(self.words) >= 2)


def novelty(suggestion: str, known: Iterable[str]) -> Novelty:
    """The part of `suggestion` not already in the `known` texts (message, type, location)."""
    known_text = " ".join(known)
    known_words = _words(known_text) | {_stem(w) for w in STOPWORDS}
    words = {w for w in _words(suggestion) if w not in known_words}
    numbers = frozenset(w for w in words if w[0].isdigit())
    identifiers = frozenset(
        ident
        for ident in IDENTIFIER.findall(suggestion)
        if ident.strip("`").lower() not in known_text.lower() and _words(ident) - known_words
    )
    return Novelty(frozenset(words - numbers), identifiers, numbers)


@dataclass
class CaseResult:
    """What the run said about one case, beside its label."""

    case: Case
    origin: Origin
    category: str
    location: str
    suggestion: str
    restates: bool

    @property
    def category_ok(self) -> bool:
        """The category is the label's."""
        return self.category == self.case.category

    @property
    def origin_ok(self) -> bool:
        """The issue's location is the ORIGIN line."""
        return self.location == f"{self.origin.path}:{self.origin.line}"


@dataclass
class Score:
    """The corpus's figures for one run."""

    results: list[CaseResult] = field(default_factory=list)

    def rate(self, attribute: str) -> float:
        """The share of cases for which `attribute` holds."""
        return sum(bool(getattr(r, attribute)) for r in self.results) / max(1, len(self.results))

    @property
    def restating(self) -> list[CaseResult]:
        """Cases whose suggestion only restates the exception."""
        return [r for r in self.results if r.restates]

    def summary(self) -> str:
        """One line: category, origin and restating figures."""
        n = len(self.results)
        return (
            f"category {self.rate('category_ok'):.1%} "
            f"({sum(r.category_ok for r in self.results)}/{n}), "
            f"origin line {self.rate('origin_ok'):.1%} "
            f"({sum(r.origin_ok for r in self.results)}/{n}), "
            f"restating suggestions {len(self.restating)}/{n}"
        )

    def confusion(self) -> str:
        """The confusion table: expected category by row, reported category by column."""
        pairs = Counter((r.case.category, r.category) for r in self.results)
        rows = sorted({r.case.category for r in self.results})
        cols = sorted({r.category for r in self.results} | set(rows))
        width = max(len(c) for c in [*cols, "expected"]) + 1
        head = "expected".ljust(width) + "".join(c[:11].rjust(12) for c in cols)
        lines = [head]
        for row in rows:
            cells = "".join(str(pairs.get((row, col), "") or ".").rjust(12) for col in cols)
            lines.append(row.ljust(width) + cells)
        return "\n".join(lines)

    def misses(self, limit: int = 40) -> str:
        """The cases that missed a target, one per line."""
        lines = []
        for r in self.results:
            if r.category_ok and r.origin_ok and not r.restates:
                continue
            lines.append(
                f"{r.case.name}: expected {r.case.category} at {r.origin.path}:{r.origin.line}, "
                f"got {r.category} at {r.location}{' [restates]' if r.restates else ''} "
                f"| {r.suggestion[:160]}"
            )
        return "\n".join(lines[:limit])


def issue_for(nodeid: str, issues: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The issue that explains a test's failure: the first error-level issue naming the test."""
    naming = [i for i in issues if nodeid in i.get("tests", ())]
    errors = [i for i in naming if i.get("severity") in ("critical", "error")]
    chosen = errors or naming
    return chosen[0] if chosen else None


def score(
    cases: list[Case],
    origins: dict[str, Origin],
    nodeids: dict[str, str],
    dashboard: dict[str, Any],
    records: dict[str, dict[str, Any]],
) -> Score:
    """Score a dashboard: each case's issue against its label, ORIGIN line and real exception."""
    result = Score()
    for case in cases:
        issue = issue_for(nodeids[case.name], dashboard["issues"]) or {}
        location = issue.get("location") or {}
        record = records.get(case.test_name, {})
        known = [
            *record.get("messages", ()),
            *record.get("types", ()),
            str(issue.get("title", "")),
            str(issue.get("message", "")),
            str(location.get("path", "")),
            str(location.get("line", "")),
            str(location.get("function", "")),
        ]
        suggestion = str(issue.get("suggestion", ""))
        result.results.append(
            CaseResult(
                case,
                origins[case.name],
                str(issue.get("category", "<no issue>")),
                f"{location.get('path')}:{location.get('line')}",
                suggestion,
                novelty(suggestion, known).restates,
            )
        )
    return result
