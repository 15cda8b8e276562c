"""Two pytest runs writing the same output directory at once: both finish, nothing is torn."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from briefrun import validate_schema
from llm_brief.output.journal import read_journal


def test_two_runs_share_one_output_directory(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_left="""
        import logging
        import pytest

        @pytest.mark.parametrize("i", range(60))
        def test_left(i):
            logging.getLogger("app.left").warning("left %d", i)
            assert i % 20 != 3
        """,
        test_right="""
        import pytest

        @pytest.mark.parametrize("i", range(40))
        def test_right(i):
            assert i % 10 != 7
        """,
    )
    argv = [sys.executable, "-m", "pytest", "--llm-brief", "-p", "no:cacheprovider", "-q"]
    procs = {
        name: subprocess.Popen(
            [*argv, f"test_{name}.py"],
            cwd=pytester.path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for name in ("left", "right")
    }
    outputs = {name: proc.communicate(timeout=180)[0].decode() for name, proc in procs.items()}
    assert procs["left"].returncode == 1, outputs["left"]
    assert procs["right"].returncode == 1, outputs["right"]
    assert "3 failed, 57 passed" in outputs["left"]
    assert "4 failed, 36 passed" in outputs["right"]
    for text in outputs.values():
        assert "internal error" not in text, text

    out = pytester.path / ".llm-brief"
    expected = {"left": (57, 3), "right": (36, 4)}

    journals = sorted((out / "journal").glob("*.jsonl"))
    assert len(journals) == 2
    for journal in journals:
        events, bad = read_journal(journal)
        assert bad == 0
        tests = {e["record"]["nodeid"].split("::")[0] for e in events if e.get("t") == "test"}
        assert len(tests) == 1, f"{journal.name} mixes runs: {tests}"

    histories = sorted((out / "history").glob("*.json"))
    assert [h.stem for h in histories] == [j.stem for j in journals]
    for history in histories:
        json.loads(history.read_text("utf-8"))

    data = json.loads((out / "dashboard.json").read_text("utf-8"))
    validate_schema(data)
    assert data["run"]["run_id"] in {j.stem for j in journals}
    counts = data["run"]["counts"]
    which = {(counts["passed"], counts["failed"])}
    assert which <= set(expected.values()), counts
    # The issues come from the same run as the counts.
    name = next(n for n, c in expected.items() if c == (counts["passed"], counts["failed"]))
    # (each run names one file, so it is partial: the other run's issues are kept, not rerun)
    for issue in data["issues"]:
        if issue["status"] == "not_rerun":
            continue
        assert all(t.startswith(f"test_{name}.py") for t in issue["tests"]), issue["tests"]
    briefing = (out / "briefing.md").read_text("utf-8")
    assert f"test_{name}.py" in briefing
    assert not list(out.rglob("*.tmp"))
