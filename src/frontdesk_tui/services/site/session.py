"""What a desk session needs besides the rules: who may sign in, the inbox count, the calendar.

The app shell calls these from worker threads; they open their own read-only unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from frontdesk_tui.config import ConfigError, Settings
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import Operator
from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.services.site import inbox, load_calendar
from frontdesk_tui.services.uow import UnitOfWork

#: Wrong passwords wait 1 s, 2 s, 4 s … and never longer than this (in units of the first wait).
MAX_RETRY_DELAY = 30.0


@dataclass(frozen=True)
class SignInChoice:
    """An active operator as the sign-in list shows one."""

    name: str
    role: str


def active_operators(db: Database) -> list[SignInChoice]:
    """Every active operator, by name, for the sign-in list."""
    with UnitOfWork(db, write=False) as uow:
        rows = uow.session.exec(
            select(Operator.name, Operator.role).where(Operator.active == True).order_by(Operator.id)  # noqa: E712
        ).all()
        return [SignInChoice(name, role) for name, role in rows]


def unread_inbox_count(db: Database, operator_id: int) -> int:
    """How many inbox items of this operator are unread (``ix_inbox_operator_unread``)."""
    return inbox.unread_count(db, operator_id)


def retry_delay(failures: int, *, base: float = 1.0) -> float:
    """Seconds to wait after ``failures`` wrong passwords in a row: 0, 1, 2, 4, 8 … 30 (times ``base``)."""
    if failures <= 0:
        return 0.0
    return base * min(MAX_RETRY_DELAY, 2 ** min(failures - 1, 16))


def make_calendar(settings: Settings) -> WorkCalendar:
    """The working-day calendar of the site (R-DL-4): the one built by ``services.site``; an
    unreadable holiday file is a configuration error at start."""
    try:
        return load_calendar(settings)
    except InputError as exc:
        raise ConfigError(f"configuration: holiday_file: {exc.reason}") from None

