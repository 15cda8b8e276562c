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

from llm_brief.core.redaction.keys import is_secret_key

MAX_FACTS = 6
MAX_REPR = 120
MAX_KEYS = 12
_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_MISSING = object()
_CALL_ERROR = re.compile(r"^(?P<name>[\w.]+)\(\) (?:takes|missing|got an unexpected|got multiple)")


def short_repr(value: Any, limit: int = MAX_REPR) -> str:
    """`repr(value)` cut to `limit` characters; a failing `__repr__` gives a placeholder."""
    try:
        text = repr(value)
    except Exception:
        return f"<unrepresentable {type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        f"note: {note.strip()[:300]}"
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
    for name in dict.fromkeys(_NAME.findall(code)):
        value = _resolve(name, scope)
        if value is _MISSING or any(is_secret_key(part) for part in name.split(".")):
            continue
        if inspect.ismodule(value) or inspect.isclass(value) or inspect.isroutine(value):
            continue
        if (isinstance(exc, KeyError) and isinstance(value, Mapping)) or _is_frame(value, exc):
            facts.append(_keys_fact(name, value))
        elif isinstance(exc, IndexError) and isinstance(value, Sized):
            facts.append(f"len({name}) = {len(value)}")
        elif _is_mock(value):
            facts.append(f"{name}.mock_calls = {short_repr(value.mock_calls)}")
        if len(facts) < MAX_FACTS and name.partition(".")[0] in frame.f_locals:
            facts.append(f"{name} = {short_repr(value)}")
    return facts[:MAX_FACTS]


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
