"""Issue 12: every combination of real plugins and options runs the same with and without llm-brief.

A combination whose runs differ today carries a strict xfail naming the difference, so the suite
is green now and an XPASS tells whoever fixes the plugin to clear that combination's `differs`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from compat_combos import COMBOS, Combo
from compat_run import run_combo
from compat_table import TABLE, render

pytestmark = pytest.mark.compat


def _param(combo: Combo) -> object:
    marks = (
        [pytest.mark.xfail(strict=True, raises=AssertionError, reason=combo.differs)]
        if combo.differs
        else []
    )
    return pytest.param(combo, id=combo.id, marks=marks)


@pytest.mark.parametrize("combo", [_param(c) for c in COMBOS])
def test_run_is_unchanged(combo: Combo, tmp_path: Path, compat_python: Path) -> None:
    """Exit code, reports, warnings, report files, project files: the same with llm-brief."""
    found, _without, with_ = run_combo(combo, tmp_path, compat_python)
    assert not found, (
        f"{combo.id} ({combo.exercises}) differs with llm-brief:\n- "
        + "\n- ".join(found)
        + f"\n--- stdout with llm-brief (tail) ---\n{with_.stdout[-2500:]}"
        + f"\n--- stderr with llm-brief (tail) ---\n{with_.stderr[-1500:]}"
    )


def test_enough_combinations() -> None:
    """The acceptance asks for at least 40 combinations, with distinct ids."""
    ids = [c.id for c in COMBOS]
    assert len(ids) >= 40
    assert len(set(ids)) == len(ids)


def test_table_is_current() -> None:
    """COMBINATIONS.md says what compat_combos.py says (regenerate: python tests/compat/compat_table.py)."""
    assert TABLE.read_text("utf-8") == render()
