"""Settings from `[tool.llm-brief]`, `LLM_BRIEF_*` variables and command-line options, validated.

Pure: the values arrive as mappings; `llm_brief.config` reads the file and the environment.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from llm_brief.core.model import ValueType
from llm_brief.core.vocabulary import FALSE_WORDS, LEVELS, TRUE_WORDS, is_truthy


class ConfigError(ValueError):
    """A bad setting; the message names the key, where it came from, and what is accepted."""


TERMINAL_MODES = ("auto", "compact", "ci", "full", "off")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Settings(ValueType):
    """Everything llm-brief can be told; defaults are what a first run needs."""

    enabled: bool = False
    output_dir: str = ".llm-brief"
    log_level: str = "INFO"
    force_log_level: bool = False
    terminal: str = "auto"
    budget: int = 2000
    stats: bool = False
    rerun_prefix: str = ""  # e.g. "uv run pytest"; empty: detected from the environment
    history: int = 20
    redact: bool = True
    redact_patterns: tuple[str, ...] = ()
    redact_allowlist: tuple[str, ...] = ()
    component_depth: int = 2
    memory_growth_mb: float = 200.0
    max_log_sites: int = 200
    journal: bool = True
    sarif: str = ""  # a SARIF 2.1.0 log is written there when set (docs/ci.md)
    github: bool = True  # annotations and job summary when GITHUB_ACTIONS=true
    environment: str = ""  # this run's name in a merged briefing (a matrix entry)
    rules: tuple[Mapping[str, Any], ...] = field(default=(), compare=False)
    sources: tuple[str, ...] = ()

    def output_path(self, root: Path) -> Path:
        """The output directory, relative paths taken under `root` (the rootdir or cwd)."""
        path = Path(self.output_dir)
        return path if path.is_absolute() else root / path

    @property
    def levelno(self) -> int:
        """The logging level number of `log_level`."""
        return int(logging.getLevelName(self.log_level))


# key -> (type, accepted description); one table drives pyproject, environment and CLI parsing.
_KEYS: dict[str, tuple[type, str]] = {
    "output_dir": (str, "a directory path"),
    "log_level": (str, "one of " + ", ".join(LEVELS)),
    "force_log_level": (bool, "true or false"),
    "terminal": (str, "one of " + ", ".join(TERMINAL_MODES)),
    "budget": (int, "a whole number of tokens >= 200"),
    "stats": (bool, "true or false"),
    "rerun_prefix": (str, "a command that runs pytest, e.g. 'uv run pytest'"),
    "history": (int, "a whole number of runs >= 0"),
    "redact": (bool, "true or false"),
    "redact_patterns": (list, "a list of regular expressions"),
    "redact_allowlist": (list, "a list of strings or regular expressions"),
    "component_depth": (int, "a whole number >= 1"),
    "memory_growth_mb": (float, "a number of megabytes > 0"),
    "max_log_sites": (int, "a whole number >= 10"),
    "journal": (bool, "true or false"),
    "sarif": (str, "a file path for the SARIF log"),
    "github": (bool, "true or false"),
    "environment": (str, "a name for this run, e.g. a CI matrix entry"),
    "rules": (list, "an array of rule tables (see docs/rules.md)"),
}

_ENV_PREFIX = "LLM_BRIEF_"
# LLM_BRIEF__* carry state between llm-brief's own processes; LLM_BRIEF_PYTHON names the
# interpreter for editor integrations. Neither is a setting.
_INTERNAL_PREFIX = "LLM_BRIEF__"
_NOT_SETTINGS = {"python", "rules"}


def _coerce(key: str, value: Any, source: str) -> Any:
    """Check and convert one value; strings (from the environment) are parsed."""
    if key not in _KEYS:
        accepted = ", ".join(sorted(_KEYS))
        raise ConfigError(f"{source}: unknown key {key!r}; accepted keys: {accepted}")
    kind, accepted = _KEYS[key]
    bad = ConfigError(f"{source}: {key} = {value!r} is not valid; expected {accepted}")
    if isinstance(value, str) and kind is not str and kind is not list:
        text = value.strip().lower()
        if kind is bool:
            if text in TRUE_WORDS:
                return True
            if text in FALSE_WORDS:
                return False
            raise bad
        try:
            value = kind(text)
        except ValueError:
            raise bad from None
    if key == "rules" and isinstance(value, Mapping):
        return ({"__table__": dict(value)},)  # [tool.llm-brief.rules.<name>] tables
    if kind is list and isinstance(value, str):
        value = _list_from_text(value, bad)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise bad
    valid = _validate(key, value, bad)
    if key == "redact_patterns":
        _check_patterns(source, valid)
    return valid


def _list_from_text(text: str, bad: ConfigError) -> list[Any]:
    """A list given as one string (an environment variable): a JSON array, or one item a line.

    Never split at commas: a regular expression such as `\\d{2,4}` holds one.
    """
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            raise bad from None
        if not isinstance(items, list):
            raise bad
        return items
    return [line.strip() for line in text.splitlines() if line.strip()]


def _check_patterns(source: str, patterns: tuple[str, ...]) -> None:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(
                f"{source}: redact_patterns entry {pattern!r} is not a valid regular expression"
                f" ({exc}); fix it, or escape its special characters (re.escape) to match the"
                " text literally"
            ) from None


def _validate(key: str, value: Any, bad: ConfigError) -> Any:
    if key == "log_level":
        value = str(value).upper()
        if value not in LEVELS:
            raise bad
    elif (
        (key == "terminal" and value not in TERMINAL_MODES)
        or (
            (key == "budget" and value < 200)
            or (key in ("history",) and value < 0)
            or (key == "component_depth" and value < 1)
            or (key == "memory_growth_mb" and value <= 0)
            or (key == "max_log_sites" and value < 10)
        )
        or (
            key in ("redact_patterns", "redact_allowlist")
            and not all(isinstance(v, str) for v in value)
        )
        or (key == "rules" and not all(isinstance(v, Mapping) for v in value))
    ):
        raise bad
    if isinstance(value, list):
        return tuple(value)
    return value


def unknown_environ(environ: Mapping[str, str]) -> list[str]:
    """The `LLM_BRIEF_*` variables that name no setting: warned about, never an error, since
    environment variables leak between tools (a test suite's own LLM_BRIEF_E2E_CACHE)."""
    return sorted(name for name in environ if _env_key(name) not in (None, *_KEYS))


def _env_key(name: str) -> str | None:
    """The setting a variable names, or None for a variable that is not a setting at all."""
    if not name.startswith(_ENV_PREFIX) or name.startswith(_INTERNAL_PREFIX):
        return None
    key = name[len(_ENV_PREFIX) :].lower()
    return None if key in _NOT_SETTINGS else key


def from_environ(environ: Mapping[str, str]) -> dict[str, Any]:
    """Settings given as `LLM_BRIEF_<KEY>` variables (e.g. LLM_BRIEF_OUTPUT_DIR); variables
    that name no setting are skipped (see `unknown_environ`)."""
    values: dict[str, Any] = {}
    for name, raw in environ.items():
        key = _env_key(name)
        if key is not None and key in _KEYS:
            values[key] = _coerce(key, raw, f"environment variable {name}")
    return values


def env_enabled(environ: Mapping[str, str]) -> bool:
    """Whether `LLM_BRIEF` switches capture on (1, true, yes, on)."""
    return is_truthy(environ.get("LLM_BRIEF"))


def load(
    pyproject: Mapping[str, Any],
    pyproject_source: str,
    environ: Mapping[str, str],
    cli: Mapping[str, Any],
    enabled: bool = True,
) -> Settings:
    """Merge the three sources, later winning: pyproject, then environment, then command line."""
    merged: dict[str, Any] = {"enabled": enabled}
    sources: list[str] = []
    for key, value in pyproject.items():
        merged[key] = _coerce(key, value, f"{pyproject_source} [tool.llm-brief]")
    if pyproject:
        sources.append(pyproject_source)
    env_values = from_environ(environ)
    if env_values:
        sources.append("environment")
    merged.update(env_values)
    cli_values = {k: _coerce(k, v, f"command-line option for {k}") for k, v in cli.items()}
    if cli_values:
        sources.append("command line")
    merged.update(cli_values)
    return replace(Settings(), **merged, sources=tuple(sources))
