"""Snapshots of the ticket screen at 80x24 and 120x40, in English and Chinese: a ticket worked to
closed by three operators, with its clocks, next actions and timeline.

Fixed clock and data, every worker finished. Look at a changed SVG before ``--snapshot-update``."""

from __future__ import annotations

import pytest
from desk_pilot import settle, signed_in_queue, until_screen
from test_flows_support import closed_ticket, ticket_screen_routed  # noqa: F401
from textual.pilot import Pilot

from frontdesk_tui.ui.messages import TicketSelected
from frontdesk_tui.ui.screens.tickets.detail import TicketDetailScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
LANGS = [pytest.param("en", id="en"), pytest.param("zh-CN", id="zh")]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_ticket_screen_shows_fields_clocks_next_actions_and_timeline(
    snap_compare, make_desk_app, desk_db, lang, size
):
    ticket_id = closed_ticket(desk_db)

    async def run_before(pilot: Pilot) -> None:
        await signed_in_queue(pilot)
        pilot.app.post_message(TicketSelected(ticket_id))
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)

    assert snap_compare(make_desk_app(lang), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_ticket_screen_emergency_countdowns(snap_compare, make_desk_app, lang):
    async def run_before(pilot: Pilot) -> None:
        await signed_in_queue(pilot)
        await pilot.press("enter")  # the emergency, first in the queue
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)

    assert snap_compare(make_desk_app(lang), terminal_size=(80, 24), run_before=run_before)
