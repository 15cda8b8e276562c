"""Categories as data: a scored table of rules over exception types, messages, loggers, modules."""

from __future__ import annotations

import builtins
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from llm_brief.core.diagnosis.suggest import fill, suggest
from llm_brief.core.model import ExceptionRecord, Location, LogEntry

EFFORTS = ("5m", "15m", "1h", "half-day")
PLACEHOLDERS = ("location", "function", "match", "name", "message")

# How much each kind of evidence is worth before a rule's weight; a message or a type names the
# failure itself, while logger and module names only say where it happened.
TYPE_STRENGTH = 1.0
WILDCARD_STRENGTH = 0.9
BASE_DECAY = 0.25
MESSAGE_STRENGTH = 1.0
LOG_MESSAGE_FACTOR = 0.4
LOGGER_STRENGTH = 0.5
MODULE_STRENGTH = 0.5
OUTER_MODULE_FACTOR = 0.6
# The innermost exception carries the root cause; the outermost is what the test saw.
CHAIN_POSITION = {"innermost": 1.0, "outermost": 0.9, "middle": 0.8}
# Total score at which a lone category is reported with full confidence.
CONFIDENT_SCORE = 2.0


@dataclass(frozen=True, slots=True)
class Rule:
    """Evidence for a category; it fires only when every non-empty criterion matches."""

    category: str
    exception_types: tuple[str, ...] = ()
    message: str = ""
    logger: str = ""
    module: str = ""
    weight: float = 1.0
    suggestion: str = ""
    effort: str = ""

    def __post_init__(self) -> None:
        problem = rule_problem(self)
        if problem:
            raise ValueError(problem)


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """The winning category, a specific suggestion, its effort and how sure the rules are (0-1)."""

    category: str
    suggestion: str
    effort: str
    confidence: float


def rule_problem(rule: Rule) -> str:
    """Why `rule` is unusable (empty category, bad regex, effort or template), or ""."""
    if not rule.category:
        return "category must be a non-empty string"
    if not (rule.exception_types or rule.message or rule.logger or rule.module):
        return "give at least one of exception_types, message, logger, module"
    if rule.effort not in (*EFFORTS, ""):
        return f"effort must be one of {', '.join(EFFORTS)}; got {rule.effort!r}"
    if not rule.weight > 0:
        return f"weight must be a positive number; got {rule.weight!r}"
    for name in ("message", "logger", "module"):
        try:
            re.compile(getattr(rule, name))
        except re.error as exc:
            return f"{name} is not a valid regular expression ({exc})"
    try:
        used = {f for _, f, _, _ in string.Formatter().parse(rule.suggestion) if f is not None}
    except ValueError as exc:
        return f"suggestion is not a valid template ({exc})"
    unknown = sorted(used - set(PLACEHOLDERS))
    if unknown:
        accepted = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
        return f"suggestion uses {{{unknown[0]}}}; placeholders are {accepted}"
    return ""


