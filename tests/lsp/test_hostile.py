"""Hostile dashboards: a FIFO, a link to /dev/zero, 100,000-deep JSON, a 5 MB title.

Each runs the real server over stdio and holds it to the same bar: its peak resident memory
stays under 200 MB, it answers `shutdown` within a second and exits on `exit`, and the user sees
exactly one message saying what is wrong with the file.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import psutil
import pytest
import pytest_lsp
from lsp_support import (
    RecordingClient,
    Workspace,
    capabilities,
    diagnostics_at,
    make_client,
    make_dashboard,
    make_issue,
    published_uri,
    server_command,
    server_env,
    start,
)
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from llm_brief.core.codec import to_json
from llm_brief.core.model import LogEntry

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc"),
]

MAX_RSS_MB = 200
SHUTDOWN_S = 1.0
EXIT_S = 5.0
MESSAGE_S = 10.0
WARNING = types.MessageType.Warning


def the_server() -> psutil.Process:
    """The language server this test started (a child of the test process)."""
    [server] = [p for p in psutil.Process().children() if "llm_brief_lsp" in " ".join(p.cmdline())]
    return server


def peak_rss_mb(server: psutil.Process) -> float:
    """The server's peak resident set size so far (VmHWM), in MB."""
    status = Path(f"/proc/{server.pid}/status").read_text()
    [line] = [line for line in status.splitlines() if line.startswith("VmHWM:")]
    return int(line.split()[1]) / 1024


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=server_command(), client_factory=make_client, server_env=server_env()
    )
)
async def hostile(lsp_client: RecordingClient) -> AsyncIterator[None]:
    """A server that each test shuts down itself; one that does not exit is ended here."""
    server = the_server()
    yield
    if server.is_running():
        with contextlib.suppress(Exception):  # a server that hangs is dealt with below
            await asyncio.wait_for(lsp_client.shutdown_session(), EXIT_S)
    writer = lsp_client.protocol.writer
    if writer is not None:
        writer.close()
    try:
        await asyncio.to_thread(server.wait, EXIT_S)
    except psutil.TimeoutExpired:
        server.kill()  # the server before the fix ignored `exit` on a FIFO


async def check_bounded(client: RecordingClient, workspace: Workspace) -> str:
    """Start on the hostile dashboard; assert the four bounds; return the one message shown."""
    server = the_server()
    await start(client, workspace, capabilities(watched_files=False))
    await client.wait_for(lambda: client.shown(), MESSAGE_S)
    # A request round trip: anything the reload was still going to show has been sent by then.
    await client.protocol.send_request_async("llmBrief/getStatus", {})
    assert peak_rss_mb(server) < MAX_RSS_MB
    [message] = client.shown()
    await asyncio.wait_for(client.shutdown_async(None), SHUTDOWN_S)
    client.exit(None)
    await asyncio.to_thread(server.wait, EXIT_S)
    return message


def dashboard_at(workspace: Workspace, make: Callable[[Path], None]) -> Path:
    path = workspace.dashboard_path
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)
    return path


async def test_dashboard_linked_to_dev_zero(hostile: RecordingClient, workspace: Workspace):
    dashboard_at(workspace, lambda path: path.symlink_to("/dev/zero"))
    message = await check_bounded(hostile, workspace)
    assert "a link to /dev/zero" in message
    assert "is a character device, not a regular file" in message
    assert "pytest --llm-brief" in message
    assert hostile.statuses[-1]["exists"] is True


async def test_dashboard_that_is_a_fifo(hostile: RecordingClient, workspace: Workspace):
    dashboard_at(workspace, lambda path: os.mkfifo(path))
    message = await check_bounded(hostile, workspace)
    assert "is a FIFO (named pipe), not a regular file" in message


async def test_dashboard_nested_100k_deep(hostile: RecordingClient, workspace: Workspace):
    depth = 100_000
    dashboard_at(workspace, lambda path: path.write_text("[" * depth + "]" * depth))
    message = await check_bounded(hostile, workspace)
    assert "nests JSON more than 64 levels deep" in message
    assert hostile.statuses[-1]["exists"] is True


async def test_dashboard_with_a_5_mb_title(hostile: RecordingClient, workspace: Workspace):
    title = "OperationalError: " + "x" * 5_000_000
    dashboard = make_dashboard(workspace.root, [make_issue("db-1", "app/db.py", 6, title=title)])
    dashboard_at(workspace, lambda path: path.write_text(json.dumps(to_json(dashboard))))
    message = await check_bounded(hostile, workspace)
    assert "issues[0].title is 5,000,018 characters long" in message
    [diagnostic] = diagnostics_at(hostile, workspace, "app/db.py")
    assert len(diagnostic.message) < 400
    assert diagnostic.message.startswith("[db] OperationalError: xxx")


async def test_hover_of_5_mb_texts_is_capped(client: RecordingClient, workspace: Workspace):
    huge = "y" * 1_000_000
    line = "z" * 100_000
    logs = tuple(LogEntry("ERROR", "app.db", "t", line, "app/db.py", 6, 1) for _ in range(20))
    issue = make_issue("db-1", "app/db.py", 6, title="OperationalError: short", logs=logs)
    data = to_json(make_dashboard(workspace.root, [issue]))
    data["issues"][0].update(message=huge, suggestion=huge, rerun=f"pytest {huge}")
    workspace.write_text(json.dumps(data))
    await start(client, workspace)
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(
                uri=published_uri(client, workspace, "app/db.py")
            ),
            position=types.Position(line=5, character=0),
        )
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert 1_000 < len(hover.contents.value) < 20_000


async def test_a_read_past_the_time_limit_is_given_up(
    client: RecordingClient, workspace: Workspace
):
    issues = [make_issue(f"db-{i}", "app/db.py", 1 + i % 10) for i in range(3_000)]
    workspace.write(make_dashboard(workspace.root, issues))
    await start(client, workspace, capabilities(watched_files=False), {"readTimeoutSeconds": 0.001})
    await client.wait_for(lambda: client.shown(WARNING))
    [message] = client.shown(WARNING)
    assert "took longer than 0.001 s, so it was given up" in message
    assert "llmBrief.readTimeoutSeconds" in message
    assert client.statuses[-1]["exists"] is True
