"""R-DL-3a, R-DL-7: the SQL overdue condition and the domain's one definition agree, on real SQLite
and PostgreSQL, for generated tickets (running, paused, reported, ended)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from sqlmodel import select
from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

from frontdesk_tui.data.tables_tickets import Ticket
from frontdesk_tui.domain.codes import Status
from frontdesk_tui.domain.deadlines import ticket_is_overdue
from frontdesk_tui.services import tickets
from frontdesk_tui.services.tickets.queries import overdue_condition
from frontdesk_tui.services.uow import UnitOfWork

ROWS = 6
BASE = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)

# Times on a coarse grid around BASE, so that due, pause, report and now often coincide (the edges).
_times = st.integers(-6, 6).map(lambda n: BASE + timedelta(minutes=30 * n))
_tickets = st.fixed_dictionaries(
    {
        "status": st.sampled_from(list(Status)),
        "due_at": _times,
        "reported_at": st.none() | _times,
        "paused_at": st.none() | _times,
    }
)


@pytest.fixture
def rows(site, actors, now) -> list[int]:
    return [
        tickets.record_complaint(
            site, actors["desk"], draft(), now=now - timedelta(days=30), force_new=True
        ).ticket_id
        for _ in range(ROWS)
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=st.lists(_tickets, min_size=ROWS, max_size=ROWS), now=_times)
def test_r_dl_3a_r_dl_7_sql_and_python_overdue_agree(site, rows, generated, now):
    with UnitOfWork(site.db) as uow:
        for ticket_id, values in zip(rows, generated, strict=True):
            uow.session.execute(
                update(Ticket)
                .where(Ticket.id == ticket_id)
                .values(**{**values, "status": values["status"].value})  # type: ignore[arg-type]
            )
        uow.commit()
    with UnitOfWork(site.db, write=False) as uow:
        in_sql = set(uow.session.exec(select(Ticket.id).where(overdue_condition(now))).all())
    in_python = {
        ticket_id
        for ticket_id, v in zip(rows, generated, strict=True)
        if ticket_is_overdue(v["status"], v["due_at"], v["reported_at"], v["paused_at"], now)
    }
    assert in_sql == in_python
