"""Noticing a new dashboard: the client's file events where it offers them, else polling."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable

from lsprotocol import types

from llm_brief_lsp.dashboard import Stamp, file_stamp
from llm_brief_lsp.paths import uri_from_path

log = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.1


def file_watcher(folder: str, dashboard: str, relative_patterns: bool) -> types.FileSystemWatcher:
    """The `FileSystemWatcher` for a folder's dashboard, as a relative pattern where supported."""
    kinds = types.WatchKind.Create | types.WatchKind.Change | types.WatchKind.Delete
    inside = os.path.commonpath([folder, dashboard]) == folder if os.path.isabs(folder) else False
    relative = os.path.relpath(dashboard, folder).replace(os.sep, "/") if inside else ""
    if relative_patterns:
        if inside:
            base, pattern = folder, relative
        else:
            base, pattern = os.path.dirname(dashboard), os.path.basename(dashboard)
        return types.FileSystemWatcher(
            glob_pattern=types.RelativePattern(base_uri=uri_from_path(base), pattern=pattern),
            kind=kinds,
        )
    # Plain glob patterns are matched against absolute paths, so anchor the relative path anywhere.
    glob = f"**/{relative}" if inside else dashboard.replace(os.sep, "/")
    return types.FileSystemWatcher(glob_pattern=glob, kind=kinds)


class DashboardPoller:
    """Polls the dashboards' stat for clients that send no file events (Neovim < 0.9, Helix...).

    A stat every 100 ms per folder is cheap, and keeps a new dashboard within the 300 ms budget.
    """

    def __init__(self, on_change: Callable[[str], None], interval: float = POLL_INTERVAL_S) -> None:
        self._on_change = on_change
        self._interval = interval
        self._stamps: dict[str, Stamp | None] = {}
        self._task: asyncio.Task[None] | None = None

    def watch(self, path: str) -> None:
        """Poll `path`; its current state is the baseline, so only later changes are reported."""
        self._stamps[path] = file_stamp(path)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    def unwatch(self, path: str) -> None:
        """Stop polling `path`."""
        self._stamps.pop(path, None)

    def watching(self, path: str) -> bool:
        """Whether `path` is being polled."""
        return path in self._stamps

    def mark_seen(self, path: str) -> None:
        """Take the file's current state as known (it was just loaded), to avoid a second load."""
        if path in self._stamps:
            self._stamps[path] = file_stamp(path)

    def stop(self) -> None:
        """Stop polling altogether."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            for path, before in list(self._stamps.items()):
                now = file_stamp(path)
                if now != before and path in self._stamps:
                    self._stamps[path] = now
                    try:
                        self._on_change(path)
                    except Exception:
                        log.exception("reacting to a change of %s failed", path)
