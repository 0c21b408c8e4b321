"""Issue 15: a read makes no write engine (SQLite: the writer's engine is made on first write)."""

from __future__ import annotations

from sqlalchemy import text

from frontdesk_tui.data.db import Database


def test_reading_makes_no_write_engine_and_writing_makes_one(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    try:
        db.check()
        with db.session(write=False) as session:
            assert session.execute(text("SELECT 1")).scalar_one() == 1
        assert db._write_engine is None
        with db.session() as session:
            session.execute(text("CREATE TABLE t (x INTEGER)"))
            session.commit()
        assert db.write_engine is db.write_engine is not db.read_engine
        assert db.dialect == "sqlite"
    finally:
        db.dispose()
