"""Cases for web frameworks and templates: Django, Flask, FastAPI/Starlette, Jinja2, click."""

from __future__ import annotations

from corpora.libfailures.corpus import Case

B = "from app import backoffice\nbackoffice."
F = "from app import webapp\nwebapp."
A = "from app import api\napi."
J = "from app import render\nrender."
C = "from click.testing import CliRunner\nfrom app import cli\nrunner = CliRunner()\n"
INVOKE = ", standalone_mode=False, catch_exceptions=False)"

CASES = [
    Case(
        "dj_template_does_not_exist",
        "ui",
        "django.template.exceptions.TemplateDoesNotExist",
        B + "invoice_page()",
    ),
    Case(
        "dj_template_syntax",
        "ui",
        "django.template.exceptions.TemplateSyntaxError",
        B + "banner('Sale')",
    ),
    Case(
        "dj_template_bad_filter",
        "ui",
        "django.template.exceptions.TemplateSyntaxError",
        B + "price_tag(9.5)",
    ),
    Case(
        "dj_no_reverse_match",
        "ui",
        "django.urls.exceptions.NoReverseMatch",
        B + "product_url('P-1')",
    ),
    Case(
        "dj_multivaluedict_key",
        "data",
        "django.utils.datastructures.MultiValueDictKeyError",
        B + "search_term('page=2&sort=price')",
    ),
    Case(
        "dj_email_fr",
        "data",
        "app.backoffice.SignupRejected",
        B + "signup('ada-at-example.com', 'fr')",
        lang="fr",
    ),
    Case(
        "dj_form_de",
        "data",
        "app.backoffice.SignupRejected",
        B + "basket_quantity('drei', 'de')",
        lang="de",
    ),
    Case(
        "dj_maxlength_es",
        "data",
        "app.backoffice.SignupRejected",
        B + "nickname('supercalifragilistic', 'es')",
        lang="es",
    ),
    Case("flask_outside_app_context", "programming", "RuntimeError", F + "payment_key()"),
    Case("flask_outside_request_context", "programming", "RuntimeError", F + "page_number()"),
    Case(
        "flask_build_error", "ui", "werkzeug.routing.exceptions.BuildError", F + "checkout_link()"
    ),
    Case(
        "flask_template_not_found", "ui", "jinja2.exceptions.TemplateNotFound", F + "receipt_page()"
    ),
    Case("flask_template_undefined", "ui", "jinja2.exceptions.UndefinedError", F + "greeting()"),
    Case("flask_template_syntax", "ui", "jinja2.exceptions.TemplateSyntaxError", F + "menu()"),
    Case("flask_config_missing", "config", "KeyError", F + "stripe_key()"),
    Case(
        "flask_bad_request_key",
        "data",
        "werkzeug.exceptions.BadRequestKeyError",
        F + "subscribe(None)",
    ),
    Case(
        "flask_view_zero_division",
        "programming",
        "ZeroDivisionError",
        F + "sales_ratio()",
        noise=True,
    ),
    Case("flask_bad_json", "data", "werkzeug.exceptions.BadRequest", F + "post_order('{qty: 2')"),
    Case(
        "fastapi_422",
        "data",
        # Starlette's TestClient uses httpx2 when it is installed (the mcp SDK brings it), else httpx
        "HTTPStatusError",
        A + "submit_order({'sku': 'A-1', 'qty': 'many'})",
    ),
    Case(
        "fastapi_response_validation",
        "data",
        "fastapi.exceptions.ResponseValidationError",
        A + "fetch_order('A-1')",
    ),
    Case("fastapi_state_service", "di", "AttributeError", A + "call('/notify', 'POST')"),
    Case(
        "fastapi_env_dependency",
        "config",
        "KeyError",
        "monkeypatch.delenv('SHOP_API_TOKEN', raising=False)\n" + A + "call('/me')",
        uses=("monkeypatch",),
    ),
    Case("fastapi_route_typeerror", "programming", "TypeError", A + "call('/shipping?weight=2.5')"),
    Case("starlette_no_match", "ui", "starlette.routing.NoMatchFound", A + "order_path('A-1')"),
    Case(
        "fastapi_lifespan_redis",
        "db",
        "redis.exceptions.ConnectionError",
        A + "start_with_cache(closed_port)",
        uses=("closed_port",),
    ),
    Case("jinja_strict_undefined", "ui", "jinja2.exceptions.UndefinedError", J + "order_total()"),
    Case(
        "jinja_undefined_attribute",
        "ui",
        "jinja2.exceptions.UndefinedError",
        J + "profile_card({'name': 'Ada'})",
    ),
    Case("jinja_syntax", "ui", "jinja2.exceptions.TemplateSyntaxError", J + "sale_banner()"),
    Case(
        "jinja_not_found",
        "ui",
        "jinja2.exceptions.TemplateNotFound",
        J + "invoice_mail(tmp_path)",
        uses=("tmp_path",),
    ),
    Case(
        "jinja_unknown_filter",
        "ui",
        "jinja2.exceptions.TemplateAssertionError",
        J + "price_label(3.5)",
    ),
    Case("jinja_type_error", "ui", "TypeError", J + "price_suffix(3)"),
    Case(
        "jinja_undefined_noise",
        "ui",
        "jinja2.exceptions.UndefinedError",
        J + "footer()",
        noise=True,
    ),
    Case(
        "click_bad_param_callback",
        "data",
        "click.exceptions.BadParameter",
        C + "runner.invoke(cli.serve, ['--port', '70000']" + INVOKE,
    ),
    Case(
        "click_bad_param_type",
        "data",
        "click.exceptions.BadParameter",
        C + "runner.invoke(cli.charge, ['12,50 EUR']" + INVOKE,
    ),
    Case(
        "click_missing_option",
        "data",
        "click.exceptions.MissingParameter",
        "from app import cli\ncli.main(['export'])",
    ),
    Case(
        "click_no_such_option",
        "data",
        "click.exceptions.NoSuchOption",
        "from app import cli\ncli.main(['export', '--format', 'csv', '--gzip'])",
    ),
    Case(
        "click_command_file",
        "filesystem",
        "FileNotFoundError",
        C + "runner.invoke(cli.load, ['--config', str(tmp_path / 'shop.ini')]" + INVOKE,
        uses=("tmp_path",),
    ),
]
