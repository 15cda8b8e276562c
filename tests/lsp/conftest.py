"""Fixtures for the language server's tests: a real server over stdio and a recording client.

Tests build a workspace of real files in `tmp_path`, write dashboards from the model, and wait on
the server's notifications with timeouts (never sleeps). Helpers live in `lsp_support`.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsp_support import (
    APP_FILES,
    RecordingClient,
    Workspace,
    make_client,
    server_command,
    server_env,
)
from pytest_lsp import ClientServerConfig

SHUTDOWN_S = 10.0


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=server_command(), client_factory=make_client, server_env=server_env()
    )
)
async def client(lsp_client: RecordingClient) -> Any:
    """A started (not yet initialized) server; tests initialize it with `start(...)`."""
    yield
    try:
        await asyncio.wait_for(lsp_client.shutdown_session(), SHUTDOWN_S)
    finally:
        # pytest-lsp then waits for the server to exit without ending it; a test that failed
        # before `initialize` (or a server that did not answer) would hang there. End of input
        # makes the server exit in every case.
        writer = lsp_client.protocol.writer
        if writer is not None:
            writer.close()


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "proj"
    for rel, content in APP_FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return Workspace(root)
