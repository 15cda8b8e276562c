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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """`text` without ANSI escapes or control characters (newlines and tabs stay)."""
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


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
