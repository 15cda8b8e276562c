"""The output directory: its layout, atomic writes, pruning, and run ids. Side effects live here."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

DASHBOARD = "dashboard.json"
BRIEFING = "briefing.md"
JOURNALS = "journal"
HISTORY = "history"


def new_run_id(now: float | None = None) -> str:
    """A sortable, collision-free run id: UTC time plus random suffix (two runs at once differ)."""
    moment = now if now is not None else time.time()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(moment))
    micros = int((moment % 1) * 1_000_000)
    # microseconds keep runs in order when several start within one second (history relies on it)
    return f"{stamp}{micros:06d}-{os.urandom(3).hex()}"


# Every file and folder under the output directory is private to the user: they hold captured
# output, which may carry secrets redaction could not know (0600 files, 0700 folders).
FILE_MODE = 0o600
FOLDER_MODE = 0o700


def make_folder(folder: Path) -> None:
    """Create `folder` (and its parents) with the private folder mode."""
    if folder.is_dir():
        return
    # mkdir -p gives the parents the default mode; each missing level is made private here.
    make_folder(folder.parent)
    folder.mkdir(mode=FOLDER_MODE, exist_ok=True)


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half of one."""
    make_folder(path.parent)
    # mkstemp creates the file 0600, the mode every output file has
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n", errors="replace") as fh:
            fh.write(text)
        # rename is what makes readers see all or nothing; fsync would only add crash
        # durability, at a cost paid by every test run
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def mark_stale(path: Path, note: str) -> bool:
    """Write `note` over the second line of the earlier file at `path`, in place, when it fits.

    For a run that could not write its briefing (a full disk, most often): the earlier briefing
    stays, but no longer reads as this run's. Bytes are overwritten inside the file's own length,
    so no new space is needed; the rest of the briefing is kept as it was.
    """
    data = note.encode("utf-8")
    try:
        with path.open("r+b") as fh:
            first, newline, rest = fh.read(4096).partition(b"\n")
            second, newline_after, _ = rest.partition(b"\n")
            if not newline or not newline_after or len(data) > len(second):
                return False
            fh.seek(len(first) + 1)
            fh.write(data.ljust(len(second)))
    except OSError:
        return False
    return True


def prune(folder: Path, keep: int, pattern: str) -> None:
    """Delete all but the newest `keep` files matching `pattern` in `folder`."""
    if not folder.is_dir():
        return
    files = sorted(folder.glob(pattern))
    for old in files[: max(0, len(files) - keep)]:
        with contextlib.suppress(OSError):
            old.unlink()
