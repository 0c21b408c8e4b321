"""Schema migrations with Alembic, shipped inside the package.

``upgrade(db)`` brings any database to the newest schema. It takes a lock first so that several
``frontdesk`` processes starting at once on an old database migrate it once (SQLite: an exclusive
transaction; PostgreSQL: an advisory lock) and, on SQLite, copies the file aside before changing it.
Feature migrations are separate branches off the foundation, so we always upgrade to ``heads``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from frontdesk_tui.data.backup import sqlite_backup
from frontdesk_tui.data.db import Database, DatabaseUnavailable, make_engine

ADVISORY_LOCK_KEY = 0x46524F4E  # "FRON"


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("frontdesk_tui.data") / "migrations"))
    cfg.attributes["connection"] = connection
    return cfg


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def known_revisions() -> set[str]:
    """Every revision this program ships (a database at any of them can be upgraded)."""
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


class SchemaTooNew(DatabaseUnavailable):
    """The database's schema comes from a newer version of the program."""


def refuse_newer(db: Database) -> None:
    with db.read_engine.connect() as conn:
        unknown = sorted(current_revisions(conn) - known_revisions())
    if unknown:
        raise SchemaTooNew(
            f"{db.display_url}: the schema ({', '.join(unknown)}) is newer than this frontdesk; "
            "upgrade the program, or restore a backup it wrote"
        )


def current_revisions(conn: Connection) -> set[str]:
    return set(MigrationContext.configure(conn).get_current_heads())


def needs_upgrade(db: Database) -> bool:
    with db.read_engine.connect() as conn:
        return current_revisions(conn) != head_revisions()


def upgrade(db: Database, target: str = "heads") -> Path | None:
    """Upgrade to ``target``; returns the path of the copy set aside (SQLite), if one was made.

    A database written by a newer frontdesk (a revision this program does not ship) is refused
    with :class:`SchemaTooNew` before anything is changed or copied."""
    refuse_newer(db)
    if db.is_sqlite:
        return _upgrade_sqlite(db, target)
    with db.write_engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": ADVISORY_LOCK_KEY})
        conn.commit()
        try:
            with conn.begin():
                command.upgrade(alembic_config(conn), target)
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY})
            conn.commit()
    return None


def _upgrade_sqlite(db: Database, target: str) -> Path | None:
    aside: Path | None = None
    assert db.sqlite_file is not None
    with db.read_engine.connect() as conn:
        current = current_revisions(conn)
    if current == head_revisions() and target == "heads":
        return None
    if current:
        # Copy aside with the online backup API before taking the lock (it is consistent).
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = db.sqlite_file.with_name(f"{db.sqlite_file.name}.before-upgrade-{stamp}")
        sqlite_backup(db.sqlite_file, aside)
    # An exclusive transaction: one process migrates, the others wait, then find nothing to do.
    engine = make_engine(db.url, begin="BEGIN EXCLUSIVE")
    try:
        with engine.connect() as conn:
            conn.connection.dbapi_connection.execute("PRAGMA busy_timeout = 120000")
            with conn.begin():
                if current_revisions(conn) != head_revisions() or target != "heads":
                    command.upgrade(alembic_config(conn), target)
    finally:
        engine.dispose()
    return aside


def schema_differences(db: Database) -> list:
    """What autogenerate would still add: empty when the models and the migrations agree."""
    from frontdesk_tui.data.all_tables import metadata

    def include(obj, name, type_, reflected, compare_to) -> bool:
        # The search index's own objects (migration 0009) are not models: FTS5's shadow tables on
        # SQLite, the GIN index on an expression on PostgreSQL.
        return not (name or "").startswith(("ticket_fts", "ix_ticket_search_terms"))

    with db.read_engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include})
        return compare_metadata(ctx, metadata)
