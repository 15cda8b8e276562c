"""One combination end to end: write its project, run it without and with llm-brief, compare."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compat_combos import Combo
from compat_projects import project_files
from compatkit import SWITCHES, Observed, Switch, clean_environ, differences, fresh_copy, run_pytest

# set in every project so pytest-asyncio's start-up deprecation warning does not blur `-W error`
_INI = (
    'pythonpath = ["."]',
    'testpaths = ["tests"]',
    'asyncio_default_fixture_loop_scope = "function"',
)


class BaselineError(Exception):
    """The run without llm-brief did not behave as the combination says: a harness bug, not a
    difference (a strict xfail must not swallow it, hence not an AssertionError)."""


def write_project(root: Path, combo: Combo, with_ini_switch: bool) -> None:
    """The combination's project at `root`, its pyproject carrying the ini lines it asks for."""
    for rel, text in project_files(combo.suites, combo.base).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    lines = ["[tool.pytest.ini_options]", *_INI, *combo.ini]
    if with_ini_switch:
        lines.append("llm_brief = true")
    (root / "pyproject.toml").write_text("\n".join(lines) + "\n", "utf-8")


def run_combo(combo: Combo, workdir: Path, python: Path) -> tuple[list[str], Observed, Observed]:
    """Run the combination both ways in `workdir`; the differences and both observations."""
    switch = SWITCHES[combo.switch]
    project = workdir / "project"
    plugins = [] if combo.randomly else ["-p", "no:randomly"]

    def observe(label: str, lead: list[str], extra_env: dict[str, str], ini: bool) -> Observed:
        template = workdir / f"template-{label}"
        write_project(template, combo, ini)
        fresh_copy(template, project)
        env = clean_environ(extra_env)
        for n, earlier in enumerate(combo.before):  # the runs that make the cache and history
            out = workdir / f"before{n}-{label}"
            run_pytest(python, project, [*lead, *plugins, *earlier], env, combo.cwd, out, True, ())
        return run_pytest(
            python,
            project,
            [*lead, *plugins, *combo.args],
            env,
            combo.cwd,
            workdir / f"out-{label}",
            combo.ordered,
            combo.reports,
        )

    without = observe("without", ["-p", "no:llm_brief"], {}, ini=False)
    if without.exit_code != combo.exit:
        raise BaselineError(
            f"{combo.id}: without llm-brief pytest exited {without.exit_code}, the combination "
            f"expects {combo.exit}: the project does not run as meant\n{without.stdout[-3000:]}"
        )
    with_ = observe("with", [*switch.args], dict(switch.env), ini=switch.ini)
    found = differences(without, with_)
    found.extend(_briefing_problems(combo, switch, with_))
    return found, without, with_


def _briefing_problems(combo: Combo, switch: Switch, with_: Observed) -> list[str]:
    """Whether llm-brief really ran (else the comparison proves nothing) or really stayed off."""
    expected = switch.active if combo.brief is None else combo.brief
    found: list[str] = []
    if expected and "dashboard.json" not in with_.brief_files:
        found.append(
            f"briefing: {switch.name} wrote no .llm-brief/dashboard.json (found {with_.brief_files})"
        )
    if not switch.active and with_.brief_files:
        found.append(
            f"briefing: {switch.name} must stay off, but .llm-brief/ holds {with_.brief_files}"
        )
    issues = _issues(with_.dashboard)
    if combo.rerun_of and with_.dashboard is not None:
        reruns = [issue.get("rerun", "") for issue in issues]
        if not any(combo.rerun_of in rerun for rerun in reruns):
            found.append(f"briefing: no issue's rerun names {combo.rerun_of}; reruns: {reruns}")
    if combo.keeps_issues:
        lost = {i["id"] for i in _issues(with_.dashboard_before)} - {i["id"] for i in issues}
        if lost:
            found.append(f"briefing: the partial run dropped the untouched issues {sorted(lost)}")
    if combo.forbid_status:
        wrong = [
            f"{i['id']} ({i.get('title', '')[:60]})"
            for i in issues
            if i.get("status") == combo.forbid_status
        ]
        if wrong:
            found.append(f"briefing: issues marked {combo.forbid_status!r}: {wrong}")
    if combo.marks_incomplete and with_.top_level == with_.top_level_before:
        found.append(
            "briefing: the run died and .llm-brief/ still holds the previous run's files unchanged "
            f"({sorted(with_.top_level)}), with nothing to show they are old"
        )
    if combo.mentions and not any(combo.mentions in json.dumps(i) for i in issues):
        found.append(f"briefing: no dashboard issue mentions {combo.mentions!r}")
    if combo.keeps_brief and with_.dashboard_before != with_.dashboard:
        found.append(
            "briefing: the measured run replaced the dashboard.json of the full run before it"
        )
    return found


def _issues(dashboard: bytes | None) -> list[dict[str, Any]]:
    """The issues of a dashboard.json (the contract), none when there is no dashboard."""
    if dashboard is None:
        return []
    issues: list[dict[str, Any]] = json.loads(dashboard).get("issues", [])
    return issues
