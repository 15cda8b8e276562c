"""SARIF 2.1.0: valid against the official schema for the example, shards and a green run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cikit import read_json, run_pytest, validate_sarif

from briefrun import EXAMPLE
from llm_brief.core.render.sarif import FINGERPRINT_KEY


@pytest.fixture
def tradebot(tmp_path: Path) -> Path:
    root = tmp_path / "tradebot"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", ".llm-brief"))
    return root


def test_example_sarif_is_valid_and_one_result_per_cause(tradebot: Path) -> None:
    result = run_pytest(tradebot, "-q", "--llm-brief-sarif", "reports/llm-brief.sarif")
    assert result.returncode == 1
    log = read_json(tradebot / "reports" / "llm-brief.sarif")
    validate_sarif(log)
    dashboard = read_json(tradebot / ".llm-brief" / "dashboard.json")
    results = log["runs"][0]["results"]
    assert len(results) == len(dashboard["issues"]) >= 4
    rules = [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
    for found, issue in zip(results, dashboard["issues"], strict=True):
        assert found["ruleId"] == issue["category"] == rules[found["ruleIndex"]]
        assert found["partialFingerprints"] == {FINGERPRINT_KEY: issue["fingerprint"]}
        assert found["message"]["text"].startswith(issue["title"])
        assert f"Fix: {issue['suggestion']}" in found["message"]["text"]
        physical = found["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {
            "uri": issue["location"]["path"],
            "uriBaseId": "SRCROOT",
        }
        assert physical["region"]["startLine"] == issue["location"]["line"]
        related = [r["message"]["text"] for r in found.get("relatedLocations", [])]
        assert any(text.startswith("failing test ") for text in related)
    root_uri = log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"]
    assert root_uri == tradebot.resolve().as_uri() + "/"


def test_setting_in_pyproject_and_a_green_run(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.llm-brief]\nsarif = "green.sarif"\n')
    (tmp_path / "test_ok.py").write_text("def test_ok():\n    assert True\n")
    result = run_pytest(tmp_path, "-q")
    assert result.returncode == 0
    log = read_json(tmp_path / "green.sarif")
    validate_sarif(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_three_shards_each_valid(tradebot: Path) -> None:
    tests = sorted(
        p.relative_to(tradebot).as_posix() for p in (tradebot / "tests").glob("test_*.py")
    )
    shards = [tests[n::3] for n in range(3)]
    for n, paths in enumerate(shards):
        run_pytest(
            tradebot, "-q", "--llm-brief-dir", f"out/{n}", "--llm-brief-sarif", f"{n}.sarif", *paths
        )
        validate_sarif(read_json(tradebot / f"{n}.sarif"))
    total = sum(len(read_json(tradebot / f"{n}.sarif")["runs"][0]["results"]) for n in range(3))
    assert total >= 4
