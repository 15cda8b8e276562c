"""The JSON form of the model: what the journal, the dashboard and the server read and write.

Pure. `to_json` turns nested model objects into JSON-friendly values; `from_json` builds them
back, ignoring keys it does not know (newer writers add fields).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any, TypeVar, cast

from llm_brief.core.model import (
    Component,
    Counts,
    Dashboard,
    ExceptionRecord,
    Frame,
    InternalError,
    Issue,
    Location,
    LogEntry,
    LogPattern,
    PhaseRecord,
    Run,
    Selection,
    TestLocation,
    WarningEntry,
    _field_names,
)

_PRIMITIVES = (str, int, float, bool, type(None))


def to_json(obj: Any) -> Any:
    """Convert a model object (nested dataclasses, tuples, dicts) into JSON-friendly values."""
    if isinstance(obj, _PRIMITIVES):
        return obj  # most values: checked first because this runs for every captured test
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_json(v) for k, v in obj.items()}
    if is_dataclass(obj) and not isinstance(obj, type):
        return {name: to_json(getattr(obj, name)) for name in _field_names(type(obj))}
    return obj


T = TypeVar("T")

_NESTED: dict[tuple[type, str], type] = {}


def _nested_types() -> dict[tuple[type, str], type]:
    if not _NESTED:
        _NESTED.update(
            {
                (ExceptionRecord, "frames"): Frame,
                (PhaseRecord, "exceptions"): ExceptionRecord,
                (PhaseRecord, "logs"): LogEntry,
                (LogEntry, "chain"): ExceptionRecord,
                (PhaseRecord, "warnings"): WarningEntry,
                (Issue, "location"): Location,
                (Issue, "frames"): Frame,
                (Issue, "logs"): LogEntry,
                (Issue, "test_locations"): TestLocation,
                (Run, "counts"): Counts,
                (Run, "selection"): Selection,
                (Dashboard, "run"): Run,
                (Dashboard, "issues"): Issue,
                (Dashboard, "log_patterns"): LogPattern,
                (Dashboard, "warnings"): WarningEntry,
                (Dashboard, "components"): Component,
                (Dashboard, "internal"): InternalError,
            }
        )
    return _NESTED


def from_json(cls: type[T], data: Any) -> T:
    """Build a model object from its JSON form, ignoring unknown keys (newer writers add fields).

    Raises `ValueError` naming the type and field when a required field is missing or malformed.
    """
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
    nested = _nested_types()
    kwargs: dict[str, Any] = {}
    for f in fields(cast(Any, cls)):
        if f.name not in data:
            continue
        value = data[f.name]
        sub = nested.get((cls, f.name))
        if sub is not None:
            if isinstance(value, list):
                value = tuple(from_json(sub, v) for v in value)
            else:
                value = from_json(sub, value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ValueError(f"{cls.__name__}: {exc}") from None
