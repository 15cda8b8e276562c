"""Which parts of a briefing fit its token budget. Pure.

A briefing is a list of blocks, each with a rank (0 is kept whatever the budget, then by
priority) and a place; an issue's full entry may have a one-line stand-in (`fallback`) that is
kept when the full entry does not fit, so every issue is listed before any detail is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from llm_brief.core.render.verdict import estimate_tokens


@dataclass(slots=True, eq=False, repr=False)  # internal scratch: no generated methods to compile
class Block:
    """Lines of a briefing with their rank (0: always kept) and place (issue number, part)."""

    rank: int
    order: tuple[int, int]
    lines: list[str]
    label: str
    # a shorter stand-in, kept only when this block does not fit (an issue's one-liner)
    fallback: Block | None = None


def always_kept(blocks: Sequence[Block]) -> set[int]:
    """Indices of the blocks kept whatever the budget (rank 0: the first issue's core)."""
    return {i for i, b in enumerate(blocks) if b.rank == 0}


def select(blocks: Sequence[Block], budget: int) -> set[int]:
    """Indices of the blocks kept within `budget`: every issue listed before any detail (the
    one-liners first, in order, while they fit), then each full entry or other detail by
    priority, replacing an issue's one-liner or adding to it."""
    stand_in_of = {id(b.fallback): i for i, b in enumerate(blocks) if b.fallback is not None}
    index = {id(b): i for i, b in enumerate(blocks)}
    cores = {b.order[0]: i for i, b in enumerate(blocks) if b.fallback is not None or b.rank == 0}
    cost = [estimate_tokens("\n".join(b.lines)) + 1 for b in blocks]
    kept = always_kept(blocks)
    used = sum(cost[i] for i in kept)
    for i, block in enumerate(blocks):
        if id(block) in stand_in_of and used + cost[i] <= budget:
            kept.add(i)
            used += cost[i]
    for block in sorted(blocks, key=lambda b: (b.rank, b.order)):
        i = index[id(block)]
        if i in kept or id(block) in stand_in_of:
            continue
        core = cores.get(block.order[0])
        if core is not None and core != i and core not in kept:
            continue  # an issue's rerun or trace only ever follows its own full entry
        stand_in = index[id(block.fallback)] if block.fallback is not None else -1
        freed = cost[stand_in] if stand_in in kept else 0
        if used + cost[i] - freed <= budget:
            kept.add(i)
            kept.discard(stand_in)
            used += cost[i] - freed
    return kept
