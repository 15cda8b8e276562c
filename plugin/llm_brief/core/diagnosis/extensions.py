"""What extensions of the diagnosis can add, as a protocol the edges implement.

The pytest plugin implements it with the `pytest_llm_brief_*` hooks of conftest files and
plugins; `llm-brief report` and launches have none. The core never sees a `pytest.Config`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from llm_brief.core.diagnosis.rules import Rule
    from llm_brief.core.model import Issue


class Extensions(Protocol):
    """Third-party refinements of the diagnosis; each may raise (the caller guards it)."""

    def rules(self) -> Sequence[Rule]:
        """Extra rules, tried before the configured and built-in ones."""
        ...

    def classify(self, issue: Issue) -> str | None:
        """A category that overrides the rules' choice, or None."""
        ...

    def suggest(self, issue: Issue) -> tuple[str, str] | None:
        """`(suggestion, effort)` that overrides the built-in one, or None."""
        ...

    def post_process(self, dashboard: dict[str, Any]) -> None:
        """Edit the dashboard's JSON form in place before it is redacted and written."""
        ...


class NoExtensions:
    """No extensions: what `llm-brief report` and app launches use."""

    def rules(self) -> Sequence[Rule]:
        """None."""
        return ()

    def classify(self, issue: Issue) -> str | None:
        """No opinion."""
        return None

    def suggest(self, issue: Issue) -> tuple[str, str] | None:
        """No opinion."""
        return None

    def post_process(self, dashboard: dict[str, Any]) -> None:
        """Nothing to change."""


NO_EXTENSIONS = NoExtensions()
