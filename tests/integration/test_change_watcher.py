"""Issue 4: the desk learns that another terminal committed (SQLite data_version, PostgreSQL LISTEN).

Each test writes through a second ``Database`` on the same URL, as another terminal would. On
PostgreSQL a notice reaches the listener a moment after the commit, so "seen" means "within a few
seconds" and "not seen" means "not during a second in which a notice would have arrived".
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command
from test_duty_support import add_people, make_site

from frontdesk_tui.data import migrate
from frontdesk_tui.data.all_tables import metadata
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import Building, Unit
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.duty import log as dutylog
from frontdesk_tui.services.tickets.queue import ChangeWatcher
from frontdesk_tui.services.uow import UnitOfWork

TRIGGER = "frontdesk_notify_change"


def seen(watcher: ChangeWatcher, within: float = 5.0) -> bool:
    """True as soon as the watcher reports a change, False if none came ``within`` seconds."""
    deadline = time.monotonic() + within
    while not watcher.changed():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def quiet(watcher: ChangeWatcher, during: float = 1.0) -> bool:
    """True if the watcher reported no change for ``during`` seconds."""
    return not seen(watcher, within=during)


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """Another terminal: its own engines on the same database (same schema on PostgreSQL)."""
    database = Database(db.url)
    yield database
    database.dispose()


@pytest.fixture
def watcher(db: Database) -> Iterator[ChangeWatcher]:
    w = ChangeWatcher(db)
    assert w.changed() is False  # the first look only records where things stand
    yield w
    w.close()


def add_building(db: Database, code: str) -> None:
    with UnitOfWork(db) as uow:
        uow.session.add(Building(code=code, name=f"{code}号楼"))
        uow.commit()


def postgres_only(test):
    """Run ``test`` with the PostgreSQL ``db`` alone (the schema and LISTEN have no SQLite twin)."""
    return pytest.mark.postgres(pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)(test))


def notify_triggers(db: Database) -> set[str]:
    """The tables of the database's own schema that carry the change trigger."""
    with db.read_engine.connect() as conn:
        return set(
            conn.execute(
                sa.text(
                    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE t.tgname = :name AND n.nspname = current_schema()"
                ),
                {"name": TRIGGER},
            ).scalars()
        )


def downgrade(db: Database, target: str) -> None:
    with db.write_engine.connect() as conn, conn.begin():
        command.downgrade(migrate.alembic_config(conn), target)


def test_no_write_no_change(watcher) -> None:
    assert quiet(watcher)


def test_a_write_from_another_terminal_is_seen_once(watcher, other) -> None:
    add_building(other, "71")
    assert seen(watcher)
    assert quiet(watcher, 0.5)  # one commit, one reload
    add_building(other, "72")
    assert seen(watcher)


def test_a_duty_log_entry_is_seen(watcher, other, now) -> None:
    people = add_people(other, now)
    assert seen(watcher)
    dutylog.add_entry(make_site(other), people["赵强"], "巡查 3号楼", now=now, follow_up="正常")
    assert seen(watcher)


def test_a_recorded_violation_is_seen(watcher, other, now) -> None:
    people = add_people(other, now)
    with UnitOfWork(other) as uow:
        building = Building(code="3")
        uow.session.add(building)
        uow.session.flush()
        uow.session.add(Unit(building_id=building.id, entrance="2", room="1201", label="3-2-1201"))
        uow.commit()
    assert seen(watcher)
    site, actor = make_site(other), people["李娜"]
    vs.record_violation(
        site, actor, unit="3-2-1201", violator="王先生", kind="sanitation", facts="乱丢垃圾", now=now
    )
    assert seen(watcher)


@postgres_only
def test_every_table_of_the_app_notifies_on_postgres(db) -> None:
    assert notify_triggers(db) == set(metadata.tables)


@pytest.fixture
def elsewhere(pg_url: str) -> Iterator[Database]:
    """A second site on the same PostgreSQL database: another schema, migrated."""
    base = pg_url.split("?", 1)[0]
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    database = Database(f"{base}?options=-csearch_path%3D{schema}")
    try:
        migrate.upgrade(database)
        yield database
    finally:
        database.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@postgres_only
def test_a_write_in_another_schema_is_not_seen(watcher, db, elsewhere) -> None:
    add_building(elsewhere, "81")
    assert quiet(watcher)
    add_building(db, "81")  # the watcher still listens: its own schema's write comes through
    assert seen(watcher)


@postgres_only
def test_a_lost_connection_counts_as_a_change_and_listening_resumes(watcher, db, other) -> None:
    pid = watcher._conn.info.backend_pid
    with other.write_engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        conn.commit()
    # Whatever was committed while nobody listened is unknown: the watcher says "changed".
    assert seen(watcher)
    while watcher.changed():  # the reconnect says so once more; then it settles
        pass
    add_building(other, "91")
    assert seen(watcher)
    assert watcher._conn.info.backend_pid != pid


def test_migration_0006_downgrades_and_upgrades_again(db, other) -> None:
    downgrade(db, "0005_queue_indexes")  # "-1" is ambiguous below a merge; this undoes 0006 alone
    with db.read_engine.connect() as conn:
        current = migrate.current_revisions(conn)
    assert "0006_change_notify" not in current
    assert {"0003_duty", "0004_violations", "0005_queue_indexes"} <= current
    if not db.is_sqlite:
        assert notify_triggers(db) == set()
        w = ChangeWatcher(db)
        try:
            assert w.changed() is False
            add_building(other, "61")
            assert quiet(w)  # nothing notifies without the triggers: the test above is no accident
        finally:
            w.close()
    migrate.upgrade(db)
    assert not migrate.needs_upgrade(db)
    assert migrate.schema_differences(db) == []
    if not db.is_sqlite:
        assert notify_triggers(db) == set(metadata.tables)
    w = ChangeWatcher(db)
    try:
        assert w.changed() is False
        add_building(other, "62")
        assert seen(w)
    finally:
        w.close()
