"""channel detail (R-IN-1a): which way an online complaint came, a call on the hotline, letters

``ticket.channel_detail`` holds ``website``, ``app``, ``wechat`` or ``email`` for the online
channel, ``hotline`` for a call on the 24-hour hotline, and is empty for the plain channel. The
letter channel (``letter``) is a new code in the existing ``channel`` column, which has no list of
allowed values in the database, so it needs no change here.

Existing rows: every ticket keeps its channel and gets the empty detail (the plain channel): nobody
noted the way before, and guessing it would invent a fact. No row is rewritten.

Revision ID: 0012_channel_detail
Revises: 0011_inbox_message_key
Create Date: 2026-12-06 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_channel_detail"
down_revision: str | Sequence[str] | None = "0011_inbox_message_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN with a constant default: no table rebuild on SQLite, no rewrite on PostgreSQL 11+,
    # and the triggers of 0006/0009 stay as they are.
    op.add_column("ticket", sa.Column("channel_detail", sa.String(length=10), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("ticket") as batch:
        batch.drop_column("channel_detail")
