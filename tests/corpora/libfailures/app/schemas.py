"""Payload and settings models, with pydantic 2 and pydantic-settings."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class LineItem(BaseModel):
    """One line of an order."""

    sku: str
    qty: int = Field(gt=0)


class Refund(BaseModel):
    """A refund; the validator speaks German like the back office."""

    amount: float

    @field_validator("amount")
    @classmethod
    def positive(cls, value: float) -> float:
        """Refunds are positive."""
        if value <= 0:
            raise ValueError("Betrag muss positiv sein")
        return value


class Address(BaseModel):
    """A shipping address; unknown keys are refused."""

    model_config = ConfigDict(extra="forbid")
    street: str
    city: str


class ShopSettings(BaseSettings):
    """The shop's settings from the environment."""

    model_config = SettingsConfigDict(env_prefix="SHOP_")
    database_url: str
    workers: int = 4


def line_item(payload: dict[str, Any]) -> LineItem:
    """Validate an order line from a request payload."""
    return LineItem(**payload)  # ORIGIN: pyd_int_parsing, pyd_missing_field, pyd_greater_than


def line_from_json(raw: str) -> LineItem:
    """Validate an order line from a raw JSON body."""
    return LineItem.model_validate_json(raw)  # ORIGIN: pyd_invalid_json


def refund(amount: float) -> Refund:
    """A refund for an amount."""
    return Refund(amount=amount)  # ORIGIN: pyd_custom_validator_de


def address(payload: dict[str, Any]) -> Address:
    """A shipping address from a form."""
    return Address.model_validate(payload)  # ORIGIN: pyd_extra_forbidden


def quantities(values: list[Any]) -> list[int]:
    """A list of quantities from a CSV column."""
    return TypeAdapter(list[int]).validate_python(values)  # ORIGIN: pyd_type_adapter


def settings() -> ShopSettings:
    """The settings, read from the environment at startup."""
    return ShopSettings()  # ORIGIN: pyd_settings_missing_env, pyd_settings_bad_env


def line_with_noise(payload: dict[str, Any]) -> LineItem:
    """Validate an order line while the websocket reconnects."""
    return LineItem.model_validate(payload)  # ORIGIN: pyd_validation_noise


class Basket(BaseModel):
    """A basket of lines, declared before its line type exists."""

    lines: list[FutureLine]  # noqa: F821


def basket(payload: dict[str, Any]) -> Basket:
    """A basket from a payload; the model was never completed."""
    return Basket.model_validate(payload)  # ORIGIN: pyd_not_fully_defined
