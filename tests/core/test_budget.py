"""The briefing's budget: every issue listed before any detail, details only under their entry."""

from __future__ import annotations

from llm_brief.core.render.budget import Block, select


def _issue(n: int, words: int) -> list[Block]:
    stand_in = Block(3, (n, 0), [f"- {n}. one line"], f"issue #{n}")
    full = Block(1, (n, 0), ["word " * words], f"details of #{n}", fallback=stand_in)
    rerun = Block(2, (n, 5), ["rerun: x"], f"rerun of #{n}")
    return [full, stand_in, rerun]


def test_every_issue_is_listed_before_any_full_entry() -> None:
    first = Block(0, (1, 0), ["# first issue"], "issue #1")
    blocks = [first, *(b for n in range(2, 7) for b in _issue(n, 40))]
    kept = select(blocks, budget=40)
    stand_ins = [i for i, b in enumerate(blocks) if b.label.startswith("issue #") and b.rank == 3]
    assert set(stand_ins) <= kept  # five one-liners fit; no full entry (40 words) does
    assert not any(blocks[i].label.startswith(("details", "rerun")) for i in kept)


def test_a_full_entry_replaces_its_one_liner_and_brings_its_details() -> None:
    blocks = [Block(0, (1, 0), ["# first"], "issue #1"), *_issue(2, 3)]
    kept = select(blocks, budget=200)
    assert {blocks[i].label for i in kept} == {"issue #1", "details of #2", "rerun of #2"}


def test_a_detail_never_stands_without_its_entry() -> None:
    blocks = [Block(0, (1, 0), ["# first"], "issue #1"), *_issue(2, 400)]
    kept = select(blocks, budget=60)
    assert {blocks[i].label for i in kept} == {"issue #1", "issue #2"}
