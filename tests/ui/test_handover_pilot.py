"""The shift handover screen walked with the keyboard only (R-HO-1…4), at 80x24."""

from __future__ import annotations

import json

import pytest
from desk_pilot import settle, sign_in_by_keyboard, until_screen
from sqlmodel import select
from test_duty_data import build_duty_db, duty_app, site_of
from textual.pilot import Pilot
from textual.widgets import Static

from frontdesk_tui.data.tables_duty import Handover
from frontdesk_tui.data.tables_tickets import TicketEvent
from frontdesk_tui.domain.duty.handover import Disposition, Stage
from frontdesk_tui.services.duty import handover as service
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.ui.screens.duty.handover import (
    COUNTS,
    DONE,
    INCOMING,
    ITEMS,
    OUTGOING,
    REVIEW,
    HandoverScreen,
)

EMERGENCY_ROW = 0  # important items come first; the lift emergency is the only one


@pytest.fixture
def duty_db(tmp_path):
    db = build_duty_db(tmp_path / "duty.sqlite3")
    yield db
    db.dispose()


async def _open_handover(pilot: Pilot, name: str = "赵强") -> HandoverScreen:
    await sign_in_by_keyboard(pilot, name)
    await pilot.press("f12")
    await until_screen(pilot, HandoverScreen)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HandoverScreen)
    return screen


