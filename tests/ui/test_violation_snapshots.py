"""Snapshots of the violation register, a violation's detail and the director's sign-off queue at
80x24, in English and Chinese, with the fixed data of ``violation_desk`` and the fixed clock.

Every worker has finished before the picture is taken; no cursor blinks. Look at a changed SVG
before ``--snapshot-update`` (STYLE §4).
"""

from __future__ import annotations

import pytest
from desk_data import NOW, desk_settings
from desk_pilot import settle, signed_in_queue, still, until_screen
from textual.pilot import Pilot
from violation_desk import ASSISTANT, DIRECTOR, build_violation_db

from frontdesk_tui.i18n import set_language
from frontdesk_tui.ui.app import make_app
from frontdesk_tui.ui.screens.violations.detail import ViolationDetailScreen
from frontdesk_tui.ui.screens.violations.register import ViolationRegisterScreen
from frontdesk_tui.ui.screens.violations.signoff import ViolationSignoffScreen

LANGS = [pytest.param("en", id="en"), pytest.param("zh-CN", id="zh")]
SIZE = (80, 24)


@pytest.fixture
def snapshot_app(tmp_path):
    db, ids = build_violation_db(tmp_path / "violations.sqlite3")

    def make(lang: str):
        set_language(lang)
        app = make_app(desk_settings(db), db, clock=lambda: NOW, poll_interval=3600)
        app.monotonic = lambda: 1000.0  # type: ignore[method-assign]
        return app

    yield make, ids
    db.dispose()


async def _register(pilot: Pilot, name: str) -> ViolationRegisterScreen:
    await signed_in_queue(pilot, name)
    await pilot.press("f7")
    await until_screen(pilot, ViolationRegisterScreen)
    await settle(pilot)
    return pilot.app.screen  # type: ignore[return-value]


@pytest.mark.parametrize("lang", LANGS)
def test_register_newest_first_with_marks_and_literal_owner_text(snap_compare, snapshot_app, lang) -> None:
    make, _ids = snapshot_app

    async def run_before(pilot: Pilot) -> None:
        await _register(pilot, ASSISTANT)
        still(pilot)

    assert snap_compare(make(lang), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_detail_shows_next_steps_measures_and_refusals_for_the_director(snap_compare, snapshot_app, lang) -> None:
    make, ids = snapshot_app

    async def run_before(pilot: Pilot) -> None:
        register = await _register(pilot, DIRECTOR)
        register.table.move_cursor(row=[r.id for r in register.page.rows].index(ids["rect_pending"]))
        await pilot.press("enter")
        await until_screen(pilot, ViolationDetailScreen)
        await settle(pilot)
        still(pilot)

    assert snap_compare(make(lang), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_signoff_queue_oldest_first_for_the_director(snap_compare, snapshot_app, lang) -> None:
    make, _ids = snapshot_app

    async def run_before(pilot: Pilot) -> None:
        await signed_in_queue(pilot, DIRECTOR)
        await pilot.press("f8")
        await until_screen(pilot, ViolationSignoffScreen)
        await settle(pilot)
        still(pilot)

    assert snap_compare(make(lang), terminal_size=SIZE, run_before=run_before)
