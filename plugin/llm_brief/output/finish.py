"""Finishing a run: analyze its records, add resource issues, and publish (no pytest import)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llm_brief.capture.resources import memory_growth_issue
from llm_brief.config import Settings
from llm_brief.core.analyzer import RunFacts, analyze, sort_issues
from llm_brief.core.model import SEVERITY_HEALTH, InternalError, TestRecord, to_json, worst_health
from llm_brief.core.redaction.redactor import Redactor
from llm_brief.output.publish import Published, make_redactor, publish

if TYPE_CHECKING:
    import pytest


def finish_run(
    records: list[TestRecord],
    facts: RunFacts,
    settings: Settings,
    output_dir: Path,
    config: pytest.Config | None,
    start_rss: int,
    rules_source: str = "pyproject.toml",
    final: bool = True,
    redactor: Redactor | None = None,
) -> Published:
    """Analyze the records and write the outputs (shared by the plugin and `llm-brief report`)."""
    from llm_brief.core.diagnosis.wiring import classifier_for, issue_hook_for, post_process_for

    errors: list[InternalError] = []

    def on_error(where: str, exc: BaseException) -> None:
        errors.append(InternalError(where, f"{type(exc).__name__}: {exc}"[:500]))

    dashboard = analyze(
        records,
        facts,
        classify=classifier_for(settings, config, rules_source, on_error),
        component_depth=settings.component_depth,
        issue_hook=issue_hook_for(config, on_error),
    )
    growth = memory_growth_issue(records, start_rss, settings.memory_growth_mb)
    if growth is not None:
        dashboard = replace(
            dashboard,
            issues=tuple(sort_issues([*dashboard.issues, growth])),
            health=worst_health([dashboard.health, SEVERITY_HEALTH[growth.severity]]),
        )
    hook = post_process_for(config, on_error)

    def post_process(data: dict[str, Any]) -> None:
        if hook is not None:
            hook(data)
        data["internal"] = [*data.get("internal", []), *to_json(errors)]

    return publish(
        dashboard,
        records,
        settings,
        output_dir,
        redactor or make_redactor(settings),
        post_process,
        final,
    )
