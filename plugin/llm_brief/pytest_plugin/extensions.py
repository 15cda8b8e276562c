"""The `pytest_llm_brief_*` hooks of conftest files and plugins, as the core's `Extensions`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from llm_brief.core.diagnosis.rules import Rule
    from llm_brief.core.model import Issue


class PytestExtensions:
    """Calls the hooks through pytest's plugin manager (see `hookspecs`)."""

    def __init__(self, config: pytest.Config) -> None:
        self._hook = config.hook

    def rules(self) -> Sequence[Rule]:
        """Every `pytest_llm_brief_add_rules` implementation's rules, in hook order."""
        return [rule for batch in self._hook.pytest_llm_brief_add_rules() for rule in batch or ()]

    def classify(self, issue: Issue) -> str | None:
        """The first `pytest_llm_brief_classify` answer."""
        answer = self._hook.pytest_llm_brief_classify(issue=issue)
        return answer if isinstance(answer, str) else None

    def suggest(self, issue: Issue) -> tuple[str, str] | None:
        """The first `pytest_llm_brief_suggest` answer."""
        answer = self._hook.pytest_llm_brief_suggest(issue=issue)
        return answer if isinstance(answer, tuple) else None

    def post_process(self, dashboard: dict[str, Any]) -> None:
        """Every `pytest_llm_brief_dashboard` implementation, in hook order."""
        self._hook.pytest_llm_brief_dashboard(dashboard=dashboard)
