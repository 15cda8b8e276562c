"""Benchmark llm-brief's template miner against drain3 on the same labelled corpus.

Both miners get the same lines and the same kinds of masking; each run starts a fresh miner. After
a warm-up the runs alternate (ours, drain3, ours, drain3, ...) so that drift in the machine's speed
hits both alike, and the median run is reported with the grouping accuracy of each.

    .venv/bin/python benchmarks/miner_vs_drain3.py [--lines 200000] [--repeats 5] [--json]

A master benchmark can call `run(lines, repeats)` and get the same figures as a dict.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

SCHEMA_VERSION = 1
WARMUP_LINES = 20_000

# The same kinds of variable as llm_brief.core.miner masks, as drain3 masking instructions. Order matters
# to drain3 (each one rewrites the line for the next), so the longer kinds come first.
_B = r"((?<=[^A-Za-z0-9])|^)"
_E = r"((?=[^A-Za-z0-9])|$)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_ZONE = r"(?:Z|[+-]\d{2}:?\d{2})"
_CLOCK = rf"\d{{1,2}}:\d{{2}}:\d{{2}}(?:[.,]\d+)?{_ZONE}?"
DRAIN3_MASKING: list[tuple[str, str]] = [
    (r"""(?<![^\s=:(\[{,])(?:"[^"]*"|'[^']*')(?![^\s,;:)\]}.!?])""", "STR"),
    (
        rf"\d{{4}}[-/]\d{{2}}[-/]\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:[.,]\d+)?)?(?: ?{_ZONE})?)?",
        "TS",
    ),
    (rf"\d{{1,2}}/{_MONTH}/\d{{4}}:{_CLOCK}(?: [+-]\d{{4}})?", "TS"),
    (rf"{_MONTH} {{1,2}}\d{{1,2}} {_CLOCK}", "TS"),
    (_B + _CLOCK + _E, "TS"),
    (
        _B + r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}" + _E,
        "UUID",
    ),
    (r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"]+", "URL"),
    (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", "EMAIL"),
    (_B + r"(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?" + _E, "IP"),
    (r"\[?(?:[0-9a-fA-F]{1,4}:){1,7}(?::?[0-9a-fA-F]{1,4}){1,7}\]?(?::\d{1,5})?", "IP"),
    (r"(?<![\w.])(?:~|\.{1,2})?/[^\s'\"]*|[A-Za-z]:\\[^\s'\"]*", "PATH"),
    (
        _B
        + r"(?:0[xX][0-9a-fA-F]+|(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{6,})"
        + _E,
        "HEX",
    ),
    (_B + r"(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d))+" + _E, "DUR"),
    (_B + r"[-+]?\d+(?:[.,]\d+)*" + _E, "NUM"),
]


def _load_corpus() -> ModuleType:
    """Import logcorpus.py from beside this file: benchmarks/ is not a package."""
    name = "llm_brief_bench_logcorpus"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("logcorpus.py"))
    if spec is None or spec.loader is None:
        raise ImportError("cannot load benchmarks/logcorpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _drain3_miner() -> Callable[[str], int]:
    """A fresh drain3.TemplateMiner with masking for the same kinds of variable as ours."""
    try:
        from drain3 import TemplateMiner as Drain3Miner
        from drain3.masking import MaskingInstruction
        from drain3.template_miner_config import TemplateMinerConfig
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise ModuleNotFoundError("drain3 is not installed: pip install -e '.[bench]'") from exc
    config = TemplateMinerConfig()
    config.masking_instructions = [MaskingInstruction(p, name) for p, name in DRAIN3_MASKING]
    config.drain_depth = 4
    config.drain_sim_th = 0.4
    config.drain_max_children = 100
    # drain3's default, unbounded clusters, is its fastest setting; ours stays bounded at 2000.
    config.drain_max_clusters = None
    miner = Drain3Miner(config=config)

    def add(line: str) -> int:
        return int(miner.add_log_message(line)["cluster_id"])

    return add


def _our_miner(cache_size: int | None = None) -> Callable[[str], int]:
    """A fresh llm_brief TemplateMiner, starting with an empty token memo as a new process would."""
    from llm_brief.core import miner

    miner._MEMO.clear()
    tm = miner.TemplateMiner() if cache_size is None else miner.TemplateMiner(cache_size=cache_size)
    return tm.add


def _time_run(
    make: Callable[[], Callable[[str], int]], lines: list[str]
) -> tuple[float, list[int]]:
    """Seconds to feed every line to a fresh miner, and the cluster id of each line."""
    gc.collect()
    add = make()
    start = time.perf_counter()
    ids = [add(line) for line in lines]
    return time.perf_counter() - start, ids


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    try:
        from importlib.metadata import version

        drain3_version = version("drain3")
    except Exception:  # the benchmark still says where it ran without drain3 metadata
        drain3_version = "unknown"
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "drain3": drain3_version,
    }


