"""The supervision board (R-KP-2) and each operator's inbox, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.services.site import inbox
from frontdesk_tui.services.supervision import board
from frontdesk_tui.services.supervision.scans import run_periodic
from frontdesk_tui.services.tickets import act, record_complaint
from frontdesk_tui.services.uow import UnitOfWork


def _ticket(site, actors, received, **changes) -> int:
    return record_complaint(site, actors["desk"], draft(received_at=received, **changes), now=received).ticket_id


def test_r_kp_2_board_lists_overdue_oldest_first_with_counts(site, actors, now) -> None:
    older = _ticket(site, actors, now - timedelta(days=5))
    newer = _ticket(site, actors, now - timedelta(days=2), unit="1-1-101")
    fresh = _ticket(site, actors, now, unit="5-1-302")
    b = board.supervision_board(site, actors["director"], now=now)
    assert b.counts[board.OVERDUE] == 2
    assert [(i.kind, i.ref_id) for i in b.items] == [(board.OVERDUE, older), (board.OVERDUE, newer)]
    assert fresh not in [i.ref_id for i in b.items]
    assert list(b.counts) == list(board.KINDS)
    # The scan escalates them: the all view lists each once, the other kinds in ``also``.
    run_periodic(site, now=now, holiday_stamp=None)
    b = board.supervision_board(site, actors["director"], now=now)
    assert b.counts[board.ESCALATED] == 2
    assert [i.ref_id for i in b.items if i.kind != board.REMINDER] == [older, newer]  # R-KP-4's aside
    assert board.ESCALATED in b.items[0].also
    only = board.supervision_board(site, actors["director"], now=now, kind=board.ESCALATED)
    assert {i.kind for i in only.items} == {board.ESCALATED}


def test_r_kp_2_board_is_bounded_and_says_so(site, actors, now) -> None:
    for days, unit in ((5, "3-2-1201"), (4, "3-2-1202"), (3, "1-1-101")):
        _ticket(site, actors, now - timedelta(days=days), unit=unit)
    b = board.supervision_board(site, actors["director"], now=now, kind=board.OVERDUE, limit=2)
    assert b.counts[board.OVERDUE] == 3 and len(b.items) == 2 and b.truncated
    with pytest.raises(InputError):
        board.supervision_board(site, None, now=now, limit=0)
    with pytest.raises(InputError):
        board.supervision_board(site, None, now=now, kind="nonsense")


def test_r_em_2_board_shows_emergencies_until_under_control(site, actors, now) -> None:
    t = record_complaint(site, actors["desk"], draft(emergency=True, description="电梯困人"), now=now).ticket_id
    b = board.supervision_board(site, None, now=now, kind=board.EMERGENCY)
    assert [i.ref_id for i in b.items] == [t] and b.items[0].emergency
    act(site, actors["eng"], t, "on-site", now=now + timedelta(minutes=5))
    act(site, actors["eng"], t, "under-control", now=now + timedelta(minutes=30))
    assert board.supervision_board(site, None, now=now, kind=board.EMERGENCY).counts[board.EMERGENCY] == 0


def test_r_in_8_moved_up_ticket_is_on_the_board(site, actors, now) -> None:
    t = _ticket(site, actors, now)
    act(site, actors["desk"], t, "escalate", {"called": "李娜", "owner_agreed": True}, now=now)
    b = board.supervision_board(site, None, now=now)
    assert [(i.kind, i.ref_id) for i in b.items] == [(board.ESCALATED, t)]


def test_r_kp_4_reminders_in_the_readers_inbox_are_on_the_board(site, actors, now) -> None:
    with UnitOfWork(site.db) as uow:
        inbox.add_to_inbox(
            uow.session,
            [inbox.InboxNotice([actors["assistant"].id], inbox.KIND_ROSTER, "下月值班表未排完", rule="R-KP-4",
                               ref_kind=inbox.REF_ROSTER)],
            at=now,
        )
        uow.commit()
    mine = board.supervision_board(site, actors["assistant"], now=now, kind=board.REMINDER)
    assert [(i.ref_kind, i.summary) for i in mine.items] == [(inbox.REF_ROSTER, "下月值班表未排完")]
    assert board.supervision_board(site, actors["director"], now=now).counts[board.REMINDER] == 0


# --- the inbox ---------------------------------------------------------------------------------


def _notice(site, actors, now, who: str, message: str, minutes: int = 0) -> None:
    with UnitOfWork(site.db) as uow:
        inbox.add_to_inbox(
            uow.session,
            [inbox.InboxNotice([actors[who].id], "note", message, ref_kind=inbox.REF_TICKET, ref_id=7)],
            at=now + timedelta(minutes=minutes),
        )
        uow.commit()


def test_inbox_unread_first_newest_first_and_read_ones_on_request(site, actors, now) -> None:
    me = actors["director"]
    _notice(site, actors, now, "director", "一", 0)
    _notice(site, actors, now, "director", "二", 1)
    _notice(site, actors, now, "director", "三", 2)
    _notice(site, actors, now, "assistant", "别人的", 3)
    items = inbox.list_inbox(site.db, me)
    assert [i.message for i in items] == ["三", "二", "一"]
    assert inbox.mark_read(site.db, me, [items[0].id], now=now) == 1
    assert [i.message for i in inbox.list_inbox(site.db, me)] == ["二", "一"]
    everything = inbox.list_inbox(site.db, me, include_read=True)
    assert [(i.message, i.read) for i in everything] == [("二", False), ("一", False), ("三", True)]
    assert inbox.unread_count(site.db, me.id) == 2
    theirs = inbox.list_inbox(site.db, actors["assistant"])[0].id
    assert inbox.unknown_items(site.db, me, [items[1].id, theirs]) == [theirs]
    assert inbox.mark_read(site.db, me, [theirs], now=now) == 0  # not mine to mark
    assert inbox.mark_all_read(site.db, me, now=now) == 2
    assert inbox.unread_count(site.db, me.id) == 0
    assert inbox.unread_count(site.db, actors["assistant"].id) == 1
    data = everything[0].to_json(site.tz)
    assert {"id", "kind", "at", "message", "ref_kind", "ref_id", "read"} <= set(data)
    assert data["ref_kind"] == "ticket" and data["ref_id"] == 7 and data["read"] is False


def test_add_to_inbox_gives_each_operator_one_item(site, actors, now) -> None:
    ids = [actors["director"].id, actors["assistant"].id, actors["director"].id]
    with UnitOfWork(site.db) as uow:
        n = inbox.add_to_inbox(uow.session, [inbox.InboxNotice(ids, "note", "x" * 600)], at=now)
        uow.commit()
    assert n == 2
    item = inbox.list_inbox(site.db, actors["director"])[0]
    assert len(item.message) == 500 and item.ref_kind == "" and item.ref_id is None


# --- kinds the scan finds (the escalation tests' world) -----------------------------------------

from test_escalation_service import World  # noqa: E402


@pytest.fixture
def w(db) -> World:
    return World(db)


def _kind(w: World, now, kind: str) -> list[int]:
    return [i.ref_id for i in board.supervision_board(w.site, None, now=now, kind=kind).items]


def test_r_lc_4_board_lists_no_update_until_the_owner_hears(w, now) -> None:
    from sqlalchemy import update

    from frontdesk_tui.data.tables_tickets import Ticket

    silent = w.ticket(received_at=w.local(2026, 11, 23, 9), complexity="moderate")
    w.ticket(received_at=w.local(2026, 11, 23, 9), complexity="moderate", last_update_at=w.local(2026, 11, 24, 16),
             location="3-2-1202")
    assert _kind(w, now, board.NO_UPDATE) == []  # not until the scan found it
    w.scan(now)
    assert _kind(w, now, board.NO_UPDATE) == [silent]
    with UnitOfWork(w.db) as uow:
        uow.session.execute(update(Ticket).where(Ticket.id == silent).values(last_update_at=now + timedelta(minutes=5)))
        uow.commit()
    assert _kind(w, now + timedelta(minutes=6), board.NO_UPDATE) == []


def test_r_lc_5_board_lists_follow_up_visits_past_their_day(w, now) -> None:
    closed_at = w.local(2026, 11, 16, 15)
    common = {"status": "closed", "reported_at": closed_at - timedelta(hours=2), "closed_at": closed_at}
    pending = w.ticket(received_at=closed_at - timedelta(hours=20), follow_up_due_at=w.local(2026, 11, 19, 23, 59, 59),
                       **common)
    w.ticket(received_at=closed_at - timedelta(hours=20), follow_up_done=True,
             follow_up_due_at=w.local(2026, 11, 19, 23, 59, 59), location="3-2-1202", **common)
    w.ticket(received_at=now - timedelta(hours=20), status="closed", reported_at=now - timedelta(hours=3),
             closed_at=now - timedelta(hours=2), follow_up_due_at=w.local(2026, 11, 30, 23, 59, 59),
             location="3-2-1301")
    found = board.supervision_board(w.site, None, now=now, kind=board.FOLLOW_UP).items
    assert [i.ref_id for i in found] == [pending]
    assert found[0].due_at == w.local(2026, 11, 19, 23, 59, 59)  # the visit's day, not the ticket's deadline


def test_r_sv_5_board_lists_the_automatic_upgrade(w, now) -> None:
    old = w.ticket(received_at=now - timedelta(days=30, minutes=1), complexity="complex", severity="important")
    w.ticket(received_at=now - timedelta(days=29), complexity="complex", severity="important", location="3-2-1202")
    assert _kind(w, now, board.UPGRADED) == []
    w.scan(now)
    assert _kind(w, now, board.UPGRADED) == [old]
