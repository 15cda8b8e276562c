"""Parsing the shop's imports: prices, dates, ids and encoded payloads (stdlib only)."""

from __future__ import annotations

import base64
import datetime
import json
import uuid
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any


class InvalidQuantity(ValueError):
    """A quantity the warehouse refused, in the warehouse's French."""


def price(raw: str) -> Decimal:
    """A price from the French supplier's sheet."""
    return Decimal(raw)  # ORIGIN: decimal_comma


def order_from_json(body: str) -> Any:
    """An order from a request body."""
    return json.loads(body)  # ORIGIN: json_decode


def order_from_json_noise(body: str) -> Any:
    """An order from a request body, while the websocket reconnects."""
    return json.loads(body)  # ORIGIN: json_decode_noise


def invoice_json(total: Decimal) -> str:
    """Serialise an invoice whose total is a Decimal."""
    return json.dumps({"total": total})  # ORIGIN: json_not_serializable


def delivery_date(raw: str) -> datetime.date:
    """A delivery date in ISO order."""
    return datetime.datetime.strptime(raw, "%Y-%m-%d").date()  # ORIGIN: strptime_month


def invoice_date(raw: str) -> datetime.date:
    """An invoice date written out in French."""
    return datetime.datetime.strptime(raw, "%d %B %Y").date()  # ORIGIN: strptime_french


def shipped_at(raw: str) -> datetime.datetime:
    """A shipping timestamp in ISO 8601."""
    return datetime.datetime.fromisoformat(raw)  # ORIGIN: fromisoformat


def quantity(raw: str) -> int:
    """A quantity typed by a clerk."""
    return int(raw)  # ORIGIN: int_parse


def weight(raw: str) -> float:
    """A parcel weight."""
    return float(raw)  # ORIGIN: float_parse


def order_id(raw: str) -> uuid.UUID:
    """An order id."""
    return uuid.UUID(raw)  # ORIGIN: uuid_parse


def attachment(encoded: str) -> bytes:
    """An attachment sent as base64."""
    return base64.b64decode(encoded, validate=True)  # ORIGIN: base64_invalid


def label_text(raw: bytes) -> str:
    """A label's text, decoded as UTF-8."""
    return raw.decode("utf-8")  # ORIGIN: unicode_decode_bytes


def supplier_sheet(path: Path) -> str:
    """The supplier's sheet, written in Latin-1 and read as UTF-8."""
    path.write_bytes("Café crème;3,50\n".encode("latin-1"))
    return path.read_text(encoding="utf-8")  # ORIGIN: unicode_decode_file


def ascii_slug(name: str) -> bytes:
    """A product slug for a legacy system that takes ASCII only."""
    return name.encode("ascii")  # ORIGIN: unicode_encode


def checked_quantity(raw: str) -> int:
    """A quantity the warehouse validates, refusing in French."""
    value = int(raw)
    if value <= 0:
        raise InvalidQuantity(f"Quantité invalide : {value} (doit être positive)")  # ORIGIN: quantity_fr
    return value


def tax_rate(raw: str) -> Decimal:
    """A tax rate from the Spanish office's sheet, refused in Spanish."""
    try:
        return Decimal(raw.rstrip("%").strip()) / 100  # ORIGIN: tax_rate_es
    except InvalidOperation as exc:
        raise ValueError(f"Tipo de IVA no válido: {raw!r}") from exc
