"""Order business logic: plain programming errors in application code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PRICES = {"A-1": 9.5, "B-2": 4.0}
STOCK = {"A-1": 3}


@dataclass
class Order:
    """An order with its lines."""

    customer: str | None
    lines: list[tuple[str, int]]


def discount(total: float, rate: float) -> float:
    """A discounted total."""
    return total * (1 - rate)


def unit_price(sku: str) -> float:
    """The list price of a SKU."""
    return PRICES[sku]  # ORIGIN: dict_key_business


def in_stock(sku: str) -> int:
    """Units in stock, while the websocket reconnects."""
    return STOCK[sku]  # ORIGIN: dict_key_noise


def first_line(order: Order) -> tuple[str, int]:
    """The first line of an order."""
    return order.lines[0]  # ORIGIN: index_empty_list


def next_ticket(queue: list[str]) -> str:
    """Take the next support ticket."""
    return queue.pop()  # ORIGIN: pop_empty_list


def biggest_line(order: Order) -> int:
    """The largest quantity of an order."""
    return max(qty for _, qty in order.lines)  # ORIGIN: max_empty


def checkout_total(total: float) -> float:
    """Total with the loyalty discount, passing one argument too many."""
    return discount(total, 0.1, "loyalty")  # ORIGIN: typeerror_arg_count


def shipping_total(total: float) -> float:
    """Total with the discount, forgetting the rate."""
    return discount(total)  # ORIGIN: typeerror_missing_arg


def promo_total(total: float) -> float:
    """Total with a keyword the function does not take."""
    return discount(total, percent=10)  # ORIGIN: typeerror_unexpected_kw


def label(order: Order) -> str:
    """A label that adds a number to a string."""
    return "Order of " + len(order.lines) + " lines"  # ORIGIN: typeerror_operand


def customer_initial(order: Order) -> str:
    """The customer's initial; guest orders have none."""
    return order.customer[0]  # ORIGIN: typeerror_none_subscript


def customer_upper(order: Order) -> str:
    """The customer's name upper-cased; guest orders have none."""
    return order.customer.upper()  # ORIGIN: attribute_on_none


def line_count(order: Order) -> int:
    """Lines of an order, by an attribute the class does not have."""
    return len(order.items)  # ORIGIN: attribute_missing


def total_of(order: Order) -> float:
    """An order's total, calling the price table as if it were a function."""
    return sum(PRICES(sku) * qty for sku, qty in order.lines)  # ORIGIN: typeerror_not_callable


def tax(total: float) -> float:
    """Tax on a total, with a constant nobody defined."""
    return total * VAT_RATE  # ORIGIN: name_error  # noqa: F821


def rounded(total: float) -> float:
    """A total rounded when large, read before it was assigned otherwise."""
    if total > 100:
        result = round(total)
    return result  # ORIGIN: unbound_local


def category_depth(tree: dict[str, Any], name: str) -> int:
    """The depth of a category in a tree that refers to itself."""
    return 1 + category_depth(tree, tree[name])  # ORIGIN: recursion


def average_basket(orders: list[Order]) -> float:
    """The average basket size; no orders today."""
    return sum(len(o.lines) for o in orders) / len(orders)  # ORIGIN: zero_division


def average_basket_noise(orders: list[Order]) -> float:
    """The average basket size, while the websocket reconnects."""
    return sum(len(o.lines) for o in orders) / len(orders)  # ORIGIN: zero_division_noise


def json_helper_typo() -> Any:
    """Use a function the json module does not have."""
    import json

    return json.loadz("{}")  # ORIGIN: module_attribute


def frozen_total(order: Order) -> None:
    """Assign to a tuple line's quantity."""
    order.lines[0][1] = 5  # ORIGIN: tuple_assignment


def unpack_line(line: tuple[str, ...]) -> tuple[str, int]:
    """Unpack a line that has a third field."""
    sku, qty = line  # ORIGIN: unpack_too_many
    return sku, int(qty)
