"""Where settings come from: the `[tool.llm-brief]` table of a pyproject.toml, and the environment."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from llm_brief.core.settings import ConfigError, Settings, load, unknown_environ


def read_pyproject(path: Path) -> Mapping[str, Any]:
    """The `[tool.llm-brief]` table of `path`, empty when the file or table is absent."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it: {exc}") from None
    if b"llm-brief" not in raw:
        return {}  # no table to read: the TOML parser (and its import) would cost every run
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it as TOML: {exc}") from None
    table = data.get("tool", {}).get("llm-brief", {})
    if not isinstance(table, Mapping):
        raise ConfigError(f"{path}: [tool.llm-brief] must be a table, got {type(table).__name__}")
    return table


def settings_for(pyproject: Path, cli: Mapping[str, Any], enabled: bool = True) -> Settings:
    """The settings of a project: its pyproject.toml, then `LLM_BRIEF_*` variables, then `cli`;
    a bad setting or rule is a `ConfigError` naming the file, key and value."""
    warn_unknown_environ()
    return checked(
        load(read_pyproject(pyproject), str(pyproject), os.environ, cli, enabled), pyproject
    )


def checked(settings: Settings, pyproject: Path) -> Settings:
    """`settings` once its `[tool.llm-brief.rules]` compile: a bad rule (unknown key, invalid
    regex) is refused at the start by every entry point (pytest, `run`, `report`, `LLM_BRIEF=1`),
    not found late or ignored."""
    if settings.rules:
        from llm_brief.core.diagnosis.wiring import configured_rules

        configured_rules(settings, str(pyproject))
    return settings


def warn_unknown_environ() -> None:
    """One line on stderr for each `LLM_BRIEF_*` variable that names no setting."""
    for name in unknown_environ(os.environ):
        sys.stderr.write(
            f"llm-brief: ignoring {name}: no such setting (see the Options table in the README)\n"
        )
