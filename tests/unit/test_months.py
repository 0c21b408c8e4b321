"""One month parser and one pair of month bounds (domain/months.py; R-KP-1, R-DU-1, R-VI-7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.domain.months import month_bounds, month_text, parse_month

_ZONES = st.sampled_from(["Asia/Shanghai", "UTC", "America/New_York", "Europe/Berlin", "Pacific/Kiritimati"])
_MONTHS = st.tuples(st.integers(1900, 2200), st.integers(1, 12))


@pytest.mark.parametrize("good", ["2026-03", " 2026-11 ", "1999-12"])
def test_r_kp_1_yyyy_mm_is_a_month(good):
    year, month = parse_month(good)
    assert month_text(year, month) == good.strip()


@pytest.mark.parametrize(
    "bad", ["26-03", "2026-3", "2026-13", "2026-00", "2026/03", "２０２６-０３", "", "March"]
)
def test_r_kp_1_anything_else_is_refused_naming_the_field_and_the_form(bad):
    with pytest.raises(InputError) as err:
        parse_month(bad, "--month")
    assert err.value.field == "--month" and "YYYY-MM" in str(err.value)


@given(ym=_MONTHS, zone=_ZONES)
def test_r_kp_1_bounds_are_local_midnights_of_the_first_days_in_utc(ym, zone):
    tz = ZoneInfo(zone)
    start, end = month_bounds(*ym, tz)
    assert start.tzinfo == UTC and end.tzinfo == UTC and start < end
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    assert (local_start.year, local_start.month, local_start.day) == (*ym, 1)
    assert local_start.time() == local_end.time() == datetime.min.time()
    assert local_end.day == 1 and local_end == (local_start + timedelta(days=32)).replace(day=1)


@given(ym=_MONTHS, zone=_ZONES)
def test_r_kp_1_consecutive_months_tile_time(ym, zone):
    tz = ZoneInfo(zone)
    year, month = ym
    _start, end = month_bounds(year, month, tz)
    nxt_start, _end = month_bounds(year + (month == 12), month % 12 + 1, tz)
    assert end == nxt_start


@given(instant=st.datetimes(datetime(1901, 1, 1), datetime(2199, 12, 1), timezones=st.just(UTC)), zone=_ZONES)
def test_r_kp_1_an_instant_falls_in_the_month_of_its_local_date(instant, zone):
    tz = ZoneInfo(zone)
    local = instant.astimezone(tz)
    start, end = month_bounds(local.year, local.month, tz)
    assert start <= instant < end


@pytest.mark.parametrize(("year", "month"), [(2026, 0), (2026, 13), (0, 5), (9999, 12)])
def test_r_kp_1_bounds_of_a_month_that_does_not_exist_are_refused(year, month):
    with pytest.raises(InputError):
        month_bounds(year, month, UTC)
