"""Shared by the CI tests: the official SARIF schema, and pytest runs in real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"
# Variables of the machine running these tests that would change what a run under test does.
_OUTSIDE = ("GITHUB_", "LLM_BRIEF", "CI_NODE_", "CIRCLE_NODE_", "BUILDKITE_PARALLEL", "PYTEST_")


def validate_sarif(log: dict[str, Any]) -> None:
    """Check a SARIF log against the official SARIF 2.1.0 JSON Schema (draft 4)."""
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(log)


def clean_environ(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without CI or llm-brief variables, plus `extra`."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(_OUTSIDE)}
    environ.update(extra or {})
    return environ


def run_pytest(
    cwd: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m pytest --llm-brief ARGS` in a real subprocess, as CI runs it."""
    return _run(cwd, ["-m", "pytest", "--llm-brief", "-p", "no:cacheprovider", *args], env)


def run_cli(
    cwd: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`llm-brief ARGS` in a real subprocess."""
    return _run(cwd, ["-m", "llm_brief.cli", *args], env)


def _run(
    cwd: Path, argv: list[str], env: Mapping[str, str] | None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv],
        cwd=cwd,
        env=clean_environ(env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from a file."""
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data
