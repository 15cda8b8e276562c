"""Process start-up hook: the `.pth` line installed with the package calls `process_startup()`.

It does nothing unless `LLM_BRIEF__CHANNEL` (set by `llm-brief run`) or `LLM_BRIEF=1` is in the
environment, stands down in pytest processes (the pytest plugin captures those itself), is safe
to call twice (as coverage.py's `process_startup`), and never raises into the interpreter's start.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

from llm_brief.core.vocabulary import is_truthy

_PYTEST = ("pytest", "py.test", "pytest.exe", "py.test.exe")
_done = False


def process_startup() -> bool:
    """Switch the capture on in this process when asked to; returns whether it did."""
    global _done
    if _done:
        return False
    _done = True
    try:
        channel = os.environ.get("LLM_BRIEF__CHANNEL", "")
        if not channel and not is_truthy(os.environ.get("LLM_BRIEF")):
            return False
        if is_pytest(getattr(sys, "orig_argv", sys.argv)):
            return False
        from llm_brief.launcher import inprocess

        inprocess.activate(channel or None)
        return True
    except Exception as exc:  # capture must never break the app
        with contextlib.suppress(Exception):
            sys.stderr.write(f"llm-brief: capture is off in this process ({exc!r})\n")
        return False


def stand_down() -> None:
    """Undo the capture in this process; the pytest plugin calls it when it takes over."""
    inprocess = sys.modules.get("llm_brief.launcher.inprocess")
    if inprocess is not None:
        inprocess.stand_down()


def is_pytest(argv: Sequence[str]) -> bool:
    """Whether a command line starts pytest (`pytest …`, `python -m pytest …`)."""
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if os.path.basename(arg) in _PYTEST:
            return True
        if arg == "-m":
            return i + 1 < len(argv) and argv[i + 1] in ("pytest", "py.test")
        if arg in ("-X", "-W"):
            skip = True
        elif i > 0 and not arg.startswith("-"):
            return False
    return False
