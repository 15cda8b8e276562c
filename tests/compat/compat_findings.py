"""What each differing combination shows on the current code, as its strict-xfail reason.

When a fix makes a combination's runs identical, its test XPASSes (strict): delete its entry here
and regenerate COMBINATIONS.md (`python tests/compat/compat_table.py`).
"""

from __future__ import annotations

DIFFERS_TODAY: dict[str, str] = {}
