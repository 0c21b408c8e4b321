"""inbox items carry a message key and its parameters, rendered in the reader's language

Until now an inbox item stored its text in the language of the process that wrote it: the
escalation scan running in English wrote English into a Chinese desk's inbox. ``message_key`` is
the English msgid, ``message_params`` its placeholders' values as JSON; the inbox renders them with
gettext when it is READ, in the reader's language. ``message`` keeps the text as written.

Existing rows keep their ``message`` and get an empty key, so they show their stored text as before.

Revision ID: 0011_inbox_message_key
Revises: 0010_revised_expected
Create Date: 2026-12-06 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_inbox_message_key"
down_revision: str | Sequence[str] | None = "0010_revised_expected"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("message_key", sa.String(length=300), nullable=False, server_default=""))
        batch.add_column(sa.Column("message_params", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("message_params")
        batch.drop_column("message_key")
