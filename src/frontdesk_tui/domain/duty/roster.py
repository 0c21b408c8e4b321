"""Duty hours, shifts and the duty roster (R-DU-1, R-DU-2).

A *roster day* D names the officer on duty for D's shift:

* D a working day: D 17:30 → D+1 08:30 (the day desk works D 08:30 → 17:30);
* D a holiday (any non-working day of the calendar): 24 hours, D 08:30 → D+1 08:30.

So 03:00 on a Tuesday belongs to Monday's roster day, and the shifts of holidays and working
days join without gaps: every moment is either some roster day's duty shift or a working day's
day desk. The times come from configuration (``duty_start``/``duty_end``); the shift always runs
overnight, so ``end`` must be earlier in the day than ``start``.

Times: functions taking ``tz`` need aware ``now`` values (the program stores UTC, R-DL-5) and
return aware datetimes in ``tz``; with ``tz=None`` :func:`shift_for` returns naive local times.

Roster decisions (design, reading R-DU-1 "made by the assistant for the next month before month
end"):

* A roster may be set for the next month or for the current one; the current one is *late*
  (:func:`roster_is_late` says so, the service warns) but accepted, so a site that starts
  mid-month or lost its roster is not stuck. Any other month is refused.
* Every day of the month needs one officer, except, in the current month, days already past: the
  past is a record (who really was on duty), so an existing past entry cannot be changed and a
  missing one need not be filled in.
* A swap changes who is on duty only once an assistant or director approved it; a request names
  one day (a substitute covers it) or two days (the two officers exchange them). Days already past
  cannot be swapped.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Protocol

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.i18n import _


class WorkingDays(Protocol):
    """What the duty rules need of a calendar (``domain.calendar.WorkCalendar`` is one)."""

    def is_working_day(self, d: date, /) -> bool: ...


@dataclass(frozen=True, slots=True)
class DutyHours:
    """R-DU-2: the duty shift of a working day runs ``start`` → next day ``end``."""

    start: time = time(17, 30)
    end: time = time(8, 30)

    def __post_init__(self) -> None:
        if not self.end < self.start:
            raise InputError("duty_end", _("duty hours must run overnight: the end comes before the start"))

    @classmethod
    def from_settings(cls, settings: Any) -> DutyHours:
        """From anything with ``duty_start`` and ``duty_end`` (the app's ``Settings``)."""
        return cls(start=settings.duty_start, end=settings.duty_end)


DEFAULT_DUTY_HOURS = DutyHours()


class ShiftKind(StrEnum):
    DAY_DESK = "day_desk"
    """08:30 → 17:30 on a working day: receptionists at the desk."""
    DUTY = "duty"
    """A roster day's shift: the duty officer."""


@dataclass(frozen=True, slots=True)
class Shift:
    """One stretch of time with one kind of cover. ``day`` is the roster day (duty) or the day."""

    kind: ShiftKind
    day: date
    start: datetime
    end: datetime

    def covers(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


@dataclass(frozen=True, slots=True)
class ShiftChange:
    """A handover (R-DU-2): at ``at`` the ``outgoing`` shift hands over to the ``incoming`` one."""

    at: datetime
    outgoing: Shift
    incoming: Shift

    @property
    def involves_day_desk(self) -> bool:
        return ShiftKind.DAY_DESK in (self.outgoing.kind, self.incoming.kind)


def _at(day: date, t: time, tz: tzinfo | None) -> datetime:
    return datetime.combine(day, t, tzinfo=tz)


def _local(now: datetime, tz: tzinfo) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("naive datetime given to the duty rules; attach a time zone")
    return now.astimezone(tz)


def shift_for(
    day: date, calendar: WorkingDays, hours: DutyHours = DEFAULT_DUTY_HOURS, tz: tzinfo | None = None
) -> tuple[datetime, datetime]:
    """R-DU-2: start and end of roster day ``day``'s duty shift (holiday: 24 h from ``hours.end``)."""
    start = hours.start if calendar.is_working_day(day) else hours.end
    return _at(day, start, tz), _at(day + timedelta(days=1), hours.end, tz)


def duty_shift(
    day: date, calendar: WorkingDays, hours: DutyHours = DEFAULT_DUTY_HOURS, tz: tzinfo | None = None
) -> Shift:
    start, end = shift_for(day, calendar, hours, tz)
    return Shift(ShiftKind.DUTY, day, start, end)


def _day_desk(day: date, hours: DutyHours, tz: tzinfo | None) -> Shift:
    return Shift(ShiftKind.DAY_DESK, day, _at(day, hours.end, tz), _at(day, hours.start, tz))


def shift_at(
    now: datetime, tz: tzinfo, calendar: WorkingDays, hours: DutyHours = DEFAULT_DUTY_HOURS
) -> Shift:
    """The shift covering ``now``: a roster day's duty shift or a working day's day desk."""
    local = _local(now, tz)
    today = local.date()
    for day in (today - timedelta(days=1), today):
        shift = duty_shift(day, calendar, hours, tz)
        if shift.covers(local):
            return shift
    # Not in a duty shift: only a working day's 08:30-17:30 is left.
    return _day_desk(today, hours, tz)


def next_shift(shift: Shift, calendar: WorkingDays, hours: DutyHours = DEFAULT_DUTY_HOURS) -> Shift:
    """The shift that starts when ``shift`` ends."""
    tz = shift.start.tzinfo
    if shift.kind is ShiftKind.DAY_DESK:
        return duty_shift(shift.day, calendar, hours, tz)
    following = shift.day + timedelta(days=1)
    if calendar.is_working_day(following):
        return _day_desk(following, hours, tz)
    return duty_shift(following, calendar, hours, tz)


def is_off_duty_hours(
    now: datetime, tz: tzinfo, calendar: WorkingDays, hours: DutyHours = DEFAULT_DUTY_HOURS
) -> bool:
    """R-DU-2: whether ``now`` is in duty hours (outside the day desk's time).

    Used by escalation (every escalation also reaches the officer on duty) and by the duty
    officer's right to assign and dispatch (004 4.1.6).
    """
    return shift_at(now, tz, calendar, hours).kind is ShiftKind.DUTY


def duty_date_for(
    now: datetime, tz: tzinfo, calendar: WorkingDays, hours: DutyHours = DEFAULT_DUTY_HOURS
) -> date | None:
    """The roster day whose duty shift covers ``now`` (03:00 is the previous day's); ``None`` while
    the day desk works."""
    shift = shift_at(now, tz, calendar, hours)
    return shift.day if shift.kind is ShiftKind.DUTY else None


def next_duty_date(
    now: datetime, tz: tzinfo, calendar: WorkingDays, hours: DutyHours = DEFAULT_DUTY_HOURS
) -> date:
    """The roster day of the next duty shift to start after ``now`` ("who is on duty next")."""
    shift = next_shift(shift_at(now, tz, calendar, hours), calendar, hours)
    if shift.kind is ShiftKind.DAY_DESK:
        shift = next_shift(shift, calendar, hours)
    return shift.day


def handover_times(
    day: date, calendar: WorkingDays, hours: DutyHours = DEFAULT_DUTY_HOURS, tz: tzinfo | None = None
) -> list[ShiftChange]:
    """R-DU-2: the shift changes on ``day``, in order.

    Working day: ``end`` (duty officer → day desk) and ``start`` (day desk → duty officer).
    Holiday: ``end`` only (duty officer → the next duty officer).
    """
    previous = duty_shift(day - timedelta(days=1), calendar, hours, tz)
    changes = [ShiftChange(previous.end, previous, next_shift(previous, calendar, hours))]
    if calendar.is_working_day(day):
        desk = _day_desk(day, hours, tz)
        changes.append(ShiftChange(desk.end, desk, duty_shift(day, calendar, hours, tz)))
    return changes


def nearest_change(
    now: datetime, tz: tzinfo, calendar: WorkingDays, hours: DutyHours = DEFAULT_DUTY_HOURS
) -> ShiftChange:
    """The shift change closest to ``now``: the handover the officers at the desk are doing."""
    local = _local(now, tz)
    changes = [
        change
        for offset in (-1, 0, 1)
        for change in handover_times(local.date() + timedelta(days=offset), calendar, hours, tz)
    ]
    return min(changes, key=lambda change: abs(change.at - local))


#: R-HO-2: the outgoing officer starts on the next handover 15 minutes before its change; until
#: then a handover started at the previous change and not yet signed is still the desk's.
NEXT_HANDOVER_LEAD = timedelta(minutes=15)


def previous_change(
    now: datetime, tz: tzinfo, calendar: WorkingDays, hours: DutyHours = DEFAULT_DUTY_HOURS
) -> ShiftChange | None:
    """The latest shift change at or before ``now``."""
    local = _local(now, tz)
    changes = [
        change
        for offset in (-2, -1, 0)
        for change in handover_times(local.date() + timedelta(days=offset), calendar, hours, tz)
        if change.at <= local
    ]
    return max(changes, key=lambda change: change.at) if changes else None


def desk_change(
    now: datetime,
    tz: tzinfo,
    calendar: WorkingDays,
    hours: DutyHours = DEFAULT_DUTY_HOURS,
    *,
    still_open: Callable[[datetime], bool],
) -> ShiftChange:
    """The handover the officers at the desk are doing: the nearest shift change, except that one
    started at the previous change and not signed (``still_open(at)``) stays the desk's until 15
    minutes before the next change — past the halfway point an open handover, and the emergency
    on it, must not drop out of sight (R-HO-3, R-HO-5)."""
    nearest = nearest_change(now, tz, calendar, hours)
    local = _local(now, tz)
    if nearest.at <= local or local >= nearest.at - NEXT_HANDOVER_LEAD:
        return nearest
    previous = previous_change(now, tz, calendar, hours)
    if previous is not None and still_open(previous.at):
        return previous
    return nearest


# --- Roster (R-DU-1) ---------------------------------------------------------------------------
# --- Roster (R-DU-1) ---------------------------------------------------------------------------


def _month_days(year: int, month: int) -> list[date]:
    return [date(year, month, d) for d in range(1, _calendar.monthrange(year, month)[1] + 1)]


def _next_month(today: date) -> tuple[int, int]:
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


def roster_is_late(month: tuple[int, int], today: date) -> bool:
    """R-DU-1: a roster for the month already running was not made before month end."""
    return month == (today.year, today.month)


def validate_roster(
    month: tuple[int, int],
    entries: Mapping[date, int],
    eligible_ids: Collection[int],
    today: date,
    existing: Mapping[date, int] | None = None,
) -> list[InputError]:
    """R-DU-1: every problem with a month's roster, each naming its field ("month" or an ISO date).

    ``entries`` is the whole month (day → operator id), ``eligible_ids`` the active operators who
    may take a duty shift, ``existing`` the roster stored now (to protect days already past).
    """
    year, number = month
    if not 1 <= number <= 12:
        return [InputError("month", _("no such month: {month}").format(month=number))]
    if month not in ((today.year, today.month), _next_month(today)):
        return [
            InputError(
                "month",
                _("a roster can be set for this month or the next one, not {year}-{month:02d}").format(
                    year=year, month=number
                ),
            )
        ]
    existing = existing or {}
    days = _month_days(year, number)
    errors: list[InputError] = []
    for day in sorted(set(entries) - set(days)):
        errors.append(InputError(day.isoformat(), _("this day is not in the month of the roster")))
    for day in days:
        officer = entries.get(day)
        if day < today:
            if day in existing and officer != existing[day]:
                errors.append(InputError(day.isoformat(), _("a past day of the roster cannot be changed")))
            continue
        if officer is None:
            errors.append(InputError(day.isoformat(), _("nobody is on duty this day")))
        elif officer not in eligible_ids:
            errors.append(
                InputError(day.isoformat(), _("operator {id} cannot take a duty shift").format(id=officer))
            )
    return errors


class SwapStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class SwapRequest:
    """R-DU-1: ``officer`` hands ``day`` to ``substitute``; with ``other_day`` they exchange days."""

    day: date
    officer_id: int
    substitute_id: int
    requested_by: int
    other_day: date | None = None
    status: SwapStatus = SwapStatus.REQUESTED
    decided_by: int | None = None
    reason: str = ""


_MANAGERS = (Role.ASSISTANT, Role.DIRECTOR)


def _check_swap_days(
    roster: Mapping[date, int],
    day: date,
    officer_id: int,
    substitute_id: int,
    other_day: date | None,
    today: date,
) -> None:
    for d in (day, other_day):
        if d is not None and d < today:
            raise InputError(d.isoformat(), _("a past day cannot be swapped"))
    if roster.get(day) != officer_id:
        raise InputError(day.isoformat(), _("operator {id} is not on duty this day").format(id=officer_id))
    if substitute_id == officer_id:
        raise InputError("substitute", _("a swap needs two different operators"))
    if other_day is not None:
        if other_day == day:
            raise InputError("other_day", _("a swap needs two different days"))
        if roster.get(other_day) != substitute_id:
            raise InputError(
                other_day.isoformat(), _("operator {id} is not on duty this day").format(id=substitute_id)
            )


def request_swap(
    roster: Mapping[date, int],
    requester: Actor,
    day: date,
    substitute_id: int,
    today: date,
    other_day: date | None = None,
) -> SwapRequest:
    """R-DU-1: the officer on duty ``day`` (or a manager for them) asks for a swap; nothing changes yet."""
    officer_id = roster.get(day)
    if officer_id is None:
        raise InputError(day.isoformat(), _("nobody is on duty this day"))
    if requester.id != officer_id and requester.role not in _MANAGERS:
        raise RuleError(
            "R-RO-1", _("only the officer on duty that day, an assistant or a director may ask for a swap")
        )
    _check_swap_days(roster, day, officer_id, substitute_id, other_day, today)
    return SwapRequest(day, officer_id, substitute_id, requester.id, other_day)


def decide_swap(
    request: SwapRequest,
    approver: Actor,
    approve: bool,
    roster: Mapping[date, int],
    today: date,
    reason: str = "",
) -> SwapRequest:
    """R-DU-1: an assistant or director approves or refuses (a refusal says why).

    The roster must still show the days as requested: a roster changed since is refused.
    """
    if approver.role not in _MANAGERS:
        raise RuleError("R-RO-1", _("a swap needs the approval of an assistant or director"))
    if request.status is not SwapStatus.REQUESTED:
        raise RuleError("R-DU-1", _("this swap was already decided"))
    if not approve and not reason.strip():
        raise InputError("reason", _("say why the swap is refused"))
    if approve:
        _check_swap_days(
            roster, request.day, request.officer_id, request.substitute_id, request.other_day, today
        )
    status = SwapStatus.APPROVED if approve else SwapStatus.REFUSED
    return replace(request, status=status, decided_by=approver.id, reason=reason.strip())


def apply_swaps(roster: Mapping[date, int], swaps: Iterable[SwapRequest]) -> dict[date, int]:
    """The roster as it stands once the approved ``swaps`` (in the order given) are applied."""
    result = dict(roster)
    for swap in swaps:
        if swap.status is not SwapStatus.APPROVED or result.get(swap.day) != swap.officer_id:
            continue
        if swap.other_day is not None:
            if result.get(swap.other_day) != swap.substitute_id:
                continue
            result[swap.other_day] = swap.officer_id
        result[swap.day] = swap.substitute_id
    return result