# Direct bases of well-known exception types outside builtins (builtins are read from Python
# below); the capture side may pass the real hierarchy as `type_mro` instead.
KNOWN_BASES: dict[str, tuple[str, ...]] = {
    "sqlite3.Error": ("builtins.Exception",),
    "sqlite3.DatabaseError": ("sqlite3.Error",),
    **{
        f"sqlite3.{name}": ("sqlite3.DatabaseError",)
        for name in ("OperationalError", "IntegrityError", "ProgrammingError", "DataError")
    },
    "json.decoder.JSONDecodeError": ("builtins.ValueError",),
    "asyncio.exceptions.CancelledError": ("builtins.BaseException",),
    "asyncio.exceptions.TimeoutError": ("builtins.TimeoutError",),
    "asyncio.exceptions.InvalidStateError": ("builtins.Exception",),
    "concurrent.futures._base.CancelledError": ("concurrent.futures._base.Error",),
    "concurrent.futures._base.TimeoutError": ("builtins.TimeoutError",),
    "concurrent.futures.process.BrokenProcessPool": ("builtins.RuntimeError",),
    "socket.gaierror": ("builtins.OSError",),
    "socket.herror": ("builtins.OSError",),
    "ssl.SSLError": ("builtins.OSError",),
    "ssl.SSLCertVerificationError": ("ssl.SSLError", "builtins.ValueError"),
    "urllib.error.URLError": ("builtins.OSError",),
    "urllib.error.HTTPError": ("urllib.error.URLError",),
    "http.client.RemoteDisconnected": ("builtins.ConnectionResetError",),
    "subprocess.CalledProcessError": ("subprocess.SubprocessError",),
    "subprocess.TimeoutExpired": ("subprocess.SubprocessError",),
    "subprocess.SubprocessError": ("builtins.Exception",),
    "tomllib.TOMLDecodeError": ("builtins.ValueError",),
    "configparser.NoSectionError": ("configparser.Error",),
    "configparser.NoOptionError": ("configparser.Error",),
    "importlib.metadata.PackageNotFoundError": ("builtins.ModuleNotFoundError",),
    "requests.exceptions.RequestException": ("builtins.OSError",),
    "requests.exceptions.ConnectionError": ("requests.exceptions.RequestException",),
    "requests.exceptions.HTTPError": ("requests.exceptions.RequestException",),
    "requests.exceptions.Timeout": ("requests.exceptions.RequestException",),
    "requests.exceptions.ReadTimeout": ("requests.exceptions.Timeout",),
    "httpx.TimeoutException": ("httpx.TransportError",),
    "httpx.ReadTimeout": ("httpx.TimeoutException",),
    "httpx.ConnectTimeout": ("httpx.TimeoutException",),
    "pydantic_core._pydantic_core.ValidationError": ("builtins.ValueError",),
}


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


KNOWN_BASES.update(
    {
        _qualified(value): tuple(_qualified(b) for b in value.__bases__ if b is not object)
        for value in vars(builtins).values()
        if isinstance(value, type) and issubclass(value, BaseException)
    }
)

_DI_MODULE = r"(?:^|/|_)(?:containers?|di|inject(?:or|ion)?|providers?|wiring|registry)(?:/|\.py$)"
_CONFIG_MODULE = r"(?:^|/|_)(?:config|configs|configuration|settings|conf|env)(?:/|\.py$)"

