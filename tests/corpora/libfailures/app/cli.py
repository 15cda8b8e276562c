"""The shop's command line, built with click."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click


def port_in_range(ctx: click.Context, param: click.Parameter, value: int) -> int:
    """Accept only TCP ports."""
    if not 0 < value < 65536:
        raise click.BadParameter(f"{value} is not a TCP port (1-65535)")  # ORIGIN: click_bad_param_callback
    return value


class Money(click.ParamType):
    """An amount such as `12.50`."""

    name = "money"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Decimal:
        try:
            return Decimal(str(value).split()[0])  # ORIGIN: click_bad_param_type
        except InvalidOperation:
            self.fail(f"{value!r} is not an amount", param, ctx)


@click.command()
@click.option("--port", type=int, callback=port_in_range, default=8000)
def serve(port: int) -> None:
    """Serve the shop."""
    click.echo(f"serving on {port}")


@click.command()
@click.argument("amount", type=Money())
def charge(amount: Decimal) -> None:
    """Charge an amount."""
    click.echo(f"charged {amount}")


@click.command()
@click.option("--config", "config_path", type=str, required=True)
def load(config_path: str) -> None:
    """Load the shop's config file."""
    click.echo(Path(config_path).read_text())  # ORIGIN: click_command_file


@click.group()
def shop() -> None:
    """The shop's admin commands."""


@shop.command()
@click.option("--format", "fmt", required=True)
def export(fmt: str) -> None:
    """Export the catalogue."""
    click.echo(fmt)


def main(argv: list[str]) -> None:
    """The console entry point, returning to the caller instead of exiting."""
    shop.main(args=argv, standalone_mode=False)  # ORIGIN: click_missing_option, click_no_such_option
