"""Fixed data for the UI tests: a migrated SQLite file with the demo estate, a few operators and
tickets written straight into the ticket table (independent of the intake service)."""

from __future__ import annotations

import atexit
import os
import random
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from frontdesk_tui.config import Settings
from frontdesk_tui.data import migrate
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import Department, InboxItem, Operator, Unit
from frontdesk_tui.data.tables_tickets import Ticket
from frontdesk_tui.domain.codes import DEPARTMENTS
from frontdesk_tui.services.demo import load_estate
from frontdesk_tui.services.site.passwords import hash_password
from frontdesk_tui.services.uow import UnitOfWork

#: Wednesday 25 November 2026, 10:00 in Shanghai.
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
PASSWORD = "demo"

OPERATORS = [
    ("陈晓燕", "receptionist", "service_centre"),
    ("刘婷", "receptionist", "service_centre"),
    ("李娜", "assistant", "property"),
    ("周师傅", "staff", "engineering"),
    ("停用者", "receptionist", "service_centre"),
]


@dataclass
class TicketSpec:
    location: str
    owner: str
    phone: str
    category: str
    description: str
    status: str = "received"
    severity: str | None = "minor"
    complexity: str | None = "simple"
    emergency: bool = False
    department: str = "service_centre"
    received_hours_ago: float = 1.0
    due_in_hours: float = 23.0
    handler: str | None = None
    reported: bool = False


TICKETS = [
    TicketSpec("3-2-1201", "王芳", "13812345678", "engineering", "卫生间漏水，楼下天花板渗水", department="engineering",
               severity="important", complexity="moderate", received_hours_ago=30, due_in_hours=50, status="assigned",
               handler="周师傅"),
    TicketSpec("地下车库", "李强", "13900001111", "security", "车库B区照明全部熄灭", department="security",
               received_hours_ago=20, due_in_hours=4),
    TicketSpec("5-1-302", "张秀英", "13655556666", "sanitation", "楼道垃圾两天没有清运", department="sanitation",
               received_hours_ago=26, due_in_hours=-2),
    TicketSpec("1-1-101", "赵敏", "15011112222", "engineering", "电梯困人，一名老人被困", emergency=True,
               department="engineering", severity="major", received_hours_ago=0.05, due_in_hours=0.95,
               status="assigned"),
    TicketSpec("7-2-1802", "孙丽", "18688889999", "service", "[bold]客服[/bold] 态度差 [link=x]点我[/link] \x1b[31m红字",
               department="property", received_hours_ago=2, due_in_hours=22),
    TicketSpec("2-1-601", "周杰", "13300004444", "other", "楼上装修噪音 [/ 每天早上七点开始", received_hours_ago=5,
               due_in_hours=19, status="assessed"),
    TicketSpec("会所", "吴涛", "0755-86001234", "service", "会所前台无人值守", department="property",
               received_hours_ago=3, due_in_hours=21, status="result_reported", reported=True),
]


def searchable(spec: TicketSpec) -> str:
    return " ".join([spec.location, spec.owner, spec.phone, spec.description]).lower()


def _build(target: Path | str, tickets: list[TicketSpec]) -> Database:
    db = Database(target if isinstance(target, str) else f"sqlite:///{target}")
    migrate.upgrade(db)
    rng = random.Random(20261125)
    with UnitOfWork(db) as uow:
        s = uow.session
        for code, name in DEPARTMENTS.items():
            if s.get(Department, code) is None:
                s.add(Department(code=code, name=name))
        s.flush()
        pw = hash_password(PASSWORD)
        for name, role, dept in OPERATORS:
            s.add(Operator(name=name, role=role, department=dept, password_hash=pw, created_at=NOW,
                           active=name != "停用者"))
        load_estate(uow, rng, owners_wanted=40)
        uow.commit()
    add_tickets(db, tickets)
    return db


_templates: dict[str, Path] = {}
_template_dir: Path | None = None


def _template(tickets: list[TicketSpec]) -> Path:
    """The desk database with ``tickets``, built once per test process (per xdist worker)."""
    global _template_dir
    key = repr(tickets)
    if key not in _templates:
        if _template_dir is None:
            _template_dir = Path(tempfile.mkdtemp(prefix="desk-template-"))
            atexit.register(shutil.rmtree, _template_dir, True)
        path = _template_dir / f"desk-{len(_templates)}.sqlite3"
        _build(path, tickets).dispose()
        _templates[key] = path
    return _templates[key]


def build_desk_db(target: Path | str, *, tickets: list[TicketSpec] | None = None) -> Database:
    """A fresh migrated database (a SQLite file at a path, or a URL) with the estate, OPERATORS and
    ``tickets`` (default TICKETS).

    A SQLite file is a copy of a template built once per test process (migrations and password
    hashing dominate the build); a URL (PostgreSQL) is replayed from a schema built once per test
    process (tests/pg_templates.py)."""
    tickets = TICKETS if tickets is None else tickets
    if isinstance(target, str):
        if not target.startswith("sqlite:///"):
            from pg_templates import build_from_template

            build_from_template(target, "desk " + repr(tickets), lambda url: _build(url, tickets).dispose())
            return Database(target)
        target = Path(target.removeprefix("sqlite:///"))
    source = sqlite3.connect(_template(tickets))
    fd = os.open(target, os.O_CREAT | os.O_RDWR, 0o600)  # owners' data: as the app creates it
    os.close(fd)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # a consistent copy, WAL included
    finally:
        copy.close()
        source.close()
    return Database(f"sqlite:///{target}")


def operator_id(db: Database, name: str) -> int:
    with UnitOfWork(db, write=False) as uow:
        row = uow.session.exec(select(Operator).where(Operator.name == name)).one()
        assert row.id is not None
        return row.id


def add_tickets(db: Database, specs: list[TicketSpec], *, now: datetime = NOW) -> list[int]:
    ids = []
    with UnitOfWork(db) as uow:
        s = uow.session
        creator = s.exec(select(Operator).where(Operator.name == "陈晓燕")).one()
        units = {u.label: u.id for u in s.exec(select(Unit))}
        for spec in specs:
            received = now - timedelta(hours=spec.received_hours_ago)
            due = now + timedelta(hours=spec.due_in_hours)
            handler = None
            if spec.handler:
                handler = s.exec(select(Operator).where(Operator.name == spec.handler)).one().id
            t = Ticket(
                status=spec.status, channel="phone", category=spec.category, severity=spec.severity,
                complexity=spec.complexity, emergency=spec.emergency, unit_id=units.get(spec.location),
                location=spec.location, owner_name=spec.owner, phone=spec.phone, received_at=received,
                description=spec.description, department=spec.department, handler_id=handler, due_at=due,
                deadline_started_at=received, on_site_due=received + timedelta(minutes=10) if spec.emergency else None,
                reported_at=now - timedelta(hours=1) if spec.reported else None, search_text=searchable(spec),
                created_by=creator.id, updated_at=received, updated_by=creator.id,
            )
            s.add(t)
            s.flush()
            ids.append(t.id)
        uow.commit()
    return ids


def add_inbox(db: Database, name: str, count: int) -> None:
    op = operator_id(db, name)
    with UnitOfWork(db) as uow:
        for i in range(count):
            uow.session.add(InboxItem(operator_id=op, created_at=NOW, kind="warning", message=f"item {i}"))
        uow.commit()


def desk_settings(db: Database, **overrides) -> Settings:
    return Settings(db=db.url, site_name="示范花园物业服务中心", **overrides)
