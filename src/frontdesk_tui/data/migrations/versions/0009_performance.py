"""performance at a million tickets: the scan's "next check at", the list's order index

``ticket.next_check_at`` is when the escalation scan must look at a ticket again: NULL means "as
soon as possible" (a new ticket, or one written since the scan last looked); a time means nothing
can escalate before it (the scan computes it with the rules, ``domain.escalation.next_check_at``);
``NEVER`` (9999-12-31) means nothing can escalate until someone writes the ticket. The scan reads
only ``next_check_at IS NULL OR next_check_at <= now`` through ``ix_ticket_next_check``.

Every write marks the ticket for the scan in ONE place, the database: a trigger sets
``next_check_at`` to NULL on any UPDATE that does not itself set a new ``next_check_at`` (only
the scan does), so no service, present or future, can forget it. New rows default to NULL.

``ix_ticket_status_received (status, received_at, id)`` serves ``ticket list`` (newest first, per
open status, merged) without sorting the open tickets, ``ix_ticket_location_received`` a unit's; ``ix_ticket_event_kind_at`` the scan's
R-SV-5 (b) count of raises attached in the last 30 days without reading the whole timeline.

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
down_revision: str | Sequence[str] | None = "0006_change_notify"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGER = "ticket_next_check_on_write"
FUNCTION = "frontdesk_ticket_next_check"


def upgrade() -> None:
    op.add_column("ticket", sa.Column("next_check_at", frontdesk_tui.data.types.UTCDateTime(timezone=True), nullable=True))
    op.create_index("ix_ticket_next_check", "ticket", ["next_check_at"])
    op.create_index("ix_ticket_status_received", "ticket", ["status", "received_at", "id"])
    op.create_index("ix_ticket_location_received", "ticket", ["location", "received_at", "id"])
    op.create_index("ix_ticket_event_kind_at", "ticket_event", ["kind", "at"])
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


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "ticket"')
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
    op.drop_index("ix_ticket_event_kind_at", table_name="ticket_event")
    op.drop_index("ix_ticket_location_received", table_name="ticket")
    op.drop_index("ix_ticket_status_received", table_name="ticket")
    op.drop_index("ix_ticket_next_check", table_name="ticket")
    with op.batch_alter_table("ticket") as batch:
        batch.drop_column("next_check_at")
