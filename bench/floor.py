"""The floor of a command: the same SQL the app sent, replayed from a bare script.

    python bench/floor.py URL STATEMENTS.json [--stack] [--sql-ms]

Connects with the bare driver (``sqlite3``, or ``psycopg`` for PostgreSQL), runs every statement of
STATEMENTS.json (written by ``bench/capture.py``) and fetches every row, inside one read
transaction as the app does. ``--stack`` first imports sqlmodel (and so SQLAlchemy and pydantic),
the stack's own floor for a read command. ``--sql-ms`` prints how long the statements took in
this process (the "SQL inside" figure). Writes are replayed inside a transaction that is rolled
back, so a floor never changes the database.
"""

from __future__ import annotations

import json
import sys
import time


def _value(v):
    if isinstance(v, dict) and "$dt" in v:
        import datetime as dt

        return dt.datetime.fromisoformat(v["$dt"])
    if isinstance(v, dict) and "$date" in v:
        import datetime as dt

        return dt.date.fromisoformat(v["$date"])
    if isinstance(v, list):
        return [_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _value(x) for k, x in v.items()}
    return v


def main() -> int:
    url, path = sys.argv[1], sys.argv[2]
    if "--stack" in sys.argv:
        import sqlmodel  # noqa: F401
    with open(path, encoding="utf-8") as fh:
        statements = json.load(fh)["statements"]
    pg = url.startswith("postgresql")
    if pg:
        import psycopg

        conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
    else:
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN")
    start = time.perf_counter()
    cur = conn.cursor()
    for st in statements:
        sql = st["sql"]
        if sql.strip().upper() in ("BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"):
            continue
        params = _value(st["params"])
        if st["many"]:
            cur.executemany(sql, params)
        else:
            cur.execute(sql, params if params else ())
            if cur.description is not None:
                cur.fetchall()
    took = (time.perf_counter() - start) * 1000
    conn.rollback() if pg else conn.execute("ROLLBACK")
    conn.close()
    if "--sql-ms" in sys.argv:
        print(f"{took:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
