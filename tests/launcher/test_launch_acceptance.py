"""The issue's acceptance scenario: the trading bot under `llm-brief run`, and with LLM_BRIEF=1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from launchkit import clean_env, dashboard, wait_for, wrapper_cmd


def line_of(path: Path, text: str) -> int:
    """The 1-based number of the line of `path` that contains `text`."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def reconnect_patterns(data: dict[str, Any] | None) -> list[dict[str, Any]]:
    if data is None:
        return []
    return [p for p in data["log_patterns"] if "Reconnect attempt" in p["template"]]


def issue_of(data: dict[str, Any], exception_type: str) -> dict[str, Any]:
    found = [i for i in data["issues"] if i["exception_type"] == exception_type]
    assert found, [i["title"] for i in data["issues"]]
    return found[0]


def check_final(data: dict[str, Any], bot_dir: Path) -> None:
    """What the finished bot's dashboard must say, whoever wrote it."""
    assert data["run"]["kind"] == "run"
    assert data["run"]["exit_code"] == 1
    assert data["run"]["command"][-1] == "bot.py"
    crash = issue_of(data, "ZeroDivisionError")
    assert crash["severity"] == "critical"
    assert crash["location"]["path"] == "bot.py"
    assert crash["location"]["line"] == line_of(bot_dir / "bot.py", "return filled / orders")
    assert crash["location"]["function"] == "average_fill"
    timeout = issue_of(data, "TimeoutError")
    assert timeout["location"]["path"] == "worker.py"
    assert timeout["location"]["line"] == line_of(bot_dir / "worker.py", "raise TimeoutError")
    patterns = reconnect_patterns(data)
    assert [p["count"] for p in patterns] == [15]
    components = {c["name"]: c["status"] for c in data["components"]}
    assert components["tradebot.db"] == "OK"
    assert components["tradebot.websocket"] == "WARNING"


def test_bot_under_the_wrapper_briefs_live_and_at_exit(bot_dir: Path, spawn: Any) -> None:
    proc = spawn(wrapper_cmd(sys.executable, "bot.py"), cwd=bot_dir, env=clean_env(BOT_SLEEP="4"))
    # While the bot sleeps (before its worker runs), the warnings are already one pattern.
    live = wait_for(lambda: reconnect_patterns(dashboard(bot_dir)), timeout=15, what="live pattern")
    assert proc.poll() is None, "the dashboard only appeared after the bot had ended"
    assert [p["count"] for p in live] == [15]
    snapshot = dashboard(bot_dir)
    assert snapshot is not None
    assert not [i for i in snapshot["issues"] if i["exception_type"] == "TimeoutError"]
    assert any("still running" in note for note in snapshot["notes"])

    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    # The terminal saw the bot's output as usual.
    assert b"feed connected; waiting for the market to open" in out
    assert b"worker exited with status 3" in out
    assert err.count(b"Reconnect attempt") == 15
    assert b"ZeroDivisionError: float division by zero" in err
    assert b"llm-brief: FAILED" in err
    final = dashboard(bot_dir)
    assert final is not None
    check_final(final, bot_dir)
    assert not any("still running" in note for note in final["notes"])
    names = [p["name"] for p in final["resources"]["processes"]]
    assert any(name.startswith("bot.py (pid ") for name in names)
    briefing = (bot_dir / ".llm-brief" / "briefing.md").read_text("utf-8")
    assert "ZeroDivisionError" in briefing
    assert "hunter2" not in briefing + (bot_dir / ".llm-brief" / "dashboard.json").read_text()


def test_bot_alone_with_llm_brief_1_writes_its_own_dashboard(bot_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "bot.py"],
        cwd=bot_dir,
        env=clean_env(LLM_BRIEF="1", BOT_SLEEP="0"),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert b"ZeroDivisionError" in done.stderr
    data = dashboard(bot_dir)
    assert data is not None
    check_final(data, bot_dir)
    journals = list((bot_dir / ".llm-brief" / "journal").glob("*.jsonl"))
    assert len(journals) == 1
