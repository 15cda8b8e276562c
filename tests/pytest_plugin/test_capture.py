"""Every capture source reaches the dashboard: logs, output, warnings, collection and internal errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from briefrun import BriefRun, validate_schema


def test_log_records_keep_template_call_site_and_exception(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        app="""
        import logging
        log = logging.getLogger("shop.cart")

        def add(item, n):
            log.info("adding %s x%d", item, n)
            if n > 2:
                log.warning("cart %s is large: %d items", item, n)
            try:
                {}[item]
            except KeyError:
                log.exception("price lookup failed for %s", item)
            raise ValueError(f"cannot add {item}")
        """,
        test_cart="""
        import pytest, app
        @pytest.mark.parametrize("n", [1, 3, 4])
        def test_add(n):
            app.add("apple", n)
        """,
    )
    pytester.makeini("[pytest]\nlog_level = INFO\n")  # the project asks for INFO records
    run = run_brief()
    issue = run.issue("ValueError")
    assert issue["count"] == 3
    logs = {(e["level"], e["template"]): e for e in issue["logs"]}
    warning = logs[("WARNING", "cart %s is large: %d items")]
    assert warning["count"] == 2
    assert warning["path"] == "app.py"
    assert warning["line"] == 7
    assert warning["logger"] == "shop.cart"
    assert warning["message"] == "cart apple is large: 3 items"
    assert logs[("INFO", "adding %s x%d")]["count"] == 3
    error = logs[("ERROR", "price lookup failed for %s")]
    assert error["count"] == 3
    patterns = {(p["template"], p["level"]): p for p in run.dashboard["log_patterns"]}
    assert patterns[("price lookup failed for %s", "ERROR")]["first_seen"] > 0
    assert issue["location"] == {"path": "app.py", "line": 12, "function": "add"}


def test_log_level_option_filters_records(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        """
        import logging
        def test_x():
            logging.getLogger("a").info("chatty")
            logging.getLogger("a").warning("important")
            assert False
        """
    )
    run = run_brief("--llm-brief-log-level=WARNING")
    templates = {e["template"] for e in run.issue("AssertionError")["logs"]}
    assert templates == {"important"}


def test_preformatted_messages_of_one_call_site_become_one_template(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        """
        import logging
        def test_x():
            for i in range(50):
                logging.getLogger("jobs").warning(f"job {i} took {i * 3} ms")
            assert False
        """
    )
    run = run_brief()
    (entry,) = run.issue("AssertionError")["logs"]
    assert entry["count"] == 50
    assert entry["template"] == "job <*> took <*> ms"


def test_stdout_stderr_and_exception_chain(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        loader="""
        import json
        class SettingsError(Exception):
            pass
        def load(text):
            try:
                return json.loads(text)
            except ValueError as exc:
                raise SettingsError("settings.json is not valid JSON") from exc
        """,
        test_load="""
        import sys, loader
        def test_load():
            print("loading settings")
            print("disk almost full", file=sys.stderr)
            loader.load("{not json")
        """,
    )
    run = run_brief()
    data = run.dashboard
    validate_schema(data)
    (issue,) = data["issues"]
    assert issue["title"] == "SettingsError: settings.json is not valid JSON"
    # located where the fault began: the innermost exception's deepest application frame
    assert issue["location"] == {"path": "loader.py", "line": 6, "function": "load"}
    assert issue["chain"][1].startswith("json.decoder.JSONDecodeError")
    frames = issue["frames"]
    assert all(f["in_app"] for f in frames)
    assert frames[-1]["code"] == "return json.loads(text)"
    sources = {p["source"]: p for p in data["log_patterns"] if p["source"] != "logging"}
    assert sources["stdout"]["example"] == "loading settings"
    assert sources["stderr"]["example"] == "disk almost full"


def test_library_frames_are_not_in_app(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        test_decode="""
        import json
        def test_decode():
            json.loads("[1, 2")
        """
    )
    run = run_brief()
    (issue,) = run.dashboard["issues"]
    assert issue["location"]["path"] == "test_decode.py"
    assert issue["location"]["line"] == 3
    assert all(f["in_app"] for f in issue["frames"])


def test_collection_error_is_an_issue(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        test_broken="import tradebot_missing_module\n", test_ok="def test_ok(): pass\n"
    )
    run = run_brief()
    assert run.result.ret == 2
    issue = run.issue("ModuleNotFoundError")
    assert issue["title"] == "ModuleNotFoundError: No module named 'tradebot_missing_module'"
    assert issue["location"] == {"path": "test_broken.py", "line": 1, "function": "<module>"}
    assert run.dashboard["run"]["counts"]["errors"] == 1
    assert run.dashboard["run"]["outcome"] == "error"


def test_skips_xfail_xpass_are_counted_like_pytest(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        """
        import pytest
        def test_ok(): pass
        @pytest.mark.skip(reason="later")
        def test_skip(): pass
        @pytest.mark.xfail
        def test_xfail(): assert False
        @pytest.mark.xfail
        def test_xpass(): pass
        def test_teardown_error(request):
            request.addfinalizer(lambda: 1 / 0)
        """
    )
    run = run_brief()
    counts = run.dashboard["run"]["counts"]
    outcomes = run.result.parseoutcomes()
    assert counts["passed"] == outcomes["passed"] == 2
    assert counts["skipped"] == outcomes["skipped"] == 1
    assert counts["xfailed"] == outcomes["xfailed"] == 1
    assert counts["xpassed"] == outcomes["xpassed"] == 1
    assert counts["errors"] == outcomes["errors"] == 1
    (issue,) = run.dashboard["issues"]
    assert issue["title"] == "ZeroDivisionError: division by zero"


def test_failures_with_and_without_an_exception_keep_their_order_and_chain(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    """A serial run takes a failure's exception from pytest_exception_interact; a strict xpass
    fails with no exception and must still be kept, before and after other failures."""
    pytester.makepyfile(
        """
        import pytest
        def test_first(): raise KeyError("db_url")
        @pytest.mark.xfail(strict=True)
        def test_strict_xpass(): pass
        def test_setup_error(missing_fixture): pass
        @pytest.mark.xfail(strict=True)
        def test_last_strict_xpass(): pass
        """
    )
    run = run_brief()
    outcomes = run.result.parseoutcomes()
    assert run.dashboard["run"]["counts"]["failed"] == outcomes["failed"] == 3
    titles = {i["title"]: i for i in run.dashboard["issues"]}
    key_error = titles["KeyError: 'db_url'"]
    assert key_error["location"]["function"] == "test_first"
    assert key_error["chain"] == ["KeyError: 'db_url'"]
    tests = sorted(t for i in run.dashboard["issues"] for t in i["tests"])
    assert tests == sorted(
        f"test_failures_with_and_without_an_exception_keep_their_order_and_chain.py::{name}"
        for name in (
            "test_first",
            "test_strict_xpass",
            "test_setup_error",
            "test_last_strict_xpass",
        )
    )


@pytest.mark.parametrize("args", [(), ("-n", "2")], ids=["serial", "xdist"])
def test_unittest_failure_keeps_its_exception(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun], args: tuple[str, ...]
) -> None:
    """pytest's unittest support sets the exception in its own makereport hook, after ours."""
    pytester.makepyfile(
        """
        import unittest
        class TestSettings(unittest.TestCase):
            def test_key(self):
                raise KeyError("unittest_key")
        """
    )
    run = run_brief(*args)
    (issue,) = run.dashboard["issues"]
    assert issue["title"] == "KeyError: 'unittest_key'"
    assert issue["chain"] == ["KeyError: 'unittest_key'"]


