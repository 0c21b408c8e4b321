"""R-DU-1, R-DU-2: duty hours, shifts, the roster and swaps."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.duty.roster import (
    DutyHours,
    ShiftKind,
    SwapRequest,
    SwapStatus,
    apply_swaps,
    decide_swap,
    duty_date_for,
    handover_times,
    is_off_duty_hours,
    nearest_change,
    next_duty_date,
    next_shift,
    request_swap,
    roster_is_late,
    shift_at,
    shift_for,
    validate_roster,
)
from frontdesk_tui.domain.errors import InputError, RuleError

SH = ZoneInfo("Asia/Shanghai")


class FakeCalendar:
    """Weekends off, plus listed holidays and adjusted working days."""

    def __init__(self, holidays=(), workdays=()):
        self.holidays = set(holidays)
        self.workdays = set(workdays)

    def is_working_day(self, d: date) -> bool:
        if d in self.workdays:
            return True
        return d.weekday() < 5 and d not in self.holidays


# June 2025: Mon 2 June is a working day; Sat 31 May - Mon 2 June is the Dragon Boat holiday in
# reality, here we choose our own: Fri 6 June is a holiday, Sat 7 June an adjusted working day.
CAL = FakeCalendar(holidays={date(2025, 6, 6)}, workdays={date(2025, 6, 7)})


def local(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=SH)


# --- duty hours and shifts ---------------------------------------------------------------------


def test_r_du_2_working_day_shift_runs_1730_to_0830():
    start, end = shift_for(date(2025, 6, 3), CAL)
    assert (start, end) == (datetime(2025, 6, 3, 17, 30), datetime(2025, 6, 4, 8, 30))


def test_r_du_2_holiday_is_24h():
    start, end = shift_for(date(2025, 6, 6), CAL)
    assert (start, end) == (datetime(2025, 6, 6, 8, 30), datetime(2025, 6, 7, 8, 30))
    assert end - start == timedelta(hours=24)
    start, end = shift_for(date(2025, 6, 8), CAL, tz=SH)  # a Sunday
    assert start == local(2025, 6, 8, 8, 30) and end - start == timedelta(hours=24)


def test_r_du_2_adjusted_working_weekend_is_not_24h():
    start, _ = shift_for(date(2025, 6, 7), CAL)
    assert start.time() == time(17, 30)


def test_r_du_2_duty_hours_come_from_configuration():
    hours = DutyHours(start=time(18, 0), end=time(8, 0))
    assert shift_for(date(2025, 6, 3), CAL, hours) == (datetime(2025, 6, 3, 18), datetime(2025, 6, 4, 8))

    class Settings:
        duty_start = time(18, 0)
        duty_end = time(8, 0)

    assert DutyHours.from_settings(Settings()) == hours


def test_r_du_2_duty_hours_must_run_overnight():
    with pytest.raises(InputError):
        DutyHours(start=time(8, 0), end=time(18, 0))


def test_r_du_2_night_belongs_to_previous_roster_day():
    assert duty_date_for(local(2025, 6, 4, 3), SH, CAL) == date(2025, 6, 3)
    assert duty_date_for(local(2025, 6, 3, 17, 30), SH, CAL) == date(2025, 6, 3)
    assert duty_date_for(local(2025, 6, 3, 17, 29), SH, CAL) is None
    assert duty_date_for(local(2025, 6, 4, 8, 30), SH, CAL) is None


def test_r_du_2_holiday_daytime_is_duty_hours():
    assert is_off_duty_hours(local(2025, 6, 6, 12), SH, CAL)
    assert duty_date_for(local(2025, 6, 6, 12), SH, CAL) == date(2025, 6, 6)
    # 07:00 on the holiday is still Thursday's night shift.
    assert duty_date_for(local(2025, 6, 6, 7), SH, CAL) == date(2025, 6, 5)


def test_r_du_2_off_duty_hours_works_from_utc():
    # 10:00 UTC is 18:00 in Shanghai: duty hours.
    assert is_off_duty_hours(datetime(2025, 6, 3, 10, tzinfo=UTC), SH, CAL)
    # 02:00 UTC is 10:00 in Shanghai: the day desk's time.
    assert not is_off_duty_hours(datetime(2025, 6, 3, 2, tzinfo=UTC), SH, CAL)


def test_r_du_2_naive_now_is_refused():
    with pytest.raises(ValueError):
        is_off_duty_hours(datetime(2025, 6, 3, 10), SH, CAL)


def test_r_du_2_next_duty_date():
    assert next_duty_date(local(2025, 6, 3, 10), SH, CAL) == date(2025, 6, 3)
    assert next_duty_date(local(2025, 6, 3, 20), SH, CAL) == date(2025, 6, 4)
    # Thursday night runs into the holiday Friday: Friday's 24 h shift is next.
    assert next_duty_date(local(2025, 6, 5, 20), SH, CAL) == date(2025, 6, 6)


def test_r_du_2_handover_times_working_day():
    changes = handover_times(date(2025, 6, 3), CAL, tz=SH)
    assert [c.at for c in changes] == [local(2025, 6, 3, 8, 30), local(2025, 6, 3, 17, 30)]
    morning, evening = changes
    assert (morning.outgoing.kind, morning.incoming.kind) == (ShiftKind.DUTY, ShiftKind.DAY_DESK)
    assert morning.outgoing.day == date(2025, 6, 2)
    assert (evening.outgoing.kind, evening.incoming.kind) == (ShiftKind.DAY_DESK, ShiftKind.DUTY)
    assert morning.involves_day_desk and evening.involves_day_desk


def test_r_du_2_handover_on_holiday_is_duty_to_duty():
    (change,) = handover_times(date(2025, 6, 6), CAL, tz=SH)
    assert change.at == local(2025, 6, 6, 8, 30)
    assert (change.outgoing.day, change.incoming.day) == (date(2025, 6, 5), date(2025, 6, 6))
    assert not change.involves_day_desk


def test_r_du_2_nearest_change():
    change = nearest_change(local(2025, 6, 4, 8, 20), SH, CAL)
    assert change.at == local(2025, 6, 4, 8, 30)
    assert change.incoming.end == local(2025, 6, 4, 17, 30)


@given(
    st.datetimes(min_value=datetime(2025, 5, 1), max_value=datetime(2025, 8, 1)),
    st.sets(st.dates(min_value=date(2025, 5, 1), max_value=date(2025, 8, 1)), max_size=20),
)
def test_r_du_2_shifts_join_without_gaps(moment, holidays):
    cal = FakeCalendar(holidays=holidays)
    now = moment.replace(tzinfo=SH)
    shift = shift_at(now, SH, cal)
    assert shift.covers(now)
    following = next_shift(shift, cal)
    assert following.start == shift.end
    assert not (shift.kind is following.kind is ShiftKind.DAY_DESK)
    # Exactly one of: a duty shift, or the day desk of a working day.
    assert (shift.kind is ShiftKind.DAY_DESK) == (
        cal.is_working_day(now.date()) and time(8, 30) <= now.time() < time(17, 30)
    )


# --- roster ------------------------------------------------------------------------------------

JUNE = (2025, 6)
TODAY = date(2025, 5, 20)
OFFICERS = {7, 8, 9}


def full_june(officer=7):
    return {date(2025, 6, d): officer for d in range(1, 31)}


def test_r_du_1_complete_next_month_roster_is_valid():
    assert validate_roster(JUNE, full_june(), OFFICERS, TODAY) == []
    assert not roster_is_late(JUNE, TODAY)


def test_r_du_1_every_day_covered():
    entries = full_june()
    del entries[date(2025, 6, 14)]
    errors = validate_roster(JUNE, entries, OFFICERS, TODAY)
    assert [e.field for e in errors] == ["2025-06-14"]


def test_r_du_1_only_eligible_operators():
    entries = full_june()
    entries[date(2025, 6, 2)] = 99
    errors = validate_roster(JUNE, entries, OFFICERS, TODAY)
    assert [e.field for e in errors] == ["2025-06-02"]


def test_r_du_1_days_outside_the_month_refused():
    entries = full_june() | {date(2025, 7, 1): 7}
    assert [e.field for e in validate_roster(JUNE, entries, OFFICERS, TODAY)] == ["2025-07-01"]


def test_r_du_1_month_must_be_current_or_next():
    assert [e.field for e in validate_roster((2025, 7), {}, OFFICERS, TODAY)] == ["month"]
    assert [e.field for e in validate_roster((2025, 4), {}, OFFICERS, TODAY)] == ["month"]
    assert (
        validate_roster((2026, 1), {date(2026, 1, d): 8 for d in range(1, 32)}, OFFICERS, date(2025, 12, 31))
        == []
    )


def test_r_du_1_current_month_is_late_but_accepted_and_past_days_kept():
    today = date(2025, 6, 10)
    assert roster_is_late(JUNE, today)
    existing = full_june(7)
    changed = full_june(8)
    errors = validate_roster(JUNE, changed, OFFICERS, today, existing=existing)
    assert [e.field for e in errors] == [f"2025-06-0{d}" for d in range(1, 10)]
    # Future days may change; past days never rostered need not be filled in.
    future_only = {d: o for d, o in changed.items() if d >= today}
    assert (
        validate_roster(JUNE, future_only | {d: 7 for d in existing if d < today}, OFFICERS, today, existing)
        == []
    )
    assert validate_roster(JUNE, future_only, OFFICERS, today) == []


# --- swaps -------------------------------------------------------------------------------------

ROSTER = {date(2025, 6, 3): 7, date(2025, 6, 4): 8, date(2025, 6, 5): 9}
OFFICER_7 = Actor(7, "Wang", Role.DUTY_OFFICER)
OFFICER_8 = Actor(8, "Li", Role.DUTY_OFFICER)
ASSISTANT = Actor(2, "Zhao", Role.ASSISTANT)
TODAY_SWAP = date(2025, 6, 1)


def test_r_du_1_swap_needs_assistant_approval():
    req = request_swap(ROSTER, OFFICER_7, date(2025, 6, 3), 8, TODAY_SWAP, other_day=date(2025, 6, 4))
    assert req.status is SwapStatus.REQUESTED
    assert apply_swaps(ROSTER, [req]) == ROSTER  # nothing changes before approval
    with pytest.raises(RuleError) as err:
        decide_swap(req, OFFICER_8, True, ROSTER, TODAY_SWAP)
    assert err.value.rule == "R-RO-1"
    approved = decide_swap(req, ASSISTANT, True, ROSTER, TODAY_SWAP)
    assert approved.status is SwapStatus.APPROVED and approved.decided_by == 2
    after = apply_swaps(ROSTER, [approved])
    assert after[date(2025, 6, 3)] == 8 and after[date(2025, 6, 4)] == 7 and after[date(2025, 6, 5)] == 9


def test_r_du_1_substitution_of_one_day():
    req = request_swap(ROSTER, OFFICER_7, date(2025, 6, 3), 9, TODAY_SWAP)
    approved = decide_swap(req, ASSISTANT, True, ROSTER, TODAY_SWAP)
    assert apply_swaps(ROSTER, [approved])[date(2025, 6, 3)] == 9


def test_r_du_1_refused_swap_needs_reason_and_changes_nothing():
    req = request_swap(ROSTER, OFFICER_7, date(2025, 6, 3), 9, TODAY_SWAP)
    with pytest.raises(InputError):
        decide_swap(req, ASSISTANT, False, ROSTER, TODAY_SWAP)
    refused = decide_swap(req, ASSISTANT, False, ROSTER, TODAY_SWAP, reason="9 is on leave")
    assert refused.status is SwapStatus.REFUSED
    assert apply_swaps(ROSTER, [refused]) == ROSTER
    with pytest.raises(RuleError) as err:
        decide_swap(refused, ASSISTANT, True, ROSTER, TODAY_SWAP)
    assert err.value.rule == "R-DU-1"


def test_r_du_1_only_the_rostered_officer_or_a_manager_requests():
    with pytest.raises(RuleError):
        request_swap(ROSTER, OFFICER_8, date(2025, 6, 3), 9, TODAY_SWAP)
    assert request_swap(ROSTER, ASSISTANT, date(2025, 6, 3), 9, TODAY_SWAP).requested_by == 2


def test_r_du_1_swap_checks_days():
    with pytest.raises(InputError):  # past day
        request_swap(ROSTER, OFFICER_7, date(2025, 6, 3), 9, date(2025, 6, 4))
    with pytest.raises(InputError):  # 9 is not on duty on the 4th
        request_swap(ROSTER, OFFICER_7, date(2025, 6, 3), 9, TODAY_SWAP, other_day=date(2025, 6, 4))
    with pytest.raises(InputError):  # with oneself
        request_swap(ROSTER, OFFICER_7, date(2025, 6, 3), 7, TODAY_SWAP)


def test_r_du_1_swap_on_changed_roster_is_not_approved():
    req = request_swap(ROSTER, OFFICER_7, date(2025, 6, 3), 9, TODAY_SWAP)
    changed = ROSTER | {date(2025, 6, 3): 8}
    with pytest.raises(InputError):
        decide_swap(req, ASSISTANT, True, changed, TODAY_SWAP)
    stale = SwapRequest(date(2025, 6, 3), 7, 9, 7, status=SwapStatus.APPROVED)
    assert apply_swaps(changed, [stale]) == changed


def test_r_du_2_with_the_statutory_calendar():
    from frontdesk_tui.domain.calendar import WorkCalendar

    cal = WorkCalendar()
    # Sunday 28 Sep 2025 is an adjusted working day (调休); 1 Oct is National Day.
    assert shift_for(date(2025, 9, 28), cal)[0] == datetime(2025, 9, 28, 17, 30)
    assert shift_for(date(2025, 10, 1), cal) == (datetime(2025, 10, 1, 8, 30), datetime(2025, 10, 2, 8, 30))
    assert [c.at.time() for c in handover_times(date(2025, 10, 1), cal)] == [time(8, 30)]


def test_r_ho_5_the_desks_change_keeps_an_unsigned_handover_until_shortly_before_the_next():
    from frontdesk_tui.domain.duty.roster import desk_change, previous_change

    cal = FakeCalendar()
    wed = datetime(2026, 11, 25, 13, 30, tzinfo=SH)  # a working day, nearer 17:30 than 08:30
    morning, evening = wed.replace(hour=8, minute=30), wed.replace(hour=17, minute=30)
    assert previous_change(wed, SH, cal).at == morning
    open_morning = {morning}
    assert desk_change(wed, SH, cal, still_open=open_morning.__contains__).at == morning
    assert desk_change(wed, SH, cal, still_open=lambda at: False).at == evening  # signed or never started
    assert desk_change(wed.replace(hour=17, minute=15), SH, cal, still_open=open_morning.__contains__).at == evening
    assert desk_change(wed.replace(hour=9), SH, cal, still_open=lambda at: True).at == morning  # the nearest
    assert desk_change(wed.replace(hour=17, minute=40), SH, cal, still_open=lambda at: True).at == evening

