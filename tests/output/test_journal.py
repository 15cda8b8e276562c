"""The journal survives SIGKILL, and `llm-brief report` rebuilds the outputs from it alone."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefrun import run_report, validate_schema


def _wait_for(path: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} did not appear within {timeout}s")
        time.sleep(0.02)  # polling a file with a deadline; the event itself is the file appearing


def test_sigkill_then_report_recovers_finished_tests(pytester: pytest.Pytester) -> None:
    marker = pytester.path / "reached"
    pytester.makepyfile(
        f"""
        import logging, pathlib, time
        import pytest

        @pytest.mark.parametrize("i", range(5))
        def test_ok(i):
            logging.getLogger("app.db").warning("slow query %d", i)

        def test_fails():
            assert "a" == "b"

        def test_hangs():
            pathlib.Path({str(marker)!r}).write_text("x")
            time.sleep(600)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", "--llm-brief", "-p", "no:cacheprovider", "-q"],
        cwd=pytester.path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(marker)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    out = pytester.path / ".llm-brief"
    assert not (out / "dashboard.json").exists()
    report = run_report(out, pytester.path)
    assert report.returncode == 0, report.stderr
    data = json.loads((out / "dashboard.json").read_text())
    validate_schema(data)
    assert data["run"]["counts"]["passed"] == 5
    assert data["run"]["counts"]["failed"] == 1
    assert data["run"]["outcome"] == "interrupted"
    assert any("never finished" in note for note in data["notes"])
    (issue,) = [i for i in data["issues"] if i["severity"] == "error"]
    assert issue["title"].startswith("AssertionError")
    patterns = {p["template"]: p["count"] for p in data["log_patterns"]}
    assert patterns["slow query %d"] == 5
    assert "llm-brief: briefing" in report.stdout


def test_report_without_journal_explains(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "llm_brief.cli", "report", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "no journal in" in result.stderr
    assert "pytest --llm-brief" in result.stderr


def test_corrupt_journal_lines_are_skipped(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_a(): assert False\n")
    pytester.runpytest("--llm-brief")
    (journal,) = (pytester.path / ".llm-brief" / "journal").glob("*.jsonl")
    with journal.open("a") as fh:
        fh.write('{"t": "test", "record": {"nodeid": \n')
        fh.write("\x00\x01 garbage\n")
    result = run_report(journal, pytester.path)
    assert result.returncode == 0, result.stderr
    data = json.loads((pytester.path / ".llm-brief" / "dashboard.json").read_text())
    assert any("skipped 2 unreadable journal line" in n for n in data["notes"])
    assert len(data["issues"]) == 1


@pytest.mark.parametrize(
    "nodeid",
    [
        "tests/test_a.py::test_plain",
        'test_q.py::test_quote["a\\\\b"]',
        "test_u.py::test_ünïcode[€-😀]",
        "test_c.py::test_control[\x01\t\n]",
        "test_s.py::test_surrogate[\udcff]",
    ],
)
def test_quiet_pass_line_is_the_json_of_its_event(nodeid: str) -> None:
    """Quiet passes skip json.dumps for speed; their line must still be exactly its output."""
    from llm_brief.output.journal import pass_line, pass_record, record_of_event

    entry = (nodeid, 0.001235, "dir/test_x.py", 12, 345678)
    event = {"t": "p", "n": nodeid, "d": round(entry[1], 6), "p": entry[2], "l": 12, "r": 345678}
    line = pass_line(entry)
    assert line == json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    assert record_of_event(json.loads(line)) == pass_record(entry)


def test_journal_redacts_every_event_field_by_field(tmp_path: Path) -> None:
    """Events are redacted per string (ANSI codes removed first, so they cannot split a
    secret), and quiet-pass lines redact their strings."""
    from llm_brief.core.redaction.redactor import Redactor
    from llm_brief.output.journal import Journal, pass_line, read_journal

    token = "ghp_" + "A1b2C3d4E5" * 4
    journal = Journal(tmp_path / "j.jsonl", Redactor(environ={}))
    journal.append(
        {
            "t": "test",
            "record": {
                "stdout": f"using ghp_\x1b[0m{token[4:]} now",
                "logs": [{"message": "login password=\x1b[31mhunter2xyz\x1b[0m"}],
                "longrepr": "KeyError: api_key='abcd1234efgh5678'",
            },
        }
    )
    nodeid = "test_db.py::test_url[postgres://app:s3cretPW42@db/x]"
    journal.append_line(
        pass_line((journal.redact(nodeid), 0.5, journal.redact("test_db.py"), 3, 0))
    )
    journal.close()
    text = (tmp_path / "j.jsonl").read_text("utf-8")
    for secret in (token[4:], "hunter2xyz", "abcd1234efgh5678", "s3cretPW42", "\\u001b"):
        assert secret not in text, text
    events, bad = read_journal(tmp_path / "j.jsonl")
    assert bad == 0
    assert [e["t"] for e in events] == ["test", "p"]


def test_journal_redacts_string_subclasses_and_other_leaves(tmp_path: Path) -> None:
    """A log message may be a str subclass, and json's default=str turns other objects into
    text: both are redacted like plain strings."""
    from llm_brief.core.redaction.redactor import Redactor
    from llm_brief.output.journal import Journal

    class Message(str):
        pass

    class Shown:
        def __str__(self) -> str:
            return "dsn postgres://app:s3cretPW42@db/x"

    journal = Journal(tmp_path / "j.jsonl", Redactor(environ={}))
    journal.append({"t": "test", "record": {"logs": [{"message": Message("password=hunter2xyz")}]}})
    journal.append({"t": "status", "status": {"message": Shown()}})
    journal.close()
    text = (tmp_path / "j.jsonl").read_text("utf-8")
    assert "hunter2xyz" not in text
    assert "s3cretPW42" not in text
    assert text.count("[REDACTED:") == 2
