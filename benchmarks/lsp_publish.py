"""How fast the language server republishes a big dashboard: 10,000 issues across 1,000 files.

Starts the real server (`python -m llm_brief_lsp`) over stdio in a temporary workspace of real
files, then alternates between two dashboards whose every diagnostic differs, and measures from
the dashboard change to the last `textDocument/publishDiagnostics` of the reload:

- `publish_s`: the client reports the change (`workspace/didChangeWatchedFiles`), as VS Code does;
- `poll_reload_s`: a client that sends no file events (the server polls), from the atomic rename;
- `server_cpu_s`: the server process's CPU time per reload, which other load on the machine does
  not inflate the way it does wall-clock time;
- `small_reload_*_s`: the same two latencies for a run-sized dashboard (10 issues), against the
  300 ms reload budget.

The baseline, measured in the same run, is parsing the same dashboard with `json.loads` in this
process: the least any reader of the file pays. Run: `python benchmarks/lsp_publish.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from llm_brief.core.codec import to_json
from llm_brief.core.model import (
    Counts,
    Dashboard,
    Frame,
    Issue,
    Location,
    LogPattern,
    Run,
    TestLocation,
)

FILES = 1_000
ISSUES = 10_000
TEST_FILES = 100
LINES_PER_FILE = 40
BUDGET_S = 1.0
SMALL_BUDGET_S = 0.3
STATUS = "llmBrief/status"
PUBLISH = "textDocument/publishDiagnostics"


# -- the workspace --------------------------------------------------------------------------------


def make_workspace(root: Path, files: int = FILES) -> list[str]:
    """`files` Python modules (a tenth of them tests), some lines with non-ASCII text."""
    paths: list[str] = []
    for i in range(files):
        rel = f"tests/test_m{i:04d}.py" if i < files // 10 else f"app/pkg{i % 20:02d}/m{i:04d}.py"
        body = "\n".join(
            f"    value_{n} = compute('é→{n}')  # ligne {n}" if n % 7 == 0 else f"    x_{n} = {n}"
            for n in range(LINES_PER_FILE)
        )
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"def f():\n{body}\n", encoding="utf-8")
        paths.append(rel)
    return paths


def make_dashboard(root: Path, paths: list[str], shift: int, issues: int = ISSUES) -> Dashboard:
    """`issues` issues spread evenly over the app files, each failing two tests; `shift` moves
    every line so two dashboards differ in every diagnostic."""
    tests = [p for p in paths if p.startswith("tests/")]
    apps = [p for p in paths if not p.startswith("tests/")] or paths
    made: list[Issue] = []
    for n in range(issues):
        path = apps[n % len(apps)]
        line = 2 + (n // len(apps) + shift) % (LINES_PER_FILE - 2)
        test_path = tests[n % len(tests)] if tests else path
        nodeids = (f"{test_path}::test_{n}", f"{test_path}::test_{n}_b")
        made.append(
            Issue(
                id=f"i{n}",
                fingerprint=f"fp{n}",
                category="db",
                severity="error",
                title=f"OperationalError: no such table: t{n}",
                message=f"no such table: t{n}",
                count=2,
                tests=nodeids,
                location=Location(path, line, "f"),
                frames=(Frame(test_path, 3, "test", in_app=True), Frame(path, line, "f", True)),
                suggestion="Create the table first.",
                effort="15m",
                rerun="pytest " + " ".join(nodeids),
                status="new",
                test_locations=tuple(
                    TestLocation(nid, test_path, 2 + (n + k + shift) % (LINES_PER_FILE - 2))
                    for k, nid in enumerate(nodeids)
                ),
            )
        )
    patterns = tuple(
        LogPattern(f"retry {k} <*>", 5, "WARNING", "app", apps[k], 4 + shift, 0.0, 1.0, "retry")
        for k in range(min(100, len(apps)))
    )
    return Dashboard(
        run=Run(
            "pytest", ("pytest",), str(root), "2025-01-01T00:00:00Z", 1.0, 1, "failed", Counts()
        ),
        health="ERROR",
        issues=tuple(made),
        log_patterns=patterns,
        tool={"name": "llm-brief", "version": "bench"},
    )


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# -- a minimal JSON-RPC client (so the client's own parsing does not dominate the figure) --------


class RawClient:
    """Frames JSON-RPC over the server's stdio; answers server requests with null."""

    def __init__(self, on_notification: Callable[[str, Any], None]) -> None:
        self._on_notification = on_notification
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None

    @property
    def cpu_s(self) -> float:
        """The server process's user + system CPU time so far."""
        assert self._process is not None
        times = psutil.Process(self._process.pid).cpu_times()
        return float(times.user + times.system)

    async def start(self, *cmd: str) -> None:
        self._process = await asyncio.create_subprocess_exec(
            *cmd,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            limit=2**26,
        )
        self._reader = asyncio.get_running_loop().create_task(self._read())

    def _send(self, message: dict[str, Any]) -> None:
        assert self._process is not None
        assert self._process.stdin is not None
        body = json.dumps(message).encode()
        self._process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    async def request(self, method: str, params: Any) -> Any:
        msg_id = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[msg_id] = future
        self._send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        return await future

    async def _read(self) -> None:
        assert self._process is not None
        assert self._process.stdout is not None
        stdout = self._process.stdout
        while True:
            length = 0
            while (header := await stdout.readline()) not in (b"\r\n", b""):
                if header.lower().startswith(b"content-length:"):
                    length = int(header.split(b":")[1])
            if not header:
                return
            message = json.loads(await stdout.readexactly(length))
            if "method" in message and "id" in message:
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif "method" in message:
                self._on_notification(message["method"], message.get("params"))
            elif (future := self._pending.pop(message.get("id"), None)) is not None:
                future.set_result(message.get("result"))

    async def stop(self) -> None:
        await self.request("shutdown", None)
        self.notify("exit", None)
        if self._process is not None:
            await asyncio.wait_for(self._process.wait(), 10)
        if self._reader is not None:
            self._reader.cancel()


