"""The shapes of secrets, as data: one rule per kind (vendor prefixes, PEM keys, URLs with
credentials, headers, key=value pairs), most specific first.

Add a credential format here (a `_Rule` with its regex, kind and trigger substrings); the
engine in `redactor` needs no change.
"""

from __future__ import annotations

import re

from llm_brief.core.lazy_regex import LazyRegex
from llm_brief.core.redaction.keys import (
    _KEY_TERMS,
    _KEY_VALUE_TAIL,
    _SECRET_WORDS,
    _const,
    _kind_for_key,
    _kind_key_value,
    _locate_cli_value,
    _locate_key_value,
    _locate_user_option,
    _locate_word,
    _Rule,
)

_API_KEY_SHAPES = {
    **dict.fromkeys(
        ("sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"), r"[A-Za-z0-9]{10,}"
    ),
    "sk-": r"(?:proj-|ant-(?:[a-z]+\d\d-)?|svcacct-)?[\w-]{20,}",
    "glpat-": r"[\w-]{20,}",
    "npm_": r"[A-Za-z0-9]{36}",
    "hf_": r"[A-Za-z0-9]{30,}",
    "pypi-": r"[\w-]{50,}",
}
# Prefixed vendor tokens from public credential-format lists (gitleaks rules, GitHub secret
# scanning): prefix -> (body, kind). Each one literal-led rule, located as a whole word.
_VENDOR_SHAPES: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        ("glrt-", "gldt-", "glft-", "glcbt-", "gloas-"), (r"[\w-]{16,}", "gitlab-token")
    ),
    "glptt-": (r"[\w-]{20,}", "gitlab-token"),
    "GR1348941": (r"[\w-]{20,}", "gitlab-token"),
    "xapp-": (r"\d-[A-Za-z0-9-]{20,}", "slack-token"),
    "SG.": (r"[\w-]{16,}\.[\w-]{16,}", "sendgrid-key"),
    "GOCSPX-": (r"[\w-]{20,}", "google-secret"),
    "ya29.": (r"[\w-]{20,}", "google-token"),
    "1//0": (r"[\w-]{30,}", "google-token"),
    **dict.fromkeys(("hvs.", "hvb.", "hvr."), (r"[\w-]{20,}", "vault-token")),
    **dict.fromkeys(("dop_v1_", "doo_v1_", "dor_v1_"), (r"[a-f0-9]{64}", "digitalocean-token")),
    **dict.fromkeys(("shpat_", "shpss_", "shpca_", "shppa_"), (r"[a-fA-F0-9]{32}", "api-key")),
    "dapi": (r"[a-f0-9]{32}(?:-\d)?", "api-key"),
    "ATATT3": (r"[\w=-]{50,}", "api-key"),
    "lin_api_": (r"[A-Za-z0-9]{40}", "api-key"),
    "dp.": (r"(?:st|pt|ct|sa|scim|audit)\.[\w.-]{20,}", "api-key"),
    "pul-": (r"[a-f0-9]{40}", "api-key"),
    "PMAK-": (r"[a-f0-9]{24}-[a-f0-9]{34}", "api-key"),
    "glsa_": (r"[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}", "api-key"),
    "glc_": (r"[A-Za-z0-9+/]{32,}=*", "api-key"),
    "NRAK-": (r"[A-Z0-9]{27}", "api-key"),
    "AGE-SECRET-KEY-1": (r"[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", "private-key"),
    "key-": (r"[0-9a-f]{32}", "api-key"),  # Mailgun
    "xkeysib-": (r"[a-f0-9]{64}-[A-Za-z0-9]{16}", "api-key"),
    "dckr_pat_": (r"[\w-]{27,}", "api-key"),
    "ops_eyJ": (r"[A-Za-z0-9+/]{100,}=*", "api-key"),
    "sq0atp-": (r"[\w-]{22,}", "api-key"),
    "sq0csp-": (r"[\w-]{43,}", "api-key"),
}


def _locate_discord(m: re.Match[str], text: str) -> tuple[int, int] | None:
    """A whole word with a digit somewhere: a long dotted Python path is not a token."""
    start = m.start()
    if start and (text[start - 1].isalnum() or text[start - 1] in "_-."):
        return None
    return m.span() if any(c.isdigit() for c in m.group()) else None


_AUTH_SCHEMES = "bearer|basic|token|digest|negotiate|ntlm|apikey|aws4-hmac-sha256"
_SECRET_END = r"(?![A-Za-z0-9])"

