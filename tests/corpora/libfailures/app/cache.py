"""The session cache in Redis."""

from __future__ import annotations

import asyncio

import redis
import redis.asyncio
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff
from redis.retry import Retry

# Fail fast: the default retries with backoff would only delay the same error.
NO_RETRY = Retry(NoBackoff(), 0)
NO_ASYNC_RETRY = AsyncRetry(NoBackoff(), 0)


def cart_size(port: int) -> int:
    """Items in a cart, from a Redis that is not running."""
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=2, retry=NO_RETRY)
    return int(client.llen("cart:42"))  # ORIGIN: redis_refused


def remember_session(port: int) -> None:
    """Store a session id, logged around by the websocket's reconnects."""
    redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=2, retry=NO_RETRY).set("session:1", "x")  # ORIGIN: redis_refused_noise


def async_rate_limit(port: int) -> int:
    """The rate-limit counter through redis.asyncio."""

    async def bump() -> int:
        client = redis.asyncio.Redis(
            host="127.0.0.1", port=port, socket_connect_timeout=2, retry=NO_ASYNC_RETRY
        )
        try:
            return int(await client.incr("rate:ip"))  # ORIGIN: redis_async_refused
        finally:
            await client.aclose()

    return asyncio.run(bump())


def client_from_settings(url: str) -> redis.Redis:
    """A client from the configured cache URL."""
    return redis.Redis.from_url(url)  # ORIGIN: redis_bad_url
