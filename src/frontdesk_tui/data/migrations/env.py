"""Alembic environment: always run from frontdesk_tui.data.migrate with a live connection."""

from __future__ import annotations

from alembic import context

from frontdesk_tui.data.all_tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by calling the alembic CLI directly
    raise SystemExit("run migrations with `frontdesk db upgrade`, not the alembic command")

context.configure(
    connection=connection,
    target_metadata=metadata,
    compare_type=True,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
