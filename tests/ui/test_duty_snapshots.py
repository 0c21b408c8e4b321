"""Snapshots of the duty-log and handover screens at 80x24, in English and Chinese.

Fixed clock (``test_duty_data.MORNING``), fixed data, no blinking cursor; every worker has finished
before the picture is taken. Look at a changed SVG before ``--snapshot-update`` (STYLE §4).
"""

from __future__ import annotations

import pytest
from desk_pilot import settle, signed_in_queue, still, until_screen
from test_duty_data import build_duty_db, duty_app
from textual.pilot import Pilot

from frontdesk_tui.ui.screens.duty.handover import ITEMS, HandoverScreen
from frontdesk_tui.ui.screens.duty.log import DutyLogScreen

LANGS = [pytest.param("en", id="en"), pytest.param("zh-CN", id="zh")]


@pytest.fixture
def duty_db(tmp_path):
    db = build_duty_db(tmp_path / "duty.sqlite3")
    yield db
    db.dispose()


@pytest.mark.parametrize("lang", LANGS)
def test_duty_log_lists_the_night_with_the_chain_intact(snap_compare, duty_db, lang) -> None:
    async def run_before(pilot: Pilot) -> None:
        await signed_in_queue(pilot, "赵强")
        pilot.app.open_screen("duty-log")
        await until_screen(pilot, DutyLogScreen)
        await settle(pilot)
        still(pilot)

    assert snap_compare(duty_app(duty_db, lang), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_handover_items_blocked_by_an_emergency_not_under_control(snap_compare, duty_db, lang) -> None:
    async def run_before(pilot: Pilot) -> None:
        await signed_in_queue(pilot, "赵强")
        pilot.app.open_screen("handover")
        await until_screen(pilot, HandoverScreen)
        await settle(pilot)
        screen = pilot.app.screen
        await pilot.press("ctrl+n")
        await settle(pilot)
        for count in screen.view.state.counts:
            await pilot.press(*str(count.expected), "enter")
            await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("down", "t")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.step == ITEMS
        still(pilot)

    assert snap_compare(duty_app(duty_db, lang), terminal_size=(80, 24), run_before=run_before)
