"""A labelled corpus of real exceptions: every sample runs a real library call and raises.

Samples that need app context run code compiled under an app-like path (`shop/db.py`), so their
tracebacks carry the module hints a real project's would. Network samples only ever touch
127.0.0.1 or names under `.invalid`, which never resolve.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import configparser
import contextlib
import datetime
import gc
import http.client
import http.server
import importlib
import importlib.metadata
import json
import linecache
import os
import pickle
import shutil
import socket
import sqlite3
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.request
import uuid
import warnings
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from llm_brief.core.model import LogEntry

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

SERVER_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Sample:
    """One way to fail, the category a person would file it under, and the logs seen with it."""

    name: str
    category: str
    run: Callable[[], object]
    logs: tuple[LogEntry, ...] = ()


SAMPLES: list[Sample] = []


def sample(
    category: str, *logs: LogEntry
) -> Callable[[Callable[[], object]], Callable[[], object]]:
    """Register the decorated function as a sample expected to land in `category`."""

    def register(run: Callable[[], object]) -> Callable[[], object]:
        SAMPLES.append(Sample(run.__name__, category, run, logs))
        return run

    return register


def log(logger: str, message: str, level: str = "WARNING") -> LogEntry:
    """A log line seen with a sample."""
    return LogEntry(level, logger, message, message, "", 0)


def app_module(path: str, source: str) -> dict[str, Any]:
    """Run `source` as if it lived at `path` in an app, so frames point at that path."""
    lines = source.splitlines(keepends=True)
    # mtime None keeps linecache from dropping the lines of a file that is not on disk.
    linecache.cache[path] = (len(source), None, lines, path)
    namespace: dict[str, Any] = {"__name__": path.removesuffix(".py").replace("/", ".")}
    exec(compile(source, path, "exec"), namespace)
    return namespace


# --- helpers: loopback servers, bounded by timeouts --------------------------------------------


def closed_port() -> int:
    """A 127.0.0.1 port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextlib.contextmanager
def http_server(status: int, reason: str) -> Iterator[int]:
    """A local HTTP server answering every GET with `status`; yields its port."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_error(status, reason)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(SERVER_TIMEOUT_S)


@contextlib.contextmanager
def tcp_server(handle: Callable[[socket.socket], None]) -> Iterator[int]:
    """A one-connection TCP server on 127.0.0.1 running `handle`; yields its port."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(SERVER_TIMEOUT_S)

    def serve() -> None:
        with contextlib.suppress(OSError):
            conn, _ = server.accept()
            with conn:
                handle(conn)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        thread.join(SERVER_TIMEOUT_S)
        server.close()


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    """A listening socket that accepts connections (via the backlog) and never answers."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server.getsockname()[1]


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A temporary directory."""
    with tempfile.TemporaryDirectory(prefix="llmb-corpus-") as name:
        yield Path(name)


# --- app modules -----------------------------------------------------------------------------

SHOP_DB = app_module(
    "shop/db.py",
    """\
import sqlite3


class OrderStore:
    def __init__(self, migrate=False):
        self.conn = sqlite3.connect(":memory:")
        if migrate:
            self.conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, symbol TEXT)")

    def open_orders(self):
        return self.conn.execute("SELECT id, symbol FROM orders").fetchall()

    def load(self):
        try:
            return self.open_orders()
        except sqlite3.Error as exc:
            raise RuntimeError("could not load open orders") from exc
""",
)

SHOP_SETTINGS = app_module(
    "shop/settings.py",
    """\
import os


def exchange_timeout(settings):
    return float(settings["exchange"]["timeout_s"])


def database_url():
    return os.environ["LLMB_CORPUS_DATABASE_URL"]


def port():
    return int(os.environ.get("LLMB_CORPUS_PORT", "eighty"))


def max_position(settings):
    return float(settings["risk"]["max_position"])
""",
)

SHOP_CONTAINER = app_module(
    "shop/container.py",
    """\
class OrderService:
    def __init__(self, repo, clock):
        self.repo = repo


class Container:
    def __init__(self):
        self._providers = {"Clock": lambda: "clock"}
        self._resolving = []

    def resolve(self, name):
        try:
            factory = self._providers[name]
        except KeyError:
            raise LookupError(f"No provider registered for {name!r}") from None
        return factory()

    def resolve_keeping_context(self, name):
        try:
            return self._providers[name]()
        except KeyError:
            raise LookupError(f"No provider registered for {name!r}")

    def build(self, cls):
        return cls()

    def resolve_cycle(self, name, graph):
        if name in self._resolving:
            cycle = " -> ".join([*self._resolving, name])
            raise LookupError(f"Circular dependency: {cycle}")
        self._resolving.append(name)
        return self.resolve_cycle(graph[name], graph)
""",
)

