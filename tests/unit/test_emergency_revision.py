"""R-EM-4 (a revised expected time, the clocks never move) and R-IN-8a (the owner's agreement, a
supervisor called) as pure domain rules: lifecycle, effects and escalation."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.codes import OPEN_STATUSES, Action, Role, Status
from frontdesk_tui.domain.duty.on_duty import OnDuty, Person
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.domain.tickets.effects import TicketNow, effects, missed_clocks
from frontdesk_tui.domain.tickets.escalation import check_called, may_be_called
from frontdesk_tui.domain.tickets.lifecycle import (
    TicketState,
    allowed_actions,
    check_action,
    validate_action_fields,
)

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()
RECEIVED = datetime(2026, 3, 2, 10, 0, tzinfo=SH)
DESK = Actor(1, "陈晓燕", Role.RECEPTIONIST)
STAFF = Actor(3, "周师傅", Role.STAFF, "engineering")
OTHER_STAFF = Actor(4, "吴秀兰", Role.STAFF, "sanitation")
FIELDS = {"expected_at": RECEIVED + timedelta(hours=5), "reason": "需要燃气公司到场", "owner_told": True}


def emergency(**kw) -> TicketNow:
    base = dict(
        id=9, department="engineering", complexity=None, emergency=True, received_at=RECEIVED,
        deadline_started_at=RECEIVED, due_at=RECEIVED + timedelta(hours=1),
        on_site_due=RECEIVED + timedelta(minutes=10), under_control_due=RECEIVED + timedelta(hours=1),
    )
    base.update(kw)
    return TicketNow(**base)


@pytest.mark.parametrize("status", sorted(OPEN_STATUSES))
def test_r_em_4_revise_expected_on_any_open_emergency(status: Status) -> None:
    state = TicketState(status=status, emergency=True, department="engineering")
    for actor in (DESK, STAFF):
        assert check_action(actor, state, Action.REVISE_EXPECTED, off_duty=False) == status
    with pytest.raises(RuleError) as other:  # staff of another department: the role rule
        check_action(OTHER_STAFF, state, Action.REVISE_EXPECTED, off_duty=False)
    assert other.value.rule == "R-RO-1"


@pytest.mark.parametrize("status", sorted(set(Status) - set(OPEN_STATUSES)))
def test_r_em_4_not_on_a_closed_or_ended_emergency_nor_on_a_general_ticket(status: Status) -> None:
    for state in (TicketState(status=status, emergency=True), TicketState(status=Status.ASSIGNED)):
        with pytest.raises(RuleError) as refused:
            check_action(DESK, state, Action.REVISE_EXPECTED, off_duty=False)
        assert refused.value.rule == "R-EM-4"
        assert Action.REVISE_EXPECTED not in allowed_actions(DESK, state, off_duty=False)


@pytest.mark.parametrize("missing", ["expected_at", "reason", "owner_told"])
def test_r_em_4_records_the_time_the_reason_and_that_the_owner_was_told(missing: str) -> None:
    fields = {k: v for k, v in FIELDS.items() if k != missing}
    with pytest.raises(InputError) as bad:
        validate_action_fields(Action.REVISE_EXPECTED, fields)
    assert bad.value.field == missing
    with pytest.raises(InputError):
        validate_action_fields(Action.REVISE_EXPECTED, {**FIELDS, "owner_told": False})


@given(
    now_after=st.integers(min_value=0, max_value=600),
    ahead=st.integers(min_value=1, max_value=3 * 24 * 60),
    on_site=st.one_of(st.none(), st.integers(min_value=0, max_value=600)),
    under_control=st.one_of(st.none(), st.integers(min_value=0, max_value=600)),
)
def test_r_em_4_a_revision_never_moves_a_clock_and_names_the_missed_ones(now_after, ahead, on_site, under_control):
    now = RECEIVED + timedelta(minutes=now_after)
    on_site_at = None if on_site is None or on_site > now_after else RECEIVED + timedelta(minutes=on_site)
    control_at = None if under_control is None or under_control > now_after else RECEIVED + timedelta(minutes=under_control)
    t = emergency(on_site_at=on_site_at, under_control_at=control_at)
    expected = now + timedelta(minutes=ahead)
    out = effects(t, Action.REVISE_EXPECTED, {**FIELDS, "expected_at": expected}, now, tz=SH, calendar=CAL)
    assert out.values == {"revised_expected_at": expected, "last_update_at": now}
    missed = []
    if on_site_at is None and now_after > 10:
        missed.append("on_site")
    if control_at is None and now_after > 60:
        missed.append("under_control")
    assert out.data["missed"] == missed == list(missed_clocks(t, now))
    assert out.note == FIELDS["reason"]


def test_r_em_4_the_revised_time_is_later_than_now_said_in_local_words() -> None:
    now = RECEIVED + timedelta(hours=2)
    with pytest.raises(InputError) as bad:
        effects(emergency(), Action.REVISE_EXPECTED, {**FIELDS, "expected_at": now}, now, tz=SH, calendar=CAL)
    assert bad.value.field == "expected_at" and "2026-03-02 12:00" in bad.value.reason


def test_r_em_2_a_clock_recorded_twice_is_refused_in_local_words() -> None:
    t = emergency(on_site_at=datetime(2026, 3, 2, 2, 5, tzinfo=ZoneInfo("UTC")))
    with pytest.raises(RuleError) as again:
        effects(t, Action.ON_SITE, {}, RECEIVED + timedelta(hours=1), tz=SH, calendar=CAL)
    assert "2026-03-02 10:05" in again.value.reason and "T10" not in again.value.reason


# --- R-IN-8a -----------------------------------------------------------------------------------

NIGHT = OnDuty(date(2026, 3, 2), Person(2, "赵强"))
STAND_IN = OnDuty(date(2026, 3, 2), Person(2, "赵强"), Person(7, "孙伟"), "病假")


@given(
    role=st.sampled_from([r.value for r in Role]),
    person=st.integers(min_value=1, max_value=9),
    on_duty=st.sampled_from([None, NIGHT, STAND_IN, OnDuty(date(2026, 3, 2), None)]),
)
def test_r_in_8a_a_supervisor_is_an_assistant_the_director_or_the_officer_on_duty(role, person, on_duty):
    acting = on_duty.acting.id if on_duty is not None and on_duty.acting is not None else None
    expected = role in ("assistant", "director") or (role == "duty_officer" and person == acting)
    assert may_be_called(role, person, on_duty=on_duty) is expected
    if expected:
        check_called("某人", role, person, on_duty=on_duty)
    else:
        with pytest.raises(RuleError) as refused:
            check_called("某人", role, person, on_duty=on_duty)
        assert refused.value.rule == "R-IN-8a" and "某人" in refused.value.reason


def test_r_in_8a_a_stand_in_replaces_the_rostered_officer_and_a_stranger_is_refused() -> None:
    assert may_be_called("duty_officer", 7, on_duty=STAND_IN) and not may_be_called("duty_officer", 2, on_duty=STAND_IN)
    with pytest.raises(RuleError) as refused:
        check_called("张经理", None, None, on_duty=STAND_IN)
    assert "张经理" in refused.value.reason and "孙伟" in refused.value.reason


def test_r_in_8a_escalate_needs_the_owners_agreement_unless_a_supervisor_takes_over() -> None:
    with pytest.raises(InputError) as bad:
        validate_action_fields(Action.ESCALATE, {"called": "李娜"})
    assert bad.value.field == "owner_agreed"
    validate_action_fields(Action.ESCALATE, {"called": "李娜", "owner_agreed": True})
    validate_action_fields(Action.ESCALATE, {"called": "李娜", "taken_over": True})
    agreed = effects(emergency(), Action.ESCALATE, {"called": "李娜", "owner_agreed": True}, RECEIVED, tz=SH,
                     calendar=CAL)
    assert agreed.data == {"called": "李娜", "owner_agreed": True} and agreed.values == {"escalated": True}
    taken = effects(emergency(), Action.ESCALATE, {"called": "李娜", "taken_over": True, "owner_agreed": True},
                    RECEIVED, tz=SH, calendar=CAL)
    assert taken.data == {"called": "李娜", "taken_over": True}  # no agreement claimed on a take-over
