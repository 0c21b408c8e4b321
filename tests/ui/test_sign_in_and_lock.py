"""Sign-in at start, wrong passwords, and the lock for a shift change (R-RO-2: a person signs in)."""

from __future__ import annotations

from desk_pilot import settle, sign_in_by_keyboard, signed_in_queue, until_screen
from textual.command import CommandPalette
from textual.widgets import Input

from frontdesk_tui.services.site.session import retry_delay
from frontdesk_tui.ui.screens.signin import SignInScreen
from frontdesk_tui.ui.screens.tickets.queue import QueueScreen


def option_names(screen: SignInScreen) -> list[str]:
    ol = screen.option_list
    return [str(ol.get_option_at_index(i).id) for i in range(ol.option_count)]


async def test_sign_in_with_the_keyboard_opens_the_queue(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await until_screen(pilot, SignInScreen)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SignInScreen)
        # every active operator, the disabled one left out
        assert option_names(screen) == ["陈晓燕", "刘婷", "李娜", "周师傅"]
        await pilot.press("刘")  # typing filters
        assert option_names(screen) == ["刘婷"]
        await pilot.press("enter")
        assert screen.name_input.value == "刘婷"
        assert app.focused is screen.password_input
        await pilot.press(*"demo", "enter")
        await settle(pilot)
        await until_screen(pilot, QueueScreen)
        assert app.actor is not None and app.actor.name == "刘婷"
        assert app.screen.table.row_count == 7


async def test_arrow_keys_pick_from_the_list(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await until_screen(pilot, SignInScreen)
        await settle(pilot)
        await pilot.press("down", "down", "up", "enter")
        assert app.screen.name_input.value == "刘婷"
        await pilot.press(*"demo", "enter")
        await settle(pilot)
        assert app.actor is not None and app.actor.name == "刘婷"


async def test_wrong_password_is_refused_and_the_wait_grows(make_desk_app) -> None:
    app = make_desk_app()
    app.sign_in_delay_unit = 60.0  # no wait ends by itself while the test runs
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_keyboard(pilot, "陈晓燕", "wrong")
        screen = app.screen
        assert isinstance(screen, SignInScreen)
        assert app.actor is None
        assert app.sign_in_failures == 1
        assert screen.password_input.disabled
        assert screen.password_input.value == ""
        assert "Try again in 60 s" in str(screen.message.render())
        # while waiting, Enter does not try again
        screen.password_input.value = "demo"
        await pilot.press("enter")
        await settle(pilot)
        assert app.actor is None and app.sign_in_failures == 1
        screen.allow_retry()  # what the timer calls when the wait is over
        await pilot.pause()
        assert not screen.password_input.disabled
        assert app.focused is screen.password_input
        screen.password_input.value = ""
        await pilot.press(*"again", "enter")
        await settle(pilot)
        assert app.sign_in_failures == 2
        assert "Try again in 120 s" in str(screen.message.render())
        assert [retry_delay(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]
        screen.allow_retry()
        await pilot.pause()
        await pilot.press(*"demo", "enter")
        await settle(pilot)
        assert app.actor is not None and app.actor.name == "陈晓燕"
        assert app.sign_in_failures == 0


async def test_a_disabled_operator_cannot_sign_in(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_keyboard(pilot, "停用者", "demo")
        assert app.actor is None
        assert isinstance(app.screen, SignInScreen)


async def test_nothing_but_help_and_quit_work_before_sign_in(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await until_screen(pilot, SignInScreen)
        await pilot.press("ctrl+p", "f2", "ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen)
        assert not CommandPalette.is_open(app)


async def test_lock_then_someone_else_signs_in_and_the_work_is_still_there(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await signed_in_queue(pilot, "陈晓燕")
        await pilot.press("slash", *"垃圾", "enter")
        await settle(pilot)
        assert queue.filter.search == "垃圾"
        assert [r.location for r in queue.page.rows] == ["5-1-302"]
        await pilot.press("x")  # clear, then put the cursor on a ticket further down
        await settle(pilot)
        await pilot.press("down", "down")
        chosen = queue.current_id()
        app.drafts["intake"] = {"description": "半句话"}

        await pilot.press("ctrl+l")
        await until_screen(pilot, SignInScreen)
        assert app.actor is None
        lock = app.screen
        assert lock.locked_by == "陈晓燕"
        # the lock hides every ticket: nothing of the queue is drawn
        shot = app.export_screenshot()
        assert "5-1-302" not in shot and "垃圾" not in shot
        # no palette, no screens, no quitting with someone's work open
        await pilot.press("ctrl+p", "f2", "ctrl+q")
        await pilot.pause()
        assert app.screen is lock and not CommandPalette.is_open(app) and app.is_running

        await pilot.press(*"刘婷", "enter", *"demo", "enter")
        await settle(pilot)
        await until_screen(pilot, QueueScreen)
        assert app.actor is not None and app.actor.name == "刘婷"
        assert app.screen is queue  # the same screen, not a new one
        assert queue.current_id() == chosen
        assert queue.query_one("#queue-search", Input).value == ""
        assert app.drafts == {"intake": {"description": "半句话"}}


async def test_lock_keeps_a_search_in_progress(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await signed_in_queue(pilot, "陈晓燕")
        await pilot.press("slash", *"漏", "enter")
        await settle(pilot)
        await pilot.press("ctrl+l")
        await until_screen(pilot, SignInScreen)
        await pilot.press(*"李娜", "enter", *"demo", "enter")
        await settle(pilot)
        await until_screen(pilot, QueueScreen)
        assert queue.search_input.value == "漏"
        assert queue.filter.search == "漏"
        assert [r.location for r in queue.page.rows] == ["3-2-1201"]
