"""Background jobs on asyncio, and partner calls through aiohttp."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp


async def fetch_price(sku: str) -> dict[str, float]:
    """The price of a SKU from the pricing service."""
    await asyncio.sleep(0)
    return {"price": 9.5}


async def fetch_user(user_id: int) -> dict[str, str]:
    """A user record."""
    await asyncio.sleep(0)
    return {"name": "Ada"}


def price_of(sku: str) -> float:
    """The price, called from sync code that forgot to await the coroutine."""
    return fetch_price(sku)["price"]  # ORIGIN: never_awaited_subscript


def user_name(user_id: int) -> str:
    """A user's name, from a coroutine used as if it were the record."""
    return fetch_user(user_id).name  # ORIGIN: never_awaited_attribute


def slow_report() -> None:
    """A report job given a deadline it cannot meet."""

    async def job() -> None:
        await asyncio.wait_for(asyncio.sleep(5), timeout=0.05)  # ORIGIN: asyncio_wait_for_timeout

    asyncio.run(job())


def cancelled_job() -> None:
    """Await a job that a shutdown cancelled."""

    async def main() -> None:
        task = asyncio.ensure_future(asyncio.sleep(5))
        await asyncio.sleep(0)
        task.cancel()
        await task  # ORIGIN: asyncio_cancelled

    asyncio.run(main())


def nested_run() -> None:
    """Start an event loop from inside a running one."""

    async def inner() -> None:
        await asyncio.sleep(0)

    async def outer() -> None:
        coro = inner()
        try:
            asyncio.run(coro)  # ORIGIN: asyncio_nested_run
        finally:
            coro.close()

    asyncio.run(outer())


def schedule_refresh() -> None:
    """Schedule a refresh from sync code where no loop runs."""
    loop = asyncio.get_running_loop()  # ORIGIN: asyncio_no_running_loop
    loop.call_soon(print)


def next_job() -> Any:
    """The next queued job, without waiting for one."""

    async def take() -> Any:
        return asyncio.Queue().get_nowait()  # ORIGIN: asyncio_queue_empty

    return asyncio.run(take())


def unfinished_result() -> Any:
    """Read a future's result before anyone set it."""

    async def read() -> Any:
        return asyncio.get_running_loop().create_future().result()  # ORIGIN: asyncio_invalid_state

    return asyncio.run(read())


async def _open(port: int) -> None:
    _reader, writer = await asyncio.open_connection("127.0.0.1", port)  # ORIGIN: taskgroup_refused, asyncio_open_refused
    writer.close()


async def _parse(raw: str) -> int:
    await asyncio.sleep(0)
    return int(raw)  # ORIGIN: taskgroup_value_error


def sync_all(port: int) -> None:
    """Sync the warehouse and the shop in one task group; the warehouse is down."""

    async def main() -> None:
        async with asyncio.TaskGroup() as group:
            group.create_task(_open(port))
            group.create_task(asyncio.sleep(0.5))

    asyncio.run(main())


def parse_all(values: list[str]) -> None:
    """Parse a batch of quantities concurrently."""

    async def main() -> None:
        async with asyncio.TaskGroup() as group:
            for value in values:
                group.create_task(_parse(value))

    asyncio.run(main())


def open_warehouse(port: int) -> None:
    """Open the warehouse stream directly."""
    asyncio.run(_open(port))


def deadline_report() -> None:
    """A report inside an `asyncio.timeout` block that is too short."""

    async def job() -> None:
        async with asyncio.timeout(0.05):
            await asyncio.sleep(5)  # ORIGIN: asyncio_timeout_block

    asyncio.run(job())


def partner_catalogue(port: int) -> Any:
    """The partner catalogue through aiohttp; nothing listens."""

    async def fetch() -> Any:
        async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/catalogue") as response:  # ORIGIN: aiohttp_refused
            return await response.json()

    return asyncio.run(fetch())


def partner_missing(port: int) -> Any:
    """A partner page that answers 404, checked with raise_for_status."""

    async def fetch() -> Any:
        async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/status/404") as response:
            response.raise_for_status()  # ORIGIN: aiohttp_status
            return await response.read()

    return asyncio.run(fetch())


def partner_slow(port: int) -> Any:
    """A partner that accepts and never answers, with a short total timeout."""

    async def fetch() -> Any:
        timeout = aiohttp.ClientTimeout(total=0.3)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(f"http://127.0.0.1:{port}/slow") as response:  # ORIGIN: aiohttp_timeout
            return await response.read()

    return asyncio.run(fetch())


def partner_html(port: int) -> Any:
    """Decode JSON from a partner page that is HTML."""

    async def fetch() -> Any:
        async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/html") as response:
            return await response.json()  # ORIGIN: aiohttp_content_type

    return asyncio.run(fetch())


def price_with_noise(sku: str) -> float:
    """The price again, forgetting the await, while the websocket reconnects."""
    return fetch_price(sku)["price"]  # ORIGIN: never_awaited_noise
