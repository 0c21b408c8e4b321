"""PostgreSQL test schemas made from a template: what a fixture builds (the migrations, the desk's
data) is built once per test process into a schema of its own, dumped with ``pg_dump --inserts``, and
replayed into each test's schema — a fifth of the time of running the migrations again, the largest
set-up cost of a PostgreSQL test. Where pg_dump is missing or cannot read the server (a client older
than the server), every test builds its own schema as before."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlalchemy as sa

PG_BASE = os.environ.get("FRONTDESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_PG = urlsplit(PG_BASE)
PG_HOST, PG_PORT = _PG.hostname or "127.0.0.1", _PG.port or 5432


def schema_url(schema: str) -> str:
    """The test database's URL with ``schema`` as its search_path, and commits that do not wait for
    the disk (a test's rows need not survive a crash of the server)."""
    return f"{PG_BASE}?options=-csearch_path%3D{schema}%20-csynchronous_commit%3Doff"


def schema_of(url: str) -> str:
    return url.split("search_path%3D", 1)[1].split("%20", 1)[0]


_engine: sa.Engine | None = None


def admin(sql: str) -> None:
    """Run ``sql`` (one or many statements) outside any test's schema."""
    global _engine
    if _engine is None:
        # One connection per test process; a test database's commits need not wait for the disk.
        _engine = sa.create_engine(PG_BASE, isolation_level="AUTOCOMMIT", poolclass=sa.pool.StaticPool,
                                   connect_args={"options": "-csynchronous_commit=off"})
    with _engine.connect() as conn:
        conn.exec_driver_sql(sql)


@dataclass(frozen=True)
class PgTemplate:
    """The SQL that rebuilds a schema; ``schema`` is the name written in ``script``."""

    schema: str
    script: str

    def replay(self, url: str) -> None:
        """Build the template's tables, functions, triggers and rows in ``url``'s (empty) schema."""
        admin(self.script.replace(self.schema, schema_of(url)))


def dump_schema(schema: str) -> str | None:
    """The SQL of ``schema`` without its CREATE SCHEMA (each test makes its own) or psql's
    meta-commands; None when pg_dump cannot be used here."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        return None
    command = [pg_dump, "-h", PG_HOST, "-p", str(PG_PORT), "-U", _PG.username or "postgres",
               "-d", _PG.path.lstrip("/") or "test", "--schema", schema, "--inserts", "--no-owner",
               "--no-privileges"]
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    skip = (f"CREATE SCHEMA {schema};", "SELECT pg_catalog.set_config('search_path', '', false);")
    return "\n".join(line for line in out.splitlines() if not line.startswith("\\") and line not in skip)


_templates: dict[str, PgTemplate | None] = {}


def template(key: str, build: Callable[[str], None]) -> PgTemplate | None:
    """The template ``build`` makes (given a schema's URL), built and dumped on first use."""
    if key not in _templates:
        schema = "tmpl_" + uuid.uuid4().hex[:12]
        admin(f'CREATE SCHEMA "{schema}"')
        try:
            build(schema_url(schema))
            script = dump_schema(schema)
        finally:
            admin(f'DROP SCHEMA "{schema}" CASCADE')
        _templates[key] = None if script is None else PgTemplate(schema, script)
    return _templates[key]


def build_from_template(url: str, key: str, build: Callable[[str], None]) -> None:
    """Make ``url``'s schema what ``build(url)`` would make, from the template when there is one."""
    made = template(key, build)
    if made is None:
        build(url)
    else:
        made.replay(url)
