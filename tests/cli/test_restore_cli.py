"""`db restore` refuses what is not a sound frontdesk backup and leaves the database untouched
(issue 14); a good backup restores, and every file stays private (0600)."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from frontdesk_tui.data.backup import sqlite_backup


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def _not_sqlite(tmp: Path, good: Path) -> Path:
    path = tmp / "notes.sqlite3"
    path.write_text("这不是数据库\n" * 100)
    return path


def _corrupt(tmp: Path, good: Path) -> Path:
    path = tmp / "corrupt.sqlite3"
    data = bytearray(good.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for offset in range(page * 2, min(len(data), page * 12), 7):  # scribble over a few pages
        data[offset] = 0xA5
    path.write_bytes(bytes(data))
    return path


def _foreign(tmp: Path, good: Path) -> Path:
    path = tmp / "other-app.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    con.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    con.commit()
    con.close()
    return path


def _newer(tmp: Path, good: Path) -> Path:
    path = tmp / "from-the-future.sqlite3"
    sqlite_backup(good, path)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0099_future'")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_not_sqlite, "not an SQLite database"),
        (_corrupt, "damaged"),
        (_foreign, "another application"),
        (_newer, "newer frontdesk"),
    ],
    ids=["not-sqlite", "corrupt", "foreign-app", "newer-schema"],
)
def test_restore_refuses_and_leaves_the_database_untouched(demo_fd, tmp_path: Path, make, words) -> None:
    fd = demo_fd
    bad = make(tmp_path, fd.db_path)
    before = _counts(fd.db_path)
    result = fd("db", "restore", str(bad), "--yes")
    assert result.code == 2, result.err
    assert words in result.err and "not changed" in result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert _counts(fd.db_path) == before
    assert not list(fd.db_path.parent.glob("*.before-restore-*"))
    assert fd("duty", "verify").code == 0


def test_a_good_backup_restores_and_every_copy_is_private(demo_fd, tmp_path: Path) -> None:
    fd = demo_fd
    backups = tmp_path / "backups"
    backups.mkdir()
    assert fd("db", "backup", str(backups) + "/").code == 0
    [backup] = list(backups.iterdir())
    before = _counts(fd.db_path)
    # Off duty hours only the rostered officer writes the log (R-DU-5); the demo follows the clock.
    officer = json.loads(fd("duty", "now", "--json").out)["on_duty"] or "赵强"
    r = fd("--as", officer, "duty", "log", "add", "恢复前的记录", env={"FRONTDESK_PASSWORD": "demo"})
    assert r.code == 0, r.err
    assert fd("db", "restore", str(backup), "--yes").code == 0
    after = _counts(fd.db_path)
    assert after == before
    assert fd("duty", "verify").code == 0
    for path in [fd.db_path, backup, *fd.db_path.parent.glob("*.before-restore-*"),
                 *fd.db_path.parent.glob("*-wal")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
