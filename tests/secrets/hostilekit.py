"""Running pytest, `llm-brief run` and `LLM_BRIEF=1` on hostile projects (imported as `hostilekit`)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from secretruns import PYTEST, execute, harness_env, split_pytest_terminal

HEADER = re.compile(r"^#{1,6} ", re.M)


@dataclass
class Outcome:
    """One finished run: exit status, terminal text, and the output directory."""

    exit: int
    stdout: str
    stderr: str
    out: Path

    @property
    def briefing(self) -> str:
        """briefing.md, read as UTF-8 (a failure here is itself a finding)."""
        return (self.out / "briefing.md").read_text("utf-8")

    @property
    def ours(self) -> str:
        """What llm-brief itself printed (its section of a pytest terminal, or the wrapper's)."""
        return split_pytest_terminal(self.stdout + self.stderr)[0]

    def headers(self) -> list[str]:
        """The Markdown header markers of the briefing, in order (`#`, `##`, `###`)."""
        return [m.group(0).strip() for m in HEADER.finditer(self.briefing)]


def run_pytest(folder: Path, *args: str, env: dict[str, str] | None = None) -> Outcome:
    """`pytest -p llm_brief --llm-brief ARGS` in `folder`, only llm-brief loaded."""
    return _run(folder, [*PYTEST, *args], env)


def run_launcher(folder: Path, *args: str, env: dict[str, str] | None = None) -> Outcome:
    """`llm-brief ARGS` in `folder` (e.g. `run --pipes -- python app.py`)."""
    return _run(folder, [sys.executable, "-m", "llm_brief.cli", *args], env)


def run_app(folder: Path, *args: str, env: dict[str, str] | None = None) -> Outcome:
    """`LLM_BRIEF=1 python app.py ARGS` in `folder`."""
    return _run(folder, [sys.executable, "app.py", *args], {"LLM_BRIEF": "1", **(env or {})})


def run_pytest_without_plugin(folder: Path) -> Outcome:
    """`pytest -p no:llm_brief` with every installed plugin auto-loaded, as a user runs it."""
    return _run(folder, [sys.executable, "-m", "pytest", "-p", "no:llm_brief"], None, autoload=True)


def _run(
    folder: Path, cmd: list[str], env: dict[str, str] | None, autoload: bool = False
) -> Outcome:
    full_env = harness_env(**(env or {}))
    if autoload:
        del full_env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"]
    proc = execute(cmd, folder, full_env)
    return Outcome(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
        folder / ".llm-brief",
    )


def broken(*values: object, reason: str, id: str | None = None) -> object:
    """A parameter today's code fails: a strict xfail saying what breaks."""
    return pytest.param(*values, id=id, marks=pytest.mark.xfail(strict=False, reason=reason))


def write(folder: Path, **files: str) -> Path:
    """Write `name_py="source"` files (underscores before the suffix become dots) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        stem, _, suffix = name.rpartition("_")
        (folder / f"{stem}.{suffix}").write_text(text, "utf-8")
    return folder
