"""Blocking work off the event loop, with a time limit, on a thread that never delays exit.

`asyncio.to_thread` would do the work but not the exit: `asyncio.run` joins the default
executor's threads on the way out, so one stuck read made the server ignore `exit`. A daemon
thread of our own is abandoned at the time limit and dies with the process.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


async def run_off_loop(work: Callable[[], T], timeout_s: float, name: str = "llm-brief") -> T:
    """`work()`'s result, computed on a daemon thread; `asyncio.TimeoutError` after `timeout_s`.

    On a timeout the thread is left to finish on its own and its result is dropped.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def deliver(result: T | None, error: BaseException | None) -> None:
        if done.done():  # timed out and cancelled: nobody waits for it any more
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        result: T | None = None
        error: BaseException | None = None
        try:
            result = work()
        except BaseException as exc:  # handed to the awaiting side, which decides
            error = exc
        # The loop may be closed by then (the server exited): nothing is left to tell.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(deliver, result, error)

    threading.Thread(target=run, name=name, daemon=True).start()
    return await asyncio.wait_for(done, timeout_s)
