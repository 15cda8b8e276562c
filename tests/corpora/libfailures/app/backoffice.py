"""Back-office views and services built on Django."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, validate_email
from django.db import connection, connections
from django.http import QueryDict
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import translation

from app.djshop.models import Invoice, Product


class SignupRejected(ValueError):
    """A signup refused with the visitor's language's messages."""


def products_table() -> None:
    """Create the product table once (the test database has no migrations)."""
    if "djshop_product" not in connection.introspection.table_names():
        with connection.schema_editor() as editor:
            editor.create_model(Product)


def product_name(sku: str) -> str:
    """A product's name by SKU: none exists."""
    products_table()
    return Product.objects.get(sku=sku).name  # ORIGIN: dj_does_not_exist


def invoice_count() -> int:
    """Invoices issued: the table was never migrated."""
    return Invoice.objects.count()  # ORIGIN: dj_no_such_table


def product_named(name: str) -> Product:
    """The product with a name: two share it."""
    products_table()
    Product.objects.all().delete()
    Product.objects.create(sku="P-1", name=name)
    Product.objects.create(sku="P-2", name=name)
    return Product.objects.get(name=name)  # ORIGIN: dj_multiple_objects


def add_product_twice() -> None:
    """Create two products with one SKU."""
    products_table()
    Product.objects.all().delete()
    Product.objects.create(sku="DUP", name="first")
    Product.objects.create(sku="DUP", name="second")  # ORIGIN: dj_integrity


def red_products() -> list[Product]:
    """Filter on a field the model does not have."""
    products_table()
    return list(Product.objects.filter(colour="red"))  # ORIGIN: dj_field_error


def legacy_totals() -> list[tuple[int]]:
    """Read totals from the legacy ERP database configured in settings."""
    with connections["legacy"].cursor() as cursor:  # ORIGIN: dj_improperly_backend
        cursor.execute("SELECT total FROM invoices")
        return list(cursor.fetchall())


def user_model_name() -> str:
    """The user model's name, with the custom model a settings change pointed at."""
    with override_settings(AUTH_USER_MODEL="djshop.Customer"):
        return get_user_model().__name__  # ORIGIN: dj_improperly_user_model


def invoice_page() -> str:
    """Render the invoice page: its template was never added."""
    return render_to_string("shop/invoice.html", {"number": 7})  # ORIGIN: dj_template_does_not_exist


def banner(text: str) -> str:
    """A banner template with an unfinished `if` tag."""
    return Template("{% if %}" + text + "{% endif %}").render(Context({}))  # ORIGIN: dj_template_syntax


def price_tag(price: float) -> str:
    """A price template using a filter nobody registered."""
    return Template("{{ price|money }}").render(Context({"price": price}))  # ORIGIN: dj_template_bad_filter


def product_url(sku: str) -> str:
    """The URL of a product page, by a route name that does not exist."""
    return reverse("shop:product-detail", kwargs={"sku": sku})  # ORIGIN: dj_no_reverse_match


def search_term(query_string: str) -> str:
    """The `q` parameter of a search request."""
    return QueryDict(query_string)["q"]  # ORIGIN: dj_multivaluedict_key


def signup(email: str, language: str) -> None:
    """Validate a signup email in the visitor's language."""
    with translation.override(language):
        try:
            validate_email(email)  # ORIGIN: dj_email_fr
        except ValidationError as exc:
            raise SignupRejected(" ".join(exc.messages)) from exc


class QuantityForm(forms.Form):
    """The quantity field of the basket."""

    quantity = forms.IntegerField(min_value=1)


def basket_quantity(raw: str, language: str) -> int:
    """The basket quantity, validated with the visitor's language active."""
    with translation.override(language):
        form = QuantityForm({"quantity": raw})
        if not form.is_valid():
            raise SignupRejected(form.errors.as_text())  # ORIGIN: dj_form_de
        return int(form.cleaned_data["quantity"])


def nickname(value: str, language: str) -> str:
    """A nickname of at most 8 characters, validated in the visitor's language."""
    with translation.override(language):
        try:
            MaxLengthValidator(8)(value)  # ORIGIN: dj_maxlength_es
        except ValidationError as exc:
            raise SignupRejected(" ".join(exc.messages)) from exc
    return value
