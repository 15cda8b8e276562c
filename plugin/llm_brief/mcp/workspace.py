"""The served workspace: where its dashboard, briefing and journal are, read once per change."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from llm_brief.config import read_pyproject
from llm_brief.core.codec import from_json
from llm_brief.core.model import Dashboard
from llm_brief.core.redaction.redactor import Redactor
from llm_brief.core.settings import load
from llm_brief.output.publish import make_redactor

DASHBOARD = "dashboard.json"
BRIEFING = "briefing.md"
JOURNALS = "journal"
LIVE_NOTE = "live snapshot"
Stamp = tuple[int, int, int]


class WorkspaceError(ValueError):
    """Something the agent asked for does not exist or is not allowed; the message says which."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One read of `dashboard.json`: the model, the raw issues by id, and the file's stamp.

    The server reads it once per change (and once at start), so a `brief` on a 10,000-issue
    dashboard costs the rendering only, not the parse.
    """

    dashboard: Dashboard
    issues: dict[str, dict[str, Any]]
    stamp: Stamp
    mtime: float


def _stamp(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class Workspace:
    """A project folder served by one MCP server; reads are cached until the file changes."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        pyproject = self.root / "pyproject.toml"
        self.settings = load(read_pyproject(pyproject), str(pyproject), os.environ, {})
        self.redactor: Redactor = make_redactor(self.settings)
        out = Path(self.settings.output_dir).expanduser()
        self.output_dir = out if out.is_absolute() else self.root / out
        self._snapshot: Snapshot | None = None

    @property
    def dashboard_path(self) -> Path:
        """Where pytest and `llm-brief run` write the dashboard."""
        return self.output_dir / DASHBOARD

    @property
    def briefing_path(self) -> Path:
        """Where the briefing for agents is written."""
        return self.output_dir / BRIEFING

    def snapshot(self) -> Snapshot:
        """The current dashboard (re-read only when the file changed); WorkspaceError if none."""
        path = self.dashboard_path
        stamp = _stamp(path)
        if stamp is None:
            raise WorkspaceError(
                f"no dashboard yet at {self.shown(path)}: run the tests first "
                "(the run_tests tool, or `pytest --llm-brief`)"
            )
        cached = self._snapshot
        if cached is not None and cached.stamp == stamp:
            return cached
        try:
            data = json.loads(path.read_bytes())
            issues = {issue["id"]: issue for issue in data.get("issues", [])}
            dashboard = from_json(Dashboard, data)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise WorkspaceError(
                f"{self.shown(path)} cannot be read as a dashboard: {exc}"
            ) from None
        self._snapshot = Snapshot(dashboard, issues, stamp, stamp[0] / 1e9)
        return self._snapshot

    def shown(self, path: Path) -> str:
        """`path` relative to the root when inside it, as the agent should read it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def inside(self, relative: str) -> Path:
        """The resolved path of `relative` under the root; WorkspaceError if it leaves the root."""
        candidate = (self.root / relative).resolve()
        if candidate != self.root and self.root not in candidate.parents:
            raise WorkspaceError(f"{relative!r} is outside the served workspace {self.root}")
        return candidate

    def source_context(self, relative: str, line: int, around: int = 3) -> list[str]:
        """Numbered source lines around `line` of a workspace file (empty when unreadable)."""
        try:
            path = self.inside(relative)
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except (OSError, WorkspaceError):
            return []
        start, end = max(1, line - around), min(len(lines), line + around)
        return [
            f"{'>' if n == line else ' '}{n:>5} | {lines[n - 1][:200]}"
            for n in range(start, end + 1)
        ]

    def running_journal(self, snapshot: Snapshot | None) -> str:
        """The newest journal when it is newer than the dashboard: a run going on (or killed)."""
        folder = self.output_dir / JOURNALS
        try:
            newest = max(folder.glob("*.jsonl"), key=lambda p: p.stat().st_mtime, default=None)
        except OSError:
            return ""
        if newest is None:
            return ""
        if snapshot is not None and newest.stem == snapshot.dashboard.run.run_id:
            return ""
        if snapshot is not None and newest.stat().st_mtime <= snapshot.mtime:
            return ""
        return self.shown(newest)


def age_s(snapshot: Snapshot, now: float | None = None) -> float:
    """Seconds since the run started (from `run.started_at`; the file's time if unparseable)."""
    current = time.time() if now is None else now
    try:
        started = datetime.fromisoformat(snapshot.dashboard.run.started_at.replace("Z", "+00:00"))
        began = started.timestamp() + snapshot.dashboard.run.duration_s
    except ValueError:
        began = snapshot.mtime
    return max(0.0, current - began)


def is_complete(dashboard: Dashboard) -> bool:
    """False for a live snapshot of a running launch or an interrupted run."""
    if dashboard.run.interrupted or dashboard.run.outcome == "interrupted":
        return False
    return not any(note.startswith(LIVE_NOTE) for note in dashboard.notes)


def human_age(seconds: float) -> str:
    """'42s', '5m', '3h', '2d' ago."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"
