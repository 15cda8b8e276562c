"""Reading `dashboard.json`: a good dashboard, or why there is none (missing, corrupt, newer)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Literal

from llm_brief.model import SCHEMA_VERSION, Dashboard, from_json

LoadState = Literal["ok", "missing", "corrupt", "newer"]
Stamp = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class LoadedDashboard:
    """The outcome of one read: `dashboard` is set only when `state` is "ok"."""

    path: str
    state: LoadState
    dashboard: Dashboard | None = None
    problem: str = ""
    stamp: Stamp | None = None


def file_stamp(path: str) -> Stamp | None:
    """What changes when the file is rewritten (even by an atomic rename); None when it is absent."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def load_dashboard(path: str) -> LoadedDashboard:
    """Read and validate the dashboard at `path`; never raises for a bad or missing file."""
    stamp = file_stamp(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return LoadedDashboard(path, "missing", problem=f"no dashboard at {path}")
    except OSError as exc:
        return LoadedDashboard(path, "corrupt", problem=f"cannot read {path}: {exc}", stamp=stamp)
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
    try:
        if version != SCHEMA_VERSION:
            raise ValueError(f"schema_version is {version!r}, expected {SCHEMA_VERSION}")
        dashboard = from_json(Dashboard, data)
        check_dashboard(dashboard)
    except ValueError as exc:
        return LoadedDashboard(
            path, "corrupt", problem=f"{path} is not a valid dashboard: {exc}", stamp=stamp
        )
    return LoadedDashboard(path, "ok", dashboard=dashboard, stamp=stamp)


def _expect(ok: bool, where: str, what: str, value: Any) -> None:
    if not ok:
        raise ValueError(f"{where}: expected {what}, got {value!r}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_dashboard(dashboard: Dashboard) -> None:
    """Check the types of the fields the server reads (`from_json` checks presence, not types)."""
    run = dashboard.run
    _expect(isinstance(run.root, str), "run.root", "a string", run.root)
    _expect(isinstance(dashboard.issues, tuple), "issues", "a list", dashboard.issues)
    for i, issue in enumerate(dashboard.issues):
        where = f"issues[{i}]"
        for name in ("id", "category", "title", "message", "rerun", "suggestion", "effort"):
            value = getattr(issue, name)
            _expect(isinstance(value, str), f"{where}.{name}", "a string", value)
        _expect(isinstance(issue.tests, tuple), f"{where}.tests", "a list", issue.tests)
        _expect(_is_int(issue.count), f"{where}.count", "an integer", issue.count)
        loc = issue.location
        _expect(isinstance(loc.path, str), f"{where}.location.path", "a string", loc.path)
        _expect(_is_int(loc.line), f"{where}.location.line", "an integer", loc.line)
        for j, frame in enumerate(issue.frames):
            _expect(
                isinstance(frame.path, str), f"{where}.frames[{j}].path", "a string", frame.path
            )
            _expect(_is_int(frame.line), f"{where}.frames[{j}].line", "an integer", frame.line)
        for j, test in enumerate(issue.test_locations):
            _expect(
                isinstance(test.path, str),
                f"{where}.test_locations[{j}].path",
                "a string",
                test.path,
            )
            _expect(
                _is_int(test.line), f"{where}.test_locations[{j}].line", "an integer", test.line
            )
    for i, pattern in enumerate(dashboard.log_patterns):
        where = f"log_patterns[{i}]"
        _expect(isinstance(pattern.path, str), f"{where}.path", "a string", pattern.path)
        _expect(_is_int(pattern.line), f"{where}.line", "an integer", pattern.line)
        _expect(_is_int(pattern.count), f"{where}.count", "an integer", pattern.count)
        _expect(isinstance(pattern.level, str), f"{where}.level", "a string", pattern.level)
