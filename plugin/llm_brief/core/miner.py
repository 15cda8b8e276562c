"""Drain-class template mining for lines that carry no template: stdout, stderr, f-string logs.

`mask` replaces the variable parts of a line (numbers, hex, uuids, IPs, MACs, paths, quoted strings,
timestamps, durations, e-mails, URLs) with placeholders such as `<NUM>`; `TemplateMiner` then groups
masked lines with the Drain algorithm (He et al., ICWS 2017): a fixed-depth parse tree keyed by
token count and the first tokens, whose leaves hold clusters compared by token similarity. Pure: no
I/O, no clock; the caller passes the time of each line.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass

from llm_brief.core.lazy_regex import LazyRegex
from llm_brief.core.model import ValueType

__all__ = ["MASKS", "OVERFLOW_ID", "OVERFLOW_TEMPLATE", "MinedTemplate", "TemplateMiner", "mask"]

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
_ANY_DIGIT = LazyRegex(r"\d")
# Longer lines are not worth a cache entry, and an example need not be a whole megabyte of output.
_CACHED_LINE_LIMIT = 4096
_EXAMPLE_LIMIT = 2000


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


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class MinedTemplate(ValueType):
    """A cluster of lines: its template, how many lines it holds, one of them, when it was seen."""

    id: int
    template: str
    count: int
    example: str
    first_seen: float
    last_seen: float


class _Cluster:
    __slots__ = (
        "count",
        "example",
        "first_seen",
        "id",
        "last_seen",
        "path",
        "recent",
        "template",
        "tokens",
    )

    def __init__(self, cluster_id: int, tokens: list[str], example: str, when: float) -> None:
        self.id = cluster_id
        self.tokens = tokens
        self.template = " ".join(tokens)
        self.count = 0
        self.example = example
        self.first_seen = when
        self.last_seen = when
        self.recent = 0
        self.path: tuple[str, ...] = ()


class _Node:
    __slots__ = ("children", "clusters")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.clusters: list[_Cluster] = []


class TemplateMiner:
    """Group lines into templates with Drain, in bounded memory; `add` costs O(tokens) per line."""

    def __init__(
        self,
        depth: int = 4,
        similarity: float = 0.4,
        max_children: int = 100,
        max_clusters: int = 2000,
        *,
        cache_size: int = 1 << 14,
    ) -> None:
        """Set Drain's parameters; `cache_size` bounds each line cache, and 0 turns them off.

        `depth` counts the tree's levels as Drain does: 4 is root, token count, one token, leaf.
        """
        if depth < 3:
            raise ValueError(f"depth must be at least 3, got {depth}")
        if not 0.0 <= similarity <= 1.0:
            raise ValueError(f"similarity must be between 0 and 1, got {similarity}")
        if max_children < 2 or max_clusters < 1 or cache_size < 0:
            raise ValueError(
                "max_children must be at least 2, max_clusters at least 1, cache_size at least 0"
            )
        self.depth = depth
        self.similarity = similarity
        self.max_children = max_children
        self.max_clusters = max_clusters
        self._prefix = depth - 3
        self._cache_size = cache_size
        self._line_limit = _CACHED_LINE_LIMIT if cache_size else -1
        self._root: dict[int, _Node] = {}
        self._clusters: dict[int, _Cluster] = {}
        self._last_id = OVERFLOW_ID
        self._lines = 0
        # Raw line -> cluster, and masked line -> cluster: a repeated line costs one dict lookup, a
        # repeated shape one masking. Both are emptied when clusters are evicted.
        self._exact: dict[str, _Cluster] = {}
        self._by_mask: dict[str, _Cluster] = {}
        self._overflow = _Cluster(OVERFLOW_ID, [OVERFLOW_TEMPLATE], "", 0.0)

    def add(self, line: str, when: float = 0.0) -> int:
        """Add one line seen at `when`; return the id of the cluster it joined."""
        cluster = self._exact.get(line)
        if cluster is None:
            tokens, key = _masked(line)
            cluster = self._by_mask.get(key)
            if cluster is None:
                cluster = self._place(tokens, line, when)
                if len(self._by_mask) >= self._cache_size:
                    self._by_mask.clear()
                if self._cache_size:
                    self._by_mask[key] = cluster
            if len(self._exact) >= self._cache_size:
                self._exact.clear()
            if len(line) <= self._line_limit:
                self._exact[line] = cluster
        cluster.count += 1
        cluster.last_seen = when
        self._lines += 1
        cluster.recent = self._lines
        return cluster.id

    def templates(self) -> list[MinedTemplate]:
        """Every cluster, most frequent first; folded clusters appear as one overflow template."""
        clusters = list(self._clusters.values())
        if self._overflow.count:
            clusters.append(self._overflow)
        clusters.sort(key=lambda c: (-c.count, c.id))
        return [
            MinedTemplate(c.id, c.template, c.count, c.example, c.first_seen, c.last_seen)
            for c in clusters
        ]

    def template_of(self, cluster_id: int) -> str:
        """The current template of a cluster; the overflow template once the cluster was folded."""
        cluster = self._clusters.get(cluster_id)
        if cluster is not None:
            return cluster.template
        if 0 <= cluster_id <= self._last_id:
            return OVERFLOW_TEMPLATE
        raise KeyError(cluster_id)

    def _place(self, tokens: list[str], line: str, when: float) -> _Cluster:
        """Find the cluster for a masked line not seen before, widening its template, or make one."""
        best = self._best_match(tokens)
        if best is None:
            if len(self._clusters) >= self.max_clusters:
                self._evict()
            self._last_id += 1
            best = _Cluster(self._last_id, tokens, line[:_EXAMPLE_LIMIT], when)
            self._clusters[best.id] = best
            self._insert(best)
        elif best.tokens != tokens:
            merged = [a if a == b else WILDCARD for a, b in zip(best.tokens, tokens, strict=True)]
            if merged != best.tokens:
                best.tokens = merged
                best.template = " ".join(merged)
        return best

    def _best_match(self, tokens: list[str]) -> _Cluster | None:
        """Drain's tree search: the most similar cluster of the leaf, if similar enough."""
        node = self._root.get(len(tokens))
        if node is None:
            return None
        for token in tokens[: min(self._prefix, len(tokens) - 1)]:
            children = node.children
            child = children.get(token) or children.get(WILDCARD)
            if child is None:
                return None
            node = child
        if not tokens:
            return node.clusters[0] if node.clusters else None
        best: _Cluster | None = None
        best_similar = -1
        best_params = -1
        for cluster in node.clusters:
            template = cluster.tokens
            # A literal "<*>" in the line counts as similar; Drain would skip it, which no line needs.
            similar = sum(map(str.__eq__, template, tokens))
            params = template.count(WILDCARD)
            if similar > best_similar or (similar == best_similar and params > best_params):
                best, best_similar, best_params = cluster, similar, params
        if best is not None and best_similar / len(tokens) >= self.similarity:
            return best
        return None

    def _insert(self, cluster: _Cluster) -> None:
        """Hang a new cluster under the path of its first tokens, as Drain does."""
        tokens = cluster.tokens
        node = self._root.get(len(tokens))
        if node is None:
            node = self._root[len(tokens)] = _Node()
        path: list[str] = []
        for token in tokens[: min(self._prefix, len(tokens) - 1)]:
            children = node.children
            key = token
            if token not in children:
                # Tokens with digits are likely variables, and a full node sends the rest to "<*>".
                room = len(children) < self.max_children - (WILDCARD not in children)
                if _ANY_DIGIT.search(token) is not None or not room:
                    key = WILDCARD
            child = children.get(key)
            if child is None:
                child = children[key] = _Node()
            path.append(key)
            node = child
        cluster.path = tuple(path)
        node.clusters.append(cluster)

    def _evict(self) -> None:
        """Fold the least recently used of the smallest clusters into the overflow cluster."""
        batch = max(1, self.max_clusters // 16)
        # Evicting a batch at a time keeps a flood of unique lines at amortised O(log n) per line.
        victims = heapq.nsmallest(
            batch, self._clusters.values(), key=lambda c: (c.count.bit_length(), c.recent)
        )
        overflow = self._overflow
        for victim in victims:
            if not overflow.count:
                overflow.example, overflow.first_seen = victim.example, victim.first_seen
            overflow.count += victim.count
            overflow.first_seen = min(overflow.first_seen, victim.first_seen)
            overflow.last_seen = max(overflow.last_seen, victim.last_seen)
            del self._clusters[victim.id]
            self._unlink(victim)
        self._exact.clear()
        self._by_mask.clear()

    def _unlink(self, cluster: _Cluster) -> None:
        """Take a cluster out of the tree and drop the nodes it leaves empty."""
        count = len(cluster.tokens)
        nodes = [self._root[count]]
        for key in cluster.path:
            nodes.append(nodes[-1].children[key])
        nodes[-1].clusters.remove(cluster)
        for depth in range(len(cluster.path), 0, -1):
            node = nodes[depth]
            if node.clusters or node.children:
                return
            del nodes[depth - 1].children[cluster.path[depth - 1]]
        if not nodes[0].clusters and not nodes[0].children:
            del self._root[count]
