"""Text hygiene for everything written: ANSI escapes and control characters out, long text clipped."""

from __future__ import annotations

import re
from typing import Any

from llm_brief.core.lazy_regex import LazyRegex

# CSI sequences (colours, cursor moves), OSC sequences (titles, hyperlinks) and lone escapes
_ANSI = LazyRegex(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
# the same sequences as json.dumps writes them (ESC escaped as \u001b)
_ANSI_JSON = LazyRegex(
    r"\\u001b\[[0-?]*[ -/]*[@-~]|\\u001b\][^\"]*?(?:\\u0007|\\u001b\\\\)|\\u001b"
)
# C0 and C1 controls (U+009B is a one-character CSI to a terminal), and the format characters
# that reorder or hide text: bidi embeddings, overrides and isolates, zero-width characters.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """`text` without ANSI escapes, C0/C1 controls or bidi and zero-width format characters
    (newlines and tabs stay), and with each lone surrogate replaced by U+FFFD, so that it can
    be written as UTF-8 and shown on a terminal as the data it is."""
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with a visible marker saying how much was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} …[truncated {len(text) - limit} chars]"


def clean_json_line(line: str) -> str:
    """A `json.dumps` line with escaped ANSI sequences removed (cheap when there are none)."""
    return _ANSI_JSON.sub("", line) if "\\u001b" in line else line


def clean_json(obj: Any) -> Any:
    """A copy of a JSON-friendly structure with every string (and key) cleaned."""
    if isinstance(obj, str):
        return clean(obj)
    if isinstance(obj, dict):
        return {clean(k) if isinstance(k, str) else k: clean_json(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [clean_json(v) for v in obj]
    return obj
