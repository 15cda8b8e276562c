"""`report_status`: the application's own view of its health, free when nothing captures it."""

from __future__ import annotations

from collections.abc import Callable

from llm_brief.core.vocabulary import parse_health

StatusSink = Callable[[str, str, str], None]

_sink: StatusSink | None = None


def report_status(component: str, status: str, message: str = "") -> None:
    """Tell llm-brief how `component` is doing: status is OK, WARNING, ERROR or CRITICAL.

    Costs one global read when no capture is active, so it can stay in production code.
    """
    sink = _sink
    if sink is None:
        return
    normalized = parse_health(status)
    try:  # noqa: SIM105 - contextlib costs an import in every hooked process's start-up
        sink(str(component), normalized, str(message))
    except Exception:
        pass


def set_status_sink(sink: StatusSink | None) -> StatusSink | None:
    """Install the receiver of `report_status` calls (or remove it); returns the previous one."""
    global _sink
    previous, _sink = _sink, sink
    return previous
