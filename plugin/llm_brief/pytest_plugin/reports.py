"""pytest reports to records: the payload a worker attaches, and the record the controller keeps.

Workers attach a JSON-friendly dict to each report; pytest serialises a report's attributes to
the xdist controller, so what a worker captured arrives there with the report itself.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llm_brief.capture.evidence import REDACT_BEFORE_CUT
from llm_brief.capture.exceptions import PathClassifier, exception_chain
from llm_brief.core.codec import from_json, to_json
from llm_brief.core.model import Counts, ExceptionRecord, Frame, LogEntry, PhaseRecord, WarningEntry
from llm_brief.core.redaction.redactor import default_redactor
from llm_brief.output.journal import PassEntry

if TYPE_CHECKING:  # annotations only: `llm-brief report` rebuilds without importing pytest
    import pytest

PAYLOAD = "llm_brief"
MAX_OUTPUT = 4000


def phase_payload(
    logs: tuple[LogEntry, ...],
    dropped: int,
    exceptions: tuple[ExceptionRecord, ...],
    rss_bytes: int,
) -> dict[str, Any]:
    """What a worker's test phase captured beyond pytest's own report, for the controller."""
    payload: dict[str, Any] = {}
    if logs:
        payload["logs"] = to_json(logs)
    if dropped:
        payload["dropped_logs"] = dropped
    if exceptions:
        payload["exceptions"] = to_json(exceptions)
    if rss_bytes:
        payload["rss_bytes"] = rss_bytes
    return payload


def failure_chain(
    report: pytest.TestReport,
    excinfo: pytest.ExceptionInfo[BaseException] | None,
    paths: PathClassifier,
) -> tuple[ExceptionRecord, ...]:
    """The exception chain of a failed phase (none for a pass or a skip)."""
    return exception_chain(excinfo.value, paths) if report.failed and excinfo is not None else ()


def collect_payload(exc: BaseException, paths: PathClassifier) -> dict[str, Any]:
    """The exception chain of a collection error, without pytest's CollectError wrapper."""
    chain = exception_chain(exc, paths)
    if len(chain) > 1 and chain[0].type.endswith("CollectError"):
        chain = chain[1:]  # pytest wraps import errors in CollectError; the cause is the failure
    return {"exceptions": to_json(chain)}


def outcome_of(report: pytest.TestReport) -> str:
    """The outcome as pytest's summary names it (xfailed, xpassed, error for setup/teardown)."""
    if hasattr(report, "wasxfail"):
        if report.skipped:
            return "xfailed"
        if report.passed:
            return "xpassed"
    elif report.failed and report.when != "call":
        return "error"
    return str(report.outcome)


def is_quiet_pass(report: pytest.TestReport) -> bool:
    """A phase that passed and said nothing pytest shows (no output, no xfail marker)."""
    return report.outcome == "passed" and not report.sections and not hasattr(report, "wasxfail")


def pass_entry(report: pytest.TestReport, rss_bytes: int) -> PassEntry:
    """The compact form of a quiet pass; most of a suite is kept this way until the finish."""
    path, line, _ = report.location
    return (report.nodeid, report.duration, path.replace("\\", "/"), (line or 0) + 1, rss_bytes)


def phase_record(
    report: pytest.TestReport,
    logs: tuple[LogEntry, ...] = (),
    dropped: int = 0,
    exceptions: tuple[ExceptionRecord, ...] = (),
    rss_bytes: int = 0,
) -> PhaseRecord | None:
    """The record to keep for a test phase; None for a setup/teardown that passed silently."""
    outcome = outcome_of(report)
    if report.when != "call" and outcome == "passed" and not logs:
        return None
    path, line, _ = report.location
    return PhaseRecord(
        nodeid=report.nodeid,
        phase=report.when,
        outcome=outcome,  # type: ignore[arg-type]
        duration=report.duration,
        path=path.replace("\\", "/"),
        line=(line or 0) + 1,
        exceptions=exceptions,
        longrepr=_longrepr(report) if report.failed else "",
        logs=logs,
        dropped_logs=dropped,
        stdout=_tail(report.capstdout),
        stderr=_tail(report.capstderr),
        rss_bytes=rss_bytes,
        finished_at=time.time(),
    )


def received_record(report: pytest.TestReport, payload: dict[str, Any]) -> PhaseRecord | None:
    """`phase_record` on the xdist controller, from a worker's report and its payload."""
    return phase_record(
        report,
        tuple(from_json(LogEntry, e) for e in payload.get("logs", ())),
        int(payload.get("dropped_logs", 0)),
        _chain(payload),
        int(payload.get("rss_bytes", 0)),
    )


def collect_record(report: pytest.CollectReport) -> PhaseRecord:
    """The record of a failed collection (an import error, a syntax error…)."""
    payload: dict[str, Any] = getattr(report, PAYLOAD, None) or {}
    path = report.nodeid.split("::", 1)[0]
    return PhaseRecord(
        nodeid=report.nodeid or ".",
        phase="collect",
        outcome="error",
        path=path,
        line=1 if path else 0,
        exceptions=_chain(payload),
        longrepr=_longrepr(report),
        finished_at=time.time(),
    )


