"""Keys that arrive in one burst keep their order across a focus change.

Over SSH with a slow link, from a paste or a barcode reader, many keys reach the app at once.
Textual hands each key to the widget focused when the key is dispatched; a focus change made later
by that widget's own handler (Tab, Enter in a form) would leave the keys after it in the old field.
The desk's Tab/Shift+Tab and its forms' Enter are priority bindings that first let the focused field
take the keys before them, then move the focus while the key is handled.
"""

from __future__ import annotations

import pytest
from desk_pilot import burst, settle, until_screen
from sqlmodel import select
from test_duty_data import build_duty_db, duty_app
from test_flows_support import open_intake

from frontdesk_tui.data.tables_duty import DutyLogEntry
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.ui.screens.duty.log import DutyLogScreen
from frontdesk_tui.ui.screens.signin import SignInScreen
from frontdesk_tui.ui.screens.tickets.queue import QueueScreen
from frontdesk_tui.ui.widgets.duty_forms import DutyEntryModal


async def test_sign_in_typed_in_one_burst_reaches_the_right_fields(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await until_screen(pilot, SignInScreen)
        await settle(pilot)
        await burst(pilot, *"陈晓燕", "enter", *"demo", "enter")
        await until_screen(pilot, QueueScreen)
        assert app.actor is not None and app.actor.name == "陈晓燕"


async def test_a_wrong_password_in_a_burst_is_refused_and_the_name_is_kept(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _sign_in_screen(pilot)
        await burst(pilot, *"陈晓燕", "enter", *"nope", "enter")
        assert app.actor is None and isinstance(app.screen, SignInScreen)
        assert screen.name_input.value == "陈晓燕" and screen.password_input.value == ""


async def _sign_in_screen(pilot) -> SignInScreen:
    await until_screen(pilot, SignInScreen)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SignInScreen)
    return screen


async def test_intake_fields_typed_with_tab_in_one_burst_keep_their_text(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _sign_in_screen(pilot)
        await burst(pilot, *"陈晓燕", "enter", *"demo", "enter")
        await until_screen(pilot, QueueScreen)
        await settle(pilot)
        screen = await open_intake(pilot)
        screen.field("unit").focus()
        await settle(pilot)
        await burst(pilot, *"1-1-502", "tab", *"13800000000", "tab", *"王先生", "tab", *"厨房漏水", "tab",
                    *"尽快维修", "shift+tab", "end", *"上门")
        assert screen.field("unit").value == "1-1-502"
        assert screen.field("phone").value == "13800000000"
        assert screen.field("owner_name").value == "王先生"
        assert screen.field("description").text == "厨房漏水上门"
        assert screen.field("request").text == "尽快维修"


@pytest.fixture
def duty_db(tmp_path):
    db = build_duty_db(tmp_path / "duty.sqlite3")
    yield db
    db.dispose()


async def test_r_du_4_a_duty_entry_typed_in_one_burst_is_saved_as_typed(duty_db) -> None:
    app = duty_app(duty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _sign_in_screen(pilot)
        await burst(pilot, *"赵强", "enter", *"demo", "enter")
        await until_screen(pilot, QueueScreen)
        await pilot.press("f5")
        await until_screen(pilot, DutyLogScreen)
        await settle(pilot)
        await pilot.press("a")
        await until_screen(pilot, DutyEntryModal)
        await settle(pilot)
        await burst(pilot, *"3号楼电梯困人", "enter", *"维保已到场", "enter")
        await until_screen(pilot, DutyLogScreen)
        await settle(pilot)
    with UnitOfWork(duty_db, write=False) as uow:
        newest = uow.session.exec(select(DutyLogEntry).order_by(DutyLogEntry.id.desc())).first()
    assert (newest.text, newest.follow_up) == ("3号楼电梯困人", "维保已到场")
