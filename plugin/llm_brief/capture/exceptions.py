"""Live exceptions to structured chains of `ExceptionRecord`, with in-app frames marked."""

from __future__ import annotations

import linecache
import os
import sysconfig
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from types import FrameType, TracebackType

from llm_brief.capture.evidence import group_members, kept_exceptions, mro_names, origin_facts
from llm_brief.core.model import ExceptionRecord, Frame

MAX_CHAIN = 8
MAX_FRAMES = 40
MAX_MESSAGE = 2000
MAX_GROUP_MEMBERS = 4
# Compiled extension sources: a frame there is a library's even when its path looks relative.
_COMPILED_SUFFIXES = (".pyx", ".pxi", ".pxd", ".so", ".pyd", ".c", ".cpp")
_LIBRARY_MARKERS = (
    "site-packages",
    "dist-packages",
    f"{os.sep}.venv{os.sep}",
    f"{os.sep}venv{os.sep}",
)


def safe_str(exc: BaseException) -> str:
    """`str(exc)`, falling back to `repr` and then a placeholder: user `__str__` may raise."""
    for render in (str, repr):
        try:
            text = render(exc)
        except Exception:
            continue
        if isinstance(text, str):
            return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + " …[truncated]"
    return f"<unprintable {type(exc).__name__}>"


def qualified_name(cls: type) -> str:
    """`module.QualName`, bare for builtins (KeyError, not builtins.KeyError)."""
    module = getattr(cls, "__module__", "") or ""
    name = getattr(cls, "__qualname__", cls.__name__)
    return name if module in ("builtins", "__main__", "") else f"{module}.{name}"


@lru_cache(maxsize=1)
def _stdlib_prefixes() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    found = {paths.get("stdlib", ""), paths.get("platstdlib", ""), os.path.dirname(os.__file__)}
    return tuple(sorted(p for p in found if p))


class PathClassifier:
    """Decides which frames are the application's own and how to show their paths."""

    def __init__(self, root: str | Path) -> None:
        self.root = str(Path(root).resolve())
        self._cache: dict[str, tuple[str, bool]] = {}

    def classify(self, filename: str) -> tuple[str, bool]:
        """(display path, in_app): relative with '/' under the root, absolute elsewhere."""
        hit = self._cache.get(filename)
        if hit is not None:
            return hit
        result = self._classify(filename)
        if len(self._cache) < 4096:
            self._cache[filename] = result
        return result

    def _classify(self, filename: str) -> tuple[str, bool]:
        if not filename or filename.startswith("<"):
            return filename, False
        if not os.path.isabs(filename) or filename.endswith(_COMPILED_SUFFIXES):
            # Cython and compiled modules record build-time relative paths
            # (`pandas/_libs/parsers.pyx`, `lib/sqlalchemy/engine/_result_cy.py`); resolving
            # them against the root would make a library frame look like the application's.
            return filename.replace(os.sep, "/"), False
        absolute = os.path.abspath(filename)
        if absolute.startswith(_stdlib_prefixes()) and not absolute.startswith(self.root + os.sep):
            return absolute, False
        if absolute == self.root or absolute.startswith(self.root + os.sep):
            relative = os.path.relpath(absolute, self.root).replace(os.sep, "/")
            in_app = not any(
                marker in os.sep + relative.replace("/", os.sep) + os.sep
                for marker in _LIBRARY_MARKERS
            )
            return relative, in_app
        return absolute, False


def _walk_tb(tb: TracebackType | None) -> Iterator[tuple[str, int, str]]:
    while tb is not None:
        code = tb.tb_frame.f_code
        yield code.co_filename, tb.tb_lineno, code.co_name
        tb = tb.tb_next


def frames_of(tb: TracebackType | None, paths: PathClassifier) -> tuple[Frame, ...]:
    """The frames of a traceback; runs of identical frames (recursion) collapse into one."""
    raw: list[tuple[str, int, str, int]] = []
    for filename, lineno, function in _walk_tb(tb):
        if raw and raw[-1][:3] == (filename, lineno, function):
            last = raw[-1]
            raw[-1] = (last[0], last[1], last[2], last[3] + 1)
            continue
        raw.append((filename, lineno, function, 1))
    if len(raw) > MAX_FRAMES:
        keep = MAX_FRAMES // 4
        omitted = len(raw) - MAX_FRAMES
        raw = [
            *raw[:keep],
            ("", 0, f"... {omitted} frames omitted", 1),
            *raw[-(MAX_FRAMES - keep) :],
        ]
    frames: list[Frame] = []
    for filename, lineno, function, repeats in raw:
        path, in_app = paths.classify(filename)
        code = linecache.getline(filename, lineno).strip() if filename else ""
        label = function if repeats == 1 else f"{function} (×{repeats} recursive)"
        frames.append(Frame(path=path, line=lineno, function=label, code=code[:300], in_app=in_app))
    return tuple(frames)


def _origin_frame(tb: TracebackType | None, paths: PathClassifier) -> FrameType | None:
    """The deepest application frame of a traceback, where evidence is read."""
    found: FrameType | None = None
    while tb is not None:
        if paths.classify(tb.tb_frame.f_code.co_filename)[1]:
            found = tb.tb_frame
        tb = tb.tb_next
    return found


def _record(exc: BaseException, via: str, paths: PathClassifier) -> ExceptionRecord:
    message = safe_str(exc)
    frames = frames_of(exc.__traceback__, paths)
    origin = _origin_frame(exc.__traceback__, paths)
    code = next((f.code for f in reversed(frames) if f.in_app), "")
    return ExceptionRecord(
        type=qualified_name(type(exc)),
        message=message,
        frames=frames,
        via=via,  # type: ignore[arg-type]
        assertion=message if isinstance(exc, AssertionError) else "",
        type_mro=mro_names(type(exc), qualified_name),
        evidence=origin_facts(exc, origin, code),
    )


def exception_chain(exc: BaseException, paths: PathClassifier) -> tuple[ExceptionRecord, ...]:
    """The exception, its causes/contexts and group members, outermost first; bounded."""
    records: list[ExceptionRecord] = []
    seen: set[int] = set()
    pending: list[tuple[BaseException, str]] = [(exc, "")]
    while pending and len(records) < MAX_CHAIN:
        current, via = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        records.append(_record(current, via, paths))
        # Members of an ExceptionGroup (TaskGroup, anyio) are the causes that began the failure.
        pending[:0] = [(m, "group") for m in group_members(current)[:MAX_GROUP_MEMBERS]]
        if current.__cause__ is not None:
            pending.append((current.__cause__, "cause"))
        elif current.__context__ is not None and not current.__suppress_context__:
            pending.append((current.__context__, "context"))
        elif current is exc and isinstance(exc, AssertionError):
            # a test client's kept exception is what the failed assertion is about
            kept = kept_exceptions(_origin_frame(exc.__traceback__, paths))
            pending.extend((k, "context") for k in kept)
    return tuple(records)
