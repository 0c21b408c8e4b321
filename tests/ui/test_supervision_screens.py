"""The supervision board (F6, R-KP-2) and the inbox (F10), driven by the keyboard at 80x24."""

from __future__ import annotations

import json

import pytest
from desk_data import NOW, TICKETS, TicketSpec, add_tickets, operator_id
from desk_pilot import settle, signed_in_queue, until_screen
from sqlmodel import select
from test_flows_support import site_of, text_of, type_into
from textual.widgets import DataTable, Static, TextArea

from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.services.site import inbox
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.ui import textual_compat
from frontdesk_tui.ui.commands import DeskCommands
from frontdesk_tui.ui.screens.supervision.board import SupervisionBoardScreen
from frontdesk_tui.ui.screens.supervision.inbox import InboxScreen
from frontdesk_tui.ui.screens.tickets.action_form import ActionFormModal
from frontdesk_tui.ui.screens.tickets.detail import TicketDetailScreen
from frontdesk_tui.ui.screens.tickets.intake import IntakeScreen
from frontdesk_tui.ui.widgets.duty_forms import DutyConfirmModal

LATE = TicketSpec("3-2-1202", "钱伟", "13700007777", "engineering", "厨房下水道堵塞三天", department="engineering",
                  status="assigned", handler="周师傅", received_hours_ago=80, due_in_hours=-30)


def row_keys(table: DataTable) -> list[str]:
    return [str(row.value) for row in table.rows]


async def open_board(pilot) -> SupervisionBoardScreen:
    await signed_in_queue(pilot, "李娜")
    await pilot.press("f6")
    await until_screen(pilot, SupervisionBoardScreen)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SupervisionBoardScreen)
    return screen


async def test_r_kp_2_board_lists_overdue_oldest_first_opens_the_ticket_and_reassigns_it(make_desk_app, desk_db):
    late = add_tickets(desk_db, [LATE])[0]
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(pilot)
        assert board.board is not None and board.board.counts["overdue"] == 2
        await pilot.press("1")  # overdue only
        await settle(pilot)
        items = board.items
        assert [i.kind for i in items] == ["overdue", "overdue"]
        assert items[0].ref_id == late  # due 30 hours ago: the oldest first
        assert "[1 Overdue 2]" in str(board.summary.render())
        # Enter opens the ticket; Escape comes back to the board, on the same row.
        await pilot.press("enter")
        await until_screen(pilot, TicketDetailScreen)
        assert app.screen.ticket_id == late  # type: ignore[attr-defined]
        await pilot.press("escape")
        await until_screen(pilot, SupervisionBoardScreen)
        await settle(pilot)
        assert board.current().ref_id == late
        # s: the ticket screen's own reassign form, without leaving the board.
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActionFormModal) and form.action_code == "reassign"
        await type_into(pilot, form.query_one("#field-reason", TextArea), "周师傅休假改由本部门值班")
        await pilot.press("ctrl+s")  # the same department and handler: nothing would change
        await settle(pilot)
        shown = str(form.query_one("#err-department", Static).render())
        assert app.screen is form and "another department or another handler" in shown
        from textual.widgets import Select

        form.query_one("#field-department", Select).value = "sanitation"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until_screen(pilot, SupervisionBoardScreen)
    with UnitOfWork(desk_db, write=False) as uow:
        event = uow.session.exec(
            select(TicketEvent).where(TicketEvent.ticket_id == late, TicketEvent.kind == "reassign")
        ).one()
        assert json.loads(event.data)["reason"] == "周师傅休假改由本部门值班"
        assert event.operator_id == operator_id(desk_db, "李娜")


async def test_the_reassign_form_says_no_choice_keeps_the_handler_of_the_same_department(make_desk_app, desk_db):
    """Seen over SSH: the blank choice read "Nobody in particular" while saving it kept 周师傅 (the
    service keeps the handler within the department). The blank now says what it does."""
    from textual.widgets import Select

    add_tickets(desk_db, [LATE])
    app = make_desk_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActionFormModal)
        handler = form.query_one("#field-handler", Select)
        assert handler.value == "周师傅" and handler.prompt == "Unchanged (周师傅)"
        form.query_one("#field-department", Select).value = "sanitation"
        await settle(pilot)
        assert handler.value is Select.NULL and handler.prompt == "Nobody in particular"


async def test_r_kp_2_board_refuses_what_the_role_may_not_do_and_offers_nothing_on_a_violation(
    make_desk_app, desk_db
):
    add_tickets(desk_db, [LATE])
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("down")  # the received ticket: nobody has assigned it, so no reassign
        await settle(pilot)
        assert board.current().status == "received"
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SupervisionBoardScreen)
        assert any("not open to you" in n.message for n in textual_compat.notifications(app))


async def test_r_kp_2_board_follows_another_desks_write(make_desk_app, desk_db):
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(pilot)
        before = board.board.counts["overdue"]
        add_tickets(desk_db, [LATE])  # another desk
        app.data_generation += 1  # what the ChangeWatcher's probe does when it sees a commit
        await settle(pilot)
        assert board.board.counts["overdue"] == before + 1


