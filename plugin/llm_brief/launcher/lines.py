"""Bytes of an output stream to bounded, readable text lines. Pure.

A child may write invalid UTF-8, binary, colour codes, progress bars redrawn with `\\r`, or a
megabyte without a newline: every line is decoded with replacement characters, stripped of
terminal escapes, cut to `MAX_LINE` characters, and binary is summarised, so memory stays bounded.
"""

from __future__ import annotations

import re

MAX_LINE = 4000
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(raw: bytes, dropped: int = 0) -> str:
    """One raw line (without its newline) as the text a terminal would show, bounded."""
    if b"\r" in raw:
        parts = [p for p in raw.split(b"\r") if p]
        raw = parts[-1] if parts else b""
    text = raw.decode("utf-8", "replace")
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    controls = len(_CONTROL.findall(text))
    if controls or "\ufffd" in text:
        odd = controls + text.count("\ufffd")
        if odd * 4 > len(text):
            return f"<binary: {len(raw) + dropped} bytes>"
        text = _CONTROL.sub("\ufffd", text)
    if len(text) > MAX_LINE or dropped:
        extra = max(0, len(text) - MAX_LINE) + dropped
        text = f"{text[:MAX_LINE]} …[+{extra} bytes]"
    return text


class LineSplitter:
    """Splits one stream's chunks into lines; keeps at most `MAX_LINE * 4` bytes of a line."""

    def __init__(self) -> None:
        self._pending = bytearray()
        self._dropped = 0
        self._since = 0.0

    def feed(self, data: bytes, when: float) -> list[tuple[str, float]]:
        """The complete lines in `data` (plus what was pending), each with when it began."""
        lines: list[tuple[str, float]] = []
        start = 0
        while True:
            end = data.find(b"\n", start)
            if end < 0:
                break
            self._append(data[start:end], when)
            lines.append(self._take(when))
            start = end + 1
        if start < len(data):
            self._append(data[start:], when)
        return lines

    def _append(self, part: bytes, when: float) -> None:
        if not self._pending and not self._dropped:
            self._since = when
        room = MAX_LINE * 4 - len(self._pending)
        if room >= len(part):
            self._pending += part
        else:
            self._pending += part[: max(room, 0)]
            self._dropped += len(part) - max(room, 0)

    def _take(self, when: float) -> tuple[str, float]:
        raw = bytes(self._pending).rstrip(b"\r")
        line = (clean(raw, self._dropped), self._since or when)
        self._pending.clear()
        self._dropped = 0
        return line

    def flush(self, when: float) -> list[tuple[str, float]]:
        """The unterminated last line, at end of stream."""
        if not self._pending and not self._dropped:
            return []
        return [self._take(when)]
