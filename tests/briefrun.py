"""A finished `pytest --llm-brief` run and its parsed outputs (imported by tests as `briefrun`)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "tradebot"
SCHEMA = REPO / "plugin" / "llm_brief" / "schema" / "dashboard.schema.json"


@dataclass
class BriefRun:
    """A finished pytest run and what llm-brief wrote for it."""

    result: pytest.RunResult
    out: Path

    @property
    def dashboard(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.out / "dashboard.json").read_text("utf-8"))
        return data

    @property
    def briefing(self) -> str:
        return (self.out / "briefing.md").read_text("utf-8")

    def issue(self, category_or_title: str) -> dict[str, Any]:
        for issue in self.dashboard["issues"]:
            if (
                category_or_title in (issue["category"], issue["title"])
                or category_or_title in issue["title"]
            ):
                return dict(issue)
        raise AssertionError(f"no issue matching {category_or_title!r}: {self.titles()}")

    def titles(self) -> list[str]:
        return [i["title"] for i in self.dashboard["issues"]]


def validate_schema(data: dict[str, Any]) -> None:
    """Check a dashboard against the JSON Schema shipped in the package."""
    import jsonschema

    jsonschema.validate(data, json.loads(SCHEMA.read_text("utf-8")))


def run_report(target: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`llm-brief report TARGET` in a real subprocess, as a user would run it after a crash."""
    return subprocess.run(
        [sys.executable, "-m", "llm_brief.cli", "report", str(target)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
