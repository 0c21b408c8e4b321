"""R-VI-8, R-PD-2: how long a violation is kept."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from frontdesk_tui.domain.codes import ViolationClass
from frontdesk_tui.domain.violations.facts import ViolationFacts

RETENTION_YEARS: dict[ViolationClass, int] = {ViolationClass.GENERAL: 1, ViolationClass.MAJOR: 5}


def retention_start(violation: ViolationFacts) -> datetime:
    """Retention counts from closing; a record never closed counts from its recording."""
    return violation.closed_at or violation.recorded_at


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def retention_until(
    violation_class: ViolationClass | str, closed_or_recorded_at: datetime, *, tz: tzinfo | None = None
) -> date:
    """R-VI-8: the last day the record must be kept: general 1 year, major 5 years after the start
    date (taken in ``tz`` when given, so pass the site's time zone)."""
    start = closed_or_recorded_at.astimezone(tz) if tz is not None else closed_or_recorded_at
    return _add_years(start.date(), RETENTION_YEARS[ViolationClass(violation_class)])


def purge_due(
    violation_class: ViolationClass | str,
    closed_or_recorded_at: datetime,
    before: date,
    *,
    tz: tzinfo | None = None,
) -> bool:
    """R-VI-8: ``purge --before DATE`` takes the records whose retention ended before DATE."""
    return retention_until(violation_class, closed_or_recorded_at, tz=tz) < before
