"""Hostile test output and exceptions: the run keeps pytest's outcomes and the files stay sane."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefrun import run_report, validate_schema

# One suite carries most of the bad input, so the battery pays for one pytest run.
HOSTILE = r"""
import logging
import os
import sys

import pytest

log = logging.getLogger("app.hostile")


def test_binary_stdout_stderr():
    sys.stdout.write("text before\n")
    sys.stdout.flush()
    sys.stdout.buffer.write(b"\xff\xfe\x00\x80 not utf-8 \xc3\x28\n") if hasattr(sys.stdout, "buffer") else None
    sys.stderr.write("\udcff surrogate \x00 nul\n")
    assert False, "binary output test \xff"


def test_ansi_colours():
    print("\x1b[31mred stdout\x1b[0m")
    log.error("\x1b[1;33mcoloured log line\x1b[0m")
    raise ValueError("\x1b[31mcoloured failure\x1b[0m")


def test_ten_megabyte_log_line():
    log.warning("huge: " + "x" * 10_000_000)


class Nasty(Exception):
    def __str__(self):
        raise RuntimeError("__str__ exploded")

    def __repr__(self):
        raise RuntimeError("__repr__ exploded")


def test_unprintable_exception():
    raise Nasty()


def test_cyclic_chain():
    a = ValueError("a")
    b = KeyError("b")
    a.__cause__ = b
    b.__cause__ = a
    b.__context__ = a
    a.__context__ = b
    raise a


def _recurse(n):
    if n == 0:
        raise RecursionError("deep recursion at the bottom")
    return _recurse(n - 1)


def test_deep_recursion():
    _recurse(1000)


def test_many_records():
    for i in range(200_000):
        log.warning("record %d of many", i)


def test_forks():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
"""


@pytest.fixture(scope="module")
def hostile(pytester_module: tuple[pytest.RunResult, Path]) -> tuple[pytest.RunResult, Path]:
    return pytester_module


@pytest.fixture(scope="module")
def pytester_module(tmp_path_factory: pytest.TempPathFactory) -> tuple[pytest.RunResult, Path]:
    """The hostile suite run once in a subprocess (it forks and floods; keep that out of our process)."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "test_hostile.py").write_text(HOSTILE)
    (root / "pytest.ini").write_text("[pytest]\n")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--llm-brief", "-p", "no:cacheprovider", "-q", "-rN"],
        cwd=root,
        capture_output=True,
        timeout=300,
        check=False,
    )
    return proc, root / ".llm-brief"  # type: ignore[return-value]


def _files(out: Path) -> tuple[str, str, dict]:  # type: ignore[type-arg]
    dashboard = (out / "dashboard.json").read_text("utf-8")
    return dashboard, (out / "briefing.md").read_text("utf-8"), json.loads(dashboard)


def test_outcomes_and_exit_code_unchanged(
    hostile: tuple[subprocess.CompletedProcess[bytes], Path],
) -> None:
    proc, out = hostile
    assert proc.returncode == 1, proc.stdout[-3000:]
    # the compact terminal's verdict line carries pytest's counts in pytest's own words
    lines = proc.stdout.decode("utf-8", "replace").strip().splitlines()
    verdict = next(line for line in lines if line.startswith("llm-brief: FAILED · exit 1 · "))
    assert "5 failed, 3 passed in " in verdict, verdict
    _, _, data = _files(out)
    validate_schema(data)
    assert data["run"]["counts"]["failed"] == 5
    assert data["run"]["counts"]["passed"] == 3
    assert data["internal"] == [], data["internal"]


def test_files_are_valid_utf8_text(
    hostile: tuple[subprocess.CompletedProcess[bytes], Path],
) -> None:
    _, out = hostile
    for name in ("dashboard.json", "briefing.md"):
        raw = (out / name).read_bytes()
        raw.decode("utf-8")  # strict: no lone surrogates or stray bytes
        assert b"\x00" not in raw


def test_no_ansi_escape_codes_in_outputs(
    hostile: tuple[subprocess.CompletedProcess[bytes], Path],
) -> None:
    _, out = hostile
    dashboard, briefing, _ = _files(out)
    # json.dumps always writes ESC as \u001b.
    assert "\\u001b" not in dashboard
    assert "\x1b" not in briefing


def test_ten_megabyte_line_is_truncated_with_a_marker(
    hostile: tuple[subprocess.CompletedProcess[bytes], Path],
) -> None:
    _, out = hostile
    assert (out / "dashboard.json").stat().st_size < 2_000_000
    dashboard, _, _ = _files(out)
    huge = [line for line in dashboard.splitlines() if "huge: xxxx" in line]
    assert huge, "the huge log line left no trace"
    assert all("truncated" in line or "…" in line for line in huge), [
        h[:120] + "…" + h[-80:] for h in huge
    ]


def test_unprintable_exception_is_named(
    hostile: tuple[subprocess.CompletedProcess[bytes], Path],
) -> None:
    _, out = hostile
    _, briefing, data = _files(out)
    assert any("Nasty" in i["title"] for i in data["issues"]), [i["title"] for i in data["issues"]]
    assert "Nasty" in briefing


