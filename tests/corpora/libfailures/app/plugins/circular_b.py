"""The other half: imports a name from circular_a while circular_a is still loading."""

from __future__ import annotations

from app.plugins.circular_a import BASE  # ORIGIN: import_circular


def rate() -> float:
    """A rate relative to circular_a's base."""
    return BASE / 100
