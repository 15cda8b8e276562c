"""The data model: what a run said (records) and what it means (the dashboard), as frozen dataclasses.

Pure: no pytest, pygls or I/O import. Every type converts to and from JSON-friendly dicts, so the
journal, the dashboard and the language server all read the same shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

from llm_brief.core.vocabulary import Health, Outcome, Phase, Severity

SCHEMA_VERSION = 1


class ValueType:
    """Equality, hashing and repr by field values, shared by llm-brief's frozen dataclasses.

    dataclasses would generate these per class by compiling source at import (`eq=False,
    repr=False` leave them to this base), and every `pytest --llm-brief` run imports the model.
    Equality is the dataclass one: same class, equal fields in order.
    """

    __slots__ = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _field_names(type(self)))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, ValueType)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _field_names(type(self)))
        return f"{type(self).__qualname__}({shown})"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Frame(ValueType):
    """One traceback frame; `path` is relative to the run's root when it lies under it."""

    path: str
    line: int
    function: str
    code: str = ""
    in_app: bool = False


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ExceptionRecord(ValueType):
    """One exception of a chain; `via` says how it links to the one before it."""

    type: str
    message: str
    frames: tuple[Frame, ...] = ()
    via: Literal["cause", "context", "group", ""] = ""
    assertion: str = ""
    # The live class hierarchy (qualified names, nearest first, without the type and `object`),
    # so a third-party subclass of a builtin classifies like its base.
    type_mro: tuple[str, ...] = ()
    # Bounded facts from the origin frame (`name=repr`, a callee's signature, a mapping's keys,
    # a sequence's length): what an agent needs to write the fix. Redacted with the record.
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class LogEntry(ValueType):
    """Log records of one call site and template, collapsed with a count."""

    level: str
    logger: str
    template: str
    message: str
    path: str
    line: int
    count: int = 1
    first_seen: float = 0.0
    last_seen: float = 0.0
    exception: str = ""
    # The structured chain of the first record's `exc_info` (bounded like a raised one): a test
    # that fails on what a swallowed exception left behind takes its origin from here.
    chain: tuple[ExceptionRecord, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class WarningEntry(ValueType):
    """A Python warning, collapsed by category, message and location."""

    category: str
    message: str
    path: str
    line: int
    count: int = 1
    tests: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PhaseRecord(ValueType):
    """Everything captured for one test phase (or a collection error, or a run's event)."""

    nodeid: str
    phase: Phase
    outcome: Outcome
    duration: float = 0.0
    path: str = ""
    line: int = 0
    exceptions: tuple[ExceptionRecord, ...] = ()
    longrepr: str = ""
    logs: tuple[LogEntry, ...] = ()
    dropped_logs: int = 0
    stdout: str = ""
    stderr: str = ""
    warnings: tuple[WarningEntry, ...] = ()
    rss_bytes: int = 0
    finished_at: float = 0.0


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Location(ValueType):
    """Where an issue originates: path relative to the root with '/' separators, 1-based line."""

    path: str
    line: int
    function: str = ""


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class TestLocation(ValueType):
    """An affected test and the line of its definition, for editors."""

    nodeid: str
    path: str
    line: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Issue(ValueType):
    """One root cause, with every test and log line that points at it."""

    id: str
    fingerprint: str
    category: str
    severity: Severity
    title: str
    message: str
    count: int
    tests: tuple[str, ...]
    location: Location
    frames: tuple[Frame, ...] = ()
    logs: tuple[LogEntry, ...] = ()
    suggestion: str = ""
    effort: str = ""
    rerun: str = ""
    # not_rerun: an issue of an earlier run whose tests this (partial) run did not run
    status: Literal["new", "persisting", "regressed", "not_rerun", ""] = ""
    since: str = ""
    test_locations: tuple[TestLocation, ...] = ()
    phase: str = ""
    exception_type: str = ""
    chain: tuple[str, ...] = ()
    where: str = ""  # set by `llm-brief merge` when it fails in some runs only


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class LogPattern(ValueType):
    """A log template seen across the run, with how often and where."""

    template: str
    count: int
    level: str
    logger: str
    path: str
    line: int
    first_seen: float
    last_seen: float
    example: str
    source: Literal["logging", "stdout", "stderr", "output"] = "logging"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Component(ValueType):
    """A part of the application (from logger names or `report_status`) and how it is doing."""

    name: str
    status: Health
    last_message: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    issues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Counts(ValueType):
    """Outcome counts, equal to pytest's own terminal summary."""

    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    xfailed: int = 0
    xpassed: int = 0
    warnings: int = 0


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Selection(ValueType):
    """Which tests a run was asked for: all of them, or a part, and what chose the part."""

    partial: bool = False
    args: tuple[str, ...] = ()  # node ids, paths, -k/-m expressions, --lf, --deselect
    selected: int = 0
    deselected: int = 0


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Run(ValueType):
    """What was run, when, and how it ended."""

    kind: Literal["pytest", "run"]
    command: tuple[str, ...]
    root: str
    started_at: str
    duration_s: float
    exit_code: int
    outcome: Literal["passed", "failed", "interrupted", "error"]
    counts: Counts = Counts()
    run_id: str = ""
    signal: int | None = None
    interrupted: bool = False
    finished_at: str = ""
    complete: bool = True  # False: rebuilt from the journal of a run that died
    selection: Selection = Selection()
    last_test: str = ""  # the test that was running when an incomplete run died


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class InternalError(ValueType):
    """A failure inside llm-brief itself; it never changes the user's outcome."""

    where: str
    message: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Dashboard(ValueType):
    """The contract every other part reads (`dashboard.json`)."""

    run: Run
    health: Health
    issues: tuple[Issue, ...] = ()
    log_patterns: tuple[LogPattern, ...] = ()
    warnings: tuple[WarningEntry, ...] = ()
    components: tuple[Component, ...] = ()
    resources: dict[str, Any] = field(default_factory=dict)
    diff: dict[str, Any] = field(default_factory=dict)
    internal: tuple[InternalError, ...] = ()
    notes: tuple[str, ...] = ()
    schema_version: int = SCHEMA_VERSION
    tool: dict[str, str] = field(default_factory=dict)
    # Python, platform, versions, shard; a merged dashboard lists its runs under "runs"
    environment: dict[str, Any] = field(default_factory=dict)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in fields(cls))
    return names
