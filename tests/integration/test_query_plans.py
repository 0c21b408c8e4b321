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
from sqlmodel import select

from frontdesk_tui.config import Settings
from frontdesk_tui.data import migrate
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import Building, Operator, Owner, Unit
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
        building = Building(code="1", name="1号楼")
        uow.session.add(building)
        uow.commit()
        op_id = op.id
        # The register: the units of the tickets below and an owner (digits search looks there).
        labels = sorted({f"{1 + i % 9}-1-{100 + i % 37}" for i in range(3000)})
        units = [Unit(building_id=building.id, entrance=label, room="1", label=label) for label in labels]
        uow.session.add_all(units)
        uow.commit()
        uow.session.add(Owner(unit_id=units[0].id, name="王芳", phone="13812345678"))
        uow.commit()
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
#: Of a statement that groups: the ORDER BY sorts the groups (a row per place or code), not tickets.
BAD_GROUPED = re.compile(r"\bSCAN ticket\b(?! USING (COVERING )?INDEX)")


def assert_plans(db: Database, work: Callable[[], object]) -> None:
    with captured(db) as seen:
        work()
    assert seen, "the work sent no SELECT"
    raw = db.read_engine.raw_connection()
    wrong = []
    try:
        cur = raw.cursor()
        for statement, params in seen:
            cur.execute("EXPLAIN QUERY PLAN " + statement, params or ())
            plan = "\n".join(row[-1] for row in cur.fetchall())
            if re.search(r"\bticket\b", plan):
                bad = BAD_GROUPED if re.search(r"\bGROUP BY\b", statement) else BAD
                if bad.search(plan) and (statement, plan) not in wrong:
                    wrong.append((statement, plan))
    finally:
        raw.close()
    assert not wrong, "\n\n".join(f"{statement}\n--\n{plan}" for statement, plan in wrong)


ACTOR = Actor(id=1, name="前台", role=Role.RECEPTIONIST, department="service_centre")


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"search": "漏水"},
        {"search": "梯"},
        {"search": "化粪池"},
        {"search": "莫须有"},
        {"search": "王芳"},
        {"search": "3-1-103"},
        {"search": "5678"},
        {"search": "1381234"},
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
        queue.QueueFilter(search="3-1-103"),
        queue.QueueFilter(search="5678"),
        queue.QueueFilter(overdue_only=True),
    ],
    ids=["due", "received", "common", "rare", "none", "unit", "phone", "overdue"],
)
def test_queue_pages_read_no_whole_table(site, flt) -> None:
    def work():
        page = queue.load_page(site.db, ACTOR, flt, now=NOW, tz=site.tz, calendar=site.calendar)
        if page.last_key is not None:
            queue.load_page(site.db, ACTOR, flt, now=NOW, tz=site.tz, calendar=site.calendar, after=page.last_key)

    assert_plans(site.db, work)


@pytest.mark.parametrize("sort", ["due", "received"])
def test_the_queue_page_at_a_new_ticket_reads_no_whole_table(site, sort) -> None:
    """Issue 13 point 6: after the receipt the queue opens at the new ticket (``queue.page_at``)."""
    flt = queue.QueueFilter(sort=sort)
    rows = queue.load_page(site.db, ACTOR, flt, now=NOW, tz=site.tz, calendar=site.calendar, limit=200).rows
    target = rows[-1].id  # pages down

    def work():
        found = queue.page_at(site.db, ACTOR, flt, target, now=NOW, tz=site.tz, calendar=site.calendar)
        assert found is not None and target in [r.id for r in found[0].rows] and found[1] is not None

    assert_plans(site.db, work)


@pytest.mark.parametrize("text", ["王芳", "13812345678", "138 1234 5678", "#123", "123"])
def test_a_search_by_who_or_which_reads_no_whole_table_for_the_closed_tickets(site, text) -> None:
    """Issue 13 point 6: the closed tickets a number, a phone or an owner's name finds, in the queue
    (pages and count) and in ``ticket list --search``."""
    flt = queue.QueueFilter(search=text)

    def work():
        page = queue.load_page(site.db, ACTOR, flt, now=NOW, tz=site.tz, calendar=site.calendar)
        if page.last_key is not None:
            queue.load_page(site.db, ACTOR, flt, now=NOW, tz=site.tz, calendar=site.calendar, after=page.last_key)
        queue.count_tickets(site.db, ACTOR, flt, now=NOW, cap=1000)
        tickets.list_tickets(site, ACTOR, now=NOW, search=text)

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


