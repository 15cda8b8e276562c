"""What the MCP server answers about a run, for the harness to scan (`mcpscan`).

A real `llm-brief mcp` over stdio with the `mcp` SDK's own client: every resource it lists, the
`brief`, `logs` and `app` tools, and `issue` for every issue of the dashboard. Tools that run
something (`run_tests`) are left out: they would start a second run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import anyio
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

TIMEOUT_S = 60.0
_READ_ONLY = ("brief", "logs", "app")


def _text(result: object) -> str:
    content = getattr(result, "content", None) or getattr(result, "contents", None) or []
    texts = [getattr(block, "text", "") or "" for block in content]
    structured = getattr(result, "structured_content", None) or {}
    return "\n".join(texts) + json.dumps(structured, ensure_ascii=False)


async def _answers(folder: Path, env: dict[str, str]) -> str:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "llm_brief.cli", "mcp", "--root", str(folder)],
        cwd=folder,
        env=env,
    )
    issues = json.loads((folder / ".llm-brief" / "dashboard.json").read_text("utf-8"))["issues"]
    found: list[str] = []
    with anyio.fail_after(TIMEOUT_S):
        async with (
            stdio_client(params) as (read, write),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            names = {tool.name for tool in (await session.list_tools()).tools}
            for name in _READ_ONLY:
                if name in names:
                    found.append(_text(await session.call_tool(name, {})))
            for issue in issues:
                found.append(_text(await session.call_tool("issue", {"id": issue["id"]})))
            for resource in (await session.list_resources()).resources:
                found.append(_text(await session.read_resource(resource.uri)))
    return "\n".join(found)


def mcp_answers(folder: Path, env: dict[str, str]) -> str:
    """Everything the MCP server answered about `folder`'s last run."""
    return anyio.run(_answers, folder, env)
