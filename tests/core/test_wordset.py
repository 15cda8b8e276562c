"""The chunked word set matches exactly what one longest-first alternation of all its words does."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from llm_brief.core.redaction.wordset import WordSet, longest_first_trie

# A small alphabet, so that words overlap, share prefixes and contain one another.
_WORDS = st.lists(st.text("abc", min_size=1, max_size=6), min_size=1, max_size=40)


def _marked(m: re.Match[str]) -> str:
    return f"<{m.group(0)}>"


@settings(max_examples=300, deadline=None)
@given(words=_WORDS, text=st.text("abcd", max_size=60), batch=st.integers(1, 7))
def test_chunks_match_like_one_pattern(words: list[str], text: str, batch: int) -> None:
    wordset = WordSet()
    for start in range(0, len(words), batch):  # learnt a few at a time, used between
        wordset.add(words[start : start + batch])
        wordset.sub(_marked, text)
    one = re.compile(longest_first_trie(dict.fromkeys(words)))
    assert wordset.sub(_marked, text) == one.sub(_marked, text)


def test_each_word_is_compiled_a_logarithmic_number_of_times() -> None:
    wordset = WordSet()
    for n in range(1000):
        wordset.add([f"secret-{n:04d}-value"])
        wordset.sub(_marked, "a line")
    assert len(wordset.patterns()) <= 10
    assert wordset.sub(_marked, "x secret-0007-value secret-0999-value") == (
        "x <secret-0007-value> <secret-0999-value>"
    )


def test_the_longest_word_wins_across_chunks() -> None:
    wordset = WordSet()
    wordset.add(["abcdefgh"])
    wordset.sub(_marked, "")
    wordset.add(["abcdefghijkl"])  # a later, longer secret the first one is a prefix of
    assert wordset.sub(_marked, "=abcdefghijkl=") == "=<abcdefghijkl>="
