"""The harness can fail: its scanner finds whole and partial leaks, and with redaction off it
finds the corpus's secrets (so a case that passes means redacted, not unseen)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from secretchannels import CHANNELS_BY_NAME
from secretkit import Haystack, load_secrets, scan
from secretruns import run_channel


def test_scanner_reports_whole_and_partial_leaks() -> None:
    """A whole secret and a 12-character window are both found, each in its artifact."""
    secret = "ghp_LWbuDVoSx0pl2VJIJzJKOKxA7qR3mN5tY8wE"
    haystack = Haystack()
    haystack.add("dashboard.json", f'{{"title": "rejected {secret}"}}')
    haystack.add("terminal", f"assert '{secret[:12]}...{secret[-13:]}' == 'x'")
    haystack.add("briefing.md", "rejected [REDACTED:github-token]")
    leak = scan(haystack, {"s": (secret,)})["s"]
    assert leak.full == ("dashboard.json",)
    assert leak.partial == ("terminal",)


def test_scanner_reads_json_escapes_and_strips_colour() -> None:
    """A secret hidden by JSON escaping or split by ANSI colour codes is still found."""
    secret = 'pa"ss\\word-Zx81Qm'
    haystack = Haystack()
    haystack.add("terminal", "token \x1b[31mZx81Qm\x1b[0m")
    leak = scan(haystack, {"s": (secret,)})["s"]
    assert not leak, "a 6-character tail is not a leak"
    folder_haystack = Haystack()
    folder_haystack.add("journal", json.dumps({"message": secret}))
    folder_haystack.texts["journal"] += "\n" + secret  # what add_folder appends for JSON
    assert scan(folder_haystack, {"s": (secret,)})["s"].full == ("journal",)


@pytest.mark.parametrize("mode", ["pytest", "run"])
def test_with_redaction_off_every_secret_is_found(mode: str, tmp_path: Path) -> None:
    """`LLM_BRIEF_REDACT=false`: the exception channel leaks every secret of the corpus."""
    result = run_channel(
        mode, CHANNELS_BY_NAME["exception"], tmp_path, {"LLM_BRIEF_REDACT": "false"}
    )
    run = json.loads(result.pop("__run__"))
    assert "dashboard.json" in run["written"], run["stderr"]
    missed = [case_id for case_id, where in result.items() if not where.startswith("full")]
    assert len(result) == len(load_secrets())
    # The launcher keeps no record of one of the 153 thread exceptions (s052, the second
    # service-account JSON, is nowhere in its outputs even unredacted); pytest records all.
    allowed = set() if mode == "pytest" else {"s052"}
    assert set(missed) <= allowed, f"not found although written unredacted: {missed}"
