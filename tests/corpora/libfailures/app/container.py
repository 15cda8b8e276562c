"""The shop's dependency-injection container: services registered by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class ServiceNotRegistered(LookupError):
    """No provider was registered for a service name."""


class DienstNichtRegistriert(LookupError):
    """Kein Anbieter für einen Dienst registriert (the German container's error)."""


class Container:
    """Providers by service name, resolved on demand."""

    def __init__(self) -> None:
        self.providers: dict[str, Callable[[Container], Any]] = {}

    def register(self, name: str, provider: Callable[[Container], Any]) -> None:
        """Register the provider of a service."""
        self.providers[name] = provider

    def resolve(self, name: str) -> Any:
        """The service registered under a name."""
        if name not in self.providers:
            raise ServiceNotRegistered(f"no provider registered for service {name!r}")  # ORIGIN: di_missing_service, di_missing_nested, di_missing_noise
        return self.providers[name](self)  # ORIGIN: di_provider_signature

    def auflösen(self, name: str) -> Any:
        """The German container's resolve."""
        if name not in self.providers:
            raise DienstNichtRegistriert(f"Dienst {name!r} ist nicht registriert")  # ORIGIN: di_missing_de
        return self.providers[name](self)


def wired() -> Container:
    """The container as the app wires it: no mailer, a checkout that needs one."""
    container = Container()
    container.register("repository", lambda c: object())
    container.register("checkout", lambda c: (c.resolve("repository"), c.resolve("payments")))
    return container


def provider_with_wrong_signature() -> Any:
    """A provider registered with the wrong arity."""
    container = Container()
    container.register("clock", lambda: object())  # type: ignore[arg-type,misc]
    return container.resolve("clock")
