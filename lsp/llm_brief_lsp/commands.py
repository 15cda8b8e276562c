"""`workspace/executeCommand`: open the briefing, copy an issue's rerun command, rerun its tests.

Rerunning is the only thing the server ever executes, and only when the user asks for it.
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import time
import uuid
from typing import Any

from lsprotocol import types

from llm_brief.core.model import Issue
from llm_brief_lsp.features import COPY_RERUN, OPEN_BRIEFING, RERUN
from llm_brief_lsp.folders import WorkspaceFolderState
from llm_brief_lsp.rerun import RerunRefused, rerun_argv, run_streaming
from llm_brief_lsp.server import LlmBriefServer
from llm_brief_lsp.untrusted import plain

REPORT_EVERY_S = 0.2
MAX_COMMAND = 20_000  # long enough for a rerun of many tests; the copy must stay runnable
MAX_PROGRESS = 200
_PERCENT = re.compile(r"\[\s*(\d{1,3})%\]")


def _arguments(args: tuple[Any, ...]) -> tuple[str | None, str | None]:
    """(issue id, folder URI) from `[issueId, folderUri]`, `[folderUri]` or `[{...}]`."""
    if len(args) == 1 and isinstance(args[0], dict):
        data = args[0]
        issue, folder = data.get("issueId"), data.get("workspaceFolder")
    else:
        strings = [a for a in args if isinstance(a, str)]
        folder = next((s for s in strings if ":" in s and "/" in s), None)
        issue = next((s for s in strings if s != folder), None)
    return (
        issue if isinstance(issue, str) else None,
        folder if isinstance(folder, str) else None,
    )


def _find_issue(
    ls: LlmBriefServer, issue_id: str | None, folder_uri: str | None
) -> tuple[WorkspaceFolderState, Issue]:
    if not issue_id:
        raise ValueError("no issue id given")
    candidates = [ls.folder_of(folder_uri)] if folder_uri else list(ls.folders.values())
    for folder in candidates:
        if folder is not None and (issue := folder.issue(issue_id)) is not None:
            return folder, issue
    raise ValueError(f"issue {issue_id} is not in the current dashboard")


async def open_briefing(ls: LlmBriefServer, *args: Any) -> dict[str, Any]:
    """Show `briefing.md` of the given (or only) folder with `window/showDocument`."""
    _, folder_uri = _arguments(args)
    folder = ls.folder_of(folder_uri) if folder_uri or len(ls.folders) == 1 else None
    if folder is None:
        folder = next((f for f in ls.folders.values() if os.path.exists(f.briefing_path)), None)
    if folder is None or not os.path.exists(folder.briefing_path):
        ls.tell("there is no briefing yet; run `pytest --llm-brief`", types.MessageType.Warning)
        return {"uri": None, "shown": False}
    uri = folder.briefing_uri
    shown = False
    if ls.can("window.show_document.support"):
        result = await ls.window_show_document_async(
            types.ShowDocumentParams(uri=uri, take_focus=True)
        )
        shown = bool(result and result.success)
    if not shown:
        ls.tell(f"the briefing is {folder.briefing_path}")
    return {"uri": uri, "shown": shown}


def copy_rerun(ls: LlmBriefServer, *args: Any) -> str:
    """The issue's rerun command: returned (the VS Code extension copies it) and shown."""
    issue_id, folder_uri = _arguments(args)
    try:
        _, issue = _find_issue(ls, issue_id, folder_uri)
    except ValueError as exc:
        ls.tell(str(exc), types.MessageType.Warning)
        return ""
    if not issue.rerun:
        ls.tell(f"issue {issue.id} has no rerun command", types.MessageType.Warning)
        return ""
    shown = plain(issue.rerun, MAX_COMMAND)
    ls.tell(f"rerun command: {shown}")
    return shown