def test_cyclic_chain_terminates(hostile: tuple[subprocess.CompletedProcess[bytes], Path]) -> None:
    _, out = hostile
    _, _, data = _files(out)
    assert any(i["title"].startswith("ValueError") for i in data["issues"])


def test_recursion_is_collapsed(hostile: tuple[subprocess.CompletedProcess[bytes], Path]) -> None:
    _, out = hostile
    dashboard, briefing, _ = _files(out)
    assert briefing.count("_recurse") < 20, briefing.count("_recurse")
    assert len(briefing.splitlines()) < 200
    assert dashboard.count('"_recurse"') < 60


def test_many_records_become_one_pattern(
    hostile: tuple[subprocess.CompletedProcess[bytes], Path],
) -> None:
    _, out = hostile
    _, _, data = _files(out)
    counts = {p["template"]: p["count"] for p in data["log_patterns"]}
    assert counts.get("record %d of many") == 200_000, counts


def test_os_exit_keeps_exit_code_and_report_recovers(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import os

        def test_a():
            pass

        def test_b():
            assert 0

        def test_c_exits():
            os._exit(3)
        """
    )
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    plain = subprocess.run(argv, cwd=pytester.path, capture_output=True, timeout=120, check=False)
    brief = subprocess.run(
        [*argv, "--llm-brief"], cwd=pytester.path, capture_output=True, timeout=120, check=False
    )
    assert brief.returncode == plain.returncode == 3
    report = subprocess.run(
        [sys.executable, "-m", "llm_brief.cli", "report", ".llm-brief"],
        cwd=pytester.path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert report.returncode == 0, report.stderr
    data = json.loads((pytester.path / ".llm-brief" / "dashboard.json").read_text("utf-8"))
    assert data["run"]["counts"]["passed"] == 1
    assert data["run"]["counts"]["failed"] == 1


def test_keyboard_interrupt_says_interrupted_and_shows_what_ran(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_a():
            pass

        def test_b():
            assert 1 == 2

        def test_c():
            raise KeyboardInterrupt

        def test_d_never_runs():
            pass
        """
    )
    # In-process, the KeyboardInterrupt would stop the outer session too.
    result = pytester.runpytest_subprocess("--llm-brief", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    data = json.loads((pytester.path / ".llm-brief" / "dashboard.json").read_text("utf-8"))
    validate_schema(data)
    assert data["run"]["outcome"] == "interrupted"
    assert data["run"]["counts"]["passed"] == 1
    assert data["run"]["counts"]["failed"] == 1
    briefing = (pytester.path / ".llm-brief" / "briefing.md").read_text("utf-8")
    assert "interrupted" in briefing.lower()
    assert "AssertionError" in briefing


def test_corrupt_journal_and_history_are_skipped_with_a_note(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_a():\n    assert 0\n")
    assert pytester.runpytest("--llm-brief", "-p", "no:cacheprovider").ret == 1
    out = pytester.path / ".llm-brief"
    for path in (out / "history").glob("*.json"):
        path.write_bytes(b"\x00\xff{not json")
    (out / "history" / "20000101T000000-abcdef.json").write_text("[1, 2,")
    journal = next((out / "journal").glob("*.jsonl"))
    journal.write_bytes(journal.read_bytes()[:-7] + b"\xff\xfe garbage\n{]\n")
    result = pytester.runpytest("--llm-brief", "-p", "no:cacheprovider")
    assert result.ret == 1
    result.assert_outcomes(failed=1)
    data = json.loads((out / "dashboard.json").read_text("utf-8"))
    validate_schema(data)
    assert any("history" in note for note in data["notes"]), data["notes"]
    report = run_report(journal, pytester.path)
    assert report.returncode == 0, report.stderr
    assert "Traceback" not in report.stderr


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ('budget = "lots"', "budget"),
        ("log_level = 7", "log_level"),
        ('terminal = "loud"', "terminal"),
        ("redact = [1]", "redact"),
        ("history = -3", "history"),
    ],
)
def test_malformed_pyproject_table_names_the_key(
    pytester: pytest.Pytester, table: str, key: str
) -> None:
    pytester.makepyfile("def test_a():\n    pass\n")
    pytester.makepyprojecttoml(f"[tool.llm-brief]\n{table}\n")
    result = pytester.runpytest("--llm-brief", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.errlines if "llm-brief" in line]
    assert len(errors) == 1, result.errlines
    assert key in errors[0]
    assert "pyproject.toml" in errors[0]


def test_pyproject_that_is_not_toml(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_a():\n    pass\n")
    pytester.makepyprojecttoml("[tool.llm-brief\nbudget = 3\n")
    result = pytester.runpytest("--llm-brief", "-p", "no:cacheprovider")
    assert result.ret in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.INTERNAL_ERROR)
    assert "Traceback" not in "\n".join(result.errlines)
