"""Golden outputs: the terminal, briefing and dashboard of real runs, byte for byte.

Times, run ids, temporary paths and resource figures are normalised; everything else must stay
as recorded in `tests/golden/`. A change of output is deliberate: regenerate with
`GOLDEN_UPDATE=1 pytest tests/test_golden.py` and review the diff like code.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
sys.path.insert(0, str(REPO / "benchmarks"))

import suites  # noqa: E402

UPDATE = os.environ.get("GOLDEN_UPDATE") == "1"

_RUN_ID = re.compile(r"\d{8}T\d{12}-[0-9a-f]{6}")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_SECONDS = re.compile(r"\b\d+\.\d+s\b")
_SLOWEST = re.compile(r"^Slowest: .*\n\n?", re.M)  # present only when a test took >= 0.1 s
_RULE = re.compile(r"^=+ (.*?) =+$", re.M)  # pytest pads section rules to the terminal width
_CLOCK = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}")
_VOLATILE = {
    "duration_s",
    "started_at",
    "first_seen",
    "last_seen",
    "finished_at",
    "run_id",
    "previous_run",
    "since",
    "root",
}


def _text(text: str, root: Path) -> str:
    text = text.replace(sys.executable, "<PYTHON>")
    for form in {str(root.resolve()), str(root)}:
        text = text.replace(form, "<ROOT>")
    text = _CLOCK.sub("<CLOCK>", text)
    text = _RUN_ID.sub("<RUN>", text)
    text = _ISO.sub("<TIME>", text)
    text = _SLOWEST.sub("", text)
    return _RULE.sub(r"== \1 ==", _SECONDS.sub("<T>s", text))


def _json(value: Any, root: Path) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in _VOLATILE:
                out[key] = "<V>"
            elif key in ("resources", "environment"):
                out[key] = sorted(item)  # figures vary run to run; which ones exist does not
            else:
                out[key] = _json(item, root)
        return out
    if isinstance(value, list):
        return [_json(v, root) for v in value]
    if isinstance(value, str):
        return _text(value, root)
    return value


def _terminal(stdout: str, root: Path, full: bool) -> str:
    """The part of pytest's output llm-brief writes or changes."""
    lines = stdout.splitlines()
    if full:  # pytest's own output is pytest's: only the appended section is llm-brief's
        start = next((i for i, line in enumerate(lines) if " llm-brief " in line), len(lines))
        lines = lines[start:]
    else:  # the header names the machine's plugins and paths
        start = next((i for i, line in enumerate(lines) if line.startswith("collected")), 0)
        lines = lines[start:]
    return _text("\n".join(lines), root) + "\n"


def _pytest(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    # pytest does not truncate its short summary on CI (CI, BUILD_NUMBER): record as a terminal
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LLM_BRIEF") and k not in ("CI", "BUILD_NUMBER")
    }
    environ.update(env or {})
    environ["PYTHONHASHSEED"] = "0"
    environ["COLUMNS"] = "100"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", *args],
        cwd=root,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.stdout


def _launch(root: Path, *cmd: str) -> str:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("LLM_BRIEF")}
    done = subprocess.run(
        [sys.executable, "-m", "llm_brief.cli", "run", "--pipes", "--", sys.executable, *cmd],
        cwd=root,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.stderr


Scenario = Callable[[Path], tuple[Path, str, bool]]


def _tradebot(root: Path) -> tuple[Path, str, bool]:
    project = suites.tradebot(root / "p")
    return project, _pytest(project, "--llm-brief"), False


def _tradebot_again(root: Path) -> tuple[Path, str, bool]:
    project = suites.tradebot(root / "p")
    _pytest(project, "--llm-brief")
    return project, _pytest(project, "--llm-brief"), False


def _tradebot_ini(root: Path) -> tuple[Path, str, bool]:
    project = suites.tradebot(root / "p")
    return project, _pytest(project, env={"LLM_BRIEF": "1"}), True


def _failures(root: Path) -> tuple[Path, str, bool]:
    project = suites.failure_heavy(root / "p", per_cause=12)
    return project, _pytest(project, "--llm-brief"), False


def _mixed(root: Path) -> tuple[Path, str, bool]:
    project = suites.mixed(root / "p")
    return project, _pytest(project, "--llm-brief"), False


def _green(root: Path) -> tuple[Path, str, bool]:
    project = suites.green(root / "p", 200)
    return project, _pytest(project, "--llm-brief"), False


def _logs(root: Path) -> tuple[Path, str, bool]:
    project = suites.log_heavy(root / "p", 2000)
    return project, _pytest(project, "--llm-brief", "-q"), False


def _launch_worker(root: Path) -> tuple[Path, str, bool]:
    project = suites.tradebot(root / "p")
    return project, _launch(project, "worker.py"), False


SCENARIOS: dict[str, Scenario] = {
    "tradebot": _tradebot,
    "tradebot_again": _tradebot_again,
    "tradebot_ini": _tradebot_ini,
    "failures": _failures,
    "mixed": _mixed,
    "green": _green,
    "logs": _logs,
    "launch_worker": _launch_worker,
}


def _compare(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}: run with GOLDEN_UPDATE=1 to record it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), "golden", "now", lineterm="", n=1
        )
        pytest.fail(f"{path} differs:\n" + "\n".join(list(diff)[:60]))


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_outputs_match_golden(name: str, tmp_path: Path) -> None:
    project, terminal, full = SCENARIOS[name](tmp_path)
    out = project / ".llm-brief"
    dashboard = json.loads((out / "dashboard.json").read_text("utf-8"))
    _compare(GOLDEN / name / "terminal.txt", _terminal(terminal, project, full))
    _compare(GOLDEN / name / "briefing.md", _text((out / "briefing.md").read_text("utf-8"), project))
    normalised = json.dumps(_json(dashboard, project), indent=1, ensure_ascii=False) + "\n"
    _compare(GOLDEN / name / "dashboard.json", normalised)


def test_schema_matches_golden() -> None:
    schema = REPO / "plugin" / "llm_brief" / "schema" / "dashboard.schema.json"
    _compare(GOLDEN / "dashboard.schema.json", schema.read_text("utf-8"))
