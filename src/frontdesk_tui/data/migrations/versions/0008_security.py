"""security: sign-in throttle, automatic changes owned by their rule

* ``sign_in_throttle`` (R-SEC-1): consecutive sign-in failures per name typed and the lock they
  earned, in the database so that every process (the app, ``--as``, ``ssh-login``) shares it.
* ``ticket.updated_by`` may be null and ``ticket.updated_by_rule`` names the rule of an automatic
  change (R-RO-2: the R-SV-5 upgrade is the system's, not the last person's). Existing rows keep
  their operator; the rule column starts null.

Revision ID: 0008_security
Revises: 0006_change_notify
Create Date: 2026-12-04 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from frontdesk_tui.data.types import UTCDateTime

revision: str = "0008_security"
down_revision: str | Sequence[str] | None = "0007_duty_rules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttle",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_failure_at", UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    with op.batch_alter_table("ticket") as batch:
        batch.alter_column("updated_by", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("updated_by_rule", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        # Every app table tells other desks of a write (0006): the new one too.
        op.execute(
            'CREATE TRIGGER frontdesk_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "sign_in_throttle"'
            " FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_notify_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute('DROP TRIGGER IF EXISTS frontdesk_notify_change ON "sign_in_throttle"')
    with op.batch_alter_table("ticket") as batch:
        batch.drop_column("updated_by_rule")
        batch.alter_column("updated_by", existing_type=sa.Integer(), nullable=False)
    op.drop_table("sign_in_throttle")
