"""``make bench``: the queue with 100,000 tickets, timed.

Builds (or reuses) a SQLite file with the demo estate and N tickets written in bulk, then times the
queries the queue screen runs and the app's start to the first painted queue page. Prints numbers;
asserts nothing (tests never time anything).

    python -m bench [--tickets 100000] [--open-share 0.2] [--db PATH] [--rebuild]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from frontdesk_tui.config import Settings
from frontdesk_tui.data import migrate
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import Operator, Unit
from frontdesk_tui.data.tables_tickets import Ticket
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import DEFAULT_DEPARTMENT, OPEN_STATUSES, Category, Role
from frontdesk_tui.services.demo import load_estate
from frontdesk_tui.services.site.passwords import hash_password
from frontdesk_tui.services.site.session import make_calendar
from frontdesk_tui.services.tickets import queue
from frontdesk_tui.services.uow import UnitOfWork

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
WORDS = (
    "漏水", "渗水", "电梯", "困人", "停电", "噪音", "装修", "垃圾", "清运", "绿化", "修剪", "保安",
    "巡逻", "门禁", "车库", "照明", "堵塞", "下水道", "空调", "外墙", "脱落", "楼道", "堆放", "宠物",
    "扰民", "态度", "收费", "物业费", "停车", "占用", "消防", "通道", "监控", "快递",
)
CLOSED = ("closed", "answered", "withdrawn", "invalid")


def build(path: Path, tickets: int, open_share: float) -> Database:
    path.unlink(missing_ok=True)
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    rng = random.Random(7)
    with UnitOfWork(db) as uow:
        op = Operator(name="陈晓燕", role="receptionist", department="service_centre",
                      password_hash=hash_password("demo"), created_at=NOW)
        uow.session.add(op)
        load_estate(uow, rng)
        uow.commit()
    with UnitOfWork(db, write=False) as uow:
        units = list(uow.session.execute(select(Unit.id, Unit.label)))
        op_id = uow.session.execute(select(Operator.id)).scalar_one()
    categories = list(Category)
    batch: list[dict] = []
    with db.write_engine.begin() as conn:
        for i in range(tickets):
            unit_id, label = rng.choice(units)
            received = NOW - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
            is_open = rng.random() < open_share
            status = rng.choice(OPEN_STATUSES).value if is_open else rng.choice(CLOSED)
            cat = rng.choice(categories)
            text = "，".join(rng.sample(WORDS, 3))
            owner = "业主" + str(i % 997)
            phone = f"13{rng.randrange(10**9):09d}"
            due = received + timedelta(hours=24) if not is_open else NOW + timedelta(hours=rng.randrange(-48, 24 * 15))
            batch.append(dict(
                version=1, status=status, channel="phone", category=cat.value, severity="minor",
                complexity="simple", emergency=is_open and rng.random() < 0.002, unit_id=unit_id,
                location=label, owner_name=owner, phone=phone, contact="", received_at=received, place="",
                against="", description=text, request="", equipment="", symptom="", staff="",
                read_back_confirmed=True, department=DEFAULT_DEPARTMENT[cat], handler_id=None, due_at=due,
                deadline_started_at=received, follow_up_done=False, follow_up_flagged=False, has_summary=False,
                escalated=False, search_text=f"{label} {owner} {phone} {text}".lower(), created_by=op_id,
                updated_at=received, updated_by=op_id,
            ))
            if len(batch) == 5000:
                conn.execute(insert(Ticket), batch)
                batch.clear()
        if batch:
            conn.execute(insert(Ticket), batch)
    # No ANALYZE: a desk's database never gets one, so the plans timed here are the plans it gets.
    return db


def timed(label: str, fn: Callable[[], object], repeat: int = 5) -> object:
    result = fn()  # warm the cache once; the desk runs all day
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    print(f"  {label:<44} median {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms")
    return result


async def first_paint(settings: Settings, db: Database, actor: Actor) -> tuple[float, float]:
    from frontdesk_tui.ui.app import make_app
    from frontdesk_tui.ui.screens.tickets.queue import QueueScreen

    app = make_app(settings, db, clock=lambda: NOW)
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        to_sign_in = time.perf_counter() - start
        signed = time.perf_counter()
        app.screen.dismiss(actor)  # the sign-in screen, as if the password had been typed
        while not (isinstance(app.screen, QueueScreen) and app.screen.table.row_count):
            await pilot.pause(0.01)
        painted = time.perf_counter() - signed
    return to_sign_in * 1000, painted * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--open-share", type=float, default=0.2, help="share of tickets still open")
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "frontdesk-bench.sqlite3")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the file even if it has the tickets")
    args = parser.parse_args(argv)

    db = Database(f"sqlite:///{args.db}")
    try:
        with UnitOfWork(db, write=False) as uow:
            have = uow.session.execute(select(func.count()).select_from(Ticket)).scalar_one()
    except Exception:
        have = -1
    if args.rebuild or have != args.tickets:
        db.dispose()
        print(f"building {args.db} with {args.tickets:,} tickets ({args.open_share:.0%} open) …")
        start = time.perf_counter()
        db = build(args.db, args.tickets, args.open_share)
        print(f"  built in {time.perf_counter() - start:.1f} s")
    settings = Settings(db=db.url)
    calendar = make_calendar(settings)
    with UnitOfWork(db, write=False) as uow:
        op = uow.session.execute(select(Operator)).scalar_one()
        actor = Actor(id=op.id, name=op.name, role=Role(op.role), department=op.department)
        open_count = uow.session.execute(
            select(func.count()).select_from(Ticket).where(Ticket.status.in_([s.value for s in OPEN_STATUSES]))
        ).scalar_one()
    print(f"{args.tickets:,} tickets, {open_count:,} open, SQLite {args.db}")

    def load(flt: queue.QueueFilter, **kw):
        return queue.load_page(db, actor, flt, now=NOW, tz=settings.tz, calendar=calendar, **kw)

    first = timed("first queue page (due, 50 rows)", lambda: load(queue.QueueFilter()))
    timed("first page sorted by received", lambda: load(queue.QueueFilter(sort="received")))
    timed("first page sorted by id", lambda: load(queue.QueueFilter(sort="id")))
    filtered = queue.QueueFilter(department="engineering", status="assigned")
    timed("filtered page (department + status)", lambda: load(filtered))
    timed("overdue only", lambda: load(queue.QueueFilter(overdue_only=True)))
    timed("2-character search 漏水", lambda: load(queue.QueueFilter(search="漏水")))
    timed("1-character search 梯", lambda: load(queue.QueueFilter(search="梯")))
    timed("unit prefix search 3-2-", lambda: load(queue.QueueFilter(search="3-2-")))
    timed("next page via keyset", lambda: load(queue.QueueFilter(), after=first.last_key))  # type: ignore[attr-defined]
    deep = first
    for _ in range(40):
        deep = load(queue.QueueFilter(), after=deep.last_key)  # type: ignore[attr-defined]
    timed("page 41 via keyset", lambda: load(queue.QueueFilter(), after=deep.last_key))  # type: ignore[attr-defined]
    timed("count (all open)", lambda: queue.count_tickets(db, actor, queue.QueueFilter(), now=NOW))
    timed("count (search 漏水)", lambda: queue.count_tickets(db, actor, queue.QueueFilter(search="漏水"), now=NOW))
    watcher = queue.ChangeWatcher(db)
    timed("change probe (PRAGMA data_version)", watcher.changed, repeat=20)
    watcher.close()
    to_sign_in, painted = asyncio.run(first_paint(settings, db, actor))
    print(f"  {'app start to the sign-in screen':<44} {to_sign_in:7.1f} ms")
    print(f"  {'signed in to the first painted queue page':<44} {painted:7.1f} ms")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
