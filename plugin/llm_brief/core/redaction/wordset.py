"""A growing set of words, matched as one leftmost-longest alternation.

Pure. A run learns secrets one at a time (153 distinct ones in a suite that logs a fresh token
per test) while it redacts between each: recompiling one pattern over every word at each new word
cost O(n²) compile work, 140 s for those 153. Words are compiled in chunks instead, merged
when a newer chunk grows as large as the one before it (a binary counter), so each word is
compiled O(log n) times and a text is scanned by O(log n) patterns, whose matches are merged
into exactly what one pattern over all the words would match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


class WordSet:
    """Words added at any time, from any thread (no lock: each change is one assignment);
    `sub` replaces the longest word at each
    leftmost place, as one alternation of all the words added so far would."""

    def __init__(self) -> None:
        self._words: list[str] = []  # every word, in the order added; only ever appended to
        # (how many of `_words` are compiled, the chunks from oldest to newest), replaced
        # whole: a thread that learns while another redacts never sees half of a change.
        # Chunk sizes fall, so there are O(log n) of them.
        self._state: tuple[int, tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]] = (0, ())

    def add(self, words: Iterable[str]) -> None:
        """Match `words` too from the next `sub` on."""
        self._words.extend(words)

    def patterns(self) -> tuple[re.Pattern[str], ...]:
        """The compiled chunks, the words added since compiled first."""
        done, chunks = self._state
        count = len(self._words)
        if count > done:
            words = tuple(dict.fromkeys(self._words[done:count]))
            merged = list(chunks)
            while merged and len(merged[-1][0]) <= len(words):
                words = merged.pop()[0] + words
            chunks = (*merged, (words, re.compile(longest_first_trie(words))))
            # Two threads compiling at once both build a correct state; the later one wins.
            self._state = (count, chunks)
        return tuple(pattern for _words, pattern in chunks)

    def sub(self, repl: Callable[[re.Match[str]], str], text: str) -> str:
        """`text` with each match replaced by `repl(match)`: at each place the longest word of
        any chunk, scanning on after it (as `re.sub` does with one pattern)."""
        patterns = self.patterns()
        if not patterns:
            return text
        if len(patterns) == 1:
            return patterns[0].sub(repl, text)
        found = [pattern.search(text) for pattern in patterns]
        out: list[str] = []
        pos = 0
        while True:
            best: re.Match[str] | None = None
            for index, m in enumerate(found):
                if m is not None and m.start() < pos:  # overlapped by the one taken: look on
                    m = found[index] = patterns[index].search(text, pos)
                if m is not None and (
                    best is None
                    or m.start() < best.start()
                    or (m.start() == best.start() and m.end() > best.end())
                ):
                    best = m
            if best is None:
                break
            out += (text[pos : best.start()], repl(best))
            pos = best.end()
        out.append(text[pos:])
        return "".join(out)


def longest_first_trie(words: Iterable[str], depth: int = 3) -> str:
    """A regex matching any of `words`, factored by their first `depth` characters (a flat
    alternation of hundreds of values costs every position a try of each), the longest word
    winning where one is a prefix of another, so no tail of a longer secret survives."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[:1], []).append(word[1:])
    branches = []
    for head, rests in sorted(groups.items()):
        if depth > 1 and len(rests) > 1 and all(rests):
            tail = longest_first_trie(rests, depth - 1)
        else:
            tail = "|".join(re.escape(r) for r in sorted(rests, key=len, reverse=True))
            tail = f"(?:{tail})" if len(rests) > 1 else tail
        branches.append(re.escape(head) + tail)
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
