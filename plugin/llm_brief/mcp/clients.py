"""`llm-brief mcp --print-config CLIENT`: the one-line or one-file set-up of each MCP client."""

from __future__ import annotations

import json
import shlex

CLIENTS = ("claude", "cursor", "vscode", "generic")
NAME = "llm-brief"


def _entry(command: str, args: list[str]) -> dict[str, object]:
    return {"command": command, "args": args}


def config(client: str, command: str = "llm-brief") -> str:
    """The snippet for `client`: what to run or which file to write, then its content."""
    args = ["mcp"]
    if client == "claude":
        project = json.dumps({"mcpServers": {NAME: _entry(command, args)}}, indent=2)
        line = shlex.join(["claude", "mcp", "add", NAME, "--", command, *args])
        return f"# run once in the project:\n{line}\n# or commit .mcp.json:\n{project}\n"
    if client == "cursor":
        body = json.dumps({"mcpServers": {NAME: _entry(command, args)}}, indent=2)
        return f"# .cursor/mcp.json\n{body}\n"
    if client == "vscode":
        entry = {"type": "stdio", **_entry(command, [*args, "--root", "${workspaceFolder}"])}
        body = json.dumps({"servers": {NAME: entry}}, indent=2)
        return (
            f"# .vscode/mcp.json (the LLM Brief extension registers it without this file)\n{body}\n"
        )
    if client == "generic":
        body = json.dumps(
            {"mcpServers": {NAME: {"type": "stdio", **_entry(command, args)}}}, indent=2
        )
        return (
            f"# any stdio MCP client; start it in the project folder (or add --root DIR)\n{body}\n"
        )
    raise ValueError(f"unknown client {client!r}; one of: {', '.join(CLIENTS)}")
