"""Categories, suggestions, effort: accuracy on real exceptions, rule config, specificity."""

from __future__ import annotations

import functools
import re
import sysconfig
import traceback
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpora.exceptions_corpus import SAMPLES, Sample
from llm_brief.core.diagnosis.classify import classify
from llm_brief.core.diagnosis.rule_table import BUILTIN_RULES, CATEGORIES
from llm_brief.core.diagnosis.rules import EFFORTS, Diagnosis, Rule, rules_from_config
from llm_brief.core.diagnosis.suggest import suggest
from llm_brief.core.diagnosis.suggestions import EXTRACTORS, FALLBACKS
from llm_brief.core.model import ExceptionRecord, Frame, Location, LogEntry

ROOT = Path(__file__).resolve().parents[2]
LIBRARY_DIRS = tuple(
    {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
)
REQUIRED_ACCURACY = 0.90


# --- converting a live exception the way a capture would -----------------------------------------


def _frame(summary: traceback.FrameSummary) -> Frame:
    # Like the capture: app frames are the ones under the root (or the corpus's relative app
    # paths), outside the standard library and site-packages.
    path = summary.filename
    if path.startswith("<"):
        in_app = False
    elif not Path(path).is_absolute():
        in_app = True
    elif Path(path).is_relative_to(ROOT) and not path.startswith(LIBRARY_DIRS):
        path, in_app = Path(path).relative_to(ROOT).as_posix(), True
    else:
        in_app = False
    return Frame(path, summary.lineno or 0, summary.name, summary.line or "", in_app)


def type_name(kind: type, bare_builtins: bool = True) -> str:
    """`module.QualName`; builtins are bare (`KeyError`) like the capture writes them."""
    if kind.__module__ == "builtins" and bare_builtins:
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def records_of(exc: BaseException, bare_builtins: bool = True) -> tuple[ExceptionRecord, ...]:
    """The exception chain, outermost first, as the model's records."""
    records: list[ExceptionRecord] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    via = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = tuple(_frame(s) for s in traceback.extract_tb(current.__traceback__))
        message = str(current)
        assertion = message if isinstance(current, AssertionError) else ""
        kind = type_name(type(current), bare_builtins)
        records.append(ExceptionRecord(kind, message, frames, via, assertion))  # type: ignore[arg-type]
        if current.__cause__ is not None:
            current, via = current.__cause__, "cause"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, via = current.__context__, "context"
        else:
            current = None
    return tuple(records)


def location_of(records: Sequence[ExceptionRecord]) -> Location:
    """The deepest app frame of the innermost exception that has one."""
    for record in reversed(records):
        app = [f for f in record.frames if f.in_app]
        if app:
            return Location(app[-1].path, app[-1].line, app[-1].function)
    return Location("", 0)


@functools.cache
def raised_by(item: Sample) -> BaseException:
    """Run a sample (once: some start processes or servers) and return what it raised."""
    try:
        item.run()
    except BaseException as exc:
        return exc
    raise AssertionError(f"sample {item.name} did not raise")


def diagnose(item: Sample) -> tuple[Diagnosis, Location]:
    """Classify a sample's real exception with its logs."""
    records = records_of(raised_by(item))
    location = location_of(records)
    return classify(records, location, item.logs), location


def confusion_table(pairs: Sequence[tuple[str, str]]) -> str:
    """Rows are the true categories, columns the predicted ones."""
    labels = [
        c
        for c in (*CATEGORIES, *sorted({p for _, p in pairs}))
        if c in {x for p in pairs for x in p}
    ]
    labels = list(dict.fromkeys(labels))
    counts = Counter(pairs)
    width = max(len(label) for label in labels) + 1
    header = "true \\ pred".ljust(width + 2) + "".join(label[:6].rjust(7) for label in labels)
    rows = [
        label.ljust(width + 2) + "".join(str(counts[(label, p)] or ".").rjust(7) for p in labels)
        for label in labels
        if any(t == label for t, _ in pairs)
    ]
    return "\n".join([header, *rows])


# --- accuracy on the corpus ----------------------------------------------------------------------


def test_corpus_is_large_and_covers_every_category() -> None:
    assert len(SAMPLES) >= 60
    required = {"di", "db", "config", "import", "network", "timeout", "filesystem", "memory", "ui"}
    required |= {"data", "async", "assertion", "unknown"}
    assert required <= {s.category for s in SAMPLES}


def test_corpus_accuracy(record_property: pytest.RecordProperty) -> None:
    pairs: list[tuple[str, str]] = []
    misses: list[str] = []
    for item in SAMPLES:
        diagnosis, _ = diagnose(item)
        pairs.append((item.category, diagnosis.category))
        if diagnosis.category != item.category:
            misses.append(f"  {item.name}: expected {item.category}, got {diagnosis.category}")
    accuracy = sum(t == p for t, p in pairs) / len(pairs)
    table = confusion_table(pairs)
    report = f"accuracy {accuracy:.1%} on {len(pairs)} samples\n{table}\n" + "\n".join(misses)
    print(report)
    record_property("rules_accuracy", f"{accuracy:.3f}")
    record_property("rules_confusion", table)
    assert accuracy >= REQUIRED_ACCURACY, report


# --- specific suggestions on real exceptions -----------------------------------------------------

SPECIFIC = {
    "settings_missing_key": [
        r"Add `timeout_s` to the settings",
        r"shop/settings\.py:5 in exchange_timeout",
    ],
    "settings_missing_env_var": [r"environment variable `LLMB_CORPUS_DATABASE_URL`"],
    "environ_lookup": [r"`LLMB_CORPUS_API_KEY`"],
    "settings_bad_int": [r"'eighty'", r"integer", r"shop/settings\.py:13 in port"],
    "configparser_missing_section": [r"`\[database\]`"],
    "configparser_missing_option": [r"`port` under `\[app\]`"],
    "container_missing_provider": [
        r"Register a provider for `ExchangeClient`",
        r"shop/container\.py:\d+ in resolve",
    ],
    "container_cycle": [r"Orders -> Users -> Orders"],
    "registry_key_error": [r"`PaymentGateway`", r"container"],
    "sqlite_missing_table": [r"Create table `orders`"],
    "app_store_without_migrations": [r"Create table `orders`", r"shop/db\.py:11 in open_orders"],
    "sqlite_syntax_error": [r"near `SELEC`"],
    "sqlite_locked": [r"busy timeout"],
    "sqlite_unique_violation": [r"UNIQUE constraint on `users\.email`"],
    "sqlite_missing_column": [r"column `price`"],
    "sqlite_wrong_bindings": [r"Pass 2 parameters \(not 1\)"],
    "import_missing_package": [r"pip install", r"`llmb_corpus_missing_pkg`"],
    "import_missing_name": [r"`json` has no `llmb_corpus_missing_name`"],
    "import_circular": [r"circular import around `llmb_corpus_cycle_a`", r"`thing`"],
    "import_missing_extra": [r"pip install shop\[yaml\]"],
    "socket_connection_refused": [r"Nothing is listening"],
    "asyncio_connection_refused": [r"Nothing is listening at `127\.0\.0\.1:\d+`"],
    "http_500": [r"HTTP 500", r"server failed"],
    "http_404": [r"HTTP 404", r"route doesn't exist"],
    "http_403": [r"HTTP 403", r"permission"],
    "dns_lookup_failure": [r"DNS lookup failed for `db\.llmb-corpus\.invalid`"],
    "urlopen_dns_failure": [r"DNS lookup failed for `api\.llmb-corpus\.invalid`"],
    "tls_to_plain_server": [r"doesn't speak TLS"],
    "app_feed_unreachable": [r"Market feed 127\.0\.0\.1:\d+ stayed unreachable for 3 attempts"],
    "subprocess_timeout": [r"0\.3s timeout"],
    "read_missing_file": [r"Create `[^`]*/settings\.json`"],
    "run_non_executable": [r"`[^`]*/tool\.sh`", r"chmod \+x"],
    "mkdir_existing": [r"exist_ok=True"],
    "open_directory": [r"`[^`]*/reports` is a directory"],
    "write_under_a_file": [r"parent of `[^`]*/cache/prices\.json` is a file"],
    "huge_bytearray": [r"ran out of memory"],
    "tk_without_display": [r"xvfb-run"],
    "qt_deleted_label": [r"`QLabel`", r"shop/ui\.py:\d+ in refresh"],
    "deprecated_widget_api": [r"deprecated `Ticket\.set_text\(\)`", r"assign Ticket\.text"],
    "json_bad_object": [r"line 1, column 2 \(char 1\)"],
    "json_not_serialisable": [r"`datetime`"],
    "utf8_decode": [r"not utf-8 \(byte 0xff at position 7\)"],
    "coroutine_never_awaited": [r"Await `fetch_prices\(\.\.\.\)`"],
    "cancelled_task": [r"cancelled"],
    "closed_loop": [r"loop was closed"],
    "await_a_number": [r"`int` is not awaitable"],
    "assert_equal": [r"`total` == `3`", r"exceptions_corpus\.py:\d+ in assert_equal"],
    "app_test_assertion": [
        r"`position_size\(1000, 0\.25, 3\)` == `83\.33`",
        r"tests/test_strategy\.py:6",
    ],
    "unittest_assert_equal": [r"`83\.3333` with `83\.33`"],
    "subprocess_check_failed": [r"exited with status 3"],
    "attribute_of_none": [r"`\.route`"],
}


@pytest.mark.parametrize("name", sorted(SPECIFIC))
def test_suggestion_names_the_concrete_thing(name: str) -> None:
    item = next(s for s in SAMPLES if s.name == name)
    diagnosis, location = diagnose(item)
    for pattern in SPECIFIC[name]:
        assert re.search(pattern, diagnosis.suggestion), (pattern, diagnosis.suggestion)
    assert f"{location.path}:{location.line}" in diagnosis.suggestion
    assert diagnosis.effort in EFFORTS


def test_every_sample_gets_a_located_suggestion_and_effort() -> None:
    for item in SAMPLES:
        diagnosis, location = diagnose(item)
        assert f"{location.path}:{location.line}" in diagnosis.suggestion, item.name
        assert diagnosis.effort in EFFORTS, item.name
        assert 0.0 <= diagnosis.confidence <= 1.0


def test_builtins_may_be_named_bare_or_qualified() -> None:
    for item in SAMPLES:
        exc = raised_by(item)
        bare, qualified = records_of(exc), records_of(exc, bare_builtins=False)
        location = location_of(bare)
        assert classify(bare, location, item.logs) == classify(qualified, location, item.logs)


# --- the tables themselves -------------------------------------------------------------------


def test_every_template_names_where_and_every_effort_is_known() -> None:
    for extractor in EXTRACTORS:
        assert "{where}" in extractor.template, extractor
        assert extractor.effort in EFFORTS, extractor
    for category in {r.category for r in BUILTIN_RULES} | {"unknown"}:
        template, effort = FALLBACKS[category]
        assert "{where}" in template
        assert effort in EFFORTS


def test_categories_cover_the_required_set() -> None:
    required = {"di", "db", "config", "import", "network", "timeout", "filesystem", "memory"}
    required |= {"ui", "data", "async", "assertion", "unknown"}
    assert required <= set(CATEGORIES)


# --- classification rules on synthetic records ---------------------------------------------------

HERE = Location("app/service.py", 12, "handle")


def record(kind: str, message: str = "", *paths: str) -> ExceptionRecord:
    """One exception whose frames are app frames at `paths`."""
    frames = tuple(Frame(p, 1, "f", in_app=True) for p in paths)
    return ExceptionRecord(kind, message, frames)


def test_base_classes_come_from_the_builtin_hierarchy() -> None:
    assert classify([record("builtins.ConnectionRefusedError", "")], HERE).category == "network"
    assert classify([record("builtins.ModuleNotFoundError", "x")], HERE).category == "import"


def test_type_mro_from_the_capture_side_is_used() -> None:
    failure = [record("acme.FeedDown", "feed is down")]
    assert classify(failure, HERE).category == "unknown"
    mro = {"acme.FeedDown": ["builtins.ConnectionRefusedError", "builtins.ConnectionError"]}
    assert classify(failure, HERE, type_mro=mro).category == "network"


def test_module_hints_decide_an_ambiguous_key_error() -> None:
    in_config = classify([record("builtins.KeyError", "'x'", "app/config.py")], HERE)
    in_container = classify([record("builtins.KeyError", "'x'", "app/di/registry.py")], HERE)
    assert (in_config.category, in_container.category) == ("config", "di")


def test_logger_hints_count_when_the_exception_names_no_category() -> None:
    logs = [LogEntry("ERROR", "shop.container", "resolve failed", "resolve failed", "", 0)]
    assert classify([record("acme.Unresolved", "'x'")], HERE, logs).category == "di"


def test_logged_noise_only_breaks_ties() -> None:
    noise = [
        LogEntry("WARNING", "app.realtime", "websocket reconnect", "websocket reconnect", "", 0),
        LogEntry("ERROR", "app.realtime", "handshake timed out", "handshake timed out", "", 0),
    ]
    diagnosis = classify([record("builtins.ZeroDivisionError", "division by zero")], HERE, noise)
    assert diagnosis.category == "programming"


def test_the_innermost_exception_of_a_chain_counts() -> None:
    chain = [
        record("builtins.RuntimeError", "startup failed"),
        ExceptionRecord("sqlite3.OperationalError", "no such table: orders", via="cause"),
    ]
    diagnosis = classify(chain, HERE)
    assert diagnosis.category == "db"
    assert "`orders`" in diagnosis.suggestion


def test_extra_rules_win_ties_and_bring_their_own_suggestion() -> None:
    failure = [record("acme.Error", "no such table: orders")]
    assert classify(failure, HERE).category == "db"
    storage = Rule(
        "storage",
        message="no such table",
        suggestion="Seed {name} in {function} ({location})",
        effort="5m",
    )
    diagnosis = classify(failure, HERE, extra_rules=[storage])
    assert diagnosis == Diagnosis(
        "storage", "Seed orders in handle (app/service.py:12)", "5m", diagnosis.confidence
    )


def test_a_configured_rule_claims_its_own_exceptions() -> None:
    (rule,) = rules_from_config(
        {
            "rules": [
                {
                    "category": "exchange",
                    "exception_types": ["ccxt.NetworkError"],
                    "message": "rate limit",
                    "suggestion": "Back off and retry {function} in {location}",
                    "effort": "15m",
                }
            ]
        },
        "pyproject.toml",
    )
    failure = [record("ccxt.base.errors.NetworkError", "binance rate limit exceeded")]
    diagnosis = classify(failure, HERE, extra_rules=[rule])
    assert diagnosis.category == "exchange"
    assert diagnosis.suggestion == "Back off and retry handle in app/service.py:12"
    assert diagnosis.effort == "15m"


def test_nothing_matched_is_unknown_with_a_located_suggestion() -> None:
    diagnosis = classify([record("acme.Oddity", "the flux is inverted")], HERE)
    assert diagnosis.category == "unknown"
    assert diagnosis.confidence == 0.0
    assert "app/service.py:12 in handle" in diagnosis.suggestion


def test_rss_growth_in_the_logs_is_memory() -> None:
    logs = [
        LogEntry(
            "WARNING",
            "llm_brief",
            "RSS grew from %s to %s",
            "RSS grew from 120 MB to 2.1 GB",
            "",
            0,
        )
    ]
    diagnosis = classify([], HERE, logs)
    assert diagnosis.category == "memory"
    assert "from 120 MB to 2.1 GB" in diagnosis.suggestion
    assert diagnosis.effort == "half-day"


def test_suggestions_do_not_repeat_credentials_from_urls() -> None:
    failure = [
        record(
            "builtins.ConnectionError",
            "Could not reach feed wss://bot:pw@x.test/ws?token=abc after 2 attempts",
        )
    ]
    text, _ = suggest("network", failure, HERE)
    assert "wss://x.test/ws" in text
    assert "pw" not in text
    assert "token" not in text


@given(
    kind=st.sampled_from(["builtins.KeyError", "sqlite3.OperationalError", "acme.Error", "X", ""]),
    message=st.text(max_size=80),
    logger=st.text(max_size=20),
)
def test_classify_is_total_and_deterministic(kind: str, message: str, logger: str) -> None:
    logs = [LogEntry("ERROR", logger, message, message, "", 0)]
    first = classify([record(kind, message, "a/b.py")], HERE, logs)
    assert first == classify([record(kind, message, "a/b.py")], HERE, logs)
    assert first.category in CATEGORIES
    assert 0.0 <= first.confidence <= 1.0


# --- [tool.llm-brief.rules] ----------------------------------------------------------------------


def test_rules_from_config_accepts_arrays_named_tables_and_the_tool_table() -> None:
    entry = {"category": "exchange", "exception_types": "ccxt.NetworkError", "weight": 2}
    expected = Rule("exchange", exception_types=("ccxt.NetworkError",), weight=2.0)
    assert rules_from_config({"rules": [entry]}, "pyproject.toml") == (expected,)
    assert rules_from_config({"rules": {"ccxt": entry}}, "pyproject.toml") == (expected,)
    assert rules_from_config([entry], "pyproject.toml") == (expected,)  # type: ignore[arg-type]
    assert rules_from_config({"rules": []}, "pyproject.toml") == ()


@pytest.mark.parametrize(
    ("entry", "fragments"),
    [
        (
            {"category": "x", "message": "a", "severity": "high"},
            ["'severity'", "accepted keys", "exception_types"],
        ),
        (
            {"category": "x", "message": "a", "weight": "heavy"},
            ["weight", "positive number", "'heavy'"],
        ),
        (
            {"category": "x", "message": "a", "effort": "2d"},
            ["effort", "'5m', '15m', '1h', 'half-day'"],
        ),
        ({"category": "x", "message": "("}, ["message", "regular expression"]),
        ({"message": "a"}, ["missing key 'category'"]),
        ({"category": "x"}, ["at least one of exception_types, message, logger, module"]),
        ({"category": "x", "message": "a", "suggestion": "fix {thing}"}, ["{thing}", "{location}"]),
        (
            {"category": "x", "exception_types": [1]},
            ["exception_types", "list of exception type names"],
        ),
    ],
)
def test_rules_from_config_errors_name_key_file_and_accepted_values(
    entry: dict[str, object], fragments: list[str]
) -> None:
    with pytest.raises(ValueError) as info:
        rules_from_config({"rules": [entry]}, "/repo/pyproject.toml")
    text = str(info.value)
    assert "/repo/pyproject.toml" in text
    assert "tool.llm-brief.rules[0]" in text
    for fragment in fragments:
        assert fragment in text


def test_rules_from_config_rejects_a_non_table() -> None:
    with pytest.raises(ValueError, match=r"pyproject\.toml: tool\.llm-brief\.rules must be"):
        rules_from_config({"rules": "db"}, "pyproject.toml")
    with pytest.raises(ValueError, match=r"tool\.llm-brief\.rules\.broken must be a table"):
        rules_from_config({"rules": {"broken": 3}}, "pyproject.toml")


def test_fallback_messages_drop_url_secrets_too() -> None:
    failure = [record("acme.Error", "GET https://u:secret@api.test/v1?key=abc failed")]
    text, _ = suggest("exchange", failure, HERE)
    assert "https://api.test/v1" in text
    assert "secret" not in text
    assert "key=abc" not in text
