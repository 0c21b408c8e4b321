"""Notices (issue 13 point 5): the notices a step sends reach the people it concerns, on SQLite and
PostgreSQL; the header's count reads them (``unread_count``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

from frontdesk_tui.data.tables import InboxItem
from frontdesk_tui.domain.errors import RuleError
from frontdesk_tui.i18n import set_language
from frontdesk_tui.services import tickets
from frontdesk_tui.services.site.inbox import list_inbox, unread_count
from frontdesk_tui.services.uow import UnitOfWork

H = timedelta(hours=1)


def _items(site, rule=""):  # the notices of a step carry no rule id (DOMAIN.md has none for them)
    with UnitOfWork(site.db, write=False) as uow:
        rows = uow.session.exec(select(InboxItem).where(InboxItem.rule == rule).order_by(InboxItem.id))
        return [(r.operator_id, r.kind, r.ref_id) for r in rows]


def _assessed(site, actors, now) -> int:
    t = tickets.record_complaint(site, actors["desk"], draft(), now=now).ticket_id
    tickets.act(site, actors["desk"], t, "assess", {"complexity": "moderate", "severity": "minor"}, now=now + H)
    return t


def test_r_lc_7_assign_reaches_the_handler(site, actors, now):
    t = _assessed(site, actors, now)
    before = unread_count(site.db, actors["eng"].id)
    tickets.act(site, actors["assistant"], t, "assign", {"handler": "周师傅"}, now=now + 2 * H)
    assert _items(site) == [(actors["eng"].id, "assigned", t)]
    assert unread_count(site.db, actors["eng"].id) == before + 1
    (item,) = [i for i in list_inbox(site.db, actors["eng"]) if i.kind == "assigned"]
    assert f"Ticket {t}" in item.message and "李娜" in item.message and "3-2-1201" in item.message


def test_r_lc_7_reassign_tells_the_new_handler_and_the_old_one(site, actors, now):
    t = _assessed(site, actors, now)
    tickets.act(site, actors["assistant"], t, "assign", {"handler": "周师傅"}, now=now + 2 * H)
    tickets.act(site, actors["assistant"], t, "reassign",
                {"department": "sanitation", "handler": "吴秀兰", "reason": "其实是保洁的事"}, now=now + 3 * H)
    assert _items(site) == [
        (actors["eng"].id, "assigned", t),
        (actors["san"].id, "assigned", t),
        (actors["eng"].id, "moved_away", t),
    ]
    moved = [i for i in list_inbox(site.db, actors["eng"]) if i.kind == "moved_away"]
    assert "吴秀兰" in moved[0].message


def test_r_lc_7_reassign_to_a_department_without_a_handler_tells_the_old_one_where(site, actors, now):
    t = _assessed(site, actors, now)
    tickets.act(site, actors["assistant"], t, "assign", {"handler": "周师傅"}, now=now + 2 * H)
    tickets.act(site, actors["assistant"], t, "reassign", {"department": "sanitation", "reason": "保洁"}, now=now + 3 * H)
    assert _items(site)[-1] == (actors["eng"].id, "moved_away", t)
    # The department by its name in the reader's language (issue 11), whoever wrote the notice.
    try:
        set_language("zh-CN")
        moved = [i for i in list_inbox(site.db, actors["eng"]) if i.kind == "moved_away"]
        assert "保洁绿化部" in moved[0].message
        set_language("en")
        moved = [i for i in list_inbox(site.db, actors["eng"]) if i.kind == "moved_away"]
        assert "Sanitation & greenery" in moved[0].message and "保洁" not in moved[0].message
    finally:
        set_language("en")


def test_r_lc_7_report_reaches_the_desk_that_took_the_complaint(site, actors, now):
    t = _assessed(site, actors, now)
    tickets.act(site, actors["assistant"], t, "assign", {"handler": "周师傅"}, now=now + 2 * H)
    for step, fields in (("investigate", {"note": "查看"}), ("plan", {"note": "明天换"}), ("start", {})):
        tickets.act(site, actors["eng"], t, step, fields, now=now + 3 * H)
    tickets.act(site, actors["eng"], t, "report", {"note": "已更换接头", "how_told": "phone"}, now=now + 4 * H)
    assert _items(site)[-1] == (actors["desk"].id, "result_reported", t)
    (item,) = [i for i in list_inbox(site.db, actors["desk"]) if i.kind == "result_reported"]
    assert "周师傅" in item.message and "confirm" in item.message


def test_r_lc_7_nobody_is_told_of_their_own_step_nor_of_a_refused_one(site, actors, now):
    t = tickets.record_complaint(site, actors["assistant"], draft(), now=now).ticket_id
    tickets.act(site, actors["assistant"], t, "assess", {"complexity": "simple", "severity": "minor"}, now=now + H)
    with pytest.raises(RuleError):  # staff may not assign: nothing is written, nobody told
        tickets.act(site, actors["eng"], t, "assign", {"handler": "周师傅"}, now=now + 2 * H)
    assert _items(site) == []
    tickets.act(site, actors["assistant"], t, "assign", {"handler": "周师傅"}, now=now + 2 * H)
    for step, fields in (("investigate", {"note": "查看"}), ("plan", {"note": "明天换"}), ("start", {})):
        tickets.act(site, actors["eng"], t, step, fields, now=now + 3 * H)
    # the assistant recorded it and reports it herself: she is not told of her own report
    tickets.act(site, actors["assistant"], t, "report", {"note": "已修好", "how_told": "phone"}, now=now + 4 * H)
    assert _items(site) == [(actors["eng"].id, "assigned", t)]


def test_r_lc_5_dissatisfied_follow_up_still_reaches_the_assistant(site, actors, now):
    t = _assessed(site, actors, now)
    tickets.act(site, actors["assistant"], t, "assign", {"handler": "周师傅"}, now=now + 2 * H)
    for step, fields in (("investigate", {"note": "查看"}), ("plan", {"note": "明天换"}), ("start", {}),
                         ("report", {"note": "已更换", "how_told": "phone"})):
        tickets.act(site, actors["eng"], t, step, fields, now=now + 3 * H)
    tickets.act(site, actors["desk"], t, "confirm", {}, now=now + 4 * H)
    tickets.act(site, actors["desk"], t, "follow-up", {"satisfaction": "dissatisfied", "note": "又漏"}, now=now + 5 * H)
    assert _items(site, "R-LC-5") == [(actors["assistant"].id, "follow_up_dissatisfied", t)]


def test_r_lc_7_the_notice_is_read_in_the_reader_s_language(site, actors, now):
    from frontdesk_tui.i18n import set_language

    t = _assessed(site, actors, now)
    set_language("en")  # the assistant's desk writes in English …
    try:
        tickets.act(site, actors["assistant"], t, "assign", {"handler": "周师傅"}, now=now + 2 * H)
        set_language("zh-CN")  # … 周师傅 reads Chinese
        (item,) = [i for i in list_inbox(site.db, actors["eng"]) if i.kind == "assigned"]
        assert f"工单 {t} 已派给您（李娜）" in item.message
    finally:
        set_language("en")
