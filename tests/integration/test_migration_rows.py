"""Upgrades keep every row (issue 14): a database at the first revision with rows in every table
that revision has, upgraded to the head, reads back row for row on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from frontdesk_tui.data import migrate
from frontdesk_tui.data.all_tables import metadata
from frontdesk_tui.data.db import Database

FIRST = "0001_foundation"
AT = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)

#: One or more rows for every table of the first revision (department is seeded by it).
ROWS: dict[str, list[dict]] = {
    "building": [{"id": 1, "code": "3", "name": "3号楼"}, {"id": 2, "code": "7", "name": ""}],
    "publicarea": [{"id": 1, "name": "地下车库"}],
    "operator": [
        {"id": 1, "name": "张建国", "role": "director", "department": None, "password_hash": "scrypt$16384$8$1$AA==$AA==",
         "active": True, "created_at": AT},
        {"id": 2, "name": "陈晓燕", "role": "receptionist", "department": "service_centre",
         "password_hash": "scrypt$16384$8$1$AA==$AA==", "active": False, "created_at": AT},
    ],
    "unit": [{"id": 1, "building_id": 1, "entrance": "2", "room": "1201", "label": "3-2-1201"}],
    "owner": [{"id": 1, "unit_id": 1, "name": "王芳", "phone": "13812345678"},
              {"id": 2, "unit_id": 1, "name": "李强", "phone": ""}],
    "inbox": [{"id": 1, "operator_id": 1, "created_at": AT, "kind": "warning", "rule": "R-DL-6", "ref_type": "ticket",
               "ref_id": 9, "message": "80 %", "read_at": None},
              {"id": 2, "operator_id": 2, "created_at": AT, "kind": "overdue", "rule": "", "ref_type": "",
               "ref_id": None, "message": "", "read_at": AT}],
    "audit": [{"id": 1, "at": AT, "operator_id": 1, "action": "operator.add", "detail": "陈晓燕 receptionist"},
              {"id": 2, "at": AT, "operator_id": None, "action": "estate.import", "detail": "x" * 2000}],
}


def _first_revision_tables(conn) -> set[str]:
    return set(sa.inspect(conn).get_table_names()) - {"alembic_version"}


def _read(conn, name: str, columns: list[str]) -> list[tuple]:
    table = metadata.tables[name]
    cols = [table.c[c] for c in columns]
    return [tuple(r) for r in conn.execute(sa.select(*cols).order_by(*table.primary_key.columns))]


def test_first_revision_with_rows_in_every_table_upgrades_keeping_every_row(db_url: str) -> None:
    database = Database(db_url)
    try:
        migrate.upgrade(database, FIRST)
        with database.write_engine.begin() as conn:
            tables = _first_revision_tables(conn)
            assert set(ROWS) | {"department"} == tables, "a table of the first revision has no rows here"
            for name in ("building", "publicarea", "operator", "unit", "owner", "inbox", "audit"):
                conn.execute(sa.insert(metadata.tables[name]), ROWS[name])
            columns = {t: [c["name"] for c in sa.inspect(conn).get_columns(t)] for t in tables}
            before = {t: _read(conn, t, columns[t]) for t in tables}
        assert all(before[t] for t in tables)
        migrate.upgrade(database)
        assert not migrate.needs_upgrade(database)
        with database.read_engine.connect() as conn:
            after = {t: _read(conn, t, columns[t]) for t in tables}
        for name in sorted(tables):
            assert after[name] == before[name], name
    finally:
        database.dispose()
