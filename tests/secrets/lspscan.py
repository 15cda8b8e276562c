"""What llm-brief's language server tells an editor about a run (imported as `lspscan`).

A minimal LSP client over stdio: initialize on the project folder, open the generated file, wait
for its diagnostics, hover over each, shut down. Everything the server sent comes back as one
text, to be scanned for secrets like any file the run wrote.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

WAIT_S = 20.0


def _send(stdin: IO[bytes], message: dict[str, Any]) -> None:
    body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
    stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    stdin.flush()


def _reader(stdout: IO[bytes], inbox: queue.Queue[dict[str, Any] | None]) -> None:
    while True:
        length = 0
        while (line := stdout.readline()) not in (b"\r\n", b"\n"):
            if not line:
                inbox.put(None)
                return
            name, _, value = line.decode("ascii").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        inbox.put(json.loads(stdout.read(length)))


class Session:
    """One language-server process and the messages it sent."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "llm_brief_lsp"],
            cwd=folder,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.stdin = self.proc.stdin
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=_reader, args=(self.proc.stdout, self.inbox), daemon=True).start()
        self.received: list[dict[str, Any]] = []
        self._next_id = 0

    def request(self, method: str, params: Any) -> Any:
        """Send a request and wait for its answer (answering the server's own requests)."""
        self._next_id += 1
        _send(self.stdin, {"id": self._next_id, "method": method, "params": params})
        answer = self.wait(lambda m: m.get("id") == self._next_id and "method" not in m)
        return answer.get("result")

    def notify(self, method: str, params: Any) -> None:
        """Send a notification."""
        _send(self.stdin, {"method": method, "params": params})

    def wait(self, wanted: Any) -> dict[str, Any]:
        """The first message `wanted(message)` accepts; fails after WAIT_S."""
        while True:
            message = self.inbox.get(timeout=WAIT_S)
            if message is None:
                raise AssertionError("the language server closed its output")
            self.received.append(message)
            if "method" in message and "id" in message:
                # workspace/configuration, progress creation, refresh: an empty answer will do.
                _send(self.stdin, {"id": message["id"], "result": None})
            if wanted(message):
                return message

    def close(self) -> None:
        """Shut the server down and end it."""
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=WAIT_S)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout=WAIT_S)


_shared: Session | None = None
_shared_lock = threading.Lock()


def _start(env: dict[str, str]) -> Session:
    session = Session(Path.cwd(), env)
    session.request(
        "initialize",
        {
            "processId": None,
            "rootUri": None,
            "workspaceFolders": [],
            "capabilities": {
                "workspace": {"workspaceFolders": True},
                "textDocument": {
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "publishDiagnostics": {"relatedInformation": True},
                },
            },
        },
    )
    session.notify("initialized", {})
    return session


def server_answers(folder: Path, document: str, env: dict[str, str]) -> str:
    """Everything the server sent about `folder` with `document` open: diagnostics and hovers.

    One server serves every run of a process (starting one costs seconds): each run's folder is
    added as a workspace folder, read, and removed again.
    """
    global _shared
    uri = (folder / document).resolve().as_uri()
    root = {"uri": folder.resolve().as_uri(), "name": folder.name}
    with _shared_lock:
        if _shared is None:
            _shared = _start(env)
        session = _shared
        first = len(session.received)
        session.notify(
            "workspace/didChangeWorkspaceFolders", {"event": {"added": [root], "removed": []}}
        )
        # The server reads the folder's dashboard, pushes its diagnostics, then sends its status.
        session.wait(
            lambda m: (
                m.get("method") == "llmBrief/status"
                and m["params"].get("workspaceFolder", "").rstrip("/") == root["uri"].rstrip("/")
            )
        )
        text = (folder / document).read_text("utf-8")
        session.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}},
        )
        pushed = [
            d
            for m in session.received[first:]
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            for d in m["params"]["diagnostics"]
        ]
        # One hover per place: a hover already shows every issue there.
        for position in sorted({json.dumps(d["range"]["start"]) for d in pushed}):
            session.request(
                "textDocument/hover",
                {"textDocument": {"uri": uri}, "position": json.loads(position)},
            )
        session.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        session.notify(
            "workspace/didChangeWorkspaceFolders", {"event": {"added": [], "removed": [root]}}
        )
        answers = session.received[first:]
    return "\n".join(json.dumps(m, ensure_ascii=False) for m in answers)


def close_shared() -> None:
    """Shut the shared server down (end of the test session or of the matrix script)."""
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.close()
            _shared = None
