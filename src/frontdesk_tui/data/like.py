"""LIKE patterns built from what a user typed: their ``%`` and ``_`` match only themselves.

Callers give ``.like(...)`` the backslash as its ``escape`` character, the one used here.
"""

from __future__ import annotations


def escape_like(value: str) -> str:
    """``value`` for a ``LIKE`` that escapes with a backslash: its wildcards match only themselves."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
