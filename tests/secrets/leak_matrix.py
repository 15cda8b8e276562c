"""Run the whole harness once and print the leak matrix; `--write` refreshes known_leaks.json.

    .venv/bin/python tests/secrets/leak_matrix.py [--write]

The table lists every case today's code fails (a secret leaks, pytest's own summary shows one, a
clean line changes); the tests mark exactly those as strict xfails.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from lspscan import close_shared
from secretchannels import CHANNELS, MODES
from secretkit import KNOWN_LEAKS, load_clean, load_secrets
from secretruns import all_runs, cached_run, prefetch


def main(argv: list[str]) -> int:
    """Run every (mode, channel) pair, two at a time, and report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite known_leaks.json")
    args = parser.parse_args(argv)
    kinds = {s.id: s.kind for s in load_secrets()}
    with tempfile.TemporaryDirectory(prefix="secrets-harness-") as tmp:
        shared = Path(tmp)
        try:
            prefetch(shared)
            results = {pair: cached_run(*pair, shared) for pair in all_runs()}
        finally:
            close_shared()
    known: dict[str, str] = {}
    print(f"{'channel':<18}" + "".join(f"{m:>22}" for m in MODES))
    where: dict[str, Counter[str]] = {m: Counter() for m in MODES}
    for channel in CHANNELS:
        row = f"{channel.name:<18}"
        for mode in MODES:
            if mode not in channel.modes:
                row += f"{'n/a':>22}"
                continue
            result = dict(results[mode, channel.name])
            run = json.loads(result.pop("__run__"))
            leaked = {k: v for k, v in result.items() if v}
            partial_only = sum(1 for v in leaked.values() if not v.startswith("full"))
            row += f"{f'{len(leaked)}/{len(result)} ({partial_only} part.)':>22}"
            for case_id, described in leaked.items():
                known[f"{mode}/{channel.name}/{case_id}"] = described
                for part in described.split("; "):
                    for artifact in part.split(": ", 1)[1].split(", "):
                        where[mode][artifact] += 1
            if run["pytest_own_terminal"]:
                known[f"pytest-own-terminal/{channel.name}"] = (
                    f"pytest's short summary shows {len(run['pytest_own_terminal'])} secrets"
                )
        print(row)
    for mode in MODES:
        print(f"{mode}: leaks by output: {dict(where[mode].most_common())}")
    clean = results["pytest", "clean"]
    changed = sorted(k for k, v in clean.items() if v)
    lines = load_clean()
    print(f"clean corpus: {len(changed)}/{len(lines)} lines changed")
    for case_id in changed:
        known[f"clean/{case_id}"] = f"changed: {lines[int(case_id[1:]) - 1]!r}"
    by_kind = Counter(
        kinds[k.rsplit("/", 1)[1]] for k in known if k.count("/") == 2 and not k.startswith("clean")
    )
    print(
        f"cases leaking: {sum(by_kind.values())}; kinds most often leaked: {by_kind.most_common(8)}"
    )
    if args.write:
        KNOWN_LEAKS.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n", "utf-8")
        print(f"wrote {len(known)} known failures to {KNOWN_LEAKS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
