"""The one never-break boundary: what fails inside llm-brief becomes an internal-error entry.

Every pytest hook, the live refresh of a launch and the finish run their work inside a `Guard`
of one `Boundary`; the user's run never sees the exception. Modelled on Sentry's
`capture_internal_exceptions`: one reusable context manager instead of hand-written try/except.
"""

from __future__ import annotations

import os
from types import TracebackType

from llm_brief.core.model import InternalError

MAX_MESSAGE = 500
MAX_ERRORS = 100


def internal_error(where: str, exc: BaseException) -> InternalError:
    """The dashboard entry for a failure of llm-brief `where`, naming the line inside llm-brief."""
    message = f"{type(exc).__name__}: {exc}{_origin(exc)}"
    return InternalError(where=where, message=message[:MAX_MESSAGE])


class Boundary:
    """The internal errors of one run, and the guards that catch them."""

    def __init__(self, limit: int = MAX_ERRORS) -> None:
        self.errors: list[InternalError] = []
        self._limit = limit

    def record(self, where: str, exc: BaseException) -> None:
        """Keep `exc` as an internal error (bounded: a failure per test must not grow memory)."""
        if len(self.errors) < self._limit:
            self.errors.append(internal_error(where, exc))

    def guard(self, where: str) -> Guard:
        """A reusable context manager that records and swallows any `Exception` raised in it."""
        return Guard(self, where)


class Guard:
    """`with guard:` — the block's exception is recorded where the guard says, not raised.

    A class rather than `contextlib.contextmanager`: guards sit on per-test hooks, and entering
    one must cost a method call, not a generator.
    """

    __slots__ = ("_boundary", "where")

    def __init__(self, boundary: Boundary, where: str) -> None:
        self._boundary = boundary
        self.where = where

    def __enter__(self) -> Guard:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        if exc is None or not isinstance(exc, Exception):
            return False  # KeyboardInterrupt and SystemExit are the user's, not ours
        self._boundary.record(self.where, exc)
        return True


def _origin(exc: BaseException) -> str:
    """` (at module.py:123)`: where inside llm-brief it failed, for a useful bug report."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return ""
    return f" (at {os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno})"
