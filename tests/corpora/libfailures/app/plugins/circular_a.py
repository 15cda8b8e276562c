"""Half of a circular import: imports from circular_b at module level."""

from __future__ import annotations

from app.plugins.circular_b import rate

BASE = 10


def price() -> float:
    """A price using circular_b's rate."""
    return BASE * rate()
