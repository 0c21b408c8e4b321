"""The lifecycle table of docs/DOMAIN.md, row by row (R-LC-1…6, R-SV-4, R-DL-7, R-EM-3, R-IN-6)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Action, Role, Severity, Status
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.domain.tickets.lifecycle import (
    LIFECYCLE,
    TicketState,
    allowed_actions,
    check_action,
    required_fields,
    validate_action_fields,
)

DEPT = "engineering"

# The actors of the table, with whether it is off duty hours for them.
ACTORS: dict[str, tuple[Actor, bool]] = {
    "receptionist": (Actor(1, "接待员", Role.RECEPTIONIST), False),
    "duty_officer": (Actor(2, "值班员", Role.DUTY_OFFICER), False),
    "duty_officer_off": (Actor(2, "值班员", Role.DUTY_OFFICER), True),
    "staff": (Actor(3, "工程部员工", Role.STAFF, DEPT), False),
    "staff_other": (Actor(4, "保洁员", Role.STAFF, "sanitation"), False),
    "assistant": (Actor(5, "主任助理", Role.ASSISTANT), False),
    "director": (Actor(6, "主任", Role.DIRECTOR), False),
}

# The "who" column of docs/DOMAIN.md, spelled out for the actors above (written independently of the code).
DESK = {"receptionist", "duty_officer", "duty_officer_off", "assistant", "director"}
STAFF = {"staff", "assistant", "director"}
ASSISTANT = {"assistant", "director"}
ANYONE = set(ACTORS)
OFF_HOURS = {"duty_officer_off"}

OPEN = "received assessed assigned investigating planned in_progress result_reported"
A_TO_R = "assigned investigating planned in_progress result_reported"
A_TO_P = "assigned investigating planned in_progress"
ALL = OPEN + " closed answered withdrawn invalid"

# (from, action, to or None for unchanged, who)  — docs/DOMAIN.md's lifecycle table.
TABLE: list[tuple[str, str, str | None, set[str]]] = [
    ("received", "answer", "answered", DESK),
    ("received", "assess", "assessed", DESK),
    ("assessed", "assign", "assigned", ASSISTANT | OFF_HOURS),
    ("assigned", "investigate", "investigating", STAFF),
    ("investigating", "plan", "planned", STAFF),
    ("planned", "start", "in_progress", STAFF),
    ("in_progress", "report", "result_reported", STAFF | DESK),
    ("result_reported", "confirm", "closed", DESK),
    ("result_reported", "reopen", "planned", DESK),
    ("result_reported", "close-unreachable", "closed", ASSISTANT),
    ("closed", "follow-up", None, DESK),
    ("closed", "reopen", "planned", ASSISTANT),
    (OPEN, "withdraw", "withdrawn", DESK),
    (OPEN, "invalidate", "invalid", ASSISTANT),
    (OPEN, "escalate", None, ANYONE),
    (OPEN, "contact", None, ANYONE),
    (OPEN, "note", None, ANYONE),
    (A_TO_R, "reassign", None, ASSISTANT | OFF_HOURS),
    (A_TO_P, "extend", None, ASSISTANT),
    (A_TO_P, "pause", None, STAFF | ASSISTANT),
    (A_TO_P, "resume", None, STAFF | ASSISTANT),
    (A_TO_P, "on-site", None, DESK | STAFF),
    (A_TO_P, "under-control", None, DESK | STAFF),
    (OPEN, "revise-expected", None, DESK | STAFF),  # R-EM-4
    ("in_progress result_reported closed", "summary", None, ASSISTANT),
    (ALL, "correct", None, ASSISTANT),  # someone else's event; one's own: test below
]

EMERGENCY_ONLY = {"on-site", "under-control", "revise-expected"}
MAJOR_DIRECTOR = {"assign", "reassign", "extend", "invalidate", "close-unreachable"}  # R-SV-4

CASES = [
    pytest.param(
        Status(source), Action(action), Status(to) if to else Status(source), who, id=f"{source}-{action}"
    )
    for sources, action, to, who in TABLE
    for source in sources.split()
]
IN_TABLE = {(case.values[0], case.values[1]) for case in CASES}


def state_for(status: Status, action: Action, **changes: object) -> TicketState:
    """A ticket on which the row's preconditions hold, so only the role decides."""
    state = TicketState(
        status=status,
        severity=Severity.IMPORTANT,
        emergency=action in EMERGENCY_ONLY,
        department=DEPT,
        has_summary=True,
        paused=action == Action.RESUME,
        follow_up_dissatisfied=True,
        contact_attempts=2,
        contact_span_working_days=3,
    )
    return dataclasses.replace(state, **changes)


