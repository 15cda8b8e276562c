"""Loading optional modules and names."""

from __future__ import annotations

import importlib
from types import ModuleType


def load_plugin(name: str) -> ModuleType:
    """A plugin module by name."""
    return importlib.import_module(f"app.plugins.{name}")  # ORIGIN: import_module_missing


def json_fast_loader() -> object:
    """A name the json module does not export."""
    from json import loads_fast  # ORIGIN: import_name_missing

    return loads_fast


def stdlib_typo() -> object:
    """A stdlib module spelt wrong."""
    import colections  # ORIGIN: import_stdlib_typo

    return colections
