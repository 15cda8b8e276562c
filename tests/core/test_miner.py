"""Tests for the Drain-class template miner: masking, clustering, accuracy, bounds and caches."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_brief.core import masking, miner
from llm_brief.core.masking import OVERFLOW_ID, OVERFLOW_TEMPLATE, mask
from llm_brief.core.miner import TemplateMiner

CORPUS_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "logcorpus.py"


def load_corpus_module() -> ModuleType:
    """Import benchmarks/logcorpus.py by path: benchmarks/ is not a package on sys.path."""
    spec = importlib.util.spec_from_file_location("llm_brief_bench_logcorpus", CORPUS_PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def logcorpus() -> ModuleType:
    return load_corpus_module()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # numbers, signed, decimal, with thousands separators, and inside identifiers
        ("took 42 steps", "took <NUM> steps"),
        ("upnl=-120.55 size=+3", "upnl=<NUM> size=<NUM>"),
        ("moved 1,234,567 rows", "moved <NUM> rows"),
        (
            "worker-3 main.go:42 key=user:1234:profile",
            "worker-<NUM> main.go:<NUM> key=user:<NUM>:profile",
        ),
        ("[1, 2, 3]", "[<NUM>, <NUM>, <NUM>]"),
        ("disk at 87% full", "disk at <NUM>% full"),
        # hex: 0x-prefixed, or long ids with both digits and letters; hex-looking words stay
        ("<Feed object at 0x7f3a2b9c10d0>", "<Feed object at <HEX>>"),
        ("commit 3f2a9c1d pushed", "commit <HEX> pushed"),
        ("member consumer-1-babfa2d7", "member consumer-<NUM>-<HEX>"),
        ("deadbeef facade added", "deadbeef facade added"),
        # uuids
        ("order 7c9e6679-7425-40de-944b-e07fc1f97436 filled", "order <UUID> filled"),
        # IPv4 with and without a port, IPv6 bare, compressed and bracketed with a port
        ("from 10.0.0.1 via 192.168.1.254:8080", "from <IP> via <IP>"),
        ("peer 2001:db8::8a2e:370:7334 and ::1", "peer <IP> and <IP>"),
        ("accepted [2001:db8::1]:51234 ok", "accepted <IP> ok"),
        ("link fe80::1ff:fe23:4567:890a up", "link <IP> up"),
        ("mac 00:1a:2b:3c:4d:5e or 00-1A-2B-3C-4D-5E", "mac <MAC> or <MAC>"),
        # paths: absolute, relative with an extension, home, Windows
        ("open /var/log/app.log failed", "open <PATH> failed"),
        ("see ./run.sh and ~/notes and src/bot/engine.py", "see <PATH> and <PATH> and <PATH>"),
        ("from C:\\ProgramData\\bot\\live.toml", "from <PATH>"),
        ("HTTP/1.1 application/json", "HTTP/<NUM> application/json"),
        # quoted strings, with spaces inside, as values and in reprs; apostrophes are not quotes
        ('msg="connected to broker" ok', "msg=<STR> ok"),
        ("reason='going away'", "reason=<STR>"),
        ("{'symbol': 'BTC-USD', 'qty': 2}", "{<STR>: <STR>, <STR>: <NUM>}"),
        ("don't stop, it's fine", "don't stop, it's fine"),
        # timestamps: ISO 8601 in one or two tokens, common log format, syslog, Go, bare clock
        ("at 2024-05-01T12:00:00.123Z done", "at <TS> done"),
        ("2024-05-01 12:00:00,123 INFO started", "<TS> INFO started"),
        ("2024-05-01T12:00:00+02:00 up", "<TS> up"),
        (
            '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200',
            "<IP> - - [<TS>] <STR> <NUM>",
        ),
        ("Jan  5 06:26:19 host sshd[42]: hi", "<TS> host sshd[<NUM>]: hi"),
        ("2009/11/10 23:00:00 server.go:118: listening", "<TS> server.go:<NUM>: listening"),
        ("at 23:59:01 sharp", "at <TS> sharp"),
        # durations, Go-style compound ones too
        (
            "took 12ms then 1.5s then 1m30s then 250us",
            "took <DUR> then <DUR> then <DUR> then <DUR>",
        ),
        # e-mails and URLs
        ("sent to alice.42@example.com", "sent to <EMAIL>"),
        ("GET https://api.example.com/v1/users/42?include=orders", "GET <URL>"),
        ("dial wss://stream.example.com/ws", "dial <URL>"),
        # words, identifiers with digits, and whitespace
        ("connection refused by peer", "connection refused by peer"),
        ("sha256 utf8 ipv4 v2", "sha256 utf8 ipv4 v2"),
        ("  \tindented   line\t", "indented line"),
        ("", ""),
    ],
)
def test_mask_replaces_each_kind_of_variable(line: str, expected: str) -> None:
    assert mask(line) == expected


def test_mask_is_the_same_whatever_was_masked_before() -> None:
    """The shape memo must never leak one token's digits into another's mask."""
    first = [mask(line) for line in ("sha256 x", "0x1f", "5x1f", "ssh2 ok", "a1b2c3d4e5")]
    masking._MEMO.clear()
    second = [mask(line) for line in ("sha512 x", "5x1f", "0x1f", "ssh3 ok", "a1b2c3d4e5")]
    assert first == ["sha256 x", "<HEX>", "5x1f", "ssh2 ok", "<HEX>"]
    assert second == ["sha512 x", "5x1f", "<HEX>", "ssh3 ok", "<HEX>"]


def test_known_templates_get_their_own_clusters() -> None:
    tm = TemplateMiner()
    users = ["alice", "bob", "carol", "dave"]
    for i in range(40):
        tm.add(f"user {users[i % 4]} logged in from 10.0.{i}.1", when=float(i))
        tm.add(f"db: query on orders took {i}.5ms rows={i * 7}", when=float(i))
        tm.add("Traceback (most recent call last):", when=float(i))
    templates = {t.template: t for t in tm.templates()}
    assert set(templates) == {
        "user <*> logged in from <IP>",
        "db: query on orders took <DUR> rows=<NUM>",
        "Traceback (most recent call last):",
    }
    login = templates["user <*> logged in from <IP>"]
    assert login.count == 40
    assert login.example == "user alice logged in from 10.0.0.1"
    assert (login.first_seen, login.last_seen) == (0.0, 39.0)


def test_templates_are_most_frequent_first_and_ids_resolve() -> None:
    tm = TemplateMiner()
    rare = tm.add("shutting down")
    common = [tm.add(f"tick {i}") for i in range(5)]
    assert len(set(common)) == 1
    assert [t.id for t in tm.templates()] == [common[0], rare]
    assert tm.template_of(common[0]) == "tick <NUM>"
    assert tm.template_of(rare) == "shutting down"
    with pytest.raises(KeyError):
        tm.template_of(999)


def test_lines_beyond_the_similarity_threshold_split() -> None:
    tm = TemplateMiner(similarity=0.4)
    a = tm.add("order placed for alice now")
    b = tm.add("order cancelled by risk engine")
    assert a != b
    assert tm.template_of(a) == "order placed for alice now"


def test_grouping_accuracy_on_a_generated_corpus(logcorpus: ModuleType) -> None:
    pairs = logcorpus.generate(20_000, seed=99)
    tm = TemplateMiner()
    predicted = [tm.add(line) for line, _ in pairs]
    truth = [template for _, template in pairs]
    assert logcorpus.grouping_accuracy(predicted, truth) >= 0.9
    assert len(tm.templates()) < 2 * len(logcorpus.TEMPLATES)


def test_grouping_accuracy_measure() -> None:
    corpus = load_corpus_module()
    assert corpus.grouping_accuracy([1, 1, 2, 3], [5, 5, 6, 6]) == 0.5
    assert corpus.grouping_accuracy([1, 1, 1, 1], [5, 5, 6, 6]) == 0.0
    assert corpus.grouping_accuracy([7, 7, 8, 8], [5, 5, 6, 6]) == 1.0


def test_the_corpus_is_deterministic(logcorpus: ModuleType) -> None:
    assert logcorpus.generate(500, seed=3) == logcorpus.generate(500, seed=3)
    assert logcorpus.generate(500, seed=3) != logcorpus.generate(500, seed=4)
    assert {t for _, t in logcorpus.generate(5000)} == set(range(len(logcorpus.TEMPLATES)))


def test_cluster_count_stays_bounded_under_a_flood_of_unique_lines() -> None:
    rng = random.Random(5)
    tm = TemplateMiner(max_clusters=50)
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    ids = []
    for i in range(5000):
        words = ["".join(rng.choices(alphabet, k=8)) for _ in range(1 + i % 4)]
        ids.append(tm.add(" ".join(words), when=float(i)))
    templates = tm.templates()
    assert len(templates) <= 51
    assert sum(t.count for t in templates) == 5000
    overflow = next(t for t in templates if t.id == OVERFLOW_ID)
    assert overflow.template == OVERFLOW_TEMPLATE
    assert overflow.count > 4000
    assert tm.template_of(ids[0]) == OVERFLOW_TEMPLATE
    # The tree is pruned along with its clusters, so it stays bounded too.
    leaves = sum(len(node.clusters) for node in _walk(tm))
    assert leaves == len(templates) - 1


def test_eviction_keeps_big_clusters() -> None:
    tm = TemplateMiner(max_clusters=20)
    heartbeat = [tm.add(f"heartbeat ok latency={i}ms") for i in range(1000)]
    for i in range(500):
        tm.add(f"unique{chr(97 + i % 26)}{chr(97 + i // 26 % 26)} happened")
        tm.add(f"heartbeat ok latency={i}ms")
    assert tm.template_of(heartbeat[0]) == "heartbeat ok latency=<DUR>"
    assert tm.templates()[0].count == 1500


def test_identical_lines_are_masked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = miner._masked

    def counting(line: str) -> tuple[list[str], str]:
        calls.append(line)
        return real(line)

    monkeypatch.setattr(miner, "_masked", counting)
    tm = TemplateMiner()
    ids = {tm.add("GET /health 200 in 3ms") for _ in range(10_000)}
    assert len(ids) == 1
    assert calls == ["GET /health 200 in 3ms"]
    assert tm.templates()[0].count == 10_000


def test_lines_of_one_shape_skip_the_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    placed: list[list[str]] = []
    real = TemplateMiner._place

    def counting(self: TemplateMiner, tokens: list[str], line: str, when: float) -> object:
        placed.append(tokens)
        return real(self, tokens, line, when)

    monkeypatch.setattr(TemplateMiner, "_place", counting)
    tm = TemplateMiner()
    ids = {tm.add(f"fill {i} at {i * 1.5} after {i}ms") for i in range(1000)}
    assert len(ids) == 1
    assert len(placed) == 1


def test_disabled_caches_give_the_same_clusters(logcorpus: ModuleType) -> None:
    lines = [line for line, _ in logcorpus.generate(3000, seed=11)]
    cached, uncached = TemplateMiner(), TemplateMiner(cache_size=0)
    for line in lines:
        cached.add(line)
        uncached.add(line)
    assert not uncached._exact
    assert not uncached._by_mask
    assert sorted(t.template for t in cached.templates()) == sorted(
        t.template for t in uncached.templates()
    )


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="depth"):
        TemplateMiner(depth=2)
    with pytest.raises(ValueError, match="similarity"):
        TemplateMiner(similarity=1.5)
    with pytest.raises(ValueError, match="max_clusters"):
        TemplateMiner(max_clusters=0)


def test_empty_and_blank_lines_share_a_cluster() -> None:
    tm = TemplateMiner()
    assert tm.add("") == tm.add("   ") == tm.add("\t")
    assert tm.templates()[0].template == ""


log_like_text = st.text(
    alphabet=st.sampled_from(list("abcxyzAB019 :./-_=@'\"[](),<>*+\\\t")) | st.characters(),
    max_size=80,
)


@settings(max_examples=800, deadline=None)
@given(log_like_text)
def test_masking_is_idempotent(line: str) -> None:
    once = mask(line)
    assert mask(once) == once


@settings(max_examples=200, deadline=None)
@given(st.lists(log_like_text, min_size=1, max_size=30))
def test_the_same_line_lands_in_the_same_cluster(lines: list[str]) -> None:
    tm = TemplateMiner()
    first = [tm.add(line) for line in lines]
    assert [tm.add(line) for line in lines] == first
    assert sum(t.count for t in tm.templates()) == 2 * len(lines)


@settings(max_examples=200, deadline=None)
@given(st.lists(log_like_text, min_size=1, max_size=30))
def test_a_line_added_twice_in_a_row_stays_put_without_caches(lines: list[str]) -> None:
    """Drain's own guarantee: joining a cluster never makes the line match another one better."""
    tm = TemplateMiner(cache_size=0)
    for line in lines:
        assert tm.add(line) == tm.add(line)


def _walk(tm: TemplateMiner) -> list[miner._Node]:
    nodes = list(tm._root.values())
    for node in nodes:
        nodes.extend(node.children.values())
    return nodes
