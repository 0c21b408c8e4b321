"""Inbox items in the reader's language (issue 11, migration 0011_inbox_message_key): an item keeps
its message key and parameters and is rendered when read; rows written before 0010 keep their text."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from frontdesk_tui.data import migrate
from frontdesk_tui.data.db import Database
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.i18n import N_, Message, set_language
from frontdesk_tui.services.site import inbox
from frontdesk_tui.services.uow import UnitOfWork

AT = datetime(2026, 11, 4, 5, 6, 7, tzinfo=UTC)
DIRECTOR = Actor(1, "张建国", Role.DIRECTOR)
OLD_ROWS = [
    {"id": 1, "operator_id": 1, "created_at": AT, "kind": "overdue", "rule": "R-DL-6", "ref_type": "ticket",
     "ref_id": 8, "message": "Ticket 8 is overdue: it was due 2026-11-03 23:59", "read_at": None},
    {"id": 2, "operator_id": 1, "created_at": AT, "kind": "warning", "rule": "", "ref_type": "",
     "ref_id": None, "message": "投诉单 9 已用时 80%", "read_at": AT},
]


def _operator(conn) -> None:
    operator = sa.Table("operator", sa.MetaData(), autoload_with=conn)
    conn.execute(sa.insert(operator), [{"id": 1, "name": "张建国", "role": "director", "department": None,
                                        "password_hash": "x", "active": True, "created_at": AT}])


def test_0010_upgrade_keeps_every_inbox_row_and_its_text(db_url: str) -> None:
    database = Database(db_url)
    try:
        migrate.upgrade(database, "0009_performance")
        with database.write_engine.begin() as conn:
            _operator(conn)
            table = sa.Table("inbox", sa.MetaData(), autoload_with=conn)  # the columns 0009 has
            assert "message_key" not in table.c
            conn.execute(sa.insert(table), OLD_ROWS)
        migrate.upgrade(database, "0011_inbox_message_key")
        with database.read_engine.connect() as conn:
            table = sa.Table("inbox", sa.MetaData(), autoload_with=conn)
            rows = conn.execute(sa.select(table).order_by(table.c.id)).mappings().all()
        plain = [k for k in OLD_ROWS[0] if k not in ("created_at", "read_at")]  # times: as the dialect stores them
        assert [{k: r[k] for k in plain} for r in rows] == [{k: row[k] for k in plain} for row in OLD_ROWS]
        assert [r["read_at"] is None for r in rows] == [True, False]
        assert [(r["message_key"], r["message_params"]) for r in rows] == [("", ""), ("", "")]
        for lang in ("zh-CN", "en"):  # an old row shows what it stored, whoever reads it
            set_language(lang)
            shown = inbox.list_inbox(database, DIRECTOR, include_read=True)
            assert sorted(e.message for e in shown) == sorted(r["message"] for r in OLD_ROWS)
    finally:
        set_language("en")
        database.dispose()


def test_a_new_item_renders_in_each_readers_language(db: Database) -> None:
    with db.write_engine.begin() as conn:
        _operator(conn)
    reason = Message(N_("Upgraded to major: a valid complaint open for more than {days} days (R-SV-5)."), {"days": 30})
    notices = [
        inbox.InboxNotice([1], "overdue", Message(N_("Ticket {id} is overdue: it was due {due}"),
                                                  {"id": 8, "due": "2026-11-03 23:59"})),
        inbox.InboxNotice([1], "upgrade_major", Message(N_("Ticket {id}: {reason}"), {"id": 8, "reason": reason})),
        inbox.InboxNotice([1], "notice", "literal text, as written"),
    ]
    try:
        set_language("en")  # the scan writes in English …
        with UnitOfWork(db) as uow:
            assert inbox.add_to_inbox(uow.session, notices, at=AT) == 3
            uow.commit()
        set_language("zh-CN")  # … the desk reads Chinese
        zh = sorted(e.message for e in inbox.list_inbox(db, DIRECTOR))
        set_language("en")
        en = sorted(e.message for e in inbox.list_inbox(db, DIRECTOR))
    finally:
        set_language("en")
    assert en == [
        "Ticket 8 is overdue: it was due 2026-11-03 23:59",
        "Ticket 8: Upgraded to major: a valid complaint open for more than 30 days (R-SV-5).",
        "literal text, as written",
    ]
    assert "literal text, as written" in zh
    assert "投诉单 8 已超时：应于 2026-11-03 23:59 前处理完毕" in zh
    upgraded = next(m for m in zh if m.startswith("投诉单 8") and "R-SV-5" in m)
    assert "Upgraded" not in upgraded and "30" in upgraded


def test_a_stored_key_that_no_longer_fits_shows_the_stored_text() -> None:
    assert inbox.rendered("Ticket {id} is overdue: it was due {due}", '{"id": 8}', "as stored") == "as stored"
    assert inbox.rendered("Ticket {id} is overdue: it was due {due}", "not json", "as stored") == "as stored"
    assert inbox.rendered("", "", "as stored") == "as stored"