# -- measuring ------------------------------------------------------------------------------------


class Reloads:
    """Counts publishes and notes when the last one of a reload arrived (the status follows it)."""

    def __init__(self) -> None:
        self.publishes = 0
        self.diagnostics = 0
        self.last_publish = 0.0
        self.statuses = 0
        self.changed = asyncio.Event()

    def __call__(self, method: str, params: Any) -> None:
        if method == PUBLISH:
            self.publishes += 1
            self.diagnostics += len(params["diagnostics"])
            self.last_publish = time.perf_counter()
        elif method == STATUS:
            self.statuses += 1
            self.changed.set()

    async def next_status(self, seen: int, timeout: float = 60.0) -> None:
        while self.statuses <= seen:
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), timeout)


@dataclass
class Session:
    """One server's figures: wall time and server CPU per reload, diagnostics per reload."""

    wall_s: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)
    diagnostics: int = 0


async def _session(root: Path, texts: list[str], rounds: int, file_events: bool) -> Session:
    reloads = Reloads()
    client = RawClient(reloads)
    await client.start(sys.executable, "-m", "llm_brief_lsp")
    watched = {"dynamicRegistration": True, "relativePatternSupport": True} if file_events else None
    await client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": None,
            "capabilities": {"workspace": {"didChangeWatchedFiles": watched}} if watched else {},
            "workspaceFolders": [{"uri": root.as_uri(), "name": "bench"}],
        },
    )
    dashboard = root / ".llm-brief" / "dashboard.json"
    write_atomically(dashboard, texts[-1])
    client.notify("initialized", {})
    await reloads.next_status(0)
    session = Session()
    for n in range(rounds + 1):  # the first round warms up
        seen, publishes, diagnostics = reloads.statuses, reloads.publishes, reloads.diagnostics
        write_atomically(dashboard, texts[n % len(texts)])
        began, cpu_before = time.perf_counter(), client.cpu_s
        if file_events:
            event = {"uri": dashboard.as_uri(), "type": 2}
            client.notify("workspace/didChangeWatchedFiles", {"changes": [event]})
        await reloads.next_status(seen)
        if reloads.publishes == publishes:
            raise RuntimeError("the server published nothing for a changed dashboard")
        if n:
            session.wall_s.append(reloads.last_publish - began)
            session.cpu_s.append(client.cpu_s - cpu_before)
            session.diagnostics = reloads.diagnostics - diagnostics
    await client.stop()
    return session


