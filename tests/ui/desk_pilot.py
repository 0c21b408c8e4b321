"""Pilot helpers shared by the UI tests (waiting without sleeping, signing in)."""

from __future__ import annotations

from desk_data import operator_id
from textual.pilot import Pilot
from textual.widgets import Input

from frontdesk_tui.services.site.operators import actor_by_id
from frontdesk_tui.ui import textual_compat
from frontdesk_tui.ui.screens.duty.handover import HandoverScreen
from frontdesk_tui.ui.screens.duty.log import DutyLogScreen
from frontdesk_tui.ui.screens.signin import SignInScreen
from frontdesk_tui.ui.screens.tickets.action_form import FollowUpFormModal
from frontdesk_tui.ui.screens.tickets.followups import FollowUpsScreen
from frontdesk_tui.ui.screens.tickets.queue import QueueScreen
from frontdesk_tui.ui.screens.violations.form import ViolationFormScreen
from frontdesk_tui.ui.screens.violations.register import ViolationRegisterScreen
from frontdesk_tui.ui.widgets.duty_forms import DutyEntryModal


def _busy(app) -> bool:
    """A worker runs or some node of the app still has messages to handle."""
    if any(w.is_running for w in app.workers):
        return True
    return any(textual_compat.has_pending_messages(node) for node in textual_compat.registered_nodes(app))


async def settle(pilot: Pilot) -> None:
    """Wait until the app is quiet: every worker finished and every message handled, including the
    ones handling other messages posted (a key, the ``Submitted`` it bubbles, the focus it moves,
    the modal it mounts). Quiet twice in a row, so a message posted between two looks is seen."""
    app = pilot.app
    quiet = 0
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        quiet = 0 if _busy(app) else quiet + 1
        if quiet >= 2:
            return
    raise AssertionError("the app never became quiet")


async def burst(pilot: Pilot, *keys: str) -> None:
    """Keys that arrive at once, as over a slow SSH link, from a paste or a barcode reader: all are
    queued before the app handles the first (``pilot.press`` waits after each key), then settle."""
    app = pilot.app
    for key in keys:
        event = textual_compat.key_event(key)
        event.set_sender(app)
        textual_compat.send_to_driver(app, event)
    await settle(pilot)


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


async def press_for(pilot: Pilot, key: str, screen_type: type | None = None) -> None:
    """Press ``key``, wait for ``screen_type`` (when the key opens one), then for the app to settle."""
    await pilot.press(key)
    if screen_type is not None:
        await until_screen(pilot, screen_type)
    await settle(pilot)


# The forms, each opened by keyboard from the signed-in queue (the key-burst and NO_COLOR tests).


async def open_duty_entry(pilot: Pilot) -> DutyEntryModal:
    """F5, then ``a``: the duty log's new-entry form (a duty officer signed in)."""
    await press_for(pilot, "f5", DutyLogScreen)
    await press_for(pilot, "a", DutyEntryModal)
    return pilot.app.screen  # type: ignore[return-value]


async def open_handover_counts(pilot: Pilot) -> HandoverScreen:
    """F12, then Ctrl+N: the handover's counts (a duty officer signed in)."""
    await press_for(pilot, "f12", HandoverScreen)
    await press_for(pilot, "ctrl+n")
    return pilot.app.screen  # type: ignore[return-value]


async def open_violation_form(pilot: Pilot) -> ViolationFormScreen:
    """F7, then ``n``: the violation register's record form (an assistant signed in)."""
    await press_for(pilot, "f7", ViolationRegisterScreen)
    await press_for(pilot, "n", ViolationFormScreen)
    return pilot.app.screen  # type: ignore[return-value]


async def open_follow_up_form(pilot: Pilot) -> FollowUpFormModal:
    """F4, then Enter: the follow-up form of the first ticket due a visit."""
    await press_for(pilot, "f4", FollowUpsScreen)
    await press_for(pilot, "enter", FollowUpFormModal)
    return pilot.app.screen  # type: ignore[return-value]


def still(pilot: Pilot) -> None:
    """No blinking cursors in snapshots."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
