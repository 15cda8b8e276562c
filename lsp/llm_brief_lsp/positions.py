"""LSP ranges for a file's lines, counted in the negotiated position encoding (UTF-16 by default).

Ranges are the protocol's JSON shape (`{"start": {"line", "character"}, "end": ...}`): a big
dashboard yields tens of thousands of them, and plain dicts serialize with the C JSON encoder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

LspRange = dict[str, Any]

# LSP ends lines at \n, \r\n and \r only; str.splitlines would also split at \f, \x1c, \u2028...
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def encoding_name(kind: object) -> str:
    """The position encoding's name ("utf-8", "utf-16" or "utf-32"); UTF-16 when unknown."""
    value = getattr(kind, "value", kind)
    return value if value in (UTF8, UTF16, UTF32) else UTF16


def split_lines(text: str) -> list[str]:
    """The lines of `text` without their terminators, as an LSP client numbers them."""
    return _LINE_BREAK.split(text)


def code_units(text: str, encoding: str) -> int:
    """How many code units of `encoding` the string takes."""
    if text.isascii() or encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def line_range(lines: Sequence[str], line: int, encoding: str) -> LspRange:
    """The range of 1-based `line`'s text, from its first non-blank character to its end.

    A line past the end (the file changed since the run) is clamped to the last line, and line 0
    (unknown) to the first, so the diagnostic still lands in the right file.
    """
    index = min(max(line, 1), max(len(lines), 1)) - 1
    text = lines[index] if lines else ""
    indent = len(text) - len(text.lstrip())
    end = code_units(text, encoding)
    start = code_units(text[:indent], encoding) if indent < len(text) else 0
    return {"start": {"line": index, "character": start}, "end": {"line": index, "character": end}}


class SourceFiles:
    """Lines of files on disk, re-read only when a file's size or mtime changes."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[tuple[int, int], list[str]]] = {}

    def lines(self, path: str) -> list[str] | None:
        """The file's lines, or None when it cannot be read."""
        try:
            st = os.stat(path)
        except OSError:
            self._cache.pop(path, None)
            return None
        key = (st.st_mtime_ns, st.st_size)
        cached = self._cache.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        try:
            with open(path, "rb") as handle:
                # Editors hide a UTF-8 byte-order mark, so it must not shift the first line.
                text = handle.read().decode("utf-8-sig", "replace")
        except OSError:
            return None
        lines = split_lines(text)
        self._cache[path] = (key, lines)
        return lines

    def range(self, path: str, line: int, encoding: str) -> LspRange | None:
        """The range of 1-based `line` in `path`, or None when the file cannot be read."""
        lines = self.lines(path)
        if lines is None:
            return None
        return line_range(lines, line, encoding)
