"""run_tests refuses what could run other code, stops on timeout and cancel, runs one at a time."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import anyio
import psutil
import pytest
from mcp_session import brief_run, call_data, everything, mcp_cli, served, text_of

SECRET = "sk_live_51HbQz4Kx9vTq2WnR8mPa7cJd"
SLOW = """
import os, pathlib, subprocess, sys, time

# At collection, before pytest prints "collected": the pids the test reads back.
_child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
pathlib.Path("pids.txt").write_text(f"{os.getpid()} {_child.pid}")


def test_slow():
    time.sleep(600)
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project with one failing test whose error sits next to a secret."""
    (tmp_path / "pyproject.toml").write_text("[tool.pytest.ini_options]\n")
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            f"""\
            def connect():
                api_key = "{SECRET}"
                raise ValueError(f"refused")
            """
        )
    )
    (tmp_path / "test_app.py").write_text(
        "from app import connect\n\ndef test_connect():\n    connect()\n"
    )
    (tmp_path / "test_ok.py").write_text("def test_ok():\n    pass\n")
    (tmp_path.parent / "outside_test.py").write_text("def test_outside():\n    pass\n")
    result = brief_run(tmp_path)
    assert result.returncode == 1, result.stdout[-2000:]
    return tmp_path


BAD_ARGUMENTS: list[tuple[dict[str, object], str]] = [
    ({"issue": "nope-000000"}, "unknown issue id 'nope-000000'"),
    ({"tests": ["../outside_test.py"]}, "outside the served workspace"),
    ({"tests": ["/etc/passwd"]}, "outside the served workspace"),
    ({"tests": ["-p", "evil_plugin"]}, "is an option, not a test"),
    ({"tests": ["@args.txt"]}, "is an option, not a test"),
    ({"tests": ["test_ok.py"], "options": ["--rootdir=/"]}, "option '--rootdir=/' is not allowed"),
    ({"tests": ["test_ok.py"], "options": ["-p", "evil"]}, "option '-p' is not allowed"),
    ({"tests": ["test_ok.py"], "options": ["--override-ini=addopts=-p evil"]}, "is not allowed"),
    ({"tests": ["test_ok.py"], "options": ["-c", "evil.ini"]}, "option '-c' is not allowed"),
    ({"tests": ["missing.py"]}, "does not exist"),
    ({"tests": ["test_ok.py"], "keyword": "ok"}, "exactly one of"),
    ({}, "exactly one of"),
    ({"keyword": "a\nb"}, "one line"),
    ({"tests": "test_ok.py"}, "valid list"),
]


def test_bad_arguments_get_a_clear_tool_error(project: Path) -> None:
    dashboard = project / ".llm-brief" / "dashboard.json"
    before = dashboard.stat().st_mtime_ns

    async def scenario() -> list[tuple[str, str]]:
        async with served(project) as session:
            answers = []
            for arguments, expected in BAD_ARGUMENTS:
                result = await session.call_tool("run_tests", arguments)
                assert result.is_error, arguments
                answers.append((expected, text_of(result)))
            return answers

    for expected, text in anyio.run(scenario):
        assert expected in text
    assert dashboard.stat().st_mtime_ns == before  # nothing ran


def test_every_output_is_redacted(project: Path) -> None:
    async def scenario() -> list[str]:
        async with served(project) as session:
            brief = call_data(await session.call_tool("brief", {}))
            issue_id = brief["issues"][0]["id"]
            detail = await session.call_tool("issue", {"id": issue_id})
            assert any("api_key" in line for line in call_data(detail)["source"])
            rerun = await session.call_tool("run_tests", {"keyword": "connect"})
            assert not rerun.is_error, text_of(rerun)
            dashboard = await session.read_resource("llm-brief://dashboard.json")
            return [everything(detail), everything(rerun), str(dashboard.contents[0])]

    for output in anyio.run(scenario):
        assert SECRET not in output
        assert SECRET[:16] not in output


class Collecting:
    """A progress callback that notes when pytest says "collected": the slow test then runs."""

    def __init__(self) -> None:
        self.seen = anyio.Event()

    async def __call__(self, done: float, total: float | None, message: str | None) -> None:
        if message and message.startswith("collected"):
            self.seen.set()


@pytest.fixture
def slow(project: Path) -> Collecting:
    """The project with a test that sleeps (and a child that sleeps) for ten minutes."""
    (project / "test_slow.py").write_text(SLOW)
    return Collecting()


def _alive_after(root: Path, timeout: float = 15.0) -> list[psutil.Process]:
    """Which of the pytest process and its child (pids.txt) still run after `timeout`."""
    processes = []
    for pid in (root / "pids.txt").read_text().split():
        try:
            processes.append(psutil.Process(int(pid)))
        except psutil.NoSuchProcess:
            continue
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    return alive


def test_timeout_kills_the_pytest_process_group(project: Path, slow: Collecting) -> None:
    async def scenario() -> str:
        async with served(project) as session:
            result = await session.call_tool(
                "run_tests",
                {"tests": ["test_slow.py"], "timeout_s": 8},
                progress_callback=slow,
            )
            assert result.is_error
            return text_of(result)

    text = anyio.run(scenario)
    assert slow.seen.is_set(), "pytest never got to collecting within the timeout"
    assert "timeout" in text
    assert "process group was killed" in text
    assert not _alive_after(project)


def test_cancel_stops_the_run_and_a_second_call_meanwhile_is_refused(
    project: Path, slow: Collecting
) -> None:
    async def scenario() -> tuple[str, str]:
        async with served(project) as session:
            async with anyio.create_task_group() as group:

                async def slow_run() -> None:
                    await session.call_tool(
                        "run_tests", {"tests": ["test_slow.py"]}, progress_callback=slow
                    )

                group.start_soon(slow_run)
                with anyio.fail_after(60):
                    await slow.seen.wait()
                second = await session.call_tool("run_tests", {"tests": ["test_ok.py"]})
                assert second.is_error
                group.cancel_scope.cancel()  # the client sends notifications/cancelled
            assert not _alive_after(project)
            # The lock went with the cancelled run: the next call runs.
            after = await session.call_tool("run_tests", {"tests": ["test_ok.py"]})
            return text_of(second), text_of(after)

    second, after = anyio.run(scenario)
    assert "already running" in second
    assert "test_slow.py" in second
    assert "PASSED" in after


def test_one_shot_call_answers_like_the_tool_and_sigterm_cancels_it(
    project: Path, slow: Collecting
) -> None:
    brief = mcp_cli("--root", str(project), "--call", "brief")
    assert brief.returncode == 0, brief.stderr
    assert "FAILED · exit 1" in brief.stdout
    bad = mcp_cli(
        "--root", str(project), "--call", "run_tests", "--args", '{"tests": ["-p", "evil"]}'
    )
    assert bad.returncode == 1
    assert "is an option, not a test" in bad.stderr

    command = [sys.executable, "-m", "llm_brief.cli", "mcp", "--root", str(project), "--call"]
    run = subprocess.Popen(
        [*command, "run_tests", "--args", '{"tests": ["test_slow.py"]}'],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        pids = project / "pids.txt"
        deadline = time.monotonic() + 60
        while not (pids.exists() and len(pids.read_text().split()) == 2):  # the slow test started
            assert run.poll() is None, run.communicate()
            assert time.monotonic() < deadline, "the slow test never started"
            time.sleep(0.05)  # polling with a deadline; the event is the pid file appearing
        run.send_signal(signal.SIGTERM)
        _, err = run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait(timeout=10)
    assert run.returncode == 1
    assert "cancelled" in err
    assert not _alive_after(project)
