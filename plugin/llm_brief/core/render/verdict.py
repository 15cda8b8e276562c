"""The verdict line every output starts with, its word taken from the exit code. Pure.

pytest's exit code is the one fact that cannot disagree with what the run did: "no failures"
is not "passed" when nothing was collected (5), when the options were wrong (4) or when the
run was stopped (2). So the word comes from the code, and the counts only follow it.
"""

from __future__ import annotations

import math
import re

from llm_brief.core.model import Counts, Dashboard
from llm_brief.core.render.quote import one_line

_TOKEN = re.compile(r"[A-Za-z]+|\d{1,3}|[^\sA-Za-z\d]")
INTERRUPTED_IN = "interrupted in "  # the note a pytest run stopped mid-test carries
_PYTEST_WORDS = {0: "PASSED", 1: "FAILED", 3: "INTERNAL ERROR", 5: "NO TESTS"}


def estimate_tokens(text: str) -> int:
    """Tokens as a BPE tokenizer (cl100k/o200k) roughly counts them, without a tokenizer.

    Letters count one token per 6 characters of a word (common words are one token), digits one
    per group of three, every other non-space character one. Calibrated against cl100k on
    briefings: it over-counts by 0-15%, so a budget is kept rather than exceeded.
    """
    total = 0
    for match in _TOKEN.finditer(text):
        piece = match.group()
        total += math.ceil(len(piece) / 6) if piece[0].isalpha() else 1
    return total


def verdict_word(dashboard: Dashboard) -> str:
    """PASSED, FAILED, NO TESTS, USAGE ERROR: <message>, COLLECTION ERROR, INTERRUPTED in <test>,
    INTERNAL ERROR — from pytest's exit code; a launch's outcome for `llm-brief run`."""
    run = dashboard.run
    if run.kind != "pytest":
        return run.outcome.upper()
    if run.exit_code == 4:
        message = next(
            (i.message or i.title for i in dashboard.issues if _is_usage_error(i.exception_type)),
            "",
        )
        return f"USAGE ERROR: {one_line(message, 200)}" if message else "USAGE ERROR"
    if run.exit_code == 2 or run.interrupted:
        if not run.interrupted:
            return "COLLECTION ERROR"
        notes = (n for n in dashboard.notes if n.startswith(INTERRUPTED_IN))
        where = next(notes, "").removeprefix(INTERRUPTED_IN)
        return f"INTERRUPTED in {one_line(where, 160)}" if where else "INTERRUPTED"
    return exit_word(run.exit_code)


def exit_word(exit_code: int) -> str:
    """The verdict word of a pytest exit code when nothing else is known (2 reads INTERRUPTED)."""
    return {**_PYTEST_WORDS, 2: "INTERRUPTED", 4: "USAGE ERROR"}.get(exit_code, f"EXIT {exit_code}")


def _is_usage_error(exception_type: str) -> bool:
    return exception_type.rsplit(".", 1)[-1] == "UsageError"


def counts_text(dashboard: Dashboard) -> str:
    """`3 failed, 10 passed, 1 warning`, or the command of a launch."""
    run = dashboard.run
    if run.kind != "pytest":
        return one_line(" ".join(run.command), 80)
    return counts_phrase(run.counts)


def counts_phrase(c: Counts) -> str:
    """`3 failed, 10 passed, 1 warning` from a run's counts."""
    parts = [
        f"{n} {label}"
        for n, label in (
            (c.failed, "failed"),
            (c.errors, "errors"),
            (c.passed, "passed"),
            (c.skipped, "skipped"),
            (c.xfailed, "xfailed"),
            (c.xpassed, "xpassed"),
            (c.warnings, "warnings"),
        )
        if n
    ]
    return ", ".join(
        p.removesuffix("s") if p.startswith("1 ") and p.endswith(("errors", "warnings")) else p
        for p in parts
    )


def verdict(dashboard: Dashboard) -> str:
    """The one-line verdict: word from the exit code, counts, duration, issues, health."""
    run = dashboard.run
    signal = f" (signal {run.signal})" if run.signal else ""
    issues = len(dashboard.issues)
    return (
        f"{verdict_word(dashboard)} · exit {run.exit_code}{signal}"
        f" · {counts_text(dashboard) or 'no tests ran'}{_took(dashboard)}"
        f" · {issues} issue{'s' if issues != 1 else ''} · health {dashboard.health}"
    )


def green_line(dashboard: Dashboard) -> str:
    """The whole terminal of a clean run: word, counts and time, nothing else to read (no
    `llm-brief:` name either: four tokens an agent pays on every green run for nothing)."""
    return f"{verdict_word(dashboard)} · {counts_text(dashboard)}{_took(dashboard)}"


def _took(dashboard: Dashboard) -> str:
    # `… 1 warning in 0.50s`: pytest's own wording, so tools that read pytest's last line
    # (pytester's outcome parser, CI log scrapers) read the same counts from this one
    joint = " in " if dashboard.run.kind == "pytest" else " · "
    return f"{joint}{dashboard.run.duration_s:.2f}s"


def since_line(dashboard: Dashboard) -> str:
    """'Since last run: …' from the diff, or the first-run note."""
    diff = dashboard.diff
    if not diff or diff.get("previous_run") in (None, ""):
        return "Since last run: first recorded run."
    return (
        f"Since last run: {len(diff.get('new', []))} new, {len(diff.get('fixed', []))} fixed, "
        f"{len(diff.get('persisting', []))} persisting"
        + (f", {len(diff.get('flaky', []))} flaky" if diff.get("flaky") else "")
    )
