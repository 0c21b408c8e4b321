"""The ticket screen's forms for R-EM-4 (revise-expected) and R-IN-8a (escalate: a supervisor from
the service's list, the owner's agreement), and the revised time beside the missed clock on the
ticket screen, the queue and the supervision board."""

from __future__ import annotations

import json
from datetime import timedelta

from desk_data import NOW
from desk_pilot import settle, signed_in_queue, until_screen
from sqlmodel import select
from test_flows_support import actor, choose_action, rendered, site_of, text_of, type_into
from test_ticket_detail import open_ticket, part
from textual.widgets import Checkbox, Select

from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.services import tickets
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.ui.screens.supervision.board import SupervisionBoardScreen
from frontdesk_tui.ui.screens.tickets.action_form import ActionFormModal
from frontdesk_tui.ui.screens.tickets.detail import TicketDetailScreen
from frontdesk_tui.ui.screens.tickets.queue import QueueScreen

EMERGENCY = 4  # 电梯困人, received at 09:57 (desk_data)
LATER = NOW + timedelta(minutes=75)  # 11:15: both clocks missed


def _events(db, ticket_id: int, kind: str) -> list[TicketEvent]:
    with UnitOfWork(db, write=False) as uow:
        return list(uow.session.exec(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id,
                                                               TicketEvent.kind == kind)))


async def test_r_em_4_revise_expected_on_the_ticket_screen_shown_beside_the_missed_clock(make_desk_app, desk_db):
    app = make_desk_app()
    app.clock = lambda: LATER
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_ticket(pilot, EMERGENCY)
        assert "overdue" in part(screen, "clocks")
        await choose_action(pilot, "revise-expected")
        form = app.screen
        assert isinstance(form, ActionFormModal) and "never extended or paused" in text_of(form)
        await type_into(pilot, form.query_one("#field-expected_at"), "2026-11-25 15:30")
        await type_into(pilot, form.query_one("#field-reason"), "需要电梯维保公司到场")
        await pilot.press("ctrl+s")  # the owner not yet told: refused next to the field
        await settle(pilot)
        assert app.screen is form and "R-EM-4" in rendered(form.query_one("#err-owner_told"))
        form.query_one("#field-owner_told", Checkbox).value = True
        await pilot.press("ctrl+s")
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)
        clocks = part(screen, "clocks")
        # On the line of the missed emergency clock (desk_data's emergency has the on-site clock).
        missed = next(line for line in clocks.splitlines() if line.startswith("On site by"))
        assert "overdue by 1h 8m" in missed and "-overdue" not in missed and "revised to 11-25 15:30" in missed
        assert "Expected time revised" in part(screen, "timeline")
        [event] = _events(desk_db, EMERGENCY, "revise-expected")
        assert json.loads(event.data)["missed"] == ["on_site"]  # desk_data sets no under-control clock
        await pilot.press("escape")
        await until_screen(pilot, QueueScreen)
        await settle(pilot)
        queue = app.screen
        left = queue.table.get_cell(str(EMERGENCY), "left")
        assert str(left) == "-1h→15:30"  # 11:15, the on-site clock due 10:07: fits 80 columns


async def test_r_em_4_the_board_shows_the_revised_time(make_desk_app, desk_db):
    tickets.act(site_of(desk_db), actor(desk_db, "陈晓燕"), EMERGENCY, "revise-expected",
                {"expected_at": NOW + timedelta(hours=5), "reason": "外部支援", "owner_told": True}, now=LATER)
    app = make_desk_app()
    app.clock = lambda: LATER
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot, "李娜")
        await pilot.press("f6")
        await until_screen(pilot, SupervisionBoardScreen)
        await settle(pilot)
        board = app.screen
        board.table.move_cursor(row=next(i for i, item in enumerate(board.items) if item.ref_id == EMERGENCY))
        await settle(pilot)
        assert "revised expected 2026-11-25 15:00" in rendered(board.query_one("#board-preview"))


async def test_r_in_8a_escalate_form_offers_only_supervisors_and_asks_for_the_agreement(make_desk_app, desk_db):
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_ticket(pilot, 2)
        await choose_action(pilot, "escalate")
        form = app.screen
        assert isinstance(form, ActionFormModal)
        await settle(pilot)
        called = form.query_one("#field-called", Select)
        assert [str(prompt) for prompt, _value in called._options[1:]] == ["李娜"]  # the only supervisor here
        called.value = "李娜"
        await pilot.press("ctrl+s")  # the owner's agreement not ticked
        await settle(pilot)
        assert app.screen is form and "R-IN-8a" in rendered(form.query_one("#err-owner_agreed"))
        form.query_one("#field-owner_agreed", Checkbox).value = True
        await pilot.press("ctrl+s")
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)
        assert "Escalated to the supervisor" in part(screen, "timeline")
    [event] = _events(desk_db, 2, "escalate")
    assert json.loads(event.data) == {"called": "李娜", "owner_agreed": True}
    with UnitOfWork(desk_db, write=False) as uow:
        assert uow.session.get(Ticket, 2).escalated
