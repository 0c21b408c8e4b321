"""Engines and sessions. ``Database(url)`` is the one way in; nothing is built at import time.

SQLite is tuned on every connection for a desk that must not lose a recorded complaint and for
several ``frontdesk`` processes on one file (counter + supervisor over SSH):

- ``journal_mode=WAL`` so readers never block the writer, ``synchronous=FULL`` so a commit survives
  a power cut, ``foreign_keys=ON``, ``busy_timeout`` of 30 s;
- the driver's own transaction handling is switched off and we emit ``BEGIN`` ourselves: writers
  start with ``BEGIN IMMEDIATE`` (a read-then-write transaction would otherwise fail with
  SQLITE_BUSY even with a busy timeout), readers with a plain deferred ``BEGIN`` on a second engine.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlmodel import Session

BUSY_TIMEOUT_MS = 30_000


class DatabaseUnavailable(Exception):
    """The database URL or file cannot be used; the message is one line for the user."""


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def ensure_private_file(path: Path) -> None:
    """Create the SQLite file (and its folder) private to the user: it holds owners' phones.

    SQLite gives the -wal and -shm companions the same mode as the database file.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    except OSError as exc:
        raise DatabaseUnavailable(f"cannot use the database file {path}: {exc.strerror or exc}") from None


def _tune_sqlite(engine: Engine, begin: str, synchronous: str = "FULL") -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # pragma: no cover - exercised by every test
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute(f"PRAGMA synchronous = {synchronous}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql(begin)


def make_engine(
    url: str, *, begin: str = "BEGIN IMMEDIATE", echo: bool = False, synchronous: str = "FULL"
) -> Engine:
    """An engine for ``url``; for SQLite ``begin`` is the statement that opens each transaction."""
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
    except ArgumentError:
        raise DatabaseUnavailable(f"not a database URL: {url}") from None
    kwargs: dict = {"echo": echo}
    if backend == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    elif backend == "postgresql":
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = {"connect_timeout": 5}
    else:
        raise DatabaseUnavailable(f"unsupported database {backend!r}: use sqlite:///PATH or postgresql+psycopg://…")
    try:
        engine = create_engine(url, **kwargs)
    except (NoSuchModuleError, ArgumentError, ImportError) as exc:
        raise DatabaseUnavailable(f"cannot use database URL {url}: {exc}") from None
    if backend == "sqlite":
        _tune_sqlite(engine, begin, synchronous)
    return engine


class Database:
    """The engines of one database: ``write`` (BEGIN IMMEDIATE on SQLite) and ``read``."""

    def __init__(self, url: str, *, echo: bool = False, durable: bool = True) -> None:
        """``durable=False`` drops SQLite's fsync per commit: only for bulk loads such as the demo site."""
        self.url = url
        path = sqlite_path(url)
        self.sqlite_file = path
        if path is not None:
            ensure_private_file(path)
        sync = "FULL" if durable else "OFF"
        self._echo, self._sync = echo, sync
        self._write_engine: Engine | None = None
        self._lock = threading.Lock()
        self.read_engine = make_engine(url, begin="BEGIN", echo=echo, synchronous=sync)
        self.is_sqlite = self.read_engine.dialect.name == "sqlite"
        if not self.is_sqlite:  # one engine for both on PostgreSQL (``begin`` is SQLite's)
            self._write_engine = self.read_engine

    @property
    def write_engine(self) -> Engine:
        """Made on first use: a read command never writes, and an engine costs its start (issue 15)."""
        if self._write_engine is None:
            with self._lock:
                if self._write_engine is None:
                    self._write_engine = make_engine(self.url, echo=self._echo, synchronous=self._sync)
        return self._write_engine

    @property
    def dialect(self) -> str:
        return self.read_engine.dialect.name

    def check(self) -> None:
        """Connect once, turning driver errors into one clear line."""
        try:
            with self.read_engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except DBAPIError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DatabaseUnavailable(f"cannot open the database {self.display_url}: {reason}") from None

    @property
    def display_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        engine = self.write_engine if write else self.read_engine
        with Session(engine, expire_on_commit=False) as session:
            yield session

    def dispose(self) -> None:
        if self._write_engine is not None and self._write_engine is not self.read_engine:
            self._write_engine.dispose()
        self.read_engine.dispose()
