"""Helpers for the language server's tests: the recording client, capabilities, workspaces, dashboards."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, Union

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from llm_brief.core.codec import to_json
from llm_brief.core.model import (
    Counts,
    Dashboard,
    Frame,
    Issue,
    Location,
    LogEntry,
    LogPattern,
    Run,
    TestLocation,
)

T = TypeVar("T")
LSP_DIR = Path(__file__).resolve().parents[2] / "lsp"
WAIT_S = 10.0


# -- the client -----------------------------------------------------------------------------------


class RecordingClient(LanguageClient):
    """pytest-lsp's client, also recording every server→client message it cares about in order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events: list[tuple[str, Any]] = []
        self.publishes: list[types.PublishDiagnosticsParams] = []
        self.statuses: list[dict[str, Any]] = []
        self.registrations: list[types.Registration] = []
        self._changed: asyncio.Event | None = None

    def record(self, method: str, params: Any) -> None:
        self.events.append((method, params))
        if self._changed is not None:
            self._changed.set()

    async def wait_for(self, predicate: Callable[[], T], timeout: float = WAIT_S) -> T:
        """Wait until `predicate()` is truthy, re-checking whenever a message arrives."""
        if self._changed is None:
            self._changed = asyncio.Event()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout}s; events: {self.tail()}")
            self._changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    def tail(self) -> list[str]:
        return [method for method, _ in self.events[-15:]]

    def count(self, method: str) -> int:
        return sum(1 for m, _ in self.events if m == method)

    def shown(self, kind: types.MessageType | None = None) -> list[str]:
        return [m.message for m in self.messages if kind is None or m.type == kind]

    def diagnostics_of(self, uri: str) -> list[types.Diagnostic]:
        return list(self.diagnostics.get(uri, []))

    def lines_of(self, uri: str, severity: types.DiagnosticSeverity | None = None) -> list[int]:
        """0-based lines of the document's current pushed diagnostics (of one severity)."""
        return sorted(
            d.range.start.line
            for d in self.diagnostics.get(uri, [])
            if severity is None or d.severity == severity
        )


def converter() -> Any:
    """pygls's converter, except that a CodeAction carrying a command stays a CodeAction.

    lsprotocol structures any object with a "command" key as a `Command`, so a `CodeAction`
    whose `command` is a `Command` object comes out mangled (a client-side artefact only).
    """
    conv = default_converter()

    def command_or_code_action(obj: Any, _: type) -> types.Command | types.CodeAction:
        if isinstance(obj.get("command"), str):
            return conv.structure(obj, types.Command)  # type: ignore[no-any-return]
        return conv.structure(obj, types.CodeAction)  # type: ignore[no-any-return]

    conv.register_structure_hook(
        Union[types.Command, types.CodeAction],  # noqa: UP007 - the hook is keyed on this object
        command_or_code_action,
    )
    return conv


def make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=converter)
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(c: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
        c.diagnostics[params.uri] = params.diagnostics
        c.publishes.append(params)
        c.record(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params)

    def show_message(c: RecordingClient, params: types.ShowMessageParams) -> None:
        c.messages.append(params)
        c.record(types.WINDOW_SHOW_MESSAGE, params)

    def progress(c: RecordingClient, params: types.ProgressParams) -> None:
        DEFAULT_CLIENT_FEATURES[types.PROGRESS](c, params)
        c.record(types.PROGRESS, params)

    def refresh(c: RecordingClient, params: None) -> None:
        c.diagnostic_refresh_count += 1
        c.record(types.WORKSPACE_DIAGNOSTIC_REFRESH, params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.WINDOW_SHOW_MESSAGE] = show_message
    features[types.PROGRESS] = progress
    features[types.WORKSPACE_DIAGNOSTIC_REFRESH] = refresh
    register_lsp_features(client, features)

    # pytest-lsp has no default handler for these requests.
    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(c: RecordingClient, params: types.RegistrationParams) -> None:
        c.registrations.extend(params.registrations)
        c.record(types.CLIENT_REGISTER_CAPABILITY, params)

    @client.feature(types.CLIENT_UNREGISTER_CAPABILITY)
    def unregister_capability(c: RecordingClient, params: types.UnregistrationParams) -> None:
        gone = {u.id for u in params.unregisterations}
        c.registrations = [r for r in c.registrations if r.id not in gone]
        c.record(types.CLIENT_UNREGISTER_CAPABILITY, params)

    @client.feature("llmBrief/status")
    def status(c: RecordingClient, params: Any) -> None:
        c.statuses.append(_plain(params))
        c.record("llmBrief/status", params)

    return client


def _plain(value: Any) -> Any:
    """pygls hands unknown notifications' params over as attrs objects; make them plain."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "_asdict"):  # pygls turns JSON objects of unknown messages into namedtuples
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "__dict__"):
        return {k: _plain(v) for k, v in vars(value).items()}
    return value


def server_command() -> list[str]:
    return [sys.executable, "-m", "llm_brief_lsp"]


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(LSP_DIR), env.get("PYTHONPATH")) if p)
    return env


# -- capabilities ---------------------------------------------------------------------------------


def capabilities(
    *,
    watched_files: bool = True,
    relative_patterns: bool = True,
    configuration: bool = True,
    progress: bool = True,
    show_document: bool = True,
    pull: bool = False,
    refresh: bool = False,
    encodings: Sequence[str] | None = None,
) -> types.ClientCapabilities:
    """A client's capabilities, with the knobs the server looks at."""
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind(e) for e in encodings]
        )
        if encodings
        else None,
        workspace=types.WorkspaceClientCapabilities(
            configuration=configuration,
            workspace_folders=True,
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True, relative_pattern_support=relative_patterns
            )
            if watched_files
            else None,
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(
                dynamic_registration=True
            ),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
            if refresh
            else None,
        ),
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                related_information=True, code_description_support=True, data_support=True
            ),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            code_action=types.CodeActionClientCapabilities(),
            diagnostic=types.DiagnosticClientCapabilities() if pull else None,
        ),
        window=types.WindowClientCapabilities(
            work_done_progress=progress,
            show_document=types.ShowDocumentClientCapabilities(support=True)
            if show_document
            else None,
        ),
    )


