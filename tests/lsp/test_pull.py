"""Pull diagnostics: `textDocument/diagnostic`, `workspace/diagnostic`, and how they share with push."""

from __future__ import annotations

import asyncio

import pytest
from lsp_support import (
    RecordingClient,
    Workspace,
    capabilities,
    diagnostics_at,
    make_dashboard,
    make_issue,
    published_uri,
    standard_dashboard,
    start,
)
from lsprotocol import types

pytestmark = pytest.mark.asyncio


async def pull(
    client: RecordingClient, uri: str, previous: str | None = None
) -> types.RelatedFullDocumentDiagnosticReport | types.RelatedUnchangedDocumentDiagnosticReport:
    return await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=previous
        )
    )


async def test_document_pull_then_refresh_on_change(client: RecordingClient, workspace: Workspace):
    """A client that pulls and can be asked to re-pull gets pulled documents by pull only."""
    workspace.write(standard_dashboard(workspace))
    result = await start(client, workspace, capabilities(pull=True, refresh=True))
    provider = result.capabilities.diagnostic_provider
    assert isinstance(provider, types.DiagnosticOptions)
    assert provider.workspace_diagnostics is True
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))
    uri = published_uri(client, workspace, "app/db.py")

    report = await pull(client, uri)
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert [(d.code, d.range.start.line) for d in report.items] == [("db-1", 5)]
    # Its pushed copy is withdrawn, so the editor does not show it twice.
    await client.wait_for(lambda: not diagnostics_at(client, workspace, "app/db.py"))

    again = await pull(client, uri, previous=report.result_id)
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    assert again.result_id == report.result_id

    refreshes = client.count(types.WORKSPACE_DIAGNOSTIC_REFRESH)
    workspace.write(make_dashboard(workspace.root, [make_issue("db-9", "app/db.py", 9)]))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=workspace.dashboard_path.as_uri(), type=types.FileChangeType.Changed
                )
            ]
        )
    )
    await client.wait_for(lambda: client.count(types.WORKSPACE_DIAGNOSTIC_REFRESH) > refreshes)
    changed = await pull(client, uri, previous=report.result_id)
    assert isinstance(changed, types.RelatedFullDocumentDiagnosticReport)
    assert [(d.code, d.range.start.line) for d in changed.items] == [("db-9", 8)]
    # Documents never pulled are still pushed.
    assert diagnostics_at(client, workspace, "app/feed.py") == []  # gone from the new dashboard
    assert not diagnostics_at(client, workspace, "app/db.py")


async def test_workspace_pull(client: RecordingClient, workspace: Workspace):
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace, capabilities(pull=True, refresh=True))
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))

    report = await client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(previous_result_ids=[])
    )
    by_uri = {item.uri: item for item in report.items}
    db = by_uri[published_uri(client, workspace, "app/db.py")]
    assert isinstance(db, types.WorkspaceFullDocumentDiagnosticReport)
    assert [d.code for d in db.items] == ["db-1"]
    assert len(by_uri) == 4  # db.py, réglages.py, feed.py, test_db.py
    # After a workspace pull, nothing is pushed any more.
    await client.wait_for(lambda: not any(client.diagnostics.values()))

    # Nothing changed since: the next pull is held until a new dashboard changes something.
    previous = [types.PreviousResultId(uri=i.uri, value=i.result_id or "") for i in report.items]
    held = asyncio.ensure_future(
        client.workspace_diagnostic_async(
            types.WorkspaceDiagnosticParams(previous_result_ids=previous)
        )
    )
    statuses = len(client.statuses)
    workspace.write(make_dashboard(workspace.root, [make_issue("db-9", "app/db.py", 9)]))
    assert not held.done()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=workspace.dashboard_path.as_uri(), type=types.FileChangeType.Changed
                )
            ]
        )
    )
    answer = await asyncio.wait_for(held, 5)
    assert len(client.statuses) > statuses or await client.wait_for(
        lambda: len(client.statuses) > statuses
    )
    by_uri = {item.uri: item for item in answer.items}
    db = by_uri[published_uri(client, workspace, "app/db.py")]
    assert isinstance(db, types.WorkspaceFullDocumentDiagnosticReport)
    assert [(d.code, d.range.start.line) for d in db.items] == [("db-9", 8)]
    feed = by_uri[(workspace.root / "app/feed.py").as_uri()]
    assert isinstance(feed, types.WorkspaceFullDocumentDiagnosticReport)
    assert list(feed.items) == []  # cleared
    assert not any(client.diagnostics.values())  # still nothing pushed


async def test_pull_without_refresh_support_keeps_push(
    client: RecordingClient, workspace: Workspace
):
    """Neovim pulls but cannot be told to re-pull: push stays, pulls answer empty (no doubles)."""
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace, capabilities(pull=True, refresh=False))
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))
    report = await pull(client, published_uri(client, workspace, "app/db.py"))
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert not report.items
    assert diagnostics_at(client, workspace, "app/db.py")


async def test_both_mode_pushes_and_answers_pulls(client: RecordingClient, workspace: Workspace):
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace, capabilities(pull=True), options={"diagnosticMode": "both"})
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))
    report = await pull(client, published_uri(client, workspace, "app/db.py"))
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert [d.code for d in report.items] == ["db-1"]
    assert [d.code for d in diagnostics_at(client, workspace, "app/db.py")] == ["db-1"]
