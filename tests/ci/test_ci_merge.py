"""Shards and a matrix merged: a 600-test suite with 4 causes split into 3 processes, and 2 entries.

The merged dashboard must equal the unsplit run's issues and counts; the cause that fails in one
matrix entry only must say where; every reader (schema, language server, MCP) must take it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cikit import read_json, run_cli, run_pytest, validate_sarif

from briefrun import validate_schema

FILES = 6
PER_FILE = 100
APP = """
import os

SETTINGS = {"region": "eu"}


def setting(key):
    return SETTINGS[key]


def ratio(total, parts):
    return total / parts


def checked(i):
    if os.environ.get("FLAG") == "1":
        raise RuntimeError("flagged code path is broken")
    return i
"""
TEST = """
import pytest

from app import checked, ratio, setting


@pytest.mark.parametrize("i", range({per_file}))
def test_case(i):
    if i % 10 == 0:
        assert setting("timeout_s")
    if {file} in (0, 3) and i % 25 == 1:
        assert ratio(10, 0)
    if {file} == 2 and i in (3, 4):
        assert i * 2 == i + 1
    if i % 50 == 7:
        assert checked(i) == i
"""


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 600-test project: a KeyError everywhere, a ZeroDivisionError in two files, an assertion
    in one, and a RuntimeError only when FLAG=1."""
    root = tmp_path_factory.mktemp("suite")
    (root / "app.py").write_text(APP)
    (root / "pyproject.toml").write_text("[tool.llm-brief]\nhistory = 0\n")
    tests = root / "tests"
    tests.mkdir()
    for n in range(FILES):
        (tests / f"test_part{n}.py").write_text(TEST.format(per_file=PER_FILE, file=n))
    return root


def files(*numbers: int) -> list[str]:
    return [f"tests/test_part{n}.py" for n in numbers]


@pytest.fixture(scope="module")
def runs(suite: Path) -> dict[str, Path]:
    """The unsplit flagged run, its three shards, and the plain matrix entry (each a process)."""
    flagged = {"FLAG": "1", "LLM_BRIEF_ENVIRONMENT": "flagged"}
    out: dict[str, Path] = {}
    plan: list[tuple[str, list[str], dict[str, str]]] = [
        ("unsplit", files(*range(FILES)), flagged),
        ("plain", files(*range(FILES)), {"LLM_BRIEF_ENVIRONMENT": "plain"}),
    ]
    for shard in range(3):
        shard_env = {**flagged, "CI_NODE_INDEX": str(shard + 1), "CI_NODE_TOTAL": "3"}
        plan.append((f"shard{shard}", files(2 * shard, 2 * shard + 1), shard_env))
    for name, paths, env in plan:
        result = run_pytest(suite, "--llm-brief-dir", f"out/{name}", "-q", *paths, env=env)
        assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
        out[name] = suite / "out" / name
    return out


def comparable(issue: dict[str, Any]) -> tuple[Any, ...]:
    return (
        issue["id"],
        issue["fingerprint"],
        issue["category"],
        issue["severity"],
        issue["title"],
        issue["count"],
        sorted(issue["tests"]),
        issue["location"],
        issue["rerun"],
    )


def test_shards_merge_to_the_unsplit_run(suite: Path, runs: dict[str, Path]) -> None:
    shards = [runs[f"shard{n}"] for n in range(3)]
    merged = run_cli(suite, "merge", *map(str, shards), "--out", "out/merged", "--sarif", "m.sarif")
    assert merged.returncode == 0, merged.stderr
    whole = read_json(runs["unsplit"] / "dashboard.json")
    data = read_json(suite / "out" / "merged" / "dashboard.json")
    assert len(whole["issues"]) == 4
    assert sorted(map(comparable, data["issues"])) == sorted(map(comparable, whole["issues"]))
    assert data["run"]["counts"] == whole["run"]["counts"]
    assert data["run"]["counts"]["passed"] + data["run"]["counts"]["failed"] == FILES * PER_FILE
    assert [r["shard"] for r in data["environment"]["runs"]] == [
        {"index": n, "count": 3, "source": "CI_NODE_INDEX"} for n in range(3)
    ]
    assert all(not issue.get("where") for issue in data["issues"])
    validate_schema(data)
    validate_sarif(read_json(suite / "m.sarif"))
    assert len(read_json(suite / "m.sarif")["runs"][0]["results"]) == 4
    briefing = (suite / "out" / "merged" / "briefing.md").read_text("utf-8")
    assert all(f"`{issue['id']}`" in briefing for issue in whole["issues"])


def test_matrix_entry_only_cause_says_where(suite: Path, runs: dict[str, Path]) -> None:
    targets = [str(runs[name]) for name in ("shard0", "shard1", "shard2", "plain")]
    merged = run_cli(suite, "merge", *targets, "--out", "out/matrix")
    assert merged.returncode == 0, merged.stderr
    data = read_json(suite / "out" / "matrix" / "dashboard.json")
    by_where = {issue["category"]: issue.get("where", "") for issue in data["issues"]}
    flagged_only = [i for i in data["issues"] if i.get("where")]
    assert len(data["issues"]) == 4
    assert len(flagged_only) == 1, by_where
    assert flagged_only[0]["where"] == "only in flagged"
    assert "RuntimeError" in flagged_only[0]["title"]
    assert "only in flagged" in flagged_only[0]["title"]
    whole = read_json(runs["unsplit"] / "dashboard.json")
    plain = read_json(runs["plain"] / "dashboard.json")
    for key, value in data["run"]["counts"].items():
        assert value == whole["run"]["counts"][key] + plain["run"]["counts"][key]
    shared = {i["fingerprint"]: i["count"] for i in whole["issues"]}
    for issue in data["issues"]:
        if not issue.get("where"):  # fails in both entries: both entries' failures counted
            assert issue["count"] == 2 * shared[issue["fingerprint"]]
    validate_schema(data)
    briefing = (suite / "out" / "matrix" / "briefing.md").read_text("utf-8")
    assert "only in flagged" in briefing


def test_readers_take_a_merged_dashboard(suite: Path, runs: dict[str, Path]) -> None:
    from llm_brief.mcp.workspace import Workspace
    from llm_brief_lsp.dashboard import load_dashboard

    targets = [str(runs[name]) for name in ("shard0", "shard1", "shard2", "plain")]
    assert run_cli(suite, "merge", *targets, "--out", ".llm-brief").returncode == 0
    loaded = load_dashboard(str(suite / ".llm-brief" / "dashboard.json"))
    assert loaded.state == "ok", loaded.problem
    assert len(loaded.issues) == 4
    snapshot = Workspace(suite).snapshot()
    assert len(snapshot.dashboard.issues) == 4
    assert any(i.where == "only in flagged" for i in snapshot.dashboard.issues)


def test_merge_names_what_it_cannot_read(suite: Path, tmp_path: Path) -> None:
    bad = tmp_path / "dashboard.json"
    bad.write_text(json.dumps({"schema_version": 99}))
    result = run_cli(suite, "merge", str(bad), str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "nowhere" in result.stderr
    result = run_cli(suite, "merge", str(bad))
    assert result.returncode == 2
    assert "schema_version" in result.stderr
