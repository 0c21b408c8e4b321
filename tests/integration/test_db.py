"""The data layer against real SQLite files and the real PostgreSQL server."""

from __future__ import annotations

import multiprocessing
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlmodel import func, select

from frontdesk_tui.data import migrate
from frontdesk_tui.data.backup import sqlite_backup, sqlite_restore
from frontdesk_tui.data.db import Database, DatabaseUnavailable
from frontdesk_tui.data.tables import AuditEntry, Building, Department
from frontdesk_tui.services.uow import UnitOfWork


def test_sqlite_pragmas_on_every_connection(sqlite_db: Database) -> None:
    for engine in (sqlite_db.write_engine, sqlite_db.read_engine):
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_sqlite_file_and_companions_are_private(sqlite_db: Database, tmp_path: Path) -> None:
    with UnitOfWork(sqlite_db) as uow:
        uow.session.add(Building(code="9", name="9号楼"))
        uow.commit()
    path = sqlite_db.sqlite_file
    assert path is not None
    assert _mode(path) == 0o600
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            assert _mode(companion) == 0o600
    backup = tmp_path / "copy.sqlite3"
    sqlite_backup(path, backup)
    assert _mode(backup) == 0o600


def test_departments_of_domain_exist_after_migration(db: Database) -> None:
    with UnitOfWork(db, write=False) as uow:
        codes = set(uow.session.exec(select(Department.code)))
    assert codes == {"engineering", "sanitation", "security", "property", "service_centre"}


def test_r_dl_5_times_stored_utc_returned_aware(db: Database) -> None:
    local = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    with UnitOfWork(db) as uow:
        uow.session.add(AuditEntry(at=local, action="test"))
        uow.commit()
    with UnitOfWork(db, write=False) as uow:
        row = uow.session.exec(select(AuditEntry)).one()
    assert row.at.tzinfo is not None
    assert row.at == local
    assert row.at.utcoffset() == timedelta(0)


def test_naive_datetime_is_refused(db: Database) -> None:
    with UnitOfWork(db) as uow, pytest.raises(Exception, match="naive"):
        uow.session.add(AuditEntry(at=datetime(2026, 1, 1), action="x"))
        uow.session.flush()


def test_models_and_migrations_agree(db: Database) -> None:
    assert migrate.schema_differences(db) == []
    assert not migrate.needs_upgrade(db)


def test_the_cheap_head_check_agrees_with_alembic(db_url: str) -> None:
    """Issue 15: commands compare the revision without Alembic; it must name Alembic's heads."""
    from frontdesk_tui.data import revisions

    assert revisions.head_revisions() == migrate.head_revisions()
    database = Database(db_url)
    try:
        assert not revisions.at_head(database)  # new: no alembic_version table
        migrate.upgrade(database, "0001_foundation")
        assert not revisions.at_head(database)
        migrate.upgrade(database)
        assert revisions.at_head(database)
    finally:
        database.dispose()


def test_first_revision_with_rows_upgrades_keeping_every_row(db_url: str) -> None:
    database = Database(db_url)
    try:
        migrate.upgrade(database, "0001_foundation")
        with UnitOfWork(database) as uow:
            for i in range(50):
                uow.session.add(Building(code=str(100 + i), name=f"{i}号楼"))
            uow.session.add(AuditEntry(at=datetime(2025, 1, 1, tzinfo=UTC), action="before"))
            uow.commit()
        migrate.upgrade(database)
        assert not migrate.needs_upgrade(database)
        with UnitOfWork(database, write=False) as uow:
            assert uow.session.exec(select(func.count()).select_from(Building)).one() == 50
            assert uow.session.exec(select(AuditEntry.action)).all() == ["before"]
    finally:
        database.dispose()


def _add_buildings(url: str, worker: int, count: int) -> None:
    database = Database(url)
    for i in range(count):
        # Read-then-write in one transaction: the pattern that fails with SQLITE_BUSY without
        # BEGIN IMMEDIATE.
        with UnitOfWork(database) as uow:
            seen = uow.session.exec(select(func.count()).select_from(Building)).one()
            uow.session.add(Building(code=f"w{worker}-{i}", name=str(seen)))
            uow.commit()
    database.dispose()


def test_four_processes_write_one_sqlite_file_at_once(sqlite_db: Database) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_add_buildings, args=(sqlite_db.url, w, 40)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    with UnitOfWork(sqlite_db, write=False) as uow:
        codes = set(uow.session.exec(select(Building.code)))
    assert codes == {f"w{w}-{i}" for w in range(4) for i in range(40)}


def _upgrade(url: str) -> None:
    database = Database(url)
    migrate.upgrade(database)
    database.dispose()


def test_processes_starting_together_migrate_once(db_url: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_upgrade, args=(db_url,)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    database = Database(db_url)
    assert not migrate.needs_upgrade(database)
    database.dispose()


def test_upgrade_sets_the_old_sqlite_file_aside(sqlite_url: str) -> None:
    database = Database(sqlite_url)
    migrate.upgrade(database, "0001_foundation")
    if not migrate.needs_upgrade(database):
        pytest.skip("only one revision so far: nothing to upgrade")
    aside = migrate.upgrade(database)
    assert aside is not None and aside.exists()
    database.dispose()


def test_backup_while_writing_then_restore(sqlite_db: Database, tmp_path: Path) -> None:
    with UnitOfWork(sqlite_db) as uow:
        uow.session.add(Building(code="A", name="A"))
        uow.commit()
    path = sqlite_db.sqlite_file
    assert path is not None
    backup = tmp_path / "b.sqlite3"
    sqlite_backup(path, backup)
    with UnitOfWork(sqlite_db) as uow:
        uow.session.add(Building(code="B", name="B"))
        uow.commit()
    sqlite_restore(backup, path)
    with UnitOfWork(sqlite_db, write=False) as uow:
        assert set(uow.session.exec(select(Building.code))) == {"A"}


def test_unusable_sqlite_path_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailable, match="cannot use the database file"):
        Database(f"sqlite:///{blocker}/sub/db.sqlite3")


def test_unreachable_postgres_is_one_clear_error() -> None:
    database = Database("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(DatabaseUnavailable, match="cannot open the database"):
        database.check()
