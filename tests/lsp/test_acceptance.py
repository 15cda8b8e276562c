"""Acceptance: a real `pytest --llm-brief` run on the tradebot example, seen through the server.

Five root causes (a DI provider lookup, a missing sqlite table, a missing config key, a feed that
never connects, a plain assertion) each get one Error diagnostic at their raising line. After a fix
and a new run, the fixed one disappears within 1 s of the new dashboard, both for a client that
sends file events and for one that sends none.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from lsp_support import RecordingClient, Workspace, capabilities, diagnostics_at, start
from lsprotocol import types
from pytest_lsp import client_capabilities

pytestmark = pytest.mark.asyncio

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "tradebot"
# Each root cause's raising line, found by its text so edits above it do not break the test.
ROOT_CAUSES = {
    "tradebot/container.py": "raise LookupError",  # no provider for ExchangeClient (30 tests)
    "tradebot/db.py": "FROM orders",  # OperationalError: no such table: orders (3 tests)
    "tradebot/config.py": '["timeout_s"]',  # KeyError: 'timeout_s'
    "tradebot/websocket.py": "raise ConnectionError",  # after 25 retry warnings
    "tests/test_strategy.py": "== 83.33",  # a plain assertion
}


def root_cause_lines(root: Path) -> dict[str, list[int]]:
    """1-based line of each root cause in the copy of the example."""
    found: dict[str, list[int]] = {}
    for rel, marker in ROOT_CAUSES.items():
        lines = (root / rel).read_text(encoding="utf-8").splitlines()
        [line] = [n for n, text in enumerate(lines, 1) if marker in text]
        found[rel] = [line]
    return found


async def run_pytest(root: Path) -> None:
    """`python -m pytest --llm-brief` in `root`, in a child process, as a user would run it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "LLM_BRIEF"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "pytest",
        "--llm-brief",
        "-q",
        "-p",
        "no:cacheprovider",
        cwd=root,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    assert (root / ".llm-brief/dashboard.json").exists(), output.decode(errors="replace")


def error_lines(client: RecordingClient, ws: Workspace) -> dict[str, list[int]]:
    """1-based lines of Error diagnostics per file that has any."""
    found: dict[str, list[int]] = {}
    for rel in [*ROOT_CAUSES, "tests/conftest.py", "tests/test_orders.py", "tests/test_db.py"]:
        lines = [
            d.range.start.line + 1
            for d in diagnostics_at(client, ws, rel)
            if d.severity == types.DiagnosticSeverity.Error
        ]
        if lines:
            found[rel] = sorted(lines)
    return found


@pytest.fixture
def tradebot(tmp_path: Path) -> Workspace:
    root = tmp_path / "tradebot"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".llm-brief", "__pycache__"))
    return Workspace(root)


@pytest.mark.parametrize("file_events", [True, False], ids=["file-events", "no-file-events"])
async def test_five_root_causes_then_a_fix(
    client: RecordingClient, tradebot: Workspace, file_events: bool
):
    await run_pytest(tradebot.root)
    caps = capabilities() if file_events else client_capabilities("neovim@v0.8.0")
    await start(client, tradebot, caps)
    expected = root_cause_lines(tradebot.root)
    await client.wait_for(lambda: error_lines(client, tradebot) == expected)
    [config] = [
        d
        for d in diagnostics_at(client, tradebot, "tradebot/config.py")
        if d.severity == types.DiagnosticSeverity.Error
    ]
    assert config.message.startswith("[config] KeyError: 'timeout_s' (1 test")

    # Fix the config key and run again.
    config_py = tradebot.root / "tradebot/config.py"
    source = config_py.read_text(encoding="utf-8")
    fixed = source.replace('"exchange": {', '"exchange": {"timeout_s": 5.0, ', 1)
    assert fixed != source
    config_py.write_text(fixed, encoding="utf-8")
    await run_pytest(tradebot.root)
    written = tradebot.dashboard_path.stat().st_mtime
    if file_events:
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[
                    types.FileEvent(
                        uri=tradebot.dashboard_path.as_uri(), type=types.FileChangeType.Changed
                    )
                ]
            )
        )
    del expected["tradebot/config.py"]
    budget = max(written + 1.0 - time.time(), 0.05)
    await client.wait_for(lambda: error_lines(client, tradebot) == expected, timeout=budget)
    assert all(
        not str(d.code).startswith("config-")
        for rel in ("tradebot/config.py", "tests/test_config.py")
        for d in diagnostics_at(client, tradebot, rel)
    )
