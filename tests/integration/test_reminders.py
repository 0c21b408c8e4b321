"""R-KP-4 on SQLite and PostgreSQL: the escalation scan writes the three reminders to the
supervision inbox (assistants and the director), once each, and the supervision board lists them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select
from test_duty_support import add_people, make_site

from frontdesk_tui.data.tables import InboxItem
from frontdesk_tui.data.tables_duty import DutyLogSignature, Handover, RosterDay
from frontdesk_tui.services.site import inbox
from frontdesk_tui.services.supervision import board
from frontdesk_tui.services.tickets.escalation import run_escalation_scan
from frontdesk_tui.services.uow import UnitOfWork

SH = ZoneInfo("Asia/Shanghai")
#: Wednesday 25 November 2026, a working day.
MORNING = datetime(2026, 11, 25, 10, 5, tzinfo=SH)


@pytest.fixture
def site(db):
    return make_site(db)


@pytest.fixture
def people(db, now):
    return add_people(db, now)


def _handover(site, people, at: datetime, stage: str = "counting") -> int:
    with UnitOfWork(site.db) as uow:
        row = Handover(at=at, outgoing_side="duty", incoming_side="day_desk", stage=stage, state="{}",
                       started_at=at, started_by=people["赵强"].id, updated_at=at, updated_by=people["赵强"].id)
        uow.session.add(row)
        uow.commit()
        return row.id


def _reminders(site) -> list[tuple[int, str, str, int | None]]:
    with UnitOfWork(site.db, write=False) as uow:
        rows = uow.session.exec(
            select(InboxItem).where(InboxItem.kind.in_(inbox.REMINDER_KINDS)).order_by(InboxItem.id)
        ).all()
        return [(r.operator_id, r.kind, r.ref_type, r.ref_id) for r in rows]


def test_r_kp_4_the_scan_reminds_roster_morning_check_and_handover_once_each(site, people):
    handover_id = _handover(site, people, datetime(2026, 11, 25, 8, 30, tzinfo=SH))
    first = run_escalation_scan(site, now=MORNING)
    assert {(r.kind, r.ref_id) for r in first.reminders} == {
        (inbox.KIND_ROSTER, 202612),
        (inbox.KIND_MORNING_CHECK, 20261125),
        (inbox.KIND_HANDOVER, handover_id),
    }
    supervisors = {people["张建国"].id, people["李娜"].id}
    assert all(set(r.recipient_ids) == supervisors for r in first.reminders)
    assert {r["rule"] for r in first.to_json()["reminders"]} == {"R-KP-4"}
    written = _reminders(site)
    assert len(written) == 6 and {w[0] for w in written} == supervisors
    # Idempotent: the same scan again, and a later one, write nothing more.
    assert run_escalation_scan(site, now=MORNING).reminders == ()
    assert run_escalation_scan(site, now=MORNING + timedelta(hours=3)).reminders == ()
    assert _reminders(site) == written
    # On the supervision board's reminders kind, for each supervisor.
    for name in ("李娜", "张建国"):
        mine = board.supervision_board(site, people[name], now=MORNING, kind=board.REMINDER)
        assert sorted(i.ref_kind for i in mine.items) == [inbox.REF_DUTY_LOG, inbox.REF_HANDOVER, inbox.REF_ROSTER]
        assert all(i.rule == "R-KP-4" for i in mine.items)
    assert board.supervision_board(site, people["陈晓燕"], now=MORNING, kind=board.REMINDER).items == ()


def test_r_kp_4_nothing_is_due_before_its_time_or_once_it_is_done(site, people, db):
    # 24 November: before the 25th; 09:59: before 10:00; the handover 29 minutes after its change.
    _handover(site, people, datetime(2026, 11, 24, 9, 30, tzinfo=SH))
    assert run_escalation_scan(site, now=datetime(2026, 11, 24, 9, 59, tzinfo=SH)).reminders == ()
    # The 25th with next month complete, the check signed and the handover signed: nothing either.
    with UnitOfWork(db) as uow:
        for d in range(1, 32):
            uow.session.add(RosterDay(day=date(2026, 12, d), officer_id=people["赵强"].id,
                                      set_by=people["李娜"].id, set_at=MORNING))
        uow.session.add(DutyLogSignature(entry_id=0, hash="0" * 64, kind="check", operator_id=people["李娜"].id,
                                         at=datetime(2026, 11, 25, 9, 15, tzinfo=SH)))
        uow.commit()
    _handover(site, people, datetime(2026, 11, 25, 8, 30, tzinfo=SH), stage="signed")
    late = run_escalation_scan(site, now=MORNING)
    # Only the 24th's handover, unsigned for a day now, is due.
    assert [(r.kind, r.ref_kind) for r in late.reminders] == [(inbox.KIND_HANDOVER, inbox.REF_HANDOVER)]
    # A Saturday has no morning check (not a working day); December's roster is complete.
    saturday = run_escalation_scan(site, now=datetime(2026, 11, 28, 11, 0, tzinfo=SH))
    assert saturday.reminders == ()
