"""Shared fixtures: fresh migrated databases (SQLite files and PostgreSQL schemas) and a fixed clock."""

from __future__ import annotations

import gc
import os
import socket
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from frontdesk_tui.data import migrate
from frontdesk_tui.data.db import Database
from frontdesk_tui.i18n import set_language
from frontdesk_tui.ui import textual_compat
from pg_templates import PG_HOST, PG_PORT, admin, build_from_template, schema_url

# Pilot waits after every key until the app looks idle, looking 1/50 s at a time by default; a
# screen test spent most of its time asleep in those looks. 2 ms looks see the same idle app.
textual_compat.set_idle_granularity(0.002)

#: How often the test processes look for cyclic garbage: every 50,000 new objects instead of 700.
GC_THRESHOLD = (50_000, 20, 100)


def pytest_collection_finish(session) -> None:
    """Once the tests are collected, what was imported and collected is kept out of every later
    garbage collection (``gc.freeze``) and collections come less often: a screen test makes and drops
    thousands of widgets, styles and strips per key, and Python's default thresholds spent about a
    fifth of the UI tests' CPU time in the collector (tests/ui/test_intake.py: 52 s -> 41 s of CPU).
    The app's own processes keep Python's defaults."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


#: A fixed "now" for tests: a Wednesday, a working day, 10:00 in Shanghai.
FIXED_NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch) -> None:
    """No test reads the developer's own config, data dir or locale."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("FRONTDESK_CONFIG", str(home / "config" / "none.toml"))
    for var in list(os.environ):
        if var.startswith("FRONTDESK_") and var not in ("FRONTDESK_CONFIG", "FRONTDESK_TEST_PG"):
            monkeypatch.delenv(var, raising=False)
    set_language("en")


def _pg_available() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


PG_AVAILABLE = _pg_available()

#: On CI (``CI`` set, as every CI service sets it) PostgreSQL is part of the job: a test that needs it
#: fails when the server is down instead of being skipped, so a green run has really used it.
PG_REQUIRED = bool(os.environ.get("CI"))


def pg_unreachable() -> None:
    """Skip (on a developer's machine) or fail (on CI) a test that needs PostgreSQL."""
    message = f"PostgreSQL is not answering on {PG_HOST}:{PG_PORT}"
    if PG_REQUIRED:
        pytest.fail(f"{message}, and CI is set: the PostgreSQL tests must run", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def now() -> datetime:
    return FIXED_NOW


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'frontdesk.sqlite3'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a schema of this test alone (dropped afterwards)."""
    if not PG_AVAILABLE:
        pg_unreachable()
    schema = "t_" + uuid.uuid4().hex[:12]
    admin(f'CREATE SCHEMA "{schema}"')
    try:
        yield schema_url(schema)
    finally:
        admin(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request) -> str:
    """Every data test runs against a real SQLite file and a real PostgreSQL schema."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file migrated to the head, once per test process (per xdist worker): running the
    migrations is most of what a fresh database costs, so each test gets a copy of this one."""
    path = tmp_path_factory.mktemp("migrated") / "head.sqlite3"
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database)
    database.dispose()
    return path


def _migrated(url: str, template: Path) -> Database:
    """``url`` migrated to the head: a SQLite file as a private copy of ``template``, a PostgreSQL
    schema replayed from a migrated one (tests/pg_templates.py)."""
    if url.startswith("sqlite:///"):
        from frontdesk_tui.data.backup import sqlite_backup

        sqlite_backup(template, Path(url.removeprefix("sqlite:///")))
        return Database(url)
    build_from_template(url, "head", _upgrade)
    return Database(url)


def _upgrade(url: str) -> None:
    database = Database(url)
    migrate.upgrade(database)
    database.dispose()


@pytest.fixture
def db(db_url: str, migrated_sqlite: Path) -> Iterator[Database]:
    database = _migrated(db_url, migrated_sqlite)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str, migrated_sqlite: Path) -> Iterator[Database]:
    database = _migrated(sqlite_url, migrated_sqlite)
    yield database
    database.dispose()
