"""The shop's settings: environment, a settings mapping, INI and TOML files."""

from __future__ import annotations

import configparser
import os
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

SETTINGS: dict[str, Any] = {"smtp_port": 587, "currency": "EUR"}


def database_url() -> str:
    """The database URL from the environment."""
    return os.environ["SHOP_DATABASE_URL"]  # ORIGIN: environ_missing


def smtp_host() -> str:
    """The SMTP host from the settings mapping."""
    return str(SETTINGS["smtp_host"])  # ORIGIN: settings_mapping_missing


def worker_count() -> int:
    """Workers from an environment variable that is not set."""
    return int(os.getenv("SHOP_WORKERS"))  # ORIGIN: getenv_none_int


def cache_ttl() -> int:
    """The cache TTL from an environment variable set to words."""
    return int(os.environ["SHOP_CACHE_TTL"])  # ORIGIN: environ_bad_int


def mail_section(path: Path) -> str:
    """The sender from the INI file's [mail] section."""
    parser = configparser.ConfigParser()
    path.write_text("[shop]\nname = corpus\n")
    parser.read(path)
    return parser.get("mail", "sender")  # ORIGIN: ini_no_section


def shop_option(path: Path) -> str:
    """The currency from the INI file's [shop] section."""
    parser = configparser.ConfigParser()
    path.write_text("[shop]\nname = corpus\n")
    parser.read(path)
    return parser.get("shop", "currency")  # ORIGIN: ini_no_option


def toml_settings(path: Path) -> dict[str, Any]:
    """The TOML settings file, which has an unquoted string."""
    path.write_text("[shop]\ncurrency = EUR\n")
    return tomllib.loads(path.read_text())  # ORIGIN: toml_decode


def feature_flag() -> bool:
    """A feature flag from the environment, read while the websocket reconnects."""
    return os.environ["SHOP_FEATURE_CHECKOUT_V2"] == "1"  # ORIGIN: environ_missing_noise
