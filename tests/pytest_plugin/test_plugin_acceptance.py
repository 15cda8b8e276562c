"""The foundation issue's acceptance suite: five root causes in the tradebot example."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from briefrun import BriefRun, validate_schema

EXPECTED = {
    # title fragment: (count, path, source line at the location)
    "No provider registered for 'ExchangeClient'": (
        30,
        "tradebot/container.py",
        "raise LookupError",
    ),
    "no such table: orders": (3, "tradebot/db.py", "return self.conn.execute"),
    "KeyError: 'timeout_s'": (1, "tradebot/config.py", 'settings["exchange"]["timeout_s"]'),
    "Could not reach market feed": (1, "tradebot/websocket.py", "raise ConnectionError"),
    "assert 83.3333 == 83.33": (1, "tests/test_strategy.py", "assert position_size(1000, 0.25, 3)"),
}


def _check_five_causes(run: BriefRun, root: Path) -> None:
    data = run.dashboard
    validate_schema(data)
    issues = data["issues"]
    assert [i["severity"] for i in issues] == ["error"] * 5, run.titles()
    for fragment, (count, path, code) in EXPECTED.items():
        issue = run.issue(fragment)
        assert issue["count"] == count, (fragment, issue["count"])
        assert issue["location"]["path"] == path, issue["location"]
        line = (root / path).read_text().splitlines()[issue["location"]["line"] - 1]
        assert code in line, (fragment, line)
        assert len(issue["tests"]) == count
    outcomes = run.result.parseoutcomes()
    counts = data["run"]["counts"]
    assert counts["failed"] == outcomes.get("failed", 0) == 6
    assert counts["errors"] == outcomes.get("errors", 0) == 30
    assert counts["passed"] == outcomes.get("passed", 0) == 4
    assert counts["warnings"] == outcomes.get("warnings", 0) == 1
    assert data["run"]["exit_code"] == 1
    assert data["run"]["outcome"] == "failed"
    assert data["health"] in ("ERROR", "CRITICAL")


def test_five_root_causes_serial(tradebot: Path, run_brief: Callable[..., BriefRun]) -> None:
    run = run_brief()
    assert run.result.ret == 1
    _check_five_causes(run, tradebot)
    warnings = run.dashboard["warnings"]
    assert [w["category"] for w in warnings] == ["DeprecationWarning"]
    assert warnings[0]["path"] == "tests/test_ui.py"


def test_five_root_causes_with_xdist(tradebot: Path, run_brief: Callable[..., BriefRun]) -> None:
    pytest.importorskip("xdist")
    serial = run_brief(subprocess=True)
    serial_data = serial.dashboard
    parallel = run_brief("-n", "2", subprocess=True)
    assert parallel.result.ret == 1
    _check_five_causes(parallel, tradebot)
    strip = ("duration_s", "started_at", "finished_at", "run_id", "command")
    for key in strip:
        serial_data["run"].pop(key)
    parallel_data = parallel.dashboard
    for key in strip:
        parallel_data["run"].pop(key)
    assert parallel_data["run"] == serial_data["run"]

    def shape(data: dict[str, object]) -> list[tuple[object, ...]]:
        return sorted(
            (
                i["fingerprint"],
                i["count"],
                i["location"]["line"],
                i["category"],
                tuple(sorted(i["tests"])),
                tuple((e["template"], e["count"]) for e in i["logs"]),
            )
            for i in data["issues"]  # type: ignore[attr-defined]
        )

    assert shape(parallel_data) == shape(serial_data)
    assert sorted((p["template"], p["count"]) for p in parallel_data["log_patterns"]) == sorted(
        (p["template"], p["count"]) for p in serial_data["log_patterns"]
    )


def test_retry_warnings_are_collapsed_evidence(
    tradebot: Path, run_brief: Callable[..., BriefRun]
) -> None:
    run = run_brief()
    network = run.issue("Could not reach market feed")
    retry = [e for e in network["logs"] if e["level"] == "WARNING"]
    assert len(retry) == 1
    assert retry[0]["count"] == 25
    assert retry[0]["template"] == "Reconnect attempt %d/%d failed, retrying"
    assert "×25" in run.briefing
    # once as evidence, once as a pattern with one example: never 25 times
    assert run.briefing.count("Reconnect attempt") <= 3
    patterns = [p for p in run.dashboard["log_patterns"] if p["logger"] == "tradebot.websocket"]
    assert patterns[0]["count"] == 25
    assert patterns[0]["path"] == "tradebot/websocket.py"


def test_briefing_shape(tradebot: Path, run_brief: Callable[..., BriefRun]) -> None:
    run = run_brief()
    lines = run.briefing.strip().splitlines()
    assert lines[0].startswith("# FAILED · exit 1 · 6 failed, 30 errors, 4 passed")
    assert "5 issues" in lines[0]
    assert lines[-1].startswith("FAILED · exit 1")
    assert "dashboard.json" in lines[-1]
    assert "`tests/test_orders.py::test_route_order[...]` ×30" in run.briefing
    assert re.search(
        r"rerun: `[^`]*pytest [^`]*tests/test_orders.py::test_route_order`", run.briefing
    )
    assert "tradebot/container.py:" in run.briefing


def test_rerun_command_reruns_exactly_the_affected_tests(
    tradebot: Path, run_brief: Callable[..., BriefRun], pytester: pytest.Pytester
) -> None:
    run = run_brief()
    db = run.issue("no such table: orders")
    argv = db["rerun"].split()
    pytest_at = argv.index("pytest")  # `pytest …` or `python -m pytest …`
    again = pytester.runpytest(*argv[pytest_at + 1 :], "-p", "no:cacheprovider")
    again.assert_outcomes(failed=3)
