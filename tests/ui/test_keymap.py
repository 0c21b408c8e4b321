"""The configuration's ``keymap`` table: remapped keys work in the app, unknown binding ids are refused."""

from __future__ import annotations

import pytest
from desk_data import NOW, desk_settings
from desk_pilot import settle, signed_in_queue, until_screen

from frontdesk_tui.config import ConfigError
from frontdesk_tui.i18n import set_language
from frontdesk_tui.ui.app import make_app
from frontdesk_tui.ui.keymap import binding_ids, check_keymap
from frontdesk_tui.ui.screens.signin import SignInScreen
from frontdesk_tui.ui.screens.tickets.intake import IntakeScreen
from frontdesk_tui.ui.screens.tickets.queue import QueueScreen


async def test_a_remapped_key_works_and_the_old_one_no_longer_does(desk_db) -> None:
    set_language("en")
    settings = desk_settings(desk_db, keymap={"lock": "ctrl+k", "open-intake": "f12"})
    app = make_app(settings, desk_db, clock=lambda: NOW, poll_interval=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        await pilot.press("ctrl+l")  # lock's own key: now nothing
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen) and app.actor is not None
        await pilot.press("f12")
        await until_screen(pilot, IntakeScreen)
        await pilot.press("ctrl+k")
        await until_screen(pilot, SignInScreen)
        assert app.actor is None


def test_the_ids_are_those_of_the_app_its_screens_and_widgets() -> None:
    ids = binding_ids()
    assert {"lock", "quit", "open-queue", "open-intake", "open-ticket", "intake-save", "handover-next"} <= ids


def test_an_unknown_binding_id_is_refused_naming_the_entry(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FRONTDESK_CONFIG", str(tmp_path / "c.toml"))
    check_keymap({})  # nothing to check
    check_keymap({"lock": "ctrl+k"})
    with pytest.raises(ConfigError) as caught:
        check_keymap({"lock": "ctrl+k", "lokc": "f12"})
    assert str(caught.value).startswith("configuration: keymap.lokc (from ")
    assert "unknown binding id (did you mean 'lock'?)" in str(caught.value)
    with pytest.raises(ConfigError, match="unknown binding id .see the Keymap section of the README"):
        check_keymap({"zzzzzzzz": "f12"})
