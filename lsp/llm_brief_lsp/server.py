"""The language server: workspace folders' dashboards, kept loaded and pushed as diagnostics.

Each workspace folder has a dashboard (`.llm-brief/dashboard.json` unless configured). The server
loads it at start and again whenever it changes — told by `workspace/didChangeWatchedFiles` when
the client can register for it, by polling otherwise — and publishes the difference.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Sequence
from typing import Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer

from llm_brief_lsp import SERVER_NAME, server_version
from llm_brief_lsp.config import SECTION, Settings, parse_settings
from llm_brief_lsp.dashboard import LoadedDashboard, file_stamp
from llm_brief_lsp.folders import WorkspaceFolderState
from llm_brief_lsp.mapping import MappedDashboard
from llm_brief_lsp.offloop import run_off_loop
from llm_brief_lsp.paths import FolderPaths, path_from_uri, uri_key
from llm_brief_lsp.positions import encoding_name
from llm_brief_lsp.protocol import BriefProtocol
from llm_brief_lsp.publishing import DiagnosticsStore
from llm_brief_lsp.reading import REWRITE
from llm_brief_lsp.untrusted import plain
from llm_brief_lsp.watching import DashboardPoller, file_watcher

log = logging.getLogger(__name__)

STATUS_NOTIFICATION = "llmBrief/status"
CONFIG_TIMEOUT_S = 5.0
WATCHERS_ID = "llm-brief-dashboards"
CONFIG_ID = "llm-brief-configuration"
MAX_MESSAGE = 2_000
LONG_FIELDS_STATE = "long fields"


class LlmBriefServer(LanguageServer):
    """Holds every workspace folder's state and keeps the client's diagnostics in step with it."""

    def __init__(self) -> None:
        super().__init__(
            SERVER_NAME,
            server_version(),
            text_document_sync_kind=types.TextDocumentSyncKind.None_,
            protocol_cls=BriefProtocol,
        )
        self.folders: dict[str, WorkspaceFolderState] = {}
        self.base_settings = Settings()
        self.store = DiagnosticsStore()
        self.poller = DashboardPoller(self.on_file_changed)
        self.file_events = False
        self.reruns: set[str] = set()
        self.pending_problems: list[str] = []
        self.diagnostics_changed = asyncio.Event()
        self._reloads: dict[str, asyncio.Task[None]] = {}
        self._reload_again: set[str] = set()

    @property
    def brief_protocol(self) -> BriefProtocol:
        """The protocol, as the subclass this server installs."""
        assert isinstance(self.protocol, BriefProtocol)
        return self.protocol

    # -- client capabilities ------------------------------------------------------------------

    def can(self, field: str) -> bool:
        """Whether the client declared the boolean capability at dotted `field` true."""
        return bool(get_capability(self.client_capabilities, field, False))

    @property
    def encoding(self) -> str:
        """The negotiated position encoding."""
        return encoding_name(self.workspace.position_encoding)

    # -- messages -------------------------------------------------------------------------------

    # Messages quote files, settings and test output, so they cross the same boundary as
    # diagnostics: redacted, one line, capped.

    def log_line(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        """Write `message` to our log and to the client's log (`window/logMessage`)."""
        message = plain(message, MAX_MESSAGE)
        log.log(logging.WARNING if kind <= types.MessageType.Warning else logging.INFO, message)
        self.window_log_message(types.LogMessageParams(type=kind, message=f"llm-brief: {message}"))

    def tell(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        """Show `message` to the user (`window/showMessage`)."""
        message = plain(message, MAX_MESSAGE)
        self.window_show_message(
            types.ShowMessageParams(type=kind, message=f"llm-brief: {message}")
        )

    # -- folders and settings -------------------------------------------------------------------

    def add_folder(self, uri: str, name: str = "") -> WorkspaceFolderState | None:
        """Start tracking a workspace folder (file: URIs only)."""
        path = path_from_uri(uri)
        if path is None:
            self.log_line(f"ignoring workspace folder {name or uri}: not a local folder")
            return None
        state = WorkspaceFolderState(uri=uri, path=path, settings=self.base_settings)
        self.folders[uri] = state
        return state

    def remove_folder(self, uri: str) -> None:
        """Stop tracking a folder and take its diagnostics back."""
        state = self.folders.pop(uri, None)
        if state is None:
            return
        self.poller.unwatch(state.dashboard_path)
        self.publish(self.store.set_folder(uri, {}))

    async def fetch_settings(self, folders: Iterable[WorkspaceFolderState]) -> None:
        """Pull each folder's `llmBrief` settings over `workspace/configuration`, where supported."""
        folders = list(folders)
        if not folders or not self.can("workspace.configuration"):
            return
        items = [types.ConfigurationItem(scope_uri=f.uri, section=SECTION) for f in folders]
        try:
            values: Sequence[Any] = await asyncio.wait_for(
                self.workspace_configuration_async(types.ConfigurationParams(items=items)),
                CONFIG_TIMEOUT_S,
            )
        except Exception as exc:
            self.log_line(f"workspace/configuration failed, keeping defaults: {exc!r}")
            return
        for folder, value in zip(folders, values, strict=False):
            self.apply_settings(folder, value)

    def apply_settings(self, folder: WorkspaceFolderState, raw: Any) -> None:
        """Overlay client settings on the server-wide ones, reporting bad keys once each."""
        settings, problems = parse_settings(raw, self.base_settings)
        for problem in problems:
            self.log_line(problem, types.MessageType.Warning)
            self.tell(problem, types.MessageType.Warning)
        folder.settings = settings

    # -- watching -------------------------------------------------------------------------------

    async def watch_dashboards(self) -> None:
        """Ask the client for file events on every dashboard, or poll those it cannot watch."""
        folders = list(self.folders.values())
        if self.can("workspace.did_change_watched_files.dynamic_registration"):
            relative = self.can("workspace.did_change_watched_files.relative_pattern_support")
            watchers = [file_watcher(f.path, f.dashboard_path, relative) for f in folders]
            try:
                if self.file_events:
                    await self.client_unregister_capability_async(
                        types.UnregistrationParams(
                            unregisterations=[
                                types.Unregistration(
                                    id=WATCHERS_ID,
                                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                )
                            ]
                        )
                    )
                await self.client_register_capability_async(
                    types.RegistrationParams(
                        registrations=[
                            types.Registration(
                                id=WATCHERS_ID,
                                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                    watchers=watchers
                                ),
                            )
                        ]
                    )
                )
                self.file_events = True
            except Exception as exc:
                self.log_line(f"the client refused file watchers ({exc!r}); polling instead")
                self.file_events = False
        for folder in folders:
            if not self.file_events and not self.poller.watching(folder.dashboard_path):
                self.poller.watch(folder.dashboard_path)
        if self.file_events:
            self.poller.stop()
        log.info("watching dashboards by %s", "file events" if self.file_events else "polling")

    def on_file_changed(self, path: str) -> None:
        """A dashboard file changed (file event or poll): reload the folders it belongs to."""
        for folder in list(self.folders.values()):
            if folder.is_dashboard(path):
                self.request_reload(folder.uri)

    # -- loading and publishing -----------------------------------------------------------------

    def request_reload(self, folder_uri: str) -> None:
        """Reload a folder's dashboard soon; bursts of changes collapse into one more reload."""
        task = self._reloads.get(folder_uri)
        if task is not None and not task.done():
            self._reload_again.add(folder_uri)
            return
        self._reloads[folder_uri] = asyncio.get_running_loop().create_task(
            self._reload_until_settled(folder_uri)
        )

    async def _reload_until_settled(self, folder_uri: str) -> None:
        while True:
            self._reload_again.discard(folder_uri)
            try:
                await self.reload(folder_uri)
            except Exception:
                log.exception("reloading the dashboard of %s failed", folder_uri)
            if folder_uri not in self._reload_again:
                return

    async def reload(self, folder_uri: str) -> None:
        """Read, map and publish one folder's dashboard now."""
        folder = self.folders.get(folder_uri)
        if folder is None:
            return
        if self.poller.watching(folder.dashboard_path):
            self.poller.mark_seen(folder.dashboard_path)
        began = time.perf_counter()
        loaded, mapped = await self._read(folder)
        read_s = time.perf_counter() - began
        if self.folders.get(folder_uri) is not folder:
            return
        folder.accept(loaded, mapped)
        self._warn(folder, loaded)
        changed = self.store.set_folder(folder.uri, folder.mapped.diagnostics)
        self.publish(changed)
        if changed:
            # Wake held workspace pulls; later waiters wait on a fresh event.
            self.diagnostics_changed.set()
            self.diagnostics_changed = asyncio.Event()
        self.brief_protocol.notify_json(STATUS_NOTIFICATION, folder.status())
        log.info(
            "%s: %s, %d issues; read and mapped in %.0f ms, %d documents published in %.0f ms",
            loaded.path,
            loaded.state,
            len(folder.mapped.issues),
            read_s * 1000,
            len(changed),
            (time.perf_counter() - began - read_s) * 1000,
        )
        if changed and self.store.serves_pull() and self.store.refresh_support:
            self.workspace_diagnostic_refresh(None)

    async def _read(
        self, folder: WorkspaceFolderState
    ) -> tuple[LoadedDashboard, MappedDashboard | None]:
        """Read and map off the event loop, so `shutdown` and `exit` are answered meanwhile."""
        encoding = self.encoding
        timeout = folder.settings.read_timeout_s
        try:
            return await run_off_loop(
                lambda: folder.read(encoding), timeout, name="llm-brief-dashboard-read"
            )
        except asyncio.TimeoutError:
            path = folder.dashboard_path
            problem = (
                f"reading {path} took longer than {timeout:g} s, so it was given up; {REWRITE}, "
                "or raise llmBrief.readTimeoutSeconds"
            )
            return LoadedDashboard(path, "refused", problem=problem, stamp=file_stamp(path)), None

    def _warn(self, folder: WorkspaceFolderState, loaded: LoadedDashboard) -> None:
        """Log every bad read; show the user one message each time the file's state changes."""
        if loaded.state == "ok" and not loaded.notice:
            folder.warned_state = ""
            return
        if loaded.state == "ok":
            state, problem = LONG_FIELDS_STATE, loaded.notice
            self.log_line(problem, types.MessageType.Warning)
        else:
            state, problem = loaded.state, loaded.problem
            kept = loaded.state in ("corrupt", "refused")
            suffix = " (keeping the last good diagnostics)" if kept else ""
            self.log_line(f"{problem}{suffix}", types.MessageType.Warning)
        if folder.warned_state != state:
            folder.warned_state = state
            self.tell(self._advice(state, problem), types.MessageType.Warning)

    @staticmethod
    def _advice(state: str, problem: str) -> str:
        if state == "missing":
            return f"{problem} yet; run `pytest --llm-brief` to create it"
        return problem

    def publish(self, uris: Iterable[str]) -> None:
        """Push what changed for `uris` (pull-served documents get nothing, or one clearing push)."""
        for params in self.store.pending_pushes(uris):
            self.brief_protocol.notify_json(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params)

    def statuses(self) -> list[dict[str, Any]]:
        """`llmBrief/status` payloads for every folder."""
        return [folder.status() for folder in self.folders.values()]

    def folder_of(self, uri: str | None) -> WorkspaceFolderState | None:
        """The folder with this URI (compared as paths), or the only folder when `uri` is None."""
        if uri is None:
            return next(iter(self.folders.values()), None) if len(self.folders) == 1 else None
        key = uri_key(uri)
        for folder in self.folders.values():
            if uri_key(folder.uri) == key:
                return folder
        return None

    def folder_containing(self, uri: str) -> WorkspaceFolderState | None:
        """The innermost folder holding the document at `uri`."""
        path = path_from_uri(uri)
        if path is None:
            return None
        holders = [f for f in self.folders.values() if FolderPaths(f.path).contains(path)]
        return max(holders, key=lambda f: len(f.path), default=None)

    def shutdown_watchers(self) -> None:
        """Stop background work before exit."""
        self.poller.stop()
        for task in self._reloads.values():
            task.cancel()
