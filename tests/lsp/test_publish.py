"""Push diagnostics end to end: the right lines, updates on change (events or polling), clearing."""

from __future__ import annotations

import pytest
from lsp_support import (
    DB_TESTS,
    UNICODE_FILE,
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
from pytest_lsp import client_capabilities

pytestmark = pytest.mark.asyncio

E = types.DiagnosticSeverity.Error
I = types.DiagnosticSeverity.Information  # noqa: E741
W = types.DiagnosticSeverity.Warning


async def test_publishes_each_issue_at_its_line(client: RecordingClient, workspace: Workspace):
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace)
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))

    db = diagnostics_at(client, workspace, "app/db.py")
    assert len(db) == 1
    primary = db[0]
    assert primary.range.start.line == 5
    assert primary.range.start.character == 4  # the first non-blank character
    assert primary.severity == E
    assert primary.source == "llm-brief"
    assert primary.code == "db-1"
    assert primary.message == "[db] OperationalError: no such table: orders (4 tests, new)"
    assert primary.code_description is not None
    assert primary.code_description.href == (workspace.root / ".llm-brief/briefing.md").as_uri()
    assert primary.data["suggestion"] == "Run the migrations before using the store."
    assert primary.data["rerun"].startswith("pytest tests/test_db.py::test_a")
    related = primary.related_information or []
    # The other in-app frame (the test's line), then the affected tests; never site-packages.
    assert related[0].message == "in test_a"
    assert related[0].location.range.start.line == 4
    assert all("/usr/lib" not in r.location.uri for r in related)

    # Affected tests: Information diagnostics, three by default, linked back to the root cause.
    tests = diagnostics_at(client, workspace, "tests/test_db.py")
    db_tests = [d for d in tests if d.code == "db-1"]
    assert sorted(d.range.start.line for d in db_tests) == [3, 7, 11]
    assert {d.severity for d in db_tests} == {I}
    back = db_tests[0].related_information or []
    assert back[0].location.uri == published_uri(client, workspace, "app/db.py")
    assert back[0].location.range.start.line == 5

    # One Warning per WARNING-or-worse log pattern, at its call site, with its count.
    feed = diagnostics_at(client, workspace, "app/feed.py")
    assert [(d.range.start.line, d.severity) for d in feed] == [(5, W)]
    assert "25 times" in feed[0].message


async def test_utf16_ranges_on_a_crlf_unicode_file(client: RecordingClient, workspace: Workspace):
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace)
    await client.wait_for(lambda: diagnostics_at(client, workspace, UNICODE_FILE))
    [diagnostic] = list(diagnostics_at(client, workspace, UNICODE_FILE))
    line = '    return settings["délai_🚀"]  # clé manquante'
    assert diagnostic.range.start.line == 3  # CRLF counted as one line break
    assert diagnostic.range.start.character == 4
    # UTF-16: the rocket takes two code units; é one.
    assert diagnostic.range.end.character == len(line.encode("utf-16-le")) // 2 == len(line) + 1


async def test_utf8_ranges_when_the_client_prefers_utf8(
    client: RecordingClient, workspace: Workspace
):
    workspace.write(standard_dashboard(workspace))
    result = await start(client, workspace, capabilities(encodings=["utf-8", "utf-16"]))
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    await client.wait_for(lambda: diagnostics_at(client, workspace, UNICODE_FILE))
    [diagnostic] = diagnostics_at(client, workspace, UNICODE_FILE)
    line = '    return settings["délai_🚀"]  # clé manquante'
    assert diagnostic.range.end.character == len(line.encode("utf-8"))


async def test_update_after_change_with_watched_files(
    client: RecordingClient, workspace: Workspace
):
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace)
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))

    # The server asked the client to watch the dashboard, with a relative pattern.
    [registration] = [
        r for r in client.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    ]
    [watcher] = registration.register_options["watchers"]  # type: ignore[index]
    assert watcher["globPattern"] == {
        "baseUri": workspace.uri,
        "pattern": ".llm-brief/dashboard.json",
    }

    # A fixed issue: the new dashboard only has the config one. The client reports the change.
    fixed = standard_dashboard(workspace)
    workspace.write(make_dashboard(workspace.root, fixed.issues[1:], fixed.log_patterns))
    reloads = len(client.statuses)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=workspace.dashboard_path.as_uri(), type=types.FileChangeType.Changed
                )
            ]
        )
    )
    # Cleared with an empty publish (the status notification follows a reload's publishes).
    await client.wait_for(lambda: len(client.statuses) > reloads)
    assert not diagnostics_at(client, workspace, "app/db.py")
    assert any(
        not p.diagnostics and p.uri == published_uri(client, workspace, "app/db.py")
        for p in client.publishes
    )
    assert diagnostics_at(client, workspace, UNICODE_FILE)
    assert [d.code for d in diagnostics_at(client, workspace, "tests/test_db.py")] == ["cfg-1"]


