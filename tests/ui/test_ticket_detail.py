"""The ticket screen: fields, clocks, the timeline, the next actions with their forms, and the stale
copy refused with who and when (R-LC-1, R-LC-3, R-EM-2, R-RO-3, R-PD-1)."""

from __future__ import annotations

from desk_data import NOW, operator_id
from desk_pilot import settle, signed_in_queue, until_screen
from sqlmodel import func, select
from test_flows_support import (  # noqa: F401
    actor,
    choose_action,
    rendered,
    site_of,
    text_of,
    ticket_screen_routed,
    type_into,
)
from textual.widgets import Select

from frontdesk_tui.data.tables_tickets import TicketEvent
from frontdesk_tui.services import tickets
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.ui.messages import TicketSelected
from frontdesk_tui.ui.screens.tickets.action_form import ActionFormModal
from frontdesk_tui.ui.screens.tickets.detail import TicketDetailScreen
from frontdesk_tui.ui.screens.tickets.queue import QueueScreen


async def open_ticket(pilot, ticket_id: int) -> TicketDetailScreen:
    """Move the queue's cursor to the ticket and press Enter."""
    queue = pilot.app.screen
    assert isinstance(queue, QueueScreen)
    queue.table.move_cursor(row=queue.table.get_row_index(str(ticket_id)))
    await pilot.press("enter")
    await until_screen(pilot, TicketDetailScreen)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TicketDetailScreen) and screen.view is not None and screen.view.id == ticket_id
    return screen


def part(screen: TicketDetailScreen, name: str) -> str:
    return rendered(screen.query_one(f"#ticket-{name}"))


def events(db, ticket_id: int, kind: str) -> list[TicketEvent]:
    with UnitOfWork(db, write=False) as uow:
        return list(uow.session.exec(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id,
                                                               TicketEvent.kind == kind)))


async def test_r_em_2_emergency_clocks_and_the_desk_records_the_team_on_site(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        await pilot.press("enter")  # the first row: the emergency
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)
        screen = app.screen
        assert "EMERGENCY" in part(screen, "title") and "Ticket 4" in part(screen, "title")
        clocks = part(screen, "clocks")
        assert "On site by 2026-11-25 10:07" in clocks and "7m left" in clocks
        assert "Response team on site" in part(screen, "next")
        assert "电梯困人" in part(screen, "fields")
        await choose_action(pilot, "on-site")
        form = app.screen
        assert isinstance(form, ActionFormModal)
        assert "Nothing to fill in" in text_of(form)
        await pilot.press("ctrl+s")
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)
        assert "on site at 2026-11-25 10:00" in part(screen, "clocks")
        assert "Team on site" in part(screen, "timeline") and "陈晓燕" in part(screen, "timeline")
        assert len(events(desk_db, 4, "on-site")) == 1
        await pilot.press("escape")
        await until_screen(pilot, QueueScreen)


async def test_r_ro_3_a_stale_copy_is_refused_with_who_and_when_and_reloaded(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_ticket(pilot, 2)
        shown = screen.view.version
        # another desk (another connection) writes to the same ticket meanwhile
        tickets.act(site_of(desk_db), actor(desk_db, "李娜"), 2, "note", {"note": "已通知保安部"}, now=NOW)
        await choose_action(pilot, "note")
        await type_into(pilot, app.screen.query_one("#field-note"), "业主又来电催促")
        await pilot.press("ctrl+s")
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)
        banner = screen.query_one("#ticket-banner")
        assert banner.display
        assert "李娜 changed this ticket at 2026-11-25 10:00" in rendered(banner) and "R-RO-3" in rendered(banner)
        assert [e.note for e in events(desk_db, 2, "note")] == ["已通知保安部"]  # nothing overwritten
        assert screen.view.version == shown + 1  # reloaded as it is now
        assert "已通知保安部" in part(screen, "timeline")
        await choose_action(pilot, "note")  # and now it goes through
        await type_into(pilot, app.screen.query_one("#field-note"), "业主又来电催促")
        await pilot.press("ctrl+s")
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)
        assert not banner.display
        assert [e.note for e in events(desk_db, 2, "note")] == ["已通知保安部", "业主又来电催促"]


