"""Drain-class template mining for lines that carry no template: stdout, stderr, f-string logs.

`mask` replaces the variable parts of a line (numbers, hex, uuids, IPs, MACs, paths, quoted strings,
timestamps, durations, e-mails, URLs) with placeholders such as `<NUM>`; `TemplateMiner` then groups
masked lines with the Drain algorithm (He et al., ICWS 2017): a fixed-depth parse tree keyed by
token count and the first tokens, whose leaves hold clusters compared by token similarity. Pure: no
I/O, no clock; the caller passes the time of each line.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from llm_brief.core.lazy_regex import LazyRegex
from llm_brief.core.masking import OVERFLOW_ID, OVERFLOW_TEMPLATE, WILDCARD, _masked
from llm_brief.core.model import ValueType

_ANY_DIGIT = LazyRegex(r"\d")
_CACHED_LINE_LIMIT = 4096
_EXAMPLE_LIMIT = 2000


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
