"""R-DL-4: the working-day calendar."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk_tui.domain.calendar import (
    WorkCalendar,
    fallback_days_off,
    missing_next_year_warning,
    parse_site_holidays,
    qingming,
    statutory_holidays,
)
from frontdesk_tui.domain.errors import InputError


def test_r_dl_4_national_day_2025_is_not_working():
    cal = WorkCalendar()
    for day in range(1, 9):
        assert not cal.is_working_day(date(2025, 10, day))
    assert cal.is_working_day(date(2025, 10, 9))


def test_r_dl_4_adjusted_weekend_is_working():
    cal = WorkCalendar()
    sunday = date(2025, 9, 28)
    assert sunday.weekday() == 6
    assert cal.is_working_day(sunday)
    assert cal.is_working_day(date(2025, 10, 11))  # a Saturday worked for National Day 2025


def test_r_dl_4_plain_weekend_and_weekday():
    cal = WorkCalendar()
    assert not cal.is_working_day(date(2025, 3, 8))  # Saturday
    assert cal.is_working_day(date(2025, 3, 10))  # Monday


def test_r_dl_4_covers_the_years_of_the_data_only():
    cal = WorkCalendar()
    assert cal.covers(2025)
    assert not cal.covers(2031)
    assert not cal.covers(2001)


def test_r_dl_4_fallback_2031_spring_festival():
    warnings: list[str] = []
    cal = WorkCalendar(on_warning=warnings.append)
    # Lunar new year 2031 is 23 January: the eve (22nd) and the 1st-3rd are days off.
    for day in (22, 23, 24):
        assert not cal.is_working_day(date(2031, 1, day))
    assert not cal.is_working_day(date(2031, 1, 25))  # the 3rd, a Saturday
    assert cal.is_working_day(date(2031, 1, 21))
    assert len(warnings) == 1 and "2031" in warnings[0]


def test_r_dl_4_fallback_makes_up_a_holiday_on_a_weekend():
    # 2031-01-25 (lunar 1-3) is a Saturday: 补假 on Monday the 27th, the first weekday after it.
    cal = WorkCalendar()
    assert date(2031, 1, 25).weekday() == 5
    assert not cal.is_working_day(date(2031, 1, 27))
    assert cal.is_working_day(date(2031, 1, 28))


def test_r_dl_4_fallback_fixed_holidays_2031():
    cal = WorkCalendar()
    for day in (date(2031, 1, 1), date(2031, 5, 1), date(2031, 5, 2), date(2031, 10, 1), date(2031, 10, 3)):
        assert not cal.is_working_day(day), day
    assert not cal.is_working_day(qingming(2031))
    assert cal.is_working_day(date(2031, 10, 6))  # a Monday after National Day


def test_r_dl_4_fallback_lunar_holidays_2031():
    holidays = statutory_holidays(2031)
    assert date(2031, 6, 24) in holidays  # 端午: lunar 5-5
    assert date(2031, 10, 1) in holidays
    # Mid-Autumn 2031 (lunar 8-15) falls on 1 October, National Day itself.
    assert len(holidays) == 12


def test_r_dl_4_warns_once_per_uncovered_year():
    warnings: list[str] = []
    cal = WorkCalendar(on_warning=warnings.append)
    cal.is_working_day(date(2031, 3, 3))
    cal.is_working_day(date(2031, 7, 3))
    cal.is_working_day(date(2025, 7, 3))
    cal.is_working_day(date(2032, 7, 3))
    assert len(warnings) == 2
    assert "2031" in warnings[0] and "2032" in warnings[1]


def test_r_dl_4_covered_year_does_not_warn():
    warnings: list[str] = []
    cal = WorkCalendar(on_warning=warnings.append)
    cal.add_working_days(date(2025, 1, 1), 200)
    assert warnings == []


def test_r_dl_4_qingming_is_the_solar_term_of_the_published_calendars():
    # 清明 as the holiday notices gave it: 2008 (the first year it was a holiday), a 5 April year
    # and two 4 April years.
    assert qingming(2008) == date(2008, 4, 4)
    assert qingming(2015) == date(2015, 4, 5)
    assert qingming(2025) == date(2025, 4, 4)
    assert qingming(2020) == date(2020, 4, 4)


@given(st.integers(min_value=1900, max_value=2100))
def test_r_dl_4_qingming_falls_on_4_to_6_april(year):
    assert qingming(year).month == 4 and 4 <= qingming(year).day <= 6


def test_r_dl_4_qingming_outside_the_solar_term_data_is_5_april():
    assert qingming(2150) == date(2150, 4, 5)
    assert qingming(1850) == date(1850, 4, 5)
    assert date(2150, 4, 5) in statutory_holidays(2150)


def test_r_dl_4_fallback_agrees_with_the_data_for_2025_and_2026():
    # Since the 2024 revision the law's holidays (and their make-up days) are all days off.
    for year in (2025, 2026):
        for day in fallback_days_off(year):
            assert not chinese_calendar.is_workday(day), day


def test_r_dl_4_site_file_wins_over_the_data():
    cal = WorkCalendar(extra_holidays={date(2025, 3, 10)}, extra_workdays={date(2025, 10, 8)})
    assert not cal.is_working_day(date(2025, 3, 10))
    assert cal.is_working_day(date(2025, 10, 8))


def test_r_dl_4_site_file_adds_adjusted_days_in_an_uncovered_year():
    cal = WorkCalendar(extra_workdays={date(2031, 1, 26)})
    assert cal.is_working_day(date(2031, 1, 26))  # a Sunday worked


def test_r_dl_4_add_working_days_start_never_counts():
    cal = WorkCalendar()
    # Friday 2025-03-07 + 1 working day is Monday the 10th.
    assert cal.add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)
    assert cal.add_working_days(date(2025, 3, 8), 1) == date(2025, 3, 10)  # from a Saturday
    assert cal.add_working_days(date(2025, 3, 7), 0) == date(2025, 3, 7)


def test_r_dl_4_add_working_days_skips_national_day():
    cal = WorkCalendar()
    # Tuesday 30 Sep 2025: holiday 1-8 Oct, so the 1st working day after is the 9th.
    assert cal.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    # From Friday 26 Sep: Sunday 28 Sep is an adjusted working day.
    assert cal.add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)


def test_r_dl_4_add_working_days_backwards():
    cal = WorkCalendar()
    assert cal.add_working_days(date(2025, 3, 10), -1) == date(2025, 3, 7)


def test_r_dl_4_working_days_between():
    cal = WorkCalendar()
    assert cal.working_days_between(date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert cal.working_days_between(date(2025, 3, 7), date(2025, 3, 14)) == 5
    assert cal.working_days_between(date(2025, 3, 14), date(2025, 3, 7)) == -5
    assert cal.working_days_between(date(2025, 3, 7), date(2025, 3, 7)) == 0


def test_r_du_2_holiday_duty_on_non_working_days():
    cal = WorkCalendar()
    assert cal.is_holiday_duty(date(2025, 10, 2))
    assert cal.is_holiday_duty(date(2025, 3, 8))
    assert not cal.is_holiday_duty(date(2025, 9, 28))  # adjusted working Sunday


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(0, 20))
def test_r_dl_4_never_crashes_2000_2099(day, n):
    cal = WorkCalendar()
    cal.is_working_day(day)
    later = cal.add_working_days(day, n)
    assert later >= day
    assert cal.working_days_between(day, later) == n
    assert n == 0 or cal.is_working_day(later)


def test_r_dl_4_edges_of_the_lunar_range():
    cal = WorkCalendar()
    for day in (date(1900, 1, 1), date(2000, 1, 1), date(2099, 12, 31), date(2100, 6, 1)):
        cal.is_working_day(day)
    assert cal.add_working_days(date(2099, 12, 31), 15) > date(2100, 1, 1)


def test_r_dl_4_site_file_format():
    text = """# site holidays
