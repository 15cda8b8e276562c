"""Run one project twice, without and with llm-brief, and say what the runs observably differ in.

Only what pytest and the other plugins produce is read (pytest-reportlog's JSON lines, the summary
line, the report files, the project tree), never llm-brief's internals, so the comparison holds
whatever shape the plugin's code takes. Both runs use the same project path (the first copy is
moved aside before the second is made), so paths in tracebacks and reports are equal.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from compat_reports import normalise_report

REPO = Path(__file__).resolve().parents[2]
COMPAT_PYTHON = REPO / ".venv-compat" / "bin" / "python"
ENV_SCRIPT = REPO / "scripts" / "compat_env.sh"
RUN_TIMEOUT = 120.0

# never part of the comparison: llm-brief's own folder at the rootdir and the tools' caches
_IGNORED_DIRS = ("__pycache__", ".pytest_cache", ".hypothesis", ".benchmarks")


@dataclass(frozen=True)
class Switch:
    """How the run with llm-brief turns it on (or, for `LLM_BRIEF=0`/empty, must not)."""

    name: str
    args: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    ini: bool = False
    active: bool = True  # whether the switch asks for a briefing


SWITCHES = {
    "flag": Switch("--llm-brief", args=("--llm-brief",)),
    "ini": Switch("ini llm_brief = true", ini=True),
    "env1": Switch("LLM_BRIEF=1", env=(("LLM_BRIEF", "1"),)),
    "env0": Switch("LLM_BRIEF=0", env=(("LLM_BRIEF", "0"),), active=False),
    "envempty": Switch("LLM_BRIEF= (empty)", env=(("LLM_BRIEF", ""),), active=False),
}


@dataclass
class Observed:
    """What one pytest run showed the world."""

    exit_code: int
    reports: list[tuple[str, str, str]]
    warnings: int | None
    files: list[str]
    outputs: dict[str, list[str]] = field(default_factory=dict)
    brief_files: list[str] = field(default_factory=list)
    dashboard: bytes | None = None  # the rootdir's .llm-brief/dashboard.json after the run
    dashboard_before: bytes | None = None  # and before it
    top_level: dict[str, bytes] = field(default_factory=dict)  # .llm-brief/* files after the run
    top_level_before: dict[str, bytes] = field(default_factory=dict)
    stdout: str = ""
    stderr: str = ""


def ensure_environment() -> Path:
    """Create or refresh `.venv-compat` (idempotent, locked) and return its python."""
    done = subprocess.run(
        ["bash", str(ENV_SCRIPT)], capture_output=True, text=True, timeout=900, check=False
    )
    if done.returncode != 0 or not COMPAT_PYTHON.exists():
        raise RuntimeError(f"{ENV_SCRIPT} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return COMPAT_PYTHON


def clean_environ(extra: dict[str, str]) -> dict[str, str]:
    """The environment of an inner run: the outer pytest's and llm-brief's variables removed."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "LLM_BRIEF", "COV_CORE_", "HYPOTHESIS"))
        and key not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "DJANGO_SETTINGS_MODULE")
    }
    env.update({"PYTHONHASHSEED": "0", "PY_COLORS": "0", "COLUMNS": "120"})
    env.update(extra)
    return env


