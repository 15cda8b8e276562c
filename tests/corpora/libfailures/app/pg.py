"""The reporting database in PostgreSQL, through psycopg 3."""

from __future__ import annotations

import asyncio

import psycopg


def monthly_revenue(port: int) -> float:
    """Revenue from a PostgreSQL server that is not running."""
    with psycopg.connect(host="127.0.0.1", port=port, dbname="reports", connect_timeout=2) as conn:  # ORIGIN: psycopg_refused
        return float(conn.execute("SELECT 1").fetchone()[0])


def connect_with(dsn: str) -> None:
    """Connect with the configured DSN string."""
    psycopg.connect(dsn, connect_timeout=2).close()  # ORIGIN: psycopg_bad_dsn


def async_revenue(port: int) -> None:
    """Revenue through an async connection to a server that is not running."""

    async def query() -> None:
        conn = await psycopg.AsyncConnection.connect(host="127.0.0.1", port=port, connect_timeout=2)  # ORIGIN: psycopg_async_refused
        await conn.close()

    asyncio.run(query())
