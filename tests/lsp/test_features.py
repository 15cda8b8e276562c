"""Hover, code actions and commands end to end, including a rerun with work-done progress."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

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

from llm_brief.core.codec import to_json

pytestmark = pytest.mark.asyncio


async def hover_at(client: RecordingClient, uri: str, line: int) -> types.Hover | None:
    return await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=6),
        )
    )


async def test_hover_on_the_raising_line(client: RecordingClient, workspace: Workspace):
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace)
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))

    result = await hover_at(client, published_uri(client, workspace, "app/db.py"), 5)
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.Markdown
    text = result.contents.value
    assert "### \\[db\\] OperationalError: no such table: orders" in text
    assert "category `db`" in text
    assert "**Suggestion** (effort: 15m): Run the migrations before using the store\\." in text
    assert "**Affected tests** (4)" in text
    assert "- `tests/test_db.py::test_a`" in text
    assert "<details><summary>Evidence logs (1)</summary>" in text
    assert "ERROR app.db: query failed  (×3)" in text
    assert "```sh\npytest tests/test_db.py::test_a" in text

    # The affected test's line hovers the same issue; an unflagged line hovers nothing.
    on_test = await hover_at(client, published_uri(client, workspace, "tests/test_db.py"), 7)
    assert on_test is not None
    assert "OperationalError" in on_test.contents.value  # type: ignore[union-attr]
    assert await hover_at(client, published_uri(client, workspace, "app/db.py"), 1) is None

    pattern = await hover_at(client, published_uri(client, workspace, "app/feed.py"), 5)
    assert pattern is not None
    assert "WARNING logged 25 times" in pattern.contents.value  # type: ignore[union-attr]


async def code_actions(
    client: RecordingClient,
    uri: str,
    line: int,
    diagnostics: list[types.Diagnostic],
    only: list[str] | None = None,
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(
                start=types.Position(line=line, character=0),
                end=types.Position(line=line, character=0),
            ),
            context=types.CodeActionContext(
                diagnostics=diagnostics,
                only=[types.CodeActionKind(k) for k in only] if only else None,
            ),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


async def test_code_actions_on_a_diagnostic(client: RecordingClient, workspace: Workspace):
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace)
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))
    uri = published_uri(client, workspace, "app/db.py")
    diagnostics = diagnostics_at(client, workspace, "app/db.py")

    actions = await code_actions(client, uri, 5, diagnostics)
    assert [a.title for a in actions] == [
        "llm-brief: Open briefing",
        "llm-brief: Copy rerun command",
        "llm-brief: Rerun affected tests",
    ]
    commands = [a.command for a in actions]
    assert [(c.command, list(c.arguments or [])) for c in commands if c] == [
        ("llmBrief.openBriefing", [workspace.uri]),
        ("llmBrief.copyRerun", ["db-1", workspace.uri]),
        ("llmBrief.rerun", ["db-1", workspace.uri]),
    ]

    # Clients that send no diagnostics in the context get the same actions for a flagged line.
    assert [a.title for a in await code_actions(client, uri, 5, [])] == [a.title for a in actions]
    # Nothing for other kinds (e.g. organize imports on save), nothing on plain lines.
    assert await code_actions(client, uri, 5, diagnostics, only=["source.organizeImports"]) == []
    assert await code_actions(client, uri, 1, []) == []


async def test_open_briefing_and_copy_rerun(client: RecordingClient, workspace: Workspace):
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace)

    opened = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="llmBrief.openBriefing", arguments=[workspace.uri])
    )
    briefing = (workspace.root / ".llm-brief/briefing.md").as_uri()
    assert [d.uri for d in client.shown_documents] == [briefing]
    assert _plain(opened) == {"uri": briefing, "shown": True}

    command = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="llmBrief.copyRerun", arguments=["db-1", workspace.uri])
    )
    assert command == "pytest " + " ".join(f"tests/test_db.py::test_{c}" for c in "abcd")
    assert any(command in m for m in client.shown(types.MessageType.Info))


async def test_open_briefing_without_show_document(client: RecordingClient, workspace: Workspace):
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace, capabilities(show_document=False))
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="llmBrief.openBriefing", arguments=[])
    )
    assert client.shown_documents == []
    assert any("briefing.md" in m for m in client.shown(types.MessageType.Info))


FAKE_PYTEST = """
import json, os, sys
with open("rerun-args.json", "w") as out:
    json.dump({"argv": sys.argv[1:], "cwd": os.getcwd()}, out)
