"""Bad dashboards never crash the server: one warning per problem, last good diagnostics kept."""

from __future__ import annotations

import json

import pytest
from lsp_support import (
    RecordingClient,
    Workspace,
    capabilities,
    diagnostics_at,
    make_dashboard,
    make_issue,
    standard_dashboard,
    start,
)
from lsprotocol import types

from llm_brief.core.codec import to_json

pytestmark = pytest.mark.asyncio

WARNING = types.MessageType.Warning


async def test_corrupt_dashboard_keeps_last_good_and_warns_once(
    client: RecordingClient, workspace: Workspace
):
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace, capabilities(watched_files=False))
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))
    good = diagnostics_at(client, workspace, "app/db.py")

    text = json.dumps(to_json(standard_dashboard(workspace)))
    workspace.write_text(text[: len(text) // 2])  # a partial write
    await client.wait_for(lambda: len(client.shown(WARNING)) == 1)
    [warning] = client.shown(WARNING)
    assert "is not valid JSON" in warning
    workspace.write_text("{ not json at all")
    await client.wait_for(lambda: len(client.statuses) >= 3)
    # Every read is logged; the user is told once.
    assert len(client.shown(WARNING)) == 1
    assert sum("is not valid JSON" in m.message for m in client.log_messages) >= 2
    assert diagnostics_at(client, workspace, "app/db.py") == good

    # Good again, then bad again: that is news, so it is shown again.
    workspace.write(make_dashboard(workspace.root, [make_issue("db-2", "app/db.py", 10)]))
    await client.wait_for(
        lambda: [d.code for d in diagnostics_at(client, workspace, "app/db.py")] == ["db-2"]
    )
    workspace.write_text("[]")
    await client.wait_for(lambda: len(client.shown(WARNING)) == 2)
    assert "is not a JSON object" in client.shown(WARNING)[-1]


async def test_wrong_types_are_corrupt_not_a_crash(client: RecordingClient, workspace: Workspace):
    data = to_json(standard_dashboard(workspace))
    data["issues"][0]["location"]["line"] = "six"
    workspace.write_text(json.dumps(data))
    await start(client, workspace, capabilities(watched_files=False))
    await client.wait_for(lambda: client.shown(WARNING))
    assert "issues[0].location.line: expected an integer" in client.shown(WARNING)[0]
    assert client.statuses[-1]["exists"] is True
    assert client.statuses[-1]["health"] is None
    data["issues"][0].pop("location")
    workspace.write_text(json.dumps(data))
    await client.wait_for(lambda: len(client.statuses) >= 2)
    # Same state (corrupt): not shown again.
    assert len(client.shown(WARNING)) == 1


async def test_newer_schema_clears_and_warns(client: RecordingClient, workspace: Workspace):
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace, capabilities(watched_files=False))
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))

    data = to_json(standard_dashboard(workspace))
    data["schema_version"] = 99
    workspace.write_text(json.dumps(data))
    await client.wait_for(lambda: not any(client.diagnostics.values()))
    [warning] = client.shown(WARNING)
    assert "schema_version 99" in warning
    assert "upgrade llm-brief" in warning


async def test_missing_dashboard_then_created(client: RecordingClient, workspace: Workspace):
    await start(client, workspace, capabilities(watched_files=False))
    assert client.statuses[-1]["exists"] is False
    [warning] = client.shown(WARNING)
    assert "run `pytest --llm-brief`" in warning

    workspace.write(standard_dashboard(workspace))
    await client.wait_for(lambda: client.statuses[-1]["exists"])
    assert diagnostics_at(client, workspace, "app/db.py")


async def test_paths_outside_the_workspace_are_ignored(
    client: RecordingClient, workspace: Workspace
):
    outside = workspace.root.parent / "outside.py"
    outside.write_text("x = 1\n")
    dashboard = make_dashboard(
        workspace.root,
        [
            make_issue("out-1", "../outside.py", 1),
            make_issue("abs-1", str(outside), 1),
            make_issue("gone-1", "app/deleted.py", 3),
            make_issue("db-1", "app/db.py", 6),
        ],
    )
    workspace.write(dashboard)
    await start(client, workspace)
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))
    assert [uri for uri, items in client.diagnostics.items() if items] == [
        (workspace.root / "app/db.py").as_uri()
    ]


async def test_run_root_missing_resolves_against_the_folder(
    client: RecordingClient, workspace: Workspace
):
    """A dashboard made on another machine (or in CI) still maps onto this checkout."""
    workspace.write(make_dashboard("/ci/build/checkout", [make_issue("db-1", "app/db.py", 6)]))
    await start(client, workspace)
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))
    assert [d.range.start.line for d in diagnostics_at(client, workspace, "app/db.py")] == [5]


async def test_bad_settings_are_reported_not_fatal(client: RecordingClient, workspace: Workspace):
    workspace.write(standard_dashboard(workspace))
    await start(
        client,
        workspace,
        capabilities(configuration=False),
        options={"llmBrief": {"severity": {"issue": "loud"}, "maxTestDiagnosticsPerIssue": -1}},
    )
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))
    shown = client.shown(WARNING)
    assert any("severity.issue must be error, warning" in m for m in shown)
    assert any("maxTestDiagnosticsPerIssue" in m for m in shown)
    assert diagnostics_at(client, workspace, "app/db.py")[0].severity == (
        types.DiagnosticSeverity.Error
    )


async def test_two_workspace_folders(client: RecordingClient, workspace: Workspace, tmp_path):
    other_root = tmp_path / "other"
    (other_root / "app").mkdir(parents=True)
    (other_root / "app/db.py").write_bytes((workspace.root / "app/db.py").read_bytes())
    other = Workspace(other_root)
    workspace.write(standard_dashboard(workspace))
    other.write(make_dashboard(other.root, [make_issue("o-1", "app/db.py", 10)]))
    await start(client, workspace, folders=[workspace.folder(), other.folder()])
    await client.wait_for(
        lambda: (
            diagnostics_at(client, workspace, "app/db.py")
            and diagnostics_at(client, other, "app/db.py")
        )
    )
    assert [d.code for d in diagnostics_at(client, other, "app/db.py")] == ["o-1"]
    statuses = await client.protocol.send_request_async("llmBrief/getStatus", {})
    assert len(statuses) == 2

    # Removing a folder takes its diagnostics back.
    client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(added=[], removed=[other.folder()])
        )
    )
    await client.wait_for(lambda: not diagnostics_at(client, other, "app/db.py"))
    assert diagnostics_at(client, workspace, "app/db.py")