# One line of evidence per rule; a category's fired rules add up. Weights favour what names the
# failure (types, messages) over where it happened (modules, loggers).
# fmt: off
BUILTIN_RULES: tuple[Rule, ...] = (
    # di: dependency injection, service containers, provider lookups
    Rule("di", message=r"(?i)no provider\b|not registered|unsatisfied (?:requirement|dependenc)"
                       r"|no binding|(?:cannot|could not|unable to) resolve (?:dependency|service"
                       r"|type|provider)|missing dependency|circular dependency|dependency cycle",
         weight=1.5),
    Rule("di", exception_types=("injector.*", "dependency_injector.*", "punq.*", "lagom.*",
                                "kink.*", "wireup.*", "svcs.*", "rodi.*", "dishka.*")),
    Rule("di", exception_types=("builtins.LookupError",), weight=0.6),
    Rule("di", module=_DI_MODULE),
    Rule("di", logger=r"(?:^|\.)(?:containers?|di|inject\w*|providers?|wiring|registry)(?:\.|$)"),
    # db: sqlite3, SQLAlchemy, psycopg, migrations, locks, missing tables
    Rule("db", exception_types=("sqlite3.*", "sqlalchemy.*", "psycopg.*", "psycopg2.*",
                                "asyncpg.*", "pymysql.*", "MySQLdb.*", "alembic.*", "django.db.*",
                                "peewee.*", "pymongo.*"),
         weight=1.2),
    Rule("db", message=r"(?i)no such (?:table|column|savepoint)|database (?:table )?is locked"
                       r'|relation "[^"]+" does not exist|column "[^"]+" .*does not exist'
                       r"|constraint failed|violates \w+(?:[ -]\w+)? constraint"
                       r'|duplicate key value|syntax error at or near|near "[^"]*": syntax error'
                       r"|deadlock detected|could not serialize access|closed database"
                       r"|could not connect to server|connection to server at|bindings supplied"
                       r"|table \S+ already exists"),
    Rule("db", module=r"(?:^|/|_)(?:db|database|orm|repositor(?:y|ies)|migrations?|alembic|dao"
                      r"|sql\w*)(?:/|\.py$)"),
    Rule("db", logger=r"(?i)(?:^|\.)(?:db|database|sql\w*|alembic|orm|psycopg\w*|asyncpg"
                      r"|migrations?)(?:\.|$)"),
    # config: missing keys, environment variables, bad values, settings files
    Rule("config", exception_types=("configparser.*", "tomllib.TOMLDecodeError", "tomli.*",
                                    "pydantic_settings.*", "decouple.*", "environs.*",
                                    "dynaconf.*", "omegaconf.*",
                                    "django.core.exceptions.ImproperlyConfigured"),
         weight=1.2),
    Rule("config", message=r"(?i)missing (?:required )?(?:setting|config\w*|option|environment"
                           r" variable|env var)|environment variable|not configured"
                           r"|improperly configured|invalid (?:setting|config\w*)"
                           r"|(?:settings?|config(?:uration)?) file|No section:"
                           r"|No option .* in section"
                           r"|\b(?:setting|variable|option)\b.{0,40}\b(?:is not|must be) set",
         weight=1.2),
    Rule("config", exception_types=("builtins.KeyError",), message=r"^'[A-Z][A-Z0-9_]{2,}'$"),
    Rule("config", exception_types=("builtins.KeyError",), weight=0.5),
    Rule("config", exception_types=("builtins.LookupError", "builtins.ValueError",
                                    "builtins.TypeError"),
         module=_CONFIG_MODULE),
    Rule("config", module=_CONFIG_MODULE),
    Rule("config", logger=r"(?:^|\.)(?:config\w*|settings|conf|env)(?:\.|$)"),
    # import: missing modules, circular imports, missing extras
    Rule("import", exception_types=("builtins.ImportError", "pkg_resources.DistributionNotFound"),
         weight=2.0),
    Rule("import", message=r"No module named|cannot import name|partially initialized module"
                           r"|circular import|No package metadata|DLL load failed"
                           r"|undefined symbol"),
    # network: refused/reset connections, DNS, TLS, HTTP status errors, websockets
    Rule("network", exception_types=("ConnectionError", "socket.gaierror",
                                     "socket.herror", "ssl.SSLError", "urllib.error.URLError",
                                     "http.client.HTTPException"),
         weight=1.2),
    Rule("network", exception_types=("requests.*", "httpx.*", "httpcore.*", "aiohttp.*",
                                     "urllib3.*", "websockets.*", "websocket.*", "grpc.*")),
    Rule("network", message=r"(?i)connection (?:refused|reset|aborted)|connect call failed"
                            r"|name or service not known|nodename nor servname"
                            r"|getaddrinfo failed|failure in name resolution"
                            r"|no address associated|network is unreachable|no route to host"
                            r"|HTTP Error \d{3}|\b[45]\d\d (?:Client|Server) Error"
                            r"|(?:Client|Server) error '\d{3}|max retries exceeded"
                            r"|remote end closed|certificate verify failed|wrong version number"
                            r"|\bSSL\b|websocket|handshake|cannot connect to host"
                            r"|failed to establish|could not reach|unreachable"
                            r"|(?:failed|unable) to connect|urlopen error",
         weight=1.2),
    Rule("network", module=r"(?:^|/|_)(?:net|network|https?|http_?client|api|websockets?|ws"
                           r"|sockets?|feed|transport|rest|rpc|grpc)(?:/|\.py$)"),
    Rule("network", logger=r"(?i)(?:^|\.)(?:urllib3\w*|requests|httpx|httpcore|aiohttp\w*"
                           r"|websockets?|ws|https?|net\w*|sockets?|grpc|feed|api)(?:\.|$)"),
    # timeout
    Rule("timeout", exception_types=("TimeoutError", "subprocess.TimeoutExpired",
                                     "requests.exceptions.Timeout", "httpx.TimeoutException",
                                     "aiohttp.ServerTimeoutError", "Timeout", "TimeoutException"),
         weight=1.5),
    Rule("timeout", message=r"(?i)\btimed out\b|\btimeout (?:of|after|expired|exceeded)"
                            r"|deadline exceeded|took too long|\bTimeout >"),
    # filesystem: missing files, permissions, disk
    Rule("filesystem", exception_types=("builtins.FileNotFoundError", "builtins.PermissionError",
                                        "builtins.IsADirectoryError",
                                        "builtins.NotADirectoryError",
                                        "builtins.FileExistsError", "shutil.Error"),
         weight=1.2),
    Rule("filesystem", message=r"\[Errno (?:2|13|17|20|21|24|28|30|36|39)\]"
                               r"|No such file or directory|Permission denied|No space left"
                               r"|Read-only file system|Is a directory|Not a directory"
                               r"|File exists|Directory not empty|Too many open files"),
    Rule("filesystem", module=r"(?:^|/|_)(?:files?|fs|storage|paths?|disk|uploads?"
                              r"|downloads?)(?:/|\.py$)",
         weight=0.6),
    # memory: MemoryError, RSS growth
    Rule("memory", exception_types=("builtins.MemoryError",), weight=2.0),
    Rule("memory", message=r"(?i)out of memory|cannot allocate memory|\[Errno 12\]|memory leak"
                           r"|\bRSS\b.*\b(?:grew|growth|increased|exceeded)|\bOOM\b"),
    # ui: Qt/Tk/web front-end errors, widget lifecycle
    Rule("ui", exception_types=("tkinter.TclError", "PyQt5.*", "PyQt6.*",
                                "PySide2.*", "PySide6.*", "selenium.*", "playwright.*",
                                "kivy.*", "wx.*", "textual.*"),
         weight=1.2),
    Rule("ui", message=r"wrapped C/C\+\+ object|QApplication|\bQ[A-Z]\w+\b.*(?:deleted|destroyed)"
                       r"|no display name|\$DISPLAY|connect to display|invalid command name"
                       r"|application has been destroyed|Unable to locate element"
                       r"|no such element|not interactable|stale element"
                       r"|Cannot read propert(?:y|ies) of|is not a function|Uncaught \w+Error",
         weight=1.2),
    Rule("ui", module=r"(?:^|/|_)(?:ui|gui|views?|widgets?|windows?|screens?|dialogs?|frontend"
                      r"|templates|components|qt\w*|tk\w*|pages?)(?:/|\.py$)"),
    Rule("ui", logger=r"(?i)(?:^|\.)(?:ui|gui|qt|tk|views?|widgets?|frontend|browser)(?:\.|$)"),
    # data: JSON, decoding, validation, serialisation
    Rule("data", exception_types=("json.JSONDecodeError", "builtins.UnicodeError",
                                  "pydantic.ValidationError", "pydantic_core.ValidationError",
                                  "marshmallow.*", "jsonschema.*", "yaml.*", "binascii.Error",
                                  "pickle.UnpicklingError", "pickle.PicklingError", "csv.Error",
                                  "xml.etree.ElementTree.ParseError", "xml.parsers.expat.*",
                                  "struct.error", "msgpack.*", "orjson.*"),
         weight=1.2),
    Rule("data", message=r"Expecting (?:value|property name|',' delimiter)|Extra data"
                         r"|Unterminated string|Invalid control character"
                         r"|codec can't (?:de|en)code|is not JSON serializable"
                         r"|validation errors? for|Failed validating|Incorrect padding"
                         r"|invalid literal for|could not convert string|Invalid isoformat"
                         r"|badly formed|malformed",
         weight=0.8),
    Rule("data", exception_types=("builtins.IndexError",), weight=0.5),
    Rule("data", module=r"(?:^|/|_)(?:serializ\w*|schemas?|parsers?|codecs?|validat\w*"
                        r"|formats?|payloads?)(?:/|\.py$)",
         weight=0.6),
    # async: un-awaited coroutines, event-loop misuse, deadlocks, cancelled tasks
    Rule("async", exception_types=("asyncio.CancelledError", "asyncio.InvalidStateError",
                                   "concurrent.futures.CancelledError", "trio.*", "anyio.*"),
         weight=1.2),
    Rule("async", message=r"(?i)was never awaited|event loop|attached to a different loop"
                          r"|Task was destroyed|already awaited coroutine"
                          r"|can't be used in 'await'|a coroutine was expected"
                          r"|exception was never retrieved|\bdeadlock\b(?! detected)",
         weight=1.5),
    Rule("async", module=r"(?:^|/|_)(?:async\w*|aio|tasks?|workers?|loop|scheduler)(?:/|\.py$)"),
    Rule("async", logger=r"(?:^|\.)(?:asyncio|trio|anyio)(?:\.|$)", weight=2.0),
    # assertion: plain test assertions
    Rule("assertion", exception_types=("builtins.AssertionError", "_pytest.outcomes.Failed")),
    Rule("assertion", message=r"DID NOT RAISE|DID NOT WARN", weight=0.5),
    # process: child processes that fail or die
    Rule("process", exception_types=("subprocess.CalledProcessError",
                                     "builtins.ChildProcessError",
                                     "concurrent.futures.process.BrokenProcessPool",
                                     "builtins.SystemExit"),
         weight=1.2),
    Rule("process", message=r"returned non-zero exit status|died with <Signals"
                            r"|terminated abruptly|process pool|exited with (?:code|status)"),
)
# fmt: on


