"""The hardening's pure parts: safe text, bounded reading, nesting, settings, the time limit."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
from pathlib import Path

import pytest

from llm_brief_lsp.config import parse_settings
from llm_brief_lsp.dashboard import load_dashboard
from llm_brief_lsp.offloop import run_off_loop
from llm_brief_lsp.reading import MIB, Refused, check_depth, read_regular
from llm_brief_lsp.untrusted import code, escape, fenced, plain

SECRET = "ghp_Zq8Xw2Lk9Vb4Nm7Rt1Yc6Ps3Df5Gh0Jk8Lq2W"


def test_plain_makes_one_line_without_invisible_characters():
    text = "a\r\nb\n\nc\u2028d\x85e\tf\u202eg\u2066h\x00i\x1bj\u200ek\u061cl"
    assert plain(text, 100) == "a b c d e fghijkl"


def test_plain_caps_after_redacting():
    assert plain("x" * 50, 10) == "x" * 9 + "…"
    # A secret across the cut is still found and replaced, not shown in part.
    text = "y" * 8 + " " + SECRET + " tail"
    assert plain(text, 20).startswith("y" * 8 + " [REDACTED:")
    assert SECRET[:6] not in plain("z" * 5 + " " + SECRET, 12)


def test_markdown_helpers_keep_text_inert():
    assert escape("# h\n- l\n[a](b) <i> `c` &amp;", 100) == (
        "\\# h \\- l \\[a\\]\\(b\\) \\<i\\> \\`c\\` \\&amp;"
    )
    assert code("plain", 20) == "`plain`"
    assert code("a``b", 20) == "``` a``b ```"
    assert fenced(["ok", "`````", "x\n```"], 20).splitlines() == [
        "``````text",
        "ok",
        "`````",
        "x ```",
        "``````",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and Unix sockets are POSIX")
def test_only_regular_files_are_read(tmp_path: Path):
    regular = tmp_path / "dashboard.json"
    regular.write_bytes(b"{}")
    assert read_regular(str(regular), 10) == b"{}"
    link = tmp_path / "link.json"
    link.symlink_to(regular)
    assert read_regular(str(link), 10) == b"{}"
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(Refused, match="is a FIFO"):
        read_regular(str(fifo), 10)
    with pytest.raises(Refused, match="is a directory"):
        read_regular(str(tmp_path), 10)
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "s"))
        with pytest.raises(Refused, match="is a socket"):
            read_regular(str(tmp_path / "s"), 10)
    with pytest.raises(FileNotFoundError):
        read_regular(str(tmp_path / "absent.json"), 10)


def test_size_limit(tmp_path: Path):
    path = tmp_path / "dashboard.json"
    path.write_bytes(b" " * (2 * MIB))
    with pytest.raises(Refused, match=r"2\.0 MiB, over the 1 MiB"):
        read_regular(str(path), MIB)
    assert len(read_regular(str(path), 2 * MIB)) == 2 * MIB


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        ("[" * 64 + "]" * 64, False),
        ("[" * 65 + "]" * 65, True),
        ("[" * 100_000, True),  # truncated: openers only
        ("[[]" * 100, True),
        (json.dumps({"a": "[" * 500, "b": ["]" * 500, "\\"], "c": '"[[['}), False),
        (json.dumps({"a": [{"b": [1, 2, {"c": "]]]]"}]}]}), False),
    ],
)
def test_nesting_limit(text: str, deep: bool):
    if deep:
        with pytest.raises(Refused, match="more than 64 levels deep"):
            check_depth(text.encode(), "d.json", 64)
    else:
        check_depth(text.encode(), "d.json", 64)


def test_nesting_hidden_by_brackets_in_strings_is_still_refused(tmp_path: Path):
    """Closers inside strings can hide depth from the bracket count; the decoder's limit holds."""
    path = tmp_path / "dashboard.json"
    path.write_text('["]",' * 100_000 + "1" + "]" * 100_000)
    loaded = load_dashboard(str(path))
    assert loaded.state == "refused"
    assert "levels deep" in loaded.problem


def test_limits_are_settings():
    settings, problems = parse_settings({"maxDashboardMiB": 1.5, "readTimeoutSeconds": 2})
    assert problems == []
    assert settings.read_limits.max_bytes == int(1.5 * MIB)
    assert settings.read_limits.timeout_s == 2.0
    _, problems = parse_settings({"maxDashboardMiB": 0, "readTimeoutSeconds": "soon"})
    assert [p.split(" must")[0] for p in problems] == [
        "llmBrief.maxDashboardMiB",
        "llmBrief.readTimeoutSeconds",
    ]


def test_work_past_its_time_limit_is_abandoned_without_holding_the_loop():
    release = threading.Event()

    async def scenario() -> None:
        with pytest.raises(asyncio.TimeoutError):
            await run_off_loop(release.wait, 0.05)
        assert await run_off_loop(lambda: 42, 5.0) == 42

    asyncio.run(scenario())  # returns although the first thread is still waiting
    stuck = [t for t in threading.enumerate() if t.name == "llm-brief" and t.is_alive()]
    assert stuck
    assert all(t.daemon for t in stuck)
    release.set()
