"""The corpus project's conftest: loopback servers, a clean AWS environment, and a failure recorder.

Copied into each corpus project as `conftest.py`. The recorder only reads what pytest already
holds (the call's exception), so the same file serves the plain run and the `--llm-brief` run.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent
RECORD = ROOT / ".corpus-record.jsonl"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.djsettings")


def pytest_configure(config: pytest.Config) -> None:
    """Set Django up once, as a Django project's conftest (or pytest-django) would."""
    import django

    django.setup()


def _chain(exc: BaseException) -> Iterator[BaseException]:
    # The exception, its causes and contexts, and the members of exception groups.
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend(e for e in (current.__cause__, current.__context__) if e is not None)
        todo.extend(getattr(current, "exceptions", ()) or ())


def _frames(exc: BaseException) -> list[list[Any]]:
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        if path.is_absolute() and path.is_relative_to(ROOT):
            frames.append([path.relative_to(ROOT).as_posix(), tb.tb_lineno])
        tb = tb.tb_next
    return frames


def _names(kind: type) -> list[str]:
    return [n for c in kind.__mro__ for n in (c.__name__, f"{c.__module__}.{c.__qualname__}")]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Record the exception a failing test raised: its types, messages and app frames."""
    report = yield
    if call.when == "call" and call.excinfo is not None:
        exc = call.excinfo.value
        chain = list(_chain(exc))
        record = {
            "nodeid": item.nodeid,
            "type_names": _names(type(exc)),
            "types": [type(e).__name__ for e in chain],
            "messages": [str(e) for e in chain],
            "frames": [frame for e in chain for frame in _frames(e)],
        }
        with RECORD.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
    return report


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections (in the backlog) and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield sock.getsockname()[1]


class _Handler(http.server.BaseHTTPRequestHandler):
    """`/status/N` answers N; `/html` answers a page; anything else 404."""

    def do_GET(self) -> None:
        if self.path.startswith("/status/"):
            self.send_response(int(self.path.rsplit("/", 1)[1]))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/html":
            body = b"<html><body>maintenance</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the corpus's logs are the cases' own."""


@pytest.fixture
def http_port() -> Iterator[int]:
    """A tiny local http.server on a loopback port, served from a thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def hangup_port() -> Iterator[int]:
    """A loopback port whose server accepts and immediately closes every connection."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)

    def serve() -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = sock.accept()
                # Read the request first: closing with unread data would reset, not hang up.
                conn.recv(65536)
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1]
    finally:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
        thread.join(timeout=5)


@pytest.fixture
def no_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No AWS credentials, region or instance metadata: boto3 must fail before any network."""
    for key in list(os.environ):
        if key.startswith(("AWS_", "BOTO")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
