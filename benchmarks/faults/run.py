"""Fault-injection benchmark: inject the table's faults into real projects, run their suites, score grouping."""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runs import CaseRun, Found, failing, run_case, run_plain
from score import markdown, score_tool
from table import FAULTS, FAULTS_BY_ID, PROJECTS, TRIPLES, Fault
from workspace import RESULTS, Injection, ensure_venv, injected, locate, project_root


@dataclass(frozen=True)
class Case:
    """One suite run: a single fault or three at once, all in one project."""

    id: str
    type: str
    faults: tuple[Fault, ...]

    @property
    def project(self) -> str:
        """The project all of the case's faults are in."""
        return self.faults[0].project

    @property
    def tests(self) -> tuple[str, ...]:
        """The test files run: the union of the faults' selections (a fault without one: the default)."""
        chosen = {t for f in self.faults for t in (f.tests or PROJECTS[self.project].tests)}
        # A file inside a selected directory is already run.
        return tuple(sorted(t for t in chosen if not any(t.startswith(d + "/") for d in chosen)))


def cases(quick: bool, only: Sequence[str]) -> list[Case]:
    """Every single fault and every triple; --quick keeps every third single and two triples."""
    singles = [Case(f.id, "single", (f,)) for f in FAULTS]
    triples = [Case("+".join(ids), "triple", tuple(FAULTS_BY_ID[i] for i in ids)) for ids in TRIPLES]
    if quick:
        singles, triples = singles[::3], triples[:2]
    chosen = singles + triples
    if only:
        chosen = [c for c in chosen if any(o in c.id for o in only)]
    return chosen


def _new(issues: list[Found], clean: set[str]) -> list[Found]:
    # An issue already present in the fault-free run of the same selection is not the fault's.
    return [i for i in issues if i.fingerprint not in clean]


def _record(case: Case, injections: list[Injection], run: CaseRun, clean: CaseRun) -> dict[str, Any]:
    before = failing(clean.plain.outcomes)
    broke = failing(run.plain.outcomes) - before
    return {
        "id": case.id,
        "type": case.type,
        "project": case.project,
        "kinds": [f.kind for f in case.faults],
        "tests": list(case.tests),
        "expected": [{"fault": i.fault.id, "path": i.path, "line": i.line, "function": i.fault.function}
                     for i in injections],
        "valid": bool(broke),
        "failing_tests": len(broke),
        "outcomes_same": run.plain.exit_code == run.brief.exit_code and run.plain.outcomes == run.brief.outcomes,
        "exit_codes": {"plain": run.plain.exit_code, "brief": run.brief.exit_code,
                       "receptor": run.receptor.exit_code},
        "outcome_mismatches": [
            {"test": n, "plain": run.plain.outcomes.get(n), "brief": run.brief.outcomes.get(n)}
            for n in sorted(set(run.plain.outcomes) | set(run.brief.outcomes))
            if run.plain.outcomes.get(n) != run.brief.outcomes.get(n)
        ][:20],
        "seconds": {"plain": run.plain.seconds, "brief": run.brief.seconds, "receptor": run.receptor.seconds},
        "brief": score_tool(_new(run.brief.issues, {i.fingerprint for i in clean.brief.issues}), injections),
        "receptor": score_tool(
            _new(run.receptor.issues, {i.fingerprint for i in clean.receptor.issues}), injections
        ),
    }


def _reproduced(python: Path, root: Path, mismatches: list[dict[str, Any]]) -> bool:
    """Rerun only the tests whose outcome differed, both ways: does the difference come back?"""
    nodes = tuple(m["test"] for m in mismatches if not m["test"].startswith("collect:"))
    again = run_case(python, root, nodes)
    return again.plain.outcomes != again.brief.outcomes


def run_project(python: Path, project: str, chosen: Sequence[Case]) -> list[dict[str, Any]]:
    """A project's cases, one after another (they share its work copy)."""
    root = project_root(project)
    clean: dict[tuple[str, ...], CaseRun] = {}
    records = []
    for case in chosen:
        if case.tests not in clean:
            clean[case.tests] = run_case(python, root, case.tests)
        with injected(root, case.faults) as injections:
            run = run_case(python, root, case.tests)
            record = _record(case, injections, run, clean[case.tests])
            if record["outcome_mismatches"]:
                record["mismatch_reproduced"] = _reproduced(python, root, record["outcome_mismatches"])
        records.append(record)
        print(f"  {case.id}: brief {records[-1]['brief']['n_issues']} issue(s), "
              f"receptor {records[-1]['receptor']['n_issues']}", file=sys.stderr, flush=True)
    return records


