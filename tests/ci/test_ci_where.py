"""Where a matrix-only cause fails, in the words a reviewer reads (pure: merge of dashboards)."""

from __future__ import annotations

from typing import Any

import pytest

from llm_brief.core.merge import entry_of, merge, where_it_fails
from llm_brief.core.model import Counts, Dashboard, Issue, Location, Run

MATRIX = [
    entry_of({"python": p, "os": o}) for p in ("3.12.1", "3.13.0") for o in ("linux", "macos")
]


@pytest.mark.parametrize(
    ("failing", "expected"),
    [
        ({("", "3.13", "linux"), ("", "3.13", "macos")}, "only on Python 3.13"),
        ({("", "3.12", "macos"), ("", "3.13", "macos")}, "only on macos"),
        (set(MATRIX), ""),
        ({("", "3.13", "macos")}, "in 1 of 4 environments: Python 3.13 macos"),
    ],
)
def test_the_shortest_true_phrase(failing: set[tuple[str, str, str]], expected: str) -> None:
    assert where_it_fails(failing, MATRIX) == expected


def test_two_of_three_systems() -> None:
    entries = [entry_of({"python": "3.12", "os": o}) for o in ("linux", "macos", "windows")]
    assert where_it_fails(set(entries[:2]), entries) == "on linux and macos"


def dashboard(environment: dict[str, Any], fingerprints: list[str], failed: int) -> Dashboard:
    issues = tuple(
        Issue(
            f"config-{fp[:6]}",
            fp,
            "config",
            "error",
            f"KeyError {fp}",
            "m",
            1,
            (f"tests/test_a.py::test_{fp}",),
            Location("app.py", 3, "f"),
        )
        for fp in fingerprints
    )
    run = Run(
        "pytest",
        ("pytest",),
        "/r",
        "2026-01-01T00:00:00Z",
        1.0,
        1,
        "failed",
        Counts(passed=10, failed=failed),
    )
    return Dashboard(run=run, health="ERROR", issues=issues, environment=environment)


def test_merge_of_a_matrix_marks_the_entry_only_issue() -> None:
    merged = merge(
        [
            dashboard({"python": "3.12.4", "os": "linux"}, ["aaaaaa01"], 1),
            dashboard({"python": "3.13.1", "os": "linux"}, ["aaaaaa01", "bbbbbb02"], 2),
        ]
    )
    assert merged.run.counts == Counts(passed=20, failed=3)
    by_fp = {i.fingerprint: i for i in merged.issues}
    assert by_fp["aaaaaa01"].where == ""
    assert by_fp["aaaaaa01"].count == 2
    assert by_fp["bbbbbb02"].where == "only on Python 3.13"
    assert by_fp["bbbbbb02"].title.endswith("— only on Python 3.13")
    assert len(merged.environment["runs"]) == 2


def test_nothing_to_merge() -> None:
    with pytest.raises(ValueError, match="nothing to merge"):
        merge([])
