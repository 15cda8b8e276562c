"""GitHub Actions: one annotation per root cause at its origin, escaped as the runner reads it,
the briefing in the job summary; nothing of it (not even an import) on a local run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from cikit import read_json, run_pytest

from briefrun import EXAMPLE
from llm_brief.core.model import Dashboard, Issue, Location, Run
from llm_brief.core.render.annotations import (
    MAX_PER_LEVEL,
    annotation,
    annotation_lines,
    escape_data,
    escape_property,
)

# GitHub's workflow-command syntax: ::name key=value,key=value::data, one line.
COMMAND = re.compile(
    r"^::(?P<name>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<data>[^\r\n]*)$"
)
PROPERTY = re.compile(r"^(?P<key>file|line|endLine|col|endColumn|title)=(?P<value>[^,:]*)$")


def unescape_data(text: str) -> str:
    """What the runner decodes from a command's data (the toolkit's escapes, undone)."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner parses it; fails the test when it is not one."""
    match = COMMAND.match(line)
    assert match, f"not a workflow command: {line!r}"
    props: dict[str, str] = {}
    for part in (match["props"] or "").split(","):
        if part:
            prop = PROPERTY.match(part)
            assert prop, f"bad property {part!r} in {line!r}"
            props[prop["key"]] = unescape_property(prop["value"])
    return match["name"], props, unescape_data(match["data"])


def make_issue(n: int, title: str = "", path: str = "app/x.py", severity: str = "error") -> Issue:
    return Issue(
        id=f"config-{n:06x}",
        fingerprint=f"{n:016x}",
        category="config",
        severity=severity,  # type: ignore[arg-type]
        title=title or f"KeyError: 'k{n}'",
        message=f"'k{n}'",
        count=2,
        tests=(f"tests/test_a.py::test_{n}", f"tests/test_b.py::test_{n}"),
        location=Location(path, 10 + n, "load"),
        suggestion=f"Add `k{n}` to the settings",
        rerun=f"pytest tests/test_a.py::test_{n}",
    )


def make_dashboard(issues: list[Issue]) -> Dashboard:
    run = Run("pytest", ("pytest",), "/repo", "2026-01-01T00:00:00Z", 1.0, 1, "failed")
    return Dashboard(run=run, health="ERROR", issues=tuple(issues))


@pytest.mark.parametrize(
    "text",
    ["100% done", "a\nb\r\nc", "key: value, other", "%0A literal", "::error::inside", "ü, ß: é"],
)
def test_escaping_round_trips_through_the_runner_syntax(text: str) -> None:
    issue = make_issue(1, title=text, path=f"dir, with: {text}.py")
    issue = Issue(**{**{n: getattr(issue, n) for n in issue.__dataclass_fields__}, "message": text})
    name, props, data = parse(annotation(issue))
    assert name == "error"
    assert props["file"] == f"dir, with: {text}.py"
    assert props["title"] == f"[config] {text}"
    assert props["line"] == "11"
    assert data.startswith(text + "\n")
    assert escape_data(text).count("\n") == 0
    assert not set(escape_property(text)) & {":", ",", "\n", "\r"}


def test_annotations_are_bounded_per_level_with_a_notice() -> None:
    issues = [make_issue(n) for n in range(14)] + [
        make_issue(100 + n, severity="warning") for n in range(3)
    ]
    lines = annotation_lines(make_dashboard(issues))
    kinds = [parse(line)[0] for line in lines]
    assert kinds.count("error") == MAX_PER_LEVEL
    assert kinds.count("warning") == 3
    assert kinds[-1] == "notice"
    assert "4 more root cause(s)" in parse(lines[-1])[2]


@pytest.fixture
def tradebot(tmp_path: Path) -> Path:
    root = tmp_path / "tradebot"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", ".llm-brief"))
    return root


def test_example_on_github_annotates_each_cause_once_and_writes_the_summary(
    tradebot: Path,
) -> None:
    summary = tradebot / "step-summary.md"
    summary.write_text("## an earlier step\n", "utf-8")
    result = run_pytest(
        tradebot, "-q", env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert result.returncode == 1
    dashboard = read_json(tradebot / ".llm-brief" / "dashboard.json")
    commands = [parse(line) for line in result.stdout.splitlines() if line.startswith("::")]
    issues = dashboard["issues"]
    assert len(issues) >= 4
    assert len(commands) == len(issues)  # one per cause, not one per failing test
    for (name, props, data), issue in zip(commands, issues, strict=True):
        assert name == "error"
        assert props["file"] == issue["location"]["path"]
        assert props["line"] == str(issue["location"]["line"])
        assert props["title"] == f"[{issue['category']}] {issue['title']}"
        assert f"Fix: {issue['suggestion']}" in data
        assert issue["rerun"] in data
    failed = dashboard["run"]["counts"]["failed"] + dashboard["run"]["counts"]["errors"]
    assert failed > len(issues)
    text = summary.read_text("utf-8")
    briefing = (tradebot / ".llm-brief" / "briefing.md").read_text("utf-8")
    assert text.startswith("## an earlier step\n")
    assert briefing.strip() in text


def test_github_setting_off_and_local_runs_import_nothing(tradebot: Path) -> None:
    probe = (
        "import sys\n\n"
        "def pytest_unconfigure(config):\n"
        "    loaded = sorted(m for m in sys.modules if m.startswith('llm_brief.output.ci')"
        " or m.startswith('llm_brief.core.render.sarif'))\n"
        "    print('CI-MODULES', loaded)\n"
    )
    (tradebot / "conftest.py").write_text(probe, "utf-8")
    local = run_pytest(tradebot, "-q", "-s")
    assert "CI-MODULES []" in local.stdout
    assert not [line for line in local.stdout.splitlines() if line.startswith("::")]
    summary = tradebot / "summary.md"
    off = run_pytest(
        tradebot,
        "-q",
        env={
            "GITHUB_ACTIONS": "true",
            "GITHUB_STEP_SUMMARY": str(summary),
            "LLM_BRIEF_GITHUB": "false",
        },
    )
    assert off.returncode == local.returncode == 1
    assert not [line for line in off.stdout.splitlines() if line.startswith("::")]
    assert not summary.exists()
    assert local.stdout.count("passed") == off.stdout.count("passed")
