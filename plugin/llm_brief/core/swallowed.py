"""Swallowed exceptions: when a test fails on what a logged exception left behind, start there.

A web framework turns a view's exception into a 500 and logs it, a worker thread logs
`log.exception(...)` and carries on, a retry loop gives up quietly: the test then fails on a
status code, an output or a state, and its own traceback only reaches the test's assertion.
The real traceback is in the log record's `exc_info`, which the capture keeps as a chain.

The rule: a failing phase whose own exceptions have no application (non-test) origin takes its
cause from the last exception logged at ERROR or above during that phase whose origin is in the
application; the test's own failure becomes evidence on it. Passing phases are never looked at,
so an exception a test provokes and logs on purpose creates no issue, and a failing test whose
own exception starts in the application keeps it whatever was logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from llm_brief.core.fingerprint import origin_frame, root_exception
from llm_brief.core.model import ExceptionRecord, LogEntry, PhaseRecord
from llm_brief.core.vocabulary import is_test_path, level_rank

MAX_SEEN = 300


def has_app_origin(chain: Sequence[ExceptionRecord]) -> bool:
    """Whether the chain's root cause began in application code outside the tests."""
    root = root_exception(chain)
    frame = origin_frame(root) if root is not None else None
    return frame is not None and frame.in_app and not is_test_path(frame.path)


def logged_cause(logs: Sequence[LogEntry]) -> LogEntry | None:
    """The last ERROR-or-worse log entry whose kept exception began in the application."""
    loud = [e for e in logs if e.chain and level_rank(e.level) >= level_rank("ERROR")]
    found = [e for e in loud if has_app_origin(e.chain)]
    return max(found, key=lambda e: e.first_seen) if found else None


def effective_chain(record: PhaseRecord) -> tuple[ExceptionRecord, ...]:
    """The chain an issue is built from: the phase's own, or the logged one it swallowed."""
    if has_app_origin(record.exceptions):
        return record.exceptions
    entry = logged_cause(record.logs)
    if entry is None:
        return record.exceptions
    seen = _seen(record)
    outer = entry.chain[0]
    facts = (f"the test saw: {seen}", f"logged by {entry.logger} at {entry.path}:{entry.line}")
    return (replace(outer, evidence=(*facts, *outer.evidence)), *entry.chain[1:])


def _seen(record: PhaseRecord) -> str:
    """What the test itself failed on, in one line."""
    if record.exceptions:
        own = record.exceptions[0]
        text = own.assertion or own.message
        first = text.strip().splitlines()[0] if text.strip() else ""
        return f"{own.type.rpartition('.')[2]}: {first}"[:MAX_SEEN]
    lines = record.longrepr.strip().splitlines()
    return (lines[-1] if lines else "the test failed")[:MAX_SEEN]
