"""R-HO-1…4, R-DU-2: the handover service on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlmodel import select
from test_duty_support import PASSWORD, add_people, add_roster, add_ticket, make_site

from frontdesk_tui.data.tables_duty import DutyLogSignature
from frontdesk_tui.data.tables_tickets import TicketEvent
from frontdesk_tui.domain.duty.handover import Disposition, ItemCount, ItemKind, Stage
from frontdesk_tui.domain.duty.log import BreakReason
from frontdesk_tui.domain.duty.roster import ShiftKind
from frontdesk_tui.domain.errors import InputError, RuleError, StaleError
from frontdesk_tui.services.duty import handover, roster
from frontdesk_tui.services.duty import log as dutylog
from frontdesk_tui.services.uow import UnitOfWork

SH = ZoneInfo("Asia/Shanghai")
#: Wednesday 25 November 2026, 08:20: ten minutes before the duty officer hands over to the desk.
MORNING = datetime(2026, 11, 25, 8, 20, tzinfo=SH)


@pytest.fixture
def site(db):
    return make_site(db)


@pytest.fixture
def people(db, now):
    return add_people(db, now)


@pytest.fixture
def queue(site, people):
    """The live queue at 08:20: what the checklist should and should not pick up."""
    desk = people["陈晓燕"]
    night = MORNING - timedelta(hours=10)
    ids = {
        "emergency": add_ticket(
            site.db,
            desk,
            now=MORNING,
            due_in=timedelta(hours=1),
            emergency=True,
            description="地下车库水管爆裂",
        ),
        "major": add_ticket(site.db, desk, now=MORNING, due_in=timedelta(hours=3), severity="major"),
        "minor": add_ticket(site.db, desk, now=MORNING, due_in=timedelta(hours=3), severity="minor"),
        "later": add_ticket(site.db, desk, now=MORNING, due_in=timedelta(days=2)),
        "reported": add_ticket(site.db, desk, now=MORNING, due_in=timedelta(hours=1), reported=True),
        "controlled": add_ticket(
            site.db, desk, now=MORNING, due_in=timedelta(days=2), emergency=True, under_control=True
        ),
        "follow_up": add_ticket(
            site.db,
            desk,
            now=MORNING,
            due_in=-timedelta(days=3),
            status="closed",
            follow_up_in=timedelta(hours=4),
        ),
    }
    duty = people["赵强"]
    # R-DU-5: 赵强 is on the roster for the nights around 25 November.
    add_roster(site.db, people["李娜"], {date(2026, 11, d): duty for d in range(20, 25)})
    ids["log_important"] = dutylog.add_entry(
        site, duty, "5号楼顶层漏水，已通知维修", now=night, important=True
    ).id
    ids["log_plain"] = dutylog.add_entry(site, duty, "巡查正常", now=night + timedelta(hours=1)).id
    return ids


def _counts(view, **overrides):
    return [overrides.get(c.name, ItemCount(c.name, c.expected, c.expected)) for c in view.state.counts]


def _walk_to_items(site, actor, at=MORNING):
    view = handover.start_or_resume(site, actor, now=at)
    view = handover.record_counts(site, actor, view.id, _counts(view), now=at)
    return handover.record_review(site, actor, view.id, "", now=at)


def test_r_ho_1_the_checklist_is_prefilled_from_the_live_queue(site, people, queue):
    view = handover.start_or_resume(site, people["赵强"], now=MORNING)
    assert view.stage is Stage.COUNTING
    assert (view.state.outgoing_side, view.state.incoming_side) == (ShiftKind.DUTY, ShiftKind.DAY_DESK)
    assert view.at == datetime(2026, 11, 25, 8, 30, tzinfo=SH)
    assert [c.name for c in view.state.counts] == ["对讲机", "灭火器", "水瓶", "钥匙箱钥匙", "手电筒"]
    items = {(i.kind, i.ref_id): i.important for i in view.state.items}
    assert items == {
        (ItemKind.EMERGENCY, queue["emergency"]): True,
        (ItemKind.TICKET, queue["major"]): True,
        (ItemKind.TICKET, queue["minor"]): False,
        (ItemKind.FOLLOW_UP, queue["follow_up"]): False,
        (ItemKind.LOG_ITEM, queue["log_important"]): True,
    }
    assert {i.ref_id for i in view.blocking} == {queue["emergency"], queue["major"], queue["log_important"]}


def test_r_ho_1_a_shortage_needs_the_outgoing_officers_explanation(site, people, queue):
    duty = people["赵强"]
    view = handover.start_or_resume(site, duty, now=MORNING)
    short = ItemCount("对讲机", 4, 3)
    with pytest.raises(InputError) as err:
        handover.record_counts(site, duty, view.id, _counts(view, 对讲机=short), now=MORNING)
    assert err.value.field == "对讲机"
    explained = ItemCount("对讲机", 4, 3, "一台送修", False)
    view = handover.record_counts(site, duty, view.id, _counts(view, 对讲机=explained), now=MORNING)
    assert view.stage is Stage.REVIEWING and view.state.counts[0].explanation == "一台送修"


def test_r_ho_resumes_where_it_stopped_and_adds_what_came_up(site, people, queue):
    duty = people["赵强"]
    first = handover.start_or_resume(site, duty, now=MORNING)
    handover.record_counts(site, duty, first.id, _counts(first), now=MORNING)
    # The terminal closes; a new ticket comes in; the officer starts again.
    late = add_ticket(site.db, people["陈晓燕"], now=MORNING, due_in=timedelta(hours=2), severity="important")
    again = handover.start_or_resume(site, duty, now=MORNING + timedelta(minutes=4))
    assert again.id == first.id and again.stage is Stage.REVIEWING
    assert (ItemKind.TICKET, late) in {(i.kind, i.ref_id) for i in again.state.items}
    assert handover.current(site, now=MORNING).id == first.id


def test_r_ho_5_an_unsigned_handover_stays_the_desks_past_the_halfway_point(site, people, queue):
    """Started at 08:20 and not signed: at 13:30 (nearer 17:30 than 08:30) the desk still sees and
    resumes the 08:30 handover with its blocking emergency, until 15 minutes before 17:30."""
    duty = people["赵强"]
    first = handover.start_or_resume(site, duty, now=MORNING)
    afternoon = MORNING.replace(hour=13, minute=30)
    still = handover.current(site, now=afternoon)
    assert still is not None and still.id == first.id and still.blocking
    assert handover.preview(site, now=afternoon)[0].at == first.at
    assert handover.start_or_resume(site, duty, now=afternoon).id == first.id
    # From 17:15 the desk turns to the 17:30 change (not started yet).
    assert handover.current(site, now=MORNING.replace(hour=17, minute=16)) is None
    assert handover.preview(site, now=MORNING.replace(hour=17, minute=16))[0].at == MORNING.replace(hour=17, minute=30)


def test_r_ho_3_an_emergency_not_under_control_blocks_until_taken_over(site, people, queue):
    duty, desk = people["赵强"], people["陈晓燕"]
    view = _walk_to_items(site, duty)
    for item in view.state.items:
        if item.kind is not ItemKind.EMERGENCY:
            view = handover.dispose_item(
                site, duty, view.id, item.kind, item.ref_id, Disposition.TAKEN_OVER, now=MORNING
            )
    with pytest.raises(RuleError) as err:
        handover.sign_outgoing(site, view.id, name="赵强", password=PASSWORD, now=MORNING)
    assert err.value.rule == "R-HO-3" and "地下车库水管爆裂" in err.value.reason
    with pytest.raises(InputError):  # left needs a reason; left does not unblock either
        handover.dispose_item(
            site, duty, view.id, ItemKind.EMERGENCY, queue["emergency"], Disposition.LEFT, now=MORNING
        )
    view = handover.dispose_item(
        site, duty, view.id, ItemKind.EMERGENCY, queue["emergency"], Disposition.TAKEN_OVER, now=MORNING
    )
    view = handover.sign_outgoing(site, view.id, name="赵强", password=PASSWORD, now=MORNING)
    assert view.stage is Stage.SIGNED_OUTGOING and view.outgoing == "赵强"
    view = handover.sign_incoming(site, view.id, name=desk.name, password=PASSWORD, now=MORNING)
    assert view.signed and view.incoming == "陈晓燕"


def test_r_ho_3_override_needs_an_assistant_or_director_with_a_reason(site, people, queue):
    duty = people["赵强"]
    view = _walk_to_items(site, duty)
    for item in view.state.items:
        disposition = Disposition.LEFT if item.important else Disposition.TAKEN_OVER
        view = handover.dispose_item(
            site, duty, view.id, item.kind, item.ref_id, disposition, reason="消防队在场", now=MORNING
        )
    with pytest.raises(RuleError) as err:
        handover.set_override(site, view.id, name="赵强", password=PASSWORD, reason="我来", now=MORNING)
    assert err.value.rule == "R-HO-3"
    with pytest.raises(RuleError) as err:
        handover.set_override(site, view.id, name="李娜", password="wrong-pass", reason="x", now=MORNING)
    assert err.value.rule == "R-HO-4"
    with pytest.raises(InputError):
        handover.set_override(site, view.id, name="李娜", password=PASSWORD, reason="  ", now=MORNING)
    view = handover.set_override(
        site, view.id, name="李娜", password=PASSWORD, reason="主任助理到场处理", now=MORNING
    )
    assert view.state.override.by.name == "李娜"
    view = handover.sign_outgoing(site, view.id, name="赵强", password=PASSWORD, now=MORNING)
    view = handover.sign_incoming(site, view.id, name="刘婷", password=PASSWORD, now=MORNING)
    record = handover.get_handover(site, view.id).to_json(SH)
    assert record["override"] == {"by": "李娜", "reason": "主任助理到场处理"}


def test_r_ho_4_two_officers_each_with_their_own_password(site, people, queue):
    duty = people["赵强"]
    view = _walk_to_items(site, duty)
    for item in view.state.items:
        view = handover.dispose_item(
            site, duty, view.id, item.kind, item.ref_id, Disposition.TAKEN_OVER, now=MORNING
        )
    with pytest.raises(RuleError) as err:
        handover.sign_outgoing(site, view.id, name="赵强", password="not-his", now=MORNING)
    assert err.value.rule == "R-HO-4"
    with pytest.raises(RuleError) as err:  # the incoming officer cannot sign first
        handover.sign_incoming(site, view.id, name="陈晓燕", password=PASSWORD, now=MORNING)
    assert err.value.rule == "R-HO-4"
    view = handover.sign_outgoing(site, view.id, name="赵强", password=PASSWORD, now=MORNING)
    with pytest.raises(RuleError) as err:  # the same person cannot sign both sides
        handover.sign_incoming(site, view.id, name="赵强", password=PASSWORD, now=MORNING)
    assert err.value.rule == "R-HO-4"
    with pytest.raises(RuleError) as err:  # staff never sign
        handover.sign_incoming(site, view.id, name="周师傅", password=PASSWORD, now=MORNING)
    assert err.value.rule == "R-RO-1"
    signed_at = MORNING + timedelta(minutes=9)
    view = handover.sign_incoming(site, view.id, name="陈晓燕", password=PASSWORD, now=signed_at)
    assert view.signed and view.state.log_head == (queue["log_plain"], dutylog.list_entries(site)[-1].hash)
    # Immutable once signed.
    with pytest.raises(RuleError) as err:
        handover.dispose_item(site, duty, view.id, ItemKind.TICKET, queue["minor"], None, now=MORNING)
    assert err.value.rule == "R-HO-4"
    # Every ticket taken over is on its timeline, by the incoming officer.
    with UnitOfWork(site.db, write=False) as uow:
        events = uow.session.exec(select(TicketEvent).where(TicketEvent.kind == "handover")).all()
        signatures = uow.session.exec(select(DutyLogSignature)).all()
    assert {e.ticket_id for e in events} == {
        queue["emergency"],
        queue["major"],
        queue["minor"],
        queue["follow_up"],
    }
    assert {e.operator_id for e in events} == {people["陈晓燕"].id}
    assert all(json.loads(e.data)["handover_id"] == view.id for e in events)
    assert [(s.kind, s.entry_id, s.handover_id) for s in signatures] == [
        ("handover", queue["log_plain"], view.id)
    ]


def test_r_du_4_cutting_the_log_after_a_signed_handover_is_caught(site, people, queue):
    duty = people["赵强"]
    view = _walk_to_items(site, duty)
    for item in view.state.items:
        view = handover.dispose_item(
            site, duty, view.id, item.kind, item.ref_id, Disposition.TAKEN_OVER, now=MORNING
        )
    handover.sign_outgoing(site, view.id, name="赵强", password=PASSWORD, now=MORNING)
    handover.sign_incoming(site, view.id, name="陈晓燕", password=PASSWORD, now=MORNING)
    with site.db.write_engine.begin() as conn:
        conn.execute(text("DELETE FROM duty_log_signature"))
        conn.execute(text("DELETE FROM duty_log WHERE id = :i"), {"i": queue["log_plain"]})
    result = dutylog.verify(site)
    assert (result.broken_id, result.reason) == (queue["log_plain"], BreakReason.TRUNCATED)


def test_r_ro_3_a_stale_copy_of_the_handover_is_refused(site, people, queue):
    duty = people["赵强"]
    view = handover.start_or_resume(site, duty, now=MORNING)
    handover.record_counts(site, duty, view.id, _counts(view), now=MORNING)
    with pytest.raises(StaleError):
        handover.record_counts(site, duty, view.id, _counts(view), now=MORNING, expected_version=view.version)


def test_r_du_2_the_expected_officers_come_from_the_roster(site, people, queue):
    roster.set_roster(
        site,
        people["李娜"],
        2026,
        11,
        {datetime(2026, 11, d).date(): "赵强" for d in range(24, 31)},
        now=MORNING - timedelta(days=1),
    )
    view = handover.start_or_resume(site, people["赵强"], now=MORNING)
    assert (view.expected_outgoing, view.expected_incoming) == ("赵强", None)
    evening = handover.start_or_resume(site, people["陈晓燕"], now=MORNING + timedelta(hours=9))
    assert evening.at == datetime(2026, 11, 25, 17, 30, tzinfo=SH)
    assert (evening.state.outgoing_side, evening.state.incoming_side) == (ShiftKind.DAY_DESK, ShiftKind.DUTY)
    assert evening.expected_incoming == "赵强"
    with pytest.raises(RuleError):
        handover.start_or_resume(site, people["周师傅"], now=MORNING)


def test_r_ho_2_every_unfinished_item_is_handed_over_explicitly(site, people, queue):
    duty = people["赵强"]
    view = _walk_to_items(site, duty)
    for item in view.state.items:
        if item.important:
            view = handover.dispose_item(
                site, duty, view.id, item.kind, item.ref_id, Disposition.TAKEN_OVER, now=MORNING
            )
    with pytest.raises(RuleError) as err:
        handover.sign_outgoing(site, view.id, name="赵强", password=PASSWORD, now=MORNING)
    assert err.value.rule == "R-HO-2"
    assert view.stage is Stage.ITEMS and len(view.undecided) == 2


# --- R-HO-5: the checklist follows the live queue until signed --------------------------------


def test_r_ho_5_an_emergency_recorded_after_the_start_joins_and_blocks(site, people, queue):
    duty, desk = people["赵强"], people["陈晓燕"]
    view = _walk_to_items(site, duty)
    for item in view.state.items:
        view = handover.dispose_item(
            site, duty, view.id, item.kind, item.ref_id, Disposition.TAKEN_OVER, now=MORNING
        )
    later = MORNING + timedelta(minutes=3)
    fire = add_ticket(site.db, desk, now=later, due_in=timedelta(hours=1), emergency=True, description="3号楼火警")
    note = dutylog.add_entry(site, duty, "电梯异响，已报维保", now=later, important=True).id
    shown = handover.current(site, now=later)
    new = {(i.kind, i.ref_id) for i in shown.state.items if i.new}
    assert new == {(ItemKind.EMERGENCY, fire), (ItemKind.LOG_ITEM, note)}
    items = shown.to_json(SH)["items"]
    assert {"kind", "ref_id", "important", "blocking", "disposition", "new"} <= set(items[-1])
    assert [i["blocking"] for i in items if i["new"]] == [True, True]
    with pytest.raises(RuleError) as err:
        handover.sign_outgoing(site, view.id, name="赵强", password=PASSWORD, now=later)
    assert err.value.rule == "R-HO-3" and "3号楼火警" in err.value.reason
    for kind, ref in new:
        view = handover.dispose_item(site, duty, view.id, kind, ref, Disposition.TAKEN_OVER, now=later)
    view = handover.sign_outgoing(site, view.id, name="赵强", password=PASSWORD, now=later)
    assert view.stage is Stage.SIGNED_OUTGOING


def test_r_ho_5_signing_rechecks_the_live_queue_in_the_same_transaction(site, people, queue):
    duty, desk = people["赵强"], people["陈晓燕"]
    view = _walk_to_items(site, duty)
    for item in view.state.items:
        view = handover.dispose_item(
            site, duty, view.id, item.kind, item.ref_id, Disposition.TAKEN_OVER, now=MORNING
        )
    view = handover.sign_outgoing(site, view.id, name="赵强", password=PASSWORD, now=MORNING)
    later = MORNING + timedelta(minutes=5)
    fire = add_ticket(site.db, desk, now=later, due_in=timedelta(hours=1), emergency=True, description="3号楼火警")
    with pytest.raises(RuleError) as err:
        handover.sign_incoming(site, view.id, name="陈晓燕", password=PASSWORD, now=later)
    assert err.value.rule == "R-HO-3" and "3号楼火警" in err.value.reason
    assert not handover.get_handover(site, view.id).signed
    view = handover.withdraw_outgoing(site, duty, view.id, now=later)
    view = handover.dispose_item(
        site, duty, view.id, ItemKind.EMERGENCY, fire, Disposition.TAKEN_OVER, now=later
    )
    handover.sign_outgoing(site, view.id, name="赵强", password=PASSWORD, now=later)
    view = handover.sign_incoming(site, view.id, name="陈晓燕", password=PASSWORD, now=later)
    assert view.signed and (ItemKind.EMERGENCY, fire) in {(i.kind, i.ref_id) for i in view.state.items}
    # A signed record no longer follows the queue.
    add_ticket(site.db, desk, now=later, due_in=timedelta(hours=1), emergency=True, description="又一处")
    assert len(handover.current(site, now=later).state.items) == len(view.state.items)


# --- R-HO-6: "finished" means finished on the ticket's own record ------------------------------


def test_r_ho_6_finished_only_when_the_ticket_is_reported_or_closed(site, people, queue):
    duty = people["赵强"]
    view = _walk_to_items(site, duty)
    with pytest.raises(RuleError) as err:  # the major ticket is still assigned
        handover.dispose_item(site, duty, view.id, ItemKind.TICKET, queue["major"], Disposition.FINISHED, now=MORNING)
    assert err.value.rule == "R-HO-6" and f"#{queue['major']}" in err.value.reason
    with pytest.raises(RuleError) as err:  # the follow-up visit is not done
        handover.dispose_item(
            site, duty, view.id, ItemKind.FOLLOW_UP, queue["follow_up"], Disposition.FINISHED, now=MORNING
        )
    assert err.value.rule == "R-HO-6"
    # The handler reports the result: now it is finished on its record.
    with site.db.write_engine.begin() as conn:
        conn.execute(text("UPDATE ticket SET status = 'result_reported' WHERE id = :i"), {"i": queue["major"]})
    view = handover.dispose_item(
        site, duty, view.id, ItemKind.TICKET, queue["major"], Disposition.FINISHED, now=MORNING
    )
    # A log entry is the officers' word.
    view = handover.dispose_item(
        site, duty, view.id, ItemKind.LOG_ITEM, queue["log_important"], Disposition.FINISHED, now=MORNING
    )
    finished = {i.ref_id for i in view.state.items if i.disposition is Disposition.FINISHED}
    assert finished == {queue["major"], queue["log_important"]}