def _measure(root: Path, files: int, issues: int, rounds: int) -> tuple[Session, Session, str]:
    paths = make_workspace(root, files)
    texts = [json.dumps(to_json(make_dashboard(root, paths, shift, issues))) for shift in (0, 1)]
    events = asyncio.run(_session(root, texts, rounds, file_events=True))
    polled = asyncio.run(_session(root, texts, rounds, file_events=False))
    return events, polled, texts[0]


def run(rounds: int = 5, files: int = FILES, issues: int = ISSUES) -> dict[str, Any]:
    """Measure and return the figures (medians in seconds) for a master benchmark script."""
    with tempfile.TemporaryDirectory(prefix="llm-brief-lsp-bench-") as tmp:
        small_events, small_polled, _ = _measure(Path(tmp) / "small", 10, 10, rounds)
        events, polled, text = _measure(Path(tmp) / "big", files, issues, rounds)
    parse = []
    for _ in range(rounds):
        began = time.perf_counter()
        json.loads(text)
        parse.append(time.perf_counter() - began)
    baseline = statistics.median(parse)
    median = statistics.median(events.wall_s)
    return {
        "files": files,
        "issues": issues,
        "diagnostics_per_reload": events.diagnostics,
        "rounds": rounds,
        "publish_s": median,
        "publish_min_s": min(events.wall_s),
        "publish_max_s": max(events.wall_s),
        "poll_reload_s": statistics.median(polled.wall_s),
        "server_cpu_s": statistics.median(events.cpu_s),
        "small_reload_event_s": statistics.median(small_events.wall_s),
        "small_reload_poll_s": statistics.median(small_polled.wall_s),
        "small_reload_budget_s": SMALL_BUDGET_S,
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "cpus": os.cpu_count(),
        "budget_s": BUDGET_S,
        "within_budget": median <= BUDGET_S,
        "baseline_json_parse_s": baseline,
        "ratio_to_baseline": median / baseline if baseline else None,
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--files", type=int, default=FILES)
    parser.add_argument("--issues", type=int, default=ISSUES)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    f = run(args.rounds, args.files, args.issues)
    if args.json:
        print(json.dumps(f, indent=2))
        return 0 if f["within_budget"] else 1
    load = f"load average {f['load_average']:.1f} on {f['cpus']} CPUs"
    print(
        f"{f['issues']} issues across {f['files']} files, {f['diagnostics_per_reload']} "
        f"diagnostics per reload; median of {f['rounds']} after a warm-up ({load}):\n"
        f"  change -> last publish, file event: {_ms(f['publish_s'])} "
        f"(min {_ms(f['publish_min_s'])}, max {_ms(f['publish_max_s'])}; "
        f"budget {_ms(BUDGET_S)})\n"
        f"  change -> last publish, polling:    {_ms(f['poll_reload_s'])}\n"
        f"  server CPU per reload:              {_ms(f['server_cpu_s'])}\n"
        f"  baseline json.loads of the file:    {_ms(f['baseline_json_parse_s'])} "
        f"(publish = {f['ratio_to_baseline']:.1f}x baseline)\n"
        f"10 issues across 10 files (budget {_ms(SMALL_BUDGET_S)}):\n"
        f"  change -> last publish, file event: {_ms(f['small_reload_event_s'])}\n"
        f"  change -> last publish, polling:    {_ms(f['small_reload_poll_s'])}"
    )
    return 0 if f["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())
