"""What an agent has to read after a run, in tokens: pytest's output, pytest-receptor's, llm-brief's."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from bench_pytest import run_once

ENCODINGS = ("cl100k_base", "o200k_base")

# (label, pytest arguments, what to count: "stdout" or a file relative to the output dir)
READERS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("pytest (full output)", (), "stdout"),
    ("pytest -q --no-header --tb=short", ("--no-header", "--tb=short"), "stdout"),
    ("pytest --receptor=llm (terminal)", ("--receptor=llm",), "stdout"),
    (
        "pytest --receptor=llm --receptor-events (file)",
        ("--receptor=llm", "--receptor-events={out}/receptor.jsonl"),
        "receptor.jsonl",
    ),
    ("pytest --llm-brief (terminal)", ("--llm-brief", "--llm-brief-dir={out}/brief"), "stdout"),
    (
        "--llm-brief briefing.md",
        ("--llm-brief", "--llm-brief-dir={out}/brief"),
        "brief/briefing.md",
    ),
)


def _encoders() -> dict[str, Any]:
    import bpe_openai

    return {name: bpe_openai.get_encoding(name) for name in ENCODINGS}


CHUNK = 50_000


def _chunks(text: str) -> list[str]:
    # bpe_openai refuses very long inputs; cutting at line ends changes the count by at most a
    # token per chunk, since its pre-tokeniser splits at newlines anyway.
    chunks, start = [], 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            newline = text.rfind("\n", start, end)
            end = newline + 1 if newline > start else end
        chunks.append(text[start:end])
        start = end
    return chunks


def count(text: str, encoders: dict[str, Any]) -> dict[str, int]:
    """Tokens of `text` in every encoding."""
    return {
        name: sum(len(enc.encode(chunk)) for chunk in _chunks(text))
        for name, enc in encoders.items()
    }


def _without_base_q(args: tuple[str, ...], label: str) -> list[str]:
    # The benchmark runner always passes -q; "full output" means pytest's default verbosity,
    # so undo the -q with a -v (net verbosity 0).
    return ["-v", *args] if label == "pytest (full output)" else list(args)


def _quiet_environment() -> list[str]:
    # pytest-asyncio (a dev dependency here) prints a ~150-token deprecation note on stderr in
    # every run of a project that does not configure it; the suites have no async tests, so it
    # is left out for every reader alike rather than counted as every reader's output.
    return ["-p", "no:asyncio"] if importlib.util.find_spec("pytest_asyncio") else []


def measure(suites: dict[str, Path], scratch: Path) -> dict[str, Any]:
    """Token counts of every reader for every suite (one run each; outputs are deterministic)."""
    encoders = _encoders()
    table: dict[str, Any] = {}
    cache: dict[tuple[str, tuple[str, ...]], tuple[str, Path]] = {}
    for suite, path in suites.items():
        row: dict[str, Any] = {}
        for label, args, what in READERS:
            key = (suite, args)
            if key not in cache:
                out = scratch / f"tokens-{suite}-{len(cache)}"
                out.mkdir(parents=True, exist_ok=True)
                argv = [a.replace("{out}", str(out)) for a in _without_base_q(args, label)]
                argv += _quiet_environment()
                sample = run_once(path, argv, keep_output=True)
                cache[key] = (sample.output, out)
            stdout, out = cache[key]
            if what == "stdout":
                text = stdout
            else:
                target = out / what
                text = target.read_text("utf-8", "replace") if target.exists() else ""
            row[label] = {**count(text, encoders), "chars": len(text)}
            if what != "stdout" and not text:
                # A missing file is a finding (the tool failed), not a zero-token win.
                row[label]["missing"] = True
        table[suite] = row
    return table


def verdicts(table: dict[str, Any]) -> dict[str, Any]:
    """Per suite: do llm-brief's terminal summary and its briefing.md cost fewer tokens than receptor's?"""
    result = {}
    for suite, row in table.items():
        # cl100k, the tokenizer the acceptance figures and the budget are stated in
        receptor = row["pytest --receptor=llm (terminal)"]["cl100k_base"]
        terminal = row["pytest --llm-brief (terminal)"]["cl100k_base"]
        briefing = row["--llm-brief briefing.md"]
        result[suite] = {
            "receptor": receptor,
            "terminal": terminal,
            "briefing": briefing["cl100k_base"],
            "briefing_missing": briefing.get("missing", False),
            "terminal_fewer": terminal <= receptor,  # the target: at or below receptor's
            "briefing_fewer": 0 < briefing["cl100k_base"] < receptor,
        }
    return result


def standard_suites(root: Path, log_records: int = 100_000) -> dict[str, Path]:
    """The suites of issue 14's acceptance, as `run.py` builds them for its token step."""
    import suites

    return {
        "green 1000": suites.green(root / "green1000", 1000),
        "green 5000": suites.green(root / "green5000", 5000),
        "500 failures": suites.failure_heavy(root / "failing"),
        f"log {log_records:,}": suites.log_heavy(root / "log", log_records),
        "mixed": suites.mixed(root / "mixed"),
        "tradebot": suites.tradebot(root / "tradebot"),
        "addopts -v, 40 failures / 2 causes": suites.verbose_two_causes(root / "verbose"),
    }


if __name__ == "__main__":  # pragma: no cover - manual use
    # python benchmarks/tokens.py [SUITE_DIR]: one suite's table, or the standard suites' verdicts
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 1:
            print(json.dumps(measure({"suite": Path(sys.argv[1])}, Path(tmp)), indent=1))
        else:
            scratch = Path(tmp) / "scratch"
            scratch.mkdir()
            found = verdicts(measure(standard_suites(Path(tmp)), scratch))
            print("| suite (cl100k) | receptor --receptor=llm | llm-brief terminal | at or below |")
            print("|---|---:|---:|---|")
            for suite, v in found.items():
                met = "yes" if v["terminal_fewer"] else "NO"
                print(f"| {suite} | {v['receptor']} | {v['terminal']} | {met} |")
