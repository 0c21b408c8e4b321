"""R-KP-3 / R-EM-5: the report's SQL counts what the domain's one-ticket definitions say, on random
months (hypothesis, SQLite; the hand-built months of test_kpi_figures run on both databases)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete
from test_reports import Month

from frontdesk_tui.data.db import Database
from frontdesk_tui.data.migrate import upgrade
from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.domain.supervision import kpi
from frontdesk_tui.services.supervision.reports import monthly_report
from frontdesk_tui.services.uow import UnitOfWork

LEVELS = ("very_satisfied", "satisfied", "fair", "dissatisfied")
ticket = st.fixed_dictionaries(
    {
        "category": st.sampled_from(["engineering", "sanitation"]),
        "status": st.sampled_from(["assigned", "in_progress", "closed", "withdrawn", "invalid"]),
        "emergency": st.booleans(),
        # Minutes after 1 November 00:00 local; some in the last day, whose clocks outlive the month.
        "received": st.one_of(st.integers(0, 29 * 24 * 60), st.integers(30 * 24 * 60 - 120, 30 * 24 * 60 - 1)),
        # The edges of each clock (24 h, 10 min, 60 min) drawn often: on time at the minute, late after.
        "step": st.one_of(st.none(), st.sampled_from([24 * 60 - 1, 24 * 60, 24 * 60 + 1]), st.integers(0, 48 * 60)),
        "on_site": st.one_of(st.none(), st.sampled_from([9, 10, 11]), st.integers(0, 30)),
        "under_control": st.one_of(st.none(), st.sampled_from([59, 60, 61]), st.integers(0, 120)),
        "follow_ups": st.lists(st.sampled_from(LEVELS), max_size=2),
        "reopened": st.booleans(),
    }
)


@pytest.fixture
def month(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'kpi.sqlite3'}")
    upgrade(db)
    yield Month(db)
    db.dispose()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tickets=st.lists(ticket, min_size=1, max_size=6))
def test_r_kp_3_sql_figures_equal_the_domain_definitions(month, tickets):
    m = month
    with UnitOfWork(m.db) as uow:
        uow.session.execute(delete(TicketEvent))
        uow.session.execute(delete(Ticket))
        uow.commit()
    start, end = m.at(11, 1), m.at(12, 1)
    expected: dict[str, list[int]] = {key: [0, 0] for key in kpi.FIGURE_KEYS}

    def count(key: str, verdict: bool | None) -> None:
        if verdict is not None:
            expected[key][1] += 1
            expected[key][0] += int(verdict)

    for t in tickets:
        received = start + timedelta(minutes=t["received"])
        emergency = t["emergency"]
        closed = t["status"] == "closed"
        on_site_due = received + timedelta(minutes=10) if emergency else None
        under_control_due = received + timedelta(minutes=60) if emergency else None
        on_site_at = received + timedelta(minutes=t["on_site"]) if emergency and t["on_site"] is not None else None
        under_control_at = (received + timedelta(minutes=t["under_control"])
                            if emergency and t["under_control"] is not None else None)
        closed_at = received + timedelta(days=2) if closed else None
        step_at = received + timedelta(minutes=t["step"]) if t["step"] is not None else None
        if on_site_at is not None and (step_at is None or on_site_at < step_at):
            step_at = on_site_at  # the on-site event is a first step too
        tid = m.ticket(received, category=t["category"], channel="phone", severity="minor",
                       department=t["category"], location="1-1-101", status=t["status"], emergency=emergency,
                       on_site_due=on_site_due, on_site_at=on_site_at, under_control_due=under_control_due,
                       under_control_at=under_control_at, closed_at=closed_at,
                       reported_at=closed_at - timedelta(hours=1) if closed_at else None)
        if t["step"] is not None:
            m.event(tid, "investigate", received + timedelta(minutes=t["step"]))
        if on_site_at is not None:
            m.event(tid, "on-site", on_site_at)
        if t["reopened"]:
            m.event(tid, "reopen", received + timedelta(hours=1), reason="again")
        visits = t["follow_ups"] if closed else []
        for i, level in enumerate(visits):
            m.event(tid, "follow-up", closed_at + timedelta(hours=1 + i), satisfaction=level)

        count("repair_response_on_time_rate", kpi.repair_response_on_time(
            category=t["category"], status=t["status"], received_at=received, emergency=emergency,
            on_site_due=on_site_due, first_step_at=step_at, as_of=end))
        count("repair_pass_rate", kpi.repair_passed(
            category=t["category"], closed_in_month=closed and closed_at < end, reopened=t["reopened"],
            follow_ups=visits))
        for i, level in enumerate(visits):
            if closed_at + timedelta(hours=1 + i) < end:
                count("cleaning_satisfaction", kpi.cleaning_satisfied(category=t["category"], level=level))
        count("emergency_on_site_on_time_rate", kpi.emergency_clock_on_time(
            emergency=emergency, status=t["status"], due=on_site_due, stopped_at=on_site_at, as_of=end))
        count("emergency_under_control_on_time_rate", kpi.emergency_clock_on_time(
            emergency=emergency, status=t["status"], due=under_control_due, stopped_at=under_control_at, as_of=end))

    quality = monthly_report(m.site, 2026, 11).quality
    got = {key: [r.part, r.whole] for key, r in quality.ratios().items()}
    assert got == expected
