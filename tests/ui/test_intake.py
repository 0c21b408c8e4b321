"""The intake form (R-IN-*, R-EM-1): from the first key to the queue, errors next to the field, the
emergency path, the duplicate warning, the receipt, escalation, the phrases, and the draft kept
across a lock and an Escape."""

from __future__ import annotations

from desk_data import NOW
from desk_pilot import settle, sign_in_by_keyboard, signed_in_queue, until_screen
from sqlmodel import func, select
from test_flows_support import (  # noqa: F401
    open_intake,
    plain,
    rendered,
    site_of,
    text_of,
    ticket_screen_routed,
    type_into,
)
from textual.widgets import Select

from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.domain.tickets.intake import TWELVE_CHARACTERS
from frontdesk_tui.services import tickets
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.ui.screens.signin import SignInScreen
from frontdesk_tui.ui.screens.tickets.detail import TicketDetailScreen
from frontdesk_tui.ui.screens.tickets.intake import DRAFT_KEY, IntakeScreen
from frontdesk_tui.ui.screens.tickets.queue import QueueScreen
from frontdesk_tui.ui.widgets.intake_dialogs import (
    DuplicateModal,
    LeaveDraftModal,
    ReadBackModal,
    ReceiptModal,
)


def count(db, table) -> int:
    with UnitOfWork(db, write=False) as uow:
        return uow.session.exec(select(func.count()).select_from(table)).one()


def newest_ticket(db) -> Ticket:
    with UnitOfWork(db, write=False) as uow:
        return uow.session.exec(select(Ticket).order_by(Ticket.id.desc())).first()


def visible(screen: IntakeScreen, name: str) -> bool:
    return screen.query_one(f"#row-{name}").display


def error(screen: IntakeScreen, name: str, prefix: str = "err") -> str:
    slot = screen.query_one(f"#{prefix}-{name}")
    return rendered(slot) if slot.display else ""


async def pick(pilot, select_id: str, downs: int) -> None:
    """Open a list with Enter, move down, choose with Enter (what the desk does with the keyboard)."""
    pilot.app.screen.query_one(select_id, Select).focus()
    await pilot.pause()
    await pilot.press("enter", *["down"] * downs, "enter")
    await pilot.pause()


async def test_r_in_10_phone_complaint_from_the_first_key_to_the_queue(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        before = count(desk_db, Ticket)
        screen = await open_intake(pilot)
        assert app.focused is screen.field("channel")
        assert screen.field("channel").value == "phone"  # the hotline is the usual channel
        await pilot.press("tab", "tab")  # past the emergency box to the category
        assert app.focused is screen.field("category")
        await pilot.press("enter", "down", "enter")  # the first category: engineering
        assert screen.field("category").value == "engineering"
        await pilot.press("tab", *"1-1-502")
        screen.lookup_now()  # what the pause after typing does
        await settle(pilot)
        assert [o.name for o in screen.owners] == ["任秀鑫", "邓华"]  # the owners of the register (R-IN-7)
        await pilot.press("ctrl+o", "ctrl+o")  # the first owner found, then the next one
        await pilot.pause()
        assert screen.field("owner_name").value == "邓华" and screen.field("phone").value == "17720210976"
        await pilot.press("tab", "tab", "tab", *"厨房水管漏水")  # phone, owner, what happened
        await pilot.press("tab", *"尽快上门维修")
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReadBackModal)
        record = rendered(app.screen.query_one("#read-back-record"))
        assert "厨房水管漏水" in record and "邓华" in record and "1-1-502" in record
        assert "recommended: the equipment" in error(screen, "equipment", "warn")  # shown, not blocking
        await pilot.press("y")  # read back and confirmed by the owner (R-IN-3)
        await until_screen(pilot, ReceiptModal)
        await settle(pilot)
        ticket = newest_ticket(desk_db)
        assert count(desk_db, Ticket) == before + 1
        number = rendered(app.screen.query_one("#receipt-number"))
        assert str(ticket.id) in number and "2026-11-26 10:00" in number  # R-IN-10: number and time
        assert f"您的投诉编号是 {ticket.id}" in rendered(app.screen.query_one("#receipt-phrase"))
        await pilot.press("enter")
        await until_screen(pilot, QueueScreen)
        await settle(pilot)
        assert ticket.id in [r.id for r in app.screen.page.rows]
        assert (ticket.channel, ticket.category, ticket.location, ticket.owner_name) == (
            "phone", "engineering", "1-1-502", "邓华")
        assert ticket.read_back_confirmed and ticket.request == "尽快上门维修" and ticket.status == "received"
        assert DRAFT_KEY not in app.drafts  # the form starts empty next time