def rules_from_config(
    table: Mapping[str, Any] | Sequence[Mapping[str, Any]], source: str
) -> tuple[Rule, ...]:
    """Parse `[[tool.llm-brief.rules]]` (or `[tool.llm-brief.rules.<name>]`) into rules.

    Accepts the `[tool.llm-brief]` table, its `rules` value, or one rule table. Raises
    `ValueError` naming the key, `source` and the accepted values on bad input.
    """
    return tuple(_rule_from_entry(label, entry, source) for label, entry in _entries(table, source))


def _entries(table: Any, source: str) -> list[tuple[str, Any]]:
    if isinstance(table, Mapping) and "rules" in table and "category" not in table:
        table = table["rules"]
    if isinstance(table, Mapping):
        if "category" in table:
            return [("tool.llm-brief.rules", table)]
        return [(f"tool.llm-brief.rules.{name}", entry) for name, entry in table.items()]
    if isinstance(table, Sequence) and not isinstance(table, str):
        return [(f"tool.llm-brief.rules[{i}]", entry) for i, entry in enumerate(table)]
    raise ValueError(
        f"{source}: tool.llm-brief.rules must be an array of tables ([[tool.llm-brief.rules]]) "
        f"or named tables ([tool.llm-brief.rules.<name>]); got {type(table).__name__}"
    )


