"""Notices at the desks (issue 13 point 5): a step taken at one desk reaches the header's inbox count
of every other open desk at its next change poll (``check_for_changes``, every ~2 s), without a
sign-in or a key press."""

from __future__ import annotations

from datetime import timedelta

from desk_data import NOW, TICKETS, desk_settings, operator_id
from desk_pilot import settle, signed_in_queue
from sqlmodel import select

from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables_tickets import Ticket
from frontdesk_tui.services import tickets
from frontdesk_tui.services.site import open_site
from frontdesk_tui.services.site.operators import actor_by_id
from frontdesk_tui.services.uow import UnitOfWork

H = timedelta(hours=1)


def _ticket_at(db: Database, location: str) -> int:
    with UnitOfWork(db, write=False) as uow:
        return uow.session.exec(select(Ticket.id).where(Ticket.location == location)).one()


def _header(app) -> str:
    return app.export_screenshot().replace("&#160;", " ")


async def _poll(app, pilot) -> None:
    app.check_for_changes()  # what the 2-second poll does
    await settle(pilot)


async def test_r_lc_7_the_handler_s_open_desk_counts_an_assignment_made_elsewhere(make_desk_app, desk_db) -> None:
    other = Database(desk_db.url)  # the assistant's desk: another process, its own connections
    site = open_site(desk_settings(other), other)
    app = make_desk_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await signed_in_queue(pilot, "周师傅")
            await _poll(app, pilot)  # the first look records where things stand
            assert app.inbox_unread == 0
            assistant = actor_by_id(other, operator_id(other, "李娜"))
            noise = _ticket_at(other, "2-1-601")
            tickets.act(site, assistant, noise, "assign", {"department": "engineering", "handler": "周师傅"}, now=NOW)
            await _poll(app, pilot)
            assert app.inbox_unread == 1
            assert "Inbox 1" in _header(app)
    finally:
        other.dispose()


async def test_r_lc_7_the_desk_that_took_it_counts_the_reported_result(make_desk_app, desk_db) -> None:
    other = Database(desk_db.url)  # 周师傅 reports from his own terminal
    site = open_site(desk_settings(other), other)
    app = make_desk_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await signed_in_queue(pilot, "陈晓燕")
            await _poll(app, pilot)
            assert app.inbox_unread == 0
            leak = _ticket_at(other, TICKETS[0].location)
            eng = actor_by_id(other, operator_id(other, "周师傅"))
            for step, fields in (("investigate", {"note": "查看"}), ("plan", {"note": "换接头"}), ("start", {})):
                tickets.act(site, eng, leak, step, fields, now=NOW + H)
            await _poll(app, pilot)
            assert app.inbox_unread == 0  # steps that concern nobody else tell nobody
            tickets.act(site, eng, leak, "report", {"note": "已更换接头", "how_told": "phone"}, now=NOW + H)
            await _poll(app, pilot)
            assert app.inbox_unread == 1
            assert "Inbox 1" in _header(app)
    finally:
        other.dispose()
