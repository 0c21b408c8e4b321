"""Keys typed right after a key that opens a screen or moves the focus (F3 from the queue, then the whole intake in one
burst, Tab between fields): they wait for the new screen to mount and focus its first field, then
land field by field (issue 13 walk: seen in tmux, the burst landed one field early — every field held
the next field's text — because an App binding had already pushed the screen when the key gate took
its "screen before" snapshot)."""

from __future__ import annotations

import pytest
from desk_pilot import burst, settle, until_screen
from test_key_bursts import _signed_in

from frontdesk_tui.ui.screens.tickets.intake import IntakeScreen
from frontdesk_tui.ui.screens.tickets.queue import QueueScreen

KEYS = ("tab", "tab", "tab", *"1-1-202", "tab", *"13955556666", "tab", *"王先生", "tab", *"楼上漏水", "tab",
        *"尽快维修", "tab", *"楼上住户")


@pytest.mark.parametrize("again", [False, True])
async def test_f3_and_the_whole_intake_in_one_burst_land_field_by_field(make_desk_app, again: bool) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _signed_in(pilot)
        if again:
            await burst(pilot, "f3")
            await burst(pilot, "escape")
            await until_screen(pilot, QueueScreen)
            await settle(pilot)
        await burst(pilot, "f3", *KEYS)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        got = {n: screen.field(n).value for n in ("unit", "phone", "owner_name", "against")}
        got["description"] = screen.field("description").text
        got["request"] = screen.field("request").text
        assert got == {"unit": "1-1-202", "phone": "13955556666", "owner_name": "王先生", "against": "楼上住户",
                       "description": "楼上漏水", "request": "尽快维修"}


async def test_a_search_typed_right_after_slash_lands_in_the_search_field(make_desk_app) -> None:
    """"/" is the queue screen's binding, run by the App after the key left the screen: the digits
    typed with it waited behind it, not in the list ("/" then "3" lost the 3 in tmux)."""
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _signed_in(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        await burst(pilot, "slash", *"34")
        assert app.focused is screen.search_input and screen.search_input.value == "34"


async def test_a_choice_made_in_a_burst_then_tab_goes_on_to_the_next_field(make_desk_app) -> None:
    """Enter on a drop-down's list answers through a message the drop-down handles later, which puts
    the focus back on it; the Tab and text typed after it wait for that (issue 13 walk: in the assess
    form, Enter Down Enter Tab Enter Down Enter left the severity blank and changed the complexity)."""
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _signed_in(pilot)
        await burst(pilot, "f3", "tab", "tab", "enter", "down", "enter", "tab", *"1-1-502", "tab", *"138")
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        assert screen.field("category").value == "engineering"
        assert screen.field("unit").value == "1-1-502" and screen.field("phone").value == "138"
