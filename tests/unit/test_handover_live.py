"""R-HO-5: until signed, a handover's checklist follows the live queue and log (domain)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import OPEN_STATUSES, Role, Status
from frontdesk_tui.domain.duty.handover import (
    Disposition,
    HandoverBlocked,
    HandoverItem,
    ItemCount,
    ItemKind,
    Stage,
    TicketProgress,
    begin_counting,
    check_finished,
    dispose,
    finished_on_record,
    follow_live,
    item_by_ref,
    new_items,
    record_count,
    record_counts,
    record_review,
    sign_incoming,
    sign_outgoing,
    start_handover,
    state_from_dict,
    state_to_dict,
    withdraw_outgoing_signature,
)
from frontdesk_tui.domain.duty.roster import ShiftKind
from frontdesk_tui.domain.errors import InputError, RuleError

SH = ZoneInfo("Asia/Shanghai")
CHANGE = datetime(2026, 11, 25, 8, 30, tzinfo=SH)
DUTY = Actor(7, "赵强", Role.DUTY_OFFICER)
DESK = Actor(5, "陈晓燕", Role.RECEPTIONIST)
HEAD = (42, "a" * 64)

MINOR = HandoverItem(ItemKind.TICKET, 5, "楼道保洁", None, False)
FIRE = HandoverItem(ItemKind.EMERGENCY, 9, "3号楼火警", None, True)
LOG = HandoverItem(ItemKind.LOG_ITEM, 12, "电梯异响", None, True)


def at_items(items):
    state = begin_counting(
        start_handover(CHANGE, [("对讲机", 1)], items, incoming_side=ShiftKind.DAY_DESK)
    )
    state = record_counts(state, [ItemCount("对讲机", 1, 1)])
    return record_review(state, "")


def test_r_ho_5_new_work_joins_marked_new_and_blocks():
    state = dispose(at_items([MINOR]), ItemKind.TICKET, 5, Disposition.TAKEN_OVER)
    live = follow_live(state, [FIRE, MINOR, LOG])
    assert [(i.kind, i.ref_id, i.new) for i in live.items] == [
        (ItemKind.TICKET, 5, False),
        (ItemKind.EMERGENCY, 9, True),
        (ItemKind.LOG_ITEM, 12, True),
    ]
    assert live.items[0].disposition is Disposition.TAKEN_OVER  # what was decided stays decided
    assert {i.ref_id for i in new_items(live)} == {9, 12}
    with pytest.raises(HandoverBlocked) as err:
        sign_outgoing(live, DUTY, CHANGE)
    assert "R-HO-5" in err.value.reason and "3号楼火警" in err.value.reason


def test_r_ho_5_a_refusal_with_many_open_items_still_names_the_rule_and_the_new_work():
    """The demo's morning handover has 18 important items: a refusal that listed them all was cut
    (500 characters on a CLI line, three lines on the screen) before the rule id and the new work."""
    old = [HandoverItem(ItemKind.TICKET, 100 + n, f"{n}号楼 楼道灯坏了一周没人修，业主多次来电催促", None, True)
           for n in range(20)]
    state = at_items(old)
    live = follow_live(state, [*old, FIRE])
    with pytest.raises(HandoverBlocked) as err:
        sign_outgoing(live, DUTY, CHANGE)
    text = str(err.value)
    assert text.endswith("(R-HO-3)") and len(text) < 300
    assert "21 important items" in text and "1 new since the handover started (R-HO-5)" in text
    assert text.index("3号楼火警 (#9)") < text.index("(#100)")  # the new work first
    assert "and 18 more" in text
    assert len(err.value.items) == 21  # the screen still has every item


def test_r_ho_2_a_refusal_with_many_undecided_items_still_ends_with_its_rule():
    many = [HandoverItem(ItemKind.FOLLOW_UP, n, f"跟进 {n}-1-701 楼道冒烟，疑似火情，业主要求回电", None, False)
            for n in range(1, 16)]
    state = at_items(many)
    with pytest.raises(RuleError) as err:
        sign_outgoing(state, DUTY, CHANGE)
    text = str(err.value)
    assert err.value.rule == "R-HO-2" and text.endswith("(R-HO-2)") and len(text) < 250
    assert "(#1)" in text and "and 12 more" in text


def test_r_ho_5_a_ticket_upgraded_to_major_becomes_important_and_new():
    state = dispose(at_items([MINOR]), ItemKind.TICKET, 5, Disposition.LEFT, "业主不在家")
    upgraded = follow_live(state, [HandoverItem(ItemKind.TICKET, 5, "楼道保洁", None, True)])
    (item,) = upgraded.items
    assert item.important and item.new and item.blocking  # "left" no longer suffices (R-HO-3)


def test_r_ho_5_nothing_changes_when_nothing_came_up():
    state = at_items([MINOR, FIRE])
    assert follow_live(state, [FIRE, MINOR]) is state
    assert follow_live(state, []) is state  # what the officers saw is never dropped


def test_r_ho_5_after_the_outgoing_signature_new_work_refuses_the_incoming_one():
    state = at_items([MINOR])
    state = dispose(state, ItemKind.TICKET, 5, Disposition.TAKEN_OVER)
    state = sign_outgoing(state, DUTY, CHANGE)
    live = follow_live(state, [MINOR, FIRE])
    assert live.stage is Stage.SIGNED_OUTGOING
    with pytest.raises(RuleError) as err:
        sign_incoming(live, DESK, DUTY, CHANGE, HEAD)
    assert err.value.rule == "R-HO-3"
    # The outgoing officer withdraws, the emergency is taken over, both sign.
    state = dispose(withdraw_outgoing_signature(live), ItemKind.EMERGENCY, 9, Disposition.TAKEN_OVER)
    state = sign_incoming(sign_outgoing(state, DUTY, CHANGE), DESK, DUTY, CHANGE, HEAD)
    assert state.stage is Stage.SIGNED
    assert follow_live(state, [HandoverItem(ItemKind.EMERGENCY, 77, "x", None, True)]) is state


def test_r_ho_5_the_new_mark_is_stored():
    live = follow_live(at_items([]), [FIRE])
    assert state_from_dict(state_to_dict(live)) == live
    old = state_to_dict(live)
    del old["items"][0]["new"]  # a handover stored before R-HO-5
    assert state_from_dict(old).items[0].new is False


items_strategy = st.lists(
    st.builds(
        HandoverItem,
        kind=st.sampled_from(list(ItemKind)),
        ref_id=st.integers(1, 6),
        title=st.just("t"),
        due_at=st.none(),
        important=st.booleans(),
    ),
    max_size=8,
    unique_by=lambda i: (i.kind, i.ref_id),
)


@given(items_strategy, items_strategy)
def test_r_ho_5_following_keeps_every_item_and_is_idempotent(before, live):
    state = at_items(before)
    followed = follow_live(state, live)
    keys = [(i.kind, i.ref_id) for i in followed.items]
    assert keys[: len(before)] == [(i.kind, i.ref_id) for i in before]
    assert set(keys) == {(i.kind, i.ref_id) for i in [*before, *live]}
    assert len(keys) == len(set(keys))
    # Live important work is important on the handover; following again changes nothing.
    important = {(i.kind, i.ref_id) for i in followed.items if i.important}
    assert {(i.kind, i.ref_id) for i in live if i.important} <= important
    assert follow_live(followed, live) is followed


# --- R-HO-6 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "progress", "finished"),
    [
        (ItemKind.TICKET, TicketProgress(Status.IN_PROGRESS), False),
        (ItemKind.TICKET, TicketProgress(Status.RESULT_REPORTED), True),
        (ItemKind.EMERGENCY, TicketProgress(Status.ASSIGNED), False),
        (ItemKind.EMERGENCY, TicketProgress(Status.CLOSED), True),
        (ItemKind.TICKET, TicketProgress(Status.WITHDRAWN), True),
        (ItemKind.FOLLOW_UP, TicketProgress(Status.CLOSED, follow_up_done=False), False),
        (ItemKind.FOLLOW_UP, TicketProgress(Status.CLOSED, follow_up_done=True), True),
        (ItemKind.TICKET, None, False),
        (ItemKind.LOG_ITEM, None, True),
        (ItemKind.RECTIFICATION, None, True),
    ],
)
def test_r_ho_6_finished_means_finished_on_the_record(kind, progress, finished):
    assert finished_on_record(kind, progress) is finished
    item = HandoverItem(kind, 3, "x", None, False)
    if finished:
        check_finished(item, progress)
    else:
        with pytest.raises(RuleError) as err:
            check_finished(item, progress)
        assert err.value.rule == "R-HO-6" and "#3" in err.value.reason


@given(st.sampled_from(list(Status)))
def test_r_ho_6_a_ticket_is_finished_exactly_when_it_is_no_longer_open_before_its_result(status):
    finished = finished_on_record(ItemKind.TICKET, TicketProgress(status))
    assert finished == (status not in OPEN_STATUSES or status is Status.RESULT_REPORTED)


# --- the command line's one-step-per-call helpers ----------------------------------------------


def test_r_ho_1_counting_one_item_at_a_time_goes_on_when_all_are_counted():
    state = begin_counting(start_handover(CHANGE, [("对讲机", 2), ("灭火器", 1)], []))
    state = record_count(state, ItemCount("对讲机", 0, 2))
    assert state.stage is Stage.COUNTING and state.counts[0] == ItemCount("对讲机", 2, 2)
    with pytest.raises(InputError):
        record_count(state, ItemCount("灭火器", 0, 0))  # short without explanation
    with pytest.raises(InputError):
        record_count(state, ItemCount("水瓶", 0, 1))  # not an item of the post
    state = record_count(state, ItemCount("灭火器", 0, 0, "送检", False))
    assert state.stage is Stage.REVIEWING


def test_items_are_named_by_number_or_kind_and_number():
    state = at_items([MINOR, HandoverItem(ItemKind.LOG_ITEM, 5, "巡查", None, True), FIRE])
    assert item_by_ref(state, "#9") == FIRE
    assert item_by_ref(state, "log_item:5").kind is ItemKind.LOG_ITEM
    with pytest.raises(InputError) as err:
        item_by_ref(state, "5")
    assert "ticket:5" in err.value.reason
    for bad in ("x", "nothing:5", "77"):
        with pytest.raises(InputError):
            item_by_ref(state, bad)