# The most specific rule runs first, so it names the kind; a later rule never sees inside a marker.
_BUILTIN_RULES: tuple[_Rule, ...] = (
    _Rule(
        LazyRegex(
            r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----"
            # Base64, header lines and JSON's "\n" (escaped once or twice), but never across a quote.
            r"(?:(?:[\w+/=\s:,-]|\\+[nrt])*?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----"
            # A block cut before its END line, also as pytest's diff shows it ("  + <line>").
            # (in a longrepr, after its "E" column too)
            r"|(?:[ \t]*(?:\\+n|\r?\n)(?:E(?=[ \t]))?[ \t]*(?:[+-][ \t]+)?[A-Za-z0-9+/=]{16,})+"
            # and the start of the line the cut fell in, when the text ends there
            r"(?:[ \t]*(?:\\+n|\r?\n)(?:E(?=[ \t]))?[ \t]*[A-Za-z0-9+/=]{1,15}(?=\Z|…|\.\.\.))?)",
            re.S,
        ),
        _const("private-key"),
        ("private key",),
    ),
    _Rule(
        LazyRegex(
            r"://[^\s:/@?#\"'<>\\]*:(?P<secret>[^\s/?\"'<>@\\]+(?:@[^\s/?#\"'<>@\\]+)*)"
            r"(?=@[^\s@/?#\"'<>\\]+)"
        ),
        _const("url-password"),
        ("://",),
    ),
    _Rule(
        LazyRegex(
            rf"authorization(?<![a-z]authorization)\\*[\"']?[ \t]*[:=][ \t]*\\*[\"']?"
            rf"(?:(?P<scheme>{_AUTH_SCHEMES})[ \t]+)?"
            # A bare scheme word is what is left once the credential after it became a marker.
            rf"(?P<secret>(?!(?:{_AUTH_SCHEMES})(?:\s|$))(?![frbu]{{1,2}}\\*[\"'])"
            r"[^\s\"'\\,]+(?:[ \t]*,[ \t]*[^\s\"'\\,]+)*)"
        ),
        lambda m, _t: "basic-auth" if (m.group("scheme") or "").lower() == "basic" else "bearer",
        ("authorization",),
        lowered=True,
    ),
    _Rule(
        # Cut by a shortened repr ("eyJ...eyJ<payload>...<tail>"), the head ends before the cut.
        LazyRegex(
            r"eyJ(?<![\w-]eyJ)[\w-]{5,}\.eyJ[\w-]{5,}(?:\.(?!\.\.)[\w-]*|(?=\.\.\.|…))", re.A
        ),
        _const("jwt"),
        ("eyj",),
    ),
    _Rule(
        LazyRegex(
            r"A(?<!\wA)(?:KIA|SIA|GPA|IDA|ROA|IPA|NPA|NVA|3T[A-Z0-9])[A-Z0-9]{16}" + _SECRET_END
        ),
        _const("aws-key"),
        ("akia", "asia", "agpa", "aida", "aroa", "aipa", "anpa", "anva", "a3t"),
    ),
    _Rule(
        LazyRegex(r"g(?<!\wg)(?:h[pousr]_[A-Za-z0-9]{20,}|ithub_pat_\w{20,})", re.A),
        _const("github-token"),
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    ),
    _Rule(LazyRegex(r"xox(?<!\wxox)[abprse]-[A-Za-z0-9-]{10,}"), _const("slack-token"), ("xox",)),
    _Rule(
        LazyRegex(r"hooks\.slack\.com/services/(?P<secret>[A-Za-z0-9/_-]{10,})"),
        _const("slack-webhook"),
        ("hooks.slack.com",),
    ),
    _Rule(LazyRegex(r"AIza(?<!\wAIza)[\w-]{35}", re.A), _const("google-key"), ("aiza",)),
    *(
        _Rule(LazyRegex(re.escape(prefix) + body, re.A), _const("api-key"), (prefix,), _locate_word)
        for prefix, body in _API_KEY_SHAPES.items()
    ),
    *(
        _Rule(
            LazyRegex(re.escape(prefix) + body + _SECRET_END, re.A),
            _const(kind),
            (prefix.lower(),),
            _locate_word,
        )
        for prefix, (body, kind) in _VENDOR_SHAPES.items()
    ),
    _Rule(
        # Alone, or in a bot URL path (api.telegram.org/bot<id>:<token>/sendMessage).
        LazyRegex(r"(?:(?<=/bot)|(?<![\w-]))\d{8,10}:AA[\w-]{33}" + _SECRET_END, re.A),
        _const("telegram-token"),
        (":aa",),
    ),
    _Rule(
        LazyRegex(r"discord(?:app)?\.com/api/webhooks/(?P<secret>\d+/[\w-]{20,})"),
        _const("discord-webhook"),
        ("/api/webhooks/",),
    ),
    _Rule(
        # Discord bot token: the base64 user id, a 6-character timestamp, an HMAC (gitleaks'
        # discord-client-secret family, trufflehog's discordbottoken). Each regex starts with
        # its first character, not a lookaround, so the engine's fast scan for it applies.
        LazyRegex(r"[MNO][A-Za-z\d_-]{23,27}\.[\w-]{6}\.[\w-]{27,40}(?![\w.-])", re.A),
        _const("discord-token"),
        (".",),
        _locate_discord,
    ),
    _Rule(
        # Twilio API key SID (gitleaks twilio-api-key): "SK" and 32 hex digits.
        LazyRegex(r"SK[0-9a-fA-F]{32}(?![\w-])", re.A),
        _const("api-key"),
        ("sk",),
        _locate_word,
    ),
    _Rule(
        # Mailgun private API key, newer form (gitleaks mailgun-signing-key): hex 32-8-8. A UUID
        # (8-4-4-4-12) or a traceparent (00-<32>-<16>-01) never has this shape.
        # Found from its first "-", the 32 hex digits before it checked behind.
        LazyRegex(r"-(?<=(?<![\w-])[a-f0-9]{32}-)[a-f0-9]{8}-[a-f0-9]{8}(?![\w-])", re.A),
        _const("api-key"),
        ("-",),
        lambda m, _text: (m.start() - 32, m.end()),
    ),
    _Rule(
        # A DSN whose user is the key (Sentry: https://<32 hex>@o1.ingest.sentry.io/2).
        LazyRegex(r"://(?P<secret>[a-f0-9]{32})(?::[a-f0-9]{32})?@"),
        _const("url-password"),
        ("://",),
    ),
    _Rule(
        LazyRegex(r"private_key_id\\*[\"']?\s*:\s*\\*[\"'](?P<secret>[a-f0-9]{32,})"),
        _const("private-key"),
        ("private_key_id",),
    ),
    _Rule(
        # "signing key <entropy>", "MASTER_KEY <entropy>": a secret-looking name, a space, and a
        # value no word has (letters and digits, 20 or more).
        LazyRegex(
            r"(?<![a-z])(?:(?:signing|master|secret|private|api|access|encryption|client|app|hmac)"
            r"[ _.-]?key|secret|token|password|passphrase|credentials?)[ \t]+"
            r"(?P<secret>(?=[a-z0-9+/=_-]*\d)(?=[a-z0-9+/=_-]*[a-z])[a-z0-9+/=_-]{20,})"
            r"(?![a-z0-9+/=_-])"
        ),
        _const("secret"),
        ("key", "secret", "token", "pass", "cred"),
        lowered=True,
    ),
    _Rule(
        LazyRegex(
            r"(?:aws|amazon)[\w .:=\"'-]{0,40}?secret[\w .:=\"'-]{0,40}?"
            r"(?<![a-z0-9/+])(?P<secret>[a-z0-9/+]{40})(?![a-z0-9/+=])"
        ),
        _const("aws-secret"),
        ("secret",),
        lowered=True,
    ),
    _Rule(
        LazyRegex(r"bearer[ \t]+(?P<secret>(?=[\w.~+/-]*\d)(?=[\w.~+/-]*[a-z])[\w.~+/-]{8,}=*)"),
        _const("bearer"),
        ("bearer",),
        lowered=True,
    ),
    _Rule(
        LazyRegex(
            rf"(?x)[?&;](?P<key>[\w.-]*?(?:{_SECRET_WORDS}|sig|signature|credential))"
            r"=(?P<secret>[^&#;\s\"'<>\\]+)"
        ),
        _const("query-token"),
        ("pass", "pwd", "secret", "token", "cred", "auth", "key", "sess", "sid", "sig"),
        lowered=True,
    ),
    _Rule(
        LazyRegex(rf"(?x)<(?P<tag>[\w:.-]*?{_SECRET_WORDS})\x20*>(?P<secret>[^<\n]+)</(?P=tag)>"),
        lambda m, _t: _kind_for_key(m.group("tag")),
        ("</",),
        lowered=True,
    ),
    _Rule(
        LazyRegex(r"-(?:-user|u)[ \t]+[\"']?(?P<user>[^\s:\"'@/]+):(?P<secret>[^\s\"']+)"),
        _const("password"),
        ("-u",),
        _locate_user_option,
        lowered=True,
    ),
    _Rule(
        LazyRegex(
            r"--[\w-]*?(?P<key>password|passwd|passphrase|token|secret|api-?key)"
            r"(?P<sep>[ \t]+|\\*[\"'],[ \t]*\\*[\"'])(?P<secret>[^\s\"',\\-][^\s\"',\\]*)"
        ),
        lambda m, _t: _kind_for_key(m.group("key")),
        ("--",),
        _locate_cli_value,
        lowered=True,
    ),
    *(
        _Rule(
            LazyRegex(f"(?P<term>{term})" + _KEY_VALUE_TAIL, re.X),
            _kind_key_value,
            (trigger,),
            _locate_key_value,
            lowered=True,
        )
        for trigger, term in _KEY_TERMS.items()
    ),
)

# The literal starts of token shapes: a value cut after one of these (`ghp_LWbu...`) is a secret.
TOKEN_PREFIXES: tuple[str, ...] = (
    *_API_KEY_SHAPES,
    *(p for p in _VENDOR_SHAPES if len(p) >= 4),
    *("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "AKIA", "ASIA", "AIza", "eyJ"),
    *("xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"),
)