SHOP_REGISTRY = app_module(
    "shop/di/registry.py",
    """\
class Registry:
    def __init__(self):
        self._services = {}

    def get(self, name):
        return self._services[name]
""",
)

SHOP_PARSERS = app_module(
    "shop/parsers.py",
    """\
def parse_quantity(row):
    return int(row.split(",")[1])
""",
)

SHOP_EXPORT = app_module(
    "shop/export.py",
    """\
def to_yaml(data):
    try:
        import llmb_corpus_yaml_is_missing
    except ModuleNotFoundError as exc:
        raise ImportError("YAML export needs the yaml extra: pip install shop[yaml]") from exc
    return llmb_corpus_yaml_is_missing.dump(data)
""",
)

SHOP_FEED = app_module(
    "shop/feed.py",
    """\
import socket


class MarketFeed:
    def __init__(self, port, retries=3):
        self.port = port
        self.retries = retries

    def connect(self):
        for _attempt in range(self.retries):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                pass
        where = f"127.0.0.1:{self.port}"
        raise ConnectionError(f"Could not reach market feed {where} after {self.retries} attempts")
""",
)

SHOP_UI = app_module(
    "shop/ui.py",
    """\
import warnings


class Ticket:
    def __init__(self):
        self.text = ""
        self.label_alive = False

    def set_text(self, text):
        message = "Ticket.set_text() is deprecated; assign Ticket.text"
        warnings.warn(message, DeprecationWarning, stacklevel=2)
        self.text = text

    def refresh(self):
        if not self.label_alive:
            raise RuntimeError("wrapped C/C++ object of type QLabel has been deleted")
""",
)

SHOP_TESTS = app_module(
    "tests/test_strategy.py",
    """\
def position_size(balance, risk, price):
    return round(balance * risk / price, 4)


def test_position_size_rounds_to_lot():
    assert position_size(1000, 0.25, 3) == 83.33
""",
)


# --- db ----------------------------------------------------------------------------------------


@sample("db")
def sqlite_missing_table() -> None:
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("SELECT * FROM orders")


@sample("db")
def sqlite_syntax_error() -> None:
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("SELEC id FROM orders")


@sample("db")
def sqlite_locked() -> None:
    with scratch() as tmp:
        path = tmp / "orders.db"
        with contextlib.closing(sqlite3.connect(path, timeout=0)) as writer:
            writer.execute("CREATE TABLE orders (id INTEGER)")
            writer.commit()
            writer.execute("BEGIN EXCLUSIVE")
            with contextlib.closing(sqlite3.connect(path, timeout=0)) as other:
                other.execute("INSERT INTO orders VALUES (1)")


@sample("db")
def sqlite_unique_violation() -> None:
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE TABLE users (email TEXT UNIQUE)")
        conn.execute("INSERT INTO users VALUES ('a@example.com')")
        conn.execute("INSERT INTO users VALUES ('a@example.com')")


@sample("db")
def sqlite_not_null() -> None:
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE TABLE orders (symbol TEXT NOT NULL)")
        conn.execute("INSERT INTO orders VALUES (NULL)")


@sample("db")
def sqlite_foreign_key() -> None:
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
        conn.execute("CREATE TABLE orders (user_id INTEGER REFERENCES users(id))")
        conn.execute("INSERT INTO orders VALUES (42)")


@sample("db")
def sqlite_missing_column() -> None:
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER)")
        conn.execute("SELECT price FROM orders")


@sample("db")
def sqlite_closed() -> None:
    conn = sqlite3.connect(":memory:")
    conn.close()
    conn.execute("SELECT 1")


@sample("db")
def sqlite_table_exists() -> None:
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER)")
        conn.execute("CREATE TABLE orders (id INTEGER)")


@sample("db")
def sqlite_wrong_bindings() -> None:
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER, symbol TEXT)")
        conn.execute("INSERT INTO orders VALUES (?, ?)", (1,))


