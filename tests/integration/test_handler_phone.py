"""R-PD-1 (issue 13 point 7): the handler assigned to a ticket sees its owner's phone and contact
whole on that ticket only; everyone else as R-PD-3 says. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

from frontdesk_tui.services import tickets

H = timedelta(hours=1)


def _assigned(site, actors, now) -> int:
    t = tickets.record_complaint(site, actors["desk"], draft(contact="微信 wf13812345678"), now=now).ticket_id
    tickets.act(site, actors["desk"], t, "assess", {"complexity": "moderate", "severity": "minor"}, now=now + H)
    tickets.act(site, actors["assistant"], t, "assign", {"handler": "周师傅"}, now=now + 2 * H)
    return t


def test_r_pd_4_the_assigned_handler_sees_the_phone_and_contact_of_that_ticket(site, actors, now):
    t = _assigned(site, actors, now)
    mine = tickets.get_ticket(site, actors["eng"], t, now=now + 3 * H)
    assert mine.phone == "13812345678" and not mine.phone_masked
    assert mine.contact == "微信 wf13812345678"
    # the step he takes answers with the same view
    view = tickets.act(site, actors["eng"], t, "investigate", {"note": "查看"}, now=now + 3 * H)
    assert view.phone == "13812345678"


def test_r_pd_4_everyone_else_as_before(site, actors, now):
    t = _assigned(site, actors, now)
    other = tickets.get_ticket(site, actors["san"], t, now=now + 3 * H)  # staff, not the handler
    assert other.phone == "138****5678" and other.phone_masked and "13812345678" not in other.contact
    assert tickets.get_ticket(site, None, t, now=now + 3 * H).phone == "138****5678"  # R-PD-3
    assert tickets.get_ticket(site, actors["desk"], t, now=now + 3 * H).phone == "13812345678"
    # another ticket of the same owner, not his: masked
    t2 = tickets.record_complaint(site, actors["desk"], draft(description="阳台漏水", symptom="滴水"), now=now,
                                  force_new=True).ticket_id
    assert tickets.get_ticket(site, actors["eng"], t2, now=now + 3 * H).phone == "138****5678"
    # lists stay masked for him (R-PD-1: lists)
    listed = tickets.list_tickets(site, actors["eng"], now=now + 3 * H)
    assert listed and all("*" in r.phone for r in listed)


def test_r_pd_4_a_reassignment_takes_the_phone_away(site, actors, now):
    t = _assigned(site, actors, now)
    tickets.act(site, actors["assistant"], t, "reassign",
                {"department": "sanitation", "handler": "吴秀兰", "reason": "保洁的事"}, now=now + 3 * H)
    assert tickets.get_ticket(site, actors["eng"], t, now=now + 4 * H).phone == "138****5678"
    assert tickets.get_ticket(site, actors["san"], t, now=now + 4 * H).phone == "13812345678"
