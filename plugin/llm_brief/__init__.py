"""llm-brief: what a test run or an app launch said, as a short briefing for a coding agent."""

from __future__ import annotations

from llm_brief.status import report_status

__version__ = "0.1.0"

__all__ = ["__version__", "report_status"]
