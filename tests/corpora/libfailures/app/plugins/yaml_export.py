"""Export to YAML, needing PyYAML, which is not installed."""

from __future__ import annotations

import yaml  # ORIGIN: import_third_party_missing


def dump(data: object) -> str:
    """The data as YAML."""
    return str(yaml.safe_dump(data))
