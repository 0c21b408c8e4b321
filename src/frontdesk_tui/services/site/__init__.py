"""The site a service works on: settings, database, time zone and working-day calendar together.

Every service takes a ``Site`` (plus the acting operator and ``now``) so it never reads settings,
files or the clock on its own.

The package is the "operators and site" area: ``operators`` (add, disable, sign in), ``passwords``
(hashing), ``estate`` (buildings, units and owners imported from the roster spreadsheet) and
``session`` (what a desk session needs besides the rules).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from frontdesk_tui.config import Settings
from frontdesk_tui.data.db import Database
from frontdesk_tui.domain.calendar import WorkCalendar, parse_site_holidays
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import _

log = logging.getLogger(__name__)


@dataclass
class Site:
    settings: Settings
    db: Database
    calendar: WorkCalendar
    warnings: list[str] = field(default_factory=list)

    @property
    def tz(self) -> ZoneInfo:
        return self.settings.tz


def load_calendar(settings: Settings, warnings: list[str] | None = None) -> WorkCalendar:
    """The PRC calendar with the site holiday file on top; uncovered years warn once each."""
    sink = warnings if warnings is not None else []

    def warn(message: str) -> None:
        log.warning(message)
        sink.append(message)

    holidays: set = set()
    workdays: set = set()
    if settings.holiday_file is not None:
        path = settings.holiday_file.expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError("holiday_file", _("cannot read {path}: {err}").format(path=path, err=exc.strerror)) from None
        holidays, workdays = parse_site_holidays(text)
    return WorkCalendar(extra_holidays=holidays, extra_workdays=workdays, on_warning=warn)


def open_site(settings: Settings, db: Database) -> Site:
    warnings: list[str] = []
    return Site(settings=settings, db=db, calendar=load_calendar(settings, warnings), warnings=warnings)
