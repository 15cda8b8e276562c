"""The words every layer shares: log levels, health, severities, truthy settings, test paths, time.

Pure and import-light: the start-up hook of every launched Python process and `report_status`
read it, so it imports nothing at module level but `re`'s lazy wrapper.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from llm_brief.core.lazy_regex import LazyRegex

Severity = Literal["critical", "error", "warning", "info"]
Health = Literal["OK", "WARNING", "ERROR", "CRITICAL"]
Outcome = Literal["passed", "failed", "skipped", "error", "xfailed", "xpassed"]
# "run": an event of an app launch; "crash": an uncaught exception that ended a process
Phase = Literal["collect", "setup", "call", "teardown", "session", "run", "crash"]

LEVEL_NUMBERS: dict[str, int] = {
    "DEBUG": 10,
    "INFO": 20,
    "WARNING": 30,
    "ERROR": 40,
    "CRITICAL": 50,
}
LEVELS = tuple(LEVEL_NUMBERS)
HEALTH_VALUES: tuple[Health, ...] = ("OK", "WARNING", "ERROR", "CRITICAL")
HEALTH_ORDER: dict[str, int] = {value: rank for rank, value in enumerate(HEALTH_VALUES)}
SEVERITY_ORDER: dict[str, int] = {"critical": 0, "error": 1, "warning": 2, "info": 3}
SEVERITY_HEALTH: dict[str, Health] = {
    "critical": "CRITICAL",
    "error": "ERROR",
    "warning": "WARNING",
    "info": "OK",
}
LEVEL_HEALTH: dict[str, Health] = {"WARNING": "WARNING", "ERROR": "ERROR", "CRITICAL": "CRITICAL"}
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})
FAILING_OUTCOMES = ("failed", "error")
_TEST_FILE = LazyRegex(r"(^|/)(test_[^/]*\.py|[^/]*_test\.py|conftest\.py)$|(^|/)tests?/")


def level_rank(level: str) -> int:
    """The logging number of a level name (ERROR -> 40); 0 for an unknown name."""
    return LEVEL_NUMBERS.get(level, 0)


def worst_health(values: Iterable[Health]) -> Health:
    """The worst of several health values; OK for none."""
    return max(values, key=HEALTH_ORDER.__getitem__, default="OK")


def parse_health(value: object, default: Health = "WARNING") -> Health:
    """A health word from user input (any case); `default` for anything else."""
    word = str(value).upper()
    for health in HEALTH_VALUES:
        if word == health:
            return health
    return default


def is_truthy(value: str | None) -> bool:
    """Whether a switch's text turns it on (1, true, yes, on; any case, spaces ignored)."""
    return (value or "").strip().lower() in TRUE_WORDS


def is_test_path(path: str) -> bool:
    """Whether a path is test code: test modules, conftest.py, or a file under tests/ or test/."""
    return bool(_TEST_FILE.search(path))


def iso_time(epoch: float) -> str:
    """`2026-01-31T12:00:00Z`: an epoch time in UTC to the second, as the dashboard writes it."""
    from datetime import datetime, timezone

    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
