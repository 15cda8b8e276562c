"""The diagnosis issue's acceptance: categories, no secret anywhere, one retry pattern, budget, diff."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from briefrun import BriefRun, validate_schema

SECRETS = (
    "hunter2-Sup3rS3cret",
    "sk_live_51HbQz4Kx9vTq2WnR8mPa7cJd",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl",
)


def test_categories_and_specific_suggestions(
    tradebot: Path, run_brief: Callable[..., BriefRun]
) -> None:
    run = run_brief()
    by_category = {i["category"]: i for i in run.dashboard["issues"]}
    assert set(by_category) == {"di", "db", "config", "network", "assertion"}
    assert "ExchangeClient" in by_category["di"]["suggestion"]
    assert "orders" in by_category["db"]["suggestion"]
    assert "timeout_s" in by_category["config"]["suggestion"]
    for issue in by_category.values():
        assert issue["location"]["path"] in issue["suggestion"], issue["suggestion"]
        assert issue["effort"] in ("5m", "15m", "1h", "half-day")


def test_no_secret_in_any_output_file(tradebot: Path, run_brief: Callable[..., BriefRun]) -> None:
    run = run_brief("--llm-brief-log-level=DEBUG")
    # llm-brief's own terminal section; pytest's short summary is pytest's (untruncated under CI)
    lines = run.result.stdout.lines
    start = next(i for i, line in enumerate(lines) if "= llm-brief =" in line)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("====")), None)
    text = "\n".join(lines[start:end])
    assert "llm-brief: briefing" in text
    written = [p for p in run.out.rglob("*") if p.is_file()]
    assert {p.parent.name for p in written} >= {".llm-brief", "journal", "history"}
    for path in written:
        content = path.read_text("utf-8")
        for secret in SECRETS:
            assert secret not in content, f"{secret} leaked into {path}"
    for secret in SECRETS:
        assert secret not in text
    assert "[REDACTED:" in (run.out / "dashboard.json").read_text("utf-8")


def test_retry_warnings_are_one_pattern_and_briefing_fits(
    tradebot: Path, run_brief: Callable[..., BriefRun]
) -> None:
    bpe_openai = pytest.importorskip("bpe_openai")
    run = run_brief()
    retry = [p for p in run.dashboard["log_patterns"] if "Reconnect attempt" in p["template"]]
    assert [p["count"] for p in retry] == [25]
    encoding = bpe_openai.get_encoding("cl100k_base")
    assert len(encoding.encode(run.briefing)) <= 1200
    again = run_brief()  # a repeat run adds history (persisting, since-last-run) to the briefing
    assert len(encoding.encode(again.briefing)) <= 1200
    for fragment in ("[di]", "[db]", "[config]", "[network]", "[assertion]"):
        assert fragment in run.briefing
    assert run.briefing.count("fix (") == 5


def test_budget_keeps_verdicts_and_headers(
    tradebot: Path, run_brief: Callable[..., BriefRun]
) -> None:
    run = run_brief("--llm-brief-budget=500")
    lines = run.briefing.strip().splitlines()
    assert lines[0].startswith("# FAILED")
    assert lines[-1].startswith("FAILED")
    # every issue is listed (in full, or one line with category and place) before any detail
    listed = [line for line in lines if re.match(r"(### |- )[1-5]\. \[", line)]
    assert len(listed) == 5, listed
    assert (
        lines.count(
            "fix (15m): Register a provider for `ExchangeClient` in the container"
            " (or stop resolving it)"
        )
        == 1
    )
    assert "Trimmed to fit 500 tokens" in run.briefing
    assert "dashboard.json" in run.briefing
    bpe_openai = pytest.importorskip("bpe_openai")
    assert len(bpe_openai.get_encoding("cl100k_base").encode(run.briefing)) <= 500


def test_diff_after_fixing_one_cause(tradebot: Path, run_brief: Callable[..., BriefRun]) -> None:
    first = run_brief()
    assert _since(first.briefing) == "Since last run: first recorded run."
    container = tradebot / "tradebot" / "container.py"
    container.write_text(
        container.read_text().replace(
            '    container.register("Clock", lambda: "clock")',
            '    container.register("Clock", lambda: "clock")\n'
            '    container.register("ExchangeClient", lambda: type("C", (), {"route": lambda s, *a, **k: True})())',
        )
    )
    second = run_brief()
    data = second.dashboard
    validate_schema(data)
    diff = data["diff"]
    assert len(diff["fixed"]) == 1
    assert diff["fixed"][0]["title"].startswith("LookupError: No provider registered")
    assert len(diff["persisting"]) == 4
    assert diff["new"] == []
    assert _since(second.briefing) == "Since last run: 0 new, 1 fixed, 4 persisting"
    assert all(i["status"] == "persisting" for i in data["issues"])


def test_partial_rerun_does_not_claim_fixes(
    tradebot: Path, run_brief: Callable[..., BriefRun]
) -> None:
    run_brief()
    again = run_brief("tests/test_db.py")
    diff = again.dashboard["diff"]
    assert diff["fixed"] == []
    assert len(diff["not_run"]) == 4
    assert len(diff["persisting"]) == 1


def _since(briefing: str) -> str:
    return next(line for line in briefing.splitlines() if line.startswith("Since last run:"))