def test_r_lc_1_table_has_one_row_per_status_and_action() -> None:
    pairs = [(s, row.action) for row in LIFECYCLE for s in row.sources]
    assert len(pairs) == len(set(pairs))
    assert set(pairs) == IN_TABLE


@pytest.mark.parametrize(("status", "action", "target", "who"), CASES)
@pytest.mark.parametrize("name", list(ACTORS))
def test_r_lc_1_r_ro_1_every_row_allows_exactly_its_roles(
    status: Status, action: Action, target: Status, who: set[str], name: str
) -> None:
    actor, off_duty = ACTORS[name]
    state = state_for(status, action)
    if name in who:
        assert check_action(actor, state, action, off_duty=off_duty, event_author_id=999) == target
        assert action in allowed_actions(actor, state, off_duty=off_duty, event_author_id=999)
    else:
        with pytest.raises(RuleError) as refused:
            check_action(actor, state, action, off_duty=off_duty, event_author_id=999)
        assert refused.value.rule == ("R-LC-3" if action == Action.CORRECT else "R-RO-1")
        assert action not in allowed_actions(actor, state, off_duty=off_duty, event_author_id=999)


@pytest.mark.parametrize(
    ("status", "action"), [(s, a) for s in Status for a in Action if (s, a) not in IN_TABLE]
)
def test_r_lc_1_actions_outside_the_table_are_refused_for_everyone(status: Status, action: Action) -> None:
    for actor, off_duty in ACTORS.values():
        with pytest.raises(RuleError) as refused:
            check_action(actor, state_for(status, action), action, off_duty=off_duty)
        # R-EM-4 names itself: a revised expected time is for an open emergency only.
        assert refused.value.rule == ("R-EM-4" if action == Action.REVISE_EXPECTED else "R-LC-1")


@pytest.mark.parametrize(
    ("status", "action", "target", "who"), [c for c in CASES if c.values[1] in MAJOR_DIRECTOR]
)
def test_r_sv_4_major_assign_needs_director(
    status: Status, action: Action, target: Status, who: set[str]
) -> None:
    state = state_for(status, action, severity=Severity.MAJOR)
    for name, (actor, off_duty) in ACTORS.items():
        if name == "director":
            assert check_action(actor, state, action, off_duty=off_duty) == target
        else:
            with pytest.raises(RuleError) as refused:
                check_action(actor, state, action, off_duty=off_duty)
            assert refused.value.rule == "R-RO-1"
            assert "director" in refused.value.reason


def test_r_lc_1_refusal_names_the_role_and_what_the_operator_may_do() -> None:
    actor, _off = ACTORS["receptionist"]
    state = TicketState(status=Status.ASSESSED, department=DEPT)
    with pytest.raises(RuleError) as refused:
        check_action(actor, state, "assign", off_duty=False)
    message = refused.value.reason
    assert refused.value.rule == "R-RO-1"
    assert "assistant" in message and "director" in message
    assert "You may:" in message and "withdraw" in message and "note" in message
    assert "assign" not in message.split("You may:")[1]


def test_r_lc_1_refusal_from_wrong_status_lists_allowed_actions() -> None:
    actor, _off = ACTORS["receptionist"]
    with pytest.raises(RuleError) as refused:
        check_action(actor, TicketState(status=Status.RECEIVED), "confirm", off_duty=False)
    assert refused.value.rule == "R-LC-1"
    assert "answer" in refused.value.reason and "assess" in refused.value.reason


