"""What the ticket screen draws from a TicketView: corrections linked both ways (R-LC-3),
automatic escalations named by their rule (R-RO-2), clocks that read without colour (R-DL-3a,
R-EM-2), owner text literal."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from desk_data import NOW
from rich.style import Style
from test_flows_support import plain

from frontdesk_tui.i18n import set_language
from frontdesk_tui.services.tickets.queries import EventView, TicketView
from frontdesk_tui.ui.widgets import ticket_panels
from frontdesk_tui.ui.widgets.queue_cells import Palette


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")  # the messages below are the English ones, whatever a test before chose


TZ = NOW.tzinfo
PALETTE = Palette(warning=Style(bold=True), error=Style(reverse=True), alarm=Style(bold=True), muted=Style(dim=True))


def event(i: int, kind: str, *, operator: str = "陈晓燕", note: str = "", data=None, corrects=None, rule=""):
    return EventView(id=i, kind=kind, at=NOW + timedelta(minutes=i), operator_id=1 if operator else None,
                     operator=operator, rule=rule, note=note, data=data or {}, corrects=corrects)


def view(**changes) -> TicketView:
    base = dict(
        id=7, version=3, status="assigned", category="engineering", severity="minor", complexity="simple",
        emergency=False, channel="phone", unit="3-2-1201", unit_id=1, public_area_id=None, owner_name="王芳",
        phone="13812345678", phone_masked=False, contact="", received_at=NOW, happened_at=None, place="",
        against="", description="漏水 [bold]急[/ [link=x]点[/link]", request="", equipment="", symptom="",
        staff="", read_back_confirmed=True, department="engineering", department_name="工程维修部",
        handler_id=None, handler="", due_at=NOW + timedelta(hours=2), deadline_started_at=NOW, working_days=None,
        on_site_due=None, under_control_due=None, on_site_at=None, under_control_at=None, paused_at=None,
        reported_at=None, closed_at=None, last_update_at=None, follow_up_due_at=None, follow_up_done=False,
        follow_up_flagged=False, has_summary=False, escalated=False, recurrence_of=None, created_by="陈晓燕",
        updated_at=NOW, updated_by="陈晓燕", overdue=False, events=(), allowed_actions=("note",),
    )
    base.update(changes)
    return TicketView(**base)


def test_r_lc_3_a_correction_and_what_it_corrects_point_at_each_other() -> None:
    events = (
        event(1, "received", data={"read_back_confirmed": True, "channel": "phone", "owner_name": "王芳"}),
        event(2, "contact", note="明天上午来修"),
        event(3, "correct", note="是明天下午", corrects=2),
        event(4, "escalation", operator="", rule="R-DL-6", note="80% of the time allowed"),
    )
    text = plain(ticket_panels.timeline(view(events=events), TZ))
    assert "corrects #2" in text and "corrected by #3" in text
    assert "明天上午来修" in text and "是明天下午" in text
    assert "R-DL-6" in text  # an automatic escalation names its rule instead of a person
    assert "read back and confirmed" in text and "王芳" not in text  # the record's fields are not repeated


def test_r_dl_3a_overdue_reads_without_colour_and_the_emergency_clocks_count_down() -> None:
    late = plain(ticket_panels.clocks(view(due_at=NOW - timedelta(hours=1)), NOW, TZ, PALETTE))
    assert "overdue by 1h 0m" in late and "-overdue" not in late  # the words, no double negative
    emergency = view(emergency=True, on_site_due=NOW + timedelta(minutes=7), under_control_due=NOW + timedelta(hours=1),
                     due_at=NOW + timedelta(hours=1))
    text = plain(ticket_panels.clocks(emergency, NOW, TZ, PALETTE))
    assert "On site by" in text and "7m left" in text and "Under control by" in text
    arrived = plain(ticket_panels.clocks(replace(emergency, on_site_at=NOW), NOW, TZ, PALETTE))
    assert "on site at" in arrived and "on time" in arrived


def test_r_ro_2_an_automatic_last_change_is_named_by_its_rule() -> None:
    text = plain(ticket_panels.fields(view(updated_by=None, updated_by_rule="R-SV-5"), TZ))
    assert "automatic (R-SV-5)" in text
    assert "automatic" not in plain(ticket_panels.fields(view(), TZ))


def test_owner_text_is_literal_in_the_fields() -> None:
    text = plain(ticket_panels.fields(view(), TZ))
    assert "漏水 [bold]急[/ [link=x]点[/link]" in text


def test_next_actions_say_when_there_is_nothing_to_do() -> None:
    assert "no action" in plain(ticket_panels.next_actions(view(allowed_actions=())))
    assert "Internal note" in plain(ticket_panels.next_actions(view()))


def test_an_emergency_clock_just_past_due_shows_the_time_late_not_minus_zero() -> None:
    from frontdesk_tui.ui.widgets import ticket_text as tt
    from frontdesk_tui.ui.widgets.queue_cells import duration

    due = NOW
    for late, shown in ((timedelta(seconds=1), "1m"), (timedelta(seconds=59), "1m"), (timedelta(seconds=61), "2m"),
                        (timedelta(minutes=12), "12m")):
        text = tt.countdown(due, due + late, PALETTE).plain
        assert text == f"overdue by {shown}", text
        assert "0m" not in text.replace("10m", "")
    assert duration(timedelta(seconds=-30), late=True) == "1m"
    assert tt.countdown(due, due - timedelta(seconds=30), PALETTE).plain == "0m left"  # not late yet
