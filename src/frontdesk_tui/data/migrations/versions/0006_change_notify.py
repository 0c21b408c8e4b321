"""change notices: PostgreSQL tells listening desks that a table changed

Joins the feature branches (tickets' queue index, duty, violations) into one head. On PostgreSQL
every application table gets a statement-level trigger that calls ``pg_notify`` on the channel
``frontdesk_change`` with the table's schema as payload, so a desk LISTENing there learns of any
commit at once instead of polling (data/changes.py ``ChangeWatcher``). Notices are sent at commit
only, and PostgreSQL folds the identical ones of a transaction into one. The schema lets several
sites (or the tests' one schema per test) share a database. SQLite needs nothing: the desk asks
``PRAGMA data_version`` there.

Revision ID: 0006_change_notify
Revises: 0003_duty, 0004_violations, 0005_queue_indexes
Create Date: 2026-11-26 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_change_notify"
down_revision: str | Sequence[str] | None = ("0003_duty", "0004_violations", "0005_queue_indexes")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "frontdesk_change"
FUNCTION = "frontdesk_notify_change"
TRIGGER = "frontdesk_notify_change"

#: Every table of the application as of this revision (not alembic_version). A later migration
#: that adds a table a screen shows adds the same trigger to it.
TABLES = (
    "audit",
    "building",
    "department",
    "duty_log",
    "duty_log_chain",
    "duty_log_signature",
    "escalation",
    "handover",
    "inbox",
    "operator",
    "owner",
    "publicarea",
    "roster_day",
    "roster_swap",
    "ticket",
    "ticket_event",
    "unit",
    "violation",
    "violation_event",
    "violation_measure",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', TG_TABLE_SCHEMA);
            RETURN NULL;
        END
        $$
        """
    )
    for table in TABLES:
        op.execute(
            f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}"'
            f" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
    op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
