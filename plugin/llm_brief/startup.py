"""Process start-up hook: the `.pth` line installed with the package calls `process_startup()`.

The `.pth` line itself checks, with the standard library alone, that `LLM_BRIEF__CHANNEL` (set by
`llm-brief run`) or a truthy `LLM_BRIEF` is set and that the process is not pytest, so that a
pytest process never imports llm-brief before pytest does (pytest would warn that it cannot
rewrite it). Here, a process started by a test (an ancestor is pytest) stays silent under
`LLM_BRIEF=1`: it must not write a briefing into its own working directory. It is safe to call
twice (as coverage.py's `process_startup`) and never raises into the interpreter's start.
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
        if not channel and started_by_pytest():
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


def started_by_pytest(proc: str = "/proc") -> bool:
    """Whether an ancestor of this process is a pytest process that was itself started with a
    truthy `LLM_BRIEF` (its children inherited the switch; a test that sets it on purpose for a
    child it starts still gets a briefing). Read from /proc; False elsewhere."""
    pid = os.getppid()
    for _ in range(64):  # a bound, in case /proc shows a cycle
        if pid <= 1:
            return False
        ancestor = pid
        try:
            with open(f"{proc}/{pid}/cmdline", "rb") as fh:
                argv = [a.decode("utf-8", "replace") for a in fh.read().split(b"\0") if a]
            with open(f"{proc}/{pid}/stat", "rb") as fh:
                pid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return False
        if is_pytest(argv):
            return _switched_on(f"{proc}/{ancestor}/environ")
    return False


def _switched_on(environ_path: str) -> bool:
    """Whether the environment a process started with holds a truthy LLM_BRIEF."""
    try:
        with open(environ_path, "rb") as fh:
            variables = fh.read().split(b"\0")
    except OSError:
        return True  # cannot tell: stay silent, the safe side for a test's child
    for variable in variables:
        if variable.startswith(b"LLM_BRIEF="):
            return is_truthy(variable[len(b"LLM_BRIEF=") :].decode("utf-8", "replace"))
    return False


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
