"""R-KP-4: the reminders to the supervision inbox, once each — when each is due, from plain values.

* **roster** (R-DU-1): from the 25th of a month, next month's roster is not complete (a day
  without an officer). Due from the 25th to month end (a scan that missed the 25th still reminds);
  once per roster month.
* **morning check** (R-DU-4): from 10:00 of a working day, the assistant has not signed the duty
  log that day. Once per working day.
* **handover** (R-HO-1): a handover started and not signed 30 minutes after its shift change.
  Once per handover.

The service (``services.site.reminders``) reads the facts, asks these functions, and writes each
reminder through ``add_to_inbox`` unless it is already there (its key: kind and reference).
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from typing import Protocol

RULE = "R-KP-4"
#: R-DU-1 made concrete: the day of the month the roster for the next month must be complete by.
ROSTER_DAY = 25
#: R-DU-4: the morning check is signed by this time of a working day.
MORNING_CHECK_BY = time(10, 0)
#: R-HO-1: a handover not signed this long after its shift change is reminded.
HANDOVER_GRACE = timedelta(minutes=30)


class WorkingDays(Protocol):
    def is_working_day(self, d: date) -> bool: ...


def next_month(today: date) -> tuple[int, int]:
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


def month_key(year: int, month: int) -> int:
    """The reminder's reference for a roster month: 202612."""
    return year * 100 + month


def day_key(day: date) -> int:
    """The reminder's reference for a day's morning check: 20261125."""
    return day.year * 10000 + day.month * 100 + day.day


def roster_missing_days(today: date, rostered: Collection[date]) -> tuple[tuple[int, int], list[date]] | None:
    """From the ROSTER_DAY on: (next month, its days without an officer) when there are any; else None."""
    if today.day < ROSTER_DAY:
        return None
    year, month = next_month(today)
    days = [date(year, month, d) for d in range(1, _calendar.monthrange(year, month)[1] + 1)]
    missing = [d for d in days if d not in rostered]
    return ((year, month), missing) if missing else None


def morning_check_due(local_now: datetime, calendar: WorkingDays, signed_today: bool) -> date | None:
    """The working day whose morning check is missing at ``local_now`` (site time), or None."""
    today = local_now.date()
    if signed_today or not calendar.is_working_day(today):
        return None
    return today if local_now.time() >= MORNING_CHECK_BY else None


def handover_overdue(change_at: datetime, now: datetime, *, signed: bool) -> bool:
    """An open handover (started, not signed) 30 minutes or more after its shift change."""
    return not signed and now >= change_at + HANDOVER_GRACE
