"""Issue 13's small things, each seen on the screen: the header keeps the screen's title whole at
80 columns, the queue's count is never cut, the zh side panel keeps Ctrl+O on one line, an
emergency's detail names its clocks (R-EM-2) instead of "Simple (24 h)", Home/End in the ticket
view and the follow-up calls, Ctrl+N asks before clearing a filled form, character counters on the
intake fields with a limit, and F9 in a field the emergency path hides moves the typing on."""

from __future__ import annotations

from datetime import timedelta

from desk_data import NOW
from desk_pilot import burst, settle, signed_in_queue, until_screen
from rich.console import Console
from test_flows_support import closed_ticket, open_intake, plain, rendered  # noqa: F401

from frontdesk_tui.services.tickets.queue import QueueFilter
from frontdesk_tui.ui.messages import TicketSelected
from frontdesk_tui.ui.screens.tickets.detail import TicketDetailScreen
from frontdesk_tui.ui.screens.tickets.followups import FollowUpsScreen
from frontdesk_tui.ui.screens.tickets.intake import IntakeScreen
from frontdesk_tui.ui.widgets.header import DeskHeader
from frontdesk_tui.ui.widgets.intake_dialogs import ClearFormModal


def lines_of(widget) -> list[str]:
    """The lines a widget's content prints at the widget's own width."""
    console = Console(width=widget.content_region.width, record=True, color_system=None)
    console.print(widget.content)
    return console.export_text().splitlines()


async def open_ticket(pilot, ticket_id: int) -> TicketDetailScreen:
    pilot.app.post_message(TicketSelected(ticket_id))
    await until_screen(pilot, TicketDetailScreen)
    await settle(pilot)
    return pilot.app.screen


async def test_the_header_keeps_the_screen_title_whole_at_80_columns(make_desk_app) -> None:
    for lang, title in (("en", "Ticket 4"), ("zh", "投诉 4")):
        app = make_desk_app(lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await signed_in_queue(pilot)
            screen = await open_ticket(pilot, 4)
            line = plain(screen.query_one(DeskHeader).render(), width=80)
            assert f"· {title} " in line and "示范花园物业服务中心" in line, line
            assert "陈晓燕" in line and "10:00" in line


async def test_the_queue_count_is_never_cut(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await signed_in_queue(pilot)
        # every filter in words: longer than the bar beside the search field at 80 columns
        queue._apply(QueueFilter(department="engineering", category="engineering", sort="received"))
        await settle(pilot)
        text = str(queue.summary.render())
        assert text.rstrip().endswith("1-2 of 2") and "…" in text, text
        assert queue.summary.content.cell_len <= queue.summary.content_region.width


async def test_the_zh_side_panel_keeps_ctrl_o_on_one_line(make_desk_app) -> None:
    app = make_desk_app("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        lines = lines_of(screen.query_one("#intake-owner-hint"))
        assert any("Ctrl+O" in line for line in lines), lines


async def test_r_em_2_an_emergency_shows_its_clocks_not_simple_24_h(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_ticket(pilot, 4)
        fields = rendered(screen.query_one("#ticket-fields"))
        assert "Emergency: on site in 10 min, under control in 60 min (R-EM-2)" in fields
        assert "24 h" not in fields


async def test_home_and_end_in_the_queue_the_ticket_view_and_the_follow_up_calls(make_desk_app, desk_db) -> None:
    closed = [closed_ticket(desk_db, unit, "厨房水管接头漏水", now=NOW - timedelta(hours=n + 2))
              for n, unit in enumerate(("1-1-502", "5-1-1801"))]
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await signed_in_queue(pilot)
        await pilot.press("end")
        await settle(pilot)
        assert queue.table.cursor_row == queue.table.row_count - 1 > 0
        await pilot.press("home")
        await settle(pilot)
        assert queue.table.cursor_row == 0
        screen = await open_ticket(pilot, closed[0])  # eight events: more than a screen
        await pilot.pause()
        await pilot.press("end")
        await settle(pilot)
        assert screen.body.max_scroll_y > 0 and screen.body.scroll_y == screen.body.max_scroll_y
        await pilot.press("home")
        await settle(pilot)
        assert screen.body.scroll_y == 0
        await pilot.press("f4")
        await until_screen(pilot, FollowUpsScreen)
        await settle(pilot)
        calls = app.screen
        assert calls.table.row_count >= 2 and calls.table.cursor_row == 0
        await pilot.press("end")
        await settle(pilot)
        assert calls.table.cursor_row == calls.table.row_count - 1
        await pilot.press("home")
        await settle(pilot)
        assert calls.table.cursor_row == 0


async def test_ctrl_n_asks_before_clearing_a_filled_form(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        await pilot.press("ctrl+n")  # nothing typed: nothing to ask
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        screen.field("description").focus()
        await pilot.press(*"楼道灯不亮")
        await pilot.press("ctrl+n")
        await until_screen(pilot, ClearFormModal)
        dialog = app.screen.query_one(".intake-dialog")
        assert dialog.styles.border_top[0] == "round" and dialog.border_title  # a box with its question
        await pilot.press("n")  # keep it
        await until_screen(pilot, IntakeScreen)
        await settle(pilot)
        assert screen.field("description").text == "楼道灯不亮" and app.focused is screen.field("description")
        await pilot.press("ctrl+n")
        await until_screen(pilot, ClearFormModal)
        await pilot.press("y")
        await until_screen(pilot, IntakeScreen)
        await settle(pilot)
        assert screen.field("description").text == "" and app.focused is screen.field("channel")


async def test_intake_fields_with_a_limit_count_their_characters(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        description = screen.query_one("#count-description")
        assert description.display and rendered(description) == "0/2000"
        assert rendered(screen.query_one("#count-request")) == "0/1000"
        screen.field("description").focus()
        await pilot.press(*"楼道灯不亮")
        await settle(pilot)
        assert rendered(description) == "5/2000"
        owner = screen.query_one("#count-owner_name")
        assert not owner.display  # a short name shows no counter
        screen.field("owner_name").value = "王" * 39
        await settle(pilot)
        assert owner.display and rendered(owner) == "39/40"
        screen.field("owner_name").value = "王" * 41
        await settle(pilot)
        assert rendered(owner) == "41/40"  # past the limit: the save names the field (R-IN-2)


async def test_f9_in_a_field_the_emergency_path_hides_moves_the_typing_to_what_happened(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        for hidden in ("request", "against"):
            screen.field(hidden).focus()
            await settle(pilot)
            await pilot.press("f9")
            await settle(pilot)
            assert not screen.query_one(f"#row-{hidden}").display
            assert app.focused is screen.field("description")
            await pilot.press(*"电梯困人", "f9")  # F9 off again
            await settle(pilot)
        assert screen.field("description").text == "电梯困人电梯困人"
        assert screen.field("request").text == "" and screen.field("against").value == ""
        # typed at once after F9, as over SSH: the first keys went to the field being hidden
        screen.field("against").focus()
        await settle(pilot)
        await burst(pilot, "f9", *"lift stuck")
        assert screen.field("against").value == "" and screen.field("description").text.endswith("lift stuck")
