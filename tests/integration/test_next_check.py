"""Issue 15: the escalation scan reads only the tickets whose next check has come (R-DL-6).

``ticket.next_check_at`` is set by the scan from the rules and reset by the database on every
other write, so no writer can forget it. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text, update
from test_escalation_service import World

from frontdesk_tui.data.tables_tickets import NEVER_CHECK, Ticket
from frontdesk_tui.services.uow import UnitOfWork


def _check(w: World, ticket_id: int):
    return w.get(ticket_id).next_check_at


def test_r_dl_6_the_scan_stores_the_next_check_and_reads_only_due_tickets(db) -> None:
    w = World(db)
    now = w.local(2026, 11, 25, 10)
    fresh = w.ticket(received_at=now - timedelta(hours=1))  # simple: due within a day, warned at 80 %
    done = w.ticket(received_at=now - timedelta(days=3), status="answered")
    assert w.scan(now).scanned == 1  # the answered one is set aside in SQL without being read
    assert _check(w, done) == NEVER_CHECK
    check = _check(w, fresh)
    assert check is not None and check > now
    # Idempotent and cheap: until that time nothing is read.
    assert w.scan(now).scanned == 0
    assert w.scan(check - timedelta(seconds=1)).scanned == 0
    found = w.scan(check)
    assert found.scanned == 1 and [a.kind for a in found.applied] == ["warning"]
    assert _check(w, fresh) > check


def test_r_dl_6_every_write_marks_the_ticket_for_the_next_scan(db) -> None:
    """A write through any path (the ORM, a Core UPDATE, plain SQL) resets the next check."""
    w = World(db)
    now = w.local(2026, 11, 25, 10)
    ids = [w.ticket(received_at=now - timedelta(hours=1)) for _ in range(3)]
    w.scan(now)
    assert all(_check(w, i) is not None for i in ids)
    w.set(ids[0], handler_id=None)  # a Core UPDATE, as bump() writes
    with UnitOfWork(db) as uow:
        uow.session.execute(text("UPDATE ticket SET description = 'x' WHERE id = :id"), {"id": ids[1]})
        uow.commit()
    assert _check(w, ids[0]) is None and _check(w, ids[1]) is None
    assert _check(w, ids[2]) is not None
    assert w.scan(now).scanned == 2


def test_r_dl_6_a_write_by_the_desk_is_seen_by_the_next_scan(db) -> None:
    """A reopened ticket (a new deadline) escalates again although its old check said never."""
    w = World(db)
    now = w.local(2026, 11, 25, 10)
    tid = w.ticket(received_at=now - timedelta(days=3), status="closed", closed_at=now - timedelta(days=2),
                   follow_up_done=True)
    w.scan(now)
    assert _check(w, tid) == NEVER_CHECK
    w.set(tid, status="in_progress", closed_at=None, deadline_started_at=now - timedelta(days=2),
          due_at=now - timedelta(hours=1))
    assert "overdue" in {a.kind for a in w.scan(now).applied}


def test_the_scan_writes_only_the_next_check(db) -> None:
    """Storing the next check is not a write of the ticket: the version stays (R-RO-3)."""
    w = World(db)
    now = w.local(2026, 11, 25, 10)
    tid = w.ticket(received_at=now - timedelta(hours=1))
    before = w.get(tid).version
    w.scan(now)
    assert w.get(tid).version == before
    with UnitOfWork(db) as uow:
        uow.session.execute(update(Ticket).where(Ticket.id == tid).values(next_check_at=now + timedelta(days=9)))
        uow.commit()
    assert _check(w, tid) == now + timedelta(days=9)  # a writer setting it explicitly is kept
