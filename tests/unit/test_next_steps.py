"""The next-step list of the ticket screen (issue 13, fewer keys): what usually comes next first,
an emergency's clocks before everything, steps already done not offered (R-EM-2), one key per step,
and the combined report-and-close only where the lifecycle allows both steps (R-LC-1, R-EM-3, R-LC-6)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.codes import Action, Role, Severity, Status
from frontdesk_tui.domain.errors import RuleError
from frontdesk_tui.domain.tickets import effects
from frontdesk_tui.domain.tickets.lifecycle import (
    REPORT_AND_CONFIRM,
    STEP_KEYS,
    TicketState,
    allowed_actions,
    check_action,
    next_steps,
)

DEPT = "engineering"
ACTORS = [
    (Actor(1, "接待员", Role.RECEPTIONIST), False),
    (Actor(2, "值班员", Role.DUTY_OFFICER), True),
    (Actor(3, "工程部员工", Role.STAFF, DEPT), False),
    (Actor(5, "主任助理", Role.ASSISTANT), False),
    (Actor(6, "主任", Role.DIRECTOR), False),
]
DESK = ACTORS[0][0]
STAFF = ACTORS[2][0]

states = st.builds(
    TicketState,
    status=st.sampled_from(list(Status)),
    severity=st.sampled_from([None, *Severity]),
    emergency=st.booleans(),
    department=st.just(DEPT),
    has_summary=st.booleans(),
    paused=st.booleans(),
    follow_up_dissatisfied=st.booleans(),
    on_site_recorded=st.booleans(),
    under_control_recorded=st.booleans(),
)
actors = st.sampled_from(ACTORS)


@given(states, actors)
def test_next_steps_are_the_allowed_actions_reordered_each_with_its_own_key(state, who) -> None:
    actor, off = who
    steps = next_steps(actor, state, off_duty=off)
    allowed = {a.value for a in allowed_actions(actor, state, off_duty=off)}
    assert set(steps) - {REPORT_AND_CONFIRM} == allowed and len(steps) == len(set(steps))
    keys = [STEP_KEYS[s] for s in steps]
    assert len(keys) == len(set(keys))  # one key opens one step
    ends = [s for s in steps if s in ("withdraw", "invalidate")]
    assert list(steps[len(steps) - len(ends):]) == ends  # the ends come last


@given(states.filter(lambda s: s.emergency and not s.on_site_recorded and not s.under_control_recorded), actors)
def test_r_em_2_on_an_emergency_the_first_step_is_on_site_never_withdraw(state, who) -> None:
    actor, off = who
    steps = next_steps(actor, state, off_duty=off)
    if "on-site" in steps:
        assert steps[0] == "on-site"
    if steps:
        assert steps[0] != "withdraw"


@given(states.filter(lambda s: s.emergency), actors)
def test_r_em_2_a_clock_already_stopped_is_not_offered_and_is_refused_in_words(state, who) -> None:
    actor, off = who
    steps = next_steps(actor, state, off_duty=off)
    if state.on_site_recorded or state.under_control_recorded:
        assert "on-site" not in steps
    if state.under_control_recorded:
        assert "under-control" not in steps


def test_r_em_2_recorded_on_site_is_refused_by_the_lifecycle_with_what_else_is_open() -> None:
    state = TicketState(Status.ASSIGNED, emergency=True, department=DEPT, on_site_recorded=True)
    with pytest.raises(RuleError) as refused:
        check_action(DESK, state, Action.ON_SITE, off_duty=False)
    assert refused.value.rule == "R-EM-2" and "already recorded" in refused.value.message
    assert "under-control" in refused.value.message


def test_r_em_2_the_effects_refusal_names_the_local_time_not_iso() -> None:
    tz = ZoneInfo("Asia/Shanghai")
    at = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    ticket = effects.TicketNow(1, DEPT, None, True, at, at, at, on_site_at=at, under_control_at=at)
    for action in (Action.ON_SITE, Action.UNDER_CONTROL):
        with pytest.raises(RuleError) as refused:
            effects.effects(ticket, action, {}, at, tz=tz, calendar=WorkCalendar())
        assert "at 2026-11-25 10:00." in refused.value.message and "T10" not in refused.value.message


@pytest.mark.parametrize(
    ("status", "actor", "first"),
    [
        (Status.RECEIVED, DESK, "assess"),
        (Status.ASSESSED, ACTORS[3][0], "assign"),
        (Status.ASSIGNED, STAFF, "investigate"),
        (Status.INVESTIGATING, STAFF, "plan"),
        (Status.PLANNED, STAFF, "start"),
        (Status.IN_PROGRESS, STAFF, "report"),
        (Status.IN_PROGRESS, DESK, "report"),
        (Status.RESULT_REPORTED, DESK, "confirm"),
        (Status.CLOSED, DESK, "follow-up"),
    ],
)
def test_the_usual_next_step_comes_first(status, actor, first) -> None:
    state = TicketState(status, department=DEPT)
    assert next_steps(actor, state, off_duty=False)[0] == first


def test_a_paused_ticket_offers_resume_first() -> None:
    state = TicketState(Status.IN_PROGRESS, department=DEPT, paused=True)
    assert next_steps(STAFF, state, off_duty=False)[:2] == ("resume", "report")


def test_report_and_close_is_offered_where_the_desk_may_report_and_then_confirm() -> None:
    plain = TicketState(Status.IN_PROGRESS, department=DEPT, severity=Severity.MINOR)
    assert next_steps(DESK, plain, off_duty=False)[:2] == ("report", REPORT_AND_CONFIRM)
    # staff may report but not confirm: no combined step
    assert REPORT_AND_CONFIRM not in next_steps(STAFF, plain, off_duty=False)
    # an emergency or a major ticket without its summary cannot close (R-EM-3, R-LC-6)
    for state in (TicketState(Status.IN_PROGRESS, emergency=True, department=DEPT, under_control_recorded=True),
                  TicketState(Status.IN_PROGRESS, department=DEPT, severity=Severity.MAJOR)):
        assert "report" in next_steps(DESK, state, off_duty=False)
        assert REPORT_AND_CONFIRM not in next_steps(DESK, state, off_duty=False)
        summarised = TicketState(**{**{f: getattr(state, f) for f in state.__slots__}, "has_summary": True})
        assert REPORT_AND_CONFIRM in next_steps(DESK, summarised, off_duty=False)
