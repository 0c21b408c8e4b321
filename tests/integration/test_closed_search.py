"""Issue 13 point 6: a search by ticket number, phone or owner's name finds the closed tickets too,
after the open ones, in the queue and in ``ticket list --search``; SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

from frontdesk_tui.services import tickets
from frontdesk_tui.services.tickets import queue

H = timedelta(hours=1)


def _closed(site, actors, now, **changes) -> int:
    t = tickets.record_complaint(site, actors["desk"], draft(**changes), now=now, force_new=True).ticket_id
    tickets.act(site, actors["desk"], t, "answer", {"note": "已当面解释", "how_told": "phone"}, now=now + H)
    return t


def _queue_ids(site, actor, text, now, limit=50):
    flt = queue.QueueFilter(search=text)
    page = queue.load_page(site.db, actor, flt, now=now, tz=site.tz, calendar=site.calendar, limit=limit)
    return [r.id for r in page.rows], queue.count_tickets(site.db, actor, flt, now=now)


def test_search_by_number_phone_or_owner_finds_closed_tickets_after_the_open_ones(site, actors, now):
    old = _closed(site, actors, now - 48 * H, description="门禁卡失效", symptom="")
    older = _closed(site, actors, now - 72 * H, description="楼道灯不亮", symptom="")
    still_open = tickets.record_complaint(site, actors["desk"], draft(), now=now, force_new=True).ticket_id
    at = now + 2 * H
    for text in ("王芳", "13812345678", "138 1234 5678"):
        ids, total = _queue_ids(site, actors["desk"], text, at)
        assert ids == [still_open, old, older], text  # open first, then closed, newest first
        assert total == 3
        listed = [t.id for t in tickets.list_tickets(site, actors["desk"], now=at, search=text)]
        assert listed == [still_open, old, older], text
    # the number: the closed ticket after the open ones its digits also match (the unit 3-2-1201)
    assert _queue_ids(site, actors["desk"], str(old), at)[0] == [still_open, old]
    assert _queue_ids(site, actors["desk"], f"#{older}", at)[0] == [older]
    assert [t.id for t in tickets.list_tickets(site, actors["desk"], now=at, search=str(old))] == [still_open, old]


def test_other_words_and_filters_keep_to_open_tickets(site, actors, now):
    old = _closed(site, actors, now - 48 * H, description="门禁卡失效", symptom="")
    at = now + 2 * H
    assert old not in _queue_ids(site, actors["desk"], "门禁卡", at)[0]  # a word, not who or which
    flt = queue.QueueFilter(search="王芳", status="received")
    page = queue.load_page(site.db, actors["desk"], flt, now=at, tz=site.tz, calendar=site.calendar)
    assert old not in [r.id for r in page.rows]
    assert old not in [t.id for t in tickets.list_tickets(site, actors["desk"], now=at, search="王芳", status="open")]
    # R-PD-3: staff do not find tickets by a phone they may not see
    assert old not in _queue_ids(site, actors["eng"], "13812345678", at)[0]


def test_closed_matches_page_on_and_back(site, actors, now):
    closed = [_closed(site, actors, now - (10 + i) * H, description=f"第{i}件事", symptom="") for i in range(5)]
    at = now + 2 * H
    flt = queue.QueueFilter(search="王芳")
    first = queue.load_page(site.db, actors["desk"], flt, now=at, tz=site.tz, calendar=site.calendar, limit=2)
    assert [r.id for r in first.rows] == closed[:2] and first.has_after
    second = queue.load_page(site.db, actors["desk"], flt, now=at, tz=site.tz, calendar=site.calendar, limit=2,
                             after=first.last_key)
    assert [r.id for r in second.rows] == closed[2:4]
    back = queue.load_page(site.db, actors["desk"], flt, now=at, tz=site.tz, calendar=site.calendar, limit=2,
                           before=second.first_key)
    assert [r.id for r in back.rows] == closed[:2] and not back.has_before
