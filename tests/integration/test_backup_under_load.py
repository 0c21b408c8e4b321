"""A backup taken while 4 processes write restores with integrity ok and a consistent cut (issue 14)."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from pathlib import Path

from sqlmodel import select

from frontdesk_tui.data.backup import check_restorable, sqlite_backup, sqlite_restore
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.migrate import known_revisions
from frontdesk_tui.data.tables import Building
from frontdesk_tui.services.uow import UnitOfWork


def _write(url: str, worker: int, stop_file: str) -> None:
    database = Database(url)
    i = 0
    give_up = time.time() + 90
    while not Path(stop_file).exists() and time.time() < give_up:
        with UnitOfWork(database) as uow:
            uow.session.add(Building(code=f"w{worker}-{i}", name=f"{worker}"))
            uow.commit()
        i += 1
    database.dispose()


def test_backup_while_four_processes_write_restores_with_integrity_ok(sqlite_db: Database, tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    stop = tmp_path / "stop"
    procs = [ctx.Process(target=_write, args=(sqlite_db.url, w, str(stop))) for w in range(4)]
    for p in procs:
        p.start()
    path = sqlite_db.sqlite_file
    assert path is not None
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until every writer has written something
        with UnitOfWork(sqlite_db, write=False) as uow:
            names = set(uow.session.exec(select(Building.name)))
        if names >= {"0", "1", "2", "3"}:
            break
        time.sleep(0.05)
    backup = tmp_path / "during.sqlite3"
    sqlite_backup(path, backup)
    time.sleep(0.5)  # the writers go on after the copy
    stop.touch()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]

    check_restorable(backup, known_revisions())
    con = sqlite3.connect(backup)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    codes = [r[0] for r in con.execute("SELECT code FROM building")]
    con.close()
    # A consistent cut: each writer's rows are a prefix 0..k-1 of what it wrote.
    per_worker: dict[str, set[int]] = {}
    for code in codes:
        worker, i = code[1:].split("-")
        per_worker.setdefault(worker, set()).add(int(i))
    assert set(per_worker) == {"0", "1", "2", "3"}
    assert all(seen == set(range(len(seen))) for seen in per_worker.values())

    total = sqlite3.connect(path).execute("SELECT count(*) FROM building").fetchone()[0]
    assert total > len(codes)  # the writers went on after the copy
    sqlite_restore(backup, path)
    with UnitOfWork(sqlite_db, write=False) as uow:
        restored = set(uow.session.exec(select(Building.code)))
    assert restored == set(codes)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
