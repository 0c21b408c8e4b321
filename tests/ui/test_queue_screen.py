"""The ticket queue screen: filters, search, paging, refresh from other connections, literal owner text."""

from __future__ import annotations

from datetime import timedelta

from desk_data import NOW, TicketSpec, add_tickets
from desk_pilot import settle, signed_in_queue, until_screen
from sqlmodel import select
from textual.widgets import Checkbox, Select

from frontdesk_tui.data.tables_tickets import Ticket
from frontdesk_tui.services.tickets import queue as queue_service
from frontdesk_tui.services.uow import OperationalError, UnitOfWork
from frontdesk_tui.ui import registry, textual_compat
from frontdesk_tui.ui.commands import DeskCommands
from frontdesk_tui.ui.screens.help import HelpScreen
from frontdesk_tui.ui.screens.tickets.detail import TicketDetailScreen
from frontdesk_tui.ui.screens.tickets.filters import FilterModal
from frontdesk_tui.ui.screens.tickets.queue import QueueScreen


def locations(screen: QueueScreen) -> list[str]:
    return [r.location for r in screen.page.rows]


def table_text(screen: QueueScreen) -> list[list[str]]:
    table = screen.table
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_r_em_1_emergency_first_and_time_left_marks(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)
        rows = table_text(screen)
        assert rows[0][0] == "!4"  # the emergency, first, marked without colour
        left = {row[2]: row[7] for row in rows}
        assert left["5-1-302"] == "-2h 0m"  # overdue: a minus sign (R-DL-3a)
        assert left["地下车库"] == "4h 0m"  # past 80 %: amber (R-DL-6)
        assert left["1-1-101"] == "7m"  # the emergency's on-site clock (R-EM-2)
        assert left["会所"] == "on time"
        styles = {row.location: screen.table.get_row(str(row.id))[7].spans for row in screen.page.rows}
        assert styles["地下车库"] and styles["5-1-302"] and not styles["2-1-601"]
        assert "1-7 of 7" in str(screen.summary.render())


async def test_quick_filters_overdue_and_mine(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot, "周师傅")
        await pilot.press("o")
        await settle(pilot)
        assert locations(screen) == ["5-1-302"]
        await pilot.press("o", "m")
        await settle(pilot)
        assert locations(screen) == ["3-2-1201"]  # handler is 周师傅
        await pilot.press("x")
        await settle(pilot)
        assert len(locations(screen)) == 7


async def test_filter_form_by_department_with_the_keyboard(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)
        await pilot.press("f")
        await until_screen(pilot, FilterModal)
        modal = app.screen
        await pilot.press("tab")  # status -> department
        assert app.focused is modal.query_one("#filter-department", Select)
        await pilot.press("enter")  # open the list
        await pilot.pause()
        # Any department, Engineering, Sanitation, Security, Property, Service centre
        await pilot.press("down", "down", "down", "down", "enter")
        await pilot.pause()
        assert modal.query_one("#filter-department", Select).value == "property"
        await pilot.press("ctrl+s")
        await until_screen(pilot, QueueScreen)
        await settle(pilot)
        assert set(locations(screen)) == {"7-2-1802", "会所"}
        assert screen.filter.department == "property"


async def test_filter_form_escape_changes_nothing(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)
        await pilot.press("f")
        await until_screen(pilot, FilterModal)
        app.screen.query_one("#filter-overdue", Checkbox).value = True
        await pilot.press("escape")
        await until_screen(pilot, QueueScreen)
        await settle(pilot)
        assert not screen.filter.overdue_only and len(locations(screen)) == 7


async def test_search_one_and_two_chinese_characters(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)
        await pilot.press("slash", "漏", "enter")
        await settle(pilot)
        assert locations(screen) == ["3-2-1201"]
        assert app.focused is screen.table  # Enter goes back to the list
        await pilot.press("slash", "backspace", *"车库", "enter")
        await settle(pilot)
        assert locations(screen) == ["地下车库"]
        await pilot.press("slash", "backspace", "backspace", *"7-2", "enter")
        await settle(pilot)
        assert locations(screen) == ["7-2-1802"]
        await pilot.press("slash", "ctrl+u", *"没有这个", "enter")
        await settle(pilot)
        assert locations(screen) == []
        assert "No open ticket matches" in str(screen.preview_panel.render())


async def test_typing_a_search_applies_it_after_a_pause(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)
        await pilot.press("slash", *"垃圾")
        assert screen._search_timer is not None  # waiting for the typing to stop
        screen.apply_search()  # what the timer calls
        await settle(pilot)
        assert locations(screen) == ["5-1-302"]
        assert app.focused is screen.search_input  # still typing
        await pilot.press("escape")
        assert app.focused is screen.table