class _Progress:
    """Work-done progress for one rerun, reduced to log lines when the client has none."""

    def __init__(self, ls: LlmBriefServer, title: str) -> None:
        self.ls = ls
        self.title = title
        self.token = f"llm-brief-rerun-{uuid.uuid4()}"
        self.enabled = False
        self.cancelled = asyncio.Event()
        self._last_report = 0.0

    async def begin(self, message: str) -> None:
        if self.ls.can("window.work_done_progress"):
            try:
                await self.ls.work_done_progress.create_async(self.token)
                self.enabled = True
            except Exception as exc:
                self.ls.log_line(f"no progress bar ({exc!r})")
        if not self.enabled:
            self.ls.log_line(f"{self.title}: {message}")
            return
        loop = asyncio.get_running_loop()
        future = self.ls.work_done_progress.tokens.get(self.token)
        if future is not None:
            future.add_done_callback(lambda _: loop.call_soon_threadsafe(self.cancelled.set))
        self.ls.work_done_progress.begin(
            self.token,
            types.WorkDoneProgressBegin(title=self.title, message=message, cancellable=True),
        )

    def line(self, text: str) -> None:
        now = time.monotonic()
        if not self.enabled or not text.strip() or now - self._last_report < REPORT_EVERY_S:
            return
        self._last_report = now
        match = _PERCENT.search(text)
        percentage = min(int(match.group(1)), 100) if match else None
        self.ls.work_done_progress.report(
            self.token,
            types.WorkDoneProgressReport(message=plain(text, MAX_PROGRESS), percentage=percentage),
        )

    def end(self, message: str) -> None:
        if self.enabled:
            self.ls.work_done_progress.end(self.token, types.WorkDoneProgressEnd(message=message))
            self.ls.work_done_progress.tokens.pop(self.token, None)
        self.ls.log_line(f"{self.title}: {message}")


def _outcome(code: int | None, argv: list[str], error: str = "") -> dict[str, Any]:
    """The rerun command's result; the arguments come from the dashboard, so they are shown as data."""
    outcome: dict[str, Any] = {"exitCode": code, "argv": [plain(a, MAX_COMMAND) for a in argv]}
    if error:
        outcome["error"] = plain(error, MAX_COMMAND)
    return outcome


async def rerun(ls: LlmBriefServer, *args: Any) -> dict[str, Any]:
    """Run the issue's rerun command with `--llm-brief`, with progress; republish when it ends."""
    issue_id, folder_uri = _arguments(args)
    try:
        folder, issue = _find_issue(ls, issue_id, folder_uri)
        argv = rerun_argv(issue.rerun, folder.settings.interpreter)
    except (ValueError, RerunRefused) as exc:
        ls.tell(str(exc), types.MessageType.Warning)
        return _outcome(None, [], str(exc))
    if folder.uri in ls.reruns:
        message = "a rerun is already running in this folder"
        ls.tell(message, types.MessageType.Warning)
        return _outcome(None, argv, message)
    ls.reruns.add(folder.uri)
    tests = len(issue.tests)
    progress = _Progress(ls, f"llm-brief: rerunning {tests} test{'s' if tests != 1 else ''}")
    cwd = folder.rerun_cwd()
    try:
        await progress.begin(shlex.join(argv))
        try:
            code = await run_streaming(argv, cwd, progress.line, progress.cancelled)
        except OSError as exc:
            progress.end(f"could not start {argv[0]}: {exc}")
            ls.tell(f"could not start {argv[0]}: {exc}", types.MessageType.Error)
            return _outcome(None, argv, str(exc))
        progress.end("cancelled" if progress.cancelled.is_set() else f"exit code {code}")
        await ls.reload(folder.uri)
        return _outcome(code, argv)
    finally:
        ls.reruns.discard(folder.uri)


def register(server: LlmBriefServer) -> None:
    """Attach the commands to `server` (advertised in `executeCommandProvider`)."""
    server.command(OPEN_BRIEFING)(open_briefing)
    server.command(COPY_RERUN)(copy_rerun)
    server.command(RERUN)(rerun)
