"""The compact terminal: pytest's long failure sections left out of the terminal, and only there.

Reports are built with the run's own `--tb` style, so JUnit XML, pytest-html and every other
report consumer get pytest's full tracebacks; only while pytest prints its terminal summary does
the style read "no", and it is put back straight after.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest


class CompactTerminal:
    """Registered with `--llm-brief` (compact terminal) on the process that prints the summary."""

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> Generator[None, None, None]:
        option = terminalreporter.config.option
        previous = getattr(option, "tbstyle", "auto")
        if previous == "auto":
            option.tbstyle = "no"
        try:
            return (yield)
        finally:
            option.tbstyle = previous

    def close(self) -> None:
        """Nothing to undo: the style is restored as soon as the summary is printed."""
