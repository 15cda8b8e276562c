"""Redaction of secrets cut in the middle, of the shapes with no context, and of learnt values
handed from the process's evidence redactor to the run's (issue 13's red-team findings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from llm_brief.core.redaction.learnt import LearntSecrets
from llm_brief.core.redaction.redactor import Redactor, default_redactor
from llm_brief.core.settings import Settings
from llm_brief.output.finish import Outputs

JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0cmFkZXItMTA0MiIsImlhdCI6MTc2NTE1ODAyNSwiZXhw"
    "IjoxNzY1MzU5NzYyLCJzY29wZSI6Im9yZGVyczp3cml0ZSJ9.atPlEwauQoLe_YCvVsYirNOMh7hg1WLcvRRB8GpvK-2"
)
PEM_TAIL = (
    "ksb9C5jLfnVVpr2W9quXOJ4w+M4UAizZSS5Nnjo9XIzYWr\\nTDNRsRfpBYs+VTi0sX7ZsQ==\\n"
    "-----END PRIVATE KEY-----\\n"
)
WINDOW = 12


def _windows(secret: str) -> set[str]:
    return {secret[i : i + WINDOW] for i in range(len(secret) - WINDOW + 1)}


def _leaks(secret: str, text: str) -> list[str]:
    return sorted(w for w in _windows(secret) if w in text)


def _redactor() -> Redactor:
    return Redactor(environ={})


@pytest.mark.parametrize("head", [20, 60, 120])
def test_a_jwt_cut_by_a_shortened_repr_leaves_no_half(head: int) -> None:
    # pytest's saferepr of a local: "eyJ<head>...<tail>", the cut anywhere in the token.
    text = f"case = {{'id': 's080', 'value': '{JWT[:head]}...{JWT[-60:]}'}}"
    redacted = _redactor().redact(text)
    assert _leaks(JWT, redacted) == [], redacted
    assert redacted.startswith("case = {'id': 's080', 'value': '[REDACTED:")


def test_the_run_after_a_marker_and_a_cut_is_the_same_secrets_other_half() -> None:
    text = f"'value': '-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC...{PEM_TAIL}'"
    redacted = _redactor().redact(text)
    assert "ksb9C5jLfnVV" not in redacted, redacted
    assert "TDNRsRfpBYs" not in redacted, redacted
    assert "END PRIVATE KEY" not in redacted


def test_the_run_before_a_cut_and_a_marker_is_redacted_too() -> None:
    redactor = _redactor()
    tail = "Q83c5w+xuobERdeY82Mqs2hKk4X0QT7r5v8XsDNW8YvVLbh"
    redactor.learnt.add(tail, "private-key")
    redacted = redactor.redact(f"'Xa81bK/ZFQ83c5w9Qp...{tail}'")
    assert "Xa81bK" not in redacted, redacted
    assert tail not in redacted, redacted


@pytest.mark.parametrize(
    "text",
    [
        "[REDACTED:password]...and more",
        "Compare: https://github.com/acme/tradebot/compare/ccc3fc1626e5...3a13043b026c",
        "waiting...[REDACTED:token] refused",
    ],
)
def test_words_beside_a_marker_and_a_cut_stay(text: str) -> None:
    assert _redactor().redact(text) == text


@pytest.mark.parametrize(
    ("secret", "kind"),
    [
        (
            "MTVzuWfKJZfTVHDojdonqwbD2h.mJ9exX.rzlKhh-9Fy6-LZNM7TssCCzonCjZMMhxOv-BuG",
            "discord-token",
        ),
        ("SK0087853e928542aa18fc31c26ef35446", "api-key"),
        ("2d7c1b3a46403741aeb6dd95a8c48975-ba23dc82-6692ed79", "api-key"),
    ],
)
def test_shapes_known_without_context(secret: str, kind: str) -> None:
    for text in (secret, f"rejected {secret}", f"'{secret}'", f"/tmp/{secret}/x"):
        redacted = _redactor().redact(text)
        assert secret not in redacted, redacted
        assert f"[REDACTED:{kind}]" in redacted, redacted


@pytest.mark.parametrize(
    "text",
    [
        "traceparent: 00-7f6a6f0fb23c6f5da2cec255404e4fb4-40034d6608697a8d-01",
        "request id 3f2c9a1e-7b4d-4e8f-9a2b-1c3d5e7f9a0b",
        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "commit 0087853e928542aa18fc31c26ef35446deadbeef",
        "SKIPPED tests.test_orders.TestOrderBookRebalancing.test_rebalance_waits_for_fills",
        "llm_brief.pytest_plugin.recorder.RecorderPluginWithLongName.pytest_runtest_logreport_x",
        "ask 2d7c1b3a46403741aeb6dd95a8c48975 and ba23dc82",
    ],
)
def test_look_alikes_of_the_new_shapes_stay(text: str) -> None:
    assert _redactor().redact(text) == text


def test_an_ampersand_inside_a_key_value_secret_is_part_of_it() -> None:
    value = "LhMf@PA&T9MSWGPht738PHOVCdjuyj%VOdaqveJYMpzoeirTAQ"
    for text in (f"Cookie: session={value}; theme=dark", f"--api-token={value}"):
        redacted = _redactor().redact(text)
        assert _leaks(value, redacted) == [], redacted
    # A query string's next key still ends the value.
    assert _redactor().redact("?password=hunter2hunter2&user=bob").endswith("&user=bob")


def test_a_follower_learns_what_the_followed_set_knows_and_learns() -> None:
    capture, run = LearntSecrets(lambda _v: False), LearntSecrets(lambda _v: False)
    capture.add("wQQkiJx!iRtkrrwk", "url-password")
    run.follow(capture)
    capture.add("xFwD7G6uyoUFdzZ8TjWqMszn", "slack-webhook")
    assert run.redact("a wQQkiJx!iRtkrrwk b") == "a [REDACTED:url-password] b"
    assert run.redact("rejected xFwD7G6uyoUFdzZ8TjWqMszn") == "rejected [REDACTED:slack-webhook]"


def test_learnt_pairs_since_a_count_are_what_a_process_hands_on() -> None:
    learnt = LearntSecrets(lambda _v: False)
    learnt.add("wQQkiJx!iRtkrrwk", "url-password")
    first = learnt.since(0)
    learnt.add("xFwD7G6uyoUFdzZ8TjWqMszn", "slack-webhook")
    assert first == [("wQQkiJx!iRtkrrwk", "url-password")]
    assert learnt.since(len(first)) == [("xFwD7G6uyoUFdzZ8TjWqMszn", "slack-webhook")]


def test_the_run_redactor_follows_the_evidence_redactor() -> None:
    # capture/evidence.py redacts long reprs with `default_redactor()` before cutting them; the
    # cut text no longer shows the context, so the run's redactor must learn from that one.
    outputs = Outputs.of(Settings(), Path("."))
    default_redactor().redact("postgresql://trader:Zk81mQpL2xVn7RtY@db.internal:5432/trades")
    assert outputs.redactor.redact("assert 'Zk81mQpL2xVn7RtY' == 'x'") == (
        "assert '[REDACTED:url-password]' == 'x'"
    )


PEM = (
    "-----BEGIN PRIVATE KEY-----\n"
    "p3/OVUBxGp/Nu312W32TkwFw321pQGFBEna/5ShZOOvigyN5czcaQNr64ki6aTqo\n"
    "4YhKEIP//Q6X90NhtL916spMiURLKeTFJM+g/SQTeDKDReQhzfe4Yne0EDyImtGk\n"
    "Xe/HAlu84DL61xmgglV86d1xW5OO1jHr/tVXB6iWNM5pS1kTa7U+vw9sFoMpfV9o\n"
    "-----END PRIVATE KEY-----\n"
)


def test_the_lines_of_a_learnt_key_block_are_redacted_alone() -> None:
    # An app's stderr shows a logged PEM block line by line, each line an output line of its own.
    redactor = _redactor()
    redactor.redact(f"upstream rejected {PEM}")
    for line in PEM.splitlines()[1:-1]:
        assert redactor.redact(f"INFO {line}") == "INFO [REDACTED:private-key]"
    assert redactor.redact("-----BEGIN PRIVATE KEY----- is a header") == (
        "-----BEGIN PRIVATE KEY----- is a header"
    )


def test_a_text_cut_inside_a_learnt_value_loses_both_halves() -> None:
    redactor = _redactor()
    path = repr("/nonexistent-dir/" + PEM)
    redactor.redact(f"FileNotFoundError: {path}")
    traceback = (
        f"E   FileNotFoundError: No such file or directory: {path}\n\ntest_leak.py:25: Error"
    )
    tail = traceback[-150:]  # what a record keeps of a long traceback: its end
    assert "BEGIN" not in tail  # cut inside the block
    assert "SQTeDKDReQhz" in tail
    redacted = redactor.redact(tail)
    assert redacted.startswith("[REDACTED:truncated]"), redacted
    assert "SQTeDKDReQhz" not in redacted
    assert redacted.endswith("test_leak.py:25: Error")
    # And the start of a value at a text's end: a path cut by the app (`value[:3000]`).
    value = "Zq8Lm2Vx9Pt4Rn7Ks3Wd6Yf1Hc5Jb0Ga"
    redactor.learnt.add(value, "password")
    long_text = "FileNotFoundError: No such file or directory: '/nonexistent-dir/" + value[:20]
    assert redactor.redact(long_text) == long_text[:-20] + "[REDACTED:truncated]"


def test_a_url_encoded_cookie_value_is_learnt_decoded() -> None:
    redactor = _redactor()
    redactor.redact("Set-Cookie: connect.sid=s%3Afss6mke-IeNlYhBa4_gYMVYnG900RPfFXxfTX8RU; Path=/")
    assert redactor.redact("rejected fss6mke-IeNlYhBa4_gYMVYnG900RPfFXxfTX8RU") == (
        "rejected [REDACTED:session]"
    )


def test_a_learnt_value_reshaped_at_its_end_loses_its_known_part() -> None:
    # A launcher's log template masks digits: "...Ql1v+0" becomes "...Ql1v+<NUM>".
    redactor = _redactor()
    redactor.redact(f"upstream rejected {PEM}")
    line = PEM.splitlines()[1]
    template = line[:-4] + "<NUM>"
    assert redactor.redact(template) == "[REDACTED:truncated]<NUM>"


def test_a_key_block_in_pytests_assertion_diff_is_redacted() -> None:
    # pytest's diff prefixes each line ("  + <line>") and cuts the block after a few lines.
    diff = "  - placeholder-credential\n" + "\n".join(
        f"  + {line}" for line in PEM.splitlines()[:3]
    )
    redacted = _redactor().redact(diff + "...\n  \n  ...Full output truncated")
    assert _leaks(PEM.splitlines()[1], redacted) == [], redacted
    assert _leaks(PEM.splitlines()[2], redacted) == [], redacted
    assert redacted.startswith("  - placeholder-credential\n  + [REDACTED:private-key]")


def test_the_indented_lines_after_a_cut_key_block_are_its_other_half() -> None:
    # pytest's message for `assert token == expected, (token, expected)`: the repr cut, then its
    # last lines indented.
    lines = PEM.splitlines()
    message = (
        f"('{lines[0]}\n  {lines[1]}\n  {lines[2][:20]}...{lines[3][30:]}\n  {lines[4]}\n  ', 'x')"
    )
    redacted = _redactor().redact(message)
    assert _leaks(lines[3][30:], redacted) == [], redacted
    assert "END PRIVATE KEY" not in redacted


@pytest.mark.parametrize("end", ["", "…"])
def test_a_key_block_cut_a_few_characters_into_a_line_is_redacted(end: str) -> None:
    # A warning's message cut after 13 characters of the block's next line.
    text = 'credential in use: {"private_key": "' + PEM.replace("\n", "\\n")
    cut = text[: text.index("Xe/HAlu84DL61xm") + 13] + end
    redacted = _redactor().redact(cut)
    assert "Xe/HAlu84DL61" not in redacted, redacted


def test_a_key_block_in_a_longrepr_after_its_e_column_is_redacted() -> None:
    lines = PEM.splitlines()
    longrepr = "E       AssertionError: ('" + "\nE         ".join(lines[:2]) + "'"
    longrepr += "\nE         - placeholder\nE         + " + "\nE         + ".join(lines[:4])
    redacted = _redactor().redact(longrepr + "...\nE         \n")
    for line in lines[1:4]:
        assert _leaks(line, redacted) == [], redacted


def test_a_key_block_cut_by_pytest_in_a_short_piece_of_a_line_loses_both_halves() -> None:
    lines = PEM.splitlines()
    longrepr = f"E       AssertionError: ('{lines[0]}\nE         {lines[1]}"
    longrepr += f"\nE         {lines[2][:13]}...{lines[2][40:]}"
    longrepr += f"\nE         {lines[3]}\nE         {lines[4]}\nE         ', 'x')"
    redacted = _redactor().redact(longrepr)
    for line in (lines[1], lines[2][40:], lines[3]):
        assert _leaks(line, redacted) == [], redacted