# -- the workspace --------------------------------------------------------------------------------

APP_FILES: dict[str, bytes] = {
    "app/__init__.py": b"",
    "app/db.py": (
        b'"""Order storage."""\n'
        b"import sqlite3\n"
        b"\n"
        b"\n"
        b"def open_orders(conn):\n"
        b'    return conn.execute("SELECT id FROM orders").fetchall()\n'
        b"\n"
        b"\n"
        b"def connect():\n"
        b'    return sqlite3.connect(":memory:")\n'
    ),
    # CRLF line endings and characters outside ASCII and the BMP, before and on flagged lines.
    "app/réglages.py": (
        '"""Réglages — 設定 🚀"""\r\n'
        "\r\n"
        "def délai(settings):\r\n"
        '    return settings["délai_🚀"]  # clé manquante\r\n'
    ).encode(),
    "app/feed.py": (
        b"import logging\n"
        b"\n"
        b'log = logging.getLogger("app.feed")\n'
        b"\n"
        b"def connect(n):\n"
        b'    log.warning("Reconnect attempt %d failed", n)\n'
    ),
    "tests/test_db.py": (
        b"from app.db import open_orders\n"
        b"\n"
        b"\n"
        b"def test_a():\n"
        b"    assert open_orders(None) == []\n"
        b"\n"
        b"\n"
        b"def test_b():\n"
        b"    assert open_orders(None)\n"
        b"\n"
        b"\n"
        b"def test_c():\n"
        b"    assert open_orders(None)\n"
        b"\n"
        b"\n"
        b"def test_d():\n"
        b"    assert open_orders(None)\n"
    ),
}
UNICODE_FILE = "app/réglages.py"


