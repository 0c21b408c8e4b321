"""Fewer keys at the counter (issue 13): a lifecycle step takes at most three keys plus its text
(`a`, the step's key, Ctrl+S), the likely step first in the list, and a phone complaint from F3 to
the receipt takes no more keys than it did before (counted here, key by key)."""

from __future__ import annotations

from desk_data import NOW
from desk_pilot import settle, signed_in_queue, until_screen
from sqlmodel import select
from test_flows_support import actor, site_of  # noqa: F401

from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.services import tickets
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.ui.messages import TicketSelected
from frontdesk_tui.ui.screens.tickets.action_form import ActionFormModal, ActionPickerModal
from frontdesk_tui.ui.screens.tickets.detail import TicketDetailScreen
from frontdesk_tui.ui.screens.tickets.intake import IntakeScreen
from frontdesk_tui.ui.widgets.intake_dialogs import ReceiptModal

#: The keys (text aside) a phone complaint took from F3 to the receipt before issue 13's changes.
PHONE_COMPLAINT_KEYS_BEFORE = 12  # counted on main (0820e47) with this very sequence


class Keys:
    """Presses keys and counts those that are not text typed into a field."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.pilot.press(key)
            self.count += 1
            await settle(self.pilot)

    async def type(self, text: str) -> None:
        await self.pilot.press(*text)
        await settle(self.pilot)


async def open_ticket(pilot, ticket_id: int) -> TicketDetailScreen:
    pilot.app.post_message(TicketSelected(ticket_id))
    await until_screen(pilot, TicketDetailScreen)
    await settle(pilot)
    return pilot.app.screen


def kinds(db, ticket_id: int) -> list[str]:
    with UnitOfWork(db, write=False) as uow:
        return [e.kind for e in uow.session.exec(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id))]


async def test_phone_complaint_from_f3_to_the_receipt_takes_no_more_keys_than_before(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        keys = Keys(pilot)
        await keys.press("f3")
        await until_screen(pilot, IntakeScreen)
        await keys.press("tab", "tab", "enter", "down", "enter")  # past the emergency box; engineering
        await keys.press("tab")
        await keys.type("1-1-502")
        await keys.press("tab")
        await keys.type("17720210976")
        await keys.press("tab")
        await keys.type("邓华")
        await keys.press("tab")
        await keys.type("厨房水管漏水")
        await keys.press("ctrl+s")
        await keys.press("y")  # the owner confirmed the read-back (R-IN-3)
        await until_screen(pilot, ReceiptModal)
        assert keys.count <= PHONE_COMPLAINT_KEYS_BEFORE, keys.count
    with UnitOfWork(desk_db, write=False) as uow:
        ticket = uow.session.exec(select(Ticket).order_by(Ticket.id.desc())).first()
    assert (ticket.owner_name, ticket.phone, ticket.location, ticket.description) == (
        "邓华", "17720210976", "1-1-502", "厨房水管漏水")


async def test_r_em_2_on_site_in_three_keys_and_not_offered_again(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_ticket(pilot, 4)  # the emergency, assigned to the response team
        assert screen.view.next_steps[0] == "on-site" and "withdraw" in screen.view.next_steps[-2:]
        keys = Keys(pilot)
        await keys.press("a")
        assert isinstance(app.screen, ActionPickerModal)
        assert "o  Response team on site" in app.screen.query_one("#action-picker-list").get_option_at_index(0).prompt.plain
        await keys.press("o")
        assert isinstance(app.screen, ActionFormModal) and app.screen.action_code == "on-site"
        await keys.press("ctrl+s")
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)
        assert keys.count == 3
        assert kinds(desk_db, 4)[-1] == "on-site"
        assert "on-site" not in screen.view.next_steps and screen.view.next_steps[0] == "under-control"


async def test_report_and_report_and_close_each_take_three_keys_plus_the_result(make_desk_app, desk_db) -> None:
    site, desk = site_of(desk_db), actor(desk_db, "陈晓燕")
    made = []
    for _ in range(2):
        draft = tickets.ComplaintDraft(owner_name="邓华", phone="17720210976", unit="1-1-502", channel="phone",
                                       category="engineering", description="厨房水管漏水", read_back_confirmed=True)
        t = tickets.record_complaint(site, desk, draft, now=NOW, force_new=True).ticket_id
        for who, action, fields in [("陈晓燕", "assess", {"complexity": "simple", "severity": "minor"}),
                                    ("李娜", "assign", {"handler": "周师傅"}),
                                    ("周师傅", "investigate", {"note": "接头老化"}),
                                    ("周师傅", "plan", {"note": "更换"}), ("周师傅", "start", {})]:
            tickets.act(site, actor(desk_db, who), t, action, fields, now=NOW)
        made.append(t)
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        for ticket_id, key, status, last in [(made[0], "r", "result_reported", ["report"]),
                                             (made[1], "R", "closed", ["report", "confirm"])]:
            screen = await open_ticket(pilot, ticket_id)
            assert screen.view.next_steps[:2] == ("report", "report-confirm")
            keys = Keys(pilot)
            await keys.press("a", key)
            assert isinstance(app.screen, ActionFormModal)
            await keys.type("已更换接头")  # the result; told by phone, the default
            await keys.press("ctrl+s")
            await until_screen(pilot, TicketDetailScreen)
            await settle(pilot)
            assert keys.count == 3 and screen.view.status == status
            assert kinds(desk_db, ticket_id)[-len(last):] == last
            await pilot.press("escape")
            await settle(pilot)