async def test_r_in_8a_take_over_is_recorded_as_taken_over_claiming_no_owner_agreement(make_desk_app, desk_db):
    late = add_tickets(desk_db, [LATE])[0]
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert board.current().ref_id == late
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActionFormModal) and form.action_code == "escalate"
        # Nothing to choose and nothing to tick: the supervisor takes it over in their own name.
        assert not form.query("#field-called") and not form.query("#field-owner_agreed")
        assert "no owner agreement" in text_of(form)
        await pilot.press("ctrl+s")
        await settle(pilot)
    with UnitOfWork(desk_db, write=False) as uow:
        assert uow.session.get(Ticket, late).escalated
        event = uow.session.exec(
            select(TicketEvent).where(TicketEvent.ticket_id == late, TicketEvent.kind == "escalate")
        ).one()
        data = json.loads(event.data)
        assert (data["called"], data["taken_over"], "owner_agreed" in data) == ("李娜", True, False)


def _items(db, name: str, n: int, ticket_id: int) -> None:
    with UnitOfWork(db) as uow:
        for i in range(n):
            inbox.add_to_inbox(
                uow.session,
                [inbox.InboxNotice([operator_id(db, name)], "overdue", f"Ticket {ticket_id} item {i}",
                                   rule="R-DL-6", ref_kind="ticket", ref_id=ticket_id)],
                at=NOW.replace(minute=i),
            )
        uow.commit()


async def test_inbox_unread_first_marks_read_shows_read_opens_the_record_and_clears(make_desk_app, desk_db):
    ticket_id = add_tickets(desk_db, [TICKETS[0]])[0]
    _items(desk_db, "李娜", 3, ticket_id)
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot, "李娜")
        await settle(pilot)
        assert app.inbox_unread == 3
        await pilot.press("f10")
        await until_screen(pilot, InboxScreen)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        assert [i.message for i in screen.items] == [f"Ticket {ticket_id} item {i}" for i in (2, 1, 0)]
        await pilot.press("m")  # the newest read
        await settle(pilot)
        assert app.inbox_unread == 2
        assert len(screen.items) == 2
        await pilot.press("f")  # read ones too: unread first
        await settle(pilot)
        assert [i.read for i in screen.items] == [False, False, True]
        # Enter opens the ticket it points at and marks the item read.
        await pilot.press("enter")
        await until_screen(pilot, TicketDetailScreen)
        assert app.screen.ticket_id == ticket_id  # type: ignore[attr-defined]
        await settle(pilot)
        assert app.inbox_unread == 1
        await pilot.press("escape")
        await until_screen(pilot, InboxScreen)
        await settle(pilot)
        # M asks first; Escape leaves everything as it was.
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, DutyConfirmModal)
        await pilot.press("escape")
        await settle(pilot)
        assert app.inbox_unread == 1
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.inbox_unread == 0
        assert all(i.read for i in screen.items)
    assert inbox.unread_count(desk_db, operator_id(desk_db, "李娜")) == 0
    assert inbox.unread_count(desk_db, operator_id(desk_db, "陈晓燕")) == 0


async def test_inbox_key_is_in_every_footer_and_the_phrases_moved_to_ctrl_t(make_desk_app):
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        shown = {b.binding.key for b in app.screen.active_bindings.values() if b.binding.show}
        assert "f10" in shown
        await pilot.press("f3")
        await until_screen(pilot, IntakeScreen)
        await settle(pilot)
        keys = {b.binding.key: b.binding.action for b in app.screen.active_bindings.values() if b.binding.show}
        assert keys.get("ctrl+t") == "toggle_phrases"
        assert "f10" in keys
        await pilot.press("f6")  # F6 is the board everywhere now, the intake form too
        await until_screen(pilot, SupervisionBoardScreen)


@pytest.mark.parametrize(("lang", "query"), [("en", "overdue"), ("en", "board"), ("zh-CN", "督办"), ("en", "inbox")])
async def test_palette_finds_the_board_and_the_inbox(make_desk_app, lang, query):
    app = make_desk_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        provider = DeskCommands(app.screen)
        titles = [str(hit.text) async for hit in provider.search(query)]
        wanted = {"overdue": "Supervision", "board": "Supervision", "督办": "督办", "inbox": "Inbox"}[query]
        assert any(wanted in t for t in titles), titles


def test_the_site_helper_still_builds(desk_db):
    assert site_of(desk_db).db is desk_db


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("width", [40, 60, 78, 118])
def test_the_board_counts_break_between_kinds_never_inside_one(lang, width) -> None:
    """At 80 columns "5 No" ended one line and "update 3" began the next (issue 11 walk over SSH)."""
    from rich.cells import cell_len

    from frontdesk_tui.i18n import set_language
    from frontdesk_tui.services.supervision import board as service
    from frontdesk_tui.ui.screens.supervision.board import counts_line, kind_label

    set_language(lang)
    try:
        counts = {k: 10 + i for i, k in enumerate(service.KINDS)}
        lines = counts_line(counts, service.NO_UPDATE, width).plain.split("\n")
        entries = [f"{d} {kind_label(k)} {counts[k]}" for d, k in enumerate(service.KINDS, start=1)]
        entries = [f"[{e}]" if k == service.NO_UPDATE else e for e, k in zip(entries, service.KINDS, strict=True)]
        for line in lines:
            assert cell_len(line) <= width, line
        shown = "  ".join(lines)
        for entry in entries:
            assert entry in shown, (entry, lines)  # each kind whole on one line
    finally:
        set_language("en")
