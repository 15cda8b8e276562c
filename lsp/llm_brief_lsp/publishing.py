"""Which diagnostics each document has, and which of them go out by push and which by pull.

Clients that both pull and accept pushes would show every diagnostic twice, so in "auto" mode a
document the client has pulled is served by pull only, provided the client can be told to pull
again (`workspace/diagnostic/refresh`); otherwise everything is pushed and pulls get empty reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from llm_brief_lsp.config import DiagnosticMode
from llm_brief_lsp.mapping import LspDiagnostic


class DiagnosticsStore:
    """Diagnostics per document across folders, what the client was pushed, and pull result ids."""

    def __init__(self, mode: DiagnosticMode = "auto", refresh_support: bool = False) -> None:
        self.mode: DiagnosticMode = mode
        self.refresh_support = refresh_support
        self._by_folder: dict[str, dict[str, list[LspDiagnostic]]] = {}
        self._pushed: dict[str, list[LspDiagnostic]] = {}
        self._result_ids: dict[str, int] = {}
        self._generation = 0
        self._pulled: set[str] = set()
        self._workspace_pulled = False

    # -- contents -------------------------------------------------------------------------------

    def set_folder(self, folder_uri: str, diagnostics: dict[str, list[LspDiagnostic]]) -> set[str]:
        """Replace one folder's diagnostics; returns the documents whose diagnostics changed."""
        before = self._by_folder.get(folder_uri, {})
        if diagnostics:
            self._by_folder[folder_uri] = diagnostics
        else:
            self._by_folder.pop(folder_uri, None)
        changed = {
            uri
            for uri in before.keys() | diagnostics.keys()
            if before.get(uri, []) != diagnostics.get(uri, [])
        }
        for uri in changed:
            self._generation += 1
            self._result_ids[uri] = self._generation
        return changed

    def diagnostics(self, uri: str) -> list[LspDiagnostic]:
        """Every folder's diagnostics for the document (nested folders may both flag it)."""
        found: list[LspDiagnostic] = []
        for by_uri in self._by_folder.values():
            found.extend(by_uri.get(uri, ()))
        return found

    def uris(self) -> set[str]:
        """Documents that have, or had, diagnostics (so a pull can clear the latter)."""
        return set(self._result_ids)

    def result_id(self, uri: str) -> str:
        """The pull result id of the document's current diagnostics."""
        return str(self._result_ids.get(uri, 0))

    # -- push or pull ---------------------------------------------------------------------------

    def serves_pull(self) -> bool:
        """Whether pull requests are answered with the diagnostics (else with empty reports)."""
        if self.mode == "auto":
            return self.refresh_support
        return self.mode in ("pull", "both")

    def should_push(self, uri: str) -> bool:
        """Whether the document's diagnostics go out by push."""
        if self.mode in ("push", "both"):
            return True
        if self.mode == "pull":
            return False
        if not self.refresh_support:
            return True
        return not (self._workspace_pulled or uri in self._pulled)

    def mark_pulled(self, uris: Iterable[str], workspace: bool = False) -> None:
        """Note that the client pulled these documents (or the whole workspace)."""
        self._pulled.update(uris)
        self._workspace_pulled = self._workspace_pulled or workspace

    def pending_pushes(self, uris: Iterable[str]) -> list[dict[str, Any]]:
        """`publishDiagnostics` params that bring the client's pushed diagnostics up to date."""
        out: list[dict[str, Any]] = []
        for uri in sorted(uris):
            wanted = self.diagnostics(uri) if self.should_push(uri) else []
            if wanted == self._pushed.get(uri, []):
                continue
            if wanted:
                self._pushed[uri] = wanted
            else:
                self._pushed.pop(uri, None)
            out.append({"uri": uri, "diagnostics": wanted})
        return out

    def pushed_uris(self) -> set[str]:
        """Documents the client currently holds pushed diagnostics for."""
        return set(self._pushed)
