"""Optimistic locking (R-RO-3) with a ``version`` column, checked in SQL.

SQLAlchemy's ``version_id_col`` only guards ORM flushes; services here update through
:func:`bump`, a conditional ``UPDATE … WHERE id = ? AND version = ?`` that works for bulk writes too
and tells who changed the row when it was stale.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, SQLModel

from frontdesk_tui.data.tables import Operator
from frontdesk_tui.domain.errors import StaleError


def bump(
    session: Session,
    table: type[SQLModel],
    row_id: int,
    expected_version: int,
    *,
    operator_id: int,
    now: datetime,
    tz: Any,
    **values: Any,
) -> int:
    """Write ``values`` to the row if it is still at ``expected_version``; returns the new version.

    The table must have ``version``, ``updated_at`` and ``updated_by`` columns.
    """
    if "updated_by_rule" in table.__table__.columns:  # type: ignore[attr-defined]
        values.setdefault("updated_by_rule", None)  # R-RO-2: a person's change is theirs, not a rule's
    stmt = (
        update(table)
        .where(table.id == row_id, table.version == expected_version)  # type: ignore[attr-defined]
        .values(version=expected_version + 1, updated_at=now, updated_by=operator_id, **values)
        .execution_options(synchronize_session="fetch")
    )
    result = session.execute(stmt)
    if result.rowcount == 1:
        return expected_version + 1
    current = session.get(table, row_id, populate_existing=True)
    if current is None:
        raise StaleError(by="?", at="?")
    at = current.updated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
    if current.updated_by is None:  # type: ignore[attr-defined]
        from frontdesk_tui.domain.actors import automatic_label

        raise StaleError(by=automatic_label(getattr(current, "updated_by_rule", None)), at=at)
    who = session.get(Operator, current.updated_by)  # type: ignore[attr-defined]
    raise StaleError(by=who.name if who else "?", at=at)