async def test_without_file_events_the_server_polls(client: RecordingClient, workspace: Workspace):
    """Neovim 0.8 registers no file watchers; the server notices the new dashboard itself."""
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace, client_capabilities("neovim@v0.8.0"))
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))
    assert client.registrations == []

    workspace.write(make_dashboard(workspace.root, [make_issue("db-2", "app/db.py", 10)]))
    await client.wait_for(
        lambda: [d.range.start.line for d in diagnostics_at(client, workspace, "app/db.py")] == [9],
        timeout=1.0,
    )
    await client.wait_for(lambda: not diagnostics_at(client, workspace, UNICODE_FILE))


async def test_deleted_dashboard_clears_everything(client: RecordingClient, workspace: Workspace):
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace, capabilities(watched_files=False))
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))

    workspace.remove()
    await client.wait_for(lambda: not any(client.diagnostics.values()))
    await client.wait_for(lambda: client.statuses[-1]["exists"] is False)


async def test_status_notification_and_request(client: RecordingClient, workspace: Workspace):
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace)
    status = client.statuses[-1]
    assert status == {
        "workspaceFolder": workspace.uri,
        "dashboard": workspace.dashboard_path.as_uri(),
        "briefing": (workspace.root / ".llm-brief/briefing.md").as_uri(),
        "exists": True,
        "health": "ERROR",
        "issues": 2,
        "runKind": "pytest",
        "startedAt": "2025-01-01T00:00:00Z",
    }
    answer = await client.protocol.send_request_async("llmBrief/getStatus", {})
    assert [dict(a._asdict()) if hasattr(a, "_asdict") else a for a in answer] == [status]


async def test_settings_from_initialization_options(client: RecordingClient, workspace: Workspace):
    """Test failures need not look like compile errors: severities and limits are settings."""
    workspace.dashboard_rel = "out/dash.json"
    workspace.write(standard_dashboard(workspace))
    options = {
        "dashboardPath": "out/dash.json",
        "severity": {"issue": "warning", "test": "off", "logPattern": "hint"},
        "maxTestDiagnosticsPerIssue": 1,
    }
    await start(client, workspace, capabilities(configuration=False), options=options)
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))
    assert [d.severity for d in diagnostics_at(client, workspace, "app/db.py")] == [W]
    assert diagnostics_at(client, workspace, "tests/test_db.py") == []
    assert [d.severity for d in diagnostics_at(client, workspace, "app/feed.py")] == [
        types.DiagnosticSeverity.Hint
    ]


async def test_settings_from_workspace_configuration(client: RecordingClient, workspace: Workspace):
    workspace.write(standard_dashboard(workspace))
    client.set_configuration(
        {"severity": {"test": "hint"}, "maxTestDiagnosticsPerIssue": 2},
        section="llmBrief",
        scope_uri=workspace.uri,
    )
    await start(client, workspace)
    await client.wait_for(lambda: diagnostics_at(client, workspace, "tests/test_db.py"))
    tests = [d for d in diagnostics_at(client, workspace, "tests/test_db.py") if d.code == "db-1"]
    assert [d.range.start.line for d in tests] == [3, 7]
    assert {d.severity for d in tests} == {types.DiagnosticSeverity.Hint}

    # A configuration change is pulled again and applied.
    client.set_configuration({"severity": {"test": "off"}}, section="llmBrief")
    client._configuration.pop(workspace.uri, None)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await client.wait_for(lambda: not diagnostics_at(client, workspace, "tests/test_db.py"))


async def test_parametrized_tests_share_one_diagnostic(
    client: RecordingClient, workspace: Workspace
):
    ids = [(f"tests/test_db.py::test_a[{i}]", 4) for i in range(30)]
    workspace.write(
        make_dashboard(workspace.root, [make_issue("di-1", "app/db.py", 10, tests=ids)])
    )
    await start(client, workspace)
    await client.wait_for(lambda: diagnostics_at(client, workspace, "tests/test_db.py"))
    [test] = diagnostics_at(client, workspace, "tests/test_db.py")
    assert test.message.startswith("test_a[0] (and 29 more here) fails because of [db]")
    assert len(DB_TESTS) == 4
