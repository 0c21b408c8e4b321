"""queue index: open tickets by status and emergency, newest first

The ticket queue walks one index per open status (emergencies first, R-EM-1). ``(status, due_at)``
serves the default "due" order; this one finds the few open emergencies without scanning and
serves the "received" order.

Revision ID: 0005_queue_indexes
Revises: 0002_tickets
Create Date: 2026-11-25 14:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_queue_indexes"
down_revision: str | Sequence[str] | None = "0002_tickets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_ticket_status_emergency_received", "ticket", ["status", "emergency", "received_at"])


def downgrade() -> None:
    op.drop_index("ix_ticket_status_emergency_received", table_name="ticket")
