"""The storefront, a Flask application."""

from __future__ import annotations

from flask import Flask, current_app, render_template, render_template_string, request, url_for
from jinja2 import StrictUndefined


def create_app() -> Flask:
    """The storefront app, with errors propagated to the test client like `testing=True` does."""
    app = Flask(__name__)
    app.config.update(TESTING=True, TRAP_BAD_REQUEST_ERRORS=True, SERVER_NAME="shop.test")
    app.jinja_env.undefined = StrictUndefined

    @app.post("/subscribe")
    def subscribe() -> str:
        return request.form["email"]  # ORIGIN: flask_bad_request_key

    @app.get("/ratio")
    def ratio() -> str:
        sold, returned = 12, 0
        return str(sold / returned)  # ORIGIN: flask_view_zero_division

    @app.post("/orders")
    def orders() -> str:
        payload = request.get_json()  # ORIGIN: flask_bad_json
        return str(payload)

    return app


def payment_key() -> str:
    """The payment provider's key, read from the current app's config outside any app context."""
    return current_app.config["PAYMENT_KEY"]  # ORIGIN: flask_outside_app_context


def page_number() -> int:
    """The `page` query parameter, read where there is no request."""
    return int(request.args.get("page", 1))  # ORIGIN: flask_outside_request_context


def checkout_link() -> str:
    """A link to an endpoint that was renamed."""
    with create_app().test_request_context():
        return url_for("checkout")  # ORIGIN: flask_build_error


def receipt_page() -> str:
    """Render a receipt template that does not exist."""
    with create_app().app_context():
        return render_template("receipt.html")  # ORIGIN: flask_template_not_found


def greeting() -> str:
    """A greeting whose context lacks the user."""
    with create_app().app_context():
        return render_template_string("Hello {{ user.name }}")  # ORIGIN: flask_template_undefined


def menu() -> str:
    """A menu template with a broken `for` tag."""
    with create_app().app_context():
        return render_template_string("{% for item in %}{{ item }}{% endfor %}")  # ORIGIN: flask_template_syntax


def stripe_key() -> str:
    """The Stripe key from the app's config, which does not define it."""
    app = create_app()
    return app.config["STRIPE_SECRET_KEY"]  # ORIGIN: flask_config_missing


def subscribe(client_email: str | None) -> str:
    """Post the subscribe form through the test client."""
    client = create_app().test_client()
    data = {} if client_email is None else {"email": client_email}
    return client.post("/subscribe", data=data).get_data(as_text=True)


def sales_ratio() -> str:
    """Fetch the sales ratio page."""
    return create_app().test_client().get("/ratio").get_data(as_text=True)


def post_order(body: str) -> str:
    """Post an order body that is declared JSON."""
    client = create_app().test_client()
    return client.post("/orders", data=body, content_type="application/json").get_data(as_text=True)