def tree(root: Path) -> list[str]:
    """Every file below `root`, relative, without caches and the rootdir's `.llm-brief/`."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = [
            d
            for d in dirnames
            if d not in _IGNORED_DIRS and not (here == root and d == ".llm-brief")
        ]
        found.extend(str((here / f).relative_to(root)) for f in filenames)
    return sorted(found)


def read_reports(path: Path, ordered: bool) -> list[tuple[str, str, str]]:
    """(nodeid, when, outcome) of every collect and test report in a pytest-reportlog file."""
    if not path.exists():
        return []
    found: list[tuple[str, str, str]] = []
    for line in path.read_text("utf-8").splitlines():
        entry = json.loads(line)
        kind = entry.get("$report_type")
        if kind == "TestReport":
            found.append((entry["nodeid"], entry["when"], entry["outcome"]))
        elif kind == "CollectReport":
            found.append((entry["nodeid"], "collect", entry["outcome"]))
    return found if ordered else sorted(found)


def warnings_count(path: Path) -> int | None:
    """The warnings pytest recorded, from the report log (the terminal is what llm-brief
    changes on purpose; the warnings tests and plugins see are in `pytest_warning_recorded`)."""
    if not path.exists():
        return None
    return sum(
        json.loads(line).get("$report_type") == "WarningMessage"
        for line in path.read_text("utf-8").splitlines()
    )


def run_pytest(
    python: Path,
    project: Path,
    args: list[str],
    env: dict[str, str],
    cwd: str,
    out: Path,
    ordered: bool,
    report_files: tuple[str, ...],
) -> Observed:
    """Run `python -m pytest ARGS` in the project and observe it."""
    out.mkdir(parents=True, exist_ok=True)
    log = out / "reportlog.jsonl"
    dashboard = project / ".llm-brief" / "dashboard.json"
    before = dashboard.read_bytes() if dashboard.exists() else None
    top_before = _top_level(project / ".llm-brief")
    done = subprocess.run(
        [str(python), "-m", "pytest", f"--report-log={log}", *args],
        cwd=project / cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    brief = project / ".llm-brief"
    return Observed(
        exit_code=done.returncode,
        reports=read_reports(log, ordered),
        warnings=warnings_count(log),
        files=tree(project),
        outputs={name: normalise_report(project / name, not ordered) for name in report_files},
        brief_files=sorted(p.name for p in brief.iterdir()) if brief.is_dir() else [],
        dashboard=dashboard.read_bytes() if dashboard.exists() else None,
        dashboard_before=before,
        top_level=_top_level(project / ".llm-brief"),
        top_level_before=top_before,
        stdout=done.stdout,
        stderr=done.stderr,
    )


def _top_level(brief: Path) -> dict[str, bytes]:
    """The files directly in `.llm-brief/` (briefing, dashboard, any marker), not history/journal."""
    if not brief.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(brief.iterdir()) if p.is_file()}


def fresh_copy(template: Path, project: Path) -> None:
    """Put a pristine copy of the template at `project`, moving any earlier copy aside."""
    if project.exists():
        project.rename(project.with_name(project.name + "-" + str(len(os.listdir(project.parent)))))
    shutil.copytree(template, project)


def differences(without: Observed, with_: Observed) -> list[str]:
    """Each observable field in which the two runs differ, with both values."""
    found: list[str] = []
    if without.exit_code != with_.exit_code:
        found.append(f"exit code: without {without.exit_code}, with {with_.exit_code}")
    if without.reports != with_.reports:
        found.append(_report_differences(without.reports, with_.reports))
    if without.warnings != with_.warnings:
        found.append(f"warnings count: without {without.warnings}, with {with_.warnings}")
    if without.files != with_.files:
        only_with = sorted(set(with_.files) - set(without.files))
        only_without = sorted(set(without.files) - set(with_.files))
        found.append(f"project files: new with llm-brief {only_with}; missing {only_without}")
    for name, lines in without.outputs.items():
        other = with_.outputs.get(name, [])
        if lines != other:
            found.append(f"{name} differs:\n" + line_diff(lines, other))
    return found


def _report_differences(a: list[tuple[str, str, str]], b: list[tuple[str, str, str]]) -> str:
    """Which (nodeid, when) changed outcome, appeared or vanished."""
    before: dict[tuple[str, str], list[str]] = {}
    after: dict[tuple[str, str], list[str]] = {}
    for reports, into in ((a, before), (b, after)):
        for nodeid, when, outcome in reports:
            into.setdefault((nodeid, when), []).append(outcome)
    lines = [f"reports (nodeid, when, outcome): {len(a)} without llm-brief, {len(b)} with"]
    for key in sorted(before.keys() | after.keys()):
        if before.get(key) != after.get(key):
            lines.append(
                f"    {key[0] or '<session>'} [{key[1]}]: without {before.get(key)}, with {after.get(key)}"
            )
    if len(lines) == 1:
        lines.append("    the same reports in another order")
    elif len(lines) > 13:
        lines[13:] = [f"    ... {len(lines) - 13} more"]
    return "\n".join(lines)


def line_diff(a: list[str], b: list[str], limit: int = 40) -> str:
    """A short unified diff, without llm-brief (-) against with it (+)."""
    diff = list(difflib.unified_diff(a, b, "without", "with", lineterm="", n=1))
    more = f"\n  ... {len(diff) - limit} more diff lines" if len(diff) > limit else ""
    return "\n".join("  " + line for line in diff[:limit]) + more
