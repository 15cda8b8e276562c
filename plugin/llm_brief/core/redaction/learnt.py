"""Secrets learnt during a run: a value once seen in a secret context is redacted everywhere.

Pure. The run's one `Redactor` feeds every secret it finds (and the secret environment values,
and values after secret-looking options on the command line) into a `LearntSecrets`; from then on
every occurrence of the value, of its URL-encoded, JSON-escaped and base64 forms, and of its
fragments around a `...` cut (pytest's shortened repr, `'ghp_LWbuDVoS...pl2VJIJzJKOKx'`) is
redacted too, wherever it appears: node ids, paths, assertion values, split log arguments.
"""

from __future__ import annotations

import base64
import json
import re
import weakref
from collections.abc import Callable, Iterable
from urllib.parse import quote, quote_plus, unquote

from llm_brief.core.redaction.keys import _MARKER_SPLIT, MARKER_PREFIX, _is_placeholder, marker
from llm_brief.core.redaction.wordset import WordSet

# Shorter values are words as often as secrets ("postgres"); they are redacted where they stand
# alone as a token, and never as fragments.
MIN_LEARNT = 8
# A fragment must be this long to count: shorter pieces of a secret cannot be looked up.
MIN_FRAGMENT = 6
# A value at least this long is redacted even glued to letters (a path, a parametrize id).
_GLUED_MIN = 16
# A text this long may be a cut one (see `_cut_ends`); shorter strings are names and words.
_CUT_TEXT_MIN = 64
_NO_SPACE = re.compile(r"\S+")
_LINE_BREAK = re.compile(r"\\+[nr]|\r?\n")
_CUT = re.compile(r"([^\s'\"`\[\](){}<>,]*)(?:\.\.\.|…)([^\s'\"`\[\](){}<>,]*)")
# A quoted repr cut in the middle: high-entropy halves with no space ('A1b2C3d4...e5F6g7H8').
_QUOTED_CUT = re.compile(
    r"(?P<q>\\*['\"])(?P<head>[\w+/=.:-]{8,})(?:\.\.\.|…)(?P<tail>[\w+/=.:-]{8,})(?P=q)"
)

# A cut beside a marker: the token-like run on the cut's other side is the same secret's other
# half ('[REDACTED:jwt]...<payload tail>', '<PEM head>...[REDACTED:private-key]'), escaped
# newlines and a PEM END line included.
_RUN = (
    r"(?:-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|[\w+/=.-]|\\+[nrt]"
    # the next line of a key block, indented (and marked, in pytest's diff)
    r"|\r?\n(?:E(?=[ \t]))?[ \t]*(?:[+-][ \t]+)?(?=[A-Za-z0-9+/=]{16}|-----END))+"
)
_MARKED_CUT = re.compile(
    rf"(?P<m1>\[REDACTED:[^\]\s]*\])(?P<c1>\.{{2,3}}|…)(?P<tail>{_RUN})"
    # the head starts a token and holds no dot: each token is scanned once, not from every place
    r"|(?<![\w+/=-])(?P<head>[\w+/=-]+)(?P<c2>\.\.\.|…)(?P<m2>\[REDACTED:[^\]\s]*\])"
)


def forms_of(value: str) -> set[str]:
    """The spellings of `value` a run may write: itself, URL-encoded, JSON-escaped and base64."""
    raw = value.encode("utf-8", "surrogatepass")
    forms = {
        value,
        quote(value, safe=""),
        quote_plus(value, safe=""),
        json.dumps(value, ensure_ascii=False)[1:-1],
        base64.b64encode(raw).decode().rstrip("="),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
    }
    return {f for f in forms if len(f) >= MIN_LEARNT}


def _entropic(piece: str) -> bool:
    letters = sum(c.isalpha() for c in piece)
    digits = sum(c.isdigit() for c in piece)
    mixed = any(c.islower() for c in piece) and any(c.isupper() for c in piece)
    return letters >= 3 and (digits >= 2 or mixed) and not piece.isalpha()


