"""The market-data websocket client."""

from __future__ import annotations

import logging

log = logging.getLogger("tradebot.websocket")

FEED_URL = "wss://stream.exchange.test/ws?access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl"


class MarketFeed:
    def __init__(self, url: str = FEED_URL, retries: int = 25) -> None:
        self.url = url
        self.retries = retries

    def _dial(self) -> None:
        raise OSError(111, "Connection refused")

    def connect(self) -> None:
        for attempt in range(1, self.retries + 1):
            try:
                self._dial()
                return
            except OSError:
                log.warning("Reconnect attempt %d/%d failed, retrying", attempt, self.retries)
        raise ConnectionError(f"Could not reach market feed {self.url} after {self.retries} attempts")
