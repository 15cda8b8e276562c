"""Where a dashboard's paths point: file URIs, and the files of one workspace folder only."""

from __future__ import annotations

import os
from urllib.parse import unquote

from pygls.uris import from_fs_path, to_fs_path


def uri_from_path(path: str) -> str:
    """The `file:` URI of an absolute path."""
    return str(from_fs_path(path))


def path_from_uri(uri: str) -> str | None:
    """The filesystem path of a `file:` URI (percent-decoded), or None for other schemes."""
    path = to_fs_path(unquote(uri))
    return None if path is None else str(path)


def path_key(path: str) -> str:
    """A spelling-independent key for comparing paths (case-folded where the OS ignores case)."""
    return os.path.normcase(os.path.normpath(path))


def uri_key(uri: str) -> str | None:
    """The `path_key` of a `file:` URI, so URIs encoded differently by different clients match."""
    path = path_from_uri(uri)
    return None if path is None else path_key(path)


def _within(path: str, root: str) -> bool:
    """Whether normalized absolute `path` is `root` or lies below it."""
    if os.path.normcase(path) == os.path.normcase(root):
        return True
    prefix = root if root.endswith(os.sep) else root + os.sep
    return os.path.normcase(path).startswith(os.path.normcase(prefix))


class FolderPaths:
    """Resolves a dashboard's relative paths to files of one workspace folder, ignoring the rest.

    Paths are relative to the run's root when that directory exists here, else to the folder.
    A resolved file is reported under the folder's own spelling (not its symlink-free one), so
    URIs match the ones the client uses for the same files.
    """

    def __init__(self, folder: str, run_root: str = "") -> None:
        self.folder = os.path.normpath(folder)
        self._folder_real = os.path.realpath(self.folder)
        base = self.folder
        if run_root and os.path.isabs(run_root) and os.path.isdir(run_root):
            base = os.path.normpath(run_root)
        self.base = base
        self._cache: dict[str, str | None] = {}

    def resolve(self, path: str) -> str | None:
        """The absolute path of dashboard path `path` inside the folder, or None if it lies outside."""
        if path in self._cache:
            return self._cache[path]
        resolved: str | None = None
        if path:
            local = path.replace("/", os.sep) if os.sep != "/" else path
            joined = os.path.normpath(os.path.join(self.base, local))
            real = os.path.realpath(joined)
            if _within(real, self._folder_real):
                relative = os.path.relpath(real, self._folder_real)
                resolved = self.folder if relative == "." else os.path.join(self.folder, relative)
        self._cache[path] = resolved
        return resolved

    def contains(self, path: str) -> bool:
        """Whether absolute `path` lies inside the folder."""
        return _within(os.path.realpath(path), self._folder_real)
