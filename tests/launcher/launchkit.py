"""Helpers of the launcher tests (imported as `launchkit`): environment, commands, waits."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "tradebot"
TIMEOUT = 30.0


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without llm-brief's own variables (the suite may itself run under it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLM_BRIEF")}
    env.update(extra)
    return env


def wrapper_cmd(*command: str, options: tuple[str, ...] = ()) -> list[str]:
    """`python -m llm_brief.cli run [options] -- command...`."""
    return [sys.executable, "-m", "llm_brief.cli", "run", *options, "--", *command]


def wait_for(predicate: Callable[[], Any], timeout: float = TIMEOUT, what: str = "") -> Any:
    """Poll `predicate` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")
        time.sleep(0.05)  # polling with a deadline; the event is the predicate becoming true


def dashboard(folder: Path) -> dict[str, Any] | None:
    """The dashboard in `folder/.llm-brief`, or None while there is none."""
    path = folder / ".llm-brief" / "dashboard.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data
