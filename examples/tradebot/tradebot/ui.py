"""The (headless) order ticket widget."""

from __future__ import annotations

import warnings


class Ticket:
    def __init__(self) -> None:
        self.text = ""

    def set_text(self, text: str) -> None:
        warnings.warn("Ticket.set_text() is deprecated; assign Ticket.text", DeprecationWarning, stacklevel=2)
        self.text = text
