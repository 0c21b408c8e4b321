"""Months as the desk names them: ``YYYY-MM`` (R-KP-1 monthly figures, R-DU-1 roster, R-VI-7 export).

One parser and one pair of bounds for every command, service and screen that takes a month, so
``roster show``, ``report monthly``, ``violation export`` and the register's filter accept and refuse
the same text the same way. Only ``YYYY-MM`` is a month: four digits, a hyphen, two digits, 01-12
(``26-03`` is not the year 26, ``2026-3`` is not March).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import _

#: The years a month may name (the bounds stay within ``datetime`` in every time zone).
FIRST_YEAR, LAST_YEAR = 1000, 9998

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def parse_month(value: str, field: str = "month") -> tuple[int, int]:
    """``YYYY-MM`` (surrounding blanks ignored) → ``(year, month)``; InputError naming ``field``
    and the expected form otherwise."""
    found = _MONTH.fullmatch(value.strip()) if isinstance(value, str) else None
    if found is not None:
        year, month = int(found.group(1)), int(found.group(2))
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
            return year, month
    raise InputError(field, _("expected YYYY-MM, e.g. 2026-11, got {value!r}").format(value=value))


def month_bounds(year: int, month: int, tz: tzinfo) -> tuple[datetime, datetime]:
    """The month in the site's time zone as ``[start, end)``: local midnight of its first day and
    of the next month's first day, both in UTC. InputError("month") for a month that does not exist."""
    if not 1 <= month <= 12 or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError("month", _("no such month: {year}-{month:02d}").format(year=year, month=month))
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def month_text(year: int, month: int) -> str:
    """``(2026, 3)`` → ``"2026-03"``."""
    return f"{year:04d}-{month:02d}"


__all__ = ["month_bounds", "month_text", "parse_month"]
