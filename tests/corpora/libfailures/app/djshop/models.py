"""The back office's models."""

from __future__ import annotations

from django.db import models


class Product(models.Model):
    """A product with a unique SKU."""

    sku = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=80)

    class Meta:
        app_label = "djshop"


class Invoice(models.Model):
    """An invoice; its table has no migration yet."""

    number = models.CharField(max_length=20)

    class Meta:
        app_label = "djshop"
