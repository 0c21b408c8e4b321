"""The PostgreSQL test databases are copies of a migrated template database (tests/pg_templates.py):
a copy must be the database the migrations make, or every PostgreSQL test would test something else."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from frontdesk_tui.data import migrate
from frontdesk_tui.data.db import Database
from pg_templates import build_from_template, database_of, database_url, drop_database, new_name

pytestmark = pytest.mark.postgres

#: What the app's schema is made of (``public``, where the migrations write).
CATALOG = {
    "columns": """SELECT table_name, column_name, data_type, is_nullable,
                         replace(coalesce(column_default, ''), :schema || '.', '')
                  FROM information_schema.columns WHERE table_schema = :schema""",
    "indexes": """SELECT tablename, indexname, replace(indexdef, :schema || '.', '')
                  FROM pg_indexes WHERE schemaname = :schema""",
    "constraints": """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
                      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                      WHERE n.nspname = :schema""",
    "triggers": """SELECT event_object_table, trigger_name, event_manipulation, action_timing,
                          replace(action_statement, :schema || '.', '')
                   FROM information_schema.triggers WHERE trigger_schema = :schema""",
    "functions": """SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = :schema""",
    "sequences": """SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = :schema""",
}


def _catalog(url: str) -> dict[str, set[tuple]]:
    schema = "public"
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            found = {name: {tuple(row) for row in conn.execute(sa.text(sql), {"schema": schema})}
                     for name, sql in CATALOG.items()}
            found["alembic_version"] = {tuple(r) for r in conn.exec_driver_sql(
                f'SELECT version_num FROM "{schema}".alembic_version')}
            tables = [r[0] for r in conn.execute(sa.text(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = :schema "
                "AND table_type = 'BASE TABLE'"), {"schema": schema})]
            found["rows"] = {(t, conn.exec_driver_sql(f'SELECT count(*) FROM "{schema}"."{t}"').scalar_one())
                             for t in tables}
        return found
    finally:
        engine.dispose()


def _upgrade(url: str) -> None:
    database = Database(url)
    migrate.upgrade(database)
    database.dispose()


def test_a_copied_database_is_the_one_the_migrations_make(pg_url: str) -> None:
    _upgrade(pg_url)
    copied = database_url(new_name())
    try:
        build_from_template(copied, "head", _upgrade)
        migrated, copy = _catalog(pg_url), _catalog(copied)
        assert migrated["columns"] and migrated["triggers"] and migrated["alembic_version"]
        for part in migrated:
            assert copy[part] == migrated[part], part
    finally:
        drop_database(database_of(copied))
