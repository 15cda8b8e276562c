"""Generated test suites for the benchmarks: green, failure-heavy, log-heavy and mixed."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TRADEBOT = REPO / "examples" / "tradebot"

# Every suite gets its own rootdir so no outer pyproject or conftest leaks in.
_INI = "[pytest]\n"

_GREEN_FILE = """
import logging

import pytest

log = logging.getLogger("app.module{n}")


@pytest.mark.parametrize("i", range({count}))
def test_value(i):
    if i % 20 == 7:
        pytest.skip("not on this platform")
    if i % 10 == 3:
        log.warning("cache miss for key %d", i)
    if i % 10 == 5:
        print("computed", i * 3)
    assert i * 3 == i + i + i
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pytest.ini").write_text(_INI)
    for name, text in files.items():
        (root / name).write_text(textwrap.dedent(text).lstrip())
    return root


def green(root: Path, tests: int, per_file: int = 100) -> Path:
    """`tests` tests, about 5% skipped, 10% logging a warning, 10% printing; all others pass."""
    files = {}
    for n in range(max(1, tests // per_file)):
        files[f"test_green_{n:04d}.py"] = _GREEN_FILE.format(n=n, count=per_file)
    return _write(root, files)


_CHATTY_FILE = """
import logging

import pytest

log = logging.getLogger("app.module{n}")


@pytest.mark.parametrize("i", range({count}))
def test_value(i):
    if i % 10 == 0:
        for k in range(20):
            log.warning("retrying shard %d after %d ms", k, i)
    else:
        print("computed", i * 3)
    assert i * 3 == i + i + i
"""


def chatty(root: Path, tests: int, per_file: int = 100) -> Path:
    """`tests` passing tests: one in ten logs 20 warnings, every other one prints a line (what a
    real suite does; the cost of capture is in those, not in silent passes)."""
    files = {}
    for n in range(max(1, tests // per_file)):
        files[f"test_chatty_{n:04d}.py"] = _CHATTY_FILE.format(n=n, count=per_file)
    return _write(root, files)


_APP = """
import json


class Gateway:
    def __init__(self, url):
        self.url = url


def parse_price(text):
    return float(text)


def load_order(raw):
    return json.loads(raw)["order"]


def connect(host):
    raise ConnectionRefusedError(111, "Connection refused", host)


def ratio(a, b):
    return a / b


def gateway_name(gw):
    return gw.name
"""

_FAILING_FILE = """
import pytest

import app


@pytest.mark.parametrize("i", range({count}))
def test_{name}(i):
    {body}
"""

_CAUSES = {
    "price": "app.parse_price(f'{i}.5 EUR')",
    "order": "app.load_order('{\"id\": ' + str(i) + '}')",
    "connect": "app.connect(f'10.0.0.{i % 250}:5432')",
    "ratio": "assert app.ratio(i, 0) > 0",
    "gateway": "app.gateway_name(app.Gateway(f'https://api.example.com/{i}'))",
}


def failure_heavy(root: Path, per_cause: int = 100) -> Path:
    """5 root causes in an app module, `per_cause` parametrised failing tests each (500 by default)."""
    files = {"app.py": _APP}
    for name, body in _CAUSES.items():
        files[f"test_fail_{name}.py"] = _FAILING_FILE.format(count=per_cause, name=name, body=body)
    return _write(root, files)


def verbose_two_causes(root: Path, per_cause: int = 20) -> Path:
    """`addopts = -v --tb=short` (common in real projects) and 40 failures from 2 root causes."""
    files = {"app.py": _APP}
    for name in ("price", "connect"):
        body = _CAUSES[name]
        files[f"test_fail_{name}.py"] = _FAILING_FILE.format(count=per_cause, name=name, body=body)
    _write(root, files)
    (root / "pytest.ini").write_text("[pytest]\naddopts = -v --tb=short\n")
    return root


_LOG_FILE = """
import logging

log = logging.getLogger("app.ingest")


def test_ingest():
    for i in range({count}):
        log.warning("ingested row %d from shard %s in %d ms", i, "eu-west", i % 97)
"""


def log_heavy(root: Path, records: int) -> Path:
    """One passing test that emits `records` WARNING records (captured by pytest and llm-brief)."""
    return _write(root, {"test_log.py": _LOG_FILE.format(count=records)})


_MIXED_TESTS = """
import logging
import warnings

import pytest

import app

log = logging.getLogger("app.mixed")


@pytest.mark.parametrize("i", range(40))
def test_passes(i):
    if i % 5 == 0:
        log.info("processed %d", i)
    assert i >= 0


@pytest.mark.parametrize("i", range(8))
def test_price(i):
    assert app.parse_price(f"{i}.5 EUR") > 0


@pytest.mark.parametrize("i", range(6))
def test_connect(i):
    log.error("retrying connection to %s", f"10.0.0.{i}")
    app.connect(f"10.0.0.{i}:5432")


def test_ratio():
    assert app.ratio(1, 0) == 0


def test_deprecated():
    warnings.warn("old_api() is deprecated; use new_api()", DeprecationWarning)


@pytest.mark.skip(reason="needs a GPU")
def test_gpu():
    pass


@pytest.mark.xfail(reason="known bug #12")
def test_known_bug():
    assert app.ratio(1, 0) == 0


@pytest.fixture
def broken_fixture():
    raise RuntimeError("database fixture could not start")


def test_uses_fixture(broken_fixture):
    pass
"""


def mixed(root: Path) -> Path:
    """Several causes, a fixture error, warnings, skips and an xfail."""
    return _write(root, {"app.py": _APP, "test_mixed.py": _MIXED_TESTS})


def tradebot(root: Path) -> Path:
    """A copy of `examples/tradebot` (the acceptance example) in its own directory."""
    shutil.copytree(
        TRADEBOT,
        root,
        ignore=shutil.ignore_patterns("__pycache__", ".llm-brief", ".pytest_cache"),
    )
    return root