DIRECTOR = Actor(id=1, name="前台", role=Role.DIRECTOR, department="service_centre")


@pytest.mark.parametrize("month", [(2026, 10), (2026, 11)], ids=["past", "running"])
def test_the_monthly_report_reads_no_whole_table(site, month) -> None:
    """Every aggregate of R-KP-1 / R-KP-3 and the bounded overdue list (count + oldest 100)."""
    from frontdesk_tui.services.supervision.reports import monthly_report

    assert_plans(site.db, lambda: monthly_report(site, *month, now=NOW))


def test_the_monthly_reports_whole_overdue_list_streams_without_a_sort(site) -> None:
    from frontdesk_tui.services.supervision.reports import monthly_report

    report = monthly_report(site, 2026, 10, now=NOW)
    assert report.overdue_total > len(report.overdue) == 100  # the fixture has more than are shown
    assert_plans(site.db, lambda: sum(1 for _row in report.stream_overdue()))


@pytest.mark.parametrize("kind", [None, "overdue", "escalated", "upgraded", "emergency", "no_update", "follow_up"])
def test_the_supervision_board_reads_no_whole_table(site, kind) -> None:
    from frontdesk_tui.services.supervision.board import supervision_board

    assert_plans(site.db, lambda: supervision_board(site, DIRECTOR, now=NOW, kind=kind))


def test_an_intake_save_looks_up_by_index(site) -> None:
    """The save's lookups (unit, owner, duplicate R-IN-7, recurrence R-IN-7, R-SV-5 repeats)."""
    from frontdesk_tui.data.tables import Building, Owner, Unit
    from frontdesk_tui.domain.tickets.intake import ComplaintDraft

    with UnitOfWork(site.db) as uow:
        # The fixture's register holds the unit already (the digits search looks there).
        unit = uow.session.exec(select(Unit).where(Unit.label == "3-1-103")).first()
        if unit is None:
            building = Building(code="3", name="3栋")
            uow.session.add(building)
            uow.session.flush()
            unit = Unit(building_id=building.id, entrance="1", room="103", label="3-1-103")
            uow.session.add(unit)
            uow.session.flush()
        uow.session.add(Owner(unit_id=unit.id, name="王芳", phone="13812345678"))
        uow.commit()
    draft = ComplaintDraft(
        owner_name="王芳", phone="13812345678", unit="3-1-103", channel="phone", category="engineering",
        description="卫生间漏水，楼下天花板渗水", request="尽快上门维修", read_back_confirmed=True,
    )
    assert_plans(site.db, lambda: tickets.record_complaint(site, ACTOR, draft, now=NOW, force_new=True))


def test_r_kp_1_the_report_keeps_the_oldest_100_and_the_exports_list_all(site, tmp_path) -> None:
    """Issue 15: count + the oldest 100 in the report (screen, JSON); the whole list, in the same
    order, in the CSV and the XLSX; the summary's figure is the count everywhere."""
    from openpyxl import load_workbook

    from frontdesk_tui.services.supervision.reports import (
        monthly_report,
        report_tables,
        write_csv,
        write_xlsx,
    )

    report = monthly_report(site, 2026, 10, now=NOW)
    everything = list(report.all_overdue())
    assert len(everything) == report.overdue_total > 100
    assert list(report.overdue) == everything[:100]
    assert [(o.due_at, o.id) for o in everything] == sorted((o.due_at, o.id) for o in everything)
    data = report.to_json(site.tz)
    assert data["overdue_count"] == report.overdue_total and len(data["overdue"]) == 100
    summary = dict((row[0], row[1]) for row in report_tables(report)[0].rows)
    assert summary["overdue"] == report.overdue_total
    text = write_csv(report, site.tz)
    section = text.split("\nOverdue\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(section) == 1 + report.overdue_total
    assert [int(line.split(",", 1)[0]) for line in section[1:]] == [o.id for o in everything]
    path = tmp_path / "report.xlsx"
    write_xlsx(report, site.tz, path)
    sheet = load_workbook(path)["Overdue"]
    assert sheet.max_row == 1 + report.overdue_total
    assert [c.value for c in sheet["A"][1:]] == [o.id for o in everything]
    assert load_workbook(path)["Summary"]["B7"].value == report.overdue_total
