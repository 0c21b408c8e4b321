"""Issue 15: ``frontdesk`` paints the sign-in screen before it opens the database (in a worker, after
the first paint). What is typed meanwhile keeps its order and signs in once the database is open;
a site that cannot be opened ends the app with its error, as before the change."""

from __future__ import annotations

import asyncio
import threading

from desk_data import NOW, desk_settings
from desk_pilot import settle, until_screen

from frontdesk_tui.cli.app import StartSettings
from frontdesk_tui.config import ConfigError
from frontdesk_tui.i18n import set_language
from frontdesk_tui.ui import textual_compat
from frontdesk_tui.ui.app import make_deferred_app
from frontdesk_tui.ui.screens.signin import SignInScreen
from frontdesk_tui.ui.screens.tickets.queue import QueueScreen


class _Calls(list):
    """What the opener was asked to do, and an event set when it first was."""

    def __init__(self) -> None:
        super().__init__()
        self.opening = threading.Event()


def _deferred(desk_db, gate: threading.Event, calls: _Calls):
    def opener():
        calls.append("open")
        calls.opening.set()
        assert gate.wait(30), "the test never opened the gate"
        return desk_settings(desk_db), desk_db

    set_language("en")
    app = make_deferred_app(StartSettings(site_name="开门前"), opener, poll_interval=3600)
    app.clock = lambda: NOW
    return app


def _send(app, *keys: str) -> None:
    """Keys as the terminal delivers them, all queued at once (a burst over SSH)."""
    for key in keys:
        event = textual_compat.key_event(key)
        event.set_sender(app)
        textual_compat.send_to_driver(app, event)


async def test_a_burst_typed_before_the_database_is_open_signs_in_once_it_is(desk_db) -> None:
    gate, calls = threading.Event(), _Calls()
    app = _deferred(desk_db, gate, calls)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_screen(pilot, SignInScreen)
        screen = app.screen
        # The screen is painted, then the opener starts (and waits on the gate).
        assert await asyncio.to_thread(calls.opening.wait, 10), "the opener never started"
        assert calls == ["open"]
        assert app.db is None and screen.option_list.option_count == 0
        assert "开门前" in app.export_screenshot()  # what the sign-in screen shows meanwhile
        # Enter on an empty name before the list is in: answered with the list's first name, and
        # the password typed after it waits for that (it would land in the name field otherwise).
        _send(app, "enter", *"demo", "enter")
        for _ in range(20):
            await pilot.pause(0.01)
        assert app.actor is None and isinstance(app.screen, SignInScreen)
        assert screen.name_input.value == ""
        gate.set()
        await settle(pilot)
        await until_screen(pilot, QueueScreen)
        assert app.actor is not None and app.actor.name == "陈晓燕"
        assert app.settings.site_name == "示范花园物业服务中心"  # the real settings now


async def test_a_name_and_password_typed_before_the_database_is_open_sign_in_in_order(desk_db) -> None:
    gate, calls = threading.Event(), _Calls()
    app = _deferred(desk_db, gate, calls)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_screen(pilot, SignInScreen)
        _send(app, *"刘婷", "enter", *"demo", "enter")
        for _ in range(20):
            await pilot.pause(0.01)
        screen = app.screen
        assert isinstance(screen, SignInScreen) and app.actor is None
        gate.set()
        await settle(pilot)
        await until_screen(pilot, QueueScreen)
        assert app.actor is not None and app.actor.name == "刘婷"
        assert app.sign_in_failures == 0


async def test_a_site_that_cannot_be_opened_ends_the_app_with_its_error(desk_db) -> None:
    def opener():
        raise ConfigError("configuration: lang (from --lang): unknown language 'fr'")

    set_language("en")
    app = make_deferred_app(StartSettings(), opener, poll_interval=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            if not app.is_running:
                break
            await pilot.pause(0.01)
    assert isinstance(app.start_error, ConfigError)
    assert app.return_code == 2