def run(lines: int = 200_000, repeats: int = 5, seed: int = 20240501) -> dict[str, Any]:
    """Run both miners `repeats` times each, alternating, and return the medians as a dict."""
    if lines < 1 or repeats < 1:
        raise ValueError("lines and repeats must be at least 1")
    corpus = _load_corpus()
    pairs = corpus.generate(lines, seed=seed)
    text = [line for line, _ in pairs]
    truth = [template for _, template in pairs]
    contenders: dict[str, Callable[[], Callable[[str], int]]] = {
        "llm_brief": _our_miner,
        "drain3": _drain3_miner,
        # Ours with the exact-line and masked-line caches off: what masking and the tree cost alone.
        "llm_brief_no_line_caches": lambda: _our_miner(cache_size=0),
    }
    for make in contenders.values():
        _time_run(make, text[:WARMUP_LINES])
    seconds: dict[str, list[float]] = {name: [] for name in contenders}
    ids: dict[str, list[int]] = {}
    for _ in range(repeats):
        for name, make in contenders.items():
            elapsed, ids[name] = _time_run(make, text)
            seconds[name].append(elapsed)
    results: dict[str, Any] = {}
    for name in contenders:
        median = statistics.median(seconds[name])
        results[name] = {
            "lines_per_second": lines / median,
            "median_seconds": median,
            "runs_seconds": seconds[name],
            "accuracy": corpus.grouping_accuracy(ids[name], truth),
            "clusters": len(set(ids[name])),
        }
    return {
        "schema_version": SCHEMA_VERSION,
        "benchmark": "miner_vs_drain3",
        "lines": lines,
        "repeats": repeats,
        "seed": seed,
        "templates": len(corpus.TEMPLATES),
        **results,
        "speed_ratio": results["llm_brief"]["lines_per_second"]
        / results["drain3"]["lines_per_second"],
        # Each drain3 run over the run of ours beside it: steadier when the machine's load drifts.
        "speed_ratio_paired": statistics.median(
            theirs / ours
            for ours, theirs in zip(seconds["llm_brief"], seconds["drain3"], strict=True)
        ),
        "accuracy_delta": results["llm_brief"]["accuracy"] - results["drain3"]["accuracy"],
        "machine": machine(),
    }


def render(result: dict[str, Any]) -> str:
    """The result as a small text table."""
    rows = [
        ("llm-brief TemplateMiner", result["llm_brief"]),
        ("drain3 TemplateMiner", result["drain3"]),
        ("llm-brief, line caches off", result["llm_brief_no_line_caches"]),
    ]
    m = result["machine"]
    lines = [
        f"{result['lines']:,} lines from {result['templates']} templates, median of "
        f"{result['repeats']} alternating runs after a warm-up",
        "",
        f"{'miner':<28}{'lines/s':>12}{'accuracy':>10}{'clusters':>10}",
    ]
    lines += [
        f"{name:<28}{r['lines_per_second']:>12,.0f}{r['accuracy']:>10.4f}{r['clusters']:>10}"
        for name, r in rows
    ]
    lines += [
        "",
        f"speed ratio (llm-brief / drain3): {result['speed_ratio']:.2f}x of the medians, "
        f"{result['speed_ratio_paired']:.2f}x the median of paired runs",
        f"accuracy delta (llm-brief - drain3): {result['accuracy_delta']:+.4f}",
        f"machine: {m['platform']}, {m['processor']}, {m['cpu_count']} CPUs, "
        f"{m['implementation']} {m['python']}, drain3 {m['drain3']}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=200_000, help="corpus size (200000)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per miner (5)")
    parser.add_argument("--seed", type=int, default=20240501, help="corpus seed")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = run(args.lines, args.repeats, args.seed)
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