@sample("db")
def sqlite_other_thread() -> None:
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        errors: list[BaseException] = []

        def query() -> None:
            try:
                conn.execute("SELECT 1")
            except sqlite3.Error as exc:
                errors.append(exc)

        worker = threading.Thread(target=query)
        worker.start()
        worker.join(SERVER_TIMEOUT_S)
        raise errors[0]


@sample("db", log("shop.db", "Connecting to sqlite :memory:", "INFO"))
def app_store_without_migrations() -> None:
    SHOP_DB["OrderStore"]().open_orders()


@sample("db")
def app_store_wrapped_error() -> None:
    SHOP_DB["OrderStore"]().load()


# --- config ------------------------------------------------------------------------------------


@sample("config", log("shop.settings", "Loaded settings for exchange binance-test", "INFO"))
def settings_missing_key() -> None:
    SHOP_SETTINGS["exchange_timeout"]({"exchange": {"name": "binance-test"}})


@sample("config")
def settings_missing_env_var() -> None:
    os.environ.pop("LLMB_CORPUS_DATABASE_URL", None)
    SHOP_SETTINGS["database_url"]()


@sample("config")
def environ_lookup() -> None:
    os.environ.pop("LLMB_CORPUS_API_KEY", None)
    os.environ["LLMB_CORPUS_API_KEY"]


@sample("config")
def settings_bad_int() -> None:
    SHOP_SETTINGS["port"]()


@sample("config")
def settings_bad_float() -> None:
    SHOP_SETTINGS["max_position"]({"risk": {"max_position": "a quarter"}})


@sample("config")
def configparser_missing_section() -> None:
    parser = configparser.ConfigParser()
    parser.read_string("[app]\nname = shop\n")
    parser.get("database", "url")


@sample("config")
def configparser_missing_option() -> None:
    parser = configparser.ConfigParser()
    parser.read_string("[app]\nname = shop\n")
    parser.get("app", "port")


@sample("config")
def toml_settings_file() -> None:
    tomllib.loads('[app]\nname = "shop\nport = 80\n')


@sample("config")
def toml_settings_duplicate_key() -> None:
    tomllib.loads("[app]\nport = 80\nport = 81\n")


# --- di ----------------------------------------------------------------------------------------


@sample("di", log("shop.container", "Container built with 1 providers", "INFO"))
def container_missing_provider() -> None:
    SHOP_CONTAINER["Container"]().resolve("ExchangeClient")


@sample("di")
def container_missing_provider_with_context() -> None:
    SHOP_CONTAINER["Container"]().resolve_keeping_context("PaymentGateway")


@sample("di")
def container_cannot_build() -> None:
    SHOP_CONTAINER["Container"]().build(SHOP_CONTAINER["OrderService"])


@sample("di")
def container_cycle() -> None:
    SHOP_CONTAINER["Container"]().resolve_cycle("Orders", {"Orders": "Users", "Users": "Orders"})


@sample("di")
def registry_key_error() -> None:
    SHOP_REGISTRY["Registry"]().get("PaymentGateway")


class _LocalContainer:
    def __init__(self) -> None:
        self._providers: dict[str, Callable[[], object]] = {}

    def resolve(self, name: str) -> object:
        if name not in self._providers:
            raise LookupError(f"No provider registered for {name!r}")
        return self._providers[name]()


@sample("di")
def local_container_lookup() -> None:
    _LocalContainer().resolve("Clock")


# --- import ------------------------------------------------------------------------------------


@sample("import")
def import_missing_package() -> None:
    importlib.import_module("llmb_corpus_missing_pkg")


@sample("import")
def import_missing_submodule() -> None:
    importlib.import_module("json.llmb_corpus_missing")


@sample("import")
def import_missing_name() -> None:
    exec("from json import llmb_corpus_missing_name", {})


@sample("import")
def import_circular() -> None:
    with scratch() as tmp:
        (tmp / "llmb_corpus_cycle_a.py").write_text(
            "from llmb_corpus_cycle_b import helper\n\ndef thing():\n    return helper()\n"
        )
        (tmp / "llmb_corpus_cycle_b.py").write_text(
            "from llmb_corpus_cycle_a import thing\n\ndef helper():\n    return 1\n"
        )
        sys.path.insert(0, str(tmp))
        try:
            importlib.import_module("llmb_corpus_cycle_a")
        finally:
            sys.path.remove(str(tmp))
            for name in ("llmb_corpus_cycle_a", "llmb_corpus_cycle_b"):
                sys.modules.pop(name, None)


@sample("import")
def import_missing_distribution() -> None:
    importlib.metadata.version("llmb-corpus-missing-dist")