@dataclass
class Workspace:
    """A workspace folder on disk with a dashboard we control."""

    root: Path
    dashboard_rel: str = ".llm-brief/dashboard.json"
    writes: int = field(default=0)

    @property
    def uri(self) -> str:
        return self.root.as_uri()

    @property
    def dashboard_path(self) -> Path:
        return self.root / self.dashboard_rel

    def uri_of(self, rel: str) -> str:
        return (self.root / rel).as_uri()

    def folder(self) -> types.WorkspaceFolder:
        return types.WorkspaceFolder(uri=self.uri, name=self.root.name)

    def write_text(self, text: str) -> None:
        """Replace the dashboard atomically, as llm-brief does."""
        path = self.dashboard_path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.writes += 1
        tmp = path.with_name(f".{path.name}.{self.writes}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)

    def write(self, dashboard: Dashboard) -> None:
        self.write_text(json.dumps(to_json(dashboard)))
        (self.dashboard_path.parent / "briefing.md").write_text("# Briefing\n", encoding="utf-8")

    def remove(self) -> None:
        self.dashboard_path.unlink()


# -- dashboards -----------------------------------------------------------------------------------


def make_issue(
    id: str,
    path: str,
    line: int,
    *,
    category: str = "db",
    title: str = "OperationalError: no such table: orders",
    severity: str = "error",
    tests: Iterable[tuple[str, int]] = (),
    frames: Sequence[Frame] = (),
    status: str = "new",
    logs: Sequence[LogEntry] = (),
) -> Issue:
    """An issue raised at `path:line`, failing `tests` given as (nodeid, definition line)."""
    test_locations = tuple(
        TestLocation(nodeid=nodeid, path=nodeid.split("::")[0], line=tline)
        for nodeid, tline in tests
    )
    nodeids = tuple(t.nodeid for t in test_locations)
    return Issue(
        id=id,
        fingerprint=f"fp-{id}",
        category=category,
        severity=severity,  # type: ignore[arg-type]
        title=title,
        message=title.split(": ", 1)[-1],
        count=max(len(nodeids), 1),
        tests=nodeids,
        location=Location(path=path, line=line, function="f"),
        frames=tuple(frames) or (Frame(path=path, line=line, function="f", in_app=True),),
        logs=tuple(logs),
        suggestion="Run the migrations before using the store.",
        effort="15m",
        rerun="pytest " + " ".join(nodeids) if nodeids else "",
        status=status,  # type: ignore[arg-type]
        test_locations=test_locations,
        exception_type=title.split(":")[0],
    )


def make_dashboard(
    root: Path | str,
    issues: Sequence[Issue] = (),
    log_patterns: Sequence[LogPattern] = (),
    *,
    health: str = "ERROR",
    started_at: str = "2025-01-01T00:00:00Z",
) -> Dashboard:
    return Dashboard(
        run=Run(
            kind="pytest",
            command=("pytest", "--llm-brief"),
            root=str(root),
            started_at=started_at,
            duration_s=1.0,
            exit_code=1 if issues else 0,
            outcome="failed" if issues else "passed",
            counts=Counts(passed=1, failed=len(issues)),
        ),
        health=health,  # type: ignore[arg-type]
        issues=tuple(issues),
        log_patterns=tuple(log_patterns),
        tool={"name": "llm-brief", "version": "0.1.0"},
    )


def warning_pattern(path: str = "app/feed.py", line: int = 6, count: int = 25) -> LogPattern:
    return LogPattern(
        template="Reconnect attempt <*> failed",
        count=count,
        level="WARNING",
        logger="app.feed",
        path=path,
        line=line,
        first_seen=0.0,
        last_seen=1.0,
        example="Reconnect attempt 3 failed",
    )


DB_TESTS = (
    ("tests/test_db.py::test_a", 4),
    ("tests/test_db.py::test_b", 8),
    ("tests/test_db.py::test_c", 12),
    ("tests/test_db.py::test_d", 16),
)


def standard_dashboard(ws: Workspace) -> Dashboard:
    """The db issue (4 tests), a config KeyError in the CRLF/Unicode file, one WARNING pattern."""
    return make_dashboard(
        ws.root,
        [
            make_issue(
                "db-1",
                "app/db.py",
                6,
                tests=DB_TESTS,
                frames=(
                    Frame("tests/test_db.py", 5, "test_a", in_app=True),
                    Frame("app/db.py", 6, "open_orders", in_app=True),
                    Frame("/usr/lib/python3/sqlite3/x.py", 1, "execute", in_app=False),
                ),
                logs=(
                    LogEntry("ERROR", "app.db", "query failed", "query failed", "app/db.py", 6, 3),
                ),
            ),
            make_issue(
                "cfg-1",
                UNICODE_FILE,
                4,
                category="config",
                title="KeyError: 'délai_🚀'",
                tests=(("tests/test_db.py::test_a", 4),),
                status="persisting",
            ),
        ],
        [warning_pattern()],
    )


async def start(
    client: RecordingClient,
    ws: Workspace,
    caps: types.ClientCapabilities | None = None,
    options: dict[str, Any] | None = None,
    folders: Sequence[types.WorkspaceFolder] | None = None,
) -> types.InitializeResult:
    """Initialize the server on the workspace and wait for its first status notification."""
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=caps or capabilities(),
            workspace_folders=list(folders) if folders is not None else [ws.folder()],
            initialization_options=options,
        )
    )
    expected = len(folders) if folders is not None else 1
    await client.wait_for(lambda: len(client.statuses) >= expected)
    return result


def lsp_uri_key(uri: str) -> str:
    """Compare URIs as paths (clients and servers may percent-encode differently)."""
    from urllib.parse import unquote, urlparse

    return os.path.normpath(unquote(urlparse(uri).path))


def diagnostics_at(client: RecordingClient, ws: Workspace, rel: str) -> list[types.Diagnostic]:
    """Pushed diagnostics of a workspace file, whatever the URI's encoding."""
    key = lsp_uri_key(ws.uri_of(rel))
    found: list[types.Diagnostic] = []
    for uri, items in client.diagnostics.items():
        if lsp_uri_key(uri) == key:
            found.extend(items)
    return found


def published_uri(client: RecordingClient, ws: Workspace, rel: str) -> str:
    """The URI the server used for a workspace file."""
    key = lsp_uri_key(ws.uri_of(rel))
    for uri in client.diagnostics:
        if lsp_uri_key(uri) == key:
            return uri
    return ws.uri_of(rel)
