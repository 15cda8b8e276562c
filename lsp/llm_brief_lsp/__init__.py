"""llm-brief's language server: a run's issues as diagnostics, hovers and code actions in the editor.

Start it with `python -m llm_brief_lsp` or `llm-brief lsp`. It reads the core's dashboard
(`llm_brief.core.model`); the core never imports this package.
"""

from __future__ import annotations

__all__ = ["SERVER_NAME", "server_version"]

SERVER_NAME = "llm-brief"


def server_version() -> str:
    """The installed llm-brief distribution's version, or "0" when running from a bare checkout."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("llm-brief")
    except PackageNotFoundError:
        return "0"
