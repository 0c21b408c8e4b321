"""R-DL-4: which days are working days.

Three sources, asked in this order:

1. the site holiday file (``parse_site_holidays``): a site's own days off and adjusted working days;
2. the ``chinese_calendar`` package, for the years it covers (statutory holidays *and* the adjusted
   working weekends 调休 of each year's State Council notice);
3. for any other year, a fallback built from the law itself, the current 全国年节及纪念日放假办法
   (as revised in 2024, in force from 2025), which fixes the holidays of every year:

   - New Year's Day: 1 January;
   - Spring Festival: its eve (the last day of lunar month 12) and lunar 1-1 … 1-3 (4 days);
   - Qingming: the day of the solar term 清明 (``chinese_calendar``'s solar terms, see ``qingming``);
   - Labour Day: 1-2 May;
   - Dragon Boat: lunar 5-5;
   - Mid-Autumn: lunar 8-15;
   - National Day: 1-3 October;

   plus weekends. The 办法 also says that a holiday for all citizens that falls on a Saturday or a
   Sunday is made up on a working day (补假); the fallback takes the first following weekday that is
   not itself a holiday. What it cannot know are the adjusted working weekends (调休): those exist
   only once the yearly notice is out, which is why the fallback warns (once per year) and why the
   site file can add them. The current rules are used for every uncovered year, also before 2004.

Lunar dates come from ``lunardate`` (lunar years 1900-2099); outside that range the lunar holidays
are unknown and only the solar ones are kept, so nothing here raises for a real date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta

import chinese_calendar
from lunardate import LunarDate

from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import _

_ONE_DAY = timedelta(days=1)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


#: Qingming's most common day, for years outside the solar-term data of ``chinese_calendar``.
_QINGMING_USUAL = (4, 5)


def qingming(year: int) -> date:
    """The day of the solar term 清明 (Qingming) in ``year``, in China Standard Time.

    From ``chinese_calendar``'s solar terms (1900-2100, computed by its maintainers from the
    astronomical tables); outside those years, 5 April, the term's most common day (it falls on
    4-6 April), so nothing raises for a real date.
    """
    try:
        terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
    except NotImplementedError:  # outside 1900-2100
        return date(year, *_QINGMING_USUAL)
    return next(day for day, name in terms if name == "清明")


def _lunar(year: int, month: int, day: int) -> date | None:
    try:
        return LunarDate(year, month, day).to_solar_date()
    except ValueError:  # outside lunardate's 1900-2099
        return None


def statutory_holidays(year: int) -> set[date]:
    """The days off that the current 放假办法 fixes for ``year`` (before any 补假 or 调休)."""
    days = {
        date(year, 1, 1),
        qingming(year),
        date(year, 5, 1),
        date(year, 5, 2),
        date(year, 10, 1),
        date(year, 10, 2),
        date(year, 10, 3),
    }
    new_year = _lunar(year, 1, 1)
    if new_year is not None:
        days.update(new_year + timedelta(days=i) for i in range(-1, 3))  # eve + 1st-3rd
    for month, day in ((5, 5), (8, 15)):
        solar = _lunar(year, month, day)
        if solar is not None:
            days.add(solar)
    return days


def fallback_days_off(year: int) -> set[date]:
    """The statutory holidays of ``year`` plus the make-up days (补假) for those on a weekend."""
    holidays = statutory_holidays(year)
    off = set(holidays)
    for day in sorted(holidays):
        if day.weekday() < 5:
            continue
        make_up = day + _ONE_DAY
        while make_up.weekday() >= 5 or make_up in off:
            make_up += _ONE_DAY
        off.add(make_up)
    return off


def _data_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


class WorkCalendar:
    """Working days for deadlines (R-DL-3a), follow-ups (R-LC-5) and the duty roster (R-DU-2)."""

    def __init__(
        self,
        extra_holidays: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
        on_warning: Callable[[str], None] | None = None,
    ) -> None:
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays)
        self._on_warning = on_warning
        self._covers: dict[int, bool] = {}
        self._fallback: dict[int, set[date]] = {}
        self._warned: set[int] = set()
        # Answers are pure for a given calendar: memoising them makes the escalation scan and
        # the working-day arithmetic cheap (chinese_calendar's lookup dominates otherwise).
        self._working: dict[date, bool] = {}

    @classmethod
    def from_site_file(cls, text: str, on_warning: Callable[[str], None] | None = None) -> WorkCalendar:
        holidays, workdays = parse_site_holidays(text)
        return cls(holidays, workdays, on_warning)

    def covers(self, year: int) -> bool:
        """Whether the statutory calendar data (with that year's 调休) is present for ``year``."""
        if year not in self._covers:
            self._covers[year] = _data_covers(year)
        return self._covers[year]

    def is_working_day(self, d: date) -> bool:
        known = self._working.get(d)
        if known is None:
            known = self._working[d] = self._is_working_day(d)
        return known

    def _is_working_day(self, d: date) -> bool:
        if d in self.extra_workdays:
            return True
        if d in self.extra_holidays:
            return False
        if self.covers(d.year):
            return bool(chinese_calendar.is_workday(d))
        days_off = self._fallback_for(d.year)  # warns, also when asked about a weekend
        return d.weekday() < 5 and d not in days_off

    def is_holiday_duty(self, d: date) -> bool:
        """R-DU-2: a non-working day is a 24-hour duty day."""
        return not self.is_working_day(d)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself never counts; R-DL-3a).

        ``n == 0`` gives ``start``; a negative ``n`` counts back to the ``-n``-th working day before.
        """
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        day = start
        for _i in range(abs(n)):
            day += step
            while not self.is_working_day(day):
                day += step
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """How many working days lie in ``(a, b]``; negative when ``b`` is before ``a``.

        The inverse of ``add_working_days``: ``working_days_between(a, add_working_days(a, n)) == n``.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a + _ONE_DAY
        while day <= b:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count

    def _fallback_for(self, year: int) -> set[date]:
        if year not in self._fallback:
            self._fallback[year] = fallback_days_off(year)
            self._warn(year)
        return self._fallback[year]

    def _warn(self, year: int) -> None:
        if year in self._warned or self._on_warning is None:
            return
        self._warned.add(year)
        self._on_warning(
            _(
                "No statutory holiday data for {year}: working days are weekdays less the holidays "
                "the law fixes; adjusted working weekends are unknown until the State Council's "
                "notice, add them to the site holiday file"
            ).format(year=year)
        )


