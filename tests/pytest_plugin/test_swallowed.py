"""Swallowed exceptions: a logged or kept traceback gives the issue its origin (issue 20)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from briefrun import BriefRun, validate_schema


def _only_issue(run: BriefRun) -> dict[str, Any]:
    issues = run.dashboard["issues"]
    assert len(issues) == 1, [i["title"] for i in issues]
    validate_schema(run.dashboard)
    issue: dict[str, Any] = issues[0]
    return issue


def _line_of(pytester: pytest.Pytester, module: str, marker: str) -> int:
    lines = (pytester.path / f"{module}.py").read_text().splitlines()
    return next(i for i, text in enumerate(lines, start=1) if marker in text)


def test_a_flask_view_logged_as_a_500_is_one_issue_at_the_raising_line(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        webapp="""
        from flask import Flask
        app = Flask(__name__)
        PRICES = {"A-1": 10}

        @app.get("/price/<sku>")
        def price(sku):
            return {"price": PRICES[sku]}  # RAISES
        """,
        test_web="""
        import pytest
        from webapp import app

        @pytest.mark.parametrize("sku", ["B-2", "C-3", "D-4"])
        def test_price(sku):
            response = app.test_client().get(f"/price/{sku}")
            assert response.status_code == 200

        def test_known_price():
            assert app.test_client().get("/price/A-1").status_code == 200
        """,
    )
    run = run_brief()
    run.result.assert_outcomes(passed=1, failed=3)
    issue = _only_issue(run)
    assert issue["count"] == 3
    assert issue["title"].startswith("KeyError")
    assert issue["location"]["path"] == "webapp.py"
    assert issue["location"]["line"] == _line_of(pytester, "webapp", "# RAISES")
    assert "the test saw: AssertionError" in issue["suggestion"]
    assert "500" in issue["suggestion"]


def test_a_click_command_whose_exception_clirunner_keeps(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        cli="""
        import click

        @click.command()
        @click.argument("path")
        def main(path):
            rows = open(path).read().splitlines()
            click.echo(len(rows) / (len(rows) - len(rows)))  # RAISES
        """,
        test_cli="""
        from click.testing import CliRunner
        from cli import main

        def test_main(tmp_path):
            target = tmp_path / "rows.txt"
            target.write_text("a\\nb\\n")
            result = CliRunner().invoke(main, [str(target)])
            assert result.exit_code == 0
        """,
    )
    run = run_brief()
    run.result.assert_outcomes(failed=1)
    issue = _only_issue(run)
    assert issue["location"]["path"] == "cli.py"
    assert issue["location"]["line"] == _line_of(pytester, "cli", "# RAISES")
    assert issue["exception_type"] == "ZeroDivisionError"
    assert issue["category"] == "programming"
    assert any("exit_code" in text or "assert" in text for text in issue["chain"])


def test_a_worker_thread_that_logs_its_exception_before_the_test_asserts_on_state(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        worker="""
        import logging, threading
        log = logging.getLogger("shop.worker")
        done = []

        def handle(job):
            return job["qty"] * 2  # RAISES

        def run(jobs):
            def loop():
                for job in jobs:
                    try:
                        done.append(handle(job))
                    except Exception:
                        log.exception("job %s failed", job)
            thread = threading.Thread(target=loop)
            thread.start()
            thread.join(timeout=10)
        """,
        test_worker="""
        import worker

        def test_jobs_are_done():
            worker.run([{"qty": 1}, {"amount": 2}])
            assert worker.done == [2, 4]

        def test_an_expected_failure_is_logged_and_passes():
            worker.run([{"nope": 1}])
        """,
    )
    run = run_brief()
    run.result.assert_outcomes(passed=1, failed=1)
    issue = _only_issue(run)
    assert issue["title"].startswith("KeyError")
    assert issue["location"]["path"] == "worker.py"
    assert issue["location"]["line"] == _line_of(pytester, "worker", "# RAISES")
    assert "the test saw: AssertionError" in issue["suggestion"]
    assert "shop.worker" in issue["suggestion"]


def test_a_test_failing_in_its_own_app_code_keeps_its_origin_whatever_was_logged(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        app="""
        import logging
        log = logging.getLogger("shop")

        def noisy():
            try:
                {}["x"]
            except KeyError:
                log.exception("expected miss")

        def broken():
            noisy()
            return 1 / 0  # RAISES
        """,
        test_app="""
        import app

        def test_broken():
            app.broken()
        """,
    )
    issue = _only_issue(run_brief())
    assert issue["exception_type"] == "ZeroDivisionError"
    assert issue["location"]["line"] == _line_of(pytester, "app", "# RAISES")
