"""Snapshots of the supervision board (督办, F6) and the inbox (F10) at 80x24, in English and
Chinese: two overdue tickets (one escalated by the scan), the counts per kind on top; the inbox with
what the scan sent the assistant, one item read.

Fixed clock and data, every worker finished. Look at a changed SVG before ``--snapshot-update``."""

from __future__ import annotations

import pytest
from desk_data import NOW, add_tickets, operator_id
from desk_pilot import settle, signed_in_queue, until_screen
from test_flows_support import site_of
from test_supervision_screens import LATE
from textual.pilot import Pilot

from frontdesk_tui.services.site import inbox
from frontdesk_tui.services.site.operators import actor_by_id
from frontdesk_tui.services.tickets.escalation import run_escalation_scan
from frontdesk_tui.ui.screens.supervision.board import SupervisionBoardScreen
from frontdesk_tui.ui.screens.supervision.inbox import InboxScreen

LANGS = [pytest.param("en", id="en"), pytest.param("zh-CN", id="zh")]


def _scanned(db) -> None:
    add_tickets(db, [LATE])
    run_escalation_scan(site_of(db), now=NOW)
    me = actor_by_id(db, operator_id(db, "李娜"))
    oldest = inbox.list_inbox(db, me)[-1]
    inbox.mark_read(db, me, [oldest.id], now=NOW)


@pytest.mark.parametrize("lang", LANGS)
def test_r_kp_2_board_counts_per_kind_and_overdue_oldest_first(snap_compare, make_desk_app, desk_db, lang):
    _scanned(desk_db)

    async def run_before(pilot: Pilot) -> None:
        await signed_in_queue(pilot, "李娜")
        await pilot.press("f6")
        await until_screen(pilot, SupervisionBoardScreen)
        await settle(pilot)

    assert snap_compare(make_desk_app(lang), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_inbox_unread_first_with_the_read_ones_shown(snap_compare, make_desk_app, desk_db, lang):
    _scanned(desk_db)

    async def run_before(pilot: Pilot) -> None:
        await signed_in_queue(pilot, "李娜")
        await pilot.press("f10")
        await until_screen(pilot, InboxScreen)
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(make_desk_app(lang), terminal_size=(80, 24), run_before=run_before)
