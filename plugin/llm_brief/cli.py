"""The `llm-brief` command: `report` (rebuild from a journal), `merge`, `run` (wrap an app), `lsp`, `mcp`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from llm_brief import __version__
from llm_brief.config import settings_for
from llm_brief.core.settings import ConfigError


def _report(args: argparse.Namespace) -> int:
    from llm_brief.core.render.terminal import summary_lines
    from llm_brief.output.rebuild import NoJournal, rebuild

    target = Path(args.dir).resolve()
    root = Path.cwd()
    cli: dict[str, object] = {}
    if args.budget is not None:
        cli["budget"] = args.budget
    try:
        settings = settings_for(root / "pyproject.toml", cli)
        published = rebuild(target, settings)
    except (ConfigError, NoJournal) as exc:
        print(f"llm-brief report: {exc}", file=sys.stderr)
        return 2
    for line in summary_lines(published.dashboard, str(published.briefing_path)):
        print(line)
    return 0


def _merge(args: argparse.Namespace) -> int:
    import os

    from llm_brief.core.render.terminal import summary_lines
    from llm_brief.output.ci import publish_ci
    from llm_brief.output.merged import NothingToMerge, find_dashboards, write_merged

    # relative to here: the merged runs' roots were on other machines
    cli: dict[str, object] = {"sarif": str(Path(args.sarif).resolve())} if args.sarif else {}
    try:
        settings = settings_for(Path.cwd() / "pyproject.toml", cli)
        published = write_merged(find_dashboards(args.targets), Path(args.out).resolve(), settings)
    except (ConfigError, NothingToMerge) as exc:
        print(f"llm-brief merge: {exc}", file=sys.stderr)
        return 2
    publish_ci(published, settings, os.environ, sys.stdout)
    for line in summary_lines(published.dashboard, str(published.briefing_path)):
        print(line)
    return 0


def _lsp(argv: list[str]) -> int:
    try:
        from llm_brief_lsp.__main__ import main as lsp_main
    except ImportError as exc:
        print(
            f"llm-brief lsp: the language server needs pygls ({exc}); "
            "install it with: pip install 'llm-brief[lsp]'",
            file=sys.stderr,
        )
        return 2
    return lsp_main(argv)


def _mcp(argv: list[str]) -> int:
    from llm_brief.mcp.server import main as mcp_main

    return mcp_main(argv)


def _run(argv: list[str]) -> int:
    from llm_brief.launcher.cli import main as run_main

    return run_main(argv)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (subcommands report, merge, run, lsp, mcp)."""
    parser = argparse.ArgumentParser(
        prog="llm-brief",
        description="Briefings for coding agents from test runs and app launches.",
    )
    parser.add_argument("--version", action="version", version=f"llm-brief {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser(
        "report", help="rebuild dashboard.json and briefing.md from the journal"
    )
    report.add_argument(
        "dir", nargs="?", default=".llm-brief", help="output directory or journal file"
    )
    report.add_argument("--budget", type=int, help="token budget of briefing.md")
    merge = sub.add_parser(
        "merge", help="merge the dashboards of shards and matrix entries into one briefing"
    )
    merge.add_argument("targets", nargs="+", type=Path, help="output directories or dashboards")
    merge.add_argument("--out", default=".llm-brief", help="where to write (default .llm-brief)")
    merge.add_argument("--sarif", help="also write the merged SARIF 2.1.0 log there")
    sub.add_parser(
        "run",
        help="run a command and brief on it: llm-brief run [options] -- CMD ...",
        add_help=False,
    )
    sub.add_parser(
        "lsp", help="start the language server (stdio; --tcp for debugging)", add_help=False
    )
    sub.add_parser(
        "mcp", help="start the MCP server for agents (stdio; --http for debugging)", add_help=False
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] == "run":
        return _run(args_list[1:])
    if args_list and args_list[0] == "lsp":
        return _lsp(args_list[1:])
    if args_list and args_list[0] == "mcp":
        return _mcp(args_list[1:])
    args = build_parser().parse_args(args_list)
    if args.command == "report":
        return _report(args)
    if args.command == "merge":
        return _merge(args)
    return 2  # pragma: no cover - argparse enforces a subcommand


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
