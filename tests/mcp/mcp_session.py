"""A real MCP client session (the `mcp` SDK's own, over stdio) with `llm-brief mcp` as its server."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp_types import CallToolResult, TextContent

TIMEOUT_S = 60.0


@asynccontextmanager
async def served(root: Path) -> AsyncIterator[ClientSession]:
    """An initialised client session with a fresh server process serving `root`."""
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "llm_brief.cli", "mcp", "--root", str(root)], cwd=root
    )
    async with (
        stdio_client(params) as (read, write),
        ClientSession(read, write, read_timeout_seconds=TIMEOUT_S) as session,
    ):
        await session.initialize()
        yield session


def text_of(result: CallToolResult) -> str:
    """The text blocks of a tool result, joined."""
    return "\n".join(block.text for block in result.content if isinstance(block, TextContent))


def everything(result: CallToolResult) -> str:
    """Text and structured content together, for checks that nothing leaked anywhere."""
    return text_of(result) + json.dumps(result.structured_content or {})


def brief_run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A real `pytest --llm-brief` in `root`, as the user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--llm-brief", "-p", "no:cacheprovider", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def mcp_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`llm-brief mcp ARGS...` in a real subprocess, run to its end."""
    return subprocess.run(
        [sys.executable, "-m", "llm_brief.cli", "mcp", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def call_data(result: CallToolResult) -> dict[str, Any]:
    """The structured content of a successful call (fails loudly with the text otherwise)."""
    assert not result.is_error, text_of(result)
    assert result.structured_content is not None
    return result.structured_content
