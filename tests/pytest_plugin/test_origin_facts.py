"""Facts that reach the briefing from the failure itself: examples, members, expected/got (issue 15)."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from briefrun import BriefRun


def test_hypothesis_falsifying_example_reaches_the_suggestion(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        test_prop="""
        from hypothesis import given, strategies as st

        def halve(n):
            return 10 // (n - 3)

        @given(st.integers(0, 5))
        def test_halve(n):
            halve(n)
        """
    )
    issue = run_brief().issue("programming")
    # Hypothesis's note ("Falsifying example: ..." or, newer, "Failing test case: ...")
    assert "note: " in issue["suggestion"]
    assert "test_halve( n=3, )" in issue["suggestion"]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="asyncio.TaskGroup is new in 3.11")
def test_a_task_group_member_is_the_origin(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        jobs="""
        import asyncio

        async def parse(text):
            return int(text)  # RAISES

        async def main():
            async with asyncio.TaskGroup() as group:
                group.create_task(parse("12"))
                group.create_task(parse("x7"))
        """,
        test_jobs="""
        import asyncio, jobs

        def test_main():
            asyncio.run(jobs.main())
        """,
    )
    issue = run_brief().issue("data")
    assert issue["exception_type"] == "ValueError"
    assert issue["location"]["path"] == "jobs.py"
    assert issue["location"]["line"] == 4


def test_a_doctest_keeps_expected_and_got(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        prices='''
        def total(items):
            """Sum the prices.

            >>> total([1, 2])
            4
            """
            return sum(items)
        '''
    )
    run = run_brief("--doctest-modules")
    run.result.assert_outcomes(failed=1)
    [issue] = run.dashboard["issues"]
    assert "doctest expected: '4'; got: '3'" in issue["suggestion"]


def test_compiled_and_relative_frames_are_library_frames(tmp_path: object) -> None:
    from llm_brief.capture.exceptions import PathClassifier

    paths = PathClassifier(str(tmp_path))
    assert paths.classify("pandas/_libs/hashtable_class_helper.pxi") == (
        "pandas/_libs/hashtable_class_helper.pxi",
        False,
    )
    assert paths.classify("lib/sqlalchemy/engine/_result_cy.py")[1] is False
    assert paths.classify(f"{tmp_path}/app/orders.py") == ("app/orders.py", True)
