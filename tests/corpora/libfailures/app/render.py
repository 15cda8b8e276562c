"""Emails and labels rendered with Jinja2."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

STRICT = Environment(undefined=StrictUndefined)
LENIENT = Environment()


def order_total() -> str:
    """The order-total line, rendered without the order in the context."""
    return STRICT.from_string("Total: {{ order.total }}").render()  # ORIGIN: jinja_strict_undefined


def profile_card(user: dict[str, str]) -> str:
    """A profile card reading a nested attribute the user does not have."""
    return LENIENT.from_string("{{ user.profile.city }}").render(user=user)  # ORIGIN: jinja_undefined_attribute


def sale_banner() -> str:
    """A banner template that never closes its `if`."""
    return LENIENT.from_string("{% if sale %}Sale!").render(sale=True)  # ORIGIN: jinja_syntax


def invoice_mail(folder: Path) -> str:
    """The invoice mail, from a template folder that lacks it."""
    env = Environment(loader=FileSystemLoader(folder))
    return env.get_template("mail/invoice.txt").render()  # ORIGIN: jinja_not_found


def price_label(price: float) -> str:
    """A label using a filter that was never registered."""
    return LENIENT.from_string("{{ price|money }}").render(price=price)  # ORIGIN: jinja_unknown_filter


def price_suffix(price: int) -> str:
    """A label adding a string to a number inside the template."""
    return LENIENT.from_string("{{ price + ' EUR' }}").render(price=price)  # ORIGIN: jinja_type_error


def footer() -> str:
    """The footer, whose context lost the shop's address."""
    return STRICT.from_string("{{ shop.address.street }}").render(shop={})  # ORIGIN: jinja_undefined_noise
