"""The combined step of the ticket screen (issue 13): report the result and close, the owner told
and satisfied, in one transaction — two events — or nothing at all where the lifecycle refuses
either step (R-LC-1, R-EM-3, R-LC-6, R-RO-3). SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

from frontdesk_tui.data.tables_tickets import TicketEvent
from frontdesk_tui.domain.errors import RuleError, StaleError
from frontdesk_tui.domain.tickets.lifecycle import REPORT_AND_CONFIRM
from frontdesk_tui.services import tickets
from frontdesk_tui.services.uow import UnitOfWork

H = timedelta(hours=1)


def _in_progress(site, actors, now, severity="minor") -> int:
    t = tickets.record_complaint(site, actors["desk"], draft(), now=now).ticket_id
    for who, action, fields in [
        ("desk", "assess", {"complexity": "moderate", "severity": severity}),
        ("director" if severity == "major" else "assistant", "assign", {"handler": "周师傅"}),
        ("eng", "investigate", {"note": "接头老化"}),
        ("eng", "plan", {"note": "更换接头"}),
        ("eng", "start", {}),
    ]:
        tickets.act(site, actors[who], t, action, fields, now=now)
    return t


def _kinds(site, t) -> list[str]:
    with UnitOfWork(site.db, write=False) as uow:
        return [e.kind for e in uow.session.exec(select(TicketEvent).where(TicketEvent.ticket_id == t)
                                                 .order_by(TicketEvent.id))]


def test_r_lc_1_report_and_close_writes_report_then_confirm(site, actors, now):
    t = _in_progress(site, actors, now)
    shown = tickets.get_ticket(site, actors["desk"], t, now=now + H)
    assert shown.next_steps[:2] == ("report", REPORT_AND_CONFIRM)
    view = tickets.act(site, actors["desk"], t, REPORT_AND_CONFIRM, {"note": "已更换接头", "how_told": "phone"},
                       now=now + H, expected_version=shown.version)
    assert view.status == "closed" and view.reported_at is not None and view.closed_at is not None
    assert _kinds(site, t)[-2:] == ["report", "confirm"]
    assert view.follow_up_due_at is not None and view.next_steps[0] == "follow-up"


def test_r_lc_6_report_and_close_on_a_major_ticket_without_summary_writes_nothing(site, actors, now):
    t = _in_progress(site, actors, now, severity="major")
    assert REPORT_AND_CONFIRM not in tickets.get_ticket(site, actors["desk"], t, now=now).next_steps
    before = _kinds(site, t)
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["desk"], t, REPORT_AND_CONFIRM, {"note": "已更换", "how_told": "phone"}, now=now + H)
    assert refused.value.rule == "R-LC-6"
    assert _kinds(site, t) == before  # not even the report


def test_r_ro_1_staff_may_report_but_not_report_and_close(site, actors, now):
    t = _in_progress(site, actors, now)
    assert REPORT_AND_CONFIRM not in tickets.get_ticket(site, actors["eng"], t, now=now).next_steps
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["eng"], t, REPORT_AND_CONFIRM, {"note": "已更换", "how_told": "phone"}, now=now + H)
    assert refused.value.rule == "R-RO-1"
    assert _kinds(site, t)[-1] == "start"


def test_r_ro_3_report_and_close_on_a_stale_copy_is_refused(site, actors, now):
    t = _in_progress(site, actors, now)
    shown = tickets.get_ticket(site, actors["desk"], t, now=now)
    tickets.act(site, actors["eng"], t, "note", {"note": "配件已到"}, now=now + H)
    with pytest.raises(StaleError):
        tickets.act(site, actors["desk"], t, REPORT_AND_CONFIRM, {"note": "已更换", "how_told": "phone"},
                    now=now + H, expected_version=shown.version)
    assert _kinds(site, t)[-1] == "note"
