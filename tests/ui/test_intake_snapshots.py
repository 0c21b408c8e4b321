"""Snapshots of the intake form at 80x24 and 120x40, in English and Chinese: a half-filled form
with the owner's earlier tickets beside it, field errors and recommendations, owner text literal.

Fixed clock and data, no blinking cursor, every worker finished. Look at a changed SVG before
``--snapshot-update`` (STYLE §4)."""

from __future__ import annotations

import pytest
from desk_pilot import settle, signed_in_queue
from test_flows_support import no_blink, open_intake, ticket_screen_routed  # noqa: F401
from textual.pilot import Pilot

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
LANGS = [pytest.param("en", id="en"), pytest.param("zh-CN", id="zh")]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_intake_shows_errors_by_their_field_and_the_units_open_ticket(snap_compare, make_desk_app, lang, size):
    async def run_before(pilot: Pilot) -> None:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        await pilot.press("tab", "tab", "enter", "down", "enter", "tab", *"3-2-1201")
        screen.lookup_now()
        await settle(pilot)
        screen.field("owner_name").value = "[b]王芳[/b] \x1b[31m"
        await pilot.press("ctrl+s")
        await settle(pilot)
        no_blink(pilot)

    assert snap_compare(make_desk_app(lang), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_intake_emergency_path_asks_only_what_the_team_needs(snap_compare, make_desk_app, lang):
    async def run_before(pilot: Pilot) -> None:
        await signed_in_queue(pilot)
        await open_intake(pilot)
        await pilot.press("f9")
        await settle(pilot)
        no_blink(pilot)

    assert snap_compare(make_desk_app(lang), terminal_size=(80, 24), run_before=run_before)
