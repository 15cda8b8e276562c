"""Order storage on sqlite."""

from __future__ import annotations

import logging
import sqlite3

log = logging.getLogger("tradebot.db")

DSN = "postgresql://bot:hunter2-Sup3rS3cret@db.internal:5432/trades"


class OrderStore:
    def __init__(self, path: str = ":memory:", migrate: bool = False) -> None:
        log.info("Connecting to %s", DSN)
        self.conn = sqlite3.connect(path)
        if migrate:
            self.conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, symbol TEXT, qty REAL)")

    def open_orders(self) -> list[tuple[int, str, float]]:
        return self.conn.execute("SELECT id, symbol, qty FROM orders").fetchall()

    def add(self, symbol: str, qty: float) -> None:
        self.conn.execute("INSERT INTO orders (symbol, qty) VALUES (?, ?)", (symbol, qty))
