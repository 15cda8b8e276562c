"""The library-failure corpus (issue 15): is it sound, and how does `pytest --llm-brief` score on it?"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from corpora.libfailures.corpus import (
    Case,
    all_cases,
    batches,
    build_project,
    origins,
    read_records,
)
from corpora.libfailures.scoring import novelty, score

CASES = all_cases()
ORIGINS = origins()
BATCH_SIZE = 120
RUN_TIMEOUT_S = 240
CATEGORY_TARGET = 0.95
ORIGIN_TARGET = 0.98
# The figures of today's analyzer on this corpus; the xfail below turns red when the targets are met.
CURRENT = "category 97.8% (222/227), origin line 99.6% (226/227), 2 restating suggestions"


def _run(pytester: pytest.Pytester, *args: str) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Run the corpus batch by batch; return each case's node id and each batch's dashboard."""
    groups = list(batches(CASES, BATCH_SIZE))
    nodeids = {}
    dashboards = []
    for path, group in zip(build_project(pytester.path, groups), groups, strict=True):
        nodeids.update({case.name: f"{path}::{case.test_name}" for case in group})
        result = pytester.runpytest_subprocess(
            path, "-p", "no:cacheprovider", "-p", "no:randomly", *args, timeout=RUN_TIMEOUT_S
        )
        # Every case fails; a batch that does not is broken (a collection error, a crash).
        assert result.parseoutcomes().get("failed") == len(group), result.stdout.str()[-3000:]
        dashboard = pytester.path / ".llm-brief" / "dashboard.json"
        if dashboard.exists():
            dashboards.append(json.loads(dashboard.read_text("utf-8")))
    return nodeids, dashboards


def _raised(case: Case, record: dict[str, Any]) -> bool:
    # `pkg.Name` also names a re-export: pydantic_core.ValidationError is defined in
    # pydantic_core._pydantic_core.
    if case.raises in record["type_names"]:
        return True
    package, _, bare = case.raises.rpartition(".")
    qualified = record["type_names"][1::2]
    return any(q.startswith(package + ".") and q.endswith("." + bare) for q in qualified)


def test_corpus_is_sound(pytester: pytest.Pytester) -> None:
    """150+ cases; in a plain run each raises its labelled type through its ORIGIN line."""
    assert len(CASES) >= 150
    assert {case.name for case in CASES} <= set(ORIGINS), "every case has an ORIGIN marker"
    assert sum(case.noise for case in CASES) >= 5
    assert sum(case.lang != "en" for case in CASES) >= 5
    _run(pytester, "--tb=no")
    records = read_records(pytester.path)
    problems = []
    for case in CASES:
        record = records.get(case.test_name)
        origin = ORIGINS[case.name]
        if record is None:
            problems.append(f"{case.name}: did not fail")
        elif not _raised(case, record):
            problems.append(f"{case.name}: raised {record['type_names'][:2]}, not {case.raises}")
        elif [origin.path, origin.line] not in record["frames"]:
            problems.append(f"{case.name}: {origin.path}:{origin.line} not in {record['frames']}")
    assert not problems, "\n".join(problems)


class TargetsNotMet(AssertionError):
    """The run was sound but its figures are below issue 15's targets."""


# `raises=` keeps the xfail to the figures: a broken run (a crash, a changed outcome) still fails.
@pytest.mark.xfail(
    strict=True, raises=TargetsNotMet, reason=f"issue 15 targets not met yet: {CURRENT}"
)
def test_llm_brief_meets_the_corpus_targets(pytester: pytest.Pytester) -> None:
    """Category >= 95% exact, origin line >= 98%, and no suggestion that restates the message."""
    nodeids, dashboards = _run(pytester, "--llm-brief")
    assert len(dashboards) == len(list(batches(CASES, BATCH_SIZE)))
    dashboard = {"issues": [issue for d in dashboards for issue in d["issues"]]}
    report = score(CASES, ORIGINS, nodeids, dashboard, read_records(pytester.path))
    print(report.summary())
    print(report.confusion())
    print(report.misses(limit=len(CASES)))
    met = (
        report.rate("category_ok") >= CATEGORY_TARGET
        and report.rate("origin_ok") >= ORIGIN_TARGET
        and not report.restating
    )
    if not met:
        raise TargetsNotMet(report.summary())


