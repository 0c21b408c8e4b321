"""PostgreSQL test databases: each test has a database of its own, dropped afterwards. What a fixture
builds in one (the migrations, the desk's data) is built once per test process into a template
database, and each test's database is created as a copy of it (``CREATE DATABASE … TEMPLATE``): the
server copies the files, ~0.04 s, where running the migrations or replaying their DDL took 3–10
times as long and was the largest set-up cost of a PostgreSQL test."""

from __future__ import annotations

import atexit
import os
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import make_url

PG_BASE = os.environ.get("FRONTDESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_PG = urlsplit(PG_BASE)
PG_HOST, PG_PORT = _PG.hostname or "127.0.0.1", _PG.port or 5432

#: Test databases are named with this prefix and a random part, so none is another's.
PREFIX = "fdt_"


def database_url(name: str) -> str:
    """The URL of database ``name`` on the test server, with commits that do not wait for the disk
    (a test's rows need not survive a crash of the server)."""
    url = make_url(PG_BASE).set(database=name).render_as_string(hide_password=False)
    return f"{url}?options=-csynchronous_commit%3Doff"


def database_of(url: str) -> str:
    name = make_url(url).database
    assert name, url
    return name


def new_name(kind: str = "t") -> str:
    return f"{PREFIX}{kind}_{uuid.uuid4().hex[:12]}"


_engine: sa.Engine | None = None


def admin(sql: str) -> None:
    """Run ``sql`` (one statement) on the server, outside any test's database."""
    global _engine
    if _engine is None:
        _engine = sa.create_engine(PG_BASE, isolation_level="AUTOCOMMIT", poolclass=sa.pool.StaticPool,
                                   connect_args={"options": "-csynchronous_commit=off"})
    with _engine.connect() as conn:
        conn.exec_driver_sql(sql)


def create_database(name: str, template: str | None = None) -> None:
    """An empty database, or a copy of ``template`` (which nobody may be connected to)."""
    admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop_database(name: str) -> None:
    """Drop ``name`` even if a test left a connection open to it."""
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_templates: dict[str, str] = {}


def template(key: str, build: Callable[[str], None]) -> str:
    """The name of the template database ``build`` makes (given its URL), built on first use and
    dropped when the test process ends. ``build`` must close its connections."""
    if key not in _templates:
        name = new_name("tmpl")
        create_database(name)
        try:
            build(database_url(name))
        except BaseException:
            drop_database(name)
            raise
        _templates[key] = name
        atexit.register(drop_database, name)
    return _templates[key]


def build_from_template(url: str, key: str, build: Callable[[str], None]) -> None:
    """Make ``url``'s database what ``build(url)`` would make: a copy of the template (what was in
    the database before is gone)."""
    made = template(key, build)
    name = database_of(url)
    drop_database(name)
    create_database(name, made)