def parse_site_holidays(text: str) -> tuple[set[date], set[date]]:
    """Read the site holiday file: ``(holidays, working days)``.

    One ISO date per line: ``YYYY-MM-DD`` or ``+YYYY-MM-DD`` is a day off, ``-YYYY-MM-DD`` an
    (adjusted) working day. ``#`` starts a comment, to the end of the line; blank lines are skipped.
    """
    holidays: set[date] = set()
    workdays: set[date] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        sign, body = (line[0], line[1:]) if line[0] in "+-" else ("+", line)
        day = None
        if _ISO_DATE.match(body):
            try:
                day = date.fromisoformat(body)
            except ValueError:
                day = None
        if day is None:
            raise InputError(
                "holiday_file",
                _("line {line}: expected YYYY-MM-DD, +YYYY-MM-DD or -YYYY-MM-DD, got {text!r}").format(
                    line=number, text=raw.strip()
                ),
            )
        mine, other = (holidays, workdays) if sign == "+" else (workdays, holidays)
        if day in other:
            raise InputError(
                "holiday_file",
                _("line {line}: {day} is listed both as a holiday and as a working day").format(
                    line=number, day=day.isoformat()
                ),
            )
        mine.add(day)
    return holidays, workdays


def missing_next_year_warning(today: date, calendar: WorkCalendar) -> str | None:
    """R-DL-4: the supervisor's warning that statutory data is missing, or ``None``.

    From 1 November it names next year when that year is not covered (the yearly notice usually
    comes out in November or December); at any time it names the current year if that is missing.
    """
    if not calendar.covers(today.year):
        year = today.year
    elif today.month >= 11 and not calendar.covers(today.year + 1):
        year = today.year + 1
    else:
        return None
    return _(
        "The holiday calendar has no data for {year}: deadlines use weekends and the fixed statutory "
        "holidays only. Update the chinese-calendar package or add {year}'s adjusted days to the "
        "site holiday file."
    ).format(year=year)
