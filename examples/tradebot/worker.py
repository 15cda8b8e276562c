"""A worker process of the bot: fetches quotes, times out, logs the exception and exits 3."""

from __future__ import annotations

import logging
import sys

log = logging.getLogger("tradebot.worker")


def fetch_quotes(symbol: str) -> list[float]:
    raise TimeoutError(f"quote service did not answer for {symbol} within 2.0s")


def main() -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        fetch_quotes("BTC-USD")
    except TimeoutError:
        log.exception("Worker job failed")
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
