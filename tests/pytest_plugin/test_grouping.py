"""One cause, one issue: grouping by where the fault began, not by the whole call path (issue 15)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from briefrun import BriefRun


def test_one_fault_reached_from_many_callers_is_one_issue(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        shop="""
        def rate(order):
            return order["total"] / order["items"]  # FAULT

        def checkout(order):
            return rate(order)

        def refund(order):
            return -rate(order)

        def report(orders):
            return [rate(o) for o in orders]
        """,
        test_shop="""
        import pytest, shop
        EMPTY = {"total": 5, "items": 0}

        @pytest.mark.parametrize("n", range(3))
        def test_checkout(n):
            shop.checkout(EMPTY)

        def test_refund():
            shop.refund(EMPTY)

        def test_report():
            shop.report([EMPTY])
        """,
    )
    run = run_brief()
    run.result.assert_outcomes(failed=5)
    issues = run.dashboard["issues"]
    assert [(i["exception_type"], i["count"]) for i in issues] == [("ZeroDivisionError", 5)]
    line = next(
        n
        for n, text in enumerate((pytester.path / "shop.py").read_text().splitlines(), 1)
        if "# FAULT" in text
    )
    assert issues[0]["location"] == {"path": "shop.py", "line": line, "function": "rate"}


def test_two_causes_in_one_shared_helper_stay_two_issues(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        shop="""
        def field(row, name):
            return row[name]

        def price(row):
            return field(row, "price")

        def quantity(row):
            return field(row, "qty")
        """,
        test_shop="""
        import pytest, shop

        @pytest.mark.parametrize("sku", ["A-1", "B-2"])
        def test_price(sku):
            shop.price({"sku": sku})

        def test_quantity():
            shop.quantity({"sku": "C-3"})
        """,
    )
    run = run_brief()
    run.result.assert_outcomes(failed=3)
    counts = sorted((i["title"], i["count"]) for i in run.dashboard["issues"])
    assert counts == [("KeyError: 'price'", 2), ("KeyError: 'qty'", 1)]
