"""Bounded facts read at a failure's origin frame: what an agent needs to write the fix.

Runs only for a failing phase's exceptions. Every fact is a short `name: value` string, reprs
are truncated and secret-named locals are skipped; the record is redacted later like any text.
"""

from __future__ import annotations

import contextlib
import inspect
import re
import sys
from collections.abc import Mapping, Sequence, Sized
from types import FrameType
from typing import Any

from llm_brief.core.redaction.keys import MARKER_PREFIX, is_secret_key
from llm_brief.core.redaction.redactor import default_redactor

MAX_FACTS = 6
MAX_REPR = 120
# How much of a long repr is redacted before it is cut: the context that marks a value as a
# secret ("aws_secret_access_key=...") often lies past the cut, the value itself before it.
REDACT_BEFORE_CUT = 4096
MAX_KEYS = 12
_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_MISSING = object()
_ADDRESS_REPR = re.compile(r"<[^<>]* (?:object )?at 0x[0-9a-fA-F]+>")
_CALL_ERROR = re.compile(r"^(?P<name>[\w.]+)\(\) (?:takes|missing|got an unexpected|got multiple)")


def short_repr(value: Any, limit: int = MAX_REPR) -> str:
    """`repr(value)` cut to `limit` characters; a failing `__repr__` gives a placeholder."""
    try:
        text = repr(value)
    except Exception:
        return f"<unrepresentable {type(value).__name__}>"
    if len(text) <= limit:
        return text  # redacted later with the run's redactor, like any text
    text = default_redactor().redact(text[:REDACT_BEFORE_CUT])
    if len(text) <= limit:
        return text
    cut = limit - 1
    opened = text.rfind(MARKER_PREFIX, 0, cut)
    if opened >= 0 and "]" not in text[opened:cut]:
        cut = opened  # never half a marker
    return text[:cut] + "…"


def origin_facts(exc: BaseException, frame: FrameType | None, code: str) -> tuple[str, ...]:
    """Facts for `exc` raised at `frame` (the deepest application frame), whose line is `code`."""
    facts: list[str] = list(_attached_facts(exc))
    if frame is not None:
        # a repr or __len__ of user code may raise; the facts are optional, the capture is not
        with contextlib.suppress(Exception):
            facts.extend(_frame_facts(exc, frame, code))
    return tuple(dict.fromkeys(facts))[: MAX_FACTS + 4]


def _attached_facts(exc: BaseException) -> list[str]:
    """Facts libraries attach to the exception: notes (Hypothesis), doctest's want/got."""
    facts = [
        f"note: {' '.join(note.split())[:300]}"
        for note in getattr(exc, "__notes__", None) or ()
        if isinstance(note, str) and note.strip()
    ][:3]
    example, got = getattr(exc, "example", None), getattr(exc, "got", None)
    want = getattr(example, "want", None)
    if isinstance(want, str) and isinstance(got, str):
        facts.append(f"doctest expected: {want.strip()[:200]!r}; got: {got.strip()[:200]!r}")
    return facts


def _frame_facts(exc: BaseException, frame: FrameType, code: str) -> list[str]:
    scope: dict[str, Any] = {**frame.f_globals, **frame.f_locals}
    facts: list[str] = []
    call = _CALL_ERROR.match(str(exc)) if isinstance(exc, TypeError) else None
    if call is not None:
        facts.extend(_signature_fact(call.group("name"), scope))
    for dotted in dict.fromkeys(_NAME.findall(code)):
        name, value = _longest_resolved(dotted, scope)
        if value is _MISSING or any(is_secret_key(part) for part in name.split(".")):
            continue
        if inspect.ismodule(value) or inspect.isclass(value) or inspect.isroutine(value):
            continue
        if (isinstance(exc, KeyError) and isinstance(value, Mapping)) or _is_frame(value, exc):
            facts.append(_keys_fact(name, value))
        elif isinstance(exc, IndexError) and isinstance(value, Sized):
            facts.append(f"len({name}) = {len(value)}")
        elif _is_mock(value):
            # a mock's repr is only its id; the calls it received are the fact
            facts.append(f"{name}.mock_calls = {short_repr(value.mock_calls)}")
            continue
        if isinstance(exc, AttributeError) and hasattr(value, "__dict__"):
            facts.append(_attributes_fact(name, value))
        if len(facts) < MAX_FACTS and name.partition(".")[0] in frame.f_locals:
            facts.append(_value_fact(name, value))
    return facts[:MAX_FACTS]


