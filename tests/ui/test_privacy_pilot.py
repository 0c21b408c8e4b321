"""Privacy that follows the person (issue 13 point 7): a draft kept across Ctrl+L shows the next
operator only what their role may see (R-PD-1, R-PD-3); a refused save says why in the form (R-RO-1)."""

from __future__ import annotations

from desk_pilot import settle, signed_in_queue
from sqlmodel import func, select
from test_flows_support import open_intake, rendered, type_into  # noqa: F401

from frontdesk_tui.data.tables_tickets import Ticket
from frontdesk_tui.services.uow import UnitOfWork


def count(db) -> int:
    with UnitOfWork(db, write=False) as uow:
        return uow.session.exec(select(func.count()).select_from(Ticket)).one()


async def test_r_ro_1_a_refused_save_says_why_in_the_form(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot, "周师傅")
        before = count(desk_db)
        screen = await open_intake(pilot)  # a phone call: staff may record only their own finds
        await pilot.press("tab", "tab", "enter", "down", "enter")
        await pilot.press("tab", *"1-1-502", "tab", *"13912345678", "tab", *"王先生", "tab", *"厨房水管漏水")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert count(desk_db) == before
        assert screen.message.display and "R-RO-1" in rendered(screen.message)
        # … and it is in sight at 80x24, not below the fold of the form
        form = screen.query_one("#intake-form")
        top, box = form.scroll_offset.y, screen.message.virtual_region
        assert top <= box.y and box.y + 1 <= top + form.scrollable_content_region.height


async def test_r_pd_1_a_draft_with_a_phone_is_put_aside_for_staff_and_given_back(make_desk_app) -> None:
    from desk_pilot import sign_in_by_keyboard, until_screen

    from frontdesk_tui.ui import textual_compat
    from frontdesk_tui.ui.screens.tickets.intake import DRAFT_KEY, IntakeScreen

    app = make_desk_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await signed_in_queue(pilot)  # 陈晓燕, who sees phones whole
        screen = await open_intake(pilot)
        await type_into(pilot, screen.field("phone"), "13955556666")
        await type_into(pilot, screen.field("owner_name"), "王先生")
        await type_into(pilot, screen.field("description"), "楼道灯不亮")
        await pilot.press("ctrl+l")
        await sign_in_by_keyboard(pilot, "周师傅")  # staff: phones masked (R-PD-3)
        await until_screen(pilot, IntakeScreen)
        await settle(pilot)
        assert screen.field("phone").value == "" and screen.field("owner_name").value == ""
        assert app.focused is screen.field("channel")  # the blank form starts at its first field
        assert "13955556666" not in str(app.drafts.get(DRAFT_KEY, ""))
        assert "1395555" not in app.export_screenshot()
        assert any("put aside until 陈晓燕 signs in again" in n.message for n in textual_compat.notifications(app))
        await pilot.press("ctrl+l")
        await sign_in_by_keyboard(pilot, "陈晓燕")
        await until_screen(pilot, IntakeScreen)
        await settle(pilot)
        assert screen.field("phone").value == "13955556666" and screen.field("description").text == "楼道灯不亮"
        assert any("Your draft is back" in n.message for n in textual_compat.notifications(app))


async def test_r_pd_1_a_draft_without_a_phone_stays_for_the_next_operator(make_desk_app) -> None:
    from desk_pilot import sign_in_by_keyboard, until_screen

    from frontdesk_tui.ui.screens.tickets.intake import IntakeScreen

    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        await type_into(pilot, screen.field("owner_name"), "王先生")
        await type_into(pilot, screen.field("description"), "楼道灯不亮")
        await pilot.press("ctrl+l")
        await sign_in_by_keyboard(pilot, "周师傅")
        await until_screen(pilot, IntakeScreen)
        await settle(pilot)
        assert screen.field("owner_name").value == "王先生"  # nothing private: the work stays


async def test_r_in_7_the_lookup_says_no_owner_registered_for_an_unknown_unit(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        await type_into(pilot, screen.field("unit"), "9-9-9909")
        screen.lookup_now()
        await settle(pilot)
        hint = rendered(screen.query_one("#intake-owner-hint"))
        assert "No owner registered for 9-9-9909" in hint
        await pilot.press(*["backspace"] * 8, *"1-1-502")  # a registered unit: its owners, no such note
        screen.lookup_now()
        await settle(pilot)
        assert screen.owners and not screen.query_one("#intake-owner-hint").display


async def test_after_the_receipt_the_queue_shows_the_new_ticket_under_the_cursor(make_desk_app, desk_db) -> None:
    from desk_data import TicketSpec, add_tickets
    from desk_pilot import until_screen

    from frontdesk_tui.ui.screens.tickets.queue import QueueScreen
    from frontdesk_tui.ui.widgets.intake_dialogs import ReadBackModal, ReceiptModal

    # 120 open tickets due before a new one: the new ticket is pages down in the due-time order
    add_tickets(desk_db, [TicketSpec(f"6-1-{i:04d}", "业主", "13800000000", "other", f"第{i}号", due_in_hours=1 + i / 10)
                          for i in range(120)])
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        await open_intake(pilot)
        await pilot.press("tab", "tab", "enter", "down", "enter")  # engineering: due in 24 h
        await pilot.press("tab", *"1-1-502", "tab", *"13912345678", "tab", *"王先生", "tab", *"厨房水管漏水")
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReadBackModal)
        await pilot.press("y")
        await until_screen(pilot, ReceiptModal)
        await settle(pilot)
        new_id = newest(desk_db).id
        await pilot.press("enter")  # to the queue
        await until_screen(pilot, QueueScreen)
        await settle(pilot)
        queue = app.screen
        assert queue.current_id() == new_id
        assert new_id in [r.id for r in queue.page.rows]
        row = queue.table.cursor_row
        top = queue.table.scroll_offset.y
        assert top <= row < top + queue.table.scrollable_content_region.height  # in sight
        assert "shown of" in rendered(queue.summary)


def newest(db):
    with UnitOfWork(db, write=False) as uow:
        return uow.session.exec(select(Ticket).order_by(Ticket.id.desc())).first()
