"""Deadline properties (issue 10): R-DL-7 pause/resume, R-DL-3 the 15-day cap, R-DL-3a end of day."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.codes import Complexity
from frontdesk_tui.domain.deadlines import (
    COMPLEX_MAX_WORKING_DAYS,
    END_OF_DAY,
    due_at,
    extend,
    paused_working_days,
    resume_shift,
)
from frontdesk_tui.domain.errors import RuleError

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()
_starts = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(SH)
)
_spans = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30))
_days = st.integers(1, COMPLEX_MAX_WORKING_DAYS)


def _due(start: datetime, complexity: Complexity | None, n: int | None = None) -> datetime:
    return due_at(start, complexity, emergency=False, tz=SH, calendar=CAL, working_days=n)


def _ends_a_working_day(value: datetime) -> bool:
    local = value.astimezone(SH)
    return local.time() == END_OF_DAY and CAL.is_working_day(local.date())


@settings(max_examples=200, deadline=None)
@given(start=_starts, n=_days)
def test_r_dl_3a_every_working_day_deadline_ends_at_23_59_59_of_a_working_day(start, n):
    assert _ends_a_working_day(_due(start, Complexity.MODERATE))
    assert _ends_a_working_day(_due(start, Complexity.COMPLEX, n))


@settings(max_examples=200, deadline=None)
@given(start=_starts, until_pause=_spans, paused=_spans)
def test_r_dl_7_a_24_hour_deadline_moves_by_exactly_the_paused_time(start, until_pause, paused):
    due = _due(start, Complexity.SIMPLE)
    pause = start + until_pause
    assert resume_shift(due, pause, pause + paused, Complexity.SIMPLE, SH, CAL) == due + paused


@settings(max_examples=200, deadline=None)
@given(start=_starts, n=_days, until_pause=_spans, paused=_spans)
def test_r_dl_7_a_working_day_deadline_moves_by_exactly_the_paused_working_days(
    start, n, until_pause, paused
):
    due = _due(start, Complexity.COMPLEX, n)
    pause = start + until_pause
    resumed = pause + paused
    new_due = resume_shift(due, pause, resumed, Complexity.COMPLEX, SH, CAL, deadline_start=start)
    moved = paused_working_days(pause, resumed, SH, CAL, deadline_start=start)
    assert CAL.working_days_between(due.astimezone(SH).date(), new_due.astimezone(SH).date()) == moved
    assert _ends_a_working_day(new_due)
    if paused == timedelta(0):
        assert new_due == due


@settings(max_examples=200, deadline=None)
@given(start=_starts, first=_days, new_total=st.integers(1, 40))
def test_r_dl_3_extensions_cap_at_15_working_days_from_receipt(start, first, new_total):
    current = _due(start, Complexity.COMPLEX, first)
    cap = _due(start, Complexity.COMPLEX, COMPLEX_MAX_WORKING_DAYS)
    try:
        new_due = extend(current, start, new_working_days=new_total, tz=SH, calendar=CAL)
    except RuleError as err:
        assert err.rule == "R-DL-3"
        assert new_total > COMPLEX_MAX_WORKING_DAYS or new_total <= first
        return
    assert new_total <= COMPLEX_MAX_WORKING_DAYS and current < new_due <= cap
    assert _ends_a_working_day(new_due)


def test_r_dl_3_sixteen_working_days_is_refused():
    start = datetime(2026, 3, 2, 9, tzinfo=SH)
    with pytest.raises(RuleError):
        extend(_due(start, Complexity.COMPLEX, 5), start, new_working_days=16, tz=SH, calendar=CAL)
