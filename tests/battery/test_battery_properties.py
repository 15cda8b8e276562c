"""Properties of the pure analyzer: fingerprints, redaction and grouping (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llm_brief.core.analyzer import RunFacts, build_issues
from llm_brief.core.fingerprint import fingerprint, normalize_message
from llm_brief.core.model import ExceptionRecord, Frame, PhaseRecord
from llm_brief.core.redaction.redactor import Redactor

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

names = st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True)
paths = st.builds(lambda d, f: f"{d}/{f}.py", st.sampled_from(["app", "src/app", "tests"]), names)
frames = st.builds(
    Frame,
    path=paths,
    line=st.integers(1, 5000),
    function=names,
    code=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    in_app=st.booleans(),
)
words = st.lists(
    st.sampled_from(["connect", "to", "failed", "user", "order", "timeout", "key"]),
    min_size=1,
    max_size=5,
)
exc_types = st.sampled_from(
    ["ValueError", "KeyError", "ConnectionError", "AssertionError", "OSError"]
)


@st.composite
def chains(draw: st.DrawFn) -> tuple[ExceptionRecord, ...]:
    n = draw(st.integers(1, 3))
    return tuple(
        ExceptionRecord(
            type=draw(exc_types),
            message=" ".join(draw(words)),
            frames=tuple(draw(st.lists(frames, min_size=1, max_size=5))),
            via="cause" if i else "",
        )
        for i in range(n)
    )


def _shift_lines(chain: tuple[ExceptionRecord, ...], delta: int) -> tuple[ExceptionRecord, ...]:
    return tuple(
        replace(e, frames=tuple(replace(f, line=f.line + delta) for f in e.frames)) for e in chain
    )


@FAST
@given(chains(), st.sampled_from(["call", "setup", ""]))
def test_fingerprint_is_deterministic(chain: tuple[ExceptionRecord, ...], phase: str) -> None:
    assert fingerprint(chain, phase) == fingerprint(tuple(chain), phase)


@FAST
@given(chains(), st.integers(1, 400))
def test_fingerprint_ignores_line_numbers(chain: tuple[ExceptionRecord, ...], delta: int) -> None:
    assert fingerprint(chain, "call") == fingerprint(_shift_lines(chain, delta), "call")


@FAST
@given(chains(), st.integers(0, 10**9), st.integers(0, 10**9), st.uuids(), st.uuids())
def test_fingerprint_ignores_masked_values(
    chain: tuple[ExceptionRecord, ...], a: int, b: int, u1: object, u2: object
) -> None:
    def with_values(n: int, u: object) -> tuple[ExceptionRecord, ...]:
        last = chain[-1]
        return (*chain[:-1], replace(last, message=f"{last.message} id={n} request {u} at 0x{n:x}"))

    assert fingerprint(with_values(a, u1), "call") == fingerprint(with_values(b, u2), "call")
    assert normalize_message(f"took {a} ms") == normalize_message(f"took {b} ms")


secrets = st.one_of(
    st.builds(lambda s: f"AKIA{s}", st.from_regex(r"[A-Z0-9]{16}", fullmatch=True)),
    st.builds(lambda s: f"ghp_{s}", st.from_regex(r"[A-Za-z0-9]{36}", fullmatch=True)),
    st.builds(
        lambda u, p: f"postgres://{u}:{p}@db.example.com/app",
        names,
        st.from_regex(r"[A-Za-z0-9]{8,20}", fullmatch=True),
    ),
    st.builds(lambda s: f"password={s}", st.from_regex(r"[A-Za-z0-9!#%]{6,20}", fullmatch=True)),
)
prose = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80)


@FAST
@given(prose, secrets, prose)
def test_redaction_is_idempotent(before: str, secret: str, after: str) -> None:
    redactor = Redactor()
    once = redactor.redact(f"{before} {secret} {after}")
    assert redactor.redact(once) == once


@FAST
@given(st.dictionaries(names, st.one_of(prose, secrets, st.integers()), max_size=6))
def test_json_redaction_is_idempotent(data: dict[str, object]) -> None:
    redactor = Redactor()
    once = redactor.redact_json(data)
    assert redactor.redact_json(once) == once


FACTS = RunFacts(
    kind="pytest",
    command=("pytest",),
    root="/r",
    started_at="2026-01-01T00:00:00Z",
    duration_s=1.0,
    exit_code=1,
)


@st.composite
def records(draw: st.DrawFn) -> list[PhaseRecord]:
    causes = draw(st.lists(chains(), min_size=1, max_size=4))
    out = []
    for i in range(draw(st.integers(1, 25))):
        chain = causes[draw(st.integers(0, len(causes) - 1))]
        outcome = draw(st.sampled_from(["failed", "failed", "error", "passed", "skipped"]))
        out.append(
            PhaseRecord(
                nodeid=f"tests/test_x.py::test_{i}",
                phase="call",
                outcome=outcome,
                path="tests/test_x.py",
                line=i + 1,
                exceptions=chain if outcome in ("failed", "error") else (),
            )
        )
    return out


def _grouping(issues: list[object]) -> dict[str, frozenset[str]]:
    return {i.fingerprint: frozenset(i.tests) for i in issues}  # type: ignore[attr-defined]


@FAST
@given(records(), st.randoms(use_true_random=False))
def test_grouping_is_independent_of_test_order(recs: list[PhaseRecord], rnd: object) -> None:
    shuffled = list(recs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    first = build_issues(recs, FACTS)
    second = build_issues(shuffled, FACTS)
    assert _grouping(first) == _grouping(second)
    assert sorted(i.count for i in first) == sorted(i.count for i in second)
    failing = sum(r.outcome in ("failed", "error") for r in recs)
    assert sum(i.count for i in first) == failing