for pct in (25, 50, 75, 100):
    print(f"tests/test_db.py . [{pct:3d}%]", flush=True)
os.replace("next-dashboard.json", os.path.join(".llm-brief", "dashboard.json"))
sys.exit(1)
"""


def _plain(value: Any) -> Any:
    if hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


async def test_rerun_with_progress_then_republish(
    client: RecordingClient, workspace: Workspace, tmp_path: Path
):
    """The rerun runs `<interpreter> -m pytest <tests> --llm-brief` in the run's root.

    A stand-in for pytest records its arguments, prints progress and writes the next dashboard.
    """
    fake = tmp_path / "fake_pytest.py"
    fake.write_text(FAKE_PYTEST, encoding="utf-8")
    workspace.write(standard_dashboard(workspace))
    fixed = make_dashboard(workspace.root, [make_issue("db-2", "app/db.py", 10)])
    (workspace.root / "next-dashboard.json").write_text(json.dumps(to_json(fixed)))
    await start(
        client,
        workspace,
        capabilities(watched_files=True),
        options={"interpreter": [sys.executable, str(fake)]},
    )
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))

    result = _plain(
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="llmBrief.rerun", arguments=["db-1", workspace.uri])
        )
    )
    assert result["exitCode"] == 1
    recorded = json.loads((workspace.root / "rerun-args.json").read_text())
    assert recorded["cwd"] == str(workspace.root)
    assert recorded["argv"] == [
        "-m",
        "pytest",
        *(f"tests/test_db.py::test_{c}" for c in "abcd"),
        "--llm-brief",
    ]

    [(token, reports)] = [
        (t, r) for t, r in client.progress_reports.items() if str(t).startswith("llm-brief-rerun")
    ]
    assert isinstance(reports[0], types.WorkDoneProgressBegin)
    assert reports[0].title == "llm-brief: rerunning 4 tests"
    assert reports[0].cancellable is True
    assert isinstance(reports[-1], types.WorkDoneProgressEnd)
    assert reports[-1].message == "exit code 1"
    assert token

    # Republished when the rerun ended: the old issue is gone, the new one is at line 10.
    assert [d.code for d in diagnostics_at(client, workspace, "app/db.py")] == ["db-2"]
    assert [d.range.start.line for d in diagnostics_at(client, workspace, "app/db.py")] == [9]


async def test_rerun_refuses_anything_but_pytest(client: RecordingClient, workspace: Workspace):
    dashboard = standard_dashboard(workspace)
    evil = make_issue("evil-1", "app/db.py", 6)
    evil = type(evil)(**{**{f: getattr(evil, f) for f in evil.__slots__}, "rerun": "rm -rf ~"})
    workspace.write(make_dashboard(workspace.root, [*dashboard.issues, evil]))
    await start(client, workspace)
    result = _plain(
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="llmBrief.rerun", arguments=["evil-1"])
        )
    )
    assert result["exitCode"] is None
    assert "not a pytest command" in result["error"]
    assert any("not a pytest command" in m for m in client.shown(types.MessageType.Warning))
    assert client.progress_reports == {}


SLOW_PYTEST = """
import sys, time
print("collected 4 items", flush=True)
time.sleep(120)
"""


async def test_cancelling_the_progress_stops_the_rerun(
    client: RecordingClient, workspace: Workspace, tmp_path: Path
):
    slow = tmp_path / "slow_pytest.py"
    slow.write_text(SLOW_PYTEST, encoding="utf-8")
    workspace.write(standard_dashboard(workspace))
    await start(client, workspace, options={"interpreter": [sys.executable, str(slow)]})
    running = asyncio.ensure_future(
        client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="llmBrief.rerun", arguments=["db-1", workspace.uri])
        )
    )
    token = await client.wait_for(
        lambda: next((t for t, r in client.progress_reports.items() if r), None)
    )
    client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token=token))
    result = _plain(await asyncio.wait_for(running, 10))
    assert result["exitCode"] != 0
    reports = client.progress_reports[token]
    assert isinstance(reports[-1], types.WorkDoneProgressEnd)
    assert reports[-1].message == "cancelled"
