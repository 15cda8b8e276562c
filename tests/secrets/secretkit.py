"""The red-team corpora and the leak scanner of the every-channel harness (imported as `secretkit`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO / "tests" / "corpora" / "secrets"
SECRETS_FILE = CORPORA / "secrets.jsonl"
CLEAN_FILE = CORPORA / "clean.txt"
KNOWN_LEAKS = Path(__file__).resolve().parent / "known_leaks.json"
# A surviving run of this many characters of a secret counts as a (partial) leak: enough to look
# a token up, and the length of the windows the red-team run found (issue 13).
WINDOW = 12
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass(frozen=True)
class Secret:
    """One fake credential: the text that carries it and every part of it that must not survive."""

    id: str
    kind: str
    text: str
    needles: tuple[str, ...]
    context: str
    env: str | None = None

    @property
    def bare(self) -> str:
        """The value alone, for channels that bring their own context (options, URLs, headers)."""
        return self.needles[0]

    @property
    def has_bare_form(self) -> bool:
        """Whether the value makes sense alone on one line (PEM blocks and key files do not)."""
        return not self.kind.startswith(("pem-", "gcp-"))


def load_secrets() -> list[Secret]:
    """The red-team corpus: one JSON object per line (id, kind, text, secrets, context, env)."""
    secrets = []
    for line in SECRETS_FILE.read_text("utf-8").splitlines():
        raw = json.loads(line)
        secrets.append(
            Secret(
                id=raw["id"],
                kind=raw["kind"],
                text=raw["text"],
                needles=tuple(raw["secrets"]),
                context=raw.get("context", ""),
                env=raw.get("env"),
            )
        )
    return secrets


def load_clean() -> list[str]:
    """The clean corpus: secret-looking lines that hold no secret (comments start with '#')."""
    lines = CLEAN_FILE.read_text("utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def run_env(secrets: list[Secret]) -> dict[str, str]:
    """The environment variables the corpus itself needs (secrets learnt from the environment)."""
    return {s.env: s.bare for s in secrets if s.env}


@dataclass
class Haystack:
    """Everything one run wrote, as named texts (files by relative path, and the terminal)."""

    texts: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, text: str) -> None:
        """Add one artifact; ANSI colour codes are removed so they cannot split a secret."""
        self.texts[name] = _ANSI.sub("", text)

    def add_folder(self, folder: Path) -> None:
        """Add every file under `folder` (and, for JSON, the decoded strings too)."""
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = _artifact_name(path.relative_to(folder))
            text = path.read_bytes().decode("utf-8", "replace")
            self.add(name, self.texts.get(name, "") + text)
            decoded = "\n".join(json_strings(text))
            if decoded:
                self.add(name, self.texts[name] + "\n" + decoded)


def _artifact_name(relative: Path) -> str:
    # Journal and history files are named after run ids; the channel, not the id, is what matters.
    return relative.parts[0] if len(relative.parts) > 1 else relative.name


def json_strings(text: str) -> Iterator[str]:
    """Every string in `text` read as JSON or JSON lines (escaped secrets show up decoded)."""
    documents: list[Any] = []
    try:
        documents.append(json.loads(text))
    except ValueError:
        for line in text.splitlines():
            try:
                documents.append(json.loads(line))
            except ValueError:
                continue
    stack = documents
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, Mapping):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


@dataclass(frozen=True)
class Leak:
    """Where a secret survived: whole in some artifacts, as a 12-character window in others."""

    full: tuple[str, ...]
    partial: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.full or self.partial)

    def describe(self) -> str:
        """`full: a, b; partial: c` for a test report or the leak table."""
        parts = []
        if self.full:
            parts.append("full: " + ", ".join(self.full))
        if self.partial:
            parts.append("partial: " + ", ".join(self.partial))
        return "; ".join(parts)


def scan(haystack: Haystack, cases: Mapping[str, tuple[str, ...]]) -> dict[str, Leak]:
    """For each case id, where any of its needles (or a window of one) survived."""
    windows: dict[str, set[str]] = {}
    for case_id, needles in cases.items():
        for needle in needles:
            for i in range(max(0, len(needle) - WINDOW) + 1):
                if len(needle) >= WINDOW:
                    windows.setdefault(needle[i : i + WINDOW], set()).add(case_id)
    full: dict[str, set[str]] = {c: set() for c in cases}
    partial: dict[str, set[str]] = {c: set() for c in cases}
    for name, text in haystack.texts.items():
        for case_id, needles in cases.items():
            if any(needle in text for needle in needles):
                full[case_id].add(name)
        # One pass over the text's 12-grams instead of one search per window of every needle
        # (a set of them would cost ~60 bytes per character of a multi-megabyte journal).
        for i in range(len(text) - WINDOW + 1):
            owners = windows.get(text[i : i + WINDOW])
            if owners:
                for case_id in owners:
                    if name not in full[case_id]:
                        partial[case_id].add(name)
    return {c: Leak(tuple(sorted(full[c])), tuple(sorted(partial[c]))) for c in cases}


def read_known_leaks() -> dict[str, str]:
    """The cases today's code is known to leak, by case id, with where (the xfail reasons)."""
    if not KNOWN_LEAKS.exists():
        return {}
    data: dict[str, str] = json.loads(KNOWN_LEAKS.read_text("utf-8"))
    return data