def test_reports_logged_after_the_whole_protocol_keep_exceptions_and_logs(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    """pytest-rerunfailures runs a test's phases first and logs their reports afterwards, so
    pytest_exception_interact comes before the failed report is logged."""
    pytester.makeconftest(
        """
        import pytest
        from _pytest.runner import runtestprotocol

        @pytest.hookimpl(tryfirst=True)
        def pytest_runtest_protocol(item, nextitem):
            item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
            reports = runtestprotocol(item, nextitem=nextitem, log=False)
            for report in reports:
                item.ihook.pytest_runtest_logreport(report=report)
            item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
            return True
        """
    )
    pytester.makepyfile(
        """
        import logging
        def test_rerun():
            logging.getLogger("app.db").warning("retrying %s", "orders")
            raise ValueError("rerun_val")
        """
    )
    run = run_brief()
    (issue,) = run.dashboard["issues"]
    assert issue["title"] == "ValueError: rerun_val"
    assert issue["chain"] == ["ValueError: rerun_val"]
    assert [log["template"] for log in issue["logs"]] == ["retrying %s"]


def test_interrupted_run_is_critical(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        """
        def test_first(): pass
        def test_interrupt():
            raise KeyboardInterrupt
        def test_never(): pass
        """
    )
    run = run_brief(subprocess=True)  # in-process, the interrupt would stop the outer run too
    data = run.dashboard
    assert run.result.ret == 2
    assert data["run"]["outcome"] == "interrupted"
    assert data["run"]["interrupted"] is True
    assert data["health"] == "CRITICAL"
    assert data["issues"][0]["severity"] == "critical"
    assert data["run"]["counts"]["passed"] == 1
    assert run.briefing.startswith("# INTERRUPTED")


def test_report_status_feeds_components(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytester.makepyfile(
        """
        import logging
        import llm_brief
        def test_ok():
            logging.getLogger("bot.db").info("connected")
            logging.getLogger("bot.feed").warning("slow")
            llm_brief.report_status("bot.exchange", "error", "rate limited")
        """
    )
    pytester.makeini("[pytest]\nlog_level = INFO\n")  # the project asks for INFO records
    run = run_brief()
    components = {c["name"]: c for c in run.dashboard["components"]}
    assert components["bot.db"]["status"] == "OK"
    assert components["bot.feed"]["status"] == "WARNING"
    assert components["bot.exchange"]["status"] == "ERROR"
    assert components["bot.exchange"]["last_message"] == "rate limited"
    assert run.dashboard["health"] == "ERROR"


def test_report_status_from_xdist_workers(
    pytester: pytest.Pytester, run_brief: Callable[..., BriefRun]
) -> None:
    pytest.importorskip("xdist")
    pytester.makepyfile(
        """
        import llm_brief
        def test_a():
            llm_brief.report_status("bot.exchange", "CRITICAL", "exchange halted")
        def test_b():
            pass
        """
    )
    run = run_brief("-n", "2", subprocess=True)
    components = {c["name"]: c for c in run.dashboard["components"]}
    assert components["bot.exchange"]["status"] == "CRITICAL"
    assert components["bot.exchange"]["last_message"] == "exchange halted"