async def test_sort_cycles_due_received_id(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert screen.filter.sort == "received"
        received = [r.received_at for r in screen.page.rows[1:]]
        assert received == sorted(received, reverse=True)
        await pilot.press("s")
        await settle(pilot)
        ids = [r.id for r in screen.page.rows]
        assert ids[0] == 4 and ids[1:] == sorted(ids[1:], reverse=True)


async def test_refreshes_when_another_connection_commits_keeping_the_cursor(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)
        app.check_for_changes()  # the first look records where things stand
        await settle(pilot)
        await pilot.press("down", "down", "down")
        chosen = screen.current_id()
        # another desk records a ticket due sooner than the one under the cursor
        add_tickets(desk_db, [TicketSpec("8-1-101", "钱多", "13700000000", "other", "新投诉",
                                         received_hours_ago=23.5, due_in_hours=0.5)])
        app.check_for_changes()  # what the 2-second poll does
        await settle(pilot)
        assert "8-1-101" in locations(screen)
        assert screen.current_id() == chosen
        assert "1-8 of 8" in str(screen.summary.render())
        # and a ticket closed elsewhere leaves the list
        with UnitOfWork(desk_db) as uow:
            t = uow.session.exec(select(Ticket).where(Ticket.location == "8-1-101")).one()
            t.status = "closed"
            uow.session.add(t)
            uow.commit()
        app.check_for_changes()
        await settle(pilot)
        assert "8-1-101" not in locations(screen)
        assert screen.current_id() == chosen


async def test_no_reload_when_nothing_changed(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        app.check_for_changes()
        await settle(pilot)
        generation = app.data_generation
        app.check_for_changes()
        await settle(pilot)
        assert app.data_generation == generation


async def test_pages_past_the_end_and_back(make_desk_app, desk_db) -> None:
    add_tickets(desk_db, [
        TicketSpec(f"6-1-{i:04d}", "业主", "13800000000", "other", f"第{i}号", due_in_hours=2 + i)
        for i in range(120)
    ])
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)
        assert screen.table.row_count == queue_service.PAGE_SIZE
        assert "1-50 of 127" in str(screen.summary.render())
        first_page = [r.id for r in screen.page.rows]
        screen.table.move_cursor(row=49)
        await pilot.press("down")  # past the last row
        await settle(pilot)
        assert "51-100 of 127" in str(screen.summary.render())
        assert screen.table.cursor_row == 0
        assert not set(first_page) & {r.id for r in screen.page.rows}
        await pilot.press("pagedown")
        screen.table.move_cursor(row=49)
        await pilot.press("pagedown")
        await settle(pilot)
        assert "101-127 of 127" in str(screen.summary.render())
        await pilot.press("pagedown", "pagedown", "down")  # the end: nothing more
        await settle(pilot)
        assert "101-127 of 127" in str(screen.summary.render())
        screen.table.move_cursor(row=0)
        await pilot.press("up")
        await settle(pilot)
        assert "51-100 of 127" in str(screen.summary.render())
        assert screen.table.cursor_row == 49
        screen.table.move_cursor(row=0)
        await pilot.press("pageup")
        await settle(pilot)
        assert [r.id for r in screen.page.rows] == first_page


async def test_owner_text_with_markup_and_escapes_shows_literally(make_desk_app, desk_db) -> None:
    add_tickets(desk_db, [TicketSpec("[red]3-3[/", "[b]王[/b]", "13811112222", "other", "[link=x]链接[/link] ok",
                                     received_hours_ago=0.5, due_in_hours=0.1)])
    app = make_desk_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await signed_in_queue(pilot)
        rows = {r.id: r for r in screen.page.rows}
        ticket = next(r for r in rows.values() if r.location == "7-2-1802")
        screen.table.move_cursor(row=screen.table.get_row_index(str(ticket.id)))
        await pilot.pause()
        preview = str(screen.preview_panel.render())
        assert "[bold]客服[/bold] 态度差 [link=x]点我[/link] 红字" in preview
        assert "\x1b" not in preview
        shot = app.export_screenshot()
        assert "[bold]客服[/bold]" in shot.replace("&#160;", " ")
        odd = next(r for r in rows.values() if r.location == "[red]3-3[/")
        cells = [str(c) for c in screen.table.get_row(str(odd.id))]
        assert "[red]3-3[/" in cells and "[b]王[/b]" in cells  # wide columns: owner too
        # "[/" alone in a description does not break anything either
        other = next(r for r in rows.values() if r.location == "2-1-601")
        screen.table.move_cursor(row=screen.table.get_row_index(str(other.id)))
        await pilot.pause()
        assert "噪音 [/ 每天" in str(screen.preview_panel.render())


async def test_r_pd_1_staff_see_phones_masked(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot, "周师傅")
        assert "150****2222" in str(screen.preview_panel.render())
        assert "15011112222" not in app.export_screenshot()


async def test_enter_opens_the_ticket_under_the_cursor(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)
        assert app.focused is screen.table
        await pilot.press("down", "enter")
        await until_screen(pilot, TicketDetailScreen)
        assert app.screen.ticket_id == 3
        await settle(pilot)
        await pilot.press("escape")
        await until_screen(pilot, QueueScreen)
        assert app.screen is screen and screen.current_id() == 3


async def test_without_a_ticket_screen_enter_only_says_so(make_desk_app, monkeypatch) -> None:
    monkeypatch.setattr(registry, "TICKET_SCREEN", None)
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert any("Ticket 4" in n.message for n in textual_compat.notifications(app)), list(textual_compat.notifications(app))


async def test_f1_and_question_mark_open_the_help_but_not_in_the_search_field(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)
        await pilot.press("question_mark")
        await until_screen(pilot, HelpScreen)
        help_screen = app.screen
        text = str(help_screen.query_one("#help-text").render())
        assert "emergencies first" in text
        keys = {description: key for key, description in help_screen.keys}
        assert keys["Search"] == "/" and keys["Filter"] == "f" and keys["Overdue only"] == "o"
        assert keys["Help"] == "f1 / ?" and keys["Lock"] == "^l"
        assert [d for _k, d in help_screen.keys][:2] == ["Search", "Filter"]  # the screen's own first
        await pilot.press("escape")
        await until_screen(pilot, QueueScreen)
        await pilot.press("slash", "question_mark")
        assert screen.search_input.value == "?"
        assert app.screen is screen
        await pilot.press("f1")
        await until_screen(pilot, HelpScreen)


async def test_help_is_translated(make_desk_app) -> None:
    app = make_desk_app("zh-CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        await pilot.press("f1")
        await until_screen(pilot, HelpScreen)
        keys = {description: key for key, description in app.screen.keys}
        assert keys["搜索"] == "/" and keys["帮助"] == "f1 / ?" and keys["下一项"] == "tab"


async def test_command_palette_lists_screens_and_actions(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)
        titles = [title for title, _help, _cb in DeskCommands(screen).commands()]
        for expected in ("Go to: Ticket queue", "Search", "Filter", "Overdue only", "Only mine", "Sort", "Lock",
                         "Help", "Quit"):
            assert expected in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"overdue")
        await pilot.pause()
        await pilot.press("enter")
        await until_screen(pilot, QueueScreen)
        await settle(pilot)
        assert screen.filter.overdue_only


async def test_a_failing_worker_becomes_one_notification_in_the_users_language(make_desk_app, monkeypatch) -> None:
    app = make_desk_app("zh-CN")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)

        def locked(*args, **kwargs):
            raise OperationalError("SELECT", {}, Exception("database is locked"))

        monkeypatch.setattr(queue_service, "load_page", locked)
        await pilot.press("r")
        await settle(pilot)
        assert app.is_running
        messages = [n.message for n in textual_compat.notifications(app)]
        assert any("数据库正忙" in m for m in messages)
        assert screen.table.row_count == 7  # what was shown stays


async def test_header_shows_operator_role_inbox_and_clock(make_desk_app, desk_db) -> None:
    from desk_data import add_inbox

    add_inbox(desk_db, "陈晓燕", 3)
    app = make_desk_app("zh-CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        await settle(pilot)
        assert app.inbox_unread == 3
        shot = app.export_screenshot().replace("&#160;", " ")
        assert "陈晓燕" in shot and "接待员" in shot and "待办 3" in shot and "2026-11-25 10:00" in shot


def test_clock_left_values_follow_the_clock() -> None:
    from frontdesk_tui.ui.widgets.queue_cells import duration

    assert duration(timedelta(days=2, hours=3, minutes=59)) == "2d 3h"
    assert duration(timedelta(hours=5, minutes=10)) == "5h 10m"
    assert duration(-timedelta(minutes=12)) == "12m"
    assert NOW.tzinfo is not None


async def test_notifications_show_names_literally(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await signed_in_queue(pilot)
        app.notify("changed by [b]王[/b] at 10:00, reload")
        await settle(pilot)
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("changed by [b]王[/b] at 10:00" in text for text in toasts), toasts
