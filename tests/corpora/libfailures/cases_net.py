"""Cases for HTTP clients, sockets and services: requests, httpx, urllib, redis, psycopg, boto3."""

from __future__ import annotations

from corpora.libfailures.corpus import Case

N = "from app import clients\nclients."
R = "from app import cache\ncache."
P = "from app import pg\npg."
W = "from app import aws\naws."
CLOSED = ("closed_port",)
SILENT = ("silent_port",)
HTTP = ("http_port",)

CASES = [
    Case(
        "requests_refused",
        "network",
        "requests.exceptions.ConnectionError",
        N + "stock_level(closed_port)",
        uses=CLOSED,
    ),
    Case(
        "requests_read_timeout",
        "timeout",
        "requests.exceptions.ReadTimeout",
        N + "slow_quote(silent_port)",
        uses=SILENT,
    ),
    Case(
        "requests_http_404",
        "network",
        "requests.exceptions.HTTPError",
        N + "product_feed(http_port, 404)",
        uses=HTTP,
    ),
    Case(
        "requests_http_503",
        "network",
        "requests.exceptions.HTTPError",
        N + "product_feed(http_port, 503)",
        uses=HTTP,
    ),
    Case(
        "requests_json_decode",
        "data",
        "requests.exceptions.JSONDecodeError",
        N + "exchange_rates(http_port)",
        uses=HTTP,
    ),
    Case(
        "requests_invalid_schema", "config", "requests.exceptions.InvalidSchema", N + "invoices()"
    ),
    Case(
        "requests_ssl",
        "network",
        "requests.exceptions.SSLError",
        N + "secure_ping(http_port)",
        uses=HTTP,
    ),
    Case(
        "requests_refused_noise",
        "network",
        "requests.exceptions.ConnectionError",
        N + "loyalty_points(closed_port)",
        uses=CLOSED,
        noise=True,
    ),
    Case(
        "httpx_refused", "network", "httpx.ConnectError", N + "tax_rate(closed_port)", uses=CLOSED
    ),
    Case(
        "httpx_read_timeout",
        "timeout",
        "httpx.ReadTimeout",
        N + "fraud_score(silent_port)",
        uses=SILENT,
    ),
    Case(
        "httpx_status_error",
        "network",
        "httpx.HTTPStatusError",
        N + "coupon_check(http_port)",
        uses=HTTP,
    ),
    Case(
        "httpx_async_refused",
        "network",
        "httpx.ConnectError",
        N + "async_reviews(closed_port)",
        uses=CLOSED,
    ),
    Case(
        "urllib_refused",
        "network",
        "urllib.error.URLError",
        N + "legacy_catalogue(closed_port)",
        uses=CLOSED,
    ),
    Case(
        "urllib_http_error",
        "network",
        "urllib.error.HTTPError",
        N + "legacy_missing_page(http_port)",
        uses=HTTP,
    ),
    Case(
        "urllib_json_decode",
        "data",
        "json.decoder.JSONDecodeError",
        N + "webhook_body(http_port)",
        uses=HTTP,
    ),
    Case(
        "socket_refused",
        "network",
        "ConnectionRefusedError",
        N + "printer_status(closed_port)",
        uses=CLOSED,
    ),
    Case(
        "socket_timeout", "timeout", "TimeoutError", N + "scale_reading(silent_port)", uses=SILENT
    ),
    Case(
        "http_remote_disconnected",
        "network",
        "http.client.RemoteDisconnected",
        N + "partner_status(hangup_port)",
        uses=("hangup_port",),
    ),
    Case(
        "smtp_refused",
        "network",
        "ConnectionRefusedError",
        N + "send_receipt(closed_port)",
        uses=CLOSED,
    ),
    Case(
        "payment_gateway_de",
        "network",
        "app.clients.PaymentGatewayDown",
        N + "charge_card(closed_port)",
        uses=CLOSED,
        lang="de",
    ),
    Case(
        "redis_refused",
        "db",
        "redis.exceptions.ConnectionError",
        R + "cart_size(closed_port)",
        uses=CLOSED,
    ),
    Case(
        "redis_refused_noise",
        "db",
        "redis.exceptions.ConnectionError",
        R + "remember_session(closed_port)",
        uses=CLOSED,
        noise=True,
    ),
    Case(
        "redis_async_refused",
        "db",
        "redis.exceptions.ConnectionError",
        R + "async_rate_limit(closed_port)",
        uses=CLOSED,
    ),
    Case("redis_bad_url", "config", "ValueError", R + "client_from_settings('127.0.0.1:6379/0')"),
    Case(
        "psycopg_refused",
        "db",
        "psycopg.OperationalError",
        P + "monthly_revenue(closed_port)",
        uses=CLOSED,
    ),
    Case(
        "psycopg_bad_dsn",
        "config",
        "psycopg.ProgrammingError",
        P + "connect_with('host=127.0.0.1 databse=reports')",
    ),
    Case(
        "psycopg_async_refused",
        "db",
        "psycopg.OperationalError",
        P + "async_revenue(closed_port)",
        uses=CLOSED,
    ),
    Case(
        "boto_no_region",
        "config",
        "botocore.exceptions.NoRegionError",
        W + "queue_url('orders')",
        uses=("no_aws",),
    ),
    Case(
        "boto_no_credentials",
        "config",
        "botocore.exceptions.NoCredentialsError",
        W + "bucket_names()",
        uses=("no_aws",),
    ),
    Case(
        "boto_param_missing",
        "data",
        "botocore.exceptions.ParamValidationError",
        W + "upload_invoice(b'%PDF')",
        uses=("no_aws",),
    ),
    Case(
        "boto_param_type",
        "data",
        "botocore.exceptions.ParamValidationError",
        W + "tag_invoice(1042)",
        uses=("no_aws",),
    ),
    Case(
        "boto_unknown_service",
        "programming",
        "botocore.exceptions.UnknownServiceError",
        W + "archive_client()",
        uses=("no_aws",),
    ),
    Case(
        "boto_invalid_region",
        "config",
        "botocore.exceptions.InvalidRegionError",
        W + "regional_client('eu west 1')",
        uses=("no_aws",),
    ),
]