_KEYS = tuple(f.name for f in fields(Rule))
_EXPECTED = {
    "category": 'a non-empty string such as "db"',
    "exception_types": 'a list of exception type names such as ["sqlite3.OperationalError"]',
    "message": "a regular expression (string)",
    "logger": "a regular expression (string)",
    "module": "a regular expression (string)",
    "weight": "a positive number",
    "suggestion": f"a string; placeholders {', '.join('{' + p + '}' for p in PLACEHOLDERS)}",
    "effort": f"one of {', '.join(repr(e) for e in EFFORTS)}",
}


def _rule_from_entry(label: str, entry: Any, source: str) -> Rule:
    if not isinstance(entry, Mapping):
        raise ValueError(f"{source}: {label} must be a table with keys {', '.join(_KEYS)}")
    values: dict[str, Any] = {}
    for key, value in entry.items():
        if key not in _KEYS:
            raise ValueError(
                f"{source}: {label} has unknown key {key!r}; accepted keys: {', '.join(_KEYS)}"
            )
        values[key] = _coerce(key, value, f"{source}: {label}.{key}")
    if "category" not in values:
        raise ValueError(f"{source}: {label} is missing key 'category' ({_EXPECTED['category']})")
    try:
        return Rule(**values)
    except ValueError as exc:
        raise ValueError(f"{source}: {label}: {exc}") from None


def _coerce(key: str, value: Any, where: str) -> Any:
    if key == "exception_types":
        names = [value] if isinstance(value, str) else value
        if isinstance(names, Sequence) and all(isinstance(n, str) and n for n in names):
            return tuple(names)
    elif key == "weight":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            return float(value)
    elif key == "effort":
        if value in (*EFFORTS, ""):
            return value
    elif key == "category":
        if isinstance(value, str) and value.strip():
            return value.strip()
    elif isinstance(value, str):
        return value
    raise ValueError(f"{where} must be {_EXPECTED[key]}; got {value!r}")