def _value_fact(name: str, value: Any) -> str:
    """`name = repr`, or its type when the repr is only an address (`<X object at 0x…>`)."""
    text = short_repr(value)
    if _ADDRESS_REPR.fullmatch(text):
        cls = type(value)
        return f"{name} is a {cls.__module__}.{cls.__qualname__}"
    return f"{name} = {text}"


def _attributes_fact(name: str, value: Any) -> str:
    """The attributes an object does have, for an AttributeError about one it lacks."""
    names = [n for n in vars(value) if not n.startswith("_")][:MAX_KEYS]
    return f"attributes of {name}: [{', '.join(names)}]"


def _longest_resolved(dotted: str, scope: Mapping[str, Any]) -> tuple[str, Any]:
    """The longest prefix of `a.b.c` that resolves statically (`mailer` of `mailer.send.x`)."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        value = _resolve(name, scope)
        if value is not _MISSING:
            return name, value
    return dotted, _MISSING


def _resolve(dotted: str, scope: Mapping[str, Any]) -> Any:
    """The value of `a.b.c` in `scope`, read statically so no property or `__getattr__` runs."""
    head, *rest = dotted.split(".")
    target = scope.get(head, _MISSING)
    for part in rest:
        if target is _MISSING:
            break
        target = inspect.getattr_static(target, part, _MISSING)
    return target


def _signature_fact(dotted: str, scope: Mapping[str, Any]) -> list[str]:
    target = _resolve(dotted, scope)
    if target is _MISSING or not callable(target):
        return []
    try:
        return [f"signature: {dotted}{inspect.signature(target)}"]
    except (TypeError, ValueError):
        return []


def _keys_fact(name: str, value: Any) -> str:
    if value is _environ():
        return f"{name} is the process environment (os.environ)"
    is_frame = type(value).__name__ == "DataFrame"
    keys = list(value.columns) if is_frame else list(value.keys())
    shown = [short_repr(k, 40) for k in list(keys)[:MAX_KEYS]]
    more = f", … {len(keys) - MAX_KEYS} more" if len(keys) > MAX_KEYS else ""
    return f"{'columns' if is_frame else 'keys'} of {name}: [{', '.join(shown)}{more}]"


def _is_frame(value: Any, exc: BaseException) -> bool:
    """A pandas DataFrame looked up with a missing column (its KeyError names the column)."""
    return (
        isinstance(exc, KeyError)
        and type(value).__name__ == "DataFrame"
        and "pandas" in (type(value).__module__)
    )


def _is_mock(value: Any) -> bool:
    mock = sys.modules.get("unittest.mock")
    return mock is not None and isinstance(value, mock.NonCallableMock)


def _environ() -> Any:
    return sys.modules["os"].environ


def mro_names(cls: type, qualify: Any) -> tuple[str, ...]:
    """The class hierarchy above `cls` as qualified names, nearest first, without `object`."""
    return tuple(qualify(base) for base in cls.__mro__[1:] if base is not object)[:16]


def group_members(exc: BaseException) -> Sequence[BaseException]:
    """The sub-exceptions of an `ExceptionGroup` (builtin or the backport), else nothing."""
    members = getattr(exc, "exceptions", None)
    is_group = any(base.__name__ == "BaseExceptionGroup" for base in type(exc).__mro__)
    if not is_group or not isinstance(members, tuple):
        return ()
    return [m for m in members if isinstance(m, BaseException)]


def kept_exceptions(frame: FrameType | None) -> list[BaseException]:
    """Exceptions a test client caught and kept on a result the failing frame holds.

    click's `CliRunner.invoke` (and Typer's, which returns click's `Result`) catches the
    command's exception and keeps it on `Result.exception`; a test that asserts on the exit
    code or the output never raises it. Reading the attribute changes nothing in the run.
    `SystemExit` is how a command exits with a code, not a fault, so it is left out.
    """
    if frame is None:
        return []
    kept: list[BaseException] = []
    for value in list(frame.f_locals.values())[:64]:
        cls = type(value)
        if cls.__name__ == "Result" and cls.__module__ == "click.testing":
            exc = getattr(value, "exception", None)
            if isinstance(exc, BaseException) and not isinstance(exc, SystemExit):
                kept.append(exc)
    return kept[:2]
