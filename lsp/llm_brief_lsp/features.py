"""Requests on documents: hover, code actions, and pull diagnostics (document and workspace)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from lsprotocol import types

from llm_brief_lsp.folders import WorkspaceFolderState
from llm_brief_lsp.hover import render_flags
from llm_brief_lsp.mapping import SOURCE, Flag
from llm_brief_lsp.server import LlmBriefServer

OPEN_BRIEFING = "llmBrief.openBriefing"
COPY_RERUN = "llmBrief.copyRerun"
RERUN = "llmBrief.rerun"
PULL_IDENTIFIER = "llm-brief"
LONG_POLL_S = 60.0


def flags_on_lines(
    ls: LlmBriefServer, uri: str, first: int, last: int
) -> list[tuple[WorkspaceFolderState, Flag]]:
    """Every flag on 0-based lines `first`..`last` of the document, with its folder."""
    found: list[tuple[WorkspaceFolderState, Flag]] = []
    for folder in ls.folders.values():
        for line in range(first, last + 1):
            found.extend((folder, flag) for flag in folder.flags_at(uri, line))
    return found


def hover(ls: LlmBriefServer, params: types.HoverParams) -> types.Hover | None:
    """The issues and log patterns flagged on the hovered line, as Markdown."""
    line = params.position.line
    found = flags_on_lines(ls, params.text_document.uri, line, line)
    if not found:
        return None
    folder = found[0][0]
    text = render_flags([flag for _, flag in found], folder.issue, folder.briefing_uri)
    if not text:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
        range=types.Range(
            start=types.Position(line=line, character=0),
            end=types.Position(line=line + 1, character=0),
        ),
    )


def _actions_for(
    folder_uri: str,
    issue_id: str | None,
    diagnostics: list[types.Diagnostic],
) -> list[types.CodeAction]:
    kind = types.CodeActionKind.QuickFix
    actions = [
        types.CodeAction(
            title="llm-brief: Open briefing",
            kind=kind,
            diagnostics=diagnostics or None,
            command=types.Command(
                title="Open briefing", command=OPEN_BRIEFING, arguments=[folder_uri]
            ),
        )
    ]
    if issue_id:
        arguments: list[Any] = [issue_id, folder_uri]
        actions += [
            types.CodeAction(
                title="llm-brief: Copy rerun command",
                kind=kind,
                diagnostics=diagnostics or None,
                command=types.Command(
                    title="Copy rerun command", command=COPY_RERUN, arguments=arguments
                ),
            ),
            types.CodeAction(
                title="llm-brief: Rerun affected tests",
                kind=kind,
                diagnostics=diagnostics or None,
                command=types.Command(
                    title="Rerun affected tests", command=RERUN, arguments=arguments
                ),
            ),
        ]
    return actions


def code_actions(ls: LlmBriefServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Open briefing / Copy rerun command / Rerun affected tests, for each flagged issue in range."""
    only = params.context.only
    if only and not any(types.CodeActionKind.QuickFix.value.startswith(k) or k == "" for k in only):
        return []
    # One set of actions per issue (or per folder, for log patterns), however many lines show it.
    targets: dict[tuple[str, str], list[types.Diagnostic]] = {}
    for diagnostic in params.context.diagnostics:
        if diagnostic.source != SOURCE:
            continue
        data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
        folder_uri = data.get("workspaceFolder")
        folder = (
            ls.folder_of(folder_uri)
            if isinstance(folder_uri, str)
            else ls.folder_containing(params.text_document.uri)
        )
        if folder is None:
            continue
        issue_id = str(data.get("issueId") or "")
        if not issue_id and data.get("kind") != "logPattern" and isinstance(diagnostic.code, str):
            issue_id = diagnostic.code if folder.issue(diagnostic.code) else ""
        targets.setdefault((folder.uri, issue_id), []).append(diagnostic)
    if not targets:
        # Clients that send no diagnostics in the context still get actions for flagged lines.
        rng = params.range
        for folder, flag in flags_on_lines(
            ls, params.text_document.uri, rng.start.line, rng.end.line
        ):
            targets.setdefault((folder.uri, flag.issue_id), [])
    actions: list[types.CodeAction] = []
    seen_briefing: set[str] = set()
    for (folder_uri, issue_id), diagnostics in targets.items():
        for action in _actions_for(folder_uri, issue_id or None, diagnostics):
            if action.command is not None and action.command.command == OPEN_BRIEFING:
                if folder_uri in seen_briefing:
                    continue
                seen_briefing.add(folder_uri)
            actions.append(action)
    return actions


def document_diagnostic(
    ls: LlmBriefServer, params: types.DocumentDiagnosticParams
) -> dict[str, Any]:
    """`textDocument/diagnostic`: the document's diagnostics, or "unchanged" since the last pull.

    Reports are returned in the protocol's JSON shape, like the pushed diagnostics they mirror.
    """
    uri = params.text_document.uri
    serve = ls.store.serves_pull()
    result_id = ls.store.result_id(uri) if serve else "0"
    if serve:
        ls.store.mark_pulled([uri])
        # A document served by pull loses its pushed copy, so it is not shown twice.
        ls.publish([uri])
    if params.previous_result_id == result_id:
        return {"kind": "unchanged", "resultId": result_id}
    items = ls.store.diagnostics(uri) if serve else []
    return {"kind": "full", "resultId": result_id, "items": items}


def _workspace_report(ls: LlmBriefServer, previous: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for uri in sorted(ls.store.uris()):
        result_id = ls.store.result_id(uri)
        if previous.get(uri) == result_id:
            items.append({"kind": "unchanged", "uri": uri, "resultId": result_id, "version": None})
        elif uri in previous or ls.store.diagnostics(uri):
            items.append(
                {
                    "kind": "full",
                    "uri": uri,
                    "resultId": result_id,
                    "version": None,
                    "items": ls.store.diagnostics(uri),
                }
            )
    return items


async def workspace_diagnostic(
    ls: LlmBriefServer, params: types.WorkspaceDiagnosticParams
) -> dict[str, Any]:
    """`workspace/diagnostic`: every document with diagnostics, unchanged ones marked as such.

    When nothing changed since the client's last pull, the request is held until a reload changes
    something (the protocol's long poll), so a client hears of a new dashboard at once instead of
    at its next poll (VS Code's comes 2 s after the last answer).
    """
    if not ls.store.serves_pull():
        return {"items": []}
    previous = {p.uri: p.value for p in params.previous_result_ids}
    ls.store.mark_pulled(ls.store.uris(), workspace=True)
    ls.publish(ls.store.pushed_uris())
    items = _workspace_report(ls, previous)
    if previous and all(item["kind"] == "unchanged" for item in items):
        changed = ls.diagnostics_changed
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(changed.wait(), LONG_POLL_S)
        ls.store.mark_pulled(ls.store.uris(), workspace=True)
        items = _workspace_report(ls, previous)
    return {"items": items}


def register(server: LlmBriefServer) -> None:
    """Attach hover, code action and pull-diagnostic handlers to `server`."""
    server.feature(types.TEXT_DOCUMENT_HOVER)(hover)
    server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )(code_actions)
    server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier=PULL_IDENTIFIER, inter_file_dependencies=False, workspace_diagnostics=True
        ),
    )(document_diagnostic)
    server.feature(types.WORKSPACE_DIAGNOSTIC)(workspace_diagnostic)
