"""Invariant checks the app asserts, and helpers its tests share."""

from __future__ import annotations

from typing import Any
from unittest import mock


def invoice_total(lines: list[float], total: float) -> float:
    """An invoice's total, asserted to match its lines."""
    assert abs(sum(lines) - total) < 0.01, f"total {total} != sum of lines {sum(lines)}"  # ORIGIN: assert_invariant
    return total


def stock_after(stock: int, sold: int) -> int:
    """Stock after a sale, never negative."""
    remaining = stock - sold
    assert remaining >= 0  # ORIGIN: assert_bare
    return remaining


def expect_receipt_sent(mailer: mock.Mock, email: str) -> None:
    """Check that checkout mailed the receipt to the customer."""
    mailer.send.assert_called_once_with(email, subject="Your receipt")  # ORIGIN: mock_called_with


def expect_no_refund(gateway: mock.Mock) -> None:
    """Check that no refund was issued."""
    gateway.refund.assert_not_called()  # ORIGIN: mock_not_called


def expect_same_basket(got: dict[str, Any], expected: dict[str, Any]) -> None:
    """Compare two baskets, while the websocket reconnects."""
    assert got == expected  # ORIGIN: assert_dict_noise


def checkout(mailer: Any, email: str) -> None:
    """Checkout: mails the receipt with the wrong subject."""
    mailer.send(email, subject="Receipt")


def refund(gateway: Any) -> None:
    """A refund that should not have happened."""
    gateway.refund(amount=5)