class LearntSecrets:
    """The run-wide set of values known to be secret, and how to redact every form of them."""

    def __init__(self, allowed: Callable[[str], bool], prefixes: Iterable[str] = ()) -> None:
        self._allowed = allowed
        self._kinds: dict[str, str] = {}  # every form -> the kind its marker names
        self._values: set[str] = set()
        # What readers iterate: a launcher learns on its channel and relay threads while its
        # refresher redacts, and a set must not change size while it is iterated.
        self._known: tuple[str, ...] = ()
        self._words = WordSet()  # every form, matched longest first
        self._prefixes = tuple(sorted(set(prefixes), key=len, reverse=True))
        self._learnt: list[tuple[str, str]] = []  # (value, kind), in the order learnt
        self._followers: weakref.WeakSet[LearntSecrets] = weakref.WeakSet()
        self.version = 0  # grows with each new value: caches of redacted text must be dropped

    def __bool__(self) -> bool:
        return bool(self._values)

    def add(self, secret: str, kind: str) -> None:
        """Remember `secret` (of `kind`) so that every later occurrence of it is redacted."""
        value = secret.strip()
        if (
            len(value) < MIN_LEARNT
            or value in self._values
            or MARKER_PREFIX in value
            or _is_placeholder(value)
            or self._allowed(value)
        ):
            return
        self._values.add(value)
        # The parts of a path-like secret are secrets too (a webhook's id/token, seen alone).
        parts = [p for p in value.split("/") if len(p) >= _GLUED_MIN] if "/" in value else []
        # So are the lines of a multi-line one: an app's stderr shows a PEM block line by line.
        lines = [line.strip() for line in _LINE_BREAK.split(value)]
        lines = [line for line in lines if _line_of_a_key(line)] if len(lines) > 1 else []
        self._values.update(lines)
        self._known = tuple(self._values)
        new = [line for line in lines if line not in self._kinds]
        for line in new:  # the line as written, not its encodings: a run learns many of them
            self._kinds[line] = kind
        # A URL-encoded value (a signed cookie "s%3A<value>.<sig>") is written decoded too, and
        # its value is what an app shows alone.
        decoded = unquote(value) if "%" in value else value
        if decoded != value:
            parts += [decoded, *(p for p in decoded.split(":") if len(p) >= _GLUED_MIN)]
        for form in {f for piece in (value, *parts) for f in forms_of(piece)}:
            if form not in self._kinds:
                self._kinds[form] = kind
                new.append(form)
        self._words.add(new)
        self.version += 1
        self._learnt.append((value, kind))
        for follower in list(self._followers):
            follower.add(value, kind)

    def follow(self, other: LearntSecrets) -> None:
        """Learn every value `other` knows or learns from now on: evidence is redacted where it is
        read, before it is cut, by the process's own redactor, and the context that taught a
        value is gone from the cut text the run's redactor sees."""
        if other is self:
            return
        other._followers.add(self)
        for value, kind in other._learnt:
            self.add(value, kind)

    def since(self, count: int) -> list[tuple[str, str]]:
        """The (value, kind) pairs learnt after the first `count` ones (a process hands them on)."""
        return self._learnt[count:]

    def redact(self, text: str) -> str:
        """`text` with every learnt value (in any form) and every fragment of one redacted."""
        if self._values and len(text) >= _CUT_TEXT_MIN:
            text = self._cut_ends(text)
        if MARKER_PREFIX in text:
            parts = _MARKER_SPLIT.split(text)
            parts[::2] = [self._redact_plain(p) if p else "" for p in parts[::2]]
            text = "".join(parts)
        else:
            text = self._redact_plain(text)
        if MARKER_PREFIX in text and ("..." in text or "…" in text):
            text = _MARKED_CUT.sub(_other_half, text)
        return text

    def _redact_plain(self, text: str) -> str:
        if self._values:
            text = self._words.sub(self._whole, text)
        if "..." in text or "…" in text:
            text = _QUOTED_CUT.sub(self._quoted_cut, text)
            text = _CUT.sub(self._cut, text)
        return text

    def _cut_ends(self, text: str) -> str:
        """A text cut out of a longer one (a traceback's last 2,000 characters, a path cut at
        3,000) or reshaped (digits masked in a log template) may begin with 16 or more
        characters of a learnt value, or end with them, without holding the whole value: that
        part goes too."""
        # A cut inside a token leaves no space at the edge; prose and paths rarely end in 16.
        first, last = text[:_GLUED_MIN], text[-_GLUED_MIN:]
        cut_before = _NO_SPACE.fullmatch(first) is not None
        cut_after = _NO_SPACE.fullmatch(last) is not None
        start, end = 0, len(text)
        for value in self._known if cut_before or cut_after else ():
            at = value.find(first) if cut_before else -1
            if at >= 0:
                shared = _shared_start(text, value[at:])
                # a whole learnt value is the trie's, with its own kind
                if text[:shared] not in self._kinds:
                    start = max(start, shared)
            at = value.rfind(last) if cut_after else -1
            if at >= 0:
                shared = _shared_start(text[::-1], value[: at + _GLUED_MIN][::-1])
                if text[len(text) - shared :] not in self._kinds:
                    end = min(end, len(text) - shared)
        if start == 0 and end == len(text):
            return text
        if start >= end:
            return marker("truncated")
        head = marker("truncated") if start else ""
        tail = marker("truncated") if end < len(text) else ""
        return head + text[start:end] + tail

    def _whole(self, m: re.Match[str]) -> str:
        found, text = m.group(0), m.string
        if len(found) < _GLUED_MIN:  # "postgres" must not eat "postgresql" in every line
            start, end = m.span()
            if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                return found
        return marker(self._kinds.get(found, "learnt"))

    def _quoted_cut(self, m: re.Match[str]) -> str:
        head, tail = m.group("head"), m.group("tail")
        known = self._head_of(head) is not None or self._tail_of(tail) is not None
        if known or head.startswith(self._prefixes) or (_entropic(head) and _entropic(tail)):
            q = m.group("q")
            return f"{q}{marker('truncated')}{q}"
        return m.group(0)

    def _cut(self, m: re.Match[str]) -> str:
        head, tail = m.group(1), m.group(2)
        head_at = self._head_of(head)
        tail_at = self._tail_of(tail)
        if head_at is None and len(head) >= MIN_FRAGMENT + 2 and head.startswith(self._prefixes):
            head_at = 0
        if head_at is None and tail_at is None:
            return m.group(0)
        left = head if head_at is None else head[:head_at] + marker("truncated")
        right = tail if tail_at is None else marker("truncated") + tail[tail_at:]
        return f"{left}...{right}"

    def _head_of(self, head: str) -> int | None:
        """Where in `head` a learnt value's beginning starts, if it ends `head`."""
        for start in range(max(0, len(head) - MIN_FRAGMENT + 1)):
            piece = head[start:]
            if any(v.startswith(piece) for v in self._known):
                return start
        return None

    def _tail_of(self, tail: str) -> int | None:
        """Where in `tail` a learnt value's end stops, if it starts `tail`."""
        for end in range(len(tail), MIN_FRAGMENT - 1, -1):
            piece = tail[:end]
            if any(v.endswith(piece) for v in self._known):
                return end
        return None


def _shared_start(a: str, b: str) -> int:
    """How many characters `a` and `b` share from their start."""
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    low, high = 0, n  # a[:low] == b[:low], a[:high] != b[:high]
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if a[:mid] == b[:mid] else (low, mid)
    return low


def _line_of_a_key(line: str) -> bool:
    # A base64 line of a key block (64 characters in PEM), not its BEGIN/END line or a word.
    return len(line) >= _GLUED_MIN and " " not in line and _entropic(line)


def _other_half(m: re.Match[str]) -> str:
    run = m.group("tail") if m.group("m1") else m.group("head")
    # Only a run a word cannot be: long, or entropic ('[REDACTED:x]...and more' stays).
    if len(run) < MIN_FRAGMENT or not (_entropic(run) or (len(run) >= _GLUED_MIN and "\\" in run)):
        return m.group(0)
    if m.group("m1"):
        return f"{m.group('m1')}{m.group('c1')}{marker('truncated')}"
    return f"{marker('truncated')}{m.group('c2')}{m.group('m2')}"
