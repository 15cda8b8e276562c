"""Hook specifications other plugins implement to extend llm-brief's diagnosis.

Added to pytest's plugin manager with `pytest_addhooks`; implement them in a `conftest.py` or a
plugin with the same names, each marked `@pytest.hookimpl(optionalhook=True)`: without that
mark pytest rejects an implementation whose specification is not registered, so a run with
`-p no:llm_brief` (or without llm-brief installed) would stop with an INTERNALERROR. Every hook
is called inside llm-brief's own error boundary, so a raising implementation is reported as an
internal error and never changes a test outcome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from llm_brief.core.diagnosis.rules import Rule
    from llm_brief.core.model import Issue

hookspec = pluggy.HookspecMarker("pytest")


@hookspec(firstresult=True)
def pytest_llm_brief_classify(issue: Issue) -> str | None:
    """Return the category of `issue` (e.g. "db"), or None to let the next rule decide.

    Called once per issue after the built-in and configured rules have proposed
    `issue.category`; the first non-None answer wins.
    """


@hookspec(firstresult=True)
def pytest_llm_brief_suggest(issue: Issue) -> tuple[str, str] | None:
    """Return `(suggestion, effort)` for `issue`, or None to keep the built-in suggestion.

    `effort` is one of "5m", "15m", "1h", "half-day".
    """


@hookspec
def pytest_llm_brief_add_rules() -> list[Rule]:
    """Return extra classification rules (`llm_brief.core.diagnosis.rules.Rule`), tried before the built-ins."""
    return []


@hookspec
def pytest_llm_brief_dashboard(dashboard: dict[str, Any]) -> None:
    """Post-process the dashboard's JSON form in place, just before redaction and writing."""
