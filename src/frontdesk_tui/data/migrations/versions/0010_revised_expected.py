"""R-EM-4: an emergency's revised expected resolution time

``ticket.revised_expected_at`` holds the latest ``revise-expected`` of an open emergency that needs
outside support (情况复杂、需要外部支援): the queue, the ticket screen and the supervision board show it
beside the missed clock without reading the timeline, which keeps every revision. The emergency
clocks (``on_site_due``, ``under_control_due``) are never changed by it. Existing rows start at NULL
(no revision recorded): nothing to backfill, since the action is new.

Revision ID: 0010_revised_expected
Revises: 0009_performance
Create Date: 2026-12-06 01:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import frontdesk_tui.data.types

revision: str = "0010_revised_expected"
down_revision: str | Sequence[str] | None = "0009_performance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy): on SQLite a table rebuild would drop migration 0009's
    # triggers and the FTS content link.
    op.add_column(
        "ticket",
        sa.Column("revised_expected_at", frontdesk_tui.data.types.UTCDateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    # SQLite 3.35+ and PostgreSQL drop a column in place: 0009's triggers stay.
    op.execute("ALTER TABLE ticket DROP COLUMN revised_expected_at")
