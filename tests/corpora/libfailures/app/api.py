"""The public API, a FastAPI application tested through Starlette's TestClient."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient
from pydantic import BaseModel


class OrderIn(BaseModel):
    """An order as the API accepts it."""

    sku: str
    qty: int


class OrderOut(BaseModel):
    """An order as the API returns it."""

    sku: str
    qty: int
    total: float


def mailer(request: Request) -> object:
    """The mailer service the app registers at startup."""
    return request.app.state.mailer  # ORIGIN: fastapi_state_service


def api_token() -> str:
    """The API token from the environment."""
    return os.environ["SHOP_API_TOKEN"]  # ORIGIN: fastapi_env_dependency


def shipping_cost(weight: float, zone: str) -> float:
    """Shipping cost by weight and zone."""
    return weight * {"eu": 1.5, "us": 2.0}[zone]


def create_api() -> FastAPI:
    """The API with its routes."""
    api = FastAPI()

    @api.post("/orders")
    def create_order(order: OrderIn) -> dict[str, object]:
        return {"sku": order.sku, "qty": order.qty}

    @api.get("/orders/{sku}", response_model=OrderOut)
    def read_order(sku: str) -> dict[str, object]:
        return {"sku": sku, "qty": 1}

    @api.post("/notify")
    def notify(service: object = Depends(mailer)) -> dict[str, str]:
        return {"sent": str(service)}

    @api.get("/me")
    def me(token: str = Depends(api_token)) -> dict[str, str]:
        return {"token": token[:2]}

    @api.get("/shipping")
    def shipping(weight: float) -> dict[str, float]:
        return {"cost": shipping_cost(weight)}  # ORIGIN: fastapi_route_typeerror

    return api


def submit_order(payload: dict[str, object]) -> dict[str, object]:
    """Post an order and insist on success."""
    client = TestClient(create_api())
    response = client.post("/orders", json=payload)
    response.raise_for_status()  # ORIGIN: fastapi_422
    return dict(response.json())


def fetch_order(sku: str) -> dict[str, object]:
    """Read an order back; the route returns less than its response model."""
    client = TestClient(create_api())
    return dict(client.get(f"/orders/{sku}").json())  # ORIGIN: fastapi_response_validation


def call(path: str, method: str = "GET") -> int:
    """Call a route and return its status."""
    client = TestClient(create_api())
    return client.request(method, path).status_code


def order_path(sku: str) -> str:
    """The path of a route by a name it does not have."""
    return create_api().url_path_for("get_order", sku=sku)  # ORIGIN: starlette_no_match


def start_with_cache(port: int) -> None:
    """Start the API with a lifespan that connects to the cache."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=2, retry=Retry(NoBackoff(), 0)).ping()  # ORIGIN: fastapi_lifespan_redis
        yield

    with TestClient(FastAPI(lifespan=lifespan)):
        pass