@pytest.mark.parametrize(
    ("suggestion", "known", "restates"),
    [
        (
            "Fix the TypeError at app/orders.py:51 in checkout_total: "
            "discount() takes 2 positional arguments but 3 were given",
            [
                "discount() takes 2 positional arguments but 3 were given",
                "TypeError",
                "app/orders.py",
                "51",
                "checkout_total",
            ],
            True,
        ),
        (
            "Check the KeyError raised in unit_price at app/orders.py:26: 'C-3'",
            ["'C-3'", "KeyError", "app/orders.py", "26", "unit_price"],
            True,
        ),
        (
            "`discount(total, rate)` takes 2 parameters; the call at app/orders.py:51 passes 3",
            [
                "discount() takes 2 positional arguments but 3 were given",
                "TypeError",
                "app/orders.py",
                "51",
                "checkout_total",
            ],
            False,
        ),
        (
            "PRICES has keys A-1, B-2: add C-3 or look it up with a default",
            ["'C-3'", "KeyError", "app/orders.py", "26", "unit_price"],
            False,
        ),
        (
            "A divisor is zero at app/orders.py:101: guard the empty case",
            ["division by zero", "ZeroDivisionError", "app/orders.py", "101", "average_basket"],
            False,
        ),
        (
            "Connection refused (ConnectionRefusedError) in stock_level.",
            ["connection refused", "ConnectionRefusedError", "app/clients.py", "9", "stock_level"],
            True,
        ),
    ],
)
def test_restating_check(suggestion: str, known: list[str], restates: bool) -> None:
    """A suggestion restates unless it adds an identifier, a number or two content words."""
    assert novelty(suggestion, known).restates is restates


def test_origin_markers_are_on_code() -> None:
    """Every ORIGIN marker sits on a line of code in an app module, not on a comment."""
    for name, origin in ORIGINS.items():
        assert origin.code, f"{name}: marker on an empty line at {origin.path}:{origin.line}"
        assert Path(origin.path).parts[0] == "app"


def _issue(
    case: Case, nodeid: str, category: str, line_shift: int, suggestion: str
) -> dict[str, Any]:
    origin = ORIGINS[case.name]
    return {
        "tests": [nodeid],
        "severity": "error",
        "category": category,
        "title": f"{case.raises}: boom",
        "message": "boom",
        "location": {"path": origin.path, "line": origin.line + line_shift, "function": "f"},
        "suggestion": suggestion,
    }


def test_scorer_can_pass_and_can_fail() -> None:
    """A dashboard that matches the labels scores 100%; each kind of miss is counted once."""
    cases = CASES[:3]
    nodeids = {case.name: f"tests/test_x.py::{case.test_name}" for case in cases}
    specific = "Open the session with `expire_on_commit=False` or eager-load with `selectinload()`"
    right = [_issue(c, nodeids[c.name], c.category, 0, specific) for c in cases]
    perfect = score(cases, ORIGINS, nodeids, {"issues": right}, {})
    assert (perfect.rate("category_ok"), perfect.rate("origin_ok")) == (1.0, 1.0)
    assert not perfect.restating
    wrong = [
        _issue(cases[0], nodeids[cases[0].name], "unknown", 0, specific),
        _issue(cases[1], nodeids[cases[1].name], cases[1].category, 1, specific),
        _issue(cases[2], nodeids[cases[2].name], cases[2].category, 0, "Fix the error: boom"),
    ]
    report = score(cases, ORIGINS, nodeids, {"issues": wrong}, {})
    assert [r.category_ok for r in report.results] == [False, True, True]
    assert [r.origin_ok for r in report.results] == [True, False, True]
    assert [r.case.name for r in report.restating] == [cases[2].name]
    assert "unknown" in report.confusion()