@sample("import")
def import_relative_without_package() -> None:
    exec("from . import sibling", {"__name__": "script", "__package__": None})


@sample("import")
def import_missing_extra() -> None:
    SHOP_EXPORT["to_yaml"]({"a": 1})


# --- network -----------------------------------------------------------------------------------


@sample("network")
def socket_connection_refused() -> None:
    with socket.socket() as sock:
        sock.settimeout(SERVER_TIMEOUT_S)
        sock.connect(("127.0.0.1", closed_port()))


@sample("network")
def asyncio_connection_refused() -> None:
    asyncio.run(asyncio.open_connection("127.0.0.1", closed_port()))


@sample("network")
def urlopen_connection_refused() -> None:
    urllib.request.urlopen(f"http://127.0.0.1:{closed_port()}/health", timeout=SERVER_TIMEOUT_S)


@sample("network")
def http_500() -> None:
    with http_server(500, "Internal Server Error") as port:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/orders", timeout=SERVER_TIMEOUT_S)


@sample("network")
def http_404() -> None:
    with http_server(404, "Not Found") as port:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/v2/orders", timeout=SERVER_TIMEOUT_S)


@sample("network")
def http_403() -> None:
    with http_server(403, "Forbidden") as port:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/admin", timeout=SERVER_TIMEOUT_S)


@sample("network")
def dns_lookup_failure() -> None:
    socket.getaddrinfo("db.llmb-corpus.invalid", 5432)


@sample("network")
def urlopen_dns_failure() -> None:
    urllib.request.urlopen("http://api.llmb-corpus.invalid/prices", timeout=SERVER_TIMEOUT_S)


def _close_without_answer(conn: socket.socket) -> None:
    conn.recv(4096)


@sample("network")
def remote_disconnected() -> None:
    with tcp_server(_close_without_answer) as port:
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=SERVER_TIMEOUT_S)
        try:
            client.request("GET", "/")
            client.getresponse()
        finally:
            client.close()


def _reset(conn: socket.socket) -> None:
    # Linger 0 makes close() send RST instead of FIN.
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


@sample("network")
def connection_reset() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    with server, socket.create_connection(server.getsockname(), timeout=5) as client:
        conn, _ = server.accept()
        _reset(conn)
        conn.close()
        client.recv(1)
        client.recv(1)


def _plain_http(conn: socket.socket) -> None:
    conn.recv(4096)
    conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")


@sample("network")
def tls_to_plain_server() -> None:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with (
        tcp_server(_plain_http) as port,
        socket.create_connection(("127.0.0.1", port), timeout=SERVER_TIMEOUT_S) as sock,
    ):
        context.wrap_socket(sock, server_hostname="127.0.0.1")


@sample("network")
def tls_bad_ca_file() -> None:
    with scratch() as tmp:
        bundle = tmp / "ca.pem"
        bundle.write_text("not a certificate\n")
        ssl.create_default_context().load_verify_locations(cafile=str(bundle))


@sample("network", *[log("shop.feed", f"Reconnect attempt {i}/3 failed, retrying") for i in (1, 2)])
def app_feed_unreachable() -> None:
    SHOP_FEED["MarketFeed"](closed_port()).connect()


# --- timeout -----------------------------------------------------------------------------------


@sample("timeout")
def asyncio_wait_for() -> None:
    asyncio.run(asyncio.wait_for(asyncio.sleep(5), timeout=0.01))


def asyncio_timeout_block() -> None:
    async def slow_quote() -> None:
        async with asyncio.timeout(0.01):  # type: ignore[attr-defined]
            await asyncio.sleep(5)

    asyncio.run(slow_quote())


if hasattr(asyncio, "timeout"):  # Python 3.11+
    sample("timeout")(asyncio_timeout_block)


@sample("timeout")
def subprocess_timeout() -> None:
    subprocess.run([sys.executable, "-c", "import time; time.sleep(5)"], timeout=0.3, check=False)


@sample("timeout")
def future_result_timeout() -> None:
    release = threading.Event()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        try:
            pool.submit(release.wait, SERVER_TIMEOUT_S).result(timeout=0.01)
        finally:
            release.set()


@sample("timeout")
def socket_read_timeout() -> None:
    with silent_server() as port, socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(0.05)
        sock.recv(1)


@sample("timeout")
def urlopen_read_timeout() -> None:
    with silent_server() as port:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/slow", timeout=0.1)


