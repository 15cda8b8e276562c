"""`llm-brief mcp --call TOOL --args JSON`: one tool call without a session, for editor tools.

The VS Code extension's language model tools run this, so they answer exactly what the MCP tools
answer. SIGTERM and SIGINT cancel the call like an MCP cancellation does (a run's pytest process
group is killed), rather than ending the process with the group still running.
"""

from __future__ import annotations

import json
import signal
import sys
from typing import Any

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, TextContent


async def _call(server: MCPServer, name: str, arguments: dict[str, Any]) -> tuple[int, str]:
    outcome: tuple[int, str] = (1, f"{name}: cancelled")
    async with anyio.create_task_group() as group:

        async def cancel_on_signal() -> None:
            with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGINT) as signals:
                async for _ in signals:
                    group.cancel_scope.cancel()
                    return

        group.start_soon(cancel_on_signal)
        try:
            result = await server.call_tool(name, arguments)
        except ToolError as exc:
            outcome = (1, str(exc))
        else:
            outcome = _text(result)
        group.cancel_scope.cancel()
    return outcome


def _text(result: Any) -> tuple[int, str]:
    if not isinstance(result, CallToolResult):
        return 1, "unexpected result"
    text = "\n".join(b.text for b in result.content if isinstance(b, TextContent))
    return (1 if result.is_error else 0), text


def call(server: MCPServer, name: str, raw_arguments: str) -> int:
    """Run tool `name` with the JSON object `raw_arguments`; print its text; 0 unless it failed."""
    try:
        arguments = json.loads(raw_arguments or "{}")
    except ValueError as exc:
        print(f"llm-brief mcp --call: --args is not JSON: {exc}", file=sys.stderr)
        return 2
    if not isinstance(arguments, dict):
        print("llm-brief mcp --call: --args must be a JSON object", file=sys.stderr)
        return 2
    code, text = anyio.run(_call, server, name, arguments)
    (sys.stdout if code == 0 else sys.stderr).write(text + "\n")
    return code
