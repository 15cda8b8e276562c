"""Wiring of the diagnosis: built-in and configured rules, and third-party hook implementations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from llm_brief.config import ConfigError, Settings
from llm_brief.core.model import ExceptionRecord, Issue, Location, LogEntry

if TYPE_CHECKING:
    import pytest

    from llm_brief.core.analyzer import Classifier, IssueHook
    from llm_brief.core.diagnosis.rules import Rule

OnError = Callable[[str, BaseException], None]


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


def _hook_rules(config: pytest.Config | None, on_error: OnError) -> tuple[Rule, ...]:
    from llm_brief.core.diagnosis.rules import Rule

    if config is None:
        return ()
    try:
        found = config.hook.pytest_llm_brief_add_rules()
    except Exception as exc:
        on_error("pytest_llm_brief_add_rules hook", exc)
        return ()
    return tuple(rule for batch in found for rule in (batch or ()) if isinstance(rule, Rule))


def classifier_for(
    settings: Settings,
    config: pytest.Config | None,
    source: str = "pyproject.toml",
    on_error: OnError | None = None,
) -> Classifier:
    """The classifier the analyzer calls: hook rules, then configured rules, then built-ins.

    The rule tables are compiled on the first issue, so a green run never pays for them.
    """
    report = on_error or _ignore
    extra: tuple[Rule, ...] | None = None

    def classify_issue(
        chain: Sequence[ExceptionRecord], location: Location, logs: Sequence[LogEntry]
    ) -> tuple[str, str, str]:
        nonlocal extra
        from llm_brief.core.diagnosis.rules import classify
        from llm_brief.core.diagnosis.suggest import suggest

        if extra is None:
            extra = _hook_rules(config, report) + configured_rules(settings, source)
        diagnosis = classify(chain, location, logs, extra_rules=extra)
        suggestion, effort = suggest(diagnosis.category, chain, location, logs)
        if diagnosis.suggestion:
            suggestion = diagnosis.suggestion
        return diagnosis.category, suggestion, diagnosis.effort or effort

    return classify_issue


def issue_hook_for(
    config: pytest.Config | None, on_error: OnError | None = None
) -> IssueHook | None:
    """Let `llm_brief_classify` / `llm_brief_suggest` implementations refine each issue."""
    if config is None:
        return None
    report = on_error or _ignore
    hook = config.hook

    def refine(issue: Issue) -> Issue:
        try:
            category = hook.pytest_llm_brief_classify(issue=issue)
            if isinstance(category, str) and category:
                issue = replace(issue, category=category, id=f"{category}-{issue.fingerprint[:6]}")
            advice = hook.pytest_llm_brief_suggest(issue=issue)
            if isinstance(advice, tuple) and len(advice) == 2:
                issue = replace(issue, suggestion=str(advice[0]), effort=str(advice[1]))
        except Exception as exc:
            report("pytest_llm_brief_classify/suggest hook", exc)
        return issue

    return refine


def post_process_for(
    config: pytest.Config | None, on_error: OnError | None = None
) -> Callable[[dict[str, Any]], None] | None:
    """Let `llm_brief_dashboard` implementations edit the dashboard before it is redacted."""
    if config is None:
        return None
    report = on_error or _ignore

    def post(data: dict[str, Any]) -> None:
        try:
            config.hook.pytest_llm_brief_dashboard(dashboard=data)
        except Exception as exc:
            report("pytest_llm_brief_dashboard hook", exc)

    return post


def _ignore(where: str, exc: BaseException) -> None:
    return None
