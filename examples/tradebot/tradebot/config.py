"""Settings loading."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("tradebot.config")

DEFAULTS: dict[str, Any] = {
    "exchange": {"name": "binance-test", "api_secret": "sk_live_51HbQz4Kx9vTq2WnR8mPa7cJd"},
    "risk": {"max_position": 0.25},
}


def load_settings(raw: dict[str, Any] | None = None) -> dict[str, Any]:
    settings = dict(DEFAULTS if raw is None else raw)
    log.info("Loaded settings for exchange %s", settings["exchange"]["name"])
    log.debug("Effective settings: %s", settings)  # leaks api_secret when DEBUG is captured
    if settings["exchange"].get("api_secret", "").startswith("sk_live_"):
        log.warning("Using a LIVE key in tests: api_secret=%s", settings["exchange"]["api_secret"])
    return settings


def exchange_timeout(settings: dict[str, Any]) -> float:
    return float(settings["exchange"]["timeout_s"])
