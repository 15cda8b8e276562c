"""Masking the variable parts of a line (numbers, hex, uuids, IPs, MACs, paths, quoted strings,
timestamps, durations, e-mails, URLs) with placeholders such as `<NUM>`, before template mining.

The kinds and their placeholders are data (`MASKS`, `_WHOLE_KINDS`); `mask` is the engine. Pure.
"""

from __future__ import annotations

import re

from llm_brief.core.lazy_regex import LazyRegex

WILDCARD = "<*>"
OVERFLOW_ID = 0
OVERFLOW_TEMPLATE = "<overflow: rare templates folded to bound memory>"

# The placeholder of each kind of variable; a template keeps it where its lines agree on the kind.
MASKS: dict[str, str] = {
    "UUID": "<UUID>",
    "TS": "<TS>",
    "IP": "<IP>",
    "MAC": "<MAC>",
    "URL": "<URL>",
    "EMAIL": "<EMAIL>",
    "PATH": "<PATH>",
    "HEX": "<HEX>",
    "DUR": "<DUR>",
    "NUM": "<NUM>",
    "STR": "<STR>",
}

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_ZONE = r"(?:Z|[+-]\d{2}:?\d{2})"
_CLOCK = rf"\d{{1,2}}:\d{{2}}:\d{{2}}(?:[.,]\d+)?{_ZONE}?"
_TS = (
    rf"\d{{4}}[-/]\d{{2}}[-/]\d{{2}}(?:T\d{{2}}:\d{{2}}(?::\d{{2}}(?:[.,]\d+)?)?{_ZONE}?)?"
    rf"|{_CLOCK}|\d{{1,2}}/{_MONTH}/\d{{4}}:{_CLOCK}"
)
_IPV4 = r"(?:\d{1,3}\.){3}\d{1,3}"
_H4 = r"[0-9a-fA-F]{1,4}"
_IPV6 = rf"(?:{_H4}:){{7}}{_H4}|(?:{_H4}:){{1,6}}(?::{_H4}){{1,6}}|(?:{_H4}:){{1,7}}:|::(?:{_H4}:){{0,5}}{_H4}"
# No pattern may consume a quote character: that keeps `mask` idempotent when quotes are unpaired.
_NONSPACE = r"[^\s'\"]"
_WHOLE_KINDS = (
    ("UUID", r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
    ("TS", _TS),
    ("MAC", r"(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}"),
    ("IP", rf"{_IPV4}(?::\d{{1,5}})?|\[(?:{_IPV6})\](?::\d{{1,5}})?|{_IPV6}"),
    ("URL", rf"[a-zA-Z][a-zA-Z0-9+.-]*://{_NONSPACE}+"),
    ("EMAIL", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    (
        "PATH",
        rf"(?:~|\.{{1,2}})?/{_NONSPACE}*|[A-Za-z]:\\{_NONSPACE}*"
        r"|[\w.-]+(?:/[\w.-]+)*/[\w-]+\.[A-Za-z]\w*",
    ),
    ("HEX", r"0[xX][0-9a-fA-F]+|(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{6,}"),
    ("DUR", r"(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d))+"),
    ("NUM", r"[-+]?\d+(?:[.,]\d+)*(?:[eE][-+]?\d+)?"),
)
_WHOLE = LazyRegex("|".join(f"(?P<{name}>{pattern})" for name, pattern in _WHOLE_KINDS))
# Inside a longer token ("worker-3", "main.go:42", "consumer-1-9f3ab2") only numbers, IPs, uuids
# and hex ids are masked, bounded so that identifiers such as "sha256" or "utf8" stay as they are.
_INNER = LazyRegex(
    r"(?<![\w.])(?:"
    rf"(?P<UUID>{_WHOLE_KINDS[0][1]})"
    rf"|(?P<IP>{_IPV4}(?::\d{{1,5}})?)"
    r"|(?P<HEX>0[xX][0-9a-fA-F]+|(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{6,})"
    r"|(?P<DUR>(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d))+)"
    r"|(?P<NUM>[-+]?\d+(?:\.\d+)*)"
    r")(?!\w)"
)
_QUOTED = LazyRegex(r"(?<![^\s=:(\[{,])(?:\"[^\"]*\"|'[^']*')(?![^\s,;:)\]}.!?])")
_BRACKETED_IP = LazyRegex(rf"\[(?:{_IPV6}|{_IPV4})\](?::\d{{1,5}})?")
_ZONE_TOKEN = LazyRegex(r"[+-]\d{2}:?\d{2}([\]),;]*)")
_NEEDS_WORK = LazyRegex(r"[\d/\\@]")
_ASCII_DIGIT = LazyRegex(r"[0-9]")
_MONTHS = frozenset(_MONTH[3:-1].split("|"))
_LEAD = "([{'\""
_TRAIL = ")]}'\",;:.!?>"
_SHAPE = str.maketrans("123456789", "000000000")
# Token (or token shape, digits as 0) -> masked token. Every pattern treats all ASCII digits alike,
# except the "0" of "0x", so tokens of one shape mask alike and one dict lookup replaces the regexes.
_MEMO: dict[str, str] = {}
_MEMO_SIZE = 1 << 14
# Longer lines are not worth a cache entry, and an example need not be a whole megabyte of output.


def _mask_core(core: str) -> str:
    """Mask a token stripped of its surrounding punctuation."""
    if core.isdigit():
        return "<NUM>"
    m = _WHOLE.fullmatch(core)
    if m is not None:
        return MASKS[m.lastgroup or "NUM"]
    eq = core.find("=")
    if eq > 0:
        return core[: eq + 1] + _mask_token(core[eq + 1 :])
    return _INNER.sub(_inner_mask, core)


def _inner_mask(m: re.Match[str]) -> str:
    return MASKS[m.lastgroup or "NUM"]


def _mask_token(token: str) -> str:
    """Mask one whitespace-free token, keeping brackets and punctuation around it."""
    if _NEEDS_WORK.search(token) is None:
        return token
    if token[0] == "[" and "]:" in token:
        address = token.rstrip(_TRAIL)
        if _BRACKETED_IP.fullmatch(address):
            # "[2001:db8::1]:443": the bracket belongs to the address, not to the text around it.
            return "<IP>" + token[len(address) :]
    body = token.lstrip(_LEAD)
    core = body.rstrip(_TRAIL)
    if not core:
        return token
    return token[: len(token) - len(body)] + _mask_core(core) + body[len(core) :]


def _remember(shape: str, masked: str) -> None:
    """Memoise a token's mask under its shape when every token of that shape masks the same."""
    if (
        "0x" in shape
        or "0X" in shape
        or "<UUID>" in masked  # one shape per value: memoising would only churn the memo
        or "<HEX>" in masked
        or _ASCII_DIGIT.search(masked) is not None
    ):
        return
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.clear()
    _MEMO[shape] = masked


def _mask_by_shape(token: str) -> str:
    """Mask a token through the memo of its shape, filling the memo on a miss."""
    shape = token.translate(_SHAPE)
    masked = _MEMO.get(shape)
    if masked is None:
        masked = _mask_token(token)
        _remember(shape, masked)
    return masked


def _merge_stamps(raw: list[str], masked: list[str]) -> list[str]:
    """Join the tokens of one timestamp ("<date> <time>", "<TS> +0000]", "Jan 5 <time>") into one."""
    merged: list[str] = []
    for token, m in zip(raw, masked, strict=True):
        if merged and merged[-1].endswith("<TS>"):
            if m.startswith("<TS>"):
                merged[-1] += m[4:]
                continue
            zone = _ZONE_TOKEN.fullmatch(token)
            if zone is not None:
                merged[-1] += zone.group(1)
                continue
        elif (
            m.startswith("<TS>")
            and len(merged) >= 2
            and merged[-1] == "<NUM>"
            and merged[-2] in _MONTHS
        ):
            merged[-2:] = [m]
            continue
        merged.append(m)
    return merged


def _masked(line: str) -> tuple[list[str], str]:
    """Mask a line into tokens, and the tokens joined by single spaces."""
    if "'" in line or '"' in line:
        # Until nothing changes: taking out "''" can pair the quotes around it, as in "' '':'".
        line, found = _QUOTED.subn("<STR>", line)
        while found and ("'" in line or '"' in line):
            line, found = _QUOTED.subn("<STR>", line)
    raw = line.split()
    get = _MEMO.get
    # A mask is never empty, so `or` falls through exactly when the token itself is not memoised.
    out = [get(token) or _mask_by_shape(token) for token in raw]
    text = " ".join(out)
    if "<TS> <" in text or "<NUM> <TS>" in text:
        out = _merge_stamps(raw, out)
        text = " ".join(out)
    return out, text


def mask(line: str) -> str:
    """Replace the variable parts of a line with placeholders such as `<NUM>` and `<TS>`."""
    return _masked(line)[1]
