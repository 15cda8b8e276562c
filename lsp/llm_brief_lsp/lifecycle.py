"""Session handlers: initialize, folders, settings, file events, status requests and shutdown."""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types

from llm_brief_lsp.config import SECTION, parse_settings
from llm_brief_lsp.paths import path_from_uri, uri_from_path
from llm_brief_lsp.publishing import DiagnosticsStore
from llm_brief_lsp.server import CONFIG_ID, LlmBriefServer

log = logging.getLogger(__name__)

GET_STATUS_REQUEST = "llmBrief/getStatus"


def register(server: LlmBriefServer) -> None:
    """Attach the session handlers to `server`."""

    @server.feature(types.INITIALIZE)
    def initialize(ls: LlmBriefServer, params: types.InitializeParams) -> None:
        settings, problems = parse_settings(params.initialization_options)
        ls.base_settings = settings
        for problem in problems:
            log.warning("initializationOptions: %s", problem)
        ls.store = DiagnosticsStore(
            settings.diagnostic_mode, ls.can("workspace.diagnostics.refresh_support")
        )
        folders = list(params.workspace_folders or [])
        if not folders and (params.root_uri or params.root_path):
            root = params.root_uri or uri_from_path(str(params.root_path))
            folders = [types.WorkspaceFolder(uri=root, name="root")]
        for folder in folders:
            ls.add_folder(folder.uri, folder.name)
        # Bad initializationOptions are reported once the client can show messages (initialized).
        ls.pending_problems = problems

    @server.feature(types.INITIALIZED)
    async def initialized(ls: LlmBriefServer, params: types.InitializedParams) -> None:
        for problem in ls.pending_problems:
            ls.tell(problem, types.MessageType.Warning)
        ls.pending_problems = []
        await ls.fetch_settings(ls.folders.values())
        if ls.can("workspace.did_change_configuration.dynamic_registration"):
            try:
                await ls.client_register_capability_async(
                    types.RegistrationParams(
                        registrations=[
                            types.Registration(
                                id=CONFIG_ID,
                                method=types.WORKSPACE_DID_CHANGE_CONFIGURATION,
                                register_options={"section": SECTION},
                            )
                        ]
                    )
                )
            except Exception as exc:
                log.info("could not register for configuration changes: %r", exc)
        await ls.watch_dashboards()
        for uri in list(ls.folders):
            ls.request_reload(uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: LlmBriefServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        for change in params.changes:
            path = path_from_uri(change.uri)
            if path is not None:
                ls.on_file_changed(path)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(
        ls: LlmBriefServer, params: types.DidChangeConfigurationParams
    ) -> None:
        before = {uri: f.dashboard_path for uri, f in ls.folders.items()}
        if ls.can("workspace.configuration"):
            await ls.fetch_settings(ls.folders.values())
        elif isinstance(params.settings, dict):
            for folder in ls.folders.values():
                ls.apply_settings(folder, params.settings)
        for uri, folder in ls.folders.items():
            if before.get(uri) != folder.dashboard_path:
                ls.poller.unwatch(before[uri])
        if any(before.get(uri) != f.dashboard_path for uri, f in ls.folders.items()):
            await ls.watch_dashboards()
        for uri in list(ls.folders):
            ls.request_reload(uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    async def did_change_workspace_folders(
        ls: LlmBriefServer, params: types.DidChangeWorkspaceFoldersParams
    ) -> None:
        for removed in params.event.removed:
            ls.remove_folder(removed.uri)
        added = [
            state
            for folder in params.event.added
            if (state := ls.add_folder(folder.uri, folder.name)) is not None
        ]
        await ls.fetch_settings(added)
        await ls.watch_dashboards()
        for state in added:
            ls.request_reload(state.uri)

    @server.feature(GET_STATUS_REQUEST)
    def get_status(ls: LlmBriefServer, params: Any) -> list[dict[str, Any]]:
        return ls.statuses()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: LlmBriefServer, params: Any) -> None:
        ls.shutdown_watchers()
