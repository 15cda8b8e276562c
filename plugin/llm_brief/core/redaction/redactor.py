"""Secret redaction: credentials in text or JSON become `[REDACTED:<kind>]` before being written.

Pure: no I/O. Each rule is a regular expression plus the lowercase substrings every match holds;
one scan for all those substrings lets clean text through untouched, and a rule whose substrings
are absent is skipped. Rules never look inside an existing marker, so `redact` is idempotent.
The rules are data in `shapes`; what makes a key or variable name secret is in `keys`.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from llm_brief.core.lazy_regex import LazyRegex
from llm_brief.core.redaction.environ import env_rule, env_secrets
from llm_brief.core.redaction.keys import (
    _MARKER_SPLIT,
    _MAX_PASSES,
    MARKER_PREFIX,
    Span,
    _const,
    _kind_for_key,
    _locate_custom,
    _Rule,
    _trie_pattern,
    is_secret_env_name,
    is_secret_key,
    marker,
)
from llm_brief.core.redaction.learnt import LearntSecrets
from llm_brief.core.redaction.shapes import _BUILTIN_RULES, TOKEN_PREFIXES

__all__ = ["Redactor", "default_redactor", "is_secret_env_name", "is_secret_key"]


def _custom_rule(pattern: str) -> _Rule:
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid redaction pattern {pattern!r}: {exc}") from None
    return _Rule(LazyRegex(compiled), _const("custom"), locate=_locate_custom)


def _json_safe(text: str, start: int, end: int) -> Span:
    """Shrink a span so that it never splits a backslash escape of JSON-encoded text."""
    escape = re.search(r"(\\+)(u[0-9A-Fa-f]{0,3})?$", text[max(0, start - 8) : start])
    if escape and len(escape.group(1)) % 2 == 1:
        start += 5 - len(escape.group(2)) if escape.group(2) else 1
    body = text[start:end]
    if (len(body) - len(body.rstrip("\\"))) % 2 == 1:
        end -= 1
    return start, end


@functools.lru_cache(maxsize=32)
def _ignorecase(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern, pattern.flags | re.IGNORECASE)


class Redactor:
    """Replaces secrets in text and JSON-friendly structures with `[REDACTED:<kind>]` markers."""

    def __init__(
        self,
        extra_patterns: Sequence[str] = (),
        allowlist: Sequence[str] = (),
        environ: Mapping[str, str] | None = None,
        *,
        enabled: bool = True,
    ) -> None:
        self._allow_literal = frozenset(allowlist)
        self._allow_regex: list[re.Pattern[str]] = []
        for entry in allowlist:
            # An allowlist entry that is not a valid regex is simply a literal value.
            with contextlib.suppress(re.error):
                self._allow_regex.append(re.compile(entry))
        # An allowlist that admits anything (".*", as a "redact = false" config builds) disables.
        catch_all = any(r.fullmatch("x") and r.fullmatch("a b-1") for r in self._allow_regex)
        self._enabled = enabled and not catch_all
        custom = [_custom_rule(p) for p in extra_patterns]
        secrets = env_secrets(os.environ if environ is None else environ, self._allowed)
        from_env = env_rule(secrets)
        self._env_rule = from_env
        self._rules = (*([from_env] if from_env else []), *custom, *_BUILTIN_RULES)
        # Learn, then redact everywhere: every secret found joins this run-wide set.
        self.learnt = LearntSecrets(self._allowed, TOKEN_PREFIXES)
        for value, name in secrets.items():
            self.learnt.add(value, f"env:{name}")
        # One scan that rules every rule out at once: most strings in a dashboard are short and
        # clean, and would otherwise pay for a look at each rule. User patterns have no triggers.
        by_trigger: dict[str, set[int]] = {}
        for index, rule in enumerate(self._rules):
            for trigger in rule.triggers or ("",):  # "" is in every text: rules without triggers
                by_trigger.setdefault(trigger, set()).add(index)
        self._rules_by_trigger = tuple(by_trigger.items())
        self._precheck: re.Pattern[str] | None = None
        self._rules_by_decider: dict[str, frozenset[int]] = {}
        if not custom:
            trie = _trie_pattern(set(by_trigger))
            self._precheck = re.compile(trie)
            # The trie stops at the shortest trigger of a prefix chain, its decider: finding
            # the deciders present finds every rule that can match.
            for trigger, indices in by_trigger.items():
                decider = min((t for t in by_trigger if trigger.startswith(t)), key=len)
                found = self._rules_by_decider.get(decider, frozenset())
                self._rules_by_decider[decider] = found | indices

    @property
    def enabled(self) -> bool:
        """Whether `redact` can change anything at all."""
        return self._enabled

    def redact(self, text: str) -> str:
        """`text` with every secret found replaced by a `[REDACTED:<kind>]` marker."""
        if not self._enabled or not text:
            return text
        for _ in range(_MAX_PASSES):
            text = self._redact_rules(text)
            if not (self.learnt or "..." in text or "…" in text):
                return text
            # A learnt value turned into a marker is a new word boundary for the rules.
            redacted = self.learnt.redact(text)
            if redacted == text:
                return text
            text = redacted
        return text

    def _redact_rules(self, text: str) -> str:
        # Long texts skip the one scan: per-rule substring checks are faster than it there.
        if len(text) < 4096 and self._precheck and not self._precheck.search(text.lower()):
            return text
        for _ in range(_MAX_PASSES):
            redacted = self._redact_once(text)
            if redacted == text:
                break
            text = redacted
        return text

    def learn_argv(self, argv: Sequence[str]) -> None:
        """Learn the values given after secret-looking options (`--db-password VALUE`)."""
        for option, value in itertools.pairwise(argv):
            name = option.lstrip("-")
            if option.startswith("-") and "=" not in option and name and is_secret_key(name):
                self.learnt.add(value, _kind_for_key(name))

    def redact_json(self, obj: Any) -> Any:
        """A copy of `obj` with every string redacted and every value under a secret key masked."""
        if not self._enabled:
            return obj
        # Dashboards repeat short strings (paths, node ids, keys) many thousands of times.
        seen: dict[str, str] = {}

        def redact_short(text: str) -> str:
            if len(text) > 200:
                return self.redact(text)
            if text not in seen:
                seen[text] = self.redact(text)
            return seen[text]

        def walk(node: Any, secret_key: str | None) -> Any:
            if isinstance(node, str):
                if secret_key is not None and _maskable(node) and not self._allowed(node):
                    self.learnt.add(node, _kind_for_key(secret_key))
                    return marker(_kind_for_key(secret_key))
                return redact_short(node)
            if isinstance(node, dict):
                return {
                    (redact_short(k) if isinstance(k, str) else k): walk(
                        v, k if isinstance(k, str) and _is_secret_key_cached(k) else None
                    )
                    for k, v in node.items()
                }
            if isinstance(node, (list, tuple)):
                items = [walk(v, secret_key) for v in node]
                return items if isinstance(node, list) else tuple(items)
            if secret_key is not None and _maskable(node) and not self._allowed(str(node)):
                return marker(_kind_for_key(secret_key))
            return node

        return walk(obj, None)

    def redact_values(
        self, obj: Any, cache: dict[str, str], prepare: Callable[[str], str] | None = None
    ) -> Any:
        """`redact_json` for structures whose keys llm-brief wrote itself (journal events): the
        keys are neither redacted nor checked for secret names, only string values are
        redacted, and every one up to 200 characters is remembered in `cache`. `prepare` runs on
        each string first."""
        if not self._enabled:
            return obj
        redact = self.redact

        def text(value: str) -> str:
            found = cache.get(value)
            if found is None:
                found = redact(prepare(value) if prepare else value)
                if len(value) <= 200:
                    cache[value] = found
            return found

        def walk(node: Any) -> Any:
            kind = type(node)
            if kind is str:
                return text(node)
            if kind is dict:
                return {
                    key: text(value) if type(value) is str else walk(value)
                    for key, value in node.items()
                }
            if kind is list or kind is tuple:
                return [text(value) if type(value) is str else walk(value) for value in node]
            if node is None or kind is int or kind is float or kind is bool:
                return node
            # a str subclass, or anything the encoder would turn into a string: redact its text
            return text(str(node))

        return walk(obj)

    def _allowed(self, secret: str) -> bool:
        return secret in self._allow_literal or any(r.fullmatch(secret) for r in self._allow_regex)

    def _redact_once(self, text: str) -> str:
        lowered = text.lower()
        active: set[int] = set()
        if self._precheck is not None and len(text) < 4096:
            # One scan finds every trigger present; the next search starts one past the last
            # match, not after it, so a trigger overlapping another one is found too.
            position = 0
            while (found := self._precheck.search(lowered, position)) is not None:
                active |= self._rules_by_decider[found.group()]
                position = found.start() + 1
        else:  # long texts (one substring check per trigger is faster there), or custom rules
            for trigger, indices in self._rules_by_trigger:
                if trigger in lowered:
                    active |= indices
        current_lowered: str | None = lowered
        for index in sorted(active):
            rule = self._rules[index]
            if MARKER_PREFIX not in text:
                redacted = self._apply(rule, text, current_lowered)
                if redacted is not text:
                    text, current_lowered = redacted, None
                continue
            # Rules only ever see the text between markers, so a marker is never re-redacted.
            parts = _MARKER_SPLIT.split(text)
            parts[::2] = [self._apply(rule, part, None) if part else "" for part in parts[::2]]
            text, current_lowered = "".join(parts), None
        return text

    def _apply(self, rule: _Rule, text: str, lowered: str | None) -> str:
        pattern, scan = rule.pattern.compiled, text
        if rule.lowered:
            scan = text.lower() if lowered is None else lowered
            if len(scan) != len(text):  # a few non-ASCII letters lowercase to two characters
                pattern, scan = _ignorecase(pattern), text
        pieces: list[str] = []
        done = 0
        position = 0
        while position <= len(scan) and (m := pattern.search(scan, position)) is not None:
            span = rule.locate(m, text)
            if span is not None:
                start, end = _json_safe(text, *span)
                if done <= start < end and not self._allowed(text[start:end]):
                    kind = rule.kind(m, text)
                    if rule is not self._env_rule:
                        self.learnt.add(text[start:end], kind)
                    pieces += (text[done:start], marker(kind))
                    done = end
                    position = max(m.end(), m.start() + 1)
                    continue
            # A rejected candidate may hide a real one inside ("api key": "{\"token\": ...}").
            position = m.start() + 1
        if not pieces:
            return text
        pieces.append(text[done:])
        return "".join(pieces)


@functools.lru_cache(maxsize=4096)
def _is_secret_key_cached(key: str) -> bool:
    return is_secret_key(key)


def _maskable(value: object) -> bool:
    if isinstance(value, str):
        return bool(value) and not _MARKER_SPLIT.fullmatch(value)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@functools.lru_cache(maxsize=1)
def default_redactor() -> Redactor:
    """The redactor for `os.environ` as it was at first use, with no user patterns."""
    return Redactor()
