"""How fast and how short the MCP server's `brief` is on a 10,000-issue dashboard.

Starts the real server (`python -m llm_brief.cli mcp`) and talks to it with the `mcp` SDK's own
client over stdio, as an agent does. Figures:

- `start_s`: from spawning the server to an answered `initialize` (it reads the dashboard then);
- `first_brief_s`, `brief_s` (median), `brief_max_s`: `brief` round trips, against `BUDGET_S`
  (the first after the `tools/list` a client sends, with the client's own `jsonschema` imported);
- `brief_tokens` against `terminal_tokens` (cl100k): the tool's text against the compact terminal
  summary of the same dashboard (`llm_brief.core.render.terminal.summary_lines`), within 10%.

The baseline, measured in the same run, is rendering that terminal summary in this process.
Run: `python benchmarks/mcp_brief.py [--rounds N]`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp_types import TextContent

from llm_brief.core.codec import to_json
from llm_brief.core.render.terminal import summary_lines
from lsp_publish import make_dashboard, make_workspace
from tokens import _encoders, count

ISSUES = 10_000
FILES = 200
BUDGET_S = 0.1
TOKEN_TOLERANCE = 0.10
REPO = Path(__file__).resolve().parent.parent


async def _serve(root: Path, rounds: int) -> dict[str, Any]:
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "llm_brief.cli", "mcp", "--root", str(root)], cwd=root
    )
    # The Python client validates structured content with `jsonschema`, imported on its first
    # validation (about 50 ms): a cost of this client, not of the server, and none at all for a
    # Node client, so it is paid before the clock starts, as is the `tools/list` every client
    # sends after `initialize` (the client needs it to know the output schemas).
    import jsonschema  # noqa: F401
    import referencing.exceptions  # noqa: F401

    began = time.perf_counter()
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        start_s = time.perf_counter() - began
        await session.list_tools()
        times, text = [], ""
        for _ in range(rounds + 1):
            t0 = time.perf_counter()
            result = await session.call_tool("brief", {})
            times.append(time.perf_counter() - t0)
            assert not result.is_error
            text = "".join(b.text for b in result.content if isinstance(b, TextContent))
    return {"start_s": start_s, "first": times[0], "times": times[1:], "text": text}


def _terminal_text(root: Path) -> tuple[str, float]:
    """The compact terminal summary of the dashboard in `root`, and its render time here."""
    from llm_brief.mcp.workspace import Workspace

    dashboard = Workspace(root).snapshot().dashboard
    t0 = time.perf_counter()
    lines = summary_lines(dashboard, ".llm-brief/briefing.md")
    return "\n".join(lines), time.perf_counter() - t0


def _tradebot(tmp: Path) -> Path:
    """The example after a real `pytest --llm-brief`: a run-sized dashboard."""
    root = tmp / "tradebot"
    shutil.copytree(
        REPO / "examples" / "tradebot", root, ignore=shutil.ignore_patterns(".llm-brief")
    )
    subprocess.run(
        [sys.executable, "-m", "pytest", "--llm-brief", "-q", "-p", "no:cacheprovider"],
        cwd=root,
        capture_output=True,
        timeout=300,
        check=False,
    )
    return root


def _measure(root: Path, rounds: int, encoders: dict[str, Any]) -> dict[str, Any]:
    served = anyio.run(_serve, root, rounds)
    terminal, render_s = _terminal_text(root)
    brief_tokens = count(served["text"], encoders)["cl100k_base"]
    terminal_tokens = count(terminal, encoders)["cl100k_base"]
    median = statistics.median(served["times"])
    return {
        "start_s": served["start_s"],
        "first_brief_s": served["first"],
        "brief_s": median,
        "brief_max_s": max(served["times"]),
        # every call, the first after start included, not only the median
        "within_budget": max(served["first"], *served["times"]) <= BUDGET_S,
        "baseline_terminal_render_s": render_s,
        "brief_tokens": brief_tokens,
        "terminal_tokens": terminal_tokens,
        "token_ratio": brief_tokens / terminal_tokens,
        "tokens_within_10pct": abs(brief_tokens / terminal_tokens - 1) <= TOKEN_TOLERANCE,
    }


def run(rounds: int = 20, issues: int = ISSUES) -> dict[str, Any]:
    """Measure and return the figures, for `benchmarks/run.py` and the command line."""
    encoders = _encoders()
    with tempfile.TemporaryDirectory(prefix="llm-brief-mcp-bench-") as tmp:
        big = Path(tmp) / "big"
        paths = make_workspace(big, FILES)
        dashboard = to_json(make_dashboard(big, paths, 0, issues))
        (big / ".llm-brief").mkdir()
        (big / ".llm-brief" / "dashboard.json").write_text(json.dumps(dashboard), "utf-8")
        results = {"issues": issues, "rounds": rounds, "budget_s": BUDGET_S}
        results["big"] = _measure(big, rounds, encoders)
        results["tradebot"] = _measure(_tradebot(Path(tmp)), rounds, encoders)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--issues", type=int, default=ISSUES)
    args = parser.parse_args()
    print(json.dumps(run(args.rounds, args.issues), indent=1))


if __name__ == "__main__":
    main()
