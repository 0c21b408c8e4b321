"""Issue 15 guards (no timings): the queries of the queue, the ticket list, search, the escalation
scan and the monthly report never read the whole ticket table nor sort it.

On SQLite, EXPLAIN QUERY PLAN of every statement the service sends (captured with a cursor hook)
must not ``SCAN ticket`` (a full scan) nor ``USE TEMP B-TREE FOR ORDER BY`` on a plan that reads
ticket. A covering or partial index scan is a SEARCH and passes. The database holds enough tickets
of several statuses that a plan choosing a full scan would show it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, insert

from frontdesk_tui.config import Settings
from frontdesk_tui.data import migrate
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import Operator
from frontdesk_tui.data.tables_tickets import Ticket
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.search import index_terms
from frontdesk_tui.services import tickets
from frontdesk_tui.services.site import open_site
from frontdesk_tui.services.tickets import queue
from frontdesk_tui.services.tickets.escalation import run_escalation_scan
from frontdesk_tui.services.uow import UnitOfWork

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
STATUSES = ["received", "assigned", "in_progress", "result_reported", "closed", "closed", "closed", "answered"]
WORDS = ["卫生间漏水", "电梯困人", "楼道灯坏了", "垃圾没有清运", "噪音扰民", "化粪池冒水"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('plans') / 'plans.sqlite3'}")
    migrate.upgrade(db)
    rng = random.Random(5)
    with UnitOfWork(db) as uow:
        op = Operator(name="前台", role="receptionist", department="service_centre", password_hash="x", created_at=NOW)
        uow.session.add(op)
        uow.commit()
        op_id = op.id
    rows = []
    for i in range(3000):
        received = NOW - timedelta(hours=rng.randrange(24 * 400))
        status = rng.choice(STATUSES)
        text = rng.choice(WORDS)
        label = f"{1 + i % 9}-1-{100 + i % 37}"
        search = f"王芳\n{label}\n{text}"
        rows.append(dict(
            version=1, status=status, channel="phone", category="engineering", severity="minor", complexity="simple",
            emergency=False, location=label, owner_name="王芳", phone="13812345678", received_at=received,
            description=text, department="engineering", due_at=received + timedelta(days=1),
            deadline_started_at=received, closed_at=received + timedelta(days=2) if status == "closed" else None,
            search_text=search, search_terms=index_terms(search), created_by=op_id, updated_at=received,
            updated_by=op_id,
        ))
    with db.write_engine.begin() as conn:
        conn.execute(insert(Ticket), rows)
    s = open_site(Settings(db=db.url), db)
    run_escalation_scan(s, now=NOW)  # the first scan after a load looks at everything once
    yield s
    db.dispose()


@contextmanager
def captured(db: Database):
    seen: list[tuple[str, object]] = []

    def hook(conn, cursor, statement, parameters, context, executemany) -> None:
        if not executemany and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    engines = {db.read_engine, db.write_engine}
    for e in engines:
        event.listen(e, "before_cursor_execute", hook)
    try:
        yield seen
    finally:
        for e in engines:
            event.remove(e, "before_cursor_execute", hook)


BAD = re.compile(r"\bSCAN ticket\b(?! USING (COVERING )?INDEX)|USE TEMP B-TREE FOR ORDER BY")


def assert_plans(db: Database, work: Callable[[], object]) -> None:
    with captured(db) as seen:
        work()
    assert seen, "the work sent no SELECT"
    raw = db.read_engine.raw_connection()
    try:
        cur = raw.cursor()
        for statement, params in seen:
            cur.execute("EXPLAIN QUERY PLAN " + statement, params or ())
            plan = "\n".join(row[-1] for row in cur.fetchall())
            if re.search(r"\bticket\b", plan):
                assert not BAD.search(plan), f"{statement}\n--\n{plan}"
    finally:
        raw.close()


ACTOR = Actor(id=1, name="前台", role=Role.RECEPTIONIST, department="service_centre")


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"search": "漏水"},
        {"search": "梯"},
        {"search": "化粪池"},
        {"search": "莫须有"},
        {"overdue": True},
        {"status": "all"},
        {"unit": "3-1-103"},
    ],
    ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()) or "plain",
)
def test_ticket_list_reads_no_whole_table(site, kw) -> None:
    assert_plans(site.db, lambda: tickets.list_tickets(site, ACTOR, now=NOW, **kw))


@pytest.mark.parametrize(
    "flt",
    [
        queue.QueueFilter(),
        queue.QueueFilter(sort="received"),
        queue.QueueFilter(search="漏水"),
        queue.QueueFilter(search="化粪池"),
        queue.QueueFilter(search="莫须有"),
        queue.QueueFilter(overdue_only=True),
    ],
    ids=["due", "received", "common", "rare", "none", "overdue"],
)
def test_queue_pages_read_no_whole_table(site, flt) -> None:
    def work():
        page = queue.load_page(site.db, ACTOR, flt, now=NOW, tz=site.tz, calendar=site.calendar)
        if page.last_key is not None:
            queue.load_page(site.db, ACTOR, flt, now=NOW, tz=site.tz, calendar=site.calendar, after=page.last_key)

    assert_plans(site.db, work)


def test_rare_word_search_finds_what_the_substring_finds(site) -> None:
    """The index only narrows: the result is the substring search's (R-IN-2 fields)."""
    found = tickets.list_tickets(site, ACTOR, now=NOW, search="化粪池", status="all", limit=0)
    assert found and all("化粪池" in t.description for t in found)
    with UnitOfWork(site.db, write=False) as uow:
        from sqlalchemy import func, select

        expected = uow.session.execute(
            select(func.count()).where(Ticket.search_text.like("%化粪池%"))  # type: ignore[attr-defined]
        ).scalar_one()
    assert len(found) == expected
    assert not tickets.list_tickets(site, ACTOR, now=NOW, search="化粪池漏", status="all")


