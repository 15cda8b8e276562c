"""The MCP server (official `mcp` SDK): tools, the two files as resources, a fix-the-tests prompt.

It serves one workspace: the folder it starts in, or `--root`. stdio by default (what agents
launch); `--http` serves streamable HTTP on loopback only, for debugging with an inspector.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from mcp.server.mcpserver import MCPServer, UserMessage
from mcp.server.mcpserver.exceptions import ResourceError
from mcp_types import EmbeddedResource, TextResourceContents, ToolAnnotations

from llm_brief import __version__
from llm_brief.core.settings import ConfigError
from llm_brief.mcp.clients import CLIENTS, config
from llm_brief.mcp.tools import Tools
from llm_brief.mcp.workspace import Workspace, WorkspaceError

BRIEFING_URI = "llm-brief://briefing.md"
DASHBOARD_URI = "llm-brief://dashboard.json"
INSTRUCTIONS = (
    "llm-brief knows what the last test run (or app launch) in this workspace found, one issue per "
    "root cause. Call `brief` first, `issue` for one cause's evidence, fix it, then `run_tests` "
    "with that issue to see it reported fixed. Never parse a pytest terminal for this."
)
_READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)


def build_server(workspace: Workspace) -> MCPServer:
    """The server for `workspace`, with every tool, resource and prompt registered."""
    server: MCPServer = MCPServer(
        name="llm-brief", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING"
    )
    tools = Tools(workspace)
    for fn in (tools.brief, tools.issue, tools.logs, tools.app):
        server.add_tool(fn, annotations=_READ_ONLY)
    server.add_tool(
        tools.run_tests,
        annotations=ToolAnnotations(
            read_only_hint=False, destructive_hint=False, open_world_hint=False
        ),
    )

    def read(path: Path) -> str:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ResourceError(
                f"{workspace.shown(path)}: {exc.strerror}; run the tests first"
            ) from None
        return workspace.redactor.redact(text)

    def briefing() -> str:
        return read(workspace.briefing_path)

    def dashboard() -> str:
        text = read(workspace.dashboard_path)
        with contextlib.suppress(ValueError):
            return json.dumps(workspace.redactor.redact_json(json.loads(text)), indent=1)
        return text

    for uri, reader, mime, description in (
        (BRIEFING_URI, briefing, "text/markdown", "The last run's briefing: verdict and causes"),
        (DASHBOARD_URI, dashboard, "application/json", "The last run's full dashboard (JSON)"),
    ):
        server.resource(uri, name=uri.rsplit("/", 1)[-1], mime_type=mime, description=description)(
            reader
        )

    @server.prompt(
        name="fix_failing_tests",
        title="Fix the failing tests",
        description="Fix the root causes of the last run, most severe first",
    )
    def fix_failing_tests() -> list[UserMessage]:
        try:
            text = read(workspace.briefing_path)
        except ResourceError as exc:
            text = str(exc)
        embedded = EmbeddedResource(
            type="resource",
            resource=TextResourceContents(uri=BRIEFING_URI, mime_type="text/markdown", text=text),
        )
        return [
            UserMessage(
                "The tests in this workspace fail. The briefing below lists each root cause once. "
                "Fix them most severe first: for each, call the `issue` tool for its evidence, change "
                "the code (not the tests, unless a test is wrong), then call `run_tests` with "
                "`issue=<id>` and go on when it is reported fixed. Read "
                f"{DASHBOARD_URI} only if you need more than `issue` gives."
            ),
            UserMessage(embedded),
        ]

    return server


def build_parser() -> argparse.ArgumentParser:
    """Options of `llm-brief mcp`."""
    parser = argparse.ArgumentParser(prog="llm-brief mcp", description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=".", help="the workspace to serve (default: here)")
    parser.add_argument("--http", action="store_true", help="serve streamable HTTP on loopback")
    parser.add_argument("--port", type=int, default=8765, help="port for --http (default 8765)")
    parser.add_argument("--call", metavar="TOOL", help="call one tool, print its text and exit")
    parser.add_argument("--args", default="{}", help="the --call tool's arguments (JSON object)")
    parser.add_argument(
        "--print-config",
        metavar="CLIENT",
        choices=CLIENTS,
        help=f"print the set-up snippet of a client ({', '.join(CLIENTS)}) and exit",
    )
    return parser


def main(argv: list[str]) -> int:
    """Entry point of `llm-brief mcp`."""
    args = build_parser().parse_args(argv)
    if args.print_config:
        sys.stdout.write(config(args.print_config))
        return 0
    root = Path(args.root)
    if not root.is_dir():
        print(f"llm-brief mcp: --root {root} is not a directory", file=sys.stderr)
        return 2
    try:
        workspace = Workspace(root)
    except ConfigError as exc:
        print(f"llm-brief mcp: {exc}", file=sys.stderr)
        return 2
    # Read the dashboard and compile the redactor's patterns now, so that the agent's first
    # `brief` pays for neither (1-2 s and about 0.3 s on a 10,000-issue dashboard).
    with contextlib.suppress(WorkspaceError):
        workspace.snapshot()
    workspace.redactor.redact_json({"warm": "up"})
    server = build_server(workspace)
    if args.call:
        from llm_brief.mcp.call import call

        return call(server, args.call, args.args)
    if args.http:
        server.run("streamable-http", host="127.0.0.1", port=args.port)
    else:
        server.run("stdio")
    return 0
