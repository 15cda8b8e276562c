"""Text from the run stays data: no structure, no control or bidi characters, no secret.

A dashboard plants Markdown, line breaks, direction overrides and a GitHub token in every text
field; everything the server sends about it (pushed and pulled diagnostics, hovers, code
actions, the copied rerun command, messages) is collected and searched.
"""

from __future__ import annotations

import json
import re
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
    start,
    warning_pattern,
)
from lsprotocol import types
from pygls.protocol import default_converter

from llm_brief.core.codec import to_json
from llm_brief.core.model import Frame, LogEntry

pytestmark = pytest.mark.asyncio

SECRET = "ghp_Zq8Xw2Lk9Vb4Nm7Rt1Yc6Ps3Df5Gh0Jk8Lq2W"
# A right-to-left mark inside the token: stripped before redaction, or the token would survive.
HIDDEN_SECRET = SECRET[:12] + "\u200f" + SECRET[12:]
HOSTILE = "boom\n# Owned\n- item\n```\n<img src=x>\u202egnp.exe\x1b[31m\x9b\u2066end"
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def hostile_dashboard(ws: Workspace) -> dict[str, Any]:
    issue = make_issue(
        "db-1",
        "app/db.py",
        6,
        title=f"AssertionError: {HOSTILE} {SECRET}",
        tests=((f"tests/test_db.py::test_a[{HIDDEN_SECRET}\n# x]", 4),),
        frames=(Frame("app/db.py", 10, f"f {SECRET}\n# frame", in_app=True),),
        logs=(LogEntry("ERROR", "app.db", "t", f"````\n# {HIDDEN_SECRET}", "app/db.py", 6, 2),),
    )
    pattern = warning_pattern()
    data = to_json(make_dashboard(ws.root, [issue], [pattern]))
    data["issues"][0].update(
        message=f"{HOSTILE} token={SECRET}",
        suggestion=f"export GITHUB_TOKEN={SECRET}\n# then",
        rerun=f"pytest 'tests/test_db.py::test_a[{SECRET}]'",
        status="new",
    )
    data["log_patterns"][0].update(
        template=f"Reconnect {HIDDEN_SECRET}\n# failed", example=f"```\n{SECRET}"
    )
    return data


def sent_texts(*payloads: Any) -> str:
    """Everything in the payloads, as the JSON the server sent (lsprotocol objects unstructured)."""
    converter = default_converter()
    return json.dumps(converter.unstructure(list(payloads)), ensure_ascii=False)


def strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


async def test_hostile_text_reaches_the_editor_as_redacted_data(
    client: RecordingClient, workspace: Workspace
):
    workspace.write_text(json.dumps(hostile_dashboard(workspace)))
    await start(client, workspace, capabilities(pull=True), options={"diagnosticMode": "both"})
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))
    uri = published_uri(client, workspace, "app/db.py")
    test_uri = published_uri(client, workspace, "tests/test_db.py")
    document = types.TextDocumentIdentifier(uri=uri)

    pulled = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=document)
    )
    hovers = [
        await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=u), position=at)
        )
        for u, at in (
            (uri, types.Position(line=5, character=0)),
            (test_uri, types.Position(line=3, character=0)),
            (published_uri(client, workspace, "app/feed.py"), types.Position(line=5, character=0)),
        )
    ]
    diagnostics = diagnostics_at(client, workspace, "app/db.py")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=document,
            range=types.Range(
                start=types.Position(line=5, character=0), end=types.Position(line=5, character=0)
            ),
            context=types.CodeActionContext(diagnostics=diagnostics),
        )
    )
    assert actions
    issue_id = diagnostics[0].code
    rerun = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command="llmBrief.copyRerun", arguments=[issue_id, workspace.uri]
        )
    )

    everything = sent_texts(
        client.publishes, pulled, hovers, actions, rerun, client.messages, client.log_messages
    )
    assert SECRET not in everything, [
        everything[max(0, m.start() - 300) : m.end() + 50]
        for m in re.finditer(re.escape(SECRET), everything)
    ]
    assert SECRET[12:] not in everything  # nor the part after the hidden mark
    assert "[REDACTED:github-token]" in everything
    assert "[REDACTED:" in rerun

    unstructured = default_converter().unstructure([client.publishes, pulled, hovers, actions])
    texts = strings_in(unstructured)
    assert not [t for t in texts if INVISIBLE.search(t)]
    messages = [d.message for p in client.publishes for d in p.diagnostics]
    messages += [r.message for d in diagnostics for r in d.related_information or []]
    assert messages
    assert not [m for m in messages if "\n" in m or "\r" in m]

    assert all(isinstance(h, types.Hover) for h in hovers)
    markdown = "\n".join(h.contents.value for h in hovers if isinstance(h, types.Hover))  # type: ignore[union-attr]
    lines = markdown.splitlines()
    # The planted header, list item, fence and HTML start nothing: our own lines only.
    assert not [line for line in lines if line.startswith("#") and not line.startswith("### ")]
    assert not [line for line in lines if line.startswith("- ") and not line.startswith("- `")]
    assert "<img" in markdown
    assert not re.search(r"(?<!\\)<img", markdown)  # escaped: shown, not rendered
    assert code_blocks(lines) == 6  # logs and rerun twice (raising line, test line), pattern x2


def code_blocks(lines: list[str]) -> int:
    """How many fenced blocks the hover opens, checking each closes on its own fence."""
    blocks = 0
    i = 0
    while i < len(lines):
        opening = re.fullmatch(r"(`{3,})(text|sh)", lines[i])
        if opening:
            fence = opening.group(1)
            closing = re.compile(f"`{{{len(fence)},}} *")
            end = next(j for j in range(i + 1, len(lines)) if closing.fullmatch(lines[j]))
            assert lines[end] == fence
            blocks += 1
            i = end
        i += 1
    return blocks


async def test_a_password_in_a_title_is_redacted(client: RecordingClient, workspace: Workspace):
    """The redaction is the project's own: key=value secrets too, whatever wrote the file."""
    data = hostile_dashboard(workspace)
    data["issues"][0]["title"] = "AssertionError: password=hunter2-correct-horse in the log"
    workspace.write_text(json.dumps(data))
    await start(client, workspace)
    await client.wait_for(lambda: diagnostics_at(client, workspace, "app/db.py"))
    everything = sent_texts(client.publishes)
    assert "hunter2-correct-horse" not in everything
    assert "[REDACTED:password]" in everything
