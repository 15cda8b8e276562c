"""The pure parts of the MCP server: rerun parsing, the diff without history, client snippets."""

from __future__ import annotations

from pathlib import Path

import pytest

from llm_brief.core.codec import from_json
from llm_brief.core.model import Dashboard
from llm_brief.mcp.clients import config
from llm_brief.mcp.runner import issue_nodes, selection
from llm_brief.mcp.views import diff_view
from llm_brief.mcp.workspace import Workspace, WorkspaceError


@pytest.mark.parametrize(
    ("rerun", "tests", "expected"),
    [
        ("pytest a.py::t b.py", [], ["a.py::t", "b.py"]),
        ("python -m pytest a.py::t", [], ["a.py::t"]),
        ("pytest -k 'x and y'", ["t1"], ["t1"]),  # options in the command: the issue's own tests
        ("", ["t2"], ["t2"]),
        ("pytest 'unclosed", ["t3"], ["t3"]),
    ],
)
def test_issue_nodes(rerun: str, tests: list[str], expected: list[str]) -> None:
    assert issue_nodes(rerun, tests) == expected


def _dashboard(run_id: str, diff: dict[str, object] | None = None) -> Dashboard:
    return from_json(Dashboard, {"run": _run(run_id), "health": "ERROR", "diff": diff or {}})


def _run(run_id: str) -> dict[str, object]:
    return {
        "kind": "pytest",
        "command": ["pytest"],
        "root": "/w",
        "started_at": "2026-01-01T00:00:00Z",
        "duration_s": 1.0,
        "exit_code": 1,
        "outcome": "failed",
        "run_id": run_id,
    }


def test_diff_without_history_compares_fingerprints() -> None:
    before = {
        "a-1": {"id": "a-1", "fingerprint": "fa", "title": "A"},
        "b-2": {"id": "b-2", "fingerprint": "fb", "title": "B"},
    }
    after = {
        "b-2": {"id": "b-2", "fingerprint": "fb", "title": "B"},
        "c-3": {"id": "c-3", "fingerprint": "fc", "title": "C"},
    }
    diff = diff_view(_dashboard("r1"), before, _dashboard("r2"), after)
    assert (diff["new"], diff["fixed"], diff["persisting"]) == (["c-3"], ["a-1"], ["b-2"])
    assert "fixed: a-1 (A)" in diff["text"]


def test_diff_uses_the_runs_own_history_when_it_follows_the_previous_dashboard() -> None:
    own = {
        "previous_run": "r1",
        "new": [],
        "persisting": [],
        "fixed": [{"id": "a-1", "fingerprint": "fa", "title": "A"}],
        "not_run": [{"id": "b-2", "fingerprint": "fb", "title": "B"}],
    }
    before = {
        "a-1": {"id": "a-1", "fingerprint": "fa", "title": "A"},
        "b-2": {"id": "b-2", "fingerprint": "fb", "title": "B"},
    }
    diff = diff_view(_dashboard("r1"), before, _dashboard("r2", own), {})
    assert diff["fixed"] == ["a-1"]
    assert diff["not_run"] == ["b-2"]  # its tests did not run: not claimed fixed


def test_selection_needs_exactly_one_choice(tmp_path: Path) -> None:
    (tmp_path / "test_a.py").write_text("def test_a():\n    pass\n")
    workspace = Workspace(tmp_path)
    assert selection(workspace, None, "", ["test_a.py"], "", False, ["-x"]).args == (
        "test_a.py",
        "-x",
    )
    assert selection(workspace, None, "", [], "", True, []).args == ("--lf",)
    with pytest.raises(WorkspaceError, match="exactly one of issue, tests, keyword, last_failed"):
        selection(workspace, None, "", ["test_a.py"], "", True, [])
    with pytest.raises(WorkspaceError, match="outside the served workspace"):
        selection(workspace, None, "", [str(tmp_path.parent)], "", False, [])


def test_unknown_client_is_refused() -> None:
    with pytest.raises(
        ValueError, match="unknown client 'emacs'; one of: claude, cursor, vscode, generic"
    ):
        config("emacs")