def test_the_escalation_scan_reads_only_due_tickets(site) -> None:
    assert_plans(site.db, lambda: run_escalation_scan(site, now=NOW + timedelta(minutes=1)))


def test_search_index_matches_the_substring_search_on_both_databases(db) -> None:
    """SQLite's FTS5 table and PostgreSQL's GIN index give the substring search's answer, for
    tickets written through the ORM (the terms follow the search text) and after a change."""
    with UnitOfWork(db) as uow:
        op = Operator(name="前台", role="receptionist", department="service_centre", password_hash="x", created_at=NOW)
        uow.session.add(op)
        uow.session.flush()
        made = []
        for i, text in enumerate(["卫生间漏水", "电梯困人", "楼上漏水了", "化粪池冒水"]):
            t = Ticket(status="received", channel="phone", category="engineering", location=f"1-1-{100 + i}",
                       owner_name="王芳", received_at=NOW, description=text, department="engineering",
                       due_at=NOW + timedelta(days=1), deadline_started_at=NOW, search_text=f"王芳\n{text}",
                       created_by=op.id, updated_at=NOW, updated_by=op.id)
            uow.session.add(t)
            made.append(t)
        uow.commit()
        ids = [t.id for t in made]
    s = open_site(Settings(db=db.url), db)

    def found(word: str) -> list[int]:
        return sorted(t.id for t in tickets.list_tickets(s, ACTOR, now=NOW, search=word, status="all"))

    assert found("漏水") == [ids[0], ids[2]]
    assert found("梯") == [ids[1]]
    assert found("化粪池") == [ids[3]]
    assert found("漏水了") == [ids[2]]
    assert found("莫须有") == []
    with UnitOfWork(db) as uow:
        row = uow.session.get(Ticket, ids[1])
        row.search_text = "王芳\n电梯已修好"
        uow.commit()
    assert found("困人") == []
    assert found("修好") == [ids[1]]


@pytest.mark.parametrize("sort", ["due", "received", "id"])
def test_queue_pages_of_a_rare_word_follow_each_other(site, sort) -> None:
    """The rare-word path orders and pages like the index walk: forward, then back again."""
    flt = queue.QueueFilter(search="化粪池", sort=sort)

    def load(**kw):
        return queue.load_page(site.db, ACTOR, flt, now=NOW, tz=site.tz, calendar=site.calendar, **kw)

    everything = [r.id for r in load(limit=100_000).rows]
    assert len(everything) > 60
    pages, page = [], load(limit=25)
    pages.append(page)
    while page.has_after:
        page = load(limit=25, after=page.last_key)
        pages.append(page)
    assert [r.id for p in pages for r in p.rows] == everything
    back = load(limit=25, before=pages[-1].first_key)
    assert [r.id for r in back.rows] == [r.id for r in pages[-2].rows]
    plain = queue.QueueFilter(sort=sort)
    walked = [r.id for r in queue.load_page(site.db, ACTOR, plain, now=NOW, tz=site.tz, calendar=site.calendar,
                                            limit=100_000).rows]
    assert everything == [i for i in walked if i in set(everything)]  # the same order as the walk
