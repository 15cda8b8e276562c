"""What a secret looks like from its context: secret key names, placeholders, and how a match
is located in the text (the logic the shapes in `shapes` and the `Redactor` share). Pure."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from llm_brief.core.lazy_regex import LazyRegex

MARKER_PREFIX = "[REDACTED:"
_MARKER_SPLIT = LazyRegex(r"(\[REDACTED:[^\]\s]*\])")
# A pass only turns non-marker text into markers, so repeating it converges. Real text needs two
# passes (the second finds nothing); only secrets glued together without a separator need more,
# since a marker is a word boundary that the raw text did not have. The cap bounds the worst case.
_MAX_PASSES = 64

Span = tuple[int, int]
Locate = Callable[[re.Match[str], str], Span | None]
Kind = Callable[[re.Match[str], str], str]


def marker(kind: str) -> str:
    """The text that stands in for a redacted secret of `kind`."""
    return f"{MARKER_PREFIX}{kind}]"


# A key is secret when it ends with one of these ("db_password", "apiKey", "X-Auth-Token");
# "max_tokens", "tokenizer", "oauth", "author", "bypass" and "primary_key" are not.
_SECRET_WORDS = r"""(?:
    passw(?:or)?d | passphrase | (?<![a-z])pass | pwd | secrets? | token | credentials? | creds
  | (?<![a-z])auth | session[_.-]?id | sessid | connect\.sid
  | (?:api|access|secret|private|signing|encryption|master|client|session|app|license|account)
    [_.-]?key
)"""
_SECRET_KEY = re.compile(rf"(?x)[\w.\-\x20]*?(?:{_SECRET_WORDS}|authorization|cookie)")
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_TRIVIAL = frozenset(
    {
        *("none", "null", "nil", "true", "false", "yes", "no", "on", "off", "ok", "undefined"),
        *("empty", "unset", "missing", "invalid", "required", "optional", "redacted", "hidden"),
        "masked",
    }
)
# Small numbers, placeholders, masks, shell/format references and paths: not secrets themselves.
_PLACEHOLDER = LazyRegex(
    r"""\d{1,3}|\?|%s|%\(\w+\)s|:\w+|\$\w+|\$\{[^}]*\}?|\{\{?[^}]*\}?\}|<[^>]*>|(.)\1{2,}|\.\.\.|…
    |(?:/|~/|\./|\.\./|[A-Za-z]:[\\/])[\w./\\-]*
    |(?i:(?:your|my)[_-][\w-]*|[\w-]+[_-]here|changeme|example[\w-]*)""",
    re.X,
)
_STRING_PREFIXES = frozenset({"f", "r", "b", "u", "rb", "br", "fr", "rf"})
_IDENTIFIER = LazyRegex(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def is_secret_key(name: str) -> bool:
    """Whether a field called `name` holds a secret (`password`, `apiKey`, `X-Auth-Token`)."""
    return _SECRET_KEY.fullmatch(name.lower()) is not None


def _kind_for_key(key: str) -> str:
    k = key.lower()
    if "pass" in k or "pwd" in k:
        return "password"
    if "token" in k:
        return "token"
    if "sess" in k or "sid" in k or "cookie" in k:
        return "session"
    if k.endswith("key") and not re.search(r"(?:secret|private)[_.-]?key$", k):
        return "api-key"
    return "secret"


def _is_placeholder(value: str) -> bool:
    return not value or value.lower() in _TRIVIAL or _PLACEHOLDER.fullmatch(value) is not None


def _is_code_reference(value: str, key: str) -> bool:
    """`password=password`, `self.token = token`, `api_key=settings.API_KEY`, `token=get()`:
    source lines in tracebacks, not secrets."""
    ident = _IDENTIFIER.match(value)
    if ident is None:
        return False
    if ident.end() < len(value):
        return value[ident.end()] in "(["
    key_last = _squash(key.rsplit(".", 1)[-1])
    value_last = _squash(value.rsplit(".", 1)[-1])
    # Only in this direction: "password=mypassword1" is a password, not a reference.
    return key_last.endswith(value_last) or ("." in value and key_last in value_last)


def _squash(word: str) -> str:
    return word.lower().replace("_", "").replace("-", "")


def _looks_like_credential(value: str) -> bool:
    """For `key: value` prose ("token: expired", "auth: AuthType") only credential shapes count."""
    value = value.rstrip(".:!?")
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    has_symbol = any(not c.isalnum() and c not in "_." for c in value)
    return (has_digit and has_alpha) or (has_symbol and len(value) >= 6)


def _key_ending_at(text: str, end: int) -> str:
    start = end
    while start > 0 and end - start < 80 and text[start - 1] in _KEY_CHARS:
        start -= 1
    return text[start:end]


# The last word of a secret key, by its literal start: one rule each, since a regex that starts
# with a literal is found by a fast scan, and one that starts with an alternation is not.
_KEY_TERMS = {
    "pass": r"pass(?:w(?:or)?d|phrase)?",
    "pwd": "pwd",
    "secret": "secrets?",
    "token": "token",
    "cred": "cred(?:entials?|s)",
    "auth": "auth",
    "key": "key",
    "sess": r"sess(?:ion(?:[_.-]?id)?|id)",
    ".sid": r"\.sid",
}
# Runs on lowercased text, after one of the terms above.
_KEY_VALUE_TAIL = r"""
    (?P<kq>\\*["'])?
    [\x20\t]*(?P<sep>=>|:=|=(?!=)|:(?![:/]))[\x20\t]*
    (?P<value>
        # Quoted, also inside JSON strings once or twice over (\"value\", \\\"value\\\").
        (?P<q>\\*["'])(?:\\.|[^\\\n])*?(?P=q)
      | \(\x20*(?:"[^"\n]*"|'[^'\n]*'),\x20*(?P<pair>"[^"\n]*"|'[^'\n]*')\x20*\)
      # An '&' ends the value only where a query string's next key follows ("a=1&b=2"):
      # a password holds one as often as any other sign ("LhMf@PA&T9MS").
      | [^\s"'`,;&|()\[\]{}<>\\](?:[^\s"'`,;&|)\]}>\\]|&(?![\w.\[\]-]*=))*
    )"""


def _locate_key_value(m: re.Match[str], text: str) -> Span | None:
    key = _key_ending_at(text, m.end("term"))
    # A bare "session=abc123" is a session cookie; "session=self" and "Session = 0" are not.
    if key.lower() == "session":
        tight = m.group(0).startswith("session=") and not m.group("q")
        if not (tight and _looks_like_credential(m.group("value"))):
            return None
    elif not is_secret_key(key):
        return None
    if m.group("pair"):  # auth=("user", "password"): the second item is the secret
        start, end = m.span("pair")
        return (start + 1, end - 1) if end - start > 2 else None
    start, end = m.span("value")
    value = text[start:end]
    quote = len(m.group("q") or "")
    if quote:
        start, end = start + quote, end - quote
        return None if _is_placeholder(text[start:end]) else (start, end)
    if _is_placeholder(value) or _is_code_reference(value, key.lower()):
        return None
    if text[end : end + 1] in ("'", '"') and value.lower() in _STRING_PREFIXES:
        return None  # token = f"run-{uuid4()}": source code, and not the secret's start
    # An unquoted "key: value" needs the space and a credential's shape: "logger:file.py:30"
    # (pytest's log format) is not a pair, and "token: expired" is prose.
    prose = m.start("value") == m.end("sep") or not _looks_like_credential(value)
    return None if m.group("sep") == ":" and not m.group("kq") and prose else (start, end)


def _kind_key_value(m: re.Match[str], text: str) -> str:
    return _kind_for_key(_key_ending_at(text, m.end("term")))


def _locate_secret(m: re.Match[str], text: str) -> Span | None:
    if "secret" not in m.re.groupindex:
        return m.span()
    return None if _is_placeholder(text[m.start("secret") : m.end("secret")]) else m.span("secret")


def _locate_custom(m: re.Match[str], text: str) -> Span | None:
    """The user's `secret` group when it took part in the match, else the whole match."""
    if "secret" in m.re.groupindex and m.start("secret") >= 0:
        return m.span("secret")
    return m.span()


def _locate_cli_value(m: re.Match[str], text: str) -> Span | None:
    """`'--password', 'x'` in an argument list always; `--password x` only if x looks like one,
    since "the --password option" is prose."""
    start, end = m.span("secret")
    value = text[start:end]
    if _is_placeholder(value) or (m.group("sep").isspace() and not _looks_like_credential(value)):
        return None
    return start, end


def _locate_user_option(m: re.Match[str], text: str) -> Span | None:
    """`curl -u user:password`, but not `docker run -u 1000:1000` (a uid and gid)."""
    start = m.start()
    if start and not (text[start - 1].isspace() or text[start - 1] in "'\"[,"):
        return None
    return None if m.group("user").isdigit() else _locate_secret(m, text)


def _locate_word(m: re.Match[str], text: str) -> Span | None:
    """The whole match, unless it starts inside a longer word (checked here to keep scans fast)."""
    start = m.start()
    return None if start and (text[start - 1].isalnum() or text[start - 1] in "_-") else m.span()


@dataclass(frozen=True, eq=False)  # compared by identity: fewer generated methods at import
class _Rule:
    """One kind of secret: where it is, what to call it, and substrings every match contains."""

    pattern: LazyRegex  # compiled on first use: most texts never get past the triggers
    kind: Kind
    triggers: tuple[str, ...] = ()
    locate: Locate = _locate_secret
    lowered: bool = False  # the pattern is written for lowercased text, hence case-insensitive


def _const(kind: str) -> Kind:
    return lambda _m, _text: kind


# Vendor key prefixes (Stripe, OpenAI/Anthropic, GitLab, npm, Hugging Face, PyPI) and what follows.
# One rule each: a scan for a literal is many times faster than for an alternation.
_ENV_SECRET_SUFFIX = re.compile(
    r"(?:PASSWORD|PASSWD|PASSPHRASE|SECRETS?|TOKEN|CREDENTIALS?|CREDS"
    r"|(?:API|ACCESS|SECRET|PRIVATE|SIGNING|ENCRYPTION|MASTER)KEY)$"
)
_ENV_SECRET_LAST = frozenset({"PASS", "PWD", "AUTH", "SESSIONID", "COOKIE"})
_ENV_KEY_NOT_SECRET = frozenset(
    {"SORT", "PRIMARY", "FOREIGN", "PARTITION", "ROUTING", "CACHE", "LOOKUP", "INDEX", "HOT"}
    | {"PUBLIC", "PUBLISHABLE", "SHORTCUT", "GROUP", "DEDUP", "IDEMPOTENCY", "SHARD", "PUB"}
)
# A URL with a password in any variable (DATABASE_URL): the whole value is the secret.
_CREDENTIAL_URL = re.compile(r"^[a-z][\w+.-]*://[^\s:/@]*:[^\s@/]+@\S+$", re.I)


def is_credential_url(value: str) -> bool:
    """Whether `value` is a URL that carries a password (`postgres://app:pw@db/x`)."""
    return _CREDENTIAL_URL.match(value.strip()) is not None


def is_secret_env_name(name: str) -> bool:
    """Whether an environment variable called `name` holds a secret (`DB_PASSWORD`, `GH_TOKEN`)."""
    parts = [p for p in re.split(r"[_.\-]+", name.upper()) if p]
    if not parts or name.upper() in ("PWD", "OLDPWD"):
        return False
    last = parts[-1]
    if _ENV_SECRET_SUFFIX.search(last) or last in _ENV_SECRET_LAST:
        return True
    # Any NAME_KEY is a key (FERNET_KEY, STRIPE_KEY, HMAC_KEY), except the few kinds of key
    # that index or sort things rather than unlock them.
    return last == "KEY" and len(parts) > 1 and parts[-2] not in _ENV_KEY_NOT_SECRET


def _is_secret_env_value(value: str) -> bool:
    stripped = value.strip()
    return len(stripped) >= 6 and not stripped.isdigit() and not _is_placeholder(stripped)


def _locate_token(m: re.Match[str], text: str) -> Span | None:
    """The whole match, if it stands alone: "postgres" must not eat "postgresql" in every line."""
    start, end = m.span()
    if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
        return None
    return start, end


# Words a trigger appears in that no rule of that trigger can match: "passed" is in every test
# report, and no secret key ends in it, so it would send every such line through the rules.
_TRIGGER_GUARDS = {"pass": "(?!ed|ing|es)"}


def _trie_pattern(words: set[str]) -> str:
    """A regex matching any of `words`, factored by prefix: a flat alternation is several times
    slower to scan, since each position would try every word."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any], prefix: str) -> str:
        if "" in node:  # the shorter word already decides
            # guarded only when no longer trigger starts with it (a secret env value "Passing-…")
            return _TRIGGER_GUARDS.get(prefix, "") if len(node) == 1 else ""
        branches = [
            re.escape(char) + emit(child, prefix + char) for char, child in sorted(node.items())
        ]
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return emit(trie, "")
