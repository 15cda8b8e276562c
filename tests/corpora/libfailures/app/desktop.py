"""The warehouse's label-printing desktop tool (Tk)."""

from __future__ import annotations

import tkinter


def open_window() -> tkinter.Tk:
    """Open the main window on a machine without a display."""
    return tkinter.Tk()  # ORIGIN: tk_no_display


def label_preview() -> tkinter.Label:
    """A preview label, created before any window exists."""
    return tkinter.Label(text="preview")  # ORIGIN: tk_no_root
