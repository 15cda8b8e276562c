"""Cases for asyncio and aiohttp."""

from __future__ import annotations

from corpora.libfailures.corpus import Case

T = "from app import tasks\ntasks."

CASES = [
    Case("never_awaited_subscript", "async", "TypeError", T + "price_of('A-1')"),
    Case("never_awaited_attribute", "async", "AttributeError", T + "user_name(7)"),
    Case("never_awaited_noise", "async", "TypeError", T + "price_with_noise('B-2')", noise=True),
    Case("asyncio_wait_for_timeout", "timeout", "TimeoutError", T + "slow_report()"),
    Case("asyncio_cancelled", "async", "asyncio.exceptions.CancelledError", T + "cancelled_job()"),
    Case("asyncio_nested_run", "async", "RuntimeError", T + "nested_run()"),
    Case("asyncio_no_running_loop", "async", "RuntimeError", T + "schedule_refresh()"),
    Case("asyncio_queue_empty", "async", "asyncio.queues.QueueEmpty", T + "next_job()"),
    Case(
        "asyncio_invalid_state",
        "async",
        "asyncio.exceptions.InvalidStateError",
        T + "unfinished_result()",
    ),
    Case(
        "asyncio_open_refused",
        "network",
        "ConnectionRefusedError",
        T + "open_warehouse(closed_port)",
        uses=("closed_port",),
    ),
    Case(
        "taskgroup_refused",
        "network",
        "ExceptionGroup",
        T + "sync_all(closed_port)",
        uses=("closed_port",),
        since=(3, 11),
    ),
    Case(
        "taskgroup_value_error",
        "data",
        "ExceptionGroup",
        T + "parse_all(['3', 'drei'])",
        since=(3, 11),
    ),
    Case(
        "asyncio_timeout_block", "timeout", "TimeoutError", T + "deadline_report()", since=(3, 11)
    ),
    Case(
        "aiohttp_refused",
        "network",
        "aiohttp.client_exceptions.ClientConnectorError",
        T + "partner_catalogue(closed_port)",
        uses=("closed_port",),
    ),
    Case(
        "aiohttp_status",
        "network",
        "aiohttp.client_exceptions.ClientResponseError",
        T + "partner_missing(http_port)",
        uses=("http_port",),
    ),
    Case(
        "aiohttp_timeout",
        "timeout",
        "TimeoutError",
        T + "partner_slow(silent_port)",
        uses=("silent_port",),
    ),
    Case(
        "aiohttp_content_type",
        "data",
        "aiohttp.client_exceptions.ContentTypeError",
        T + "partner_html(http_port)",
        uses=("http_port",),
    ),
]