# --- filesystem --------------------------------------------------------------------------------


@sample("filesystem")
def read_missing_file() -> None:
    with scratch() as tmp:
        (tmp / "settings.json").read_text()


@sample("filesystem")
def open_directory() -> None:
    with scratch() as tmp:
        (tmp / "reports").mkdir()
        (tmp / "reports").read_text()


@sample("filesystem")
def write_under_a_file() -> None:
    with scratch() as tmp:
        (tmp / "cache").write_text("")
        (tmp / "cache" / "prices.json").write_text("{}")


@sample("filesystem")
def mkdir_existing() -> None:
    with scratch() as tmp:
        os.mkdir(tmp / "out")
        os.mkdir(tmp / "out")


@sample("filesystem")
def rmdir_not_empty() -> None:
    with scratch() as tmp:
        (tmp / "out").mkdir()
        (tmp / "out" / "a.txt").write_text("a")
        os.rmdir(tmp / "out")


@sample("filesystem")
def run_non_executable() -> None:
    # Root may read and write anything, but even root cannot execute a file with no x bit.
    with scratch() as tmp:
        tool = tmp / "tool.sh"
        tool.write_text("#!/bin/sh\necho hi\n")
        tool.chmod(0o644)
        subprocess.run([str(tool)], check=False)


@sample("filesystem")
def copy_missing_source() -> None:
    with scratch() as tmp:
        shutil.copy(tmp / "orders.csv", tmp / "backup.csv")


@sample("filesystem")
def listdir_of_file() -> None:
    with scratch() as tmp:
        (tmp / "notes.txt").write_text("")
        os.listdir(tmp / "notes.txt")


@sample("filesystem")
def run_missing_program() -> None:
    subprocess.run(["llmb-corpus-no-such-program"], check=False)


@sample("filesystem")
def remove_directory_as_file() -> None:
    with scratch() as tmp:
        (tmp / "logs").mkdir()
        os.remove(tmp / "logs")


@sample("filesystem")
def ca_file_missing() -> None:
    with scratch() as tmp:
        ssl.create_default_context().load_verify_locations(cafile=str(tmp / "ca.pem"))


# --- memory ------------------------------------------------------------------------------------


@sample("memory")
def huge_bytearray() -> None:
    bytearray(1 << 62)


@sample("memory")
def huge_list() -> None:
    [0] * (1 << 62)


@sample("memory")
def huge_string() -> None:
    "x" * (1 << 62)


# --- ui ----------------------------------------------------------------------------------------


@sample("ui")
def tk_without_display() -> None:
    import tkinter

    saved = os.environ.pop("DISPLAY", None)
    try:
        tkinter.Tk()
    finally:
        if saved is not None:
            os.environ["DISPLAY"] = saved


@sample("ui")
def tk_destroyed_widget_command() -> None:
    import tkinter

    tkinter.Tcl().eval("llmb_corpus_destroyed_widget configure -text hi")


@sample("ui")
def qt_deleted_label() -> None:
    SHOP_UI["Ticket"]().refresh()


@sample("ui")
def deprecated_widget_api() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        SHOP_UI["Ticket"]().set_text("BUY 1 BTC")


# --- data --------------------------------------------------------------------------------------


@sample("data")
def json_bad_object() -> None:
    json.loads('{symbol: "BTC"}')


@sample("data")
def json_empty() -> None:
    json.loads("")


@sample("data")
def json_extra_data() -> None:
    json.loads('{"a": 1} {"b": 2}')


@sample("data")
def json_not_serialisable() -> None:
    json.dumps({"at": datetime.datetime(2024, 1, 1)})


@sample("data")
def utf8_decode() -> None:
    b"price: \xff\xfe".decode("utf-8")


@sample("data")
def ascii_encode() -> None:
    "café".encode("ascii")


@sample("data")
def base64_padding() -> None:
    base64.b64decode("abc")


@sample("data")
def unpickle_garbage() -> None:
    pickle.loads(b"garbage")


@sample("data")
def xml_mismatched_tag() -> None:
    ElementTree.fromstring("<order><id>1</order>")


@sample("data")
def struct_short_buffer() -> None:
    struct.unpack("<I", b"ab")


@sample("data")
def csv_unterminated_quote() -> None:
    import csv

    list(csv.reader(['1,"BTC'], strict=True))


@sample("data")
def app_parse_quantity() -> None:
    SHOP_PARSERS["parse_quantity"]("BTC,one")


