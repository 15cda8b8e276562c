"""What the in-process hook costs a launched Python app, measured side by side in one run.

- per record: a child logs N records through a plain `StreamHandler` (to /dev/null), with the
  hook off and on (reporting to a live channel), alternated; the ratio of medians (target <= 1.3);
- start-up: `python -c pass` with the hook off, on under a wrapper's channel, and standalone
  (`LLM_BRIEF=1`, which also writes a briefing at exit); the extra milliseconds (target <= 50);
- burst: 100,000 records per second for 5 s; the slowest single logging call (the app never
  waits), and records counted at the receiver plus what the hook reports dropped.

Run: `python benchmarks/launcher_overhead.py [--quick]`; `run()` returns the figures as a dict.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from llm_brief.launcher.channel import ChannelServer, channel_path

PER_RECORD_CHILD = """
import logging, sys, time
n = int(sys.argv[1])
handler = logging.StreamHandler(open('/dev/null', 'w'))
log = logging.getLogger('bench.app')
log.addHandler(handler)
log.setLevel(logging.INFO)
log.propagate = False
for i in range(1000):
    log.info('warm %d', i)
start = time.perf_counter()
for i in range(n):
    log.info('order %d filled at %s', i, 'price')
print((time.perf_counter() - start) / n)
"""

BURST_CHILD = """
import logging, sys, time
rate, seconds = int(sys.argv[1]), float(sys.argv[2])
log = logging.getLogger('bench.burst')
log.addHandler(logging.NullHandler())
log.setLevel(logging.INFO)
log.propagate = False
batch = rate // 100
emitted, worst, start = 0, 0.0, time.perf_counter()
while (now := time.perf_counter()) - start < seconds:
    for i in range(batch):
        t = time.perf_counter()
        log.warning('tick %d from feed %s', i, 'x')
        worst = max(worst, time.perf_counter() - t)
    emitted += batch
    target = start + emitted / rate
    delay = target - time.perf_counter()
    if delay > 0:
        time.sleep(delay)  # pacing the load generator, not synchronisation
print(emitted, worst, emitted / (time.perf_counter() - start))
"""


class Receiver:
    """A live channel that counts what hooked processes report."""

    def __init__(self) -> None:
        self.counts: dict[tuple[int, int], int] = {}
        self.dropped: dict[int, int] = {}
        self.lock = threading.Lock()
        self.server = ChannelServer(channel_path(), self.receive)
        self.server.start()

    def receive(self, messages: list[dict[str, Any]]) -> None:
        with self.lock:
            for message in messages:
                if message.get("t") != "logs":
                    continue
                pid = int(message["pid"])
                for site in message.get("sites", ()):
                    self.counts.setdefault((pid, int(site["id"])), 1)
                for sid, count, _, _ in message.get("counts", ()):
                    self.counts[(pid, int(sid))] = int(count)
                self.dropped[pid] = int(message.get("dropped", 0))

    def env(self, root: str) -> dict[str, str]:
        env = _clean_env()
        env.update(LLM_BRIEF__CHANNEL=self.server.path, LLM_BRIEF__ROOT=root)
        return env

    def total(self) -> tuple[int, int]:
        with self.lock:
            return sum(self.counts.values()), sum(self.dropped.values())

    def close(self) -> None:
        self.server.close()


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("LLM_BRIEF")}


def _child(code: str, args: list[str], env: dict[str, str], cwd: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.strip()


def per_record(receiver: Receiver, root: str, records: int, rounds: int) -> dict[str, Any]:
    """Seconds per record with the hook off and on, alternated; the ratio of the medians."""
    off: list[float] = []
    on: list[float] = []
    for _ in range(rounds):
        off.append(float(_child(PER_RECORD_CHILD, [str(records)], _clean_env(), root)))
        on.append(float(_child(PER_RECORD_CHILD, [str(records)], receiver.env(root), root)))
    base, hooked = statistics.median(off), statistics.median(on)
    return {
        "records": records,
        "rounds": rounds,
        "plain_us": round(base * 1e6, 3),
        "hooked_us": round(hooked * 1e6, 3),
        "ratio": round(hooked / base, 3),
        "target_ratio": 1.3,
    }


def _wall(env: dict[str, str], cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], env=env, cwd=cwd, check=True, timeout=60)
    return time.perf_counter() - start


def startup(receiver: Receiver, root: str, rounds: int) -> dict[str, Any]:
    """Wall time of `python -c pass`: hook off, under a wrapper, standalone; medians in ms."""
    off: list[float] = []
    wrapped: list[float] = []
    alone: list[float] = []
    standalone_env = {**_clean_env(), "LLM_BRIEF": "1"}
    for _ in range(rounds):
        off.append(_wall(_clean_env(), root))
        wrapped.append(_wall(receiver.env(root), root))
        alone.append(_wall(standalone_env, root))
    base = statistics.median(off) * 1000
    return {
        "rounds": rounds,
        "plain_ms": round(base, 1),
        "wrapped_ms": round(statistics.median(wrapped) * 1000, 1),
        "wrapped_extra_ms": round(statistics.median(wrapped) * 1000 - base, 1),
        "standalone_ms": round(statistics.median(alone) * 1000, 1),
        "standalone_extra_ms": round(statistics.median(alone) * 1000 - base, 1),
        "target_extra_ms": 50,
    }


def burst(receiver: Receiver, root: str, rate: int, seconds: float) -> dict[str, Any]:
    """`rate` records/s for `seconds`, hook off then on: slowest call, achieved rate, accounting."""
    plain = _child(BURST_CHILD, [str(rate), str(seconds)], _clean_env(), root).split()
    before, dropped_before = receiver.total()
    out = _child(BURST_CHILD, [str(rate), str(seconds)], receiver.env(root), root)
    emitted, worst, achieved = out.split()
    receiver.server.wait_quiet(0.3, 5.0)
    counted, dropped = receiver.total()
    return {
        "rate_per_s": rate,
        "seconds": seconds,
        "emitted": int(emitted),
        "achieved_per_s": round(float(achieved)),
        "slowest_call_ms": round(float(worst) * 1000, 3),
        "plain_slowest_call_ms": round(float(plain[1]) * 1000, 3),
        "plain_achieved_per_s": round(float(plain[2])),
        "counted": counted - before,
        "dropped": dropped - dropped_before,
        "accounted": counted - before + dropped - dropped_before == int(emitted),
    }


def run(quick: bool = False) -> dict[str, Any]:
    """All three measurements; `quick` shrinks them for a smoke run."""
    # Installed wheels are byte-compiled by pip; a source checkout may not be (for example
    # under PYTHONDONTWRITEBYTECODE), which would charge compilation to the hook.
    import compileall

    import llm_brief

    compileall.compile_dir(str(Path(llm_brief.__file__).parent), quiet=2)
    receiver = Receiver()
    try:
        with tempfile.TemporaryDirectory(prefix="llm-brief-bench-") as root:
            (Path(root) / "pyproject.toml").write_text("[tool.llm-brief]\nhistory = 0\n")
            return {
                "per_record": per_record(
                    receiver, root, 20_000 if quick else 200_000, 3 if quick else 7
                ),
                "startup": startup(receiver, root, 5 if quick else 21),
                "burst": burst(receiver, root, 100_000, 1.0 if quick else 5.0),
            }
    finally:
        receiver.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    print(json.dumps(run(parser.parse_args().quick), indent=2))


if __name__ == "__main__":
    main()
