"""R-IN-1a on SQLite and PostgreSQL: migration 0012 keeps every ticket's channel (the plain
channel, no detail invented), and the detail is saved and counted."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import select
from test_duty_support import add_people

from frontdesk_tui.data import migrate
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables_tickets import Ticket
from frontdesk_tui.services.uow import UnitOfWork

BEFORE = "0011_inbox_message_key"
CHANNELS = ("visit", "phone", "online", "staff", "phone", "online")


def _rows_as_0011_stored_them(database: Database, people, now) -> list[int]:
    table = sa.Table("ticket", sa.MetaData(), autoload_with=database.write_engine)
    assert "channel_detail" not in table.columns
    ids = []
    with database.write_engine.begin() as conn:
        for i, channel in enumerate(CHANNELS):
            row = {}
            for col in table.columns:
                if col.primary_key or col.nullable or col.server_default is not None:
                    continue
                kind = type(col.type).__name__.upper()
                if "INT" in kind:
                    row[col.name] = people["陈晓燕"].id if col.name in ("created_by", "updated_by") else 1
                elif "BOOL" in kind:
                    row[col.name] = False
                elif "DATE" in kind or "TIME" in kind:
                    row[col.name] = now - timedelta(hours=2)
                else:
                    row[col.name] = "x"
            row.update(status="assigned", channel=channel, category="engineering", department="engineering",
                       due_at=now + timedelta(hours=i + 1))
            ids.append(conn.execute(sa.insert(table).values(**row)).inserted_primary_key[0])
    return ids


def test_r_in_1a_migration_0012_keeps_every_tickets_channel_as_the_plain_channel(db_url, now):
    database = Database(db_url)
    try:
        migrate.upgrade(database, BEFORE)
        people = add_people(database, now)
        ids = _rows_as_0011_stored_them(database, people, now)
        with database.read_engine.connect() as conn:
            before = conn.execute(sa.text("SELECT * FROM ticket ORDER BY id")).mappings().all()
        migrate.upgrade(database)
        assert not migrate.needs_upgrade(database)
        assert migrate.schema_differences(database) == []
        with UnitOfWork(database, write=False) as uow:
            rows = uow.session.exec(select(Ticket.id, Ticket.channel, Ticket.channel_detail).order_by(Ticket.id)).all()
        assert [tuple(r) for r in rows] == [(i, c, "") for i, c in zip(ids, CHANNELS, strict=True)]
        with database.read_engine.connect() as conn:
            after = conn.execute(sa.text("SELECT * FROM ticket ORDER BY id")).mappings().all()
        # Every other column reads back as before, row for row.
        assert [{k: v for k, v in r.items() if k != "channel_detail"} for r in after] == [dict(r) for r in before]
    finally:
        database.dispose()
