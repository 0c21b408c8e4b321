"""performance at a million tickets: the scan's "next check at", the list's order index

``ticket.next_check_at`` is when the escalation scan must look at a ticket again: NULL means "as
soon as possible" (a new ticket, or one written since the scan last looked); a time means nothing
can escalate before it (the scan computes it with the rules, ``domain.tickets.escalation.next_check_at``);
``NEVER`` (9999-12-31) means nothing can escalate until someone writes the ticket. The scan reads
only ``next_check_at IS NULL OR next_check_at <= now`` through ``ix_ticket_next_check``.

Every write marks the ticket for the scan in ONE place, the database: a trigger sets
``next_check_at`` to NULL on any UPDATE that does not itself set a new ``next_check_at`` (only
the scan does), so no service, present or future, can forget it. New rows default to NULL.

``ix_ticket_status_received (status, received_at, id)`` serves ``ticket list`` (newest first, per
open status, merged) without sorting the open tickets, ``ix_ticket_location_received`` a unit's; ``ix_ticket_event_kind_at`` the scan's
R-SV-5 (b) count of raises attached in the last 30 days without reading the whole timeline.

Search (``domain.search``): ``ticket.search_terms`` holds every CJK character and pair of adjacent
characters of the search text. SQLite indexes it in ``ticket_fts``, an FTS5 table whose content is
the ticket table (kept by triggers on insert, delete and a change of the terms); PostgreSQL in
``ix_ticket_search_terms``, a GIN index on the array of terms. Why not FTS5 ``trigram`` or pg_trgm:
they serve words of three characters or more, and the desk's words are mostly one or two (梯,
漏水); a (term, ticket) table would be ten times the size of FTS5's compressed postings. Existing
rows get their terms here.

Existing databases: every ticket starts at NULL, so the first scan after the upgrade looks at all
of them once (as every scan did before) and from then on only at the due ones.

Revision ID: 0009_performance
Revises: 0006_change_notify
Create Date: 2026-12-04 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import frontdesk_tui.data.types

revision: str = "0009_performance"
down_revision: str | Sequence[str] | None = "0008_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGER = "ticket_next_check_on_write"
FUNCTION = "frontdesk_ticket_next_check"


def upgrade() -> None:
    op.add_column("ticket", sa.Column("search_terms", sa.Text(), nullable=False, server_default=""))
    _backfill_terms()
    op.add_column("ticket", sa.Column("next_check_at", frontdesk_tui.data.types.UTCDateTime(timezone=True), nullable=True))
    op.create_index("ix_ticket_next_check", "ticket", ["next_check_at"])
    op.create_index("ix_ticket_status_received", "ticket", ["status", "received_at", "id"])
    op.create_index("ix_ticket_location_received", "ticket", ["location", "received_at", "id"])
    op.create_index("ix_ticket_event_kind_at", "ticket_event", ["kind", "at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_ticket_search_terms ON ticket USING gin (string_to_array(search_terms, ' '))")
    else:
        _sqlite_fts()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.next_check_at IS NOT DISTINCT FROM OLD.next_check_at THEN
                    NEW.next_check_at := NULL;
                END IF;
                RETURN NEW;
            END
            $$
            """
        )
        op.execute(
            f'CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON "ticket" FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()'
        )
    else:
        # SQLite has no BEFORE … SET NEW: the row is marked right after the write (recursive
        # triggers are off, and the inner UPDATE changes next_check_at, so it does not recurse).
        op.execute(
            f"""
            CREATE TRIGGER {TRIGGER} AFTER UPDATE ON ticket
            WHEN NEW.next_check_at IS OLD.next_check_at AND NEW.next_check_at IS NOT NULL
            BEGIN
                UPDATE ticket SET next_check_at = NULL WHERE id = NEW.id;
            END
            """
        )


def _backfill_terms() -> None:
    from frontdesk_tui.domain.search import index_terms

    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.text("SELECT id, search_text FROM ticket WHERE id > :last ORDER BY id LIMIT 5000"), {"last": last}
        ).fetchall()
        if not rows:
            return
        conn.execute(
            sa.text("UPDATE ticket SET search_terms = :terms WHERE id = :id"),
            [{"id": r[0], "terms": index_terms(r[1] or "")} for r in rows],
        )
        last = rows[-1][0]


FTS_TRIGGERS = {
    "ticket_fts_insert": "AFTER INSERT ON ticket BEGIN "
    "INSERT INTO ticket_fts (rowid, search_terms) VALUES (new.id, new.search_terms); END",
    "ticket_fts_delete": "AFTER DELETE ON ticket BEGIN "
    "INSERT INTO ticket_fts (ticket_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms); END",
    "ticket_fts_update": "AFTER UPDATE OF search_terms ON ticket BEGIN "
    "INSERT INTO ticket_fts (ticket_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms); "
    "INSERT INTO ticket_fts (rowid, search_terms) VALUES (new.id, new.search_terms); END",
}


def _sqlite_fts() -> None:
    # unicode61 splits on spaces and punctuation and keeps a run of CJK characters as one token:
    # each of our terms is one token.
    op.execute(
        "CREATE VIRTUAL TABLE ticket_fts USING fts5(search_terms, content='ticket', content_rowid='id', "
        "detail='none')"
    )
    op.execute("INSERT INTO ticket_fts (ticket_fts) VALUES ('rebuild')")
    for name, body in FTS_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "ticket"')
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
        op.execute("DROP INDEX IF EXISTS ix_ticket_search_terms")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
        for name in FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS ticket_fts")
    op.drop_index("ix_ticket_event_kind_at", table_name="ticket_event")
    op.drop_index("ix_ticket_location_received", table_name="ticket")
    op.drop_index("ix_ticket_status_received", table_name="ticket")
    op.drop_index("ix_ticket_next_check", table_name="ticket")
    with op.batch_alter_table("ticket") as batch:
        batch.drop_column("next_check_at")
        batch.drop_column("search_terms")
