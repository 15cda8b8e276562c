"""`llm-brief merge`: read several runs' dashboards, merge them, write one dashboard and briefing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from llm_brief.core.codec import from_json, to_json
from llm_brief.core.merge import merge
from llm_brief.core.model import SCHEMA_VERSION, Dashboard
from llm_brief.core.render.briefing import render_briefing
from llm_brief.core.settings import Settings
from llm_brief.core.text import clean_json
from llm_brief.output.publish import Published
from llm_brief.output.store import BRIEFING, DASHBOARD, write_atomic


class NothingToMerge(ValueError):
    """A target holds no dashboard, or one that cannot be read; the message names it."""


def find_dashboards(targets: Sequence[Path]) -> list[Path]:
    """Each target's dashboards: a file itself, a directory's own or every one below it.

    Below, because a CI download of several artifacts puts each in a folder of its own.
    """
    found: list[Path] = []
    for target in targets:
        if target.is_file():
            found.append(target)
        elif (target / DASHBOARD).is_file():
            found.append(target / DASHBOARD)
        elif target.is_dir() and (below := sorted(target.rglob(DASHBOARD))):
            found.extend(below)
        else:
            raise NothingToMerge(f"no {DASHBOARD} at {target}")
    return list(dict.fromkeys(path.resolve() for path in found))


def read_dashboard(path: Path) -> Dashboard:
    """One dashboard file, checked for the schema version this llm-brief writes."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
            raise ValueError(f"schema_version is not {SCHEMA_VERSION}")
        return from_json(Dashboard, data)
    except (OSError, ValueError) as exc:
        raise NothingToMerge(f"{path} cannot be read as a dashboard: {exc}") from None


def write_merged(paths: Sequence[Path], out: Path, settings: Settings) -> Published:
    """Merge the dashboards at `paths` and write `out`/dashboard.json and briefing.md."""
    merged = merge([read_dashboard(path) for path in paths])
    data = clean_json(to_json(merged))
    dashboard_path = out / DASHBOARD
    write_atomic(dashboard_path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    dashboard = from_json(Dashboard, data)
    briefing_path = out / BRIEFING
    briefing = render_briefing(dashboard, settings.budget, dashboard_name=str(dashboard_path))
    write_atomic(briefing_path, briefing)
    return Published(dashboard, dashboard_path, briefing_path, ())
