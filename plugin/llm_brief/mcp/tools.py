"""The five tools an agent calls; each answers redacted text plus the same facts as JSON."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Annotated, Any

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, TextContent
from pydantic import Field

from llm_brief.mcp import views
from llm_brief.mcp.runner import Progress, Runner, issue_nodes, selection
from llm_brief.mcp.workspace import (
    Snapshot,
    Stamp,
    Workspace,
    WorkspaceError,
    age_s,
    human_age,
    is_complete,
)

Result = Annotated[CallToolResult, dict[str, Any]]
DEFAULT_TIMEOUT_S = 600.0


class Tools:
    """The tools of one served workspace, with the state they share (the runner, when seen)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.runner = Runner(workspace)
        self._seen: dict[str, float] = {}
        self._seen_stamp: Stamp | None = None

    def _snapshot(self) -> Snapshot:
        try:
            snapshot = self.workspace.snapshot()
        except WorkspaceError as exc:
            raise ToolError(str(exc)) from None
        # An issue's first sighting is the write time of the first dashboard that held it: a live
        # launch republishes within about a second, so this is when the issue appeared.
        if snapshot.stamp != self._seen_stamp:  # 10,000 issues: skip the loop when unchanged
            self._seen_stamp = snapshot.stamp
            for issue_id in snapshot.issues:
                self._seen.setdefault(issue_id, snapshot.mtime)
        return snapshot

    def _answer(self, view: dict[str, Any]) -> CallToolResult:
        """Everything leaves through here, so everything is redacted like the files are."""
        redactor = self.workspace.redactor
        text = redactor.redact(view.pop("text"))
        data = redactor.redact_json(view)
        return CallToolResult(
            content=[TextContent(type="text", text=text)], structured_content=data
        )

    def _brief_view(self, snapshot: Snapshot) -> dict[str, Any]:
        return views.brief_view(
            snapshot.dashboard,
            self.workspace.shown(self.workspace.briefing_path),
            human_age(age_s(snapshot)),
            is_complete(snapshot.dashboard),
            self.workspace.running_journal(snapshot),
        )

    async def brief(self) -> Result:
        """What is broken: the verdict and the root causes of the last run, with its age."""
        return self._answer(self._brief_view(self._snapshot()))

    async def issue(
        self, id: Annotated[str, Field(description="issue id from `brief`, e.g. di-b3e823")]
    ) -> Result:
        """One root cause in full: location with source, evidence, logs, tests, fix, rerun."""
        snapshot = self._snapshot()
        raw = snapshot.issues.get(id)
        if raw is None:
            known = ", ".join(list(snapshot.issues)[:10]) or "none"
            raise ToolError(f"unknown issue id {id!r}; the last run has: {known}")
        loc = raw["location"]
        source = self.workspace.source_context(loc["path"], int(loc["line"]))
        return self._answer(views.issue_view(raw, source))

    async def run_tests(
        self,
        ctx: Context,
        issue: Annotated[str, Field(description="rerun this issue's tests (id from `brief`)")] = "",
        tests: Annotated[
            list[str], Field(description="node ids or paths inside the workspace")
        ] = [],  # noqa: B006 - pydantic copies defaults; the schema needs a list default
        keyword: Annotated[str, Field(description="a pytest -k expression")] = "",
        last_failed: Annotated[
            bool, Field(description="rerun what failed last time (--lf)")
        ] = False,
        options: Annotated[
            list[str], Field(description="only -x, -q, -v, --ff, --nf, --maxfail=N")
        ] = [],  # noqa: B006
        timeout_s: Annotated[
            float, Field(description="stop the run after this long", gt=0)
        ] = DEFAULT_TIMEOUT_S,
    ) -> Result:
        """Run pytest with the briefing on one selection; returns the verdict and new/fixed/persisting."""
        before: Snapshot | None
        try:
            before = self.workspace.snapshot()
        except WorkspaceError:
            before = None
        issue_tests = None
        if issue:
            raw = before.issues.get(issue) if before else None
            if raw is None:
                raise ToolError(f"unknown issue id {issue!r}; call `brief` for the current ids")
            issue_tests = issue_nodes(raw.get("rerun", ""), raw.get("tests", []))
        try:
            chosen = selection(
                self.workspace, issue_tests, f"issue {issue}", tests, keyword, last_failed, options
            )
            outcome = await self.runner.run(chosen, timeout_s, self._reporter(ctx))
        except WorkspaceError as exc:
            raise ToolError(str(exc)) from None
        if outcome.exit_code is None:
            raise ToolError(
                f"pytest stopped after {outcome.duration_s:.0f}s ({outcome.stopped}, "
                f"timeout {timeout_s:.0f}s); its process group was killed. Last output:\n"
                + self.workspace.redactor.redact(outcome.tail[-1500:])
            )
        after = self._snapshot()
        if before is not None and after.stamp == before.stamp:
            raise ToolError(
                f"pytest exited {outcome.exit_code} without writing a new dashboard:\n"
                + self.workspace.redactor.redact(outcome.tail[-1500:])
            )
        diff = views.diff_view(
            before.dashboard if before else None,
            before.issues if before else {},
            after.dashboard,
            after.issues,
        )
        view = self._brief_view(after)
        view["text"] = (
            f"ran {chosen.label}: {' '.join(chosen.args)}\n{view['text']}\n{diff.pop('text')}"
        )
        view.update(ran=list(chosen.args), exit_code=outcome.exit_code, diff=diff)
        return self._answer(view)

    def _reporter(self, ctx: Context) -> Progress:
        async def report(percent: float, message: str) -> None:
            # ValueError: no MCP request to report to (a one-shot `--call` from the editor).
            with contextlib.suppress(ValueError):
                await ctx.report_progress(percent, 100.0, message)

        return report

    async def logs(
        self,
        component: Annotated[
            str, Field(description="a component (logger prefix), e.g. tradebot.db")
        ] = "",
        test: Annotated[str, Field(description="a test node id")] = "",
    ) -> Result:
        """Log patterns of a component or a test, with counts and examples."""
        if bool(component) == bool(test):
            raise ToolError("give exactly one of component, test")
        snapshot = self._snapshot()
        return self._answer(
            views.logs_view(snapshot.dashboard, snapshot.issues.values(), component, test)
        )

    async def app(
        self,
        since: Annotated[
            str, Field(description="only issues first seen after this: ISO time or epoch seconds")
        ] = "",
    ) -> Result:
        """A launch under `llm-brief run`: running or not, health, components, issues new since a time."""
        snapshot = self._snapshot()
        if snapshot.dashboard.run.kind != "run":
            raise ToolError(
                "the last dashboard is a pytest run, not a launch: start the app with `llm-brief run -- CMD`"
            )
        return self._answer(
            views.app_view(
                snapshot.dashboard,
                list(snapshot.issues.values()),
                _moment(since),
                self._seen,
                is_complete(snapshot.dashboard),
            )
        )


def _moment(since: str) -> float:
    """Epoch seconds from '', a number, or an ISO 8601 time."""
    if not since:
        return 0.0
    try:
        return float(since)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(since.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise ToolError(f"since must be an ISO time or epoch seconds, not {since!r}") from None
