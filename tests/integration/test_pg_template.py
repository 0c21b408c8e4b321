"""The PostgreSQL test schemas are replayed from a dump of a migrated one (tests/conftest.py): the
replay must be the schema the migrations make, or every PostgreSQL test would test something else."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from frontdesk_tui.data import migrate
from frontdesk_tui.data.db import Database
from pg_templates import PG_BASE, schema_of, schema_url, template

pytestmark = pytest.mark.postgres

#: What a schema is made of, each row without the schema's own name.
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
    schema = schema_of(url)
    engine = sa.create_engine(PG_BASE)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'SET search_path TO "{schema}"')  # regclass names without the schema
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


def test_a_replayed_schema_is_the_one_the_migrations_make(pg_url: str) -> None:
    made = template("head", _upgrade)
    if made is None:
        pytest.skip("pg_dump cannot read this server: each test runs the migrations itself")
    _upgrade(pg_url)
    replayed = "r_" + schema_of(pg_url)
    admin = sa.create_engine(PG_BASE, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{replayed}"')
    try:
        made.replay(schema_url(replayed))
        migrated, copy = _catalog(pg_url), _catalog(schema_url(replayed))
        assert migrated["columns"] and migrated["triggers"] and migrated["alembic_version"]
        for part in migrated:
            assert copy[part] == migrated[part], part
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{replayed}" CASCADE')
        admin.dispose()
