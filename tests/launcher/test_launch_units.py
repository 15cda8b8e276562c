"""The launcher's pure parts: text tracebacks, output lines, process labels, echo recognition."""

from __future__ import annotations

from pathlib import Path

import pytest

from llm_brief.capture.exceptions import PathClassifier
from llm_brief.launcher.lines import MAX_LINE, LineSplitter, clean
from llm_brief.launcher.outputs import EchoFilter
from llm_brief.launcher.processes import process_label, program
from llm_brief.launcher.tracebacks import TracebackParser
from llm_brief.startup import is_pytest

CHAINED = """\
Traceback (most recent call last):
  File "/app/db.py", line 10, in connect
    sock.connect(addr)
    ^^^^^^^^^^^^^^^^^^
ConnectionRefusedError: [Errno 111] Connection refused

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/main.py", line 3, in <module>
    main()
  File "/app/db.py", line 12, in connect
    raise RuntimeError("db down") from exc
RuntimeError: db down
after the traceback
"""

FAULT = """\
Fatal Python error: Segmentation fault

Current thread 0x00007f5b (most recent call first):
  File "/app/native.py", line 7 in crash
  File "/app/main.py", line 2 in <module>

Extension modules: numpy (total: 1)
"""


def parse(text: str) -> tuple[list[str], list[object]]:
    parser = TracebackParser(PathClassifier("/app"))
    plain: list[str] = []
    found: list[object] = []
    for line in text.splitlines():
        consumed, done = parser.feed(line, 1.0)
        found.extend(done)
        if not consumed:
            plain.append(line)
    found.extend(parser.flush())
    return plain, found


def test_a_chained_traceback_becomes_one_chain_outermost_first() -> None:
    plain, found = parse(CHAINED)
    assert plain == ["after the traceback"]
    (parsed,) = found
    chain = parsed.chain  # type: ignore[attr-defined]
    assert [(r.type, r.message, r.via) for r in chain] == [
        ("RuntimeError", "db down", ""),
        ("ConnectionRefusedError", "[Errno 111] Connection refused", "cause"),
    ]
    outer = chain[0].frames
    assert [(f.path, f.line, f.function) for f in outer] == [
        ("main.py", 3, "<module>"),
        ("db.py", 12, "connect"),
    ]
    assert outer[-1].code == 'raise RuntimeError("db down") from exc'
    assert all(f.in_app for f in outer)


def test_a_faulthandler_dump_is_a_fatal_crash_newest_frame_last() -> None:
    _, found = parse(FAULT)
    (parsed,) = found
    assert parsed.fatal  # type: ignore[attr-defined]
    record = parsed.chain[0]  # type: ignore[attr-defined]
    assert (record.type, record.message) == ("Fatal Python error", "Segmentation fault")
    assert [(f.path, f.line) for f in record.frames] == [("main.py", 2), ("native.py", 7)]


def test_lines_are_bounded_and_readable() -> None:
    splitter = LineSplitter()
    lines = splitter.feed(b"\x1b[31mred\x1b[0m\nprogress 10%\rprogress 100%\n", 1.0)
    assert [text for text, _ in lines] == ["red", "progress 100%"]
    splitter.feed(b"y" * (MAX_LINE * 10), 2.0)
    (long_line, when), *_ = splitter.feed(b"\n", 3.0)
    assert when == 2.0
    assert len(long_line) < MAX_LINE + 40
    assert long_line.endswith("bytes]")
    assert clean(b"\xff\xfe\x00\x01\x02\x03") == "<binary: 6 bytes>"
    assert clean(b"caf\xe9 au lait") == "caf\ufffd au lait"


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["python3", "bot.py", "--fast"], "bot.py"),
        (["/venv/bin/python", "-X", "dev", "-u", "app/worker.py"], "worker.py"),
        (["python", "-m", "app.server"], "app.server"),
        (["python3.11", "-c", "pass"], "-c"),
        (["/usr/bin/node", "server.js"], "node"),
    ],
)
def test_process_labels(argv: list[str], name: str) -> None:
    assert program(argv)[0] == name
    assert process_label(argv, 42) == f"{name} (pid 42)"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["/v/bin/python", "-m", "pytest", "-q"], True),
        (["/v/bin/python", "/v/bin/pytest"], True),
        (["/v/bin/python", "-X", "dev", "-m", "pytest"], True),
        (["/v/bin/python", "app.py", "-m", "pytest"], False),
        (["/v/bin/python", "-c", "pass"], False),
    ],
)
def test_pytest_is_recognised_from_its_command_line(argv: list[str], expected: bool) -> None:
    assert is_pytest(argv) is expected


def test_echoes_of_captured_log_records_are_recognised(tmp_path: Path) -> None:
    echo = EchoFilter()
    echo.update(["Reconnect attempt %d/%d failed, retrying", "Connecting to <URL>"])
    assert echo(
        "2024-01-01 10:00:00,1 WARNING tradebot.websocket: Reconnect attempt 3/25 failed, retrying"
    )
    assert echo("INFO:tradebot.db:Connecting to postgresql://db:5432/x")
    assert not echo("WARNING: disk almost full")
    assert not echo("Reconnect attempt 3/25 failed, retrying (no level word: printed, not logged)")