async def _keys(pilot: Pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def _type(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)
    await settle(pilot)


async def _count_everything(pilot: Pilot, screen: HandoverScreen) -> None:
    """Step 1: every item of the post as expected, Enter after each (the last one saves)."""
    assert screen.step == COUNTS
    for count in screen.view.state.counts:
        await _type(pilot, str(count.expected))
        await _keys(pilot, "enter")
    assert screen.step == REVIEW


async def _walk_to_items(pilot: Pilot, screen: HandoverScreen) -> None:
    await _keys(pilot, "ctrl+n")  # start
    await _count_everything(pilot, screen)
    await _keys(pilot, "ctrl+n")  # read the log and open work
    await _type(pilot, "东侧窗户插销松动")
    await _keys(pilot, "ctrl+n")  # anomalies saved
    assert screen.step == ITEMS


def _message(screen: HandoverScreen) -> str:
    return str(screen.query_one("#handover-message", Static).render())


def _stored(db) -> Handover:
    with UnitOfWork(db, write=False) as uow:
        return uow.session.exec(select(Handover)).one()


async def test_r_ho_whole_morning_handover_with_the_keyboard_blocked_until_the_emergency_is_taken_over(duty_db):
    app = duty_app(duty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_handover(pilot)
        await _walk_to_items(pilot, screen)
        items = screen.view.state.items
        assert items[EMERGENCY_ROW].important and "电梯困人" in items[EMERGENCY_ROW].title
        # Every other item gets a disposition; the emergency is still open.
        await _keys(pilot, "down", "f")  # R-HO-6: the ticket is not reported yet
        assert "R-HO-6" in _message(screen) and screen.view.state.items[1].disposition is None
        await _keys(pilot, "t", "down", "t", "down", "l")
        await _type(pilot, "等待配件")
        await _keys(pilot, "enter")
        await _keys(pilot, "ctrl+n")
        assert screen.step == ITEMS  # R-HO-3: refused, with the reason shown
        assert "R-HO-3" in _message(screen) and "电梯困人" in _message(screen)
        # The incoming officer takes the emergency over: signing goes on.
        await _keys(pilot, "up", "up", "up", "t", "ctrl+n")
        assert screen.step == OUTGOING
        await _type(pilot, "wrong-pw")  # the name is the rostered officer's already
        await _keys(pilot, "enter")
        assert screen.step == OUTGOING and "R-HO-4" in _message(screen)
        await _type(pilot, "demo")
        await _keys(pilot, "enter")
        assert screen.step == INCOMING
        await _type(pilot, "陈晓燕")
        await _keys(pilot, "enter")
        await _type(pilot, "demo")
        await _keys(pilot, "enter")
        assert screen.step == DONE
        assert "陈晓燕" in str(screen.query_one("#handover-record", Static).render())
    row = _stored(duty_db)
    assert row.stage == Stage.SIGNED.value and row.log_head_id == 4
    view = service.get_handover(site_of(duty_db), row.id)
    assert (view.outgoing, view.incoming) == ("赵强", "陈晓燕")
    assert [i.disposition for i in view.state.items] == [
        Disposition.TAKEN_OVER, Disposition.TAKEN_OVER, Disposition.TAKEN_OVER, Disposition.LEFT]
    with UnitOfWork(duty_db, write=False) as uow:
        events = uow.session.exec(select(TicketEvent).where(TicketEvent.kind == "handover")).all()
    assert sorted(e.ticket_id for e in events) == sorted(
        i.ref_id for i in view.state.items if i.disposition is Disposition.TAKEN_OVER)
    assert all(json.loads(e.data)["from"] == "赵强" for e in events)


async def test_r_ho_3_override_by_an_assistant_with_a_reason(duty_db):
    app = duty_app(duty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_handover(pilot)
        await _walk_to_items(pilot, screen)
        await _keys(pilot, "l")
        await _type(pilot, "维保单位已到场")
        await _keys(pilot, "enter", "down", "t", "down", "t", "down", "t")
        await _keys(pilot, "ctrl+n")
        assert screen.step == ITEMS and "R-HO-3" in _message(screen)
        # A duty officer cannot override.
        await _keys(pilot, "o")
        await _type(pilot, "赵强")
        await _keys(pilot, "enter")
        await _type(pilot, "demo")
        await _keys(pilot, "enter")
        await _type(pilot, "我负责")
        await _keys(pilot, "enter")
        assert "R-HO-3" in _message(screen) and screen.view.state.override is None
        # The assistant, with her own password and a reason.
        await _keys(pilot, "o")
        await _type(pilot, "李娜")
        await _keys(pilot, "enter")
        await _type(pilot, "demo")
        await _keys(pilot, "enter")
        await _type(pilot, "主任助理在场 电梯维保已处理")
        await _keys(pilot, "enter")
        assert screen.view.state.override is not None and screen.view.state.override.by.name == "李娜"
        await _keys(pilot, "ctrl+n")
        assert screen.step == OUTGOING
        await _type(pilot, "demo")
        await _keys(pilot, "enter")
        await _type(pilot, "陈晓燕")
        await _keys(pilot, "enter")
        await _type(pilot, "demo")
        await _keys(pilot, "enter")
        assert screen.step == DONE
    row = _stored(duty_db)
    assert row.stage == Stage.SIGNED.value and row.override_reason == "主任助理在场 电梯维保已处理"


async def test_r_ho_an_interrupted_handover_resumes_where_it_stopped(duty_db):
    app = duty_app(duty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_handover(pilot)
        await _keys(pilot, "ctrl+n")
        await _count_everything(pilot, screen)
    # The terminal closed; the desk starts the app again.
    again = duty_app(duty_db)
    async with again.run_test(size=(80, 24)) as pilot:
        screen = await _open_handover(pilot, "陈晓燕")
        assert screen.step == REVIEW
        assert [c.counted for c in screen.view.state.counts] == [c.expected for c in screen.view.state.counts]
        # Back to the counts: what was typed is still there.
        await _keys(pilot, "ctrl+b")
        assert screen.step == COUNTS
        assert screen.counts_form.counts()[0].counted == screen.view.state.counts[0].expected


async def test_r_ho_5_an_emergency_recorded_at_another_desk_joins_the_open_handover(duty_db):
    from desk_data import TicketSpec, add_tickets
    from test_duty_data import MORNING

    app = duty_app(duty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_handover(pilot)
        await _walk_to_items(pilot, screen)
        before = screen.items_table.row_count
        await _keys(pilot, "down", "t")  # the officers are at work on the second row
        # Another desk records an emergency while the handover is open.
        add_tickets(duty_db, [TicketSpec("3-1-101", "钱先生", "13800002222", "security", "3号楼火警",
                                         emergency=True, department="security", received_hours_ago=0.01,
                                         due_in_hours=1, status="assigned")], now=MORNING)
        app._data_changed()  # what the poll does when another connection committed
        await settle(pilot)
        await pilot.pause()
        await settle(pilot)
        assert screen.step == ITEMS and screen.items_table.row_count == before + 1
        assert screen.items_table.cursor_row == 1  # the officers keep their place
        new = [i for i in screen.view.state.items if i.new]
        assert [i.title for i in new] and "3号楼火警" in new[0].title and new[0].blocking
        # Everything else handed over: the new emergency still blocks the signing.
        for row in range(screen.items_table.row_count):
            item = screen.view.state.items[row]
            if item.disposition is None and not item.new:
                screen.items_table.move_cursor(row=row)
                await _keys(pilot, "t")
        await _keys(pilot, "ctrl+n")
        assert screen.step == ITEMS and "3号楼火警" in _message(screen) and "R-HO-5" in _message(screen)


async def test_r_ho_6_enter_on_a_ticket_item_opens_the_ticket_for_its_next_step(duty_db):
    from frontdesk_tui.ui.registry import ticket_screen_class

    app = duty_app(duty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_handover(pilot)
        await _walk_to_items(pilot, screen)
        await _keys(pilot, "down")
        detail = str(screen.query_one("#handover-item-detail", Static).render())
        assert "R-HO-6" in detail
        ticket_id = screen.current_item().ref_id
        await _keys(pilot, "enter")
        await until_screen(pilot, ticket_screen_class())
        assert pilot.app.screen.ticket_id == ticket_id
        await _keys(pilot, "escape")
        await until_screen(pilot, HandoverScreen)
        assert pilot.app.screen.step == ITEMS


def _detail_on_screen(app) -> list[str]:
    """The lines of the item detail as the terminal shows them (not what the widget holds)."""
    from textual.geometry import Region

    detail = app.screen.query_one("#handover-item-detail", Static)
    strips = detail.render_lines(Region(0, 0, *detail.outer_size))
    return ["".join(segment.text for segment in strip) for strip in strips]


async def test_r_ho_6_the_next_step_shows_below_the_blocking_line_at_80x24(duty_db):
    """While important work blocks (the usual case during a handover), a ticket item's detail still
    shows where the ticket stands and that Enter opens it for its next step: the detail holds the
    item, the blocking line and the ticket line within its height."""
    app = duty_app(duty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_handover(pilot)
        await _walk_to_items(pilot, screen)
        assert screen.view.blocking  # the lift emergency blocks
        for row, item in enumerate(screen.view.state.items):
            if item.kind.value == "ticket" and not screen.view.finished_on_record(item):
                screen.items_table.move_cursor(row=row)
                break
        else:
            pytest.fail("no ticket item on the checklist")
        await settle(pilot)
        shown = "\n".join(_detail_on_screen(app))
        assert "R-HO-3" in shown and "R-HO-6" in shown, shown


def test_the_signed_record_keeps_the_anomaly_lines_as_written() -> None:
    from datetime import UTC, datetime, timedelta

    from frontdesk_tui.domain.duty.handover import HandoverState, Stage
    from frontdesk_tui.services.duty.handover import HandoverView
    from frontdesk_tui.ui.screens.duty.handover import record_text

    at = datetime(2026, 11, 25, 0, 30, tzinfo=UTC)
    state = HandoverState(at=at, stage=Stage.SIGNED, anomalies="北门岗亭灯不亮\n3号楼电梯异响 [b]x[/b]",
                          outgoing_signed_at=at, incoming_signed_at=at)
    view = HandoverView(id=1, version=3, at=at, state=state, outgoing_start=at - timedelta(hours=15),
                        incoming_end=at + timedelta(hours=9), expected_outgoing="赵强", expected_incoming=None,
                        outgoing="赵强", incoming="陈晓燕", started_by="陈晓燕")
    lines = record_text(view, UTC).plain.splitlines()
    at_anomalies = next(i for i, line in enumerate(lines) if line.startswith("Anomalies"))
    assert lines[at_anomalies + 1 : at_anomalies + 3] == ["  北门岗亭灯不亮", "  3号楼电梯异响 [b]x[/b]"]
    one = HandoverView(**{**view.__dict__, "state": HandoverState(at=at, stage=Stage.SIGNED, anomalies="无异常")})
    assert "Anomalies: 无异常" in record_text(one, UTC).plain
