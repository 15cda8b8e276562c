"""Root-cause fingerprints: what stays the same when the same bug fails many tests."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from llm_brief.core.lazy_regex import LazyRegex
from llm_brief.core.model import ExceptionRecord, Frame
from llm_brief.core.vocabulary import is_test_path

_MASKS: tuple[tuple[LazyRegex, str], ...] = (
    (
        LazyRegex(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
        "<UUID>",
    ),
    (LazyRegex(r"\b0x[0-9a-fA-F]+\b"), "<HEX>"),
    (LazyRegex(r"\b[0-9a-fA-F]{12,}\b"), "<HEX>"),
    (LazyRegex(r"'[^'\n]{0,200}'|\"[^\"\n]{0,200}\""), "<STR>"),
    (LazyRegex(r"(?<![A-Za-z_])[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"), "<NUM>"),
)
_SPACE = LazyRegex(r"\s+")
_QUOTED = LazyRegex(r"'([^'\n]{1,60})'|\"([^\"\n]{1,60})\"")
_IDENTIFIER = LazyRegex(r"[A-Za-z_][A-Za-z_.]*")
FINGERPRINT_FRAMES = 3


def normalize_message(message: str) -> str:
    """Mask the values in a message (numbers, hex, ids, quoted values) so equal causes compare equal."""
    text = message.strip().splitlines()[0] if message.strip() else ""
    for pattern, token in _MASKS:
        text = pattern.sub(token, text)
    return _SPACE.sub(" ", text)[:300]


def normalize_code(code: str) -> str:
    """A source line with whitespace folded, so re-indentation keeps the fingerprint."""
    return _SPACE.sub(" ", code).strip()


def root_exception(chain: Sequence[ExceptionRecord]) -> ExceptionRecord | None:
    """The innermost exception of the chain that passed through the application's code.

    Wrappers raised by libraries around an application failure keep the application's frame
    on the outer exception, so the deepest one with an in-app frame is where the fault began.
    """
    for record in reversed(chain):
        if any(frame.in_app for frame in record.frames):
            return record
    return chain[0] if chain else None


def origin_frame(record: ExceptionRecord) -> Frame | None:
    """The deepest in-app frame of `record`, else its deepest frame."""
    for frame in reversed(record.frames):
        if frame.in_app:
            return frame
    return record.frames[-1] if record.frames else None


def fingerprint_frames(record: ExceptionRecord) -> tuple[Frame, ...]:
    """Frames that identify the cause: the deepest application (non-test) frames, else test frames.

    Test frames are left out when application frames exist, so three tests that hit the same
    broken query through different test functions are one issue.
    """
    in_app = [f for f in record.frames if f.in_app]
    app = [f for f in in_app if not is_test_path(f.path)]
    chosen = app or in_app
    return tuple(chosen[-FINGERPRINT_FRAMES:])


def message_identifiers(message: str) -> tuple[str, ...]:
    """Quoted names in a message that tell causes apart (`'order'`, `'Gateway'`), not values.

    A name with digits or spaces is a value (`'C-3'`, `'0.5 EUR'`, `'user_17'`): twelve tests
    feeding one bug twelve values stay one issue, while a missing `'price'` and a missing
    `'qty'` read by one shared helper are two.
    """
    first = message.strip().splitlines()[0] if message.strip() else ""
    found = (m.group(1) or m.group(2) for m in _QUOTED.finditer(first))
    return tuple(dict.fromkeys(name for name in found if _IDENTIFIER.fullmatch(name)))[:3]


def fingerprint(chain: Sequence[ExceptionRecord], phase: str = "") -> str:
    """A stable hex digest of where the fault began; no line numbers, values masked.

    The cause is the root exception's type, its origin frame (the deepest application frame)
    and the names in its message, not the whole call path: one fault reached from six callers
    is one issue, and two faults in one shared helper stay two when their messages name
    different things.
    """
    root = root_exception(chain)
    if root is None:
        return hashlib.sha1(f"empty|{phase}".encode()).hexdigest()[:16]
    parts = [root.type.rsplit(".", 1)[-1]]
    frames = fingerprint_frames(root)
    if frames:
        frame = frames[-1]
        module = frame.path.rsplit(".", 1)[0].replace("/", ".")
        parts.append(f"{module}:{frame.function}:{normalize_code(frame.code)}")
        parts.extend(message_identifiers(root.message))
    else:
        parts.append(normalize_message(root.message))
    return hashlib.sha1("|".join(parts).encode("utf-8", "replace")).hexdigest()[:16]
