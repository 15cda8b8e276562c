"""The back office's URLs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path


def product(request: HttpRequest, sku: str) -> HttpResponse:
    """A product page."""
    return HttpResponse(sku)


app_name = "shop"
urlpatterns = [path("products/<str:sku>/", product, name="product")]
