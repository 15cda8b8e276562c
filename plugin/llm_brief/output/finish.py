"""Finishing a run: analyze its records, add resource issues, and publish (no pytest import)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from llm_brief.core.analyzer import RunFacts, analyze, sort_issues
from llm_brief.core.boundary import Boundary
from llm_brief.core.codec import from_json, to_json
from llm_brief.core.diagnosis.extensions import NO_EXTENSIONS, Extensions
from llm_brief.core.diagnosis.wiring import classifier_for, issue_hook_for
from llm_brief.core.model import PhaseRecord, ValueType
from llm_brief.core.redaction.redactor import Redactor, default_redactor
from llm_brief.core.resources import memory_growth_issue
from llm_brief.core.settings import Settings
from llm_brief.core.vocabulary import SEVERITY_HEALTH, worst_health
from llm_brief.output.publish import STALE, Published, make_redactor, publish
from llm_brief.output.store import BRIEFING, mark_stale


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Outputs(ValueType):
    """Where a run's files go and how: its settings, directory and the run's one redactor."""

    settings: Settings
    directory: Path
    redactor: Redactor
    rules_source: str = "pyproject.toml"

    @classmethod
    def of(
        cls, settings: Settings, directory: Path, rules_source: str = "pyproject.toml"
    ) -> Outputs:
        """Outputs with the redactor the settings ask for, built once for the whole run."""
        redactor = make_redactor(settings)
        # This process's command line: `pytest --db-password X`, `llm-brief run -- app --token X`.
        redactor.learn_argv(sys.argv)
        # Evidence is redacted by the process's default redactor before it is cut (the context
        # that taught a value is then gone): the run redacts what that one learns too.
        redactor.learnt.follow(default_redactor().learnt)
        return cls(settings, directory, redactor, rules_source)


def redact_records(records: list[PhaseRecord], redactor: Redactor) -> list[PhaseRecord]:
    """The records with every string redacted (the same objects where nothing changed)."""
    if not redactor.enabled:
        return records
    version = redactor.learnt.version
    redacted = _redacted(records, redactor)
    if redactor.learnt.version != version:  # a later record taught an earlier one's secret
        redacted = _redacted(records, redactor)
    return redacted


def _redacted(records: list[PhaseRecord], redactor: Redactor) -> list[PhaseRecord]:
    cache: dict[str, str] = {}
    out = []
    for record in records:
        data = to_json(record)
        clean = redactor.redact_values(data, cache)
        out.append(record if clean == data else from_json(PhaseRecord, clean))
    return out


def finish_run(
    records: list[PhaseRecord],
    facts: RunFacts,
    outputs: Outputs,
    extensions: Extensions = NO_EXTENSIONS,
    final: bool = True,
    environment: Mapping[str, Any] | None = None,
) -> Published:
    """Analyze the records and write the outputs (shared by the plugin, launches and `report`).

    `environment` (Python, platform, versions, shard) is recorded in the dashboard so that
    `llm-brief merge` can say where an issue fails. When this fails, the earlier briefing left
    in place is marked stale before the error goes on to the caller's boundary.
    """
    try:
        return _finish_run(records, facts, outputs, extensions, final, environment)
    except BaseException:
        mark_stale(outputs.directory / BRIEFING, STALE)
        raise


def _finish_run(
    records: list[PhaseRecord],
    facts: RunFacts,
    outputs: Outputs,
    extensions: Extensions,
    final: bool,
    environment: Mapping[str, Any] | None,
) -> Published:
    settings = outputs.settings
    boundary = Boundary()
    # Redact before anything is cut (titles), masked (log templates) or split (rerun commands),
    # and learn every secret of the run first, so the outputs redact each one everywhere.
    outputs.redactor.learn_argv(facts.command)
    records = redact_records(records, outputs.redactor)
    facts = replace(facts, command=tuple(outputs.redactor.redact(a) for a in facts.command))
    dashboard = analyze(
        records,
        facts,
        classify=classifier_for(settings, extensions, boundary, outputs.rules_source),
        component_depth=settings.component_depth,
        issue_hook=None if extensions is NO_EXTENSIONS else issue_hook_for(extensions, boundary),
    )
    growth = memory_growth_issue(records, facts.start_rss, settings.memory_growth_mb)
    if growth is not None:
        dashboard = replace(
            dashboard,
            issues=tuple(sort_issues([*dashboard.issues, growth])),
            health=worst_health([dashboard.health, SEVERITY_HEALTH[growth.severity]]),
        )
    if environment:
        dashboard = replace(dashboard, environment=dict(environment))

    def post_process(data: dict[str, Any]) -> None:
        with boundary.guard("pytest_llm_brief_dashboard hook"):
            extensions.post_process(data)
        data["internal"] = [*data.get("internal", []), *to_json(boundary.errors)]

    published = publish(
        dashboard, records, settings, outputs.directory, outputs.redactor, post_process, final
    )
    if final and (settings.sarif or os.environ.get("GITHUB_ACTIONS") == "true"):
        from llm_brief.output.ci import publish_ci  # imported on CI or when asked, never locally

        try:
            publish_ci(published, settings, os.environ, sys.stdout)
        except Exception as exc:  # the briefing is written; a CI extra must not undo that
            sys.stderr.write(f"llm-brief: CI outputs not written ({type(exc).__name__}: {exc})\n")
    return published
