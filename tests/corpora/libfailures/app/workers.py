"""Worker threads, queues, locks and big allocations."""

from __future__ import annotations

import concurrent.futures
import queue
import threading
import time


def slow_pricing() -> float:
    """A pricing job that runs past its deadline."""
    done = threading.Event()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(done.wait, 5)
        try:
            return float(future.result(timeout=0.2))  # ORIGIN: future_timeout
        finally:
            done.set()


def next_label(jobs: queue.Queue[str]) -> str:
    """The next label to print, waiting a little."""
    return jobs.get(timeout=0.2)  # ORIGIN: queue_empty_timeout


def full_spool(jobs: queue.Queue[str]) -> None:
    """Add a job to a spool that is full."""
    jobs.put("label-2", timeout=0.2)  # ORIGIN: queue_full_timeout


def image_buffer() -> bytearray:
    """A buffer for every label image of the year at once."""
    return bytearray(2**52)  # ORIGIN: memory_bytearray


def wait_for_printer() -> None:
    """Wait for the printer with a deadline (monotonic), raising the app's own timeout."""
    deadline = time.monotonic() + 0.1
    ready = threading.Event()
    if not ready.wait(max(0.0, deadline - time.monotonic())):
        raise TimeoutError("printer did not become ready within 0.1s")  # ORIGIN: app_timeout
