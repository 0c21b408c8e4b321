"""Deadlines: R-DL-1…3a, R-DL-5, R-DL-6 (thresholds), R-DL-7, R-EM-2.

Every time here is an aware ``datetime``; results are in UTC (R-DL-5: stored as UTC, shown with the
site's offset). "The local day" is the day in the site's time zone ``tz``. Arithmetic on instants is
done in UTC, so a time zone with daylight saving still counts real hours.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.codes import END_STATUSES, Complexity, Status
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.i18n import _

#: R-DL-1: "24 hours" is exactly 24 hours from the time received.
SIMPLE_HOURS = 24
#: R-DL-2: moderate tickets are due in 3 working days.
MODERATE_WORKING_DAYS = 3
#: R-DL-3: complex tickets, at most (and by default) 15 working days.
COMPLEX_MAX_WORKING_DAYS = 15
#: R-DL-3a: a working-day deadline ends at this local time.
END_OF_DAY = time(23, 59, 59)


def _aware(value: datetime, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise InputError(field, _("a date and time is required"))
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(field, _("a time without a time zone is ambiguous: give the offset"))
    return value.astimezone(UTC)


def counts_working_days(complexity: Complexity | None, *, emergency: bool = False) -> bool:
    """Whether a deadline is counted in working days (moderate, complex) or in hours."""
    return not emergency and complexity in (Complexity.MODERATE, Complexity.COMPLEX)


def end_of_working_day(start: datetime, n: int, tz: tzinfo, calendar: WorkCalendar) -> datetime:
    """R-DL-3a: 23:59:59 local on the ``n``-th working day after the local day of ``start``."""
    local_day = start.astimezone(tz).date()
    day = calendar.add_working_days(local_day, n)
    return datetime.combine(day, END_OF_DAY, tzinfo=tz).astimezone(UTC)


def _complex_days(working_days: int | None) -> int:
    days = COMPLEX_MAX_WORKING_DAYS if working_days is None else working_days
    if not 1 <= days <= COMPLEX_MAX_WORKING_DAYS:
        raise RuleError(
            "R-DL-3",
            _("a complex ticket is due in 1 to {max} working days, not {days}").format(
                max=COMPLEX_MAX_WORKING_DAYS, days=days
            ),
        )
    return days


def due_at(
    received_at: datetime,
    complexity: Complexity | None,
    *,
    emergency: bool,
    tz: tzinfo,
    calendar: WorkCalendar,
    working_days: int | None = None,
    under_control_minutes: int = 60,
) -> datetime:
    """When a ticket received at ``received_at`` is due (aware, UTC).

    - emergency (R-EM-2, R-DL-3a): its under-control time, ``received_at + under_control_minutes``;
    - simple, or no complexity yet (R-DL-1, R-DL-3a): exactly 24 hours later;
    - moderate (R-DL-2): 23:59:59 local on the 3rd working day after the local day of receipt;
    - complex (R-DL-3): the same with ``working_days`` (default and maximum 15, at least 1).
    """
    start = _aware(received_at, "received_at")
    if emergency:
        if under_control_minutes <= 0:
            raise InputError("under_control_minutes", _("must be a positive number of minutes"))
        return start + timedelta(minutes=under_control_minutes)
    if complexity == Complexity.MODERATE:
        return end_of_working_day(start, MODERATE_WORKING_DAYS, tz, calendar)
    if complexity == Complexity.COMPLEX:
        return end_of_working_day(start, _complex_days(working_days), tz, calendar)
    return start + timedelta(hours=SIMPLE_HOURS)


def emergency_clocks(
    received_at: datetime, on_site_minutes: int, under_control_minutes: int
) -> tuple[datetime, datetime]:
    """R-EM-2: (on site by, under control by), both aware UTC."""
    start = _aware(received_at, "received_at")
    if on_site_minutes <= 0:
        raise InputError("on_site_minutes", _("must be a positive number of minutes"))
    if under_control_minutes <= 0:
        raise InputError("under_control_minutes", _("must be a positive number of minutes"))
    return start + timedelta(minutes=on_site_minutes), start + timedelta(minutes=under_control_minutes)


def emergency_clock_is_deadline(
    emergency: bool, deadline_started_at: datetime | None, received_at: datetime
) -> bool:
    """An emergency's first deadline is its under-control clock (R-DL-3a, R-EM-2); a deadline after
    a reopening or an extension is an ordinary one. ``deadline_started_at`` None: the first one."""
    if not emergency:
        return False
    received = _aware(received_at, "received_at")
    started = received if deadline_started_at is None else _aware(deadline_started_at, "deadline_started_at")
    return started <= received


def _day_start(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def _working_spans(start: datetime, end: datetime, tz: tzinfo, calendar: WorkCalendar):
    """Yield the (from, to) pieces of ``[start, end]`` that fall on local working days (UTC)."""
    day = start.astimezone(tz).date()
    last = end.astimezone(tz).date()
    while day <= last:
        lo = max(start, _day_start(day, tz))
        hi = min(end, _day_start(day + timedelta(days=1), tz))
        if hi > lo and calendar.is_working_day(day):
            yield lo, hi
        day += timedelta(days=1)


def warning_at(
    received_at: datetime,
    due: datetime,
    *,
    complexity: Complexity | None,
    tz: tzinfo,
    calendar: WorkCalendar,
    ratio: float = 0.8,
    emergency: bool = False,
) -> datetime:
    """R-DL-6: when ``ratio`` (80 %) of the time allowed has passed, measured like the deadline.

    For 24-hour and emergency deadlines that is plain elapsed time. For working-day deadlines it is
    working time: the allowed time is the working days' seconds from the start of the local day
    after receipt (the day of receipt never counts, R-DL-3a) up to ``due``; the warning falls where
    ``ratio`` of those seconds have gone by, skipping non-working days. ``received_at`` is the start
    of the current deadline (receipt, reopening or extension).
    """
    start = _aware(received_at, "received_at")
    end = _aware(due, "due_at")
    if not 0 <= ratio <= 1:
        raise InputError("ratio", _("must be between 0 and 1"))
    if end <= start:
        return end
    if counts_working_days(complexity, emergency=emergency):
        counted_from = _day_start(start.astimezone(tz).date() + timedelta(days=1), tz)
        spans = list(_working_spans(max(start, counted_from), end, tz, calendar))
        allowed = sum((hi - lo for lo, hi in spans), timedelta())
        if allowed > timedelta():
            left = allowed * ratio
            for lo, hi in spans:
                if hi - lo >= left:
                    return lo + left
                left -= hi - lo
            return end
    return start + (end - start) * ratio


def extend(
    current_due: datetime,
    received_at: datetime,
    *,
    new_working_days: int,
    tz: tzinfo,
    calendar: WorkCalendar,
) -> datetime:
    """R-DL-3: the new deadline of a complex ticket extended (with a reason, told to the owner).

    ``new_working_days`` is the new total, counted like the assessor's from the local day of
    ``received_at`` (the start of the current deadline); it may never exceed 15, and the new due
    time must be later than ``current_due``.
    """
    current = _aware(current_due, "due_at")
    if new_working_days > COMPLEX_MAX_WORKING_DAYS:
        raise RuleError(
            "R-DL-3",
            _("a complex ticket may not be extended past {max} working days from receipt").format(
                max=COMPLEX_MAX_WORKING_DAYS
            ),
        )
    new_due = due_at(
        received_at,
        Complexity.COMPLEX,
        emergency=False,
        tz=tz,
        calendar=calendar,
        working_days=new_working_days,
    )
    if new_due <= current:
        raise RuleError(
            "R-DL-3",
            _("an extension must move the deadline later than {due}").format(
                due=local_words(current, tz)
            ),
        )
    return new_due


def local_words(value: datetime, tz: tzinfo) -> str:
    """A time as a refusal names it: local date and minute ("2026-11-25 10:00"), never ISO."""
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def refuse_pause_if_emergency(emergency: bool) -> None:
    """R-DL-7: emergencies never pause."""
    if emergency:
        raise RuleError("R-DL-7", _("an emergency cannot be paused"))


def paused_working_days(
    paused_at: datetime,
    resumed_at: datetime,
    tz: tzinfo,
    calendar: WorkCalendar,
    *,
    deadline_start: datetime | None = None,
) -> int:
    """How many working days a pause covered: every local working day on which it was in effect
    for any time at all counts as one (a started working day counts whole, so a pause never costs
    the handler a day). Days up to and including the local day of ``deadline_start`` are not
    counted, because the day of receipt never counts toward the deadline (R-DL-3a)."""
    start = _aware(paused_at, "paused_at")
    end = _aware(resumed_at, "resumed_at")
    if end <= start:
        return 0
    first_counted = None
    if deadline_start is not None:
        first_counted = _aware(deadline_start, "deadline_start").astimezone(tz).date() + timedelta(days=1)
    days = {lo.astimezone(tz).date() for lo, _hi in _working_spans(start, end, tz, calendar)}
    return sum(1 for day in days if first_counted is None or day >= first_counted)


def resume_shift(
    due: datetime,
    paused_at: datetime,
    resumed_at: datetime,
    complexity: Complexity | None,
    tz: tzinfo,
    calendar: WorkCalendar,
    *,
    deadline_start: datetime | None = None,
) -> datetime:
    """R-DL-7: the deadline after a pause, moved by the paused time in the deadline's own unit.

    24-hour deadlines move by the paused time exactly. Working-day deadlines move by the number of
    working days the pause covered (``paused_working_days``: a started working day counts as one)
    and stay at 23:59:59 local.
    """
    current = _aware(due, "due_at")
    start = _aware(paused_at, "paused_at")
    end = _aware(resumed_at, "resumed_at")
    if end < start:
        raise InputError("resumed_at", _("cannot be earlier than the pause"))
    if not counts_working_days(complexity):
        return current + (end - start)
    n = paused_working_days(start, end, tz, calendar, deadline_start=deadline_start)
    local = current.astimezone(tz)
    day = calendar.add_working_days(local.date(), n)
    return datetime.combine(day, local.time(), tzinfo=tz).astimezone(UTC)


def reopen_due(
    reopened_at: datetime,
    complexity: Complexity | None,
    *,
    tz: tzinfo,
    calendar: WorkCalendar,
    working_days: int | None = None,
) -> datetime:
    """R-DL-7: a reopened ticket gets a fresh deadline counted from the reopening.

    The emergency clocks are over by then (it was under control), so the deadline follows the
    ticket's complexity like any other.
    """
    return due_at(
        reopened_at, complexity, emergency=False, tz=tz, calendar=calendar, working_days=working_days
    )


def is_overdue(due_at: datetime | None, reported_at: datetime | None, now: datetime) -> bool:
    """R-DL-3a: the clock stops at ``report``; on time when reported by the due time."""
    if due_at is None:
        return False
    due = _aware(due_at, "due_at")
    if reported_at is not None:
        return _aware(reported_at, "reported_at") > due
    return _aware(now, "now") > due


#: The statuses never shown as overdue: the ticket ended without a deadline to keep (answered at the
#: desk, withdrawn, invalid). The ticket list's SQL condition excludes the same statuses.
NEVER_OVERDUE: frozenset[str] = frozenset(s.value for s in END_STATUSES)


def ticket_is_overdue(
    status: Status | str,
    due_at: datetime,
    reported_at: datetime | None,
    paused_at: datetime | None,
    now: datetime,
) -> bool:
    """The one definition of an overdue ticket (R-DL-3a, R-DL-7): late when not reported by the due
    time. A paused clock stands still, so a paused ticket is late only if it was already late when
    paused; a ticket that ended (:data:`NEVER_OVERDUE`) is never overdue.

    In SQL (``services.tickets.queries.overdue_condition``), from the same columns and ``now``::

        status NOT IN NEVER_OVERDUE AND (
            (reported_at IS NULL AND paused_at IS NULL AND due_at < :now)
            OR (reported_at IS NULL AND paused_at IS NOT NULL AND due_at < paused_at)
            OR reported_at > due_at)
    """
    if str(status) in NEVER_OVERDUE:
        return False
    if reported_at is None and paused_at is not None:
        return _aware(paused_at, "paused_at") > _aware(due_at, "due_at")
    return is_overdue(due_at, reported_at, now)


def time_left(due_at: datetime, now: datetime) -> timedelta:
    """Time until ``due_at``; negative once overdue."""
    return _aware(due_at, "due_at") - _aware(now, "now")


def validate_received_at(received_at: datetime, now: datetime) -> datetime:
    """R-DL-3a: a ``received_at`` in the future is refused; returns it in UTC."""
    received = _aware(received_at, "received_at")
    if received > _aware(now, "now"):
        raise InputError("received_at", _("cannot be in the future"))
    return received
