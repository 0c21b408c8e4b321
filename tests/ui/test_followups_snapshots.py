"""Snapshots of the follow-up call queue at 80x24 and 120x40, in English and Chinese: a late call
and a fresh one, with the phone, the complaint, the result and the script of the first.

Fixed clock and data, every worker finished. Look at a changed SVG before ``--snapshot-update``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from desk_data import NOW
from desk_pilot import settle, signed_in_queue, until_screen
from test_flows_support import closed_ticket, ticket_screen_routed  # noqa: F401
from textual.pilot import Pilot

from frontdesk_tui.ui.screens.tickets.followups import FollowUpsScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
LANGS = [pytest.param("en", id="en"), pytest.param("zh-CN", id="zh")]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_follow_up_queue_oldest_first_with_phone_and_script(snap_compare, make_desk_app, desk_db, lang, size):
    closed_ticket(desk_db, "5-1-1801", "阳台下水道堵塞", now=NOW - timedelta(days=8))
    closed_ticket(desk_db, "1-1-502", "厨房水管接头漏水 [bold]急[/", now=NOW - timedelta(hours=2))

    async def run_before(pilot: Pilot) -> None:
        await signed_in_queue(pilot)
        await pilot.press("f4")
        await until_screen(pilot, FollowUpsScreen)
        await settle(pilot)

    assert snap_compare(make_desk_app(lang), terminal_size=size, run_before=run_before)
