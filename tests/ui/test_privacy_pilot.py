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
