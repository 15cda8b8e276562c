"""Run pytest variants as child processes, interleaved, and report ratios against a baseline."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PYTHON = sys.executable
BASE = ["-m", "pytest", "-q", "-p", "no:cacheprovider"]


@dataclass(frozen=True)
class Variant:
    """One way of running pytest: a name and the extra arguments (`{out}` is a scratch dir)."""

    name: str
    args: tuple[str, ...] = ()


@dataclass
class Sample:
    """One child run: wall seconds, peak RSS in MiB, exit code and combined output."""

    wall: float
    rss_mib: float
    code: int
    output: str = ""


@dataclass
class Comparison:
    """All samples of every variant of one scenario, after the warm-up round."""

    scenario: str
    samples: dict[str, list[Sample]] = field(default_factory=dict)

    def median_wall(self, name: str) -> float:
        return statistics.median(s.wall for s in self.samples[name])

    def median_rss(self, name: str) -> float:
        return statistics.median(s.rss_mib for s in self.samples[name])

    def as_dict(self, baseline: str) -> dict[str, Any]:
        base_wall = self.median_wall(baseline)
        base_rss = self.median_rss(baseline)
        rows = {}
        for name, samples in self.samples.items():
            wall = self.median_wall(name)
            rss = self.median_rss(name)
            rows[name] = {
                "median_wall_s": round(wall, 3),
                "wall_ratio": round(wall / base_wall, 3),
                "peak_rss_mib": round(rss, 1),
                "rss_ratio": round(rss / base_rss, 3),
                "runs": len(samples),
                "exit_codes": sorted({s.code for s in samples}),
            }
        return {"scenario": self.scenario, "baseline": baseline, "variants": rows}


def clean_env() -> dict[str, str]:
    """The environment without anything that would switch llm-brief on behind our back."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLM_BRIEF", "PYTEST_"))}
    # Bytecode caches on, as on a developer's machine: with PYTHONDONTWRITEBYTECODE pytest
    # rewrites and compiles every test module again on every run, a fixed cost that would
    # flatter every plugin's ratio. The warm-up round writes the caches.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("COLUMNS", "120")
    return env


def run_once(cwd: Path, args: list[str], *, keep_output: bool = False) -> Sample:
    """Run `python -m pytest ...` in `cwd`; wall time and the child's own peak RSS (wait4)."""
    out = subprocess.PIPE if keep_output else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(
        [PYTHON, *BASE, *args],
        cwd=cwd,
        env=clean_env(),
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    output = b""
    if keep_output:
        assert proc.stdout is not None
        output = proc.stdout.read()
    # wait4 gives this child's rusage alone (its max RSS and its reaped descendants'),
    # unlike RUSAGE_CHILDREN deltas, which keep the maximum over every earlier child.
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Sample(wall, usage.ru_maxrss / 1024, proc.returncode, output.decode("utf-8", "replace"))


def compare(
    scenario: str,
    cwd: Path,
    variants: list[Variant],
    repeats: int,
    scratch: Path,
    warmup: int = 1,
) -> Comparison:
    """Run every variant `warmup + repeats` times, round-robin (A B C A B C ...), keep the last ones."""
    result = Comparison(scenario, {v.name: [] for v in variants})
    for round_no in range(warmup + repeats):
        # Rotate the order so no variant always runs right after the same neighbour.
        order = variants[round_no % len(variants) :] + variants[: round_no % len(variants)]
        for variant in order:
            out = scratch / f"{variant.name.replace(' ', '_')}-{round_no}"
            out.mkdir(parents=True, exist_ok=True)
            args = [a.replace("{out}", str(out)) for a in variant.args]
            sample = run_once(cwd, args)
            if round_no >= warmup:
                result.samples[variant.name].append(sample)
    return result