async def test_r_in_2_errors_appear_next_to_their_field_and_nothing_is_saved(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        before = count(desk_db, Ticket)
        screen = await open_intake(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert "choose one" in error(screen, "category")
        assert "owner's name" in error(screen, "owner_name")
        assert "phone number" in error(screen, "phone")
        assert "unit" in error(screen, "unit")
        assert "describe" in error(screen, "description")
        assert app.focused is screen.field("category")  # the first field with an error
        # typing in a field clears its error; the others stay
        await type_into(pilot, screen.field("owner_name"), "王先生")
        assert error(screen, "owner_name") == "" and error(screen, "unit")
        # a unit that is not in the register is refused by the service, next to the field
        await pick(pilot, "#field-category", 2)  # sanitation
        await type_into(pilot, screen.field("unit"), "9-9-909")
        await type_into(pilot, screen.field("phone"), "13912345678")
        await type_into(pilot, screen.field("description"), "垃圾没清运")
        await type_into(pilot, screen.field("happened_at"), "noon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "HH:MM" in error(screen, "happened_at")
        screen.field("happened_at").value = ""
        await type_into(pilot, screen.field("received_at"), "23:00")  # R-DL-3a: not in the future
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "future" in error(screen, "received_at")
        screen.field("received_at").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "no unit 9-9-909" in error(screen, "unit")
        assert isinstance(app.screen, IntakeScreen) and count(desk_db, Ticket) == before


async def test_r_em_1_emergency_asks_only_what_the_team_needs_and_starts_the_clocks(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        assert visible(screen, "request") and visible(screen, "complexity")
        await pilot.press("f9")
        await pilot.pause()
        assert screen.field("emergency").value is True
        for name in ("request", "against", "happened_at", "place", "contact", "complexity", "equipment"):
            assert not visible(screen, name), name
        assert "EMERGENCY" in rendered(screen.query_one("#intake-banner"))
        await pick(pilot, "#field-category", 1)  # engineering
        await type_into(pilot, screen.field("unit"), "1-1-502")
        await type_into(pilot, screen.field("description"), "电梯困人两人被困")
        await pilot.press("ctrl+s")  # no owner name, no phone: a passer-by may report and hang up
        await until_screen(pilot, ReadBackModal)
        await pilot.press("y")
        await until_screen(pilot, ReceiptModal)
        await settle(pilot)
        ticket = newest_ticket(desk_db)
        assert ticket.emergency and ticket.status == "assigned" and ticket.department == "engineering"
        assert ticket.on_site_due is not None and ticket.under_control_due is not None
        assert "due on site by 2026-11-25 10:10" in text_of(app.screen)
        site = site_of(desk_db)
        view = tickets.get_ticket(site, app.actor, ticket.id, now=NOW)
        assert [e.kind for e in view.events] == ["received", "assess", "assign"]  # in the same step


async def test_r_in_7_duplicate_is_attached_to_the_open_ticket(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        before = count(desk_db, Ticket)
        screen = await open_intake(pilot)
        await pick(pilot, "#field-category", 1)  # engineering, like open ticket 1 of 3-2-1201
        await type_into(pilot, screen.field("unit"), "3-2-1201")
        screen.lookup_now()
        await settle(pilot)
        assert "#1" in rendered(screen.query_one("#intake-history"))  # earlier tickets while typing
        assert "attach" in rendered(screen.query_one("#intake-history-note"))
        await type_into(pilot, screen.field("phone"), "13812345678")
        await type_into(pilot, screen.field("owner_name"), "王芳")
        await type_into(pilot, screen.field("description"), "又漏水了楼下又在滴")
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReadBackModal)
        await pilot.press("y")
        await until_screen(pilot, DuplicateModal)
        assert "卫生间漏水" in rendered(app.screen.query_one(".intake-dialog-quote"))
        await pilot.press("a")  # attach to the open ticket
        await until_screen(pilot, ReceiptModal)
        await settle(pilot)
        assert count(desk_db, Ticket) == before  # no duplicate opened
        assert "Attached to the open ticket 1" in text_of(app.screen)
        view = tickets.get_ticket(site_of(desk_db), app.actor, 1, now=NOW)
        assert view.events[-1].kind == "attach" and view.events[-1].note == "又漏水了楼下又在滴"


async def test_r_in_7_duplicate_may_still_open_a_new_ticket(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        before = count(desk_db, Ticket)
        screen = await open_intake(pilot)
        await pick(pilot, "#field-category", 1)
        for name, text in (("unit", "3-2-1201"), ("phone", "13812345678"), ("owner_name", "王芳"),
                           ("description", "阳台也漏水")):
            await type_into(pilot, screen.field(name), text)
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReadBackModal)
        await pilot.press("y")
        await until_screen(pilot, DuplicateModal)
        await pilot.press("escape")  # back to the form first: nothing saved, the draft intact
        await until_screen(pilot, IntakeScreen)
        assert count(desk_db, Ticket) == before and screen.field("owner_name").value == "王芳"
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReadBackModal)
        await pilot.press("y")
        await until_screen(pilot, DuplicateModal)
        await pilot.press("n")
        await until_screen(pilot, ReceiptModal)
        await settle(pilot)
        assert count(desk_db, Ticket) == before + 1


async def test_r_in_8_escalate_to_the_supervisor_from_the_receipt(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        await pick(pilot, "#field-category", 4)  # service
        for name, text in (("unit", "7-1-1602"), ("phone", "13592591726"), ("owner_name", "郑洋丹"),
                           ("description", "门岗保安态度恶劣"), ("staff", "北门保安")):
            await type_into(pilot, screen.field(name), text)
        assert visible(screen, "staff") and not visible(screen, "equipment")  # R-IN-2's service field
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReadBackModal)
        await pilot.press("y")
        await until_screen(pilot, ReceiptModal)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        # R-IN-8a: a supervisor from the list (here only the assistant 李娜), and the owner agreed.
        await pilot.press("enter", "down", "enter")
        await pilot.press("tab", "space")
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReceiptModal)
        await settle(pilot)
        assert "李娜 was called" in rendered(app.screen.query_one("#receipt-escalated"))
        ticket = newest_ticket(desk_db)
        assert ticket.escalated and ticket.staff == "北门保安"
        with UnitOfWork(desk_db, write=False) as uow:
            event = uow.session.exec(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id,
                                                               TicketEvent.kind == "escalate")).one()
        assert '"called": "李娜"' in event.data and '"owner_agreed": true' in event.data
        assert event.operator_id == app.actor.id
        await pilot.press("o")  # open the ticket from the receipt
        await until_screen(pilot, TicketDetailScreen)


async def test_r_in_9_phrases_at_hand_toggled_at_80_columns_both_shown_when_wide(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        phrases = screen.query_one("#intake-phrases")
        lookup = screen.query_one("#intake-lookup")
        assert not phrases.display and lookup.display
        await pilot.press("ctrl+t")
        assert phrases.display and not lookup.display
        assert TWELVE_CHARACTERS in rendered(screen.query_one("#intake-phrases-text"))
        assert "示范花园物业服务中心" in rendered(screen.query_one("#intake-phrases-text"))  # not ××
        await pilot.press("ctrl+t")
        assert not phrases.display
    app = make_desk_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        assert screen.query_one("#intake-phrases").display and screen.query_one("#intake-lookup").display


async def test_draft_survives_a_lock_and_an_accidental_escape(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        await type_into(pilot, screen.field("owner_name"), "王先生")
        await type_into(pilot, screen.field("description"), "楼道灯不亮")
        await pilot.press("ctrl+l")  # shift change
        await until_screen(pilot, SignInScreen)
        await sign_in_by_keyboard(pilot, "刘婷")
        await until_screen(pilot, IntakeScreen)
        assert screen.field("owner_name").value == "王先生"
        assert screen.field("description").text == "楼道灯不亮"
        await pilot.press("escape")  # accidental: it asks
        await until_screen(pilot, LeaveDraftModal)
        await pilot.press("escape")  # stay
        await until_screen(pilot, IntakeScreen)
        await pilot.press("escape")
        await until_screen(pilot, LeaveDraftModal)
        await pilot.press("enter")  # keep the draft and leave
        await until_screen(pilot, QueueScreen)
        assert app.drafts[DRAFT_KEY]["owner_name"] == "王先生"
        screen = await open_intake(pilot)
        assert screen.field("description").text == "楼道灯不亮"
        await pilot.press("escape")
        await until_screen(pilot, LeaveDraftModal)
        await pilot.press("d")  # discard
        await until_screen(pilot, QueueScreen)
        assert DRAFT_KEY not in app.drafts
        screen = await open_intake(pilot)
        assert screen.field("owner_name").value == "" and screen.field("description").text == ""
        await pilot.press("escape")  # an empty form leaves at once
        await until_screen(pilot, QueueScreen)


async def test_owner_text_shows_literally_and_is_saved_without_escapes(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        await pick(pilot, "#field-category", 5)  # other
        await type_into(pilot, screen.field("unit"), "会所")
        await type_into(pilot, screen.field("phone"), "13912345678")
        await type_into(pilot, screen.field("owner_name"), "[b]王[/b]")
        screen.field("description").load_text("[bold]吵[/ [link=x]点我[/link] \x1b[31m红字\x1b]0;title\x07")  # pasted
        await pilot.pause()
        assert screen.field("description").text == "[bold]吵[/ [link=x]点我[/link] 红字"  # the field shows text only
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReadBackModal)
        record = rendered(app.screen.query_one("#read-back-record"))
        assert "[bold]吵[/ [link=x]点我[/link] 红字" in record and "[b]王[/b]" in record
        assert "\x1b" not in app.export_screenshot()
        await pilot.press("y")
        await until_screen(pilot, ReceiptModal)
        await settle(pilot)
        ticket = newest_ticket(desk_db)
        assert ticket.description == "[bold]吵[/ [link=x]点我[/link] 红字" and ticket.location == "会所"


async def test_r_pd_1_after_a_lock_the_owner_lookup_follows_the_next_operator(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        await type_into(pilot, screen.field("unit"), "1-1-502")
        screen.lookup_now()
        await settle(pilot)
        assert "17720210976" in plain(screen.side.owners.get_option_at_index(1).prompt)
        await pilot.press("ctrl+l")
        await sign_in_by_keyboard(pilot, "周师傅")  # staff: phones masked
        await until_screen(pilot, IntakeScreen)
        await settle(pilot)
        owners = [plain(screen.side.owners.get_option_at_index(i).prompt) for i in range(2)]
        assert "177****0976" in owners[1] and not any("17720210976" in o for o in owners)


async def test_r_in_1a_the_form_offers_the_way_for_online_and_the_hotline_for_phone(make_desk_app, desk_db) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        # A call (the default): the hotline tick, no "via" list.
        assert visible(screen, "hotline") and not visible(screen, "channel_detail")
        screen.field("hotline").focus()
        await pilot.pause()
        await pilot.press("space")  # tick: it came on the 24-hour hotline
        await pilot.pause()
        assert screen.field("hotline").value is True
        await pick(pilot, "#field-channel", 1)  # phone -> online
        assert screen.field("channel").value == "online"
        assert visible(screen, "channel_detail") and not visible(screen, "hotline")
        await pick(pilot, "#field-channel_detail", 3)  # website, app, wechat
        assert screen.field("channel_detail").value == "wechat"
        await pick(pilot, "#field-category", 2)  # sanitation
        await type_into(pilot, screen.field("unit"), "1-1-502")
        await type_into(pilot, screen.field("phone"), "13800000000")
        await type_into(pilot, screen.field("owner_name"), "王先生")
        await type_into(pilot, screen.field("description"), "公众号反映楼道垃圾未清")
        await pilot.press("ctrl+s")
        await until_screen(pilot, ReadBackModal)
        assert "Online · WeChat" in rendered(app.screen.query_one("#read-back-record"))
        await pilot.press("y")
        await until_screen(pilot, ReceiptModal)
        await settle(pilot)
        ticket = newest_ticket(desk_db)
        # The hotline tick of the call is not kept for an online complaint: only what is shown is saved.
        assert (ticket.channel, ticket.channel_detail) == ("online", "wechat")
        # A letter: neither the list nor the tick.
        await pilot.press("enter")
        screen = await open_intake(pilot)
        await pick(pilot, "#field-channel", 2)  # letter
        assert screen.field("channel").value == "letter"
        assert not visible(screen, "hotline") and not visible(screen, "channel_detail")
