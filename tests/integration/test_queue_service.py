"""The queue service: filters and search in SQL, keyset pages, the change watcher."""

from __future__ import annotations

import select as io_select
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

# The queue's fixed desk data is the UI tests' (tests/ui/desk_data.py): one estate for both.
sys.path.insert(0, str(Path(__file__).parents[1] / "ui"))
from desk_data import NOW, TICKETS, TicketSpec, add_inbox, add_tickets, build_desk_db, operator_id  # noqa: E402

from frontdesk_tui.config import Settings
from frontdesk_tui.data.tables_tickets import Ticket
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.services.tickets import queue
from frontdesk_tui.services.tickets.queue import QueueFilter
from frontdesk_tui.services.uow import UnitOfWork

TZ = Settings(db="sqlite:///unused").tz
CAL = WorkCalendar()


@pytest.fixture
def db(db_url):
    """Every service test runs on a SQLite file and on a PostgreSQL schema (tests/conftest.py)."""
    database = build_desk_db(db_url)
    yield database
    database.dispose()


def desk(db) -> Actor:
    return Actor(id=operator_id(db, "陈晓燕"), name="陈晓燕", role=Role.RECEPTIONIST, department="service_centre")


def page(db, flt=QueueFilter(), actor=None, **kw):
    return queue.load_page(db, actor, flt, now=NOW, tz=TZ, calendar=CAL, **kw)


def locations(p) -> list[str]:
    return [r.location for r in p.rows]


def test_r_em_1_emergencies_first_then_by_due(db) -> None:
    p = page(db)
    assert locations(p)[0] == "1-1-101"  # the emergency, though others are due earlier
    dues = [r.clock_due for r in p.rows[1:]]
    assert dues == sorted(dues)
    assert not p.has_before and not p.has_after


def test_only_open_tickets_are_listed(db) -> None:
    add_tickets(db, [TicketSpec("8-1-101", "钱多", "13700000000", "other", "已经结案", status="closed")])
    assert "8-1-101" not in locations(page(db))
    assert queue.count_tickets(db, None, QueueFilter(), now=NOW) == len(TICKETS)


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (QueueFilter(status="assigned"), {"3-2-1201", "1-1-101"}),
        (QueueFilter(department="property"), {"7-2-1802", "会所"}),
        (QueueFilter(category="security"), {"地下车库"}),
        (QueueFilter(overdue_only=True), {"5-1-302"}),
    ],
)
def test_filters_run_in_sql(db, flt, expected) -> None:
    assert set(locations(page(db, flt))) == expected
    assert queue.count_tickets(db, None, flt, now=NOW) == len(expected)


def test_mine_is_the_handler(db) -> None:
    worker = Actor(id=operator_id(db, "周师傅"), name="周师傅", role=Role.STAFF, department="engineering")
    assert locations(page(db, QueueFilter(mine=True), worker)) == ["3-2-1201"]
    assert locations(page(db, QueueFilter(mine=True), None)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("漏", {"3-2-1201"}),  # one Chinese character of the description
        ("垃圾", {"5-1-302"}),  # two characters
        ("王芳", {"3-2-1201"}),  # owner name
        ("3-2", {"3-2-1201"}),  # unit prefix
        ("车库", {"地下车库"}),
        ("[bold]", {"7-2-1802"}),  # markup is searched as text
        ("%", set()),  # LIKE wildcards are literal
        ("_", set()),
    ],
)
def test_search_by_unit_name_and_text(db, text, expected) -> None:
    assert set(locations(page(db, QueueFilter(search=text)))) == expected


def test_r_pd_3_phone_search_only_for_those_who_see_phones(db) -> None:
    staff = Actor(id=operator_id(db, "周师傅"), name="周师傅", role=Role.STAFF, department="engineering")
    # search_text of the fixture holds the phone too, so use a prefix only the phone column has
    # after stripping search_text of phones.
    with UnitOfWork(db) as uow:
        for t in uow.session.exec(select(Ticket)):
            t.search_text = t.search_text.replace(t.phone, "")
            uow.session.add(t)
        uow.commit()
    assert locations(page(db, QueueFilter(search="1381234"), desk(db))) == ["3-2-1201"]
    assert locations(page(db, QueueFilter(search="1381234"), staff)) == []


def test_r_pd_1_phones_masked_for_staff(db) -> None:
    staff = Actor(id=operator_id(db, "周师傅"), name="周师傅", role=Role.STAFF, department="engineering")
    by_loc = {r.location: r.phone for r in page(db, actor=staff).rows}
    assert by_loc["3-2-1201"] == "138****5678"
    by_loc = {r.location: r.phone for r in page(db, actor=desk(db)).rows}
    assert by_loc["3-2-1201"] == "13812345678"


