"""The follow-up call queue (R-LC-5) on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

from frontdesk_tui.data.tables import InboxItem
from frontdesk_tui.domain.errors import RuleError, StaleError
from frontdesk_tui.services import tickets
from frontdesk_tui.services.tickets import followups
from frontdesk_tui.services.uow import UnitOfWork


def closed_ticket(site, actors, now, **changes) -> int:
    """A ticket taken through the whole lifecycle to closed, each step by the role the table names."""
    t = tickets.record_complaint(site, actors["desk"], draft(**changes), now=now).ticket_id
    steps = [
        ("desk", "assess", {"complexity": "simple", "severity": "minor"}),
        ("assistant", "assign", {"handler": "周师傅"}),
        ("eng", "investigate", {"note": "接头老化"}),
        ("eng", "plan", {"note": "周师傅今天更换接头"}),
        ("eng", "start", {}),
        ("eng", "report", {"note": "已更换接头，不再漏水", "how_told": "phone"}),
        ("desk", "confirm", {}),
    ]
    for who, action, fields in steps:
        tickets.act(site, actors[who], t, action, fields, now=now)
    return t


def test_r_lc_5_closed_tickets_wait_for_their_follow_up_oldest_first(site, actors, now):
    first = closed_ticket(site, actors, now - timedelta(days=2))
    second = closed_ticket(site, actors, now - timedelta(hours=1), unit="5-1-302",
                           description="厨房水管漏水")
    open_one = tickets.record_complaint(site, actors["desk"], draft(unit="1-1-101"), now=now).ticket_id
    items = followups.follow_ups_due(site, actors["desk"], now=now)
    assert [i.id for i in items] == [first, second]
    assert open_one not in [i.id for i in items]
    assert items[0].phone == "13812345678"  # the desk calls: the whole number (R-PD-1)
    assert items[0].result == "已更换接头，不再漏水"
    script = followups.follow_up_script(items[0])
    assert "王芳" in script and "卫生间漏水" in script and "满意" in script
    # staff see the phone masked (R-PD-1)
    assert followups.follow_ups_due(site, actors["eng"], now=now)[0].phone == "138****5678"


def test_r_lc_5_a_recorded_follow_up_leaves_the_queue(site, actors, now):
    t = closed_ticket(site, actors, now)
    version = tickets.get_ticket(site, actors["desk"], t, now=now).version
    view = followups.record_follow_up(site, actors["desk"], t, satisfaction="satisfied", comments="师傅很负责",
                                      now=now, expected_version=version)
    assert view.follow_up_done and not view.follow_up_flagged
    assert view.events[-1].kind == "follow-up" and view.events[-1].note == "师傅很负责"
    assert view.events[-1].data["satisfaction"] == "satisfied"
    assert followups.follow_ups_due(site, actors["desk"], now=now) == []


def test_r_lc_5_problem_came_back_flags_the_ticket_for_the_assistant(site, actors, now):
    t = closed_ticket(site, actors, now)
    view = followups.record_follow_up(site, actors["desk"], t, satisfaction="fair", came_back=True, now=now)
    assert view.follow_up_flagged
    assert view.events[-1].data["came_back"] is True
    with UnitOfWork(site.db, write=False) as uow:
        # the notices of the walk (assigned, result reported) are the handler's and the desk's
        items = uow.session.exec(select(InboxItem).where(InboxItem.ref_id == t, InboxItem.rule == "R-LC-5")).all()
    assert {i.operator_id for i in items} == {actors["assistant"].id}
    assert items[0].rule == "R-LC-5"
    assert items[0].kind == "follow_up_came_back" and "came back" in items[0].message
    # the assistant may now reopen it (R-LC-5); the desk may not
    assert "reopen" in tickets.get_ticket(site, actors["assistant"], t, now=now).allowed_actions
    reopened = tickets.act(site, actors["assistant"], t, "reopen", {"reason": "又漏水了"}, now=now)
    assert reopened.status == "planned"


def test_r_lc_5_dissatisfied_flags_the_ticket_too(site, actors, now):
    t = closed_ticket(site, actors, now)
    view = followups.record_follow_up(site, actors["desk"], t, satisfaction="dissatisfied", now=now)
    assert view.follow_up_flagged
    assert "came_back" not in view.events[-1].data


def test_r_ro_3_a_stale_follow_up_is_refused_and_nothing_is_written(site, actors, now):
    t = closed_ticket(site, actors, now)
    shown = tickets.get_ticket(site, actors["desk"], t, now=now).version
    tickets.act(site, actors["assistant"], t, "summary", {"cause": "老化", "improvement": "定期巡检"}, now=now)
    with pytest.raises(StaleError) as stale:
        followups.record_follow_up(site, actors["desk"], t, satisfaction="satisfied", came_back=True, now=now,
                                   expected_version=shown)
    assert "李娜" in stale.value.message
    assert [i.id for i in followups.follow_ups_due(site, actors["desk"], now=now)] == [t]


def test_r_ro_1_staff_may_not_record_a_follow_up(site, actors, now):
    t = closed_ticket(site, actors, now)
    with pytest.raises(RuleError) as refused:
        followups.record_follow_up(site, actors["eng"], t, satisfaction="satisfied", now=now)
    assert refused.value.rule == "R-RO-1"
