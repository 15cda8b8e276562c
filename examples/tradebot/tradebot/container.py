"""A minimal dependency-injection container."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger("tradebot.container")


class Container:
    def __init__(self) -> None:
        self._providers: dict[str, Callable[[], Any]] = {}

    def register(self, name: str, factory: Callable[[], Any]) -> None:
        self._providers[name] = factory

    def resolve(self, name: str) -> Any:
        try:
            factory = self._providers[name]
        except KeyError:
            raise LookupError(f"No provider registered for {name!r}") from None
        return factory()


def build_container() -> Container:
    container = Container()
    container.register("Clock", lambda: "clock")
    # The ExchangeClient provider was dropped in a refactor; the order tests depend on it.
    log.info("Container built with %d providers", 1)
    return container
