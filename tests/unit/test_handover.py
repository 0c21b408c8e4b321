"""R-HO-1…4, R-DU-2: the shift handover checklist and its signatures."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role, Severity, Status
from frontdesk_tui.domain.duty.handover import (
    Disposition,
    FollowUpFact,
    HandoverBlocked,
    HandoverItem,
    HandoverState,
    ItemCount,
    ItemKind,
    LogFact,
    OpenTicketFact,
    Override,
    RectificationFact,
    Stage,
    add_item,
    begin_counting,
    blocking_items,
    check_can_sign,
    check_counts,
    check_mutable,
    check_signers,
    checklist_items,
    count_errors,
    dispose,
    important_items,
    record_counts,
    record_review,
    set_override,
    sign_incoming,
    sign_outgoing,
    start_handover,
    state_from_dict,
    state_to_dict,
    taken_over_items,
    withdraw_outgoing_signature,
)
from frontdesk_tui.domain.duty.roster import ShiftKind
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError

SH = ZoneInfo("Asia/Shanghai")
CHANGE = datetime(2025, 6, 4, 8, 30, tzinfo=SH)
NEXT_END = datetime(2025, 6, 4, 17, 30, tzinfo=SH)

DUTY = Actor(7, "Wang", Role.DUTY_OFFICER)
DUTY_2 = Actor(8, "Li", Role.DUTY_OFFICER)
DESK = Actor(5, "Qian", Role.RECEPTIONIST)
ASSISTANT = Actor(2, "Zhao", Role.ASSISTANT)
DIRECTOR = Actor(1, "Zhou", Role.DIRECTOR)
STAFF = Actor(30, "Sun", Role.STAFF, "engineering")
HEAD = (42, "a" * 64)


def ticket(
    id,
    *,
    severity=Severity.MINOR,
    emergency=False,
    under_control=False,
    escalated=False,
    due=None,
    status=Status.ASSIGNED,
):
    return OpenTicketFact(id, f"ticket {id}", status, severity, emergency, under_control, escalated, due)


# --- R-HO-1 counts -----------------------------------------------------------------------------


def test_r_ho_1_shortage_needs_explanation():
    errors = count_errors([ItemCount("对讲机", 4, 3), ItemCount("灭火器", 2, 2)])
    assert [e.field for e in errors] == ["对讲机"]
    check_counts([ItemCount("对讲机", 4, 3, explanation="one at the repair shop")])


def test_r_ho_1_damage_needs_explanation():
    with pytest.raises(InputError) as err:
        check_counts([ItemCount("手电筒", 2, 2, damaged=True)])
    assert err.value.field == "手电筒"


def test_r_ho_1_every_item_counted():
    errors = count_errors([ItemCount("水瓶", 2), ItemCount("灭火器", 2, -1), ItemCount("钥匙", 30, 31)])
    assert [e.field for e in errors] == ["水瓶", "灭火器"]


# --- R-HO-3 important items --------------------------------------------------------------------


def test_r_ho_3_important_items_from_the_queue():
    tickets = [
        ticket(1, emergency=True, under_control=False),  # emergency not under control
        ticket(2, severity=Severity.MAJOR, due=NEXT_END - timedelta(hours=1)),  # major, due in shift
        ticket(3, escalated=True, due=CHANGE - timedelta(days=1)),  # escalated, already overdue
        ticket(4, severity=Severity.MAJOR, due=NEXT_END + timedelta(minutes=1)),  # due after the shift
        ticket(5, due=NEXT_END),  # minor, due in shift: on the list, not important
        ticket(6, severity=Severity.MAJOR, due=CHANGE, status=Status.CLOSED),  # not open
        ticket(7, emergency=True, under_control=True, due=None),  # under control, clock stopped
    ]
    rects = [
        RectificationFact(20, "违章整改 3-2-301", NEXT_END),
        RectificationFact(21, "later", NEXT_END + timedelta(days=2)),
    ]
    logs = [LogFact(40, "B 栋漏水，待工程部", True), LogFact(41, "巡查正常", False)]
    follow = [FollowUpFact(9, "回访 9", NEXT_END - timedelta(hours=2))]
    items = checklist_items(tickets, rects, logs, NEXT_END, follow)
    assert {(i.kind, i.ref_id, i.important) for i in items} == {
        (ItemKind.EMERGENCY, 1, True),
        (ItemKind.TICKET, 2, True),
        (ItemKind.TICKET, 3, True),
        (ItemKind.TICKET, 5, False),
        (ItemKind.RECTIFICATION, 20, True),
        (ItemKind.LOG_ITEM, 40, True),
        (ItemKind.FOLLOW_UP, 9, False),
    }
    # Important first, then by due time.
    assert [i.important for i in items] == sorted((i.important for i in items), reverse=True)
    assert items[0].ref_id == 3
    assert {i.ref_id for i in important_items(tickets, rects, logs, NEXT_END)} == {1, 2, 3, 20, 40}


def walk_to_items(items, *, outgoing_side=ShiftKind.DUTY, incoming_side=ShiftKind.DAY_DESK):
    state = start_handover(
        CHANGE,
        [("对讲机", 4), ("灭火器", 2)],
        items,
        outgoing_side=outgoing_side,
        incoming_side=incoming_side,
    )
    assert state.stage is Stage.DRAFT
    state = begin_counting(state)
    state = record_counts(state, [ItemCount("灭火器", 2, 2), ItemCount("对讲机", 4, 4)])
    assert state.stage is Stage.REVIEWING
    state = record_review(state, "  B1 车库灯坏  ")
    assert (state.stage, state.anomalies) == (Stage.ITEMS, "B1 车库灯坏")
    return state


EMERGENCY = HandoverItem(ItemKind.EMERGENCY, 1, "电梯困人 5 栋", None, True)
MINOR = HandoverItem(ItemKind.TICKET, 5, "楼道保洁", NEXT_END, False)


def test_r_ho_3_uncontrolled_emergency_blocks():
    state = walk_to_items([EMERGENCY, MINOR])
    state = dispose(state, ItemKind.TICKET, 5, Disposition.LEFT, "owner away until Friday")
    with pytest.raises(HandoverBlocked) as err:
        sign_outgoing(state, DUTY, CHANGE)
    assert err.value.rule == "R-HO-3"
    assert [i.ref_id for i in err.value.items] == [1]
    assert "电梯困人 5 栋 (#1)" in err.value.message
    # Left is not enough for an important item.
    state = dispose(state, ItemKind.EMERGENCY, 1, Disposition.LEFT, "waiting for the lift company")
    with pytest.raises(HandoverBlocked):
        check_can_sign(state)
    # Taken over by the incoming officer: signing goes on.
    state = dispose(state, ItemKind.EMERGENCY, 1, Disposition.TAKEN_OVER)
    assert blocking_items(state) == []
    signed = sign_outgoing(state, DUTY, CHANGE)
    assert signed.stage is Stage.SIGNED_OUTGOING


def test_r_ho_3_override_by_assistant_with_reason():
    state = walk_to_items([EMERGENCY])
    state = dispose(state, ItemKind.EMERGENCY, 1, Disposition.LEFT, "fire brigade on site")
    with pytest.raises(InputError):
        set_override(state, Override(ASSISTANT, "  "))
    with pytest.raises(RuleError) as err:
        set_override(state, Override(DUTY_2, "I say so"))
    assert err.value.rule == "R-HO-3"
    with pytest.raises(RuleError):
        check_can_sign(state, Override(DESK, "urgent"))
    check_can_sign(state, Override(DIRECTOR, "director on site"))
    state = set_override(state, Override(ASSISTANT, " handled by the fire brigade "))
    assert state.override.reason == "handled by the fire brigade"
    state = sign_outgoing(state, DUTY, CHANGE)
    state = sign_incoming(state, DESK, DUTY, CHANGE + timedelta(minutes=3), HEAD)
    assert state.stage is Stage.SIGNED and state.override.by == ASSISTANT


def test_r_ho_2_every_item_needs_a_disposition():
    state = walk_to_items([MINOR])
    with pytest.raises(RuleError) as err:
        sign_outgoing(state, DUTY, CHANGE)
    assert err.value.rule == "R-HO-2"
    with pytest.raises(InputError):
        dispose(state, ItemKind.TICKET, 5, Disposition.LEFT)
    with pytest.raises(NotFound):
        dispose(state, ItemKind.TICKET, 99, Disposition.FINISHED)


def test_r_ho_2_outgoing_officer_adds_an_item():
    state = walk_to_items([])
    extra = HandoverItem(ItemKind.LOG_ITEM, 40, "B 栋漏水", None, True)
    state = add_item(state, extra)
    with pytest.raises(InputError):
        add_item(state, extra)
    with pytest.raises(HandoverBlocked):
        check_can_sign(state)


def test_r_ho_1_steps_in_order_and_counts_match_the_post():
    state = start_handover(CHANGE, [("对讲机", 4)], [])
    with pytest.raises(RuleError):
        record_counts(state, [ItemCount("对讲机", 4, 4)])  # not counting yet
    state = begin_counting(state)
    with pytest.raises(RuleError):
        record_review(state, "")
    with pytest.raises(InputError):
        record_counts(state, [ItemCount("对讲机", 4, 4), ItemCount("水瓶", 2, 2)])
    with pytest.raises(InputError):
        record_counts(state, [ItemCount("对讲机", 5, 5)])  # expected number changed behind our back
    with pytest.raises(InputError) as err:
        record_counts(state, [ItemCount("对讲机", 4, 2)])
    assert err.value.field == "对讲机"
    with pytest.raises(RuleError):
        sign_outgoing(state, DUTY, CHANGE)


def test_r_ho_1_going_back_keeps_later_steps():
    state = walk_to_items([MINOR])
    state = record_counts(
        state, [ItemCount("灭火器", 2, 1, explanation="used on a bin fire"), ItemCount("对讲机", 4, 4)]
    )
    assert state.stage is Stage.ITEMS
    assert state.counts[1].counted == 1 and [c.name for c in state.counts] == ["对讲机", "灭火器"]


# --- R-HO-4 signers and immutability -----------------------------------------------------------


def test_r_ho_4_same_operator_cannot_sign_twice():
    with pytest.raises(RuleError) as err:
        check_signers(DUTY, DUTY)
    assert err.value.rule == "R-HO-4"
    state = sign_outgoing(walk_to_items([]), DUTY, CHANGE)
    with pytest.raises(RuleError) as err:
        sign_incoming(state, DUTY, DUTY, CHANGE, HEAD)
    assert err.value.rule == "R-HO-4"


def test_r_ho_4_day_desk_signs_at_0830_and_1730():
    check_signers(DUTY, DESK, incoming_side=ShiftKind.DAY_DESK)
    check_signers(DESK, DUTY, outgoing_side=ShiftKind.DAY_DESK)
    with pytest.raises(RuleError) as err:
        check_signers(DUTY, DESK)  # a holiday's 08:30: duty officer to duty officer
    assert err.value.rule == "R-RO-1"
    check_signers(DUTY, DUTY_2)
    check_signers(DUTY, ASSISTANT)
    with pytest.raises(RuleError):
        check_signers(STAFF, DESK, outgoing_side=ShiftKind.DAY_DESK, incoming_side=ShiftKind.DAY_DESK)


def test_r_ho_4_signed_handover_is_immutable():
    state = walk_to_items([MINOR])
    state = dispose(state, ItemKind.TICKET, 5, Disposition.TAKEN_OVER)
    state = sign_outgoing(state, DUTY, CHANGE)
    with pytest.raises(RuleError) as err:
        dispose(state, ItemKind.TICKET, 5, Disposition.FINISHED)
    assert err.value.rule == "R-HO-4"
    with pytest.raises(RuleError):
        sign_incoming(state, DESK, DUTY_2, CHANGE, HEAD)  # not who signed first
    state = sign_incoming(state, DESK, DUTY, CHANGE + timedelta(minutes=2), HEAD)
    assert (state.outgoing_id, state.incoming_id, state.log_head) == (7, 5, HEAD)
    assert [i.ref_id for i in taken_over_items(state)] == [5]
    for change in (
        lambda s: record_counts(s, []),
        lambda s: record_review(s, "x"),
        lambda s: begin_counting(s),
        lambda s: set_override(s, None),
        lambda s: withdraw_outgoing_signature(s),
        lambda s: sign_incoming(s, DESK, DUTY, CHANGE, HEAD),
    ):
        with pytest.raises(RuleError) as err:
            change(state)
        assert err.value.rule == "R-HO-4"
    with pytest.raises(RuleError):
        check_mutable(state)


def test_r_ho_4_outgoing_signature_may_be_withdrawn_before_the_incoming_one():
    state = walk_to_items([MINOR])
    state = dispose(state, ItemKind.TICKET, 5, Disposition.FINISHED)
    state = sign_outgoing(state, DUTY, CHANGE)
    state = withdraw_outgoing_signature(state)
    assert (state.stage, state.outgoing_id) == (Stage.ITEMS, None)
    state = dispose(state, ItemKind.TICKET, 5, Disposition.TAKEN_OVER)
    assert state.items[0].disposition is Disposition.TAKEN_OVER
    with pytest.raises(RuleError):
        withdraw_outgoing_signature(state)
    with pytest.raises(RuleError):
        sign_incoming(state, DESK, DUTY, CHANGE, HEAD)


def test_r_ho_4_duty_officer_side_needs_a_duty_officer():
    state = walk_to_items([], outgoing_side=ShiftKind.DUTY, incoming_side=ShiftKind.DUTY)
    with pytest.raises(RuleError) as err:
        sign_outgoing(state, DESK, CHANGE)
    assert err.value.rule == "R-RO-1"


def test_handover_resumes_from_stored_data():
    state = walk_to_items([EMERGENCY, MINOR])
    state = dispose(state, ItemKind.TICKET, 5, Disposition.LEFT, "owner away")
    state = dispose(state, ItemKind.EMERGENCY, 1, Disposition.LEFT, "fire brigade on site")
    state = set_override(state, Override(ASSISTANT, "fire brigade on site"))
    state = sign_outgoing(state, DUTY, CHANGE)
    stored = json.loads(json.dumps(state_to_dict(state), ensure_ascii=False))
    restored = state_from_dict(stored)
    assert restored == state
    done = sign_incoming(restored, DESK, DUTY, CHANGE + timedelta(minutes=1), HEAD)
    assert state_from_dict(json.loads(json.dumps(state_to_dict(done)))) == done
    assert isinstance(done, HandoverState)
