"""Shared data for the night-duty service tests (no tests here): operators, a site, raw tickets.

Tickets are written straight into the ticket table so these tests do not depend on the intake
service; only the columns the handover reads matter.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from frontdesk_tui.config import Settings
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import Operator
from frontdesk_tui.data.tables_tickets import Ticket
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.site.passwords import hash_password
from frontdesk_tui.services.uow import UnitOfWork

PASSWORD = "demo-pass"

PEOPLE = [
    ("张建国", Role.DIRECTOR, "property"),
    ("李娜", Role.ASSISTANT, "property"),
    ("陈晓燕", Role.RECEPTIONIST, "service_centre"),
    ("刘婷", Role.RECEPTIONIST, "service_centre"),
    ("赵强", Role.DUTY_OFFICER, "service_centre"),
    ("孙伟", Role.DUTY_OFFICER, "service_centre"),
    ("周师傅", Role.STAFF, "engineering"),
]

_HASH = hash_password(PASSWORD)


def make_site(db: Database) -> Site:
    return Site(settings=Settings(db=db.url), db=db, calendar=WorkCalendar())


def add_people(db: Database, now: datetime) -> dict[str, Actor]:
    """The operators of :data:`PEOPLE` (password :data:`PASSWORD`), by name."""
    people: dict[str, Actor] = {}
    with UnitOfWork(db) as uow:
        for name, role, department in PEOPLE:
            row = Operator(
                name=name, role=role.value, department=department, password_hash=_HASH, created_at=now
            )
            uow.session.add(row)
            uow.session.flush()
            assert row.id is not None
            people[name] = Actor(row.id, name, role, department)
        uow.commit()
    return people


def add_ticket(
    db: Database,
    by: Actor,
    *,
    now: datetime,
    due_in: timedelta,
    description: str = "水管漏水",
    status: str = "assigned",
    emergency: bool = False,
    under_control: bool = False,
    severity: str | None = None,
    escalated: bool = False,
    reported: bool = False,
    follow_up_in: timedelta | None = None,
) -> int:
    with UnitOfWork(db) as uow:
        row = Ticket(
            status=status,
            channel="phone",
            category="engineering",
            severity=severity,
            emergency=emergency,
            location="3-2-1201",
            owner_name="王先生",
            received_at=now - timedelta(hours=2),
            description=description,
            department="engineering",
            due_at=now + due_in,
            deadline_started_at=now - timedelta(hours=2),
            under_control_at=now - timedelta(minutes=5) if under_control else None,
            reported_at=now - timedelta(minutes=1) if reported else None,
            follow_up_due_at=now + follow_up_in if follow_up_in is not None else None,
            escalated=escalated,
            created_by=by.id,
            updated_at=now,
            updated_by=by.id,
        )
        uow.session.add(row)
        uow.session.flush()
        assert row.id is not None
        ticket_id = row.id
        uow.commit()
    return ticket_id


def add_roster(db: Database, by: Actor, days: dict) -> None:
    """Roster rows written straight into ``roster_day`` (``{date: Actor}``), as set earlier."""
    from frontdesk_tui.data.tables_duty import RosterDay

    with UnitOfWork(db) as uow:
        for day, officer in days.items():
            uow.session.merge(RosterDay(day=day, officer_id=officer.id, set_by=by.id, set_at=datetime(2026, 10, 1, tzinfo=UTC)))
        uow.commit()
