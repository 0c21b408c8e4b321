"""The lifecycle effects as a pure function (domain/tickets/effects.py): R-DL-7, R-DL-3, R-EM-2, R-LC-5."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.codes import Action
from frontdesk_tui.domain.errors import RuleError
from frontdesk_tui.domain.tickets.effects import Handler, TicketNow, effects

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()
RECEIVED = datetime(2026, 3, 2, 10, 0, tzinfo=SH)  # a Monday


def ticket(**kw) -> TicketNow:
    base = dict(
        id=7,
        department="engineering",
        complexity="complex",
        emergency=False,
        received_at=RECEIVED,
        deadline_started_at=RECEIVED,
        due_at=datetime(2026, 3, 6, 23, 59, 59, tzinfo=SH),
        working_days=4,
    )
    base.update(kw)
    return TicketNow(**base)


def run(t: TicketNow, action: Action, fields: dict, now: datetime, **kw):
    return effects(t, action, fields, now, tz=SH, calendar=CAL, **kw)


def test_r_dl_7_reopen_starts_a_fresh_deadline_from_now_and_clears_the_closing() -> None:
    now = datetime(2026, 3, 10, 9, 0, tzinfo=SH)  # Tuesday
    out = run(ticket(), Action.REOPEN, {"reason": "leaks again"}, now)
    assert out.values["deadline_started_at"] == now
    assert out.values["due_at"] == datetime(2026, 3, 16, 23, 59, 59, tzinfo=SH)  # 4 working days on
    assert out.values["working_days"] == 4
    assert out.values["closed_at"] is None and out.values["paused_at"] is None
    assert out.note == "leaks again"


def test_r_em_2_an_emergencys_first_deadline_is_not_extended() -> None:
    with pytest.raises(RuleError) as err:
        run(ticket(emergency=True), Action.EXTEND, {"working_days": 10, "reason": "r"}, RECEIVED)
    assert err.value.rule == "R-EM-2"


def test_r_lc_5_a_dissatisfied_follow_up_flags_and_asks_for_a_notice() -> None:
    out = run(ticket(), Action.FOLLOW_UP, {"satisfaction": "dissatisfied"}, RECEIVED)
    assert out.values == {"follow_up_done": True, "follow_up_flagged": True}
    assert [n.kind for n in out.notices] == ["follow_up_dissatisfied"]
    assert run(ticket(), Action.FOLLOW_UP, {"satisfaction": "satisfied"}, RECEIVED).notices == []


def test_assign_records_the_handler_the_service_found_and_moving_department_clears_it() -> None:
    out = run(
        ticket(),
        Action.ASSIGN,
        {"department": "engineering", "handler": "x"},
        RECEIVED,
        handler=Handler(3, "王磊"),
    )
    assert out.values["handler_id"] == 3 and out.data["handler"] == "王磊"
    moved = run(ticket(), Action.REASSIGN, {"department": "cleaning"}, RECEIVED)
    assert moved.values["handler_id"] is None and "due_at" not in moved.values


def test_reassign_needs_another_department_or_another_handler() -> None:
    """DOMAIN.md's lifecycle table: ``reassign`` takes a new department/handler; one that changes
    nothing (seen over SSH: the same department with its handler "Unchanged") is bad input."""
    from frontdesk_tui.domain.errors import InputError

    held = ticket(handler_id=3)
    for handler in (None, Handler(3, "王磊")):
        with pytest.raises(InputError) as err:
            run(held, Action.REASSIGN, {"department": "engineering", "reason": "r"}, RECEIVED, handler=handler)
        assert err.value.field == "department"
    other = run(held, Action.REASSIGN, {"department": "engineering", "reason": "r"}, RECEIVED, handler=Handler(4, "李师傅"))
    assert other.values["handler_id"] == 4
    assert run(held, Action.REASSIGN, {"department": "sanitation", "reason": "r"}, RECEIVED).values["handler_id"] is None
