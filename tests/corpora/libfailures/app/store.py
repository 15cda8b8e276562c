"""The stock ledger, kept in sqlite3 directly."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect() -> sqlite3.Connection:
    """An in-memory ledger with the stock table."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE stock (sku TEXT PRIMARY KEY, qty INTEGER NOT NULL)")
    return conn


def reserved_units() -> int:
    """Units reserved: the reservations table is not in the schema."""
    conn = connect()
    return conn.execute("SELECT SUM(qty) FROM reservations").fetchone()[0]  # ORIGIN: sqlite_no_such_table


def add_sku_twice() -> None:
    """Insert the same SKU twice."""
    conn = connect()
    conn.execute("INSERT INTO stock VALUES ('A-1', 3)")
    conn.execute("INSERT INTO stock VALUES ('A-1', 5)")  # ORIGIN: sqlite_unique


def restock(sku: str, qty: int) -> None:
    """Restock with the placeholders miscounted."""
    conn = connect()
    conn.execute("INSERT INTO stock VALUES (?, ?)", (sku,))  # ORIGIN: sqlite_bindings


def stock_after_close() -> int:
    """Read after the connection was closed by a context that owned it."""
    conn = connect()
    conn.close()
    return conn.execute("SELECT COUNT(*) FROM stock").fetchone()[0]  # ORIGIN: sqlite_closed


def write_readonly(path: Path) -> None:
    """Write through a read-only URI connection."""
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.execute("INSERT INTO t VALUES (1)")  # ORIGIN: sqlite_readonly


def audit_rows() -> list[tuple[str, int]]:
    """The audit query, logged around by an unrelated websocket."""
    conn = connect()
    return conn.execute("SELECT sku, qty FROM stock_audit").fetchall()  # ORIGIN: sqlite_no_table_noise


def missing_column() -> list[tuple[str]]:
    """Select a column that was renamed."""
    conn = connect()
    return conn.execute("SELECT quantity FROM stock").fetchall()  # ORIGIN: sqlite_no_column
