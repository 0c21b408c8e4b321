"""A complaint's whole life with the keyboard at 80x24, each step by the role the lifecycle names,
the operators changing at the counter with Ctrl+L: phone call, assessment, assignment, the work,
the report, the owner's confirmation, and the follow-up visit (R-LC-1, R-LC-5, R-RO-2)."""

from __future__ import annotations

from desk_data import operator_id
from desk_pilot import settle, sign_in_by_keyboard, until_screen
from sqlmodel import select
from test_flows_support import choose_action, open_intake, relock_as, ticket_screen_routed  # noqa: F401

from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.ui.screens.tickets.action_form import ActionFormModal, FollowUpFormModal
from frontdesk_tui.ui.screens.tickets.detail import TicketDetailScreen
from frontdesk_tui.ui.screens.tickets.followups import FollowUpsScreen
from frontdesk_tui.ui.screens.tickets.queue import QueueScreen
from frontdesk_tui.ui.widgets.intake_dialogs import ReadBackModal, ReceiptModal


async def act(pilot, code: str, *keys: str) -> None:
    """Choose ``code`` on the ticket screen, press ``keys`` in its form, save with Ctrl+S."""
    await choose_action(pilot, code)
    assert isinstance(pilot.app.screen, ActionFormModal), pilot.app.screen
    if keys:
        await pilot.press(*keys)
    await pilot.press("ctrl+s")
    await until_screen(pilot, TicketDetailScreen)
    await settle(pilot)


async def test_full_lifecycle_from_the_phone_call_to_the_follow_up_visit(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_keyboard(pilot, "陈晓燕")
        await until_screen(pilot, QueueScreen)
        # the receptionist takes the call
        intake = await open_intake(pilot)
        await pilot.press("tab", "tab", "enter", "down", "enter")  # category: engineering
        await pilot.press("tab", *"1-1-502")
        intake.lookup_now()
        await settle(pilot)
        await pilot.press("ctrl+o")  # the owner of the register
        await pilot.press("tab", "tab", "tab", *"厨房水管漏水")
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReadBackModal)
        await pilot.press("y")
        await until_screen(pilot, ReceiptModal)
        await settle(pilot)
        ticket_id = app.screen.result.ticket_id
        await pilot.press("o")  # open the ticket from the receipt
        await until_screen(pilot, TicketDetailScreen)
        await settle(pilot)
        screen = app.screen
        assert screen.view.id == ticket_id and screen.view.status == "received"
        # the desk assesses it (complexity, severity; the department is the category's)
        await act(pilot, "assess", "enter", "down", "enter", "tab", "enter", "down", "enter")
        assert (screen.view.status, screen.view.complexity, screen.view.severity) == ("assessed", "simple", "minor")
        # the assistant assigns it to the engineering department's 周师傅
        await relock_as(pilot, "李娜")
        await settle(pilot)
        assert app.screen is screen and "assign" in screen.view.allowed_actions
        await act(pilot, "assign", "tab", "enter", "down", "enter")
        assert (screen.view.status, screen.view.handler) == ("assigned", "周师傅")
        # the engineer investigates, plans, works and reports
        await relock_as(pilot, "周师傅")
        await settle(pilot)
        assert not screen.view.phone_masked  # R-PD-1: his ticket, he calls the owner back
        await act(pilot, "investigate", *"接头老化")
        await act(pilot, "plan", *"周师傅下午更换接头")
        await act(pilot, "start")
        await act(pilot, "report", *"已更换接头", "tab")  # told by phone, the default
        assert screen.view.status == "result_reported"
        # the desk calls the owner, who is satisfied: closed
        await relock_as(pilot, "陈晓燕")
        await settle(pilot)
        await act(pilot, "confirm")
        assert screen.view.status == "closed" and screen.view.follow_up_due_at is not None
        # and the follow-up visit, from the follow-up call queue
        await pilot.press("f4")
        await until_screen(pilot, FollowUpsScreen)
        await settle(pilot)
        follow_ups = app.screen
        assert [item.id for item in follow_ups.items] == [ticket_id]
        await pilot.press("enter")
        await until_screen(pilot, FollowUpFormModal)
        await pilot.press("1", "ctrl+s")  # 非常满意
        await until_screen(pilot, FollowUpsScreen)
        await settle(pilot)
        assert follow_ups.items == []
        await pilot.press("f2")
        await until_screen(pilot, QueueScreen)
    with UnitOfWork(desk_db, write=False) as uow:
        row = uow.session.get(Ticket, ticket_id)
        timeline = list(uow.session.exec(select(TicketEvent.kind, TicketEvent.operator_id)
                                         .where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)))
    assert row.status == "closed" and row.follow_up_done and not row.follow_up_flagged
    desk, assistant, engineer = (operator_id(desk_db, n) for n in ("陈晓燕", "李娜", "周师傅"))
    assert timeline == [  # every step by the person who took it (R-RO-2)
        ("received", desk), ("assess", desk), ("assign", assistant), ("investigate", engineer),
        ("plan", engineer), ("start", engineer), ("report", engineer), ("confirm", desk), ("follow-up", desk),
    ]
