"""Regular expressions compiled on first use.

Every pytest run with llm-brief imports its modules; a pattern compiled at import costs
~0.1-0.3 ms whether or not the run ever needs it, and most are for failures or secrets that a
green run never meets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator


class LazyRegex:
    """`re.compile(source, flags)`, deferred until a method is first called."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str | re.Pattern[str], flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled = source if isinstance(source, re.Pattern) else None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.search(text, pos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(text, pos)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self.compiled.sub(repl, text, count)

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0
    ) -> tuple[str, int]:
        return self.compiled.subn(repl, text, count)

    def split(self, text: str) -> list[str]:
        return self.compiled.split(text)

    def findall(self, text: str) -> list[str]:
        return self.compiled.findall(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)
