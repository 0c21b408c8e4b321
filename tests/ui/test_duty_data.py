"""Fixed data for the night-duty screen tests (no tests here): the desk database of ``desk_data``
with two duty officers, a roster, a night of duty log and the tickets a morning handover sees.

The clock is Wednesday 25 November 2026, 08:20 in Shanghai: ten minutes before the duty officer
hands over to the day desk.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from desk_data import PASSWORD, TicketSpec, add_tickets, build_desk_db, desk_settings
from sqlmodel import select

from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import Operator
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.i18n import set_language
from frontdesk_tui.services.duty import log as dutylog
from frontdesk_tui.services.duty import roster
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.site.passwords import hash_password
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.ui.app import FrontdeskApp, make_app

#: 08:20 in Shanghai on a working Wednesday.
MORNING = datetime(2026, 11, 25, 0, 20, tzinfo=UTC)

HANDOVER_TICKETS = [
    TicketSpec("1-1-101", "赵敏", "15011112222", "engineering", "电梯困人，一名老人被困", emergency=True,
               department="engineering", severity="major", received_hours_ago=0.2, due_in_hours=0.8,
               status="assigned"),
    TicketSpec("地下车库", "李强", "13900001111", "security", "车库B区照明全部熄灭", department="security",
               received_hours_ago=10, due_in_hours=4),
    TicketSpec("5-1-302", "张秀英", "13655556666", "sanitation", "楼道垃圾两天没有清运", department="sanitation",
               received_hours_ago=26, due_in_hours=-2),
    TicketSpec("7-2-1802", "孙丽", "18688889999", "service", "[bold]客服[/bold] 态度差 \x1b[31m红字",
               department="property", received_hours_ago=2, due_in_hours=5),
]

NIGHT = [
    (timedelta(hours=-13, minutes=-40), "业主来电：3-2-1201 楼上漏水，已通知工程部", "19:30 关闭楼上总阀", False),
    (timedelta(hours=-11), "[red]巡查[/red] 客服中心门窗、监控正常", "", False),
    (timedelta(hours=-7, minutes=-10), "中心花园路灯 3 盏不亮，已记录报修", "待工程部白天处理", False),
    (timedelta(hours=-3, minutes=-50), "巡查消防通道畅通", "", False),
]


def site_of(db: Database) -> Site:
    from frontdesk_tui.domain.calendar import WorkCalendar

    return Site(settings=desk_settings(db), db=db, calendar=WorkCalendar())


def _add_officers(db: Database) -> dict[str, Actor]:
    people = {}
    with UnitOfWork(db) as uow:
        pw = hash_password(PASSWORD)
        for name in ("赵强", "孙伟"):
            row = Operator(name=name, role="duty_officer", department="service_centre", password_hash=pw,
                           created_at=MORNING)
            uow.session.add(row)
            uow.session.flush()
            assert row.id is not None
            people[name] = Actor(row.id, name, Role.DUTY_OFFICER, "service_centre")
        assistant = uow.session.exec(select(Operator).where(Operator.name == "李娜")).one()
        people["李娜"] = Actor(assistant.id, "李娜", Role.ASSISTANT, assistant.department)
        uow.commit()
    return people


def build_duty_db(path: Path) -> Database:
    db = build_desk_db(path, tickets=[])
    add_tickets(db, HANDOVER_TICKETS, now=MORNING)
    people = _add_officers(db)
    site = site_of(db)
    days = {datetime(2026, 11, d).date(): ("赵强" if d % 2 == 0 else "孙伟") for d in range(23, 31)}
    roster.set_roster(site, people["李娜"], 2026, 11, days, now=MORNING - timedelta(days=2))
    for offset, text, follow_up, important in NIGHT:
        dutylog.add_entry(site, people["赵强"], text, now=MORNING + offset, follow_up=follow_up, important=important)
    return db


def duty_app(db: Database, lang: str = "en", now: datetime = MORNING) -> FrontdeskApp:
    set_language(lang)
    app = make_app(desk_settings(db), db, clock=lambda: now, poll_interval=3600)
    app.monotonic = lambda: 1000.0  # type: ignore[method-assign]
    return app
