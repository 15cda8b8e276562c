"""The `app` tool on a real `llm-brief run` launch, `--print-config` snippets, and `--http`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import anyio
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp_session import brief_run, call_data, mcp_cli, served, text_of

LIVE_TIMEOUT_S = 30.0


def test_app_shows_a_running_launch_then_what_is_new_at_its_end(tradebot: Path) -> None:
    bot_dir = tradebot  # the whole example: its tests, and bot.py with worker.py
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLM_BRIEF")}
    launch = subprocess.Popen(
        [sys.executable, "-m", "llm_brief.cli", "run", "--", sys.executable, "bot.py"],
        cwd=bot_dir,
        env={**env, "BOT_SLEEP": "6"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    async def poll_app(
        session: ClientSession, want_running: bool, since: str = "", component: str = ""
    ) -> dict[str, Any]:
        # Polling with a deadline: the event is the launch's dashboard reaching the wanted state
        # (and, live, showing `component`: a loaded machine may publish before the bot logs).
        with anyio.fail_after(LIVE_TIMEOUT_S):
            while True:
                result = await session.call_tool("app", {"since": since})
                data = {} if result.is_error else call_data(result)
                names = {c["name"] for c in data.get("components", [])}
                if data.get("running") is want_running and (not component or component in names):
                    return data | {"text": text_of(result)}
                await anyio.sleep(0.1)

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        async with served(bot_dir) as session:
            live = await poll_app(session, want_running=True, component="tradebot.websocket")
            assert launch.poll() is None, "the launch had ended before its live state was seen"
            since = str(time.time())
            launch.wait(timeout=60)
            final = await poll_app(session, want_running=False, since=since)
            return live, final

    try:
        live, final = anyio.run(scenario)
    finally:
        if launch.poll() is None:
            launch.kill()
        launch.wait(timeout=10)
    assert live["command"][-1] == "bot.py"
    components = {c["name"]: c["status"] for c in live["components"]}
    assert components["tradebot.websocket"] == "WARNING"
    assert "running (live snapshot)" in live["text"]
    new = {i["title"].split(":")[0] for i in final["new_issues"]}
    assert {"ZeroDivisionError", "TimeoutError"} <= new
    assert final["health"] == "CRITICAL"  # the bot crashed


def test_print_config_for_each_client() -> None:
    def snippet(client: str) -> str:
        done = mcp_cli("--print-config", client)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def body(text: str) -> Any:
        return json.loads(text[text.index("{") :])

    claude = snippet("claude")
    assert "claude mcp add llm-brief -- llm-brief mcp" in claude
    assert body(claude) == {"mcpServers": {"llm-brief": {"command": "llm-brief", "args": ["mcp"]}}}
    assert snippet("cursor").startswith("# .cursor/mcp.json")
    assert body(snippet("cursor"))["mcpServers"]["llm-brief"]["args"] == ["mcp"]
    vscode = body(snippet("vscode"))["servers"]["llm-brief"]
    assert vscode == {
        "type": "stdio",
        "command": "llm-brief",
        "args": ["mcp", "--root", "${workspaceFolder}"],
    }
    assert body(snippet("generic"))["mcpServers"]["llm-brief"]["type"] == "stdio"
    bad = mcp_cli("--print-config", "emacs")
    assert bad.returncode == 2
    assert "invalid choice: 'emacs'" in bad.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_http_on_loopback_serves_the_same_tools(tmp_path: Path) -> None:
    (tmp_path / "test_ok.py").write_text("def test_ok():\n    pass\n")
    brief_run(tmp_path)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llm_brief.cli",
            "mcp",
            "--http",
            "--port",
            str(port),
            "--root",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

    async def scenario() -> str:
        # Polling with a deadline: the event is the server's socket accepting connections.
        with anyio.fail_after(LIVE_TIMEOUT_S):
            while True:
                try:
                    await (await anyio.connect_tcp("127.0.0.1", port)).aclose()
                    break
                except OSError:
                    assert server.poll() is None, server.stderr.read() if server.stderr else ""
                    await anyio.sleep(0.1)
        url = f"http://127.0.0.1:{port}/mcp"
        async with (
            streamable_http_client(url) as (read, write),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            return text_of(await session.call_tool("brief", {}))

    try:
        text = anyio.run(scenario)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "PASSED · 1 passed in " in text