def test_r_ro_1_duty_officer_assigns_off_hours_only() -> None:
    actor = ACTORS["duty_officer"][0]
    state = TicketState(status=Status.ASSESSED, severity=Severity.MINOR)
    assert check_action(actor, state, Action.ASSIGN, off_duty=True) == Status.ASSIGNED
    with pytest.raises(RuleError) as refused:
        check_action(actor, state, Action.ASSIGN, off_duty=False)
    assert "off duty hours" in refused.value.reason


def test_r_ro_1_staff_of_another_department_cannot_work_the_ticket() -> None:
    state = TicketState(status=Status.ASSIGNED, department=DEPT)
    assert check_action(ACTORS["staff"][0], state, "investigate", off_duty=False) == Status.INVESTIGATING
    with pytest.raises(RuleError) as refused:
        check_action(ACTORS["staff_other"][0], state, "investigate", off_duty=False)
    assert "工程维修部" in refused.value.reason


def test_r_ro_1_staff_cannot_work_a_ticket_without_department() -> None:
    staff = ACTORS["staff"][0]
    assert Action.INVESTIGATE not in allowed_actions(
        staff, TicketState(status=Status.ASSIGNED), off_duty=False
    )


def test_r_in_6_desk_answers_a_received_ticket() -> None:
    actor = ACTORS["receptionist"][0]
    assert (
        check_action(actor, TicketState(status=Status.RECEIVED), "answer", off_duty=False) == Status.ANSWERED
    )


@pytest.mark.parametrize("end", [Status.ANSWERED, Status.WITHDRAWN, Status.INVALID])
def test_r_lc_2_ended_tickets_only_take_corrections(end: Status) -> None:
    director = ACTORS["director"][0]
    assert allowed_actions(director, TicketState(status=end), off_duty=True) == [Action.CORRECT]


@pytest.mark.parametrize("name", list(ACTORS))
def test_r_lc_3_everyone_may_correct_their_own_event(name: str) -> None:
    actor, off_duty = ACTORS[name]
    state = TicketState(status=Status.CLOSED)
    assert check_action(actor, state, "correct", off_duty=off_duty, event_author_id=actor.id) == Status.CLOSED


def test_r_lc_3_correcting_someone_elses_event_is_refused() -> None:
    actor = ACTORS["receptionist"][0]
    with pytest.raises(RuleError) as refused:
        check_action(actor, TicketState(status=Status.PLANNED), "correct", off_duty=False, event_author_id=77)
    assert refused.value.rule == "R-LC-3"


@pytest.mark.parametrize("action", [Action.CONFIRM, Action.CLOSE_UNREACHABLE])
def test_r_lc_6_major_ticket_needs_summary_before_closing(action: Action) -> None:
    director = ACTORS["director"][0]
    state = state_for(Status.RESULT_REPORTED, action, severity=Severity.MAJOR, has_summary=False)
    with pytest.raises(RuleError) as refused:
        check_action(director, state, action, off_duty=False)
    assert refused.value.rule == "R-LC-6"
    assert check_action(director, dataclasses.replace(state, has_summary=True), action, off_duty=False) == (
        Status.CLOSED
    )


def test_r_lc_6_major_summary_is_a_setting() -> None:
    desk = ACTORS["receptionist"][0]
    state = TicketState(status=Status.RESULT_REPORTED, severity=Severity.MAJOR, major_needs_summary=False)
    assert check_action(desk, state, "confirm", off_duty=False) == Status.CLOSED


def test_r_em_3_emergency_needs_summary_before_confirm() -> None:
    desk = ACTORS["receptionist"][0]
    state = TicketState(status=Status.RESULT_REPORTED, severity=Severity.MINOR, emergency=True)
    with pytest.raises(RuleError) as refused:
        check_action(desk, state, "confirm", off_duty=False)
    assert refused.value.rule == "R-EM-3"
    assert Action.CONFIRM not in allowed_actions(desk, state, off_duty=False)


def test_r_lc_1_minor_ticket_closes_without_summary() -> None:
    desk = ACTORS["receptionist"][0]
    state = TicketState(status=Status.RESULT_REPORTED, severity=Severity.MINOR)
    assert check_action(desk, state, "confirm", off_duty=False) == Status.CLOSED


