"""CI outputs of a finished run: the SARIF file, GitHub annotations and the job summary.

Imported only when a SARIF path is set or the run is on GitHub Actions, so a local run pays
nothing for it. Everything here reads the published (already redacted) dashboard and briefing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from llm_brief.core.render.annotations import annotation_lines
from llm_brief.core.render.sarif import render_sarif
from llm_brief.core.settings import Settings
from llm_brief.output.publish import Published
from llm_brief.output.store import write_atomic


def on_github(settings: Settings, environ: Mapping[str, str]) -> bool:
    """Whether this run should annotate and summarise: on GitHub Actions and not switched off."""
    return settings.github and environ.get("GITHUB_ACTIONS") == "true"


def sarif_path(settings: Settings, root: Path) -> Path:
    """The SARIF file's path, a relative setting taken under the run's root."""
    path = Path(settings.sarif)
    return path if path.is_absolute() else root / path


def publish_ci(
    published: Published, settings: Settings, environ: Mapping[str, str], stream: TextIO
) -> list[Path]:
    """Write what the settings and the environment ask for; returns the files written."""
    written: list[Path] = []
    dashboard = published.dashboard
    if settings.sarif:
        path = sarif_path(settings, Path(dashboard.run.root or "."))
        write_atomic(path, json.dumps(render_sarif(dashboard), indent=1, ensure_ascii=False))
        written.append(path)
    if on_github(settings, environ):
        lines = annotation_lines(dashboard)
        if lines:
            # a command counts only at the start of a line; pytest's progress line has no end yet
            stream.write("\n" + "".join(line + "\n" for line in lines))
            stream.flush()
        summary = environ.get("GITHUB_STEP_SUMMARY", "")
        if summary:
            append_summary(Path(summary), published.briefing_path.read_text("utf-8"))
            written.append(Path(summary))
    return written


def append_summary(path: Path, briefing: str) -> None:
    """Append the briefing to the job summary; other steps' parts of the file stay as they are."""
    with path.open("a", encoding="utf-8", newline="\n") as fh:
        fh.write(briefing.rstrip("\n") + "\n\n")
