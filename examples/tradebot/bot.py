"""The bot's entry point, and llm-brief's app-launch example: `llm-brief run -- python bot.py`.

It connects to the order database, fights a flaky market feed (15 reconnect warnings), idles for
BOT_SLEEP seconds, hands a job to a worker process (which times out and exits 3), then crashes
computing the average fill of an empty order book.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from tradebot.db import OrderStore
from tradebot.websocket import MarketFeed

FEED_FAILURES = 15


class FlakyFeed(MarketFeed):
    """The market feed, whose server accepts the connection on the 16th dial."""

    def __init__(self) -> None:
        super().__init__(retries=25)
        self.dials = 0

    def _dial(self) -> None:
        self.dials += 1
        if self.dials <= FEED_FAILURES:
            raise OSError(111, "Connection refused")


def average_fill(filled: float, orders: int) -> float:
    return filled / orders


def main() -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    store = OrderStore(migrate=True)
    FlakyFeed().connect()
    print("feed connected; waiting for the market to open", flush=True)
    time.sleep(float(os.environ.get("BOT_SLEEP", "3")))
    worker = Path(__file__).with_name("worker.py")
    done = subprocess.run([sys.executable, str(worker)], check=False)
    print(f"worker exited with status {done.returncode}", flush=True)
    print(f"average fill: {average_fill(0.0, len(store.open_orders()))}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
