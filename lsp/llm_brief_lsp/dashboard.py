"""Reading `dashboard.json`: a good dashboard, or why there is none (missing, corrupt, refused, newer)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Literal

from llm_brief.core.codec import from_json
from llm_brief.core.model import SCHEMA_VERSION, Dashboard, Issue
from llm_brief_lsp.reading import REWRITE, ReadLimits, Refused, check_depth, read_regular, too_deep

LoadState = Literal["ok", "missing", "corrupt", "refused", "newer"]
Stamp = tuple[int, int, int]
IssueJson = dict[str, Any]


@dataclass(frozen=True, slots=True)
class LoadedDashboard:
    """The outcome of one read: `dashboard` and `issues` are set only when `state` is "ok".

    `notice` says, for a good dashboard, what the editor shows shortened (over-long fields).
    `dashboard.issues` is left empty and the issues are kept as validated JSON objects: turning
    10,000 of them into frozen model objects costs ~0.3 s per reload, and only a hover or a
    command ever needs one (see `issue_model`).
    """

    path: str
    state: LoadState
    dashboard: Dashboard | None = None
    issues: tuple[IssueJson, ...] = ()
    problem: str = ""
    stamp: Stamp | None = None
    notice: str = ""


# llm-brief clips what it writes to 2,000 characters; a field far longer did not come from it.
LONG_FIELD = 10_000


def issue_model(raw: IssueJson) -> Issue:
    """The model object of one validated issue."""
    return from_json(Issue, raw)


def file_stamp(path: str) -> Stamp | None:
    """What changes when the file is rewritten (even by an atomic rename); None when it is absent."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def load_dashboard(path: str, limits: ReadLimits | None = None) -> LoadedDashboard:
    """Read and validate the dashboard at `path`; never raises for a bad, hostile or missing file."""
    limits = limits or ReadLimits()
    stamp = file_stamp(path)
    try:
        raw = read_regular(path, limits.max_bytes)
        check_depth(raw, path, limits.max_depth)
    except FileNotFoundError:
        return LoadedDashboard(path, "missing", problem=f"no dashboard at {path}")
    except Refused as exc:
        return LoadedDashboard(path, "refused", problem=str(exc), stamp=stamp)
    except OSError as exc:
        return LoadedDashboard(path, "corrupt", problem=f"cannot read {path}: {exc}", stamp=stamp)
    try:
        return _validated(path, raw, stamp)
    except RecursionError:
        # Brackets inside strings can hide nesting from `check_depth`; the decoder still stops.
        return LoadedDashboard(
            path, "refused", problem=str(too_deep(path, limits.max_depth)), stamp=stamp
        )


def _validated(path: str, raw: bytes, stamp: Stamp | None) -> LoadedDashboard:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        # A half-written file from a writer that does not rename atomically reads the same way.
        return LoadedDashboard(
            path, "corrupt", problem=f"{path} is not valid JSON ({exc})", stamp=stamp
        )
    if not isinstance(data, dict):
        return LoadedDashboard(path, "corrupt", problem=f"{path} is not a JSON object", stamp=stamp)
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return LoadedDashboard(
            path,
            "newer",
            problem=(
                f"{path} has schema_version {version}, newer than this server reads "
                f"({SCHEMA_VERSION}); upgrade llm-brief"
            ),
            stamp=stamp,
        )
    long_fields: list[tuple[str, int]] = []
    try:
        if version != SCHEMA_VERSION:
            raise ValueError(f"schema_version is {version!r}, expected {SCHEMA_VERSION}")
        issues = data.get("issues", [])
        if type(issues) is not list:
            raise _bad("issues", "a list", issues)
        for i, issue in enumerate(issues):
            check_issue(issue, i, long_fields)
        dashboard = from_json(Dashboard, {**data, "issues": []})
        check_dashboard(dashboard)
    except ValueError as exc:
        return LoadedDashboard(
            path, "corrupt", problem=f"{path} is not a valid dashboard: {exc}", stamp=stamp
        )
    return LoadedDashboard(
        path,
        "ok",
        dashboard=dashboard,
        issues=tuple(issues),
        stamp=stamp,
        notice=_long_fields_notice(path, long_fields),
    )


