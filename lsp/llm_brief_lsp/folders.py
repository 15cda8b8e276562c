"""One workspace folder: its settings, its dashboard's last read, and what that read means."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from llm_brief.core.model import Dashboard, Issue
from llm_brief_lsp.config import Settings
from llm_brief_lsp.dashboard import LoadedDashboard, issue_model, load_dashboard
from llm_brief_lsp.mapping import Flag, MappedDashboard, map_dashboard
from llm_brief_lsp.marker import incomplete_run
from llm_brief_lsp.paths import FolderPaths, path_key, uri_from_path, uri_key
from llm_brief_lsp.positions import LspRange, SourceFiles, line_range

_gc_lock = threading.Lock()
_gc_pauses = 0


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic GC while a dashboard is read and mapped.

    A read builds ~10^6 acyclic objects, and each collection on the way would rescan all of them
    (seconds, for 10,000 issues). On the way out the survivors are moved to the oldest generation
    without a scan (freeze then unfreeze), or the first young collection would still visit them
    all. Reference counting frees them as usual when the next read replaces them.
    """
    global _gc_pauses
    with _gc_lock:
        _gc_pauses += 1
        if _gc_pauses == 1:
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0:
                gc.freeze()
                gc.unfreeze()
                gc.enable()


class FolderLocator:
    """Places dashboard paths in one folder's files, with the client's position encoding.

    One locator serves one read: each file is stat-ed and each (path, line) placed once, however
    many issues, frames and tests point there.
    """

    def __init__(self, paths: FolderPaths, sources: SourceFiles, encoding: str) -> None:
        self._paths = paths
        self._sources = sources
        self._encoding = encoding
        self._files: dict[str, tuple[str, list[str]] | None] = {}
        self._placed: dict[tuple[str, int], tuple[str, LspRange] | None] = {}

    def _file(self, path: str) -> tuple[str, list[str]] | None:
        if path in self._files:
            return self._files[path]
        found: tuple[str, list[str]] | None = None
        absolute = self._paths.resolve(path)
        if absolute is not None:
            lines = self._sources.lines(absolute)
            if lines is not None:
                found = (uri_from_path(absolute), lines)
        self._files[path] = found
        return found

    def place(self, path: str, line: int) -> tuple[str, LspRange] | None:
        """The URI and range of 1-based `line` of dashboard path `path`, if it is a folder file."""
        key = (path, line)
        if key in self._placed:
            return self._placed[key]
        file = self._file(path)
        placed = None if file is None else (file[0], line_range(file[1], line, self._encoding))
        self._placed[key] = placed
        return placed


@dataclass
class WorkspaceFolderState:
    """A workspace folder and the diagnostics its dashboard currently implies."""

    uri: str
    path: str
    settings: Settings = field(default_factory=Settings)
    loaded: LoadedDashboard | None = None
    dashboard: Dashboard | None = None
    mapped: MappedDashboard = field(default_factory=MappedDashboard)
    warned_state: str = ""
    sources: SourceFiles = field(default_factory=SourceFiles)
    _flags_by_key: dict[str, dict[int, list[Flag]]] = field(default_factory=dict)
    _models: dict[str, Issue] = field(default_factory=dict)

    @property
    def dashboard_path(self) -> str:
        """The absolute path of the folder's dashboard (`dashboardPath` may be relative)."""
        configured = os.path.expanduser(self.settings.dashboard_path)
        return os.path.normpath(os.path.join(self.path, configured))

    @property
    def briefing_path(self) -> str:
        """`briefing.md`, next to the dashboard."""
        return os.path.join(os.path.dirname(self.dashboard_path), "briefing.md")

    @property
    def briefing_uri(self) -> str:
        """The briefing's `file:` URI."""
        return uri_from_path(self.briefing_path)

    def is_dashboard(self, path: str) -> bool:
        """Whether `path` names this folder's dashboard."""
        return path_key(path) == path_key(self.dashboard_path)

    def read(self, encoding: str) -> tuple[LoadedDashboard, MappedDashboard | None]:
        """Load the dashboard and map it (blocking I/O: run it off the event loop)."""
        with paused_gc():
            loaded = load_dashboard(self.dashboard_path, self.settings.read_limits)
            if loaded.dashboard is None:
                return loaded, None
            locator = FolderLocator(
                FolderPaths(self.path, loaded.dashboard.run.root), self.sources, encoding
            )
            mapped = map_dashboard(
                loaded.dashboard,
                loaded.issues,
                locator,
                self.settings,
                self.uri,
                self.briefing_uri,
            )
        return loaded, mapped

    def accept(self, loaded: LoadedDashboard, mapped: MappedDashboard | None) -> None:
        """Take a read's outcome: a good one replaces everything; a corrupt one keeps the last good.

        A missing dashboard or one from a newer llm-brief clears: nothing here describes the code.
        A refused one (a FIFO, a device, too big, too deep, too slow) keeps the last good, as a
        corrupt one does.
        """
        self.loaded = loaded
        self._models = {}
        if loaded.state == "ok" and mapped is not None:
            self.dashboard, self.mapped = loaded.dashboard, mapped
        elif loaded.state in ("missing", "newer"):
            self.dashboard, self.mapped = None, MappedDashboard()
        self._flags_by_key = {
            key: flags
            for uri, flags in self.mapped.flags.items()
            if (key := uri_key(uri)) is not None
        }

    def flags_at(self, uri: str, line: int) -> list[Flag]:
        """What is flagged on 0-based `line` of the document at `uri`."""
        key = uri_key(uri)
        if key is None:
            return []
        return list(self._flags_by_key.get(key, {}).get(line, []))

    def issue(self, issue_id: str) -> Issue | None:
        """The current issue with this id, as a model object (decoded on first use)."""
        issue = self._models.get(issue_id)
        if issue is None and (raw := self.mapped.issues.get(issue_id)) is not None:
            issue = self._models[issue_id] = issue_model(raw)
        return issue

    def rerun_cwd(self) -> str:
        """Where reruns run: the run's root when it is inside this folder, else the folder."""
        root = self.dashboard.run.root if self.dashboard is not None else ""
        if root and os.path.isdir(root) and FolderPaths(self.path).contains(root):
            return root
        return self.path

    def status(self) -> dict[str, Any]:
        """The `llmBrief/status` payload for this folder."""
        dashboard = self.dashboard
        exists = self.loaded is not None and self.loaded.state != "missing"
        status: dict[str, Any] = {
            "workspaceFolder": self.uri,
            "dashboard": uri_from_path(self.dashboard_path),
            "briefing": self.briefing_uri,
            "exists": exists,
            "health": dashboard.health if dashboard is not None else None,
            "issues": len(self.mapped.issues) if dashboard is not None else 0,
            "runKind": dashboard.run.kind if dashboard is not None else None,
            "startedAt": dashboard.run.started_at if dashboard is not None else None,
        }
        incomplete = incomplete_run(
            os.path.dirname(self.dashboard_path),
            dashboard.run.run_id if dashboard is not None else "",
        )
        if incomplete is not None:  # a newer run died: say so beside the dashboard it left
            status["incomplete"] = incomplete
        return status
