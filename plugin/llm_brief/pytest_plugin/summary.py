"""The lines the recorder prints at the end of a pytest run: the compact summary, or, when no
briefing could be written, a verdict from the exit code and what went wrong."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from llm_brief.core.model import Counts
from llm_brief.core.render.terminal import summary_lines
from llm_brief.core.render.verdict import counts_phrase, exit_word
from llm_brief.output.publish import WRITING, Published
from llm_brief.pytest_plugin.reports import counts_of

if TYPE_CHECKING:
    from llm_brief.pytest_plugin.recorder import Recorder


def summary_of(recorder: Recorder, published: Published | None) -> list[str]:
    """The summary lines of `recorder`'s run (not yet redacted)."""
    errors = recorder.boundary.errors
    if published is None:
        # pytest's own last line is held back, so this one carries the outcome
        counts = counts_phrase(counts_of(recorder.config, 0) or Counts())
        duration = time.time() - recorder.started
        # why the briefing is missing, not the first thing that failed (on a full disk the
        # journal stops first, with "the briefing is still written")
        cause = [e for e in errors if e.where == WRITING] or errors[:1]
        why = "".join(f" ({e.where}: {e.message})" for e in cause[:1])
        verdict = f"{exit_word(recorder.exit_code)} · {counts} in {duration:.2f}s"
        return [f"llm-brief: {verdict} · no briefing written{why}"]
    briefing = _display_path(published.briefing_path)
    inline = recorder.settings.terminal == "ci"
    lines = summary_lines(published.dashboard, briefing, inline=inline)
    late = [e for e in errors if e not in published.dashboard.internal]
    return lines + [
        f"llm-brief internal error in {e.where}: {e.message} (results unaffected)" for e in late[:1]
    ]


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