def _chain(payload: dict[str, Any]) -> tuple[ExceptionRecord, ...]:
    return tuple(from_json(ExceptionRecord, e) for e in payload.get("exceptions", ()))


MAX_LONGREPR = 2000


def _longrepr(report: pytest.TestReport | pytest.CollectReport) -> str:
    try:
        text = report.longreprtext
    except Exception:
        return ""
    if len(text) <= MAX_LONGREPR:
        return text  # redacted later with the run's redactor, like any text
    # redacted before it is cut: the context that marks a secret may lie before the cut
    return default_redactor().redact(text[-REDACT_BEFORE_CUT:])[-MAX_LONGREPR:]


def _tail(text: str) -> str:
    return text if len(text) <= MAX_OUTPUT else "…[truncated]\n" + text[-MAX_OUTPUT:]


# terminalreporter.stats keys -> Counts fields
_STATS = {
    "passed": "passed",
    "failed": "failed",
    "error": "errors",
    "skipped": "skipped",
    "xfailed": "xfailed",
    "xpassed": "xpassed",
    "warnings": "warnings",
}


def counts_of(config: pytest.Config, warnings: int) -> Counts | None:
    """The outcome counts of pytest's own terminal summary (`warnings` when llm-brief saw any)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    stats = getattr(reporter, "stats", None)
    if not isinstance(stats, dict):
        return None
    values = {field: len(stats.get(key, ())) for key, field in _STATS.items()}
    values["warnings"] = warnings or values["warnings"]
    return Counts(**values)


def crash_record(report: pytest.TestReport, why: str, root: Path) -> PhaseRecord:
    """The record of a test whose xdist worker died under it: the test, where it is defined, and
    why the worker went down (xdist's own words: a signal, an exit status)."""
    nodeid = report.nodeid
    path = nodeid.split("::", 1)[0]
    line = _definition_line(root / path, nodeid.split("::")[-1].split("[", 1)[0])
    message = str(report.longrepr) + (f" ({why})" if why else "")
    function = nodeid.rsplit("::", 1)[-1]
    return PhaseRecord(
        nodeid=nodeid,
        phase="call",
        outcome="failed",
        path=path,
        line=line,
        exceptions=(
            ExceptionRecord(
                type="WorkerCrash",
                message=message,
                frames=(Frame(path=path, line=line, function=function, in_app=True),),
            ),
        ),
        longrepr=message,
        finished_at=time.time(),
    )


def _definition_line(path: Path, name: str) -> int:
    """The line of `def name` in a test file (1 when it cannot be read)."""
    import ast

    try:
        tree = ast.parse(path.read_text("utf-8"))
    except (OSError, SyntaxError, ValueError):
        return 1
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return node.lineno
    return 1


MAX_WARNING_TESTS = 20
WarningKey = tuple[str, str, str, int]


def count_warning(
    warnings: dict[WarningKey, WarningEntry], message: Any, nodeid: str, paths: PathClassifier
) -> WarningEntry:
    """Count a `pytest_warning_recorded` warning under its category, message and location."""
    category = getattr(message.category, "__name__", str(message.category))
    path, _ = paths.classify(str(message.filename))
    key = (category, str(message.message), path, int(message.lineno))
    seen = warnings.get(key)
    tests = (nodeid,) if nodeid else ()
    if seen is None:
        entry = WarningEntry(category, key[1][:1000], path, key[3], 1, tests)
    else:
        merged = (
            seen.tests
            if len(seen.tests) >= MAX_WARNING_TESTS
            else tuple(dict.fromkeys(seen.tests + tests))
        )
        entry = WarningEntry(category, seen.message, path, key[3], seen.count + 1, merged)
    warnings[key] = entry
    return entry


COMMAND_LINE = "(command line)"


def usage_record(record: PhaseRecord) -> PhaseRecord:
    """A usage error's record, placed at the command line: pytest's own frames (argparse, the
    collection of arguments) say nothing about which option or path of this run is at fault."""
    exceptions = tuple(
        replace(e, frames=(), evidence=(), message=usage_message(e.message))
        for e in record.exceptions
    )
    return replace(record, nodeid=COMMAND_LINE, path=COMMAND_LINE, line=0, exceptions=exceptions)


def usage_message(message: str) -> str:
    """What argparse says is wrong, without its usage line and pytest's `inifile:`/`rootdir:`
    notes: `unrecognized arguments: --bogus`."""
    lines = [line for line in message.splitlines() if line.strip()]
    for line in lines:
        _, found, why = line.partition(": error: ")
        if found:
            return why.strip()
    return "\n".join(line for line in lines if not line.startswith(("usage: ", "  "))) or message
