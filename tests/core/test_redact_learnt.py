"""Learn, then redact everywhere; the settings, hygiene and file modes that go with it (issue 13)."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path
from urllib.parse import quote

import pytest

from llm_brief.core.redaction.redactor import Redactor
from llm_brief.core.settings import ConfigError, from_environ, load, unknown_environ
from llm_brief.core.text import clean
from llm_brief.output.journal import Journal
from llm_brief.output.store import write_atomic

SECRET = "Zq8vLx2PmW9nR4tYc7Hb"


def test_a_value_seen_in_context_is_redacted_bare_later() -> None:
    redactor = Redactor(environ={})
    assert redactor.redact(f"db_password={SECRET}") == "db_password=[REDACTED:password]"
    assert SECRET not in redactor.redact(f"rejected {SECRET} at /srv/{SECRET}/x")


def test_the_encoded_forms_of_a_learnt_value_are_redacted() -> None:
    redactor = Redactor(environ={})
    redactor.redact(f"token={SECRET}!")
    for form in (quote(f"{SECRET}!", safe=""), base64.b64encode(f"{SECRET}!".encode()).decode()):
        assert form not in redactor.redact(f"seen {form} here"), form


def test_fragments_of_a_learnt_value_around_a_cut_are_redacted() -> None:
    redactor = Redactor(environ={})
    redactor.redact(f"api_key={SECRET}")
    shown = redactor.redact(f"assert '{SECRET[:9]}...{SECRET[-8:]}' == 'x'")
    assert SECRET[:9] not in shown, shown
    assert SECRET[-8:] not in shown, shown


def test_a_vendor_token_cut_by_a_shortened_repr_is_redacted() -> None:
    shown = Redactor(environ={}).redact("assert 'ghp_LWbuDVoS...pl2VJIJzJKOKx' == 'placeholder'")
    assert "LWbuDVoS" not in shown, shown
    assert "pl2VJIJz" not in shown, shown


def test_prose_with_an_ellipsis_is_left_alone() -> None:
    text = "git diff a1b2c3d...e4f5a6b and 'waiting for the server...done'"
    assert Redactor(environ={}).redact(text) == text


def test_values_after_secret_options_on_the_command_line_are_learnt() -> None:
    redactor = Redactor(environ={})
    redactor.learn_argv(["pytest", "--db-password", SECRET, "-q"])
    assert redactor.redact(f'["--db-password", "{SECRET}"]') == (
        '["--db-password", "[REDACTED:password]"]'
    )


def test_a_short_learnt_word_is_only_redacted_as_a_whole_token() -> None:
    redactor = Redactor(environ={})
    redactor.redact("password=postgres1")
    assert redactor.redact("using postgres1x driver") == "using postgres1x driver"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FERNET_KEY", "EVradq6anfoH761XmWtLIYAwfCZcll3zypaeq9hbefQ="),
        ("STRIPE_KEY", "oCoaf3CkmDztCIWpCnQGaZr1DgghjgPV"),
        ("DATABASE_URL", "postgresql://app:eHX.2on_ntaDP8gR@db.internal:5432/reports"),
    ],
)
def test_environment_secrets_by_name_or_by_shape(name: str, value: str) -> None:
    assert value not in Redactor(environ={name: value}).redact(f"connecting with {value} now")


def test_a_sort_key_variable_is_not_a_secret() -> None:
    text = "ordering by created_at_desc"
    assert Redactor(environ={"SORT_KEY": "created_at_desc"}).redact(text) == text


@pytest.mark.parametrize(
    "token",
    [
        "glrt-t1_lfiA5nYQnLqFWfDNJGhj",
        "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",
        "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",
        "hvs.vQem_kSN5QgvUMzw_cwFUatF",
        "dop_v1_be59280bf2f5afbb0348823a6b7c734bafad41f42667091a5a7ca3400c8f5369",
        "https://api.telegram.org/bot5191484816:AA6Q1W-d49Lwwk0CHbG5NqxKZqYwT0VA238/getMe",
        "postgresql://trader:EoPOYjdw#I-5lXA_I@db.internal:5432/trades",
    ],
)
def test_new_vendor_shapes(token: str) -> None:
    shown = Redactor(environ={}).redact(f"failed with {token}")
    assert "[REDACTED:" in shown, shown
    assert "5lXA_I" not in shown, shown
    assert "VA238" not in shown, shown


@pytest.mark.parametrize(
    "form", [json.dumps([r"ACME-\d{4,8}", "PIN-\\d{4}"]), "ACME-\\d{4,8}\nPIN-\\d{4}"]
)
def test_list_settings_from_the_environment_keep_their_commas(form: str) -> None:
    values = from_environ({"LLM_BRIEF_REDACT_PATTERNS": form})
    assert values["redact_patterns"] == (r"ACME-\d{4,8}", r"PIN-\d{4}")


def test_an_invalid_pattern_is_a_config_error_naming_key_and_source() -> None:
    with pytest.raises(ConfigError, match=r"pyproject.toml.*redact_patterns.*'\(unclosed'.*fix"):
        load({"redact_patterns": ["(unclosed"]}, "pyproject.toml", {}, {})


def test_an_unknown_environment_variable_is_only_reported() -> None:
    environ = {"LLM_BRIEF_E2E_CACHE": "1", "LLM_BRIEF_BUDGET": "900", "LLM_BRIEF__RUN": "x"}
    assert load({}, "pyproject.toml", environ, {}).budget == 900
    assert unknown_environ(environ) == ["LLM_BRIEF_E2E_CACHE"]


def test_clean_strips_c1_bidi_and_replaces_lone_surrogates() -> None:
    assert clean("a\x9b31m b\u202ec\u200b d \udcff\n\tend") == "a31m bc d \ufffd\n\tend"


def test_output_files_and_folders_are_private(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_atomic(out / "history" / "run.json", "{}")
    journal = Journal(out / "journal" / "run.jsonl", Redactor(environ={}))
    journal.append({"t": "start"})
    journal.close()
    for path in (out, out / "history", out / "journal"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    for path in (out / "history" / "run.json", out / "journal" / "run.jsonl"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_the_journal_is_redone_with_what_was_learnt_later(tmp_path: Path) -> None:
    redactor = Redactor(environ={})
    journal = Journal(tmp_path / "run.jsonl", redactor)
    journal.append({"t": "test", "message": f"rejected {SECRET}"})
    journal.append({"t": "test", "message": f"client_secret={SECRET}"})
    journal.redact_again()
    journal.append({"t": "test", "message": f"again {SECRET}"})
    journal.close()
    text = (tmp_path / "run.jsonl").read_text("utf-8")
    assert SECRET not in text, text
    assert text.count("\n") == 3, text
