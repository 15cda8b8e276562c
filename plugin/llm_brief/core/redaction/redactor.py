"""Secret redaction: credentials in text or JSON become `[REDACTED:<kind>]` before being written.

Pure: no I/O. Each rule is a regular expression plus the lowercase substrings every match holds;
one scan for all those substrings lets clean text through untouched, and a rule whose substrings
are absent is skipped. Rules never look inside an existing marker, so `redact` is idempotent.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
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
    |(?:/|~/|\./|\.\./|[A-Za-z]:[\\/])[\w./\\-]*""",
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
      | [^\s"'`,;&|()\[\]{}<>\\][^\s"'`,;&|)\]}>\\]*
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
_AUTH_SCHEMES = "bearer|basic|token|digest|negotiate|ntlm|apikey|aws4-hmac-sha256"
_SECRET_END = r"(?![A-Za-z0-9])"

# The most specific rule runs first, so it names the kind; a later rule never sees inside a marker.
_BUILTIN_RULES: tuple[_Rule, ...] = (
    _Rule(
        LazyRegex(
            r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----"
            # Base64, header lines and JSON's "\n" (escaped once or twice), but never across a quote.
            r"(?:(?:[\w+/=\s:,-]|\\+[nrt])*?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----"
            r"|(?:[ \t]*(?:\\+n|\r?\n)[ \t]*[A-Za-z0-9+/=]{16,})+)",
            re.S,
        ),
        _const("private-key"),
        ("private key",),
    ),
    _Rule(
        LazyRegex(
            r"://[^\s:/@?#\"'<>\\]*:(?P<secret>[^\s/?#\"'<>@\\]+(?:@[^\s/?#\"'<>@\\]+)*)"
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
            rf"(?P<secret>(?!(?:{_AUTH_SCHEMES})(?:\s|$))"
            r"[^\s\"'\\,]+(?:[ \t]*,[ \t]*[^\s\"'\\,]+)*)"
        ),
        lambda m, _t: "basic-auth" if (m.group("scheme") or "").lower() == "basic" else "bearer",
        ("authorization",),
        lowered=True,
    ),
    _Rule(
        LazyRegex(r"eyJ(?<![\w-]eyJ)[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]*", re.A),
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

_ENV_SECRET_SUFFIX = re.compile(
    r"(?:PASSWORD|PASSWD|PASSPHRASE|SECRETS?|TOKEN|CREDENTIALS?|CREDS"
    r"|(?:API|ACCESS|SECRET|PRIVATE|SIGNING|ENCRYPTION|MASTER)KEY)$"
)
_ENV_SECRET_LAST = frozenset({"PASS", "PWD", "AUTH", "SESSIONID", "COOKIE"})
_ENV_KEY_QUALIFIERS = frozenset(
    {"API", "ACCESS", "SECRET", "PRIVATE", "SIGNING", "ENCRYPTION", "MASTER", "CLIENT", "APP"}
    | {"SESSION", "LICENSE", "ACCOUNT"}
)


def is_secret_env_name(name: str) -> bool:
    """Whether an environment variable called `name` holds a secret (`DB_PASSWORD`, `GH_TOKEN`)."""
    parts = [p for p in re.split(r"[_.\-]+", name.upper()) if p]
    if not parts or name.upper() in ("PWD", "OLDPWD"):
        return False
    last = parts[-1]
    if _ENV_SECRET_SUFFIX.search(last) or last in _ENV_SECRET_LAST:
        return True
    return last == "KEY" and len(parts) > 1 and parts[-2] in _ENV_KEY_QUALIFIERS


def _is_secret_env_value(value: str) -> bool:
    stripped = value.strip()
    return len(stripped) >= 6 and not stripped.isdigit() and not _is_placeholder(stripped)


def _locate_token(m: re.Match[str], text: str) -> Span | None:
    """The whole match, if it stands alone: "postgres" must not eat "postgresql" in every line."""
    start, end = m.span()
    if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
        return None
    return start, end


def _env_rule(environ: Mapping[str, str], allowed: Callable[[str], bool]) -> _Rule | None:
    """One rule for the values of all secret-named variables."""
    names: dict[str, str] = {}
    for name, value in sorted(environ.items()):
        if is_secret_env_name(name) and _is_secret_env_value(value) and not allowed(value):
            # The JSON-escaped spelling too, since journal lines are redacted after encoding.
            for spelling in (value, json.dumps(value, ensure_ascii=False)[1:-1]):
                names.setdefault(spelling, name)
    if not names:
        return None
    values = sorted(names, key=len, reverse=True)
    return _Rule(
        LazyRegex("|".join(re.escape(v) for v in values)),
        lambda m, _t: f"env:{names[m.group(0)]}",
        tuple({v.lower() for v in values}),
        _locate_token,
    )


def _custom_rule(pattern: str) -> _Rule:
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid redaction pattern {pattern!r}: {exc}") from None
    return _Rule(LazyRegex(compiled), _const("custom"), locate=_locate_custom)


def _json_safe(text: str, start: int, end: int) -> Span:
    """Shrink a span so that it never splits a backslash escape of JSON-encoded text."""
    escape = re.search(r"(\\+)(u[0-9A-Fa-f]{0,3})?$", text[max(0, start - 8) : start])
    if escape and len(escape.group(1)) % 2 == 1:
        start += 5 - len(escape.group(2)) if escape.group(2) else 1
    body = text[start:end]
    if (len(body) - len(body.rstrip("\\"))) % 2 == 1:
        end -= 1
    return start, end


@functools.lru_cache(maxsize=32)
def _ignorecase(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern, pattern.flags | re.IGNORECASE)


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


class Redactor:
    """Replaces secrets in text and JSON-friendly structures with `[REDACTED:<kind>]` markers."""

    def __init__(
        self,
        extra_patterns: Sequence[str] = (),
        allowlist: Sequence[str] = (),
        environ: Mapping[str, str] | None = None,
        *,
        enabled: bool = True,
    ) -> None:
        self._allow_literal = frozenset(allowlist)
        self._allow_regex: list[re.Pattern[str]] = []
        for entry in allowlist:
            # An allowlist entry that is not a valid regex is simply a literal value.
            with contextlib.suppress(re.error):
                self._allow_regex.append(re.compile(entry))
        # An allowlist that admits anything (".*", as a "redact = false" config builds) disables.
        catch_all = any(r.fullmatch("x") and r.fullmatch("a b-1") for r in self._allow_regex)
        self._enabled = enabled and not catch_all
        custom = [_custom_rule(p) for p in extra_patterns]
        env_rule = _env_rule(os.environ if environ is None else environ, self._allowed)
        self._rules = (*([env_rule] if env_rule else []), *custom, *_BUILTIN_RULES)
        # One scan that rules every rule out at once: most strings in a dashboard are short and
        # clean, and would otherwise pay for a look at each rule. User patterns have no triggers.
        by_trigger: dict[str, set[int]] = {}
        for index, rule in enumerate(self._rules):
            for trigger in rule.triggers or ("",):  # "" is in every text: rules without triggers
                by_trigger.setdefault(trigger, set()).add(index)
        self._rules_by_trigger = tuple(by_trigger.items())
        self._precheck: re.Pattern[str] | None = None
        self._rules_by_decider: dict[str, frozenset[int]] = {}
        if not custom:
            trie = _trie_pattern(set(by_trigger))
            self._precheck = re.compile(trie)
            # The trie stops at the shortest trigger of a prefix chain, its decider: finding
            # the deciders present finds every rule that can match.
            for trigger, indices in by_trigger.items():
                decider = min((t for t in by_trigger if trigger.startswith(t)), key=len)
                found = self._rules_by_decider.get(decider, frozenset())
                self._rules_by_decider[decider] = found | indices

    @property
    def enabled(self) -> bool:
        """Whether `redact` can change anything at all."""
        return self._enabled

    def redact(self, text: str) -> str:
        """`text` with every secret found replaced by a `[REDACTED:<kind>]` marker."""
        if not self._enabled or not text:
            return text
        # Long texts skip the one scan: per-rule substring checks are faster than it there.
        if len(text) < 4096 and self._precheck and not self._precheck.search(text.lower()):
            return text
        for _ in range(_MAX_PASSES):
            redacted = self._redact_once(text)
            if redacted == text:
                break
            text = redacted
        return text

    def redact_json(self, obj: Any) -> Any:
        """A copy of `obj` with every string redacted and every value under a secret key masked."""
        if not self._enabled:
            return obj
        # Dashboards repeat short strings (paths, node ids, keys) many thousands of times.
        seen: dict[str, str] = {}

        def redact_short(text: str) -> str:
            if len(text) > 200:
                return self.redact(text)
            if text not in seen:
                seen[text] = self.redact(text)
            return seen[text]

        def walk(node: Any, secret_key: str | None) -> Any:
            if isinstance(node, str):
                if secret_key is not None and _maskable(node) and not self._allowed(node):
                    return marker(_kind_for_key(secret_key))
                return redact_short(node)
            if isinstance(node, dict):
                return {
                    (redact_short(k) if isinstance(k, str) else k): walk(
                        v, k if isinstance(k, str) and _is_secret_key_cached(k) else None
                    )
                    for k, v in node.items()
                }
            if isinstance(node, (list, tuple)):
                items = [walk(v, secret_key) for v in node]
                return items if isinstance(node, list) else tuple(items)
            if secret_key is not None and _maskable(node) and not self._allowed(str(node)):
                return marker(_kind_for_key(secret_key))
            return node

        return walk(obj, None)

    def redact_values(
        self, obj: Any, cache: dict[str, str], prepare: Callable[[str], str] | None = None
    ) -> Any:
        """`redact_json` for structures whose keys llm-brief wrote itself (journal events): the
        keys are neither redacted nor checked for secret names, only string values are
        redacted, and every one up to 200 characters is remembered in `cache`. `prepare` runs on
        each string first."""
        if not self._enabled:
            return obj
        redact = self.redact

        def text(value: str) -> str:
            found = cache.get(value)
            if found is None:
                found = redact(prepare(value) if prepare else value)
                if len(value) <= 200:
                    cache[value] = found
            return found

        def walk(node: Any) -> Any:
            kind = type(node)
            if kind is str:
                return text(node)
            if kind is dict:
                return {
                    key: text(value) if type(value) is str else walk(value)
                    for key, value in node.items()
                }
            if kind is list or kind is tuple:
                return [text(value) if type(value) is str else walk(value) for value in node]
            if node is None or kind is int or kind is float or kind is bool:
                return node
            # a str subclass, or anything the encoder would turn into a string: redact its text
            return text(str(node))

        return walk(obj)

    def _allowed(self, secret: str) -> bool:
        return secret in self._allow_literal or any(r.fullmatch(secret) for r in self._allow_regex)

    def _redact_once(self, text: str) -> str:
        lowered = text.lower()
        active: set[int] = set()
        if self._precheck is not None and len(text) < 4096:
            # One scan finds every trigger present; the next search starts one past the last
            # match, not after it, so a trigger overlapping another one is found too.
            position = 0
            while (found := self._precheck.search(lowered, position)) is not None:
                active |= self._rules_by_decider[found.group()]
                position = found.start() + 1
        else:  # long texts (one substring check per trigger is faster there), or custom rules
            for trigger, indices in self._rules_by_trigger:
                if trigger in lowered:
                    active |= indices
        current_lowered: str | None = lowered
        for index in sorted(active):
            rule = self._rules[index]
            if MARKER_PREFIX not in text:
                redacted = self._apply(rule, text, current_lowered)
                if redacted is not text:
                    text, current_lowered = redacted, None
                continue
            # Rules only ever see the text between markers, so a marker is never re-redacted.
            parts = _MARKER_SPLIT.split(text)
            parts[::2] = [self._apply(rule, part, None) if part else "" for part in parts[::2]]
            text, current_lowered = "".join(parts), None
        return text

    def _apply(self, rule: _Rule, text: str, lowered: str | None) -> str:
        pattern, scan = rule.pattern.compiled, text
        if rule.lowered:
            scan = text.lower() if lowered is None else lowered
            if len(scan) != len(text):  # a few non-ASCII letters lowercase to two characters
                pattern, scan = _ignorecase(pattern), text
        pieces: list[str] = []
        done = 0
        position = 0
        while position <= len(scan) and (m := pattern.search(scan, position)) is not None:
            span = rule.locate(m, text)
            if span is not None:
                start, end = _json_safe(text, *span)
                if done <= start < end and not self._allowed(text[start:end]):
                    pieces += (text[done:start], marker(rule.kind(m, text)))
                    done = end
                    position = max(m.end(), m.start() + 1)
                    continue
            # A rejected candidate may hide a real one inside ("api key": "{\"token\": ...}").
            position = m.start() + 1
        if not pieces:
            return text
        pieces.append(text[done:])
        return "".join(pieces)


@functools.lru_cache(maxsize=4096)
def _is_secret_key_cached(key: str) -> bool:
    return is_secret_key(key)


def _maskable(value: object) -> bool:
    if isinstance(value, str):
        return bool(value) and not _MARKER_SPLIT.fullmatch(value)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@functools.lru_cache(maxsize=1)
def default_redactor() -> Redactor:
    """The redactor for `os.environ` as it was at first use, with no user patterns."""
    return Redactor()