def test_r_dl_7_emergencies_never_pause() -> None:
    staff = ACTORS["staff"][0]
    state = TicketState(status=Status.IN_PROGRESS, emergency=True, department=DEPT)
    with pytest.raises(RuleError) as refused:
        check_action(staff, state, "pause", off_duty=False)
    assert refused.value.rule == "R-DL-7"


def test_r_dl_7_pause_and_resume_alternate() -> None:
    staff = ACTORS["staff"][0]
    running = TicketState(status=Status.PLANNED, department=DEPT)
    paused = dataclasses.replace(running, paused=True)
    assert Action.PAUSE in allowed_actions(staff, running, off_duty=False)
    assert Action.RESUME not in allowed_actions(staff, running, off_duty=False)
    assert Action.RESUME in allowed_actions(staff, paused, off_duty=False)
    with pytest.raises(RuleError, match="R-DL-7"):
        check_action(staff, paused, "pause", off_duty=False)


@pytest.mark.parametrize(
    ("attempts", "span", "ok"), [(2, 3, True), (1, 5, False), (3, 2, False), (2, 4, True)]
)
def test_r_lc_1_close_unreachable_needs_two_attempts_over_three_working_days(
    attempts: int, span: int, ok: bool
) -> None:
    assistant = ACTORS["assistant"][0]
    state = TicketState(
        status=Status.RESULT_REPORTED, contact_attempts=attempts, contact_span_working_days=span
    )
    if ok:
        assert check_action(assistant, state, "close-unreachable", off_duty=False) == Status.CLOSED
    else:
        with pytest.raises(RuleError, match="2 recorded contact attempts over 3 working days"):
            check_action(assistant, state, "close-unreachable", off_duty=False)


def test_r_lc_5_closed_ticket_reopens_only_after_dissatisfied_follow_up() -> None:
    assistant = ACTORS["assistant"][0]
    state = TicketState(status=Status.CLOSED)
    with pytest.raises(RuleError) as refused:
        check_action(assistant, state, "reopen", off_duty=False)
    assert refused.value.rule == "R-LC-5"
    dissatisfied = dataclasses.replace(state, follow_up_dissatisfied=True)
    assert check_action(assistant, dissatisfied, "reopen", off_duty=False) == Status.PLANNED


def test_r_lc_1_unknown_action_word_is_an_input_error() -> None:
    with pytest.raises(InputError) as bad:
        check_action(ACTORS["director"][0], TicketState(status=Status.RECEIVED), "teleport", off_duty=False)
    assert bad.value.field == "action"


@given(
    role=st.sampled_from(list(Role)),
    department=st.sampled_from([DEPT, "sanitation", None]),
    status=st.sampled_from(list(Status)),
    severity=st.sampled_from([None, *Severity]),
    flags=st.tuples(*(st.booleans() for _ in range(5))),
    attempts=st.integers(0, 4),
    span=st.integers(0, 5),
    author=st.sampled_from([None, 1, 2]),
)
def test_r_lc_1_allowed_actions_agree_with_check_action(
    role: Role,
    department: str | None,
    status: Status,
    severity: Severity | None,
    flags: tuple[bool, bool, bool, bool, bool],
    attempts: int,
    span: int,
    author: int | None,
) -> None:
    off_duty, emergency, has_summary, paused, dissatisfied = flags
    actor = Actor(1, "x", role, department)
    state = TicketState(
        status=status,
        severity=severity,
        emergency=emergency,
        department=DEPT,
        has_summary=has_summary,
        paused=paused,
        follow_up_dissatisfied=dissatisfied,
        contact_attempts=attempts,
        contact_span_working_days=span,
    )
    allowed = allowed_actions(actor, state, off_duty=off_duty, event_author_id=author)
    for action in Action:
        try:
            check_action(actor, state, action, off_duty=off_duty, event_author_id=author)
        except RuleError:
            assert action not in allowed
        else:
            assert action in allowed


# --- what each action records ---------------------------------------------------------------------


def test_every_action_names_its_required_fields() -> None:
    for action in Action:
        assert isinstance(required_fields(action), tuple)
    assert required_fields("assess") == ("complexity", "severity", "department")
    assert "reason" in required_fields("reopen")


