"""The duty-log screen with the keyboard only (R-DU-3, R-DU-4), at 80x24."""

from __future__ import annotations

import pytest
from desk_pilot import settle, sign_in_by_keyboard, until_screen
from sqlalchemy import text
from sqlmodel import select
from test_duty_data import build_duty_db, duty_app
from textual.pilot import Pilot
from textual.widgets import Static

from frontdesk_tui.data.tables_duty import DutyLogEntry, DutyLogSignature
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.ui.screens.duty.log import DutyLogScreen
from frontdesk_tui.ui.screens.duty.roster import RosterScreen
from frontdesk_tui.ui.widgets.duty_forms import DutyConfirmModal, DutyEntryModal


@pytest.fixture
def duty_db(tmp_path):
    db = build_duty_db(tmp_path / "duty.sqlite3")
    yield db
    db.dispose()


async def _open_log(pilot: Pilot, name: str) -> DutyLogScreen:
    await sign_in_by_keyboard(pilot, name)
    await pilot.press("f5")
    await until_screen(pilot, DutyLogScreen)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DutyLogScreen)
    return screen


def _status(screen: DutyLogScreen) -> str:
    return str(screen.query_one("#duty-log-status", Static).render())


def _rows(db) -> list[DutyLogEntry]:
    with UnitOfWork(db, write=False) as uow:
        return list(uow.session.exec(select(DutyLogEntry).order_by(DutyLogEntry.id)))


async def test_r_du_4_log_and_correct_an_event_with_the_keyboard(duty_db):
    app = duty_app(duty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_log(pilot, "赵强")
        assert "intact: 4 entries" in _status(screen)
        await pilot.press("a")
        await until_screen(pilot, DutyEntryModal)
        await pilot.press(*"3号楼电梯困人", "enter", *"维保已到场", "tab", "space", "ctrl+s")
        await until_screen(pilot, DutyLogScreen)
        await settle(pilot)
        assert screen.current().id == 5 and screen.current().important
        # Correct it: the form starts with the old text; Ctrl+U clears the field.
        await pilot.press("c")
        await until_screen(pilot, DutyEntryModal)
        await pilot.press("ctrl+u", *"5号楼电梯困人", "ctrl+s")
        await until_screen(pilot, DutyLogScreen)
        await settle(pilot)
        assert "intact: 6 entries" in _status(screen)
    rows = _rows(duty_db)
    assert [(r.id, r.text, r.corrects_id) for r in rows[-2:]] == [(5, "3号楼电梯困人", None), (6, "5号楼电梯困人", 5)]
    assert rows[-2].follow_up == "维保已到场" and rows[-1].important


async def test_r_du_4_the_screen_warns_when_a_row_was_edited_behind_its_back(duty_db):
    with duty_db.write_engine.begin() as conn:
        conn.execute(text("UPDATE duty_log SET follow_up = '已处理' WHERE id = 2"))
    app = duty_app(duty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_log(pilot, "赵强")
        status = _status(screen)
        assert "⚠" in status and "entry 2" in status and "R-DU-4" in status
        assert screen.query_one("#duty-log-status").has_class("broken")


async def test_r_du_4_the_assistant_signs_the_morning_check_and_staff_cannot_write(duty_db):
    app = duty_app(duty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_log(pilot, "李娜")
        await pilot.press("s")
        await until_screen(pilot, DutyConfirmModal)
        await pilot.press("enter")
        await until_screen(pilot, DutyLogScreen)
        await settle(pilot)
    with UnitOfWork(duty_db, write=False) as uow:
        signatures = uow.session.exec(select(DutyLogSignature)).all()
    assert [(s.entry_id, s.kind) for s in signatures] == [(4, "check")]
    staff = duty_app(duty_db)
    async with staff.run_test(size=(80, 24)) as pilot:
        screen = await _open_log(pilot, "周师傅")
        await pilot.press("a", "s")
        await settle(pilot)
        assert pilot.app.screen is screen  # neither form opens: R-RO-1


async def test_r_du_5_an_officer_not_on_the_roster_is_refused_before_typing_an_entry(duty_db):
    """08:20, the night of 11-24 is 赵强's: 孙伟's `a` says so at once instead of opening a form
    whose text the save would then refuse and lose."""
    app = duty_app(duty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_log(pilot, "孙伟")
        await pilot.press("a")
        await settle(pilot)
        await pilot.pause()
        assert pilot.app.screen is screen  # no form
        said = " ".join(str(n.message) for n in pilot.app._notifications)
        assert "R-DU-5" in said and "赵强" in said, said
    assert len(_rows(duty_db)) == 4


async def test_r_du_2_roster_month_view_shows_who_is_on_duty(duty_db):
    app = duty_app(duty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_keyboard(pilot, "赵强")
        app.open_screen("roster")
        await until_screen(pilot, RosterScreen)
        await settle(pilot)
        screen = app.screen
        assert "赵强" in str(screen.query_one("#roster-now", Static).render())
        assert "2026-11" in str(screen.query_one("#roster-title", Static).render())
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "2026-12" in str(screen.query_one("#roster-title", Static).render())
