"""R-RO-1 permissions in the domain, R-PD-1/R-PD-3 phone masking."""

from __future__ import annotations

import pytest

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Channel, Role, Severity, Status
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.domain.permissions import PERMISSIONS, mask_phone, may, may_see_phone, phone_for, require
from frontdesk_tui.domain.tickets.lifecycle import TicketState

RECEPTIONIST = Actor(1, "接待员", Role.RECEPTIONIST)
DUTY = Actor(2, "值班员", Role.DUTY_OFFICER)
STAFF = Actor(3, "员工", Role.STAFF, "engineering")
ASSISTANT = Actor(4, "助理", Role.ASSISTANT)
DIRECTOR = Actor(5, "主任", Role.DIRECTOR)
EVERYONE = [RECEPTIONIST, DUTY, STAFF, ASSISTANT, DIRECTOR]


@pytest.mark.parametrize("action", ["operator.add", "operator.disable"])
def test_r_ro_1_only_a_director_adds_and_disables_operators(action: str) -> None:
    for actor in EVERYONE:
        assert may(actor, action, target_id=99) is (actor.role == Role.DIRECTOR)
    with pytest.raises(RuleError) as refused:
        require(ASSISTANT, action, target_id=99)
    assert refused.value.rule == "R-RO-1"
    assert "director" in refused.value.reason


def test_r_ro_1_anyone_changes_their_own_password_only() -> None:
    for actor in EVERYONE:
        assert may(actor, "operator.passwd", target_id=actor.id)
        assert may(actor, "operator.passwd", target_id=99) is (actor.role == Role.DIRECTOR)


def test_r_ro_1_first_operator_needs_no_sign_in_but_must_be_director() -> None:
    assert may(None, "operator.add", empty_database=True, new_role=Role.DIRECTOR)
    assert not may(None, "operator.add", empty_database=True, new_role=Role.RECEPTIONIST)
    assert not may(None, "operator.add", empty_database=False, new_role=Role.DIRECTOR)


def test_r_ro_1_nobody_signed_in_writes_nothing() -> None:
    for action in PERMISSIONS:
        if action == "operator.add":
            continue
        with pytest.raises(RuleError):
            require(None, action, channel=Channel.PHONE)
    with pytest.raises(RuleError, match="Sign in"):
        require(None, "ticket.note", state=TicketState(status=Status.RECEIVED))


@pytest.mark.parametrize("channel", list(Channel))
def test_r_in_1_desk_and_managers_take_complaints_on_every_channel(channel: Channel) -> None:
    for actor in (RECEPTIONIST, DUTY, ASSISTANT, DIRECTOR):
        assert may(actor, "ticket.intake", channel=channel, emergency=False)
        assert may(actor, "ticket.intake", channel=channel, emergency=True)


def test_r_in_1_staff_record_only_their_own_finds_and_no_emergency() -> None:
    assert may(STAFF, "ticket.intake", channel=Channel.STAFF, emergency=False)
    assert not may(STAFF, "ticket.intake", channel=Channel.STAFF, emergency=True)
    assert not may(STAFF, "ticket.intake", channel=Channel.PHONE, emergency=False)
    with pytest.raises(RuleError) as refused:
        require(STAFF, "ticket.intake", channel=Channel.VISIT)
    assert "receptionist" in refused.value.reason


def test_r_ro_1_ticket_actions_delegate_to_the_lifecycle() -> None:
    state = TicketState(status=Status.ASSESSED, severity=Severity.MAJOR)
    assert may(DIRECTOR, "ticket.assign", state=state, off_duty=False)
    assert not may(ASSISTANT, "ticket.assign", state=state, off_duty=False)
    assert may(ASSISTANT, "assign", state=TicketState(status=Status.ASSESSED), off_duty=False)
    with pytest.raises(RuleError) as refused:
        require(RECEPTIONIST, "ticket.assign", state=state, off_duty=False)
    assert refused.value.rule == "R-RO-1"
    assert "director" in refused.value.reason


def test_r_ro_1_ticket_correct_passes_the_author() -> None:
    state = TicketState(status=Status.CLOSED)
    assert may(STAFF, "ticket.correct", state=state, event_author_id=STAFF.id)
    assert not may(STAFF, "ticket.correct", state=state, event_author_id=RECEPTIONIST.id)


def test_r_ro_1_extension_table_roster_and_violations() -> None:
    assert may(ASSISTANT, "roster.set") and not may(RECEPTIONIST, "roster.set")
    assert all(may(actor, "violation.record") for actor in EVERYONE)
    assert may(DIRECTOR, "violation.sign") and not may(ASSISTANT, "violation.sign")


def test_r_ro_1_unknown_action_is_an_input_error() -> None:
    with pytest.raises(InputError):
        require(DIRECTOR, "ticket.teleport")


# --- R-PD-1, R-PD-3 -------------------------------------------------------------------------------


def test_r_pd_3_desk_and_managers_see_whole_phones() -> None:
    assert [may_see_phone(a) for a in EVERYONE] == [True, True, False, True, True]
    assert not may_see_phone(None)
    assert phone_for(None, "13812341234") == "138****1234"
    assert phone_for(RECEPTIONIST, "13812341234") == "13812341234"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812341234", "138****1234"),
        ("+86 138 1234 1234", "138****1234"),
        ("010-12345678", "010-****5678"),
        ("0755-1234567", "0755-***4567"),
        ("021-12345678-123", "021-****5678-***"),
        ("400-123-4567", "400-123-4567"),
        ("", ""),
        ("call me", "***l me"),
        ("12", "**"),
    ],
)
def test_r_pd_1_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_r_pd_1_mask_hides_the_middle_of_every_mobile() -> None:
    for middle in ("0000", "5678", "9999"):
        assert middle not in mask_phone(f"139{middle}4321")


# --- R-PD-1: the assigned handler sees the owner's phone on that ticket (issue 13 point 7) --------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from frontdesk_tui.domain.permissions import handler_sees_owner_phone  # noqa: E402


@given(st.sampled_from(EVERYONE + [None]), st.one_of(st.none(), st.integers(min_value=1, max_value=9)))
def test_r_pd_4_the_handler_sees_the_phone_of_their_own_ticket_only(actor, handler_id) -> None:
    sees = handler_sees_owner_phone(actor, handler_id)
    if may_see_phone(actor):
        assert sees  # R-PD-3: the desk, assistants and directors as before
    else:
        assert sees is (actor is not None and handler_id == actor.id)


def test_r_pd_4_staff_see_the_phone_on_their_ticket_and_masked_elsewhere() -> None:
    assert handler_sees_owner_phone(STAFF, STAFF.id)
    assert not handler_sees_owner_phone(STAFF, STAFF.id + 1)
    assert not handler_sees_owner_phone(STAFF, None)
    assert not handler_sees_owner_phone(None, STAFF.id)
    assert not may_see_phone(STAFF)  # lists keep masking