async def test_r_lc_3_a_correction_points_at_the_event_it_corrects(make_desk_app, desk_db) -> None:
    site = site_of(desk_db)
    desk = actor(desk_db, "陈晓燕")
    draft = tickets.ComplaintDraft(owner_name="赵英丽", phone="15240737473", unit="5-1-1801", channel="visit",
                                   category="sanitation", description="楼道有异味", read_back_confirmed=True)
    ticket_id = tickets.record_complaint(site, desk, draft, now=NOW).ticket_id
    tickets.act(site, desk, ticket_id, "contact", {"note": "已告知明天上午清理"}, now=NOW)
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_ticket(pilot, ticket_id)
        contact_id = screen.view.events[-1].id
        await choose_action(pilot, "correct")
        assert app.focused is app.screen.query_one("#field-corrects", Select)
        await pilot.press("enter", "down", "enter")  # the newest event first
        assert app.screen.query_one("#field-corrects", Select).value == contact_id
        await pilot.press("tab", *"是明天下午")
        await pilot.press("ctrl+s")
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)
        timeline = part(screen, "timeline")
        correction = screen.view.events[-1]
        assert correction.kind == "correct" and correction.corrects == contact_id
        assert f"corrects #{contact_id}" in timeline and f"corrected by #{correction.id}" in timeline
        assert "是明天下午" in timeline and "已告知明天上午清理" in timeline  # nothing edited (R-LC-3)


async def test_action_form_errors_stay_next_to_their_field(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_ticket(pilot, 2)
        await choose_action(pilot, "assess")
        form = app.screen
        assert form.query_one("#field-complexity", Select).value == "simple"  # as it stands
        form.query_one("#field-complexity", Select).clear()
        await pilot.press("ctrl+s")  # nothing chosen
        await pilot.pause()
        assert "needed" in rendered(form.query_one("#err-complexity"))
        form.query_one("#field-complexity", Select).value = "simple"
        form.query_one("#field-severity", Select).value = "minor"
        await type_into(pilot, form.query_one("#field-working_days"), "5")  # only complex tickets count days
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "complex" in rendered(form.query_one("#err-working_days"))
        form.query_one("#field-working_days").value = ""
        await pilot.press("ctrl+s")
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)
        assert screen.view.status == "assessed" and "Assessed" in part(screen, "title")


async def test_r_pd_1_staff_see_their_actions_and_the_phone_masked(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot, "周师傅")
        app.post_message(TicketSelected(1))
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)
        screen = app.screen
        fields = part(screen, "fields")
        # R-PD-1: ticket 1 is his: he calls 王芳 back, so he sees her phone on it
        assert "13812345678" in fields
        assert screen.view.allowed_actions[:1] == ("investigate",)
        assert "Investigate" in part(screen, "next") and "Assess" not in part(screen, "next")


async def test_r_pd_4_staff_see_the_phone_of_their_own_ticket_only(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot, "周师傅")
        app.post_message(TicketSelected(2))  # 李强's ticket: not his
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)
        fields = part(app.screen, "fields")
        assert "139****1111" in fields and "13900001111" not in fields


async def test_owner_text_shows_literally_on_the_ticket_screen(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_ticket(pilot, 5)
        fields = part(screen, "fields")
        assert "[bold]客服[/bold] 态度差 [link=x]点我[/link] 红字" in fields
        assert "\x1b" not in fields and "\x1b" not in app.export_screenshot()


async def test_the_ticket_screen_follows_a_change_at_another_desk(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_ticket(pilot, 2)
        tickets.act(site_of(desk_db), actor(desk_db, "刘婷"), 2, "assess",
                    {"complexity": "moderate", "severity": "important"}, now=NOW)
        app.data_generation += 1  # what the app's poll does when another connection committed
        await settle(pilot)
        assert screen.view.status == "assessed" and "刘婷" in part(screen, "timeline")
        assert operator_id(desk_db, "刘婷")
        with UnitOfWork(desk_db, write=False) as uow:
            assert uow.session.exec(select(func.count()).select_from(TicketEvent)).one() == 1
