"""Assembling the server: the state object with every handler attached."""

from __future__ import annotations

from llm_brief_lsp import commands, features, lifecycle
from llm_brief_lsp.server import LlmBriefServer


def build_server() -> LlmBriefServer:
    """A new server with the session, document and command handlers registered."""
    server = LlmBriefServer()
    lifecycle.register(server)
    features.register(server)
    commands.register(server)
    return server
