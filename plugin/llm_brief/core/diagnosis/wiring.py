"""Wiring of the diagnosis: built-in, configured and extension rules, and extension refinements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from llm_brief.core.diagnosis.extensions import Extensions
from llm_brief.core.model import ExceptionRecord, Issue, Location, LogEntry
from llm_brief.core.settings import ConfigError, Settings

if TYPE_CHECKING:
    from llm_brief.core.analyzer import Classifier, IssueHook
    from llm_brief.core.boundary import Boundary
    from llm_brief.core.diagnosis.rules import Rule


def configured_rules(settings: Settings, source: str) -> tuple[Rule, ...]:
    """Rules from `[tool.llm-brief.rules]`; a bad rule is a `ConfigError` naming key and file."""
    if not settings.rules:
        return ()
    from llm_brief.core.diagnosis.rules import rules_from_config

    table: Any = list(settings.rules)
    if len(table) == 1 and "__table__" in table[0]:
        table = table[0]["__table__"]  # the [tool.llm-brief.rules.<name>] form
    try:
        return rules_from_config(table, source)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _extension_rules(extensions: Extensions, boundary: Boundary) -> tuple[Rule, ...]:
    from llm_brief.core.diagnosis.rules import Rule

    with boundary.guard("pytest_llm_brief_add_rules hook"):
        return tuple(rule for rule in extensions.rules() if isinstance(rule, Rule))
    return ()


def classifier_for(
    settings: Settings, extensions: Extensions, boundary: Boundary, source: str = "pyproject.toml"
) -> Classifier:
    """The classifier the analyzer calls: extension rules, then configured rules, then built-ins.

    The rule tables are compiled on the first issue, so a green run never pays for them.
    """
    extra: tuple[Rule, ...] | None = None

    def classify_issue(
        chain: Sequence[ExceptionRecord], location: Location, logs: Sequence[LogEntry]
    ) -> tuple[str, str, str]:
        nonlocal extra
        from llm_brief.core.diagnosis.classify import classify

        if extra is None:
            extra = _extension_rules(extensions, boundary) + configured_rules(settings, source)
        diagnosis = classify(chain, location, logs, extra_rules=extra)
        return diagnosis.category, diagnosis.suggestion, diagnosis.effort

    return classify_issue


def issue_hook_for(extensions: Extensions, boundary: Boundary) -> IssueHook:
    """Let the extensions' classify / suggest refine each issue (the first answer wins)."""
    from llm_brief.core.analyzer import issue_id

    def refine(issue: Issue) -> Issue:
        with boundary.guard("pytest_llm_brief_classify/suggest hook"):
            category = extensions.classify(issue)
            if isinstance(category, str) and category:
                issue = replace(issue, category=category, id=issue_id(category, issue.fingerprint))
            advice = extensions.suggest(issue)
            if isinstance(advice, tuple) and len(advice) == 2:
                issue = replace(issue, suggestion=str(advice[0]), effort=str(advice[1]))
        return issue

    return refine