@sample("data")
def isoformat_date() -> None:
    datetime.date.fromisoformat("yesterday")


@sample("data")
def uuid_parse() -> None:
    uuid.UUID("order-42")


# --- async -------------------------------------------------------------------------------------


@sample("async")
def cancelled_task() -> None:
    async def main() -> None:
        task = asyncio.ensure_future(asyncio.sleep(5))
        await asyncio.sleep(0)
        task.cancel()
        await task

    asyncio.run(main())


@sample("async")
def asyncio_run_inside_loop() -> None:
    async def main() -> None:
        inner = asyncio.sleep(0)
        try:
            asyncio.run(inner)
        finally:
            inner.close()

    asyncio.run(main())


async def fetch_prices() -> None:
    """A coroutine a sample forgets to await."""


@sample("async")
def coroutine_never_awaited() -> None:
    caught: list[BaseException] = []
    previous = sys.unraisablehook
    # The warning fires in the coroutine's finaliser, where Python can only report it.
    sys.unraisablehook = lambda unraisable: caught.append(unraisable.exc_value)  # type: ignore[arg-type,return-value]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            fetch_prices()
            gc.collect()
    finally:
        sys.unraisablehook = previous
    raise caught[0]


@sample("async")
def closed_loop() -> None:
    loop = asyncio.new_event_loop()
    loop.close()
    pending = asyncio.sleep(0)
    try:
        loop.run_until_complete(pending)
    finally:
        pending.close()


@sample("async")
def no_loop_in_thread() -> None:
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            asyncio.get_event_loop()
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=worker, name="price-worker")
    thread.start()
    thread.join(SERVER_TIMEOUT_S)
    raise errors[0]


@sample("async")
def future_of_another_loop() -> None:
    other = asyncio.new_event_loop()
    try:
        future = other.create_future()

        async def wait() -> None:
            await future

        asyncio.run(wait())
    finally:
        other.close()


@sample("async")
def await_a_number() -> None:
    async def main() -> None:
        await 1  # type: ignore[misc]

    asyncio.run(main())


@sample("async")
def reuse_awaited_coroutine() -> None:
    async def main() -> None:
        pause = asyncio.sleep(0)
        await pause
        await pause

    asyncio.run(main())


@sample("async")
def run_until_complete_while_running() -> None:
    async def main() -> None:
        inner = asyncio.sleep(0)
        try:
            asyncio.get_running_loop().run_until_complete(inner)
        finally:
            inner.close()

    asyncio.run(main())


@sample("async")
def future_result_not_set() -> None:
    loop = asyncio.new_event_loop()
    try:
        loop.create_future().result()
    finally:
        loop.close()


# --- assertion ---------------------------------------------------------------------------------


@sample("assertion")
def assert_equal() -> None:
    total = 1 + 1
    assert total == 3


@sample("assertion")
def assert_membership() -> None:
    basket = ["pear", "plum"]
    assert "apple" in basket


@sample("assertion")
def assert_with_message() -> None:
    orders: list[str] = []
    assert orders, "expected at least one open order"


@sample("assertion")
def unittest_assert_equal() -> None:
    # unittest's own message format ("a != b") is what this sample is about.
    unittest.TestCase().assertEqual(83.3333, 83.33)  # noqa: PT009


@sample("assertion")
def app_test_assertion() -> None:
    SHOP_TESTS["test_position_size_rounds_to_lot"]()


@sample("assertion")
def pytest_did_not_raise() -> None:
    with pytest.raises(ValueError):
        int("42")


# --- process -----------------------------------------------------------------------------------


@sample("process")
def subprocess_check_failed() -> None:
    subprocess.run([sys.executable, "-c", "raise SystemExit(3)"], check=True)


@sample("process")
def check_output_failed() -> None:
    subprocess.check_output([sys.executable, "-c", "import sys; sys.exit(1)"])


# --- unknown: plain programming errors no category claims --------------------------------------


@sample("unknown")
def attribute_of_none() -> None:
    client: Any = None
    client.route("BTC/USDT")


@sample("unknown")
def divide_by_zero() -> None:
    fills: list[float] = []
    sum(fills) / len(fills)


@sample("unknown")
def unexpected_keyword() -> None:
    sorted([3, 1], reversed=True)  # type: ignore[call-overload]


@sample("unknown")
def undefined_name() -> None:
    exec("print(llmb_corpus_undefined)", {})
