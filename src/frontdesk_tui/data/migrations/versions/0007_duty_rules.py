"""duty rules: the stand-in for the rostered officer (R-DU-5)

Adds ``roster_stand_in``: an assistant or the director records who stands in for the rostered
officer of a day, with the reason; the newest row of a day acts. No existing row changes. On
PostgreSQL the new table gets the change-notice trigger of 0006, so desks see a stand-in at once.

Revision ID: 0007_duty_rules
Revises: 0006_change_notify
Create Date: 2026-12-04 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import frontdesk_tui.data.types

revision: str = "0007_duty_rules"
down_revision: str | Sequence[str] | None = "0006_change_notify"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = "frontdesk_notify_change"
TRIGGER = "frontdesk_notify_change"


def upgrade() -> None:
    op.create_table(
        "roster_stand_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("rostered_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", frontdesk_tui.data.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["officer_id"], ["operator.id"]),
        sa.ForeignKeyConstraint(["rostered_id"], ["operator.id"]),
        sa.ForeignKeyConstraint(["recorded_by"], ["operator.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("roster_stand_in", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_stand_in_day"), ["day"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "roster_stand_in"'
            f" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "roster_stand_in"')
    with op.batch_alter_table("roster_stand_in", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_stand_in_day"))
    op.drop_table("roster_stand_in")
