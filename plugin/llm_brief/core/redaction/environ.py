"""Secrets of the environment: the values of secret-named variables, and URLs with passwords."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

from llm_brief.core.lazy_regex import LazyRegex
from llm_brief.core.redaction.keys import (
    _is_secret_env_value,
    _locate_token,
    _Rule,
    is_credential_url,
    is_secret_env_name,
)


def env_secrets(environ: Mapping[str, str], allowed: Callable[[str], bool]) -> dict[str, str]:
    """The secret values of `environ`, each with the name of its variable."""
    found: dict[str, str] = {}
    for name, value in sorted(environ.items()):
        secret = is_secret_env_name(name) and _is_secret_env_value(value)
        if (secret or is_credential_url(value)) and not allowed(value):
            found.setdefault(value, name)
    return found


def env_rule(secrets: Mapping[str, str]) -> _Rule | None:
    """One rule for the values of all secret-named variables."""
    names: dict[str, str] = {}
    for value, name in secrets.items():
        # The JSON-escaped spelling too, since journal lines are redacted after encoding.
        for spelling in (value, json.dumps(value, ensure_ascii=False)[1:-1]):
            names.setdefault(spelling, name)
    if not names:
        return None
    values = sorted(names, key=len, reverse=True)
    return _Rule(
        LazyRegex("|".join(re.escape(v) for v in values)),
        lambda m, _t: f"env:{names[m.group(0)]}",
        tuple({v.lower() for v in values}),
        _locate_token,
    )
