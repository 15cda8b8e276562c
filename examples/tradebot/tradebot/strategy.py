"""Position sizing."""

from __future__ import annotations


def position_size(balance: float, risk: float, price: float) -> float:
    return round(balance * risk / price, 4)