@pytest.mark.parametrize(
    ("action", "fields", "field"),
    [
        ("answer", {}, "note"),
        ("assess", {"complexity": "simple", "severity": "minor"}, "department"),
        ("assess", {"complexity": "easy", "severity": "minor", "department": "x"}, "complexity"),
        ("reopen", {"reason": "   "}, "reason"),
        ("follow-up", {"satisfaction": "happy"}, "satisfaction"),
        ("extend", {"reason": "parts"}, "owner_told"),
        ("extend", {"reason": "parts", "owner_told": False}, "owner_told"),
        ("report", {"note": "fixed", "how_told": "pigeon"}, "how_told"),
        ("report", {"how_told": "sms"}, "note"),
        ("correct", {"note": "typo", "corrects": "x"}, "corrects"),
        ("note", {"note": "x" * 2001}, "note"),
    ],
)
def test_validate_action_fields_names_the_missing_field(action: str, fields: dict, field: str) -> None:
    with pytest.raises(InputError) as bad:
        validate_action_fields(action, fields)
    assert bad.value.field == field


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("assess", {"complexity": "complex", "severity": "major", "department": "engineering"}),
        ("extend", {"reason": "waiting for parts", "owner_told": True}),
        ("report", {"note": "已修复", "how_told": "phone"}),
        ("follow-up", {"satisfaction": "dissatisfied"}),
        ("correct", {"note": "wrong unit", "corrects": 12}),
        ("start", {}),
    ],
)
def test_validate_action_fields_accepts_complete_records(action: str, fields: dict) -> None:
    validate_action_fields(action, fields)


@pytest.fixture
def chinese():
    from frontdesk_tui.i18n import current_language, set_language

    before = current_language()
    set_language("zh-CN")
    yield
    set_language(before)


def test_r_lc_1_refusal_is_translated(chinese: None) -> None:
    actor = ACTORS["receptionist"][0]
    with pytest.raises(RuleError) as refused:
        check_action(actor, TicketState(status=Status.ASSESSED), "assign", off_duty=False)
    assert "物业部主任" in refused.value.reason and "您可以执行" in refused.value.reason


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("extend", {"reason": "parts"}),
        ("revise-expected", {"reason": "外部支援", "expected_at": "2026-12-07T14:30:00+08:00"}),
    ],
)
def test_owner_told_missing_is_said_in_words_not_by_the_field_name(action: str, fields: dict) -> None:
    """duty12 saw "…需要填写owner_told": the flag's own sentence (R-DL-3, R-EM-4) is what a person reads."""
    with pytest.raises(InputError) as bad:
        validate_action_fields(action, fields)
    assert bad.value.field == "owner_told" and "owner_told" not in bad.value.reason
    assert "tell the owner" in bad.value.reason


def test_r_em_2_extend_is_not_offered_on_an_emergencys_first_deadline() -> None:
    """duty12 saw "x Extend the deadline" offered on an emergency and then always refused: while its
    deadline is the under-control clock it is not a step (revise-expected is); after a reopening it is."""
    from frontdesk_tui.domain.actors import Actor
    from frontdesk_tui.domain.codes import Role
    from frontdesk_tui.domain.tickets.lifecycle import allowed_actions, next_steps

    assistant = Actor(id=2, name="李娜", role=Role.ASSISTANT, department="property")
    first = TicketState(status=Status.IN_PROGRESS, emergency=True, emergency_first_deadline=True)
    assert Action.EXTEND not in allowed_actions(assistant, first, off_duty=False)
    assert "extend" not in next_steps(assistant, first, off_duty=False)
    assert "revise-expected" in next_steps(assistant, first, off_duty=False)
    with pytest.raises(RuleError) as refused:
        check_action(assistant, first, Action.EXTEND, off_duty=False)
    assert refused.value.rule == "R-EM-2"
    reopened = TicketState(status=Status.IN_PROGRESS, emergency=True, emergency_first_deadline=False)
    assert Action.EXTEND in allowed_actions(assistant, reopened, off_duty=False)
