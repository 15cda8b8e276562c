"""Arguments of `llm-brief run [options] -- CMD [ARGS...]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from llm_brief.config import settings_for
from llm_brief.core.settings import ConfigError
from llm_brief.core.vocabulary import LEVELS


def build_parser() -> argparse.ArgumentParser:
    """The parser of the options before `--`."""
    parser = argparse.ArgumentParser(
        prog="llm-brief run",
        usage="llm-brief run [options] -- CMD [ARGS...]",
        description="Run CMD as usual (output, colours, stdin and signals unchanged) and write "
        ".llm-brief/briefing.md and dashboard.json about it, live while it runs.",
    )
    parser.add_argument("--dir", metavar="DIR", help="output directory (default .llm-brief)")
    parser.add_argument("--budget", type=int, metavar="TOKENS", help="token budget of briefing.md")
    parser.add_argument("--log-level", choices=LEVELS, help="lowest log level captured")
    parser.add_argument(
        "--no-live",
        action="store_true",
        help="write the briefing at exit only (journal still live)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print no summary after the command ends"
    )
    parser.add_argument(
        "--pipes",
        action="store_true",
        help="give the command pipes even when the terminal is a tty (no pseudo-terminal)",
    )
    return parser


def split(argv: list[str]) -> tuple[list[str], list[str]]:
    """(options, command): everything after the first `--`, else from the first non-option."""
    if "--" in argv:
        at = argv.index("--")
        return argv[:at], argv[at + 1 :]
    for i, arg in enumerate(argv):
        if not arg.startswith("-"):
            previous = argv[i - 1] if i else ""
            if previous in ("--dir", "--budget", "--log-level"):
                continue
            return argv[:i], argv[i:]
    return argv, []


def main(argv: list[str]) -> int:
    """Entry point of `llm-brief run`; returns the command's exit status (128+N for a signal)."""
    options, command = split(argv)
    parser = build_parser()
    args = parser.parse_args(options)
    if not command:
        parser.print_usage(sys.stderr)
        print("llm-brief run: error: no command given after --", file=sys.stderr)
        return 2
    root = Path.cwd()
    cli: dict[str, Any] = {}
    if args.dir is not None:
        cli["output_dir"] = args.dir
    if args.budget is not None:
        cli["budget"] = args.budget
    if args.log_level is not None:
        cli["log_level"] = args.log_level
    if args.quiet:
        cli["terminal"] = "off"
    try:
        settings = settings_for(root / "pyproject.toml", cli)
    except ConfigError as exc:
        print(f"llm-brief run: {exc}", file=sys.stderr)
        return 2
    output_dir = settings.output_path(root)
    from llm_brief.launcher.run import launch

    return launch(
        command, settings, root, output_dir, live=not args.no_live, force_pipes=args.pipes
    )
