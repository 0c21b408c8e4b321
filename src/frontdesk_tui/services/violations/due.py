"""Due rectifications (R-VI-3) and follow-ups after penalties (R-VI-4): the supervision inbox's scan
and the handover's look ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlmodel import Session

from frontdesk_tui.data.tables import Operator
from frontdesk_tui.data.tables_violations import Violation, ViolationMeasure
from frontdesk_tui.domain import violations as rules
from frontdesk_tui.domain.codes import Measure, Role
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import N_, Message, _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.site.inbox import REF_VIOLATION, InboxNotice, add_to_inbox
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.services.violations.views import fields_json

#: Inbox kinds this module writes.
INBOX_RECTIFICATION_DUE = "rectification_due"
INBOX_FOLLOW_UP_DUE = "violation_follow_up_due"


@dataclass(frozen=True)
class DueItem:
    """A rectification deadline that has come (R-VI-3) or a follow-up due after a penalty (R-VI-4)."""

    kind: str
    violation_id: int
    measure_id: int
    unit: str
    measure: str
    due_at: datetime | None
    #: operators whose inbox got it on this scan (empty when told before)
    notified: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return fields_json(self)


@dataclass(frozen=True)
class DueScan:
    """Everything due at ``now`` and what this scan put into inboxes."""

    due: tuple[DueItem, ...]
    inbox_items: int

    @property
    def new(self) -> tuple[DueItem, ...]:
        return tuple(d for d in self.due if d.notified)

    def to_json(self) -> dict[str, Any]:
        return fields_json(self)


def _signed_measures(*conditions: Any, order_by: Any) -> Any:
    """(measure, violation) pairs of signed, not declined measures of open violations."""
    M, V = ViolationMeasure, Violation
    return (
        select(M, V)
        .join(V, V.id == M.violation_id)
        .where(
            V.closed_at.is_(None),  # type: ignore[union-attr]
            M.signed_at.is_not(None),  # type: ignore[union-attr]
            M.declined_at.is_(None),  # type: ignore[union-attr]
            *conditions,
        )
        .order_by(order_by, M.id)
    )


def _running_rectifications(until: datetime) -> Any:
    M = ViolationMeasure
    return _signed_measures(
        M.measure == Measure.RECTIFICATION.value,
        M.completed_at.is_(None),  # type: ignore[union-attr]
        M.deadline.is_not(None),  # type: ignore[union-attr]
        M.deadline <= until,  # type: ignore[operator]
        order_by=M.deadline,
    )


def _penalties_to_follow_up() -> Any:
    """R-VI-4: signed penalties not followed up since. ``follow_up_pending`` is kept in step by every
    write."""
    M, V = ViolationMeasure, Violation
    return _signed_measures(
        V.follow_up_pending == True,  # noqa: E712
        M.measure.in_([p.value for p in rules.PENALTIES]),  # type: ignore[attr-defined]
        or_(V.followed_up_at.is_(None), M.signed_at > V.followed_up_at),  # type: ignore[union-attr,operator]
        order_by=M.signed_at,
    )


def _due_items(site: Site, stmt: Any, kind: str, due_column: str, limit: int | None) -> list[DueItem]:
    """Run a (measure, violation) query read-only, at most ``limit`` rows when given, as due items
    whose time is the measure's ``due_column`` in the site's zone."""
    if limit is not None:
        stmt = stmt.limit(limit)
    with UnitOfWork(site.db, write=False) as uow:
        pairs = list(uow.session.execute(stmt).all())
    return [
        DueItem(kind, v.id, m.id, v.unit_label, m.measure, getattr(m, due_column).astimezone(site.tz))
        for m, v in pairs
    ]


def rectifications_due_before(site: Site, until: datetime, *, limit: int | None = None) -> list[DueItem]:
    """Signed rectifications not done whose deadline falls at or before ``until``, the earliest
    first (read-only; the handover's important work, R-HO-3, asks this with the end of the next
    shift, the supervision board with now). At most ``limit`` when given."""
    return _due_items(site, _running_rectifications(until), INBOX_RECTIFICATION_DUE, "deadline", limit)


def penalty_follow_ups_due(site: Site, *, limit: int | None = None) -> list[DueItem]:
    """R-VI-4, read-only: signed penalties whose follow-up to ease the relationship is still due,
    the longest waiting first (``due_at`` is when the penalty was signed). The supervision board
    lists these; ``due_rectifications`` tells the inbox about them."""
    return _due_items(site, _penalties_to_follow_up(), INBOX_FOLLOW_UP_DUE, "signed_at", limit)


def _claim(s: Session, measure_id: int, column: Any, now: datetime) -> bool:
    """Mark a measure as told, once: only the scan whose conditional UPDATE wins writes the inbox."""
    result = s.execute(
        update(ViolationMeasure)
        .where(ViolationMeasure.id == measure_id, column.is_(None))
        .values({column.key: now})
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def due_rectifications(site: Site, now: datetime) -> DueScan:
    """The scan the escalation timer calls: every signed rectification whose deadline has come and
    that is not done goes into the supervision inbox (kind ``rectification_due``, R-VI-3), and after
    every signed penalty a follow-up is due (kind ``violation_follow_up_due``, R-VI-4) — each once
    per measure, to the directors and to whoever proposed the measure. Automatic: the inbox items
    name the rule (R-RO-2); the violation's version is not touched, so nobody's open copy goes stale.
    Returns everything due now, marking what this scan told."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise InputError("now", _("a time without a time zone is ambiguous: give the offset"))
    tz = site.tz
    due: list[DueItem] = []
    with UnitOfWork(site.db) as uow:
        s = uow.session
        directors = list(
            s.execute(
                select(Operator.id).where(Operator.role == Role.DIRECTOR.value, Operator.active == True)  # noqa: E712
            ).scalars()
        )
        active = set(s.execute(select(Operator.id).where(Operator.active == True)).scalars())  # noqa: E712

        def notify(
            m: ViolationMeasure,
            v: Violation,
            kind: str,
            rule: str,
            told_at: Any,
            due_at: datetime,
            message: Message,
        ) -> None:
            """Count ``m`` as due; tell the directors and its proposer if this scan claims ``told_at``."""
            told: tuple[int, ...] = ()
            if getattr(m, told_at.key) is None and _claim(s, m.id, told_at, now):  # type: ignore[arg-type]
                ids = list(directors)
                if m.proposed_by in active and m.proposed_by not in ids:
                    ids.append(m.proposed_by)
                told = tuple(ids)
                add_to_inbox(
                    s, [InboxNotice(told, kind, message, rule=rule, ref_kind=REF_VIOLATION, ref_id=v.id)], at=now
                )
            due.append(DueItem(kind, v.id, m.id, v.unit_label, m.measure, due_at, told))  # type: ignore[arg-type]

        for m, v in list(s.execute(_running_rectifications(now)).all()):
            deadline = m.deadline.astimezone(tz)  # type: ignore[union-attr]
            message = Message(
                N_("Violation {id} ({unit}): the rectification deadline {deadline} has come"),
                {"id": v.id, "unit": v.unit_label, "deadline": deadline.strftime("%Y-%m-%d %H:%M")},
            )
            notify(
                m, v, INBOX_RECTIFICATION_DUE, "R-VI-3", ViolationMeasure.due_notified_at, deadline, message
            )
        for m, v in list(s.execute(_penalties_to_follow_up()).all()):
            message = Message(
                N_("Violation {id} ({unit}): {measure} was signed; a follow-up to ease the relationship is due"),
                {"id": v.id, "unit": v.unit_label, "measure": rules.measure_label_message(m.measure)},
            )
            signed_at = m.signed_at.astimezone(tz)  # type: ignore[union-attr]
            notify(
                m,
                v,
                INBOX_FOLLOW_UP_DUE,
                "R-VI-4",
                ViolationMeasure.follow_up_notified_at,
                signed_at,
                message,
            )
        uow.commit()
    return DueScan(due=tuple(due), inbox_items=sum(len(d.notified) for d in due))
