"""Did anyone commit? The connections that answer it cheaply, for the queue's poll (~2 s).

SQLite answers with ``PRAGMA data_version``; PostgreSQL with ``LISTEN`` on :data:`CHANNEL`, which
the triggers of migration 0006 (``0006_change_notify``) notify on every committed write. Both need a
long-lived connection of their own outside the engines' pools, so they live here with the rest of
the connection handling; services re-export :class:`ChangeWatcher` (``services.tickets.queue``).
"""

from __future__ import annotations

import threading
from typing import Any

from frontdesk_tui.data.db import Database

#: The channel the triggers of migration 0006 notify, with the written table's schema as payload.
#: The migration keeps its own copy of the name, as migrations do: changing it takes a new migration.
CHANNEL = "frontdesk_change"


class ChangeWatcher:
    """Tells cheaply whether anyone committed since the last look (the queue polls every ~2 s).

    SQLite: ``PRAGMA data_version`` on one long-lived connection changes only when another
    connection committed, which is every write of this app and of every other process. PostgreSQL:
    one long-lived autocommit connection LISTENs on :data:`CHANNEL` (``frontdesk_change``), where the
    triggers of migration 0006 notify every committed write to any application table with the
    table's schema; a look drains what arrived without waiting and counts only notices of our own
    schema. If that connection breaks, the next look opens a new one and says True, since notices
    may have been missed meanwhile. The first call only records where things stand and returns
    False. Calls are serialised.
    """

    CHANNEL = CHANNEL

    def __init__(self, db: Database) -> None:
        self.db = db
        self._conn: Any = None
        self._last: Any = None
        self._schema: str | None = None
        self._listened = False
        self._lock = threading.Lock()

    def _probe(self) -> Any:
        if self._conn is None:
            self._conn = self.db.read_engine.raw_connection()
        cur = self._conn.cursor()
        try:
            cur.execute("PRAGMA data_version")
            return cur.fetchone()[0]
        finally:
            cur.close()

    def _listen(self) -> None:
        import psycopg

        engine = self.db.read_engine
        _args, params = engine.dialect.create_connect_args(engine.url)
        params.setdefault("connect_timeout", 5)
        # The connection idles between notices: keepalives stop a firewall from dropping it
        # silently and let a dead peer show as an error within about a minute.
        params.update(keepalives=1, keepalives_idle=30, keepalives_interval=10, keepalives_count=3)
        conn = psycopg.connect(**params, autocommit=True)
        try:
            conn.execute(f"LISTEN {self.CHANNEL}")
            row = conn.execute("SELECT current_schema()").fetchone()
        except BaseException:
            conn.close()
            raise
        self._conn, self._schema = conn, row[0] if row else None

    def _pg_changed(self) -> bool:
        import psycopg

        if self._conn is None:
            self._listen()
            first, self._listened = not self._listened, True
            return not first
        changed = False
        try:
            # notifies(timeout=0) hands over what has arrived without waiting, one batch a call.
            # Ask at least twice: a server that hangs up sends a farewell first and then closes;
            # the first look reads the farewell, the second the close, which raises.
            for attempt in range(100):
                batch = [n.payload for n in self._conn.notifies(timeout=0)]
                changed = changed or self._schema in batch
                if not batch and attempt:
                    break
            if self._conn.closed or self._conn.broken:
                raise psycopg.OperationalError("the listening connection was lost")
        except psycopg.Error:
            self._drop()
            return True
        return changed

    def changed(self) -> bool:
        """True if anyone committed since the last call; the first call records and says False."""
        with self._lock:
            if not self.db.is_sqlite:
                return self._pg_changed()
            current = self._probe()
            first = self._last is None
            changed = not first and current != self._last
            self._last = current
            return changed

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def close(self) -> None:
        """Close the long-lived connection; a later :meth:`changed` opens a new one."""
        with self._lock:
            self._drop()
