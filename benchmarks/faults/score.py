"""Scores of one case for one tool, and the summary table over all cases, as plain data and Markdown."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from runs import Found
from workspace import Injection


def _at(issue_path: str, issue_line: int, inj: Injection) -> bool:
    return issue_line == inj.line and (issue_path == inj.path or issue_path.endswith("/" + inj.path))


def score_tool(issues: Sequence[Found], injections: Sequence[Injection]) -> dict[str, Any]:
    """Grouping, location and suspect scores of one tool's new issues against the injected faults."""
    largest = max(issues, key=lambda i: len(i.tests), default=None)
    first = injections[0]
    frames = [(i.path, i.line, i.function) for i in issues] + [f for i in issues for f in i.frames]
    return {
        "n_issues": len(issues),
        "one_issue": len(issues) == 1,
        # The issue that covers the most failing tests is where the fault was injected.
        "located": largest is not None and _at(largest.path, largest.line, first),
        "all_at_origin": bool(issues) and all(_at(i.path, i.line, first) for i in issues),
        "three_at_lines": len(issues) == len(injections) == 3
        and all(any(_at(i.path, i.line, inj) for i in issues) for inj in injections)
        and all(any(_at(i.path, i.line, inj) for inj in injections) for i in issues),
        "named_line": any(_at(p, ln, first) for p, ln, _ in frames),
        "named_function": any(fn == first.fault.function and p.endswith(first.path) for p, _, fn in frames),
        "suspect_function_top3": any(
            fn == first.fault.function and p.endswith(first.path) for i in issues for p, _, fn in i.suspects[:3]
        ),
        "suspect_line_top5": any(_at(p, ln, first) for i in issues for p, ln, _ in i.suspects[:5]),
        "issues": [
            {"path": i.path, "line": i.line, "function": i.function, "tests": len(i.tests), "title": i.title}
            for i in sorted(issues, key=lambda i: -len(i.tests))
        ],
    }


def _rate(cases: Sequence[dict[str, Any]], tool: str, key: str) -> str:
    if not cases:
        return "n/a"
    hits = sum(bool(c[tool][key]) for c in cases)
    return f"{hits}/{len(cases)} ({100 * hits / len(cases):.0f}%)"


def summary(cases: Sequence[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """(measure, llm-brief, pytest-receptor, target) rows over the valid cases."""
    valid = [c for c in cases if c["valid"]]
    single = [c for c in valid if c["type"] == "single"]
    triple = [c for c in valid if c["type"] == "triple"]

    def kind(k: str) -> list[dict[str, Any]]:
        return [c for c in single if c["kinds"] == [k]]

    rows: list[tuple[str, str, str, str]] = []

    def row(label: str, group: list[dict[str, Any]], key: str, target: str, receptor: bool = True) -> None:
        rows.append((label, _rate(group, "brief", key), _rate(group, "receptor", key) if receptor else "n/a", target))

    row("single-fault runs: exactly one issue", single, "one_issue", "≥ 90%")
    row("  raise faults: exactly one issue", kind("raise"), "one_issue", "")
    row("  wrong-value faults: exactly one issue", kind("wrong-value"), "one_issue", "")
    row("  swallowed faults: exactly one issue", kind("swallowed"), "one_issue", "≥ 90% (issue 20)")
    row("three-fault runs: three issues at the three lines", triple, "three_at_lines", "≥ 4 of 5")
    row("raise faults: exact origin line (largest issue)", kind("raise"), "located", "≥ 95%")
    row("raise faults: every issue at the origin line", kind("raise"), "all_at_origin", "")
    row("swallowed faults: origin at the raising line", kind("swallowed"), "located", "(issue 20)")
    row("wrong-value: mutated function in top-3 suspects", kind("wrong-value"), "suspect_function_top3", "≥ 60% (issue 19)", False)
    row("wrong-value: mutated line in top-5 suspects", kind("wrong-value"), "suspect_line_top5", "≥ 40% (issue 19)", False)
    row("wrong-value: mutated line named in any issue/frame", kind("wrong-value"), "named_line", "")
    same = sum(c["outcomes_same"] for c in cases)
    again = sum(bool(c.get("mismatch_reproduced")) for c in cases)
    rows.append(("outcomes unchanged by llm-brief (exit code + per-test)", f"{same}/{len(cases)}", "", "all"))
    rows.append(("  differences that came back when those tests were rerun", str(again), "", "0"))
    for variant in ("plain", "brief", "receptor"):
        secs = [c["seconds"][variant] for c in cases]
        if secs:
            rows.append((f"median seconds per case, {variant} run", f"{statistics.median(secs):.2f}", "", ""))
    return rows


def _brief_list(scored: dict[str, Any], n: int) -> str:
    shown = [f"{i['path']}:{i['line']} ×{i['tests']} {i['title'][:70]}" for i in scored["issues"][:n]]
    more = scored["n_issues"] - len(shown)
    return "; ".join(shown) + (f"; +{more} more" if more > 0 else "")


def failures(cases: Sequence[dict[str, Any]], limit: int = 15) -> list[str]:
    """The most instructive grouping/location failures of llm-brief: traceable faults first, most issues first."""
    def failed(c: dict[str, Any]) -> bool:
        if c["type"] == "triple":
            return not c["brief"]["three_at_lines"]
        return not (c["brief"]["one_issue"] and (c["kinds"] == ["wrong-value"] or c["brief"]["located"]))

    chosen = sorted(
        (c for c in cases if c["valid"] and failed(c)),
        key=lambda c: ("wrong-value" in c["kinds"], -c["brief"]["n_issues"]),
    )[:limit]
    out = []
    for c in chosen:
        where = ", ".join(f"{e['path']}:{e['line']} ({e['function']})" for e in c["expected"])
        out.append(
            f"- **{c['id']}** ({'+'.join(c['kinds'])}, {c['failing_tests']} failing tests; fault at {where})\n"
            f"  - llm-brief: {c['brief']['n_issues']} issues: {_brief_list(c['brief'], 3)}\n"
            f"  - receptor: {c['receptor']['n_issues']} issues: {_brief_list(c['receptor'], 2)}"
        )
    return out


def markdown(cases: Sequence[dict[str, Any]], invalid: Sequence[str]) -> str:
    """The summary and per-case tables."""
    lines = ["| measure | llm-brief | pytest-receptor | target |", "|---|---:|---:|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in summary(cases)]
    lines += [
        "",
        "| case | kind | failing tests | llm-brief issues | at origin | receptor issues | at origin | s (plain/brief/receptor) |",
        "|---|---|---:|---:|---|---:|---|---|",
    ]
    for c in cases:
        ok = "three_at_lines" if c["type"] == "triple" else "located"
        secs = "/".join(f"{c['seconds'][v]:.1f}" for v in ("plain", "brief", "receptor"))
        lines.append(
            f"| {c['id']} | {'+'.join(c['kinds'])} | {c['failing_tests']} | {c['brief']['n_issues']} | "
            f"{'yes' if c['brief'][ok] else 'no'} | {c['receptor']['n_issues']} | "
            f"{'yes' if c['receptor'][ok] else 'no'} | {secs} |"
        )
    worst = failures(cases)
    if worst:
        lines += ["", "Grouping and location failures of llm-brief (traceable faults first, most issues first):", ""]
        lines += worst
    if invalid:
        lines += ["", "Table errors (the fault made no test fail, or its snippet was not found): " + ", ".join(invalid)]
    return "\n".join(lines)