def _long_fields_notice(path: str, found: list[tuple[str, int]]) -> str:
    if not found:
        return ""
    where, length = found[0]
    others = len(found) - 1
    more = f" (and {others} more field{'s' if others > 1 else ''})" if others else ""
    return (
        f"{path}: {where} is {length:,} characters long{more}, far more than llm-brief writes, "
        f"so the editor shows it shortened; {REWRITE}"
    )


def _bad(where: str, what: str, value: Any) -> ValueError:
    shown = repr(value)
    return ValueError(f"{where}: expected {what}, got {shown[:60]}")


# Fields and types the server and the model rely on; `type(x) is` keeps bools out of ints and
# keeps 10,000 issues' validation under a tenth of a second.
_ISSUE_REQUIRED = (
    "id",
    "fingerprint",
    "category",
    "severity",
    "title",
    "message",
    "count",
    "tests",
    "location",
)
_ISSUE_STRINGS = ("id", "category", "severity", "title", "message", "rerun", "suggestion")
_ISSUE_OPTIONAL_STRINGS = ("effort", "status", "exception_type", "since", "phase")
_ISSUE_TEXT = _ISSUE_STRINGS + _ISSUE_OPTIONAL_STRINGS
_FRAME_REQUIRED = ("path", "line", "function")
_TEST_REQUIRED = ("nodeid", "path", "line")
_LOG_REQUIRED = ("level", "logger", "template", "message", "path", "line")


def _check_place(item: Any, where: str, required: tuple[str, ...]) -> None:
    if type(item) is not dict:
        raise _bad(where, "an object", item)
    for name in required:
        if name not in item:
            raise ValueError(f"{where}: missing {name!r}")
    if type(item["path"]) is not str:
        raise _bad(f"{where}.path", "a string", item["path"])
    if type(item["line"]) is not int:
        raise _bad(f"{where}.line", "an integer", item["line"])


def check_issue(raw: Any, index: int, long_fields: list[tuple[str, int]] | None = None) -> None:
    """Raise ValueError, naming the field, unless `raw` is an issue the server can show.

    Text fields longer than `LONG_FIELD` are added to `long_fields` as (field, length).
    """
    where = f"issues[{index}]"
    if type(raw) is not dict:
        raise _bad(where, "an object", raw)
    for name in _ISSUE_REQUIRED:
        if name not in raw:
            raise ValueError(f"{where}: missing {name!r}")
    for name in _ISSUE_TEXT:
        value = raw.get(name, "")
        if type(value) is not str:
            raise _bad(f"{where}.{name}", "a string", value)
        if len(value) > LONG_FIELD and long_fields is not None:
            long_fields.append((f"{where}.{name}", len(value)))
    if type(raw["count"]) is not int:
        raise _bad(f"{where}.count", "an integer", raw["count"])
    tests = raw.get("tests", [])
    if type(tests) is not list or any(type(t) is not str for t in tests):
        raise _bad(f"{where}.tests", "a list of strings", tests)
    _check_place(raw.get("location"), f"{where}.location", ("path", "line"))
    for name, required in (
        ("frames", _FRAME_REQUIRED),
        ("test_locations", _TEST_REQUIRED),
        ("logs", _LOG_REQUIRED),
    ):
        items = raw.get(name, [])
        if type(items) is not list:
            raise _bad(f"{where}.{name}", "a list", items)
        for j, item in enumerate(items):
            _check_place(item, f"{where}.{name}[{j}]", required)


def check_dashboard(dashboard: Dashboard) -> None:
    """Check the types of the non-issue fields the server reads (`from_json` checks presence)."""
    if type(dashboard.run.root) is not str:
        raise _bad("run.root", "a string", dashboard.run.root)
    for i, pattern in enumerate(dashboard.log_patterns):
        where = f"log_patterns[{i}]"
        if type(pattern.path) is not str:
            raise _bad(f"{where}.path", "a string", pattern.path)
        if type(pattern.line) is not int:
            raise _bad(f"{where}.line", "an integer", pattern.line)
        if type(pattern.count) is not int:
            raise _bad(f"{where}.count", "an integer", pattern.count)
        if type(pattern.level) is not str:
            raise _bad(f"{where}.level", "a string", pattern.level)
