"""The printed set-up, used by a real MCP client where one is installed here (Claude Code)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mcp_session import brief_run, mcp_cli

CLAUDE = os.environ.get("CLAUDE_CODE_BIN") or shutil.which("claude")
pytestmark = pytest.mark.skipif(
    CLAUDE is None,
    reason="Claude Code is not installed (npm install @anthropic-ai/claude-code; or set CLAUDE_CODE_BIN)",
)


def _claude(project: Path, home: Path, *args: str) -> str:
    """`claude ARGS` in `project` with its own HOME, finding this venv's `llm-brief` on PATH."""
    assert CLAUDE is not None
    env = {
        "HOME": str(home),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "DISABLE_AUTOUPDATER": "1",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    }
    done = subprocess.run(
        [CLAUDE, *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _snippet() -> str:
    done = mcp_cli("--print-config", "claude")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_claude_mcp_add_line_connects(tradebot: Path, tmp_path: Path) -> None:
    brief_run(tradebot)
    line = next(x for x in _snippet().splitlines() if x.startswith("claude mcp add"))
    _claude(tradebot, tmp_path, *shlex.split(line)[1:])
    listed = _claude(tradebot, tmp_path, "mcp", "list")
    assert "llm-brief: llm-brief mcp - ✔ Connected" in listed


def test_claude_reads_the_project_mcp_json(tradebot: Path, tmp_path: Path) -> None:
    text = _snippet()
    (tradebot / ".mcp.json").write_text(text[text.index("{") :])
    assert json.loads((tradebot / ".mcp.json").read_text())["mcpServers"]["llm-brief"]["args"] == [
        "mcp"
    ]
    shown = _claude(tradebot, tmp_path, "mcp", "get", "llm-brief")
    # A project's servers wait for the user's approval in Claude Code by design.
    assert "Project config (shared via .mcp.json)" in shown
