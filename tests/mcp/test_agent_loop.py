"""The agent's loop through a real MCP client over stdio: brief, issue, fix, run_tests, fixed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
from mcp_session import brief_run, call_data, served, text_of

TOOLS = {"brief", "issue", "run_tests", "logs", "app"}
CLIENT = """class ExchangeClient:
    def route(self, symbol: str, qty: int) -> bool:
        return qty > 0


"""
FIX = '    container.register("ExchangeClient", ExchangeClient)\n'


def test_tools_are_listed_with_schemas_and_descriptions(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with served(tmp_path) as session:
            listed = (await session.list_tools()).tools
            assert {t.name for t in listed} == TOOLS
            for tool in listed:
                assert tool.description
                assert "\n" not in tool.description.strip()
                assert tool.input_schema["type"] == "object"
                assert tool.output_schema is not None
            run_tests = next(t for t in listed if t.name == "run_tests")
            assert set(run_tests.input_schema["properties"]) >= {
                "issue",
                "tests",
                "keyword",
                "last_failed",
            }
            # Before any run there is nothing to brief on: a clear tool error, not a crash.
            result = await session.call_tool("brief", {})
            assert result.is_error
            assert "no dashboard yet" in text_of(result)

    anyio.run(scenario)


def test_brief_issue_fix_and_rerun_reports_it_fixed(tradebot: Path) -> None:
    first = brief_run(tradebot)
    assert first.returncode == 1, first.stdout[-2000:]
    progress: list[tuple[float, str]] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        progress.append((done, message or ""))

    async def scenario() -> dict[str, Any]:
        async with served(tradebot) as session:
            brief = await session.call_tool("brief", {})
            data = call_data(brief)
            assert data["outcome"] == "failed"
            assert data["complete"] is True
            assert "FAILED · exit 1" in text_of(brief)
            di = next(i for i in data["issues"] if i["category"] == "di")
            assert di["id"] in text_of(brief)

            detail = await session.call_tool("issue", {"id": di["id"]})
            issue = call_data(detail)["issue"]
            assert issue["category"] == "di"
            assert issue["location"]["path"] == "tradebot/container.py"
            assert "ExchangeClient" in issue["suggestion"]
            assert any("raise LookupError" in line for line in call_data(detail)["source"])
            assert "rerun:" in text_of(detail)

            # The agent's fix, in the temp copy only.
            container = tradebot / "tradebot" / "container.py"
            source = container.read_text()
            anchor = '    container.register("Clock", lambda: "clock")\n'
            source = source.replace("def build_container", CLIENT + "def build_container")
            container.write_text(source.replace(anchor, anchor + FIX))

            rerun = await session.call_tool(
                "run_tests", {"issue": di["id"]}, progress_callback=on_progress
            )
            return call_data(rerun) | {"text": text_of(rerun), "di": di["id"]}

    result = anyio.run(scenario)
    assert result["di"] in result["diff"]["fixed"], result["text"]
    assert result["exit_code"] == 0
    assert result["outcome"] == "passed"
    assert "fixed: " + result["di"] in result["text"]
    assert any("collected" in message for _, message in progress)
    assert progress[-1][0] == 100.0


def test_logs_resources_and_prompt(tradebot: Path) -> None:
    brief_run(tradebot)

    async def scenario() -> None:
        async with served(tradebot) as session:
            logs = call_data(await session.call_tool("logs", {"component": "tradebot.websocket"}))
            assert logs["patterns"][0]["count"] == 25
            assert logs["patterns"][0]["template"] == "Reconnect attempt %d/%d failed, retrying"
            by_test = await session.call_tool(
                "logs", {"test": "tests/test_feed.py::test_feed_connects"}
            )
            assert "Reconnect attempt %d/%d failed, retrying" in text_of(by_test)
            both = await session.call_tool("logs", {})
            assert both.is_error

            uris = {str(r.uri) for r in (await session.list_resources()).resources}
            assert uris == {"llm-brief://briefing.md", "llm-brief://dashboard.json"}
            briefing = await session.read_resource("llm-brief://briefing.md")
            assert "[di] LookupError" in briefing.contents[0].text  # type: ignore[union-attr]

            prompts = (await session.list_prompts()).prompts
            assert [p.name for p in prompts] == ["fix_failing_tests"]
            prompt = await session.get_prompt("fix_failing_tests")
            embedded = prompt.messages[1].content
            assert embedded.type == "resource"
            assert "[di] LookupError" in embedded.resource.text  # type: ignore[union-attr]

            app = await session.call_tool("app", {})
            assert app.is_error
            assert "not a launch" in text_of(app)

    anyio.run(scenario)