@dataclass(frozen=True, slots=True)
class _Link:
    """One exception of the chain with its weight by position and its type's ancestry."""

    record: ExceptionRecord
    factor: float
    lineage: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What rules are matched against, prepared once per classification."""

    chain: tuple[_Link, ...]
    log_messages: tuple[str, ...]
    loggers: tuple[str, ...]
    modules: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class _Hit:
    index: int
    rule: Rule
    score: float
    match: re.Match[str] | None
    record: ExceptionRecord | None


def classify(
    exceptions: Sequence[ExceptionRecord],
    location: Location,
    logs: Sequence[LogEntry] = (),
    extra_rules: Sequence[Rule] = (),
    type_mro: Mapping[str, Sequence[str]] | None = None,
) -> Diagnosis:
    """Pick the category whose fired rules score highest; extra rules come first and win ties."""
    evidence = _evidence(exceptions, location, logs, type_mro)
    ordered = (*extra_rules, *BUILTIN_RULES)
    hits = [hit for i, rule in enumerate(ordered) if (hit := _fire(i, rule, evidence)) is not None]
    if not hits:
        text, effort = suggest("unknown", exceptions, location, logs)
        return Diagnosis("unknown", text, effort, 0.0)
    totals: dict[str, float] = {}
    first: dict[str, int] = {}
    for hit in hits:
        totals[hit.rule.category] = totals.get(hit.rule.category, 0.0) + hit.score
        first.setdefault(hit.rule.category, hit.index)
    category = min(totals, key=lambda c: (-round(totals[c], 6), first[c], c))
    ranked = sorted(
        (h for h in hits if h.rule.category == category), key=lambda h: (-h.score, h.index)
    )
    text, effort = suggest(category, exceptions, location, logs)
    templated = next((h for h in ranked if h.rule.suggestion), None)
    if templated is not None:
        text = fill(templated.rule.suggestion, _template_values(templated, exceptions, location))
    effort = next((h.rule.effort for h in ranked if h.rule.effort), effort)
    share = totals[category] / sum(totals.values())
    confidence = share * min(1.0, totals[category] / CONFIDENT_SCORE)
    return Diagnosis(category, text, effort, round(confidence, 2))


def _evidence(
    exceptions: Sequence[ExceptionRecord],
    location: Location,
    logs: Sequence[LogEntry],
    type_mro: Mapping[str, Sequence[str]] | None,
) -> _Evidence:
    last = len(exceptions) - 1
    chain = tuple(
        _Link(
            record,
            CHAIN_POSITION["innermost" if i == last else "outermost" if i == 0 else "middle"],
            _lineage(record.type, type_mro) if type_mro else _known_lineage(record.type),
        )
        for i, record in enumerate(exceptions)
    )
    return _Evidence(
        chain,
        tuple(entry.message for entry in logs),
        tuple(entry.logger for entry in logs),
        _module_texts(exceptions, location),
    )


def _module_texts(exceptions: Sequence[ExceptionRecord], location: Location) -> dict[str, float]:
    """Paths and dotted module names of app frames; the deepest one counts fully."""
    frames = [f for record in exceptions for f in record.frames if f.in_app]
    if not frames:
        # A capture that does not mark app frames still names the code that failed.
        frames = [f for record in exceptions for f in record.frames]
    weighted = [(f.path, OUTER_MODULE_FACTOR) for f in frames]
    if frames:
        weighted.append((frames[-1].path, 1.0))
    if location.path:
        weighted.append((location.path, 1.0))
    texts: dict[str, float] = {}
    for path, factor in weighted:
        slashed = path.replace("\\", "/")
        dotted = slashed.removesuffix(".py").strip("/").replace("/", ".")
        for text in (slashed, dotted):
            texts[text] = max(factor, texts.get(text, 0.0))
    return texts


def _fire(index: int, rule: Rule, evidence: _Evidence) -> _Hit | None:
    strengths: list[float] = []
    match: re.Match[str] | None = None
    record: ExceptionRecord | None = None
    if rule.exception_types:
        strengths.append(
            max(
                (
                    link.factor * _type_strength(pattern, link.lineage)
                    for link in evidence.chain
                    for pattern in rule.exception_types
                ),
                default=0.0,
            )
        )
    if rule.message:
        strength, match, record = _message_strength(_compile(rule.message), evidence)
        strengths.append(strength)
    if rule.logger:
        pattern = _compile(rule.logger)
        found = any(pattern.search(name) for name in evidence.loggers)
        strengths.append(LOGGER_STRENGTH if found else 0.0)
    if rule.module:
        pattern = _compile(rule.module)
        factors = (f for text, f in evidence.modules.items() if pattern.search(text))
        strengths.append(MODULE_STRENGTH * max(factors, default=0.0))
    if not all(strengths):
        return None
    return _Hit(index, rule, rule.weight * sum(strengths), match, record)


def _message_strength(
    pattern: re.Pattern[str], evidence: _Evidence
) -> tuple[float, re.Match[str] | None, ExceptionRecord | None]:
    best: tuple[float, re.Match[str] | None, ExceptionRecord | None] = (0.0, None, None)
    for link in evidence.chain:
        for text in (link.record.message, link.record.assertion):
            found = pattern.search(text) if text else None
            if found and link.factor * MESSAGE_STRENGTH > best[0]:
                best = (link.factor * MESSAGE_STRENGTH, found, link.record)
    if best[1] is None:
        for text in evidence.log_messages:
            found = pattern.search(text)
            if found:
                return LOG_MESSAGE_FACTOR * MESSAGE_STRENGTH, found, None
    return best


def _type_strength(pattern: str, lineage: Mapping[str, int]) -> float:
    base = WILDCARD_STRENGTH if pattern.endswith(".*") else TYPE_STRENGTH
    depths = [depth for name, depth in lineage.items() if _type_matches(pattern, name)]
    return base / (1 + BASE_DECAY * min(depths)) if depths else 0.0


def _type_matches(pattern: str, name: str) -> bool:
    if pattern.endswith(".*"):
        return name.startswith(pattern[:-1])
    if "." not in pattern:
        return name.rpartition(".")[2] == pattern
    if pattern == name:
        return True
    # Packages re-export their errors (json.JSONDecodeError is json.decoder.JSONDecodeError) and
    # stdlib modules raise their C accelerator's (csv.Error is _csv.Error).
    same_name = pattern.rpartition(".")[2] == name.rpartition(".")[2]
    return same_name and _package(pattern) == _package(name)


def _package(name: str) -> str:
    return name.partition(".")[0].lstrip("_")


def _canonical(name: str) -> str:
    return name if "." in name else f"builtins.{name}"


def _bases(name: str, type_mro: Mapping[str, Sequence[str]] | None) -> Sequence[str]:
    if type_mro:
        for key in (name, name.removeprefix("builtins.")):
            if key in type_mro:
                return type_mro[key]
    return KNOWN_BASES.get(name, ())


def _lineage(name: str, type_mro: Mapping[str, Sequence[str]] | None) -> dict[str, int]:
    """Every ancestor of a type name with its distance; `type_mro` lists may be direct or full."""
    start = _canonical(name)
    depths = {start: 0}
    pending = [start]
    while pending:
        current = pending.pop(0)
        bases = [_canonical(b) for b in _bases(current, type_mro)]
        bases = [b for b in bases if b not in (current, "builtins.object")]
        for offset, base in enumerate(bases, start=1):
            depth = depths[current] + offset
            if depth < depths.get(base, depth + 1):
                depths[base] = depth
                pending.append(base)
    return depths


@lru_cache(maxsize=1024)
def _known_lineage(name: str) -> Mapping[str, int]:
    return _lineage(name, None)


@lru_cache(maxsize=1024)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.MULTILINE)


def _template_values(
    hit: _Hit, exceptions: Sequence[ExceptionRecord], location: Location
) -> dict[str, str]:
    record = hit.record or (exceptions[-1] if exceptions else None)
    match = hit.match
    name = ""
    if match is not None:
        groups = match.groupdict()
        name = groups.get("name") or next((g for g in match.groups() if g), "")
    if not name and match is not None:
        # "no such table: orders" matched by "no such table": the thing named is what follows.
        following = re.match(r"\W*([\w.]+)", match.string[match.end() :])
        name = following.group(1) if following else ""
    if not name and record is not None:
        quoted = re.search(r"'([^']+)'", record.message)
        name = quoted.group(1) if quoted else record.type.rpartition(".")[2]
    return {
        "location": f"{location.path}:{location.line}",
        "function": location.function or "the failing function",
        "match": match.group(0) if match is not None else "",
        "name": name,
        "message": record.message.splitlines()[0][:200] if record and record.message else "",
    }


CATEGORIES = (*dict.fromkeys(rule.category for rule in BUILTIN_RULES), "unknown")
