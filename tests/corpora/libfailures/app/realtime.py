"""The shop's live-price websocket: it logs reconnects that have nothing to do with most failures."""

from __future__ import annotations

import logging

log = logging.getLogger("app.realtime")


def reconnect_storm() -> None:
    """Log what a flaky websocket logs while a test runs: reconnect warnings and a reset."""
    for attempt in range(1, 4):
        log.warning("websocket connection lost (ConnectionResetError), reconnecting in %ds", attempt)
    log.error("websocket handshake timed out after 5.0s; retrying wss://prices.example/stream")
    log.info("websocket reconnected after 3 attempts")
