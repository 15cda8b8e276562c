"""Exports, uploads and archives on the local filesystem."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def read_export(folder: Path) -> str:
    """Today's export, which the nightly job has not written."""
    with open(folder / "export-today.csv", encoding="utf-8") as handle:  # ORIGIN: open_missing
        return handle.read()


def pathlib_report(folder: Path) -> str:
    """The monthly report through pathlib."""
    return (folder / "reports" / "2024-05.txt").read_text()  # ORIGIN: pathlib_missing


def write_into_directory(folder: Path) -> None:
    """Write the upload to a path that is a directory."""
    (folder / "upload").mkdir()
    (folder / "upload").write_text("data")  # ORIGIN: is_a_directory


def under_a_file(folder: Path) -> None:
    """Write under a path whose parent is a file."""
    (folder / "archive").write_text("not a folder")
    (folder / "archive" / "2024.zip").write_bytes(b"PK")  # ORIGIN: not_a_directory


def make_spool(folder: Path) -> None:
    """Create the spool directory, which already exists."""
    (folder / "spool").mkdir()
    os.mkdir(folder / "spool")  # ORIGIN: file_exists


def clear_cache(folder: Path) -> None:
    """Remove a cache folder that is not there."""
    shutil.rmtree(folder / "cache")  # ORIGIN: rmtree_missing


def list_inbox(folder: Path) -> list[str]:
    """The files of an inbox folder that was never created."""
    return os.listdir(folder / "inbox")  # ORIGIN: listdir_missing


def remove_lock(folder: Path) -> None:
    """Remove a lock file another process already removed."""
    (folder / "job.lock").unlink()  # ORIGIN: unlink_missing


def copy_label(folder: Path) -> None:
    """Copy a label into a folder that does not exist."""
    (folder / "label.pdf").write_bytes(b"%PDF")
    shutil.copy(folder / "label.pdf", folder / "outbox" / "sub" / "label.pdf")  # ORIGIN: copy_missing_dir


def remove_spool(folder: Path) -> None:
    """Remove a spool directory that still has files."""
    (folder / "spool").mkdir()
    (folder / "spool" / "job").write_text("x")
    os.rmdir(folder / "spool")  # ORIGIN: rmdir_not_empty


def read_upload_noise(folder: Path) -> bytes:
    """An upload that was never stored, while the websocket reconnects."""
    return (folder / "uploads" / "avatar.png").read_bytes()  # ORIGIN: missing_file_noise


def rename_into_missing(folder: Path) -> None:
    """Move an export into a folder nobody created."""
    (folder / "export.csv").write_text("x")
    os.rename(folder / "export.csv", folder / "done" / "export.csv")  # ORIGIN: rename_missing_dir
