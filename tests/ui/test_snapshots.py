"""Snapshots of the sign-in and queue screens at 80x24 and 120x40, in English and Chinese.

Fixed clock (``desk_data.NOW``), fixed data, no blinking cursor; every worker has finished before
the picture is taken. Look at a changed SVG before ``--snapshot-update`` (STYLE §4).
"""

from __future__ import annotations

import pytest
from desk_pilot import settle, signed_in_queue, still, until_screen
from textual.pilot import Pilot

from frontdesk_tui.ui.screens.signin import SignInScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
LANGS = [pytest.param("en", id="en"), pytest.param("zh-CN", id="zh")]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_sign_in_screen_lists_active_operators(snap_compare, make_desk_app, lang, size) -> None:
    async def run_before(pilot: Pilot) -> None:
        await until_screen(pilot, SignInScreen)
        await settle(pilot)
        still(pilot)

    assert snap_compare(make_desk_app(lang), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_lock_screen_hides_the_queue(snap_compare, make_desk_app, lang, size) -> None:
    async def run_before(pilot: Pilot) -> None:
        await signed_in_queue(pilot)
        await pilot.press("ctrl+l")
        await until_screen(pilot, SignInScreen)
        await settle(pilot)
        still(pilot)

    assert snap_compare(make_desk_app(lang), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_queue_emergency_first_with_warning_and_overdue(snap_compare, make_desk_app, lang, size) -> None:
    async def run_before(pilot: Pilot) -> None:
        await signed_in_queue(pilot)
        still(pilot)

    assert snap_compare(make_desk_app(lang), terminal_size=size, run_before=run_before)
