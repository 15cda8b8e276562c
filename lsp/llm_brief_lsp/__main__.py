"""`python -m llm_brief_lsp` / `llm-brief lsp`: start the language server on stdio or TCP.

pygls and lsprotocol are imported only once the command line is read, so a broken or partial
install gets the same install hint as `llm-brief lsp`, not a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 2087
# The server's own dependencies and theirs: a missing one means a broken install, not a bug.
DEPENDENCIES = frozenset({"pygls", "lsprotocol", "cattrs", "attrs"})


def install_hint(exc: ImportError) -> str:
    """What to tell the user when a dependency of the server cannot be imported."""
    return (
        f"llm-brief lsp: the language server needs pygls ({exc}); "
        "install it with: pip install 'llm-brief[lsp]'"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line: transport and log file."""
    parser = argparse.ArgumentParser(
        prog="llm-brief lsp",
        description="llm-brief's language server: a run's issues as editor diagnostics.",
    )
    transport = parser.add_mutually_exclusive_group()
    transport.add_argument(
        "--stdio", action="store_true", help="talk over stdin/stdout (the default)"
    )
    transport.add_argument("--tcp", action="store_true", help="listen on TCP, for debugging")
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"TCP host (default {DEFAULT_HOST})")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT})"
    )
    parser.add_argument("--log-file", help="write the server's log here (default: stderr)")
    return parser.parse_args(argv)


def configure_logging(log_file: str | None) -> None:
    """Our log at INFO; pygls's at WARNING, since at INFO it logs every message body in full."""
    handler: logging.Handler = (
        logging.FileHandler(log_file, encoding="utf-8") if log_file else logging.StreamHandler()
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("llm_brief_lsp").setLevel(logging.INFO if log_file else logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    """Run the server until the client exits; returns the process exit code."""
    args = parse_args(argv)
    try:
        from llm_brief_lsp.app import build_server
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in DEPENDENCIES:
            raise
        print(install_hint(exc), file=sys.stderr)
        return 2
    configure_logging(args.log_file)
    server = build_server()
    if args.tcp:
        server.start_tcp(args.host, args.port)
    else:
        server.start_io()
    return 0


if __name__ == "__main__":
    sys.exit(main())
