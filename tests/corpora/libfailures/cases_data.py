"""Cases for data and settings: pydantic, pydantic-settings, numpy, pandas, parsing, settings."""

from __future__ import annotations

from corpora.libfailures.corpus import Case

S = "from app import schemas\nschemas."
NP = "from app import analytics\nanalytics."
PA = "from app import parsing\nparsing."
ST = "from app import settings\nsettings."
VE = "pydantic_core.ValidationError"
ENV = ("monkeypatch",)
NO_DB_URL = "monkeypatch.delenv('SHOP_DATABASE_URL', raising=False)\n"

CASES = [
    Case("pyd_int_parsing", "data", VE, S + "line_item({'sku': 'A-1', 'qty': 'three'})"),
    Case("pyd_missing_field", "data", VE, S + "line_item({'qty': 2})"),
    Case("pyd_greater_than", "data", VE, S + "line_item({'sku': 'A-1', 'qty': 0})"),
    Case("pyd_invalid_json", "data", VE, S + 'line_from_json(\'{"sku": "A-1", qty: 2}\')'),
    Case("pyd_custom_validator_de", "data", VE, S + "refund(-5.0)", lang="de"),
    Case(
        "pyd_extra_forbidden",
        "data",
        VE,
        S + "address({'street': 'Main St 1', 'city': 'Lyon', 'zip': '69001'})",
    ),
    Case("pyd_type_adapter", "data", VE, S + "quantities([1, 'two', 3])"),
    Case("pyd_validation_noise", "data", VE, S + "line_with_noise({'sku': 7})", noise=True),
    Case(
        "pyd_not_fully_defined",
        "programming",
        "pydantic.errors.PydanticUserError",
        S + "basket({'lines': []})",
    ),
    Case("pyd_settings_missing_env", "config", VE, NO_DB_URL + S + "settings()", uses=ENV),
    Case(
        "pyd_settings_bad_env",
        "config",
        VE,
        "monkeypatch.setenv('SHOP_DATABASE_URL', 'sqlite://')\n"
        "monkeypatch.setenv('SHOP_WORKERS', 'eight')\n" + S + "settings()",
        uses=ENV,
    ),
    Case("np_broadcast", "data", "ValueError", NP + "weighted_prices()"),
    Case("np_matmul", "data", "ValueError", NP + "projected()"),
    Case("np_reshape", "data", "ValueError", NP + "weekly([1.0] * 10)"),
    Case("np_cast", "data", "ValueError", NP + "parsed_prices(['9.50', '4,00'])"),
    Case("np_memory", "memory", "MemoryError", NP + "full_history()"),
    Case("np_index", "programming", "IndexError", NP + "third_week([5.0, 7.0, 6.0])"),
    Case("np_singular", "data", "numpy.linalg.LinAlgError", NP + "solve_mix()"),
    Case("pd_missing_column", "data", "KeyError", NP + "revenue()"),
    Case("pd_merge_key", "data", "KeyError", NP + "with_categories()"),
    Case("pd_astype", "data", "ValueError", NP + "units()"),
    Case("pd_to_datetime", "data", "ValueError", NP + "sale_dates(['2024-05-01', '01/05/2024'])"),
    Case("pd_length_mismatch", "data", "ValueError", NP + "add_discounts()"),
    Case(
        "pd_read_missing",
        "filesystem",
        "FileNotFoundError",
        NP + "archived(tmp_path / 'sales-2023.csv')",
        uses=("tmp_path",),
    ),
    Case(
        "pd_empty_data",
        "data",
        "pandas.errors.EmptyDataError",
        NP + "empty_export(tmp_path / 'sales.csv')",
        uses=("tmp_path",),
    ),
    Case("pd_loc_label", "data", "KeyError", NP + "sku_row('Z-9')"),
    Case("pd_column_noise", "data", "KeyError", NP + "revenue_with_noise()", noise=True),
    Case("decimal_comma", "data", "decimal.InvalidOperation", PA + "price('12,50')"),
    Case(
        "json_decode",
        "data",
        "json.decoder.JSONDecodeError",
        PA + "order_from_json(\"{'sku': 'A-1'}\")",
    ),
    Case(
        "json_decode_noise",
        "data",
        "json.decoder.JSONDecodeError",
        PA + 'order_from_json_noise(\'{"sku": "A-1",}\')',
        noise=True,
    ),
    Case(
        "json_not_serializable",
        "data",
        "TypeError",
        "from decimal import Decimal\n" + PA + "invoice_json(Decimal('19.90'))",
    ),
    Case("strptime_month", "data", "ValueError", PA + "delivery_date('2024-13-01')"),
    Case("strptime_french", "data", "ValueError", PA + "invoice_date('3 janvier 2024')", lang="fr"),
    Case("fromisoformat", "data", "ValueError", PA + "shipped_at('2024-05-01 at noon')"),
    Case("int_parse", "data", "ValueError", PA + "quantity('12,5')"),
    Case("float_parse", "data", "ValueError", PA + "weight('2,4 kg')"),
    Case("uuid_parse", "data", "ValueError", PA + "order_id('ORD-1042')"),
    Case("base64_invalid", "data", "binascii.Error", PA + "attachment('not base64!')"),
    Case("unicode_decode_bytes", "data", "UnicodeDecodeError", PA + "label_text(b'Caf\\xe9')"),
    Case(
        "unicode_decode_file",
        "data",
        "UnicodeDecodeError",
        PA + "supplier_sheet(tmp_path / 'sheet.csv')",
        uses=("tmp_path",),
    ),
    Case("unicode_encode", "data", "UnicodeEncodeError", PA + "ascii_slug('Crème brûlée')"),
    Case(
        "quantity_fr",
        "data",
        "app.parsing.InvalidQuantity",
        PA + "checked_quantity('-2')",
        lang="fr",
    ),
    Case("tax_rate_es", "data", "ValueError", PA + "tax_rate('veintiuno %')", lang="es"),
    Case("environ_missing", "config", "KeyError", NO_DB_URL + ST + "database_url()", uses=ENV),
    Case("settings_mapping_missing", "config", "KeyError", ST + "smtp_host()"),
    Case(
        "getenv_none_int",
        "config",
        "TypeError",
        "monkeypatch.delenv('SHOP_WORKERS', raising=False)\n" + ST + "worker_count()",
        uses=ENV,
    ),
    Case(
        "environ_bad_int",
        "config",
        "ValueError",
        "monkeypatch.setenv('SHOP_CACHE_TTL', 'one hour')\n" + ST + "cache_ttl()",
        uses=ENV,
    ),
    Case(
        "ini_no_section",
        "config",
        "configparser.NoSectionError",
        ST + "mail_section(tmp_path / 'shop.ini')",
        uses=("tmp_path",),
    ),
    Case(
        "ini_no_option",
        "config",
        "configparser.NoOptionError",
        ST + "shop_option(tmp_path / 'shop.ini')",
        uses=("tmp_path",),
    ),
    Case(
        "toml_decode",
        "config",
        "TOMLDecodeError",
        ST + "toml_settings(tmp_path / 'shop.toml')",
        uses=("tmp_path",),
    ),
    Case(
        "environ_missing_noise",
        "config",
        "KeyError",
        "monkeypatch.delenv('SHOP_FEATURE_CHECKOUT_V2', raising=False)\n" + ST + "feature_flag()",
        uses=ENV,
        noise=True,
    ),
]
