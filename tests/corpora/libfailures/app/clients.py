"""Calls to the shop's partner services with requests, httpx, urllib and raw sockets."""

from __future__ import annotations

import asyncio
import http.client
import json
import smtplib
import socket
import urllib.request
from typing import Any

import httpx
import requests

SETTINGS = {"billing_url": "billing.internal:8080"}


class PaymentGatewayDown(Exception):
    """Der Zahlungsdienst ist nicht erreichbar (raised with the gateway's German message)."""


def stock_level(port: int) -> Any:
    """Ask the warehouse service for stock (nothing listens)."""
    return requests.get(f"http://127.0.0.1:{port}/stock", timeout=5).json()  # ORIGIN: requests_refused


def slow_quote(port: int) -> Any:
    """Ask the shipping service for a quote; it accepts and never answers."""
    return requests.get(f"http://127.0.0.1:{port}/quote", timeout=0.3).json()  # ORIGIN: requests_read_timeout


def product_feed(port: int, status: int) -> bytes:
    """Fetch the product feed and insist on success."""
    response = requests.get(f"http://127.0.0.1:{port}/status/{status}", timeout=5)
    response.raise_for_status()  # ORIGIN: requests_http_404, requests_http_503
    return response.content


def exchange_rates(port: int) -> Any:
    """Exchange rates, from an endpoint that answers a maintenance page."""
    return requests.get(f"http://127.0.0.1:{port}/html", timeout=5).json()  # ORIGIN: requests_json_decode


def invoices() -> Any:
    """Invoices from the billing service whose URL is configured without a scheme."""
    return requests.get(SETTINGS["billing_url"] + "/invoices", timeout=5).json()  # ORIGIN: requests_invalid_schema


def secure_ping(port: int) -> int:
    """Ping the partner over HTTPS, though it speaks plain HTTP."""
    return requests.get(f"https://127.0.0.1:{port}/status/200", timeout=5).status_code  # ORIGIN: requests_ssl


def loyalty_points(port: int) -> Any:
    """Loyalty points, logged around by the websocket's reconnects."""
    return requests.post(f"http://127.0.0.1:{port}/points", json={}, timeout=5).json()  # ORIGIN: requests_refused_noise


def tax_rate(port: int) -> Any:
    """The tax service, through httpx."""
    return httpx.get(f"http://127.0.0.1:{port}/tax", timeout=5).json()  # ORIGIN: httpx_refused


def fraud_score(port: int) -> Any:
    """The fraud service, which never answers within the deadline."""
    return httpx.get(f"http://127.0.0.1:{port}/score", timeout=0.3).json()  # ORIGIN: httpx_read_timeout


def coupon_check(port: int) -> Any:
    """Check a coupon; the service answers 500."""
    response = httpx.get(f"http://127.0.0.1:{port}/status/500", timeout=5)
    return response.raise_for_status()  # ORIGIN: httpx_status_error


def async_reviews(port: int) -> Any:
    """Reviews through httpx's async client."""

    async def fetch() -> Any:
        async with httpx.AsyncClient(timeout=5) as client:
            return (await client.get(f"http://127.0.0.1:{port}/reviews")).json()  # ORIGIN: httpx_async_refused

    return asyncio.run(fetch())


def legacy_catalogue(port: int) -> bytes:
    """The legacy catalogue through urllib."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/catalogue", timeout=5) as response:  # ORIGIN: urllib_refused
        return bytes(response.read())


def legacy_missing_page(port: int) -> bytes:
    """A legacy page that answers 404."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/status/404", timeout=5) as response:  # ORIGIN: urllib_http_error
        return bytes(response.read())


def printer_status(port: int) -> bytes:
    """The label printer's raw socket."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:  # ORIGIN: socket_refused
        return sock.recv(16)


def scale_reading(port: int) -> bytes:
    """A reading from the warehouse scale, which accepts and stays silent."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.settimeout(0.3)
        return sock.recv(16)  # ORIGIN: socket_timeout


def partner_status(port: int) -> int:
    """A partner whose server hangs up before answering."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", "/status")
    return conn.getresponse().status  # ORIGIN: http_remote_disconnected


def send_receipt(port: int) -> None:
    """Mail a receipt through an SMTP relay that is not running."""
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:  # ORIGIN: smtp_refused
        smtp.sendmail("shop@example.com", ["ada@example.com"], "receipt")


def charge_card(port: int) -> None:
    """Charge a card through the gateway, reporting the outage in the gateway's words."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()  # ORIGIN: payment_gateway_de
    except OSError as exc:
        raise PaymentGatewayDown("Verbindung zum Zahlungsdienst fehlgeschlagen") from exc


def webhook_body(port: int) -> Any:
    """Decode a webhook's JSON body, fetched from a page that is HTML."""
    raw = urllib.request.urlopen(f"http://127.0.0.1:{port}/html", timeout=5).read()
    return json.loads(raw)  # ORIGIN: urllib_json_decode
