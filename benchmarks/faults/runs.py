"""One case, three real pytest runs: plain, `--llm-brief` and `--receptor=llm`; their results as plain data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A hung suite must not hang the benchmark; the slowest pinned suite takes a few seconds.
TIMEOUT_S = 300


@dataclass(frozen=True)
class Found:
    """One root cause as a tool reported it, reduced to what the scores compare."""

    fingerprint: str
    path: str
    line: int
    function: str
    title: str
    tests: tuple[str, ...]
    frames: tuple[tuple[str, int, str], ...] = ()
    suspects: tuple[tuple[str, int, str], ...] = ()


@dataclass
class Variant:
    """What one pytest invocation produced."""

    exit_code: int
    seconds: float
    outcomes: dict[str, str] = field(default_factory=dict)
    issues: list[Found] = field(default_factory=list)


@dataclass
class CaseRun:
    """The three variants of one case."""

    plain: Variant
    brief: Variant
    receptor: Variant


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLM_BRIEF", "PYTEST_"))}
    # Restoring a file can leave the same size and second: never trust a bytecode cache here.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    return env


def _relative(root: Path, path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        with_root = p.resolve()
        if with_root.is_relative_to(root.resolve()):
            return with_root.relative_to(root.resolve()).as_posix()
    return p.as_posix()


def _outcomes(report_log: Path) -> dict[str, str]:
    """Per test, the outcome of each phase, from pytest-reportlog's JSON lines."""
    phases: dict[str, list[str]] = {}
    if not report_log.exists():
        return {}
    for line in report_log.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        kind = record.get("$report_type")
        if kind == "CollectReport" and record.get("outcome") == "failed":
            phases.setdefault(f"collect:{record['nodeid']}", []).append("failed")
        elif kind == "TestReport":
            outcome = record["outcome"] + ("(xfail)" if record.get("wasxfail") is not None else "")
            phases.setdefault(record["nodeid"], []).append(f"{record['when']}={outcome}")
    return {node: " ".join(p) for node, p in phases.items()}


def failing(outcomes: dict[str, str]) -> set[str]:
    """Tests with a failed phase (an xfail is not a failure)."""
    return {node for node, text in outcomes.items() if "failed" in text.replace("(xfail)", "")}


def _triples(items: Any, root: Path) -> tuple[tuple[str, int, str], ...]:
    out = []
    for item in items or ():
        if isinstance(item, dict) and "path" in item:
            out.append((_relative(root, str(item["path"])), int(item.get("line") or 0), str(item.get("function", ""))))
    return tuple(out)


def _brief_issues(dashboard: Path, root: Path) -> list[Found]:
    """llm-brief's issues from the dashboard contract (never from its Python API)."""
    if not dashboard.exists():
        return []
    data = json.loads(dashboard.read_text(encoding="utf-8"))
    found = []
    for issue in data.get("issues", []):
        loc = issue.get("location") or {}
        found.append(
            Found(
                fingerprint=str(issue.get("fingerprint", "")),
                path=_relative(root, str(loc.get("path", ""))),
                line=int(loc.get("line") or 0),
                function=str(loc.get("function", "")),
                title=str(issue.get("title", ""))[:160],
                tests=tuple(issue.get("tests", [])),
                frames=_triples(issue.get("frames"), root),
                # Issue 19's ranked suspects, when the dashboard grows them (path/line/function each).
                suspects=_triples(issue.get("suspects"), root),
            )
        )
    return found


def _receptor_issues(events: Path, root: Path) -> list[Found]:
    """pytest-receptor's root causes from its events file (schema pytest-receptor.events@1)."""
    if not events.exists():
        return []
    found = []
    for line in events.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("type") != "root_cause":
            continue
        path, _, lineno = str(record.get("location", "")).rpartition(":")
        if not lineno.isdigit():
            path, lineno = str(record.get("location", "")), "0"
        found.append(
            Found(
                fingerprint=str(record.get("fingerprint", "")),
                path=_relative(root, path),
                line=int(lineno),
                function="",
                title=str(record.get("exception_type", "")),
                tests=tuple(o.get("nodeid", "") for o in record.get("occurrences", [])),
            )
        )
    return found


def _pytest(python: Path, root: Path, tests: tuple[str, ...], extra: list[str]) -> tuple[int, float]:
    # The work copies live inside this repository: without an explicit rootdir and config file, a
    # project with no pytest section of its own would pick up this repository's pyproject.toml.
    config = ["--rootdir", str(root), "-c", str(root / "pyproject.toml")]
    cmd = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *config, *extra, *tests]
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=root, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        timeout=TIMEOUT_S, check=False,
    )
    return proc.returncode, time.perf_counter() - start


def run_plain(python: Path, root: Path, tests: tuple[str, ...]) -> Variant:
    """Plain pytest on the work copy as it is now: exit code, seconds and per-test outcomes."""
    out = Path(tempfile.mkdtemp(prefix="llm-brief-faults-"))
    try:
        code, secs = _pytest(python, root, tests, [f"--report-log={out / 'plain.jsonl'}"])
        return Variant(code, secs, _outcomes(out / "plain.jsonl"))
    finally:
        shutil.rmtree(out, ignore_errors=True)


def run_case(python: Path, root: Path, tests: tuple[str, ...]) -> CaseRun:
    """Run the selection three times against the work copy as it is now (faults applied or not)."""
    out = Path(tempfile.mkdtemp(prefix="llm-brief-faults-"))
    try:
        plain = run_plain(python, root, tests)
        brief_dir = out / "brief"
        code, secs = _pytest(
            python, root, tests,
            ["--llm-brief", f"--llm-brief-dir={brief_dir}", f"--report-log={out / 'brief.jsonl'}"],
        )
        brief = Variant(code, secs, _outcomes(out / "brief.jsonl"),
                        _brief_issues(brief_dir / "dashboard.json", root))
        events = out / "receptor.jsonl"
        code, secs = _pytest(
            python, root, tests,
            ["--receptor=llm", f"--receptor-events={events}", f"--report-log={out / 'receptor-log.jsonl'}"],
        )
        receptor = Variant(code, secs, _outcomes(out / "receptor-log.jsonl"), _receptor_issues(events, root))
        return CaseRun(plain, brief, receptor)
    finally:
        shutil.rmtree(out, ignore_errors=True)