def validate(python: Path, project: str, chosen: Sequence[Case]) -> list[str]:
    """Plain runs only: one line per fault, with how many tests it makes fail (0 is a table error)."""
    root = project_root(project)
    clean: dict[tuple[str, ...], set[str]] = {}
    lines = []
    for case in chosen:
        if case.tests not in clean:
            clean[case.tests] = failing(run_plain(python, root, case.tests).outcomes)
        with injected(root, case.faults):
            broke = failing(run_plain(python, root, case.tests).outcomes) - clean[case.tests]
        lines.append(f"{case.id}: {len(broke)} failing test(s){'' if broke else '  <- TABLE ERROR'}")
        print("  " + lines[-1], file=sys.stderr, flush=True)
    return lines


def lanes(projects: Sequence[str]) -> list[list[str]]:
    """Projects that may run side by side: one that imports another's work copy shares its lane."""
    out: list[list[str]] = []
    for name in projects:
        linked = {name, *PROJECTS[name].uses} | {p for p in projects if name in PROJECTS[p].uses}
        joined = [lane for lane in out if linked & set(lane)]
        merged = sorted({p for lane in joined for p in lane} | ({name} | linked) & set(projects))
        out = [lane for lane in out if lane not in joined] + [merged]
    return out


def _run_lane(python: Path, lane: list[str], by_project: dict[str, list[Case]]) -> list[dict[str, Any]]:
    return [r for p in lane for r in run_project(python, p, by_project[p])]


def _validate_lane(python: Path, lane: list[str], by_project: dict[str, list[Case]]) -> list[str]:
    return [line for p in lane for line in validate(python, p, by_project[p])]


README = Path(__file__).with_name("README.md")


def update_readme(text: str, readme: Path = README) -> None:
    """Replace the block between the results markers of this benchmark's README with the new tables."""
    start, end = "<!-- faults:start -->", "<!-- faults:end -->"
    body = readme.read_text(encoding="utf-8")
    head, _, rest = body.partition(start)
    _, _, tail = rest.partition(end)
    readme.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the Markdown tables, write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="every third fault and two triples")
    parser.add_argument("--jobs", type=int, default=2, help="projects run side by side (default 2)")
    parser.add_argument("--only", nargs="*", default=[], help="case ids containing any of these")
    parser.add_argument("--validate", action="store_true", help="plain runs only: does every fault fail a test?")
    parser.add_argument("--update-readme", action="store_true", help="write the tables into README.md")
    parser.add_argument("--json", type=Path, default=RESULTS / "faults.json")
    args = parser.parse_args(argv)

    chosen = cases(args.quick, args.only)
    projects = sorted({c.project for c in chosen})
    started = time.perf_counter()
    # Always every project: a venv keyed on a subset would be rebuilt by each --only run.
    python = ensure_venv(list(PROJECTS.values()))
    invalid = []
    for case in chosen:
        for fault in case.faults:
            try:
                locate(project_root(fault.project), fault)
            except ValueError as exc:
                invalid.append(str(exc))
    if invalid:
        print("\n".join(invalid), file=sys.stderr)
        return 2
    by_project = {p: [c for c in chosen if c.project == p] for p in projects}
    if args.validate:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            checked = [pool.submit(_validate_lane, python, lane, by_project) for lane in lanes(projects)]
            report = [line for f in checked for line in f.result()]
        print("\n".join(report))
        return 1 if any("TABLE ERROR" in line for line in report) else 0
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(_run_lane, python, lane, by_project) for lane in lanes(projects)]
        by_id = {r["id"]: r for f in futures for r in f.result()}
    records = [by_id[c.id] for c in chosen]
    table_errors = [r["id"] for r in records if not r["valid"]]
    header = (
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.platform()}, "
        f"Python {platform.python_version()}, {len(records)} cases in {time.perf_counter() - started:.0f}s "
        f"(jobs={args.jobs}{', quick' if args.quick else ''}); projects: "
        + ", ".join(f"{p} {PROJECTS[p].version}" for p in projects)
    )
    text = header + "\n\n" + markdown(records, table_errors)
    print(text)
    if args.update_readme:
        update_readme(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"header": header, "cases": records}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
