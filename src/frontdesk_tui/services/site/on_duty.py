"""Who acts as the officer on duty now (R-DU-5), read from the roster and its stand-ins.

It lives with the site because every area asks it: the duty log and the handover (duty), the
off-hours assign and dispatch (tickets) and the escalations. The rule itself is
``domain.duty.on_duty``; this module only reads ``roster_day`` and ``roster_stand_in``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from frontdesk_tui.data.tables import Operator
from frontdesk_tui.data.tables_duty import RosterDay, RosterStandIn
from frontdesk_tui.domain.duty import roster as duty
from frontdesk_tui.domain.duty.on_duty import OnDuty, Person
from frontdesk_tui.domain.duty.roster import DutyHours
from frontdesk_tui.services.site import Site


def _person(session: Session, operator_id: int | None) -> Person | None:
    row = session.get(Operator, operator_id) if operator_id is not None else None
    return Person(row.id, row.name) if row is not None and row.id is not None else None


def on_duty_for_day(session: Session, day: date) -> OnDuty:
    """The roster day ``day``: who is rostered and the newest stand-in recorded for it."""
    roster = session.get(RosterDay, day)
    stand_in = session.exec(
        select(RosterStandIn).where(RosterStandIn.day == day).order_by(RosterStandIn.id.desc())  # type: ignore[union-attr]
    ).first()
    return OnDuty(
        day,
        _person(session, roster.officer_id if roster else None),
        _person(session, stand_in.officer_id) if stand_in else None,
        stand_in.reason if stand_in else "",
    )


def on_duty_at(site: Site, session: Session, now: datetime) -> OnDuty | None:
    """The duty period covering ``now`` (None while the day desk works)."""
    day = duty.duty_date_for(now, site.tz, site.calendar, DutyHours.from_settings(site.settings))
    return on_duty_for_day(session, day) if day is not None else None
