"""R-DL-1…3a, R-DL-5, R-DL-6 thresholds, R-DL-7, R-EM-2: deadlines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.codes import Complexity
from frontdesk_tui.domain.deadlines import (
    due_at,
    emergency_clocks,
    extend,
    is_overdue,
    paused_working_days,
    refuse_pause_if_emergency,
    reopen_due,
    resume_shift,
    time_left,
    validate_received_at,
    warning_at,
)
from frontdesk_tui.domain.errors import InputError, RuleError

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def due(received: datetime, complexity: Complexity | None, **kw) -> datetime:
    kw.setdefault("emergency", False)
    return due_at(received, complexity, tz=SH, calendar=CAL, **kw)


def test_r_dl_1_simple_is_exactly_24_hours():
    received = local(2025, 9, 30, 16, 20, 5)
    assert due(received, Complexity.SIMPLE) == received + timedelta(hours=24)


def test_r_dl_3a_no_complexity_counts_as_simple():
    received = local(2025, 9, 30, 16, 20)
    assert due(received, None) == due(received, Complexity.SIMPLE)


def test_r_dl_5_due_is_aware_utc():
    result = due(local(2025, 3, 3, 9, 0), Complexity.MODERATE)
    assert result.tzinfo is UTC
    assert result.astimezone(SH).utcoffset() == timedelta(hours=8)


def test_r_dl_3a_moderate_ends_235959_on_third_working_day():
    # Monday 3 March 2025, any hour: Tue, Wed, Thu count; due Thursday 23:59:59 local.
    for hour in (0, 9, 23):
        assert due(local(2025, 3, 3, hour, 30), Complexity.MODERATE) == local(2025, 3, 6, 23, 59, 59)


def test_r_dl_3a_counts_from_next_day():
    # Received one second before midnight: the day of receipt still never counts.
    assert due(local(2025, 3, 3, 23, 59, 59), Complexity.MODERATE) == local(2025, 3, 6, 23, 59, 59)
    assert due(local(2025, 3, 4, 0, 0, 0), Complexity.MODERATE) == local(2025, 3, 7, 23, 59, 59)


def test_r_dl_3a_local_day_not_utc_day():
    # 01:00 in Shanghai on Tuesday is still Monday in UTC: the local day decides.
    received = local(2025, 3, 4, 1, 0)
    assert received.astimezone(UTC).day == 3
    assert due(received, Complexity.MODERATE) == local(2025, 3, 7, 23, 59, 59)


def test_r_dl_2_moderate_skips_national_day_and_counts_adjusted_sunday():
    # Friday 26 Sep 2025: Sun 28 (worked), Mon 29, Tue 30 -> due Tue 30 Sep.
    assert due(local(2025, 9, 26, 10), Complexity.MODERATE) == local(2025, 9, 30, 23, 59, 59)
    # Tuesday 30 Sep: 1-8 Oct off, so 9, 10, 11 (Saturday 11 Oct is worked).
    assert due(local(2025, 9, 30, 10), Complexity.MODERATE) == local(2025, 10, 11, 23, 59, 59)


def test_r_dl_3_complex_defaults_to_15_working_days():
    received = local(2025, 3, 3, 10)
    assert due(received, Complexity.COMPLEX) == local(2025, 3, 24, 23, 59, 59)
    assert due(received, Complexity.COMPLEX, working_days=5) == local(2025, 3, 10, 23, 59, 59)


def test_r_dl_3_complex_skips_holidays():
    # From Tuesday 30 Sep 2025, 5 working days: 9, 10, 11 (Sat, worked), 13, 14 Oct.
    assert due(local(2025, 9, 30, 10), Complexity.COMPLEX, working_days=5) == local(2025, 10, 14, 23, 59, 59)


@pytest.mark.parametrize("days", [0, 16, -1])
def test_r_dl_3_complex_days_out_of_range_refused(days):
    with pytest.raises(RuleError) as err:
        due(local(2025, 3, 3, 10), Complexity.COMPLEX, working_days=days)
    assert err.value.rule == "R-DL-3"


def test_r_em_2_emergency_due_is_under_control_time():
    received = local(2025, 3, 3, 10)
    assert due(received, Complexity.COMPLEX, emergency=True) == received + timedelta(hours=1)
    assert due(received, None, emergency=True, under_control_minutes=45) == received + timedelta(minutes=45)


def test_r_em_2_emergency_clocks():
    received = local(2025, 3, 3, 10)
    on_site, under_control = emergency_clocks(received, 10, 60)
    assert on_site == received + timedelta(minutes=10)
    assert under_control == received + timedelta(hours=1)
    with pytest.raises(InputError):
        emergency_clocks(received, 0, 60)


def test_r_dl_5_naive_datetime_refused():
    with pytest.raises(InputError) as err:
        due(datetime(2025, 3, 3, 10), Complexity.SIMPLE)
    assert err.value.field == "received_at"


def test_r_dl_4_deadline_crossing_into_uncovered_year_computes():
    warnings: list[str] = []
    cal = WorkCalendar(on_warning=warnings.append)
    result = due_at(local(2026, 12, 28, 10), Complexity.COMPLEX, emergency=False, tz=SH, calendar=cal)
    assert result > local(2027, 1, 1)
    assert any("2027" in w for w in warnings)


def test_r_dl_6_warning_at_80_percent():
    received = local(2025, 3, 3, 10)
    simple_due = due(received, Complexity.SIMPLE)
    w = warning_at(received, simple_due, complexity=Complexity.SIMPLE, tz=SH, calendar=CAL)
    assert w == received + timedelta(hours=19, minutes=12)


def test_r_dl_6_warning_at_80_percent_of_working_time():
    # Moderate from Monday 3 March: Tue, Wed, Thu count (3 x 24 h = 72 h); 80 % = 57.6 h
    # = 2 days + 9 h 36 min into Thursday.
    received = local(2025, 3, 3, 15)
    d = due(received, Complexity.MODERATE)
    w = warning_at(received, d, complexity=Complexity.MODERATE, tz=SH, calendar=CAL)
    assert w == local(2025, 3, 6, 9, 35, 59, 200000)


def test_r_dl_6_warning_skips_non_working_days():
    # From Thursday 6 March: Fri 7, Mon 10, Tue 11 count; 80 % falls on Tuesday, not at the weekend.
    received = local(2025, 3, 6, 15)
    d = due(received, Complexity.MODERATE)
    assert d == local(2025, 3, 11, 23, 59, 59)
    w = warning_at(received, d, complexity=Complexity.MODERATE, tz=SH, calendar=CAL)
    assert w.astimezone(SH).date() == local(2025, 3, 11).date()
    assert w == local(2025, 3, 11, 9, 35, 59, 200000)


def test_r_dl_6_warning_for_emergency_is_in_minutes():
    received = local(2025, 3, 3, 10)
    d = due(received, Complexity.MODERATE, emergency=True)
    w = warning_at(received, d, complexity=Complexity.MODERATE, tz=SH, calendar=CAL, emergency=True)
    assert w == received + timedelta(minutes=48)


def test_r_dl_3_extend_within_15_working_days():
    received = local(2025, 3, 3, 10)
    current = due(received, Complexity.COMPLEX, working_days=5)
    new = extend(current, received, new_working_days=10, tz=SH, calendar=CAL)
    assert new == local(2025, 3, 17, 23, 59, 59)


def test_r_dl_3_extend_never_past_15_working_days():
    received = local(2025, 3, 3, 10)
    current = due(received, Complexity.COMPLEX, working_days=10)
    with pytest.raises(RuleError) as err:
        extend(current, received, new_working_days=16, tz=SH, calendar=CAL)
    assert err.value.rule == "R-DL-3"


def test_r_dl_3_extend_must_move_later():
    received = local(2025, 3, 3, 10)
    current = due(received, Complexity.COMPLEX, working_days=10)
    with pytest.raises(RuleError):
        extend(current, received, new_working_days=8, tz=SH, calendar=CAL)


def test_r_dl_7_pause_moves_deadline():
    # 24-hour deadline: moves by the paused hours exactly.
    received = local(2025, 3, 3, 10)
    d = due(received, Complexity.SIMPLE)
    moved = resume_shift(d, local(2025, 3, 3, 12), local(2025, 3, 3, 15, 30), Complexity.SIMPLE, SH, CAL)
    assert moved == d + timedelta(hours=3, minutes=30)


def test_r_dl_7_pause_moves_working_day_deadline_by_working_days():
    # Moderate from Mon 3 Mar (due Thu 6th); paused Tue 10:00 to Wed 09:00 touches 2 working days.
    received = local(2025, 3, 3, 10)
    d = due(received, Complexity.MODERATE)
    moved = resume_shift(d, local(2025, 3, 4, 10), local(2025, 3, 5, 9), Complexity.MODERATE, SH, CAL)
    assert moved == local(2025, 3, 10, 23, 59, 59)  # Fri 7, Mon 10


def test_r_dl_7_pause_over_a_weekend_costs_no_working_day():
    start, end = local(2025, 3, 8, 9), local(2025, 3, 9, 20)  # Saturday to Sunday
    assert paused_working_days(start, end, SH, CAL) == 0
    d = local(2025, 3, 12, 23, 59, 59)
    assert resume_shift(d, start, end, Complexity.COMPLEX, SH, CAL) == d


def test_r_dl_7_started_working_day_counts_as_one():
    assert paused_working_days(local(2025, 3, 4, 10), local(2025, 3, 4, 10, 5), SH, CAL) == 1


def test_r_dl_7_pause_on_day_of_receipt_not_counted():
    received = local(2025, 3, 3, 10)
    assert (
        paused_working_days(local(2025, 3, 3, 11), local(2025, 3, 4, 9), SH, CAL, deadline_start=received)
        == 1
    )


def test_r_dl_7_resume_before_pause_refused():
    d = local(2025, 3, 4, 10)
    with pytest.raises(InputError):
        resume_shift(d, local(2025, 3, 3, 12), local(2025, 3, 3, 11), None, SH, CAL)


def test_r_dl_7_emergency_never_pauses():
    with pytest.raises(RuleError) as err:
        refuse_pause_if_emergency(True)
    assert err.value.rule == "R-DL-7"
    refuse_pause_if_emergency(False)


def test_r_dl_7_reopen_gets_fresh_deadline():
    reopened = local(2025, 4, 1, 10)
    assert reopen_due(reopened, Complexity.MODERATE, tz=SH, calendar=CAL) == local(2025, 4, 7, 23, 59, 59)
    # 4 Apr 2025 is Qingming and the 5th, 6th are the weekend: Wed 2, Thu 3, Mon 7.
    assert reopen_due(reopened, None, tz=SH, calendar=CAL) == reopened + timedelta(hours=24)
    assert not is_overdue(reopen_due(reopened, None, tz=SH, calendar=CAL), None, reopened)


def test_r_dl_3a_clock_stops_at_report():
    d = local(2025, 3, 4, 10)
    assert not is_overdue(d, local(2025, 3, 4, 9), local(2025, 3, 10))
    assert is_overdue(d, local(2025, 3, 4, 10, 1), local(2025, 3, 4, 10, 2))
    assert is_overdue(d, None, local(2025, 3, 4, 10, 0, 1))
    assert not is_overdue(d, None, d)  # due at that very second: still on time
    assert not is_overdue(None, None, d)


def test_r_dl_3a_time_left():
    d = local(2025, 3, 4, 10)
    assert time_left(d, local(2025, 3, 4, 8)) == timedelta(hours=2)
    assert time_left(d, local(2025, 3, 4, 11)) == timedelta(hours=-1)


def test_r_dl_3a_received_at_in_future_refused():
    now = local(2025, 3, 4, 10)
    with pytest.raises(InputError) as err:
        validate_received_at(now + timedelta(seconds=1), now)
    assert err.value.field == "received_at"
    assert validate_received_at(now - timedelta(hours=3), now) == (now - timedelta(hours=3)).astimezone(UTC)


COMPLEXITIES = [None, Complexity.SIMPLE, Complexity.MODERATE, Complexity.COMPLEX]
_starts = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31, 23, 59, 59), timezones=st.just(SH)
)


@settings(max_examples=200, deadline=None)
@given(start=_starts, step=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)))
def test_r_dl_3a_property_due_computes_never_earlier_and_monotone(start, step):
    later = start + step
    for complexity in COMPLEXITIES:
        for emergency in (False, True):
            first = due(start, complexity, emergency=emergency)
            assert first >= start
            if later.year <= 2099:
                assert due(later, complexity, emergency=emergency) >= first
            w = warning_at(start, first, complexity=complexity, tz=SH, calendar=CAL, emergency=emergency)
            assert start <= w <= first


def test_r_dl_7_a_paused_ticket_is_overdue_only_if_it_was_late_when_paused():
    from frontdesk_tui.domain.deadlines import ticket_is_overdue

    d = local(2025, 3, 4, 10)
    later = local(2025, 3, 20)
    assert not ticket_is_overdue("assigned", d, None, local(2025, 3, 4, 9), later)  # paused in time
    assert ticket_is_overdue("assigned", d, None, local(2025, 3, 4, 11), later)  # paused when late
    assert ticket_is_overdue("assigned", d, None, None, later)
    assert not ticket_is_overdue("withdrawn", d, None, None, later)  # an ended ticket never is
    assert not ticket_is_overdue("result_reported", d, local(2025, 3, 4, 9), local(2025, 3, 4, 11), later)