2031-01-02
+2031-01-03   # typhoon day

-2031-01-26
"""
    holidays, workdays = parse_site_holidays(text)
    assert holidays == {date(2031, 1, 2), date(2031, 1, 3)}
    assert workdays == {date(2031, 1, 26)}


@pytest.mark.parametrize("bad", ["2031-13-01", "31-01-02", "2031/01/02", "+ 2031-01-02", "tomorrow"])
def test_r_dl_4_site_file_malformed_line_names_the_line(bad):
    with pytest.raises(InputError) as err:
        parse_site_holidays(f"# header\n2031-01-02\n{bad}\n")
    assert err.value.field == "holiday_file"
    assert "line 3" in err.value.message


def test_r_dl_4_site_file_refuses_a_day_both_off_and_worked():
    with pytest.raises(InputError) as err:
        parse_site_holidays("2031-01-02\n-2031-01-02\n")
    assert "line 2" in err.value.message


def test_r_dl_4_from_site_file():
    cal = WorkCalendar.from_site_file("-2025-03-08\n")
    assert cal.is_working_day(date(2025, 3, 8))


def test_r_dl_4_missing_next_year_warning_from_november():
    cal = WorkCalendar()
    assert missing_next_year_warning(date(2026, 10, 31), cal) is None
    text = missing_next_year_warning(date(2026, 11, 1), cal)
    assert text is not None and "2027" in text
    assert missing_next_year_warning(date(2025, 11, 15), cal) is None  # 2026 is covered


def test_r_dl_4_missing_current_year_warning():
    text = missing_next_year_warning(date(2031, 3, 1), WorkCalendar())
    assert text is not None and "2031" in text


def test_r_dl_4_fallback_every_year_has_the_fixed_holidays():
    for year in range(2000, 2100):
        off = fallback_days_off(year)
        assert {date(year, 1, 1), date(year, 5, 1), date(year, 10, 1)} <= off
        # Spring Festival: 4 consecutive days starting on the eve, between 20 Jan and 20 Feb.
        spring = sorted(d for d in statutory_holidays(year) if d.month in (1, 2) and d != date(year, 1, 1))
        assert len(spring) == 4
        assert spring[-1] - spring[0] == timedelta(days=3)
