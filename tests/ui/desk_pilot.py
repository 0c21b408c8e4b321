"""Pilot helpers shared by the UI tests (waiting without sleeping, signing in)."""

from __future__ import annotations

from desk_data import operator_id
from textual.pilot import Pilot
from textual.widgets import Input

from frontdesk_tui.services.operators import actor_by_id
from frontdesk_tui.ui.screens.queue import QueueScreen
from frontdesk_tui.ui.screens.signin import SignInScreen


async def settle(pilot: Pilot) -> None:
    """Let every worker finish and every message they posted be handled (no sleeping)."""
    app = pilot.app
    for _ in range(20):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            return


async def until_screen(pilot: Pilot, screen_type: type) -> None:
    """Screen switches complete a few messages later (Textual 8): wait for the expected one."""
    for _ in range(50):
        if isinstance(pilot.app.screen, screen_type):
            return
        await pilot.pause()
    raise AssertionError(f"{screen_type.__name__} never became the screen; it is {pilot.app.screen!r}")


async def sign_in_by_keyboard(pilot: Pilot, name: str, password: str = "demo") -> None:
    await until_screen(pilot, SignInScreen)
    await settle(pilot)
    await pilot.press(*name)
    await pilot.press("enter")
    await pilot.press(*password)
    await pilot.press("enter")
    await settle(pilot)


async def signed_in_queue(pilot: Pilot, name: str = "陈晓燕") -> QueueScreen:
    """Sign in (as if typed) and wait for the queue's first page."""
    app = pilot.app
    await until_screen(pilot, SignInScreen)
    await settle(pilot)
    app.screen.dismiss(actor_by_id(app.db, operator_id(app.db, name)))  # type: ignore[attr-defined]
    await until_screen(pilot, QueueScreen)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, QueueScreen)
    return screen


def still(pilot: Pilot) -> None:
    """No blinking cursors in snapshots."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
