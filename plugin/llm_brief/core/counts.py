"""Outcome counts the way pytest's terminal summary counts them, from records alone. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from llm_brief.core.model import Counts, PhaseRecord


def derive_counts(records: Sequence[PhaseRecord], warnings: int) -> Counts:
    """Outcome counts the way pytest's terminal summary counts them."""
    tally = {"passed": 0, "failed": 0, "error": 0, "skipped": 0, "xfailed": 0, "xpassed": 0}
    for record in records:
        if record.phase not in ("collect", "setup", "call", "teardown"):
            continue
        if record.outcome == "passed" and record.phase != "call":
            continue
        outcome = record.outcome
        if outcome == "failed" and record.phase in ("setup", "teardown", "collect"):
            outcome = "error"
        if outcome in tally:
            tally[outcome] += 1
    return Counts(
        passed=tally["passed"],
        failed=tally["failed"],
        errors=tally["error"],
        skipped=tally["skipped"],
        xfailed=tally["xfailed"],
        xpassed=tally["xpassed"],
        warnings=warnings,
    )