def test_r_dl_6_warning_at_eighty_percent(db) -> None:
    rows = {r.location: r for r in page(db).rows}
    garage = rows["地下车库"]  # received 20 h ago, due in 4 h: 24 h allowed, warning after 19.2 h
    assert garage.warn_at == NOW - timedelta(hours=20) + timedelta(hours=24 * 0.8)
    lift = rows["1-1-101"]  # emergency: the on-site clock (10 minutes) while nobody is on site
    assert lift.clock_due == lift.received_at + timedelta(minutes=10)


def _many(db, n: int) -> None:
    specs = [
        TicketSpec(f"6-1-{i:04d}", "业主", "13800000000", "other", f"第{i}号", due_in_hours=1 + (i % 7),
                   emergency=i % 25 == 0)
        for i in range(n)
    ]
    add_tickets(db, specs)


@pytest.mark.parametrize("sort", ["due", "received", "id"])
def test_keyset_pages_cover_every_ticket_once_in_order(db, sort) -> None:
    _many(db, 120)
    flt = QueueFilter(sort=sort)
    everything = page(db, flt, limit=1000).rows
    seen = []
    p = page(db, flt, limit=17)
    pages = [p]
    while p.has_after:
        p = page(db, flt, after=p.last_key, limit=17)
        pages.append(p)
    for p in pages:
        seen.extend(r.id for r in p.rows)
    assert seen == [r.id for r in everything]
    assert len(seen) == len(set(seen)) == 120 + len(TICKETS)
    assert all(r.emergency for r in everything[: sum(r.emergency for r in everything)])
    # and back again from the last page
    back = pages[-1]
    ids_back = list(r.id for r in back.rows)
    while back.has_before:
        back = page(db, flt, before=back.first_key, limit=17)
        ids_back = [r.id for r in back.rows] + ids_back
    assert ids_back == seen


def test_count_is_capped_when_asked(db) -> None:
    _many(db, 30)
    assert queue.count_tickets(db, None, QueueFilter(), now=NOW, cap=10) == 11


def _seen(watcher, within: float = 5.0) -> bool:
    """Whether the watcher sees a commit within ``within`` seconds. SQLite's data version is exact at
    once; PostgreSQL's notice reaches the listener a moment after the commit: wait on the listening
    connection's socket until bytes arrive (the notice), not by sleeping and asking again."""
    if watcher.changed():
        return True
    if watcher.db.is_sqlite:
        return False
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        io_select.select([watcher._conn.fileno()], [], [], left)
        if watcher.changed():
            return True
    return False


def test_change_watcher_sees_another_connections_commit(db) -> None:
    watcher = queue.ChangeWatcher(db)
    try:
        assert watcher.changed() is False  # the first look only records
        assert not _seen(watcher, 0.5)
        add_tickets(db, [TicketSpec("8-2-101", "新业主", "13700000001", "other", "新的投诉")])
        assert _seen(watcher)
        assert not _seen(watcher, 0.5)
        # a status change at the same moment as the last write is seen too
        with UnitOfWork(db) as uow:
            ticket = uow.session.exec(select(Ticket).where(Ticket.location == "8-2-101")).one()
            ticket.status, ticket.version = "assessed", ticket.version + 1
            uow.session.add(ticket)
            uow.commit()
        assert _seen(watcher)
        add_inbox(db, "陈晓燕", 1)
        assert _seen(watcher)
    finally:
        watcher.close()


def test_r_in_10_search_by_the_ticket_number_the_owner_was_given(db) -> None:
    target = page(db).rows[-1]
    for text in (str(target.id), f"#{target.id}"):
        found = page(db, QueueFilter(search=text)).rows
        assert target.id in [r.id for r in found]
    assert not page(db, QueueFilter(search="#99999999")).rows


def test_r_dl_7_overdue_only_counts_a_paused_ticket_as_it_stood_at_the_pause(db) -> None:
    """A paused clock stands still: paused before its due time it is not overdue, paused after it is
    (the same condition as ``ticket list --overdue`` and the supervision view)."""
    ids = add_tickets(db, [
        TicketSpec("6-1-101", "冯磊", "13500000001", "engineering", "水管待配件", received_hours_ago=30, due_in_hours=-2),
        TicketSpec("6-1-102", "陈静", "13500000002", "engineering", "门锁待配件", received_hours_ago=30, due_in_hours=-2),
    ])
    with UnitOfWork(db) as uow:
        for ticket_id, paused_hours_ago in zip(ids, (5, 1), strict=True):
            ticket = uow.session.get(Ticket, ticket_id)
            ticket.paused_at = NOW - timedelta(hours=paused_hours_ago)
            uow.session.add(ticket)
        uow.commit()
    flt = QueueFilter(overdue_only=True)
    assert set(locations(page(db, flt))) == {"5-1-302", "6-1-102"}
    assert queue.count_tickets(db, None, flt, now=NOW) == 2
