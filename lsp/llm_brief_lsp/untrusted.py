"""Text from a run, made safe to send: redacted, one line, no control or bidi characters, bounded.

Test ids, messages and log lines come from the code under test and from whatever wrote the
dashboard. `plain` is the one boundary every such string crosses before it reaches a diagnostic,
a hover, a code action or a message: secrets become `[REDACTED:<kind>]` (`llm_brief.core.redaction`),
line breaks become spaces, control and direction-changing characters go (so text cannot reorder
what the editor shows, "Trojan Source"), and the length is capped. The Markdown helpers build on
it, so hover text can add no header, list, fence or link of its own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from llm_brief.core.redaction.redactor import default_redactor

ELLIPSIS = "…"
# Secrets are found in a window past the cut, so one straddling the cut is still recognised.
_SECRET_WINDOW = 8192
_CACHED_UP_TO = 200
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
_BREAK_CODES = frozenset(b"\n\r\v\f\x1c\x1d\x1e\x85")  # left for `_LINE_BREAKS`: one space each run
_INVISIBLE: dict[int, int | None] = {
    **{code: None for code in range(0xA0) if code < 0x20 or code >= 0x7F},  # C0, DEL, C1
    **dict.fromkeys((0x061C, 0x200E, 0x200F)),  # Arabic letter mark, LRM, RLM
    **dict.fromkeys(range(0x202A, 0x202F)),  # LRE, RLE, PDF, LRO, RLO
    **dict.fromkeys(range(0x2066, 0x206A)),  # LRI, RLI, FSI, PDI
    **dict.fromkeys((0x200B, 0x2060, 0xFEFF)),  # zero-width space, word joiner, BOM
}
for _code in _BREAK_CODES:
    del _INVISIBLE[_code]
_INVISIBLE[0x09] = ord(" ")
# What can start emphasis, code, a link, an image, HTML, an entity, a header, a list or a table;
# with no line break left, nothing else can give the text structure.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")
_BACKTICKS = re.compile(r"`+")


def redact(text: str) -> str:
    """`text` with every secret the project's redaction finds replaced by a marker."""
    return default_redactor().redact(text)


def plain(text: object, limit: int) -> str:
    """`text` as one line of data: redacted, without control or bidi characters, at most `limit`
    characters (a cut one ends in "…"). A non-string (a number where text belongs) is shown as
    its `str`."""
    if not isinstance(text, str):
        text = str(text)
    if len(text) <= _CACHED_UP_TO:
        return _plain_short(text, limit)
    return _plain(text, limit)


@functools.lru_cache(maxsize=65_536)
def _plain_short(text: str, limit: int) -> str:
    # Dashboards repeat short strings (categories, statuses, function names) thousands of times,
    # and the next run's dashboard mostly repeats this one's: 65,536 entries hold all the short
    # strings of a 10,000-issue dashboard (about 13 MB at most).
    return _plain(text, limit)


def _plain(text: str, limit: int) -> str:
    head = text[: limit + _SECRET_WINDOW]
    if head.isprintable():  # most text: no line break, control or format character at all
        line = redact(head)
    else:
        # Invisible characters go before redaction, so none can split a secret to hide it.
        line = _LINE_BREAKS.sub(" ", redact(head.translate(_INVISIBLE)))
    if len(line) <= limit and len(text) <= limit + _SECRET_WINDOW:
        return line
    return line[: max(limit - 1, 0)] + ELLIPSIS


def escape(text: str, limit: int) -> str:
    """Run text shown literally in Markdown (no emphasis, link, HTML or block of its own)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", plain(text, limit))


def code(text: str, limit: int) -> str:
    """Run text as an inline code span, delimited by more backticks than it holds in a row."""
    line = plain(text, limit)
    longest = max((len(run) for run in _BACKTICKS.findall(line)), default=0)
    if not longest:
        return f"`{line}`"
    fence = "`" * (longest + 1)
    return f"{fence} {line} {fence}"  # the spaces keep a backtick at either end inside


def fenced(lines: Sequence[str], limit: int, language: str = "text") -> str:
    """Run text as a fenced code block, one line per item; no line can close the fence."""
    body = [plain(line, limit) for line in lines]
    longest = max((len(run) for line in body for run in _BACKTICKS.findall(line)), default=0)
    fence = "`" * max(3, longest + 1)
    return "\n".join([f"{fence}{language}", *body, fence])
