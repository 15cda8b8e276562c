"""Reading a dashboard as untrusted input: regular files only, bounded in size and in nesting.

A dashboard path is whatever the workspace holds there: a FIFO would block a read forever, a
link to `/dev/zero` would never end, and JSON nested 100,000 deep makes `json.loads` raise
`RecursionError`. Each is refused here with a sentence that says what is wrong and what to do.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 64 * MIB
# llm-brief's own dashboards nest six levels deep; anything near the JSON decoder's recursion
# limit (about 1,000) is not a dashboard.
MAX_DEPTH = 64
DEFAULT_TIMEOUT_S = 10.0
REWRITE = "run `pytest --llm-brief` to write a new one"

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_TO_PARENTHESES = bytes.maketrans(b"[]{}", b"()()")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class Refused(ValueError):
    """The file is not read: not a regular file, too big, or nested too deep."""


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """How much of a dashboard the server reads, and for how long."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = MAX_DEPTH
    timeout_s: float = DEFAULT_TIMEOUT_S


def kind_of(mode: int) -> str:
    """What a file of `mode` is, in words ("a FIFO (named pipe)")."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _not_regular(path: str, mode: int) -> Refused:
    target = os.path.realpath(path)
    via = f" (a link to {target})" if target != os.path.abspath(path) else ""
    return Refused(
        f"{path}{via} is {kind_of(mode)}, not a regular file, so it is not read; "
        f"replace it with a regular file: {REWRITE}"
    )


def _too_big(path: str, size: int, limit: int) -> Refused:
    return Refused(
        f"{path} is {size / MIB:.1f} MiB, over the {limit / MIB:g} MiB this server reads, so it is "
        f"not read; {REWRITE}, or raise llmBrief.maxDashboardMiB"
    )


def read_regular(path: str, max_bytes: int) -> bytes:
    """The bytes of `path` if it is a regular file (a link counts only if it leads to one).

    Raises FileNotFoundError when nothing is there, `Refused` for anything that is not a regular
    file or holds more than `max_bytes`, and OSError when reading fails.
    """
    # stat follows links without opening: a FIFO or a device is never opened, so never waited on.
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(path, st.st_mode)
    if st.st_size > max_bytes:
        raise _too_big(path, st.st_size, max_bytes)
    # O_NONBLOCK: if the path was swapped for a FIFO since the stat, opening it does not wait.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb", closefd=True) as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(path, st.st_mode)
        # One byte past the limit tells a file that grew since the stat from one that fits.
        data = handle.read(min(st.st_size, max_bytes) + 1)
        if len(data) > st.st_size and len(data) <= max_bytes:
            data += handle.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        raise _too_big(path, len(data), max_bytes)
    return data


def too_deep(path: str, max_depth: int) -> Refused:
    """The refusal of a file nested deeper than `max_depth`."""
    return Refused(
        f"{path} nests JSON more than {max_depth} levels deep (llm-brief writes 6), so it is not "
        f"read; {REWRITE}"
    )


def _deeper_than(text: bytes, max_depth: int) -> bool:
    """Whether the brackets of `text` nest deeper than `max_depth`, at C speed.

    Each `replace` pass peels the innermost pairs, so brackets that still pair up after
    `max_depth` passes nest deeper; a run of openers past the limit (which truncated text can
    have) is caught at once.
    """
    brackets = text.translate(_TO_PARENTHESES, _NOT_BRACKETS)
    openers = b"(" * (max_depth + 1)
    for _ in range(max_depth):
        if openers in brackets:
            return True
        peeled = brackets.replace(b"()", b"")
        if len(peeled) == len(brackets):
            return False
        brackets = peeled
    return b"()" in brackets or openers in brackets


def _outside_strings(raw: bytes) -> bytes:
    """`raw` without its JSON strings: escapes go first, then every other quote opens one."""
    parts = raw.replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')
    return b"".join(parts[::2])


def check_depth(raw: bytes, path: str, max_depth: int) -> None:
    """Raise `Refused` when the JSON text `raw` nests arrays and objects deeper than `max_depth`.

    The quick look counts brackets inside strings too (2 ms for 10 MB); only when it finds too
    deep a nesting are the strings taken out and the brackets counted again (0.4 s). Brackets in
    strings can also hide depth from the quick look, so callers still catch `RecursionError`.
    """
    if _deeper_than(raw, max_depth) and _deeper_than(_outside_strings(raw), max_depth):
        raise too_deep(path, max_depth)
