"""`--llm-brief-stats`: the compact terminal's tokens against pytest's own output, same run.

pytest's output is what its terminal reporter really wrote in this run, as the project
configures it (its `addopts`, verbosity, traceback style), held back by the gate instead of
printed; nothing is re-run or simulated. Tokens are counted with cl100k when a tokenizer is
installed (`bpe-openai` or `tiktoken`), else with llm-brief's conservative estimate, and the
line says which.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

from llm_brief.core.render.verdict import estimate_tokens

CHUNK = 50_000  # bpe_openai refuses very long inputs


def counter() -> tuple[Callable[[str], int], str]:
    """A token counter and its label: cl100k if a tokenizer is importable, else the estimate."""
    for module in ("bpe_openai", "tiktoken"):
        try:
            with warnings.catch_warnings():  # a tokenizer's own deprecation noise is not ours
                warnings.simplefilter("ignore")
                encoding = __import__(module).get_encoding("cl100k_base")
        except Exception:  # not installed, or no encoding data offline
            continue

        encode: Callable[[str], list[int]] = encoding.encode

        def count(text: str, encode: Callable[[str], list[int]] = encode) -> int:
            return sum(len(encode(text[i : i + CHUNK])) for i in range(0, len(text), CHUNK))

        return count, "cl100k"
    return estimate_tokens, "estimated tokens (install bpe-openai for cl100k)"


def stats_line(shown: str, pytest_output: str) -> str:
    """`llm-brief stats: 84 tokens shown vs 13,547 for pytest as configured (-99.4%, cl100k)`."""
    count, label = counter()
    mine, theirs = count(shown), count(pytest_output)
    change = f", {(mine - theirs) / theirs * 100:+.1f}%" if theirs else ""
    return (
        f"llm-brief stats: {mine:,} tokens shown vs {theirs:,} for pytest as configured"
        f" ({label}{change})"
    )
