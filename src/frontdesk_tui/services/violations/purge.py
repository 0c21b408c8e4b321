"""R-VI-8, R-PD-2: the retention purge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select

from frontdesk_tui.data.tables import AuditEntry, InboxItem
from frontdesk_tui.data.tables_violations import Violation, ViolationEvent, ViolationMeasure
from frontdesk_tui.domain import permissions
from frontdesk_tui.domain import violations as rules
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import ViolationClass
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.services.violations.views import fields_json


@dataclass(frozen=True)
class PurgeCandidate:
    id: int
    violation_class: str
    unit: str
    violator: str
    kind: str
    recorded_at: datetime
    closed_at: datetime | None
    keep_until: date

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, rename={"violation_class": "class"})


@dataclass(frozen=True)
class PurgeResult:
    before: date
    dry_run: bool
    candidates: tuple[PurgeCandidate, ...]
    removed: int

    def to_json(self) -> dict[str, Any]:
        return fields_json(self)


def _years_back(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def purge_violations(
    site: Site, actor: Actor, *, before: date, now: datetime, dry_run: bool = True
) -> PurgeResult:
    """R-VI-8, R-PD-2: the records whose retention (general 1 year, major 5 years, from closing or,
    never closed, from recording) ended before ``before``. A dry run only lists them; otherwise they
    go with their measures, history and inbox items, and the purge is logged in ``audit``. Director
    only (``records.purge``)."""
    permissions.require(actor, "records.purge")
    if before > now.astimezone(site.tz).date():
        raise InputError("before", _("cannot be in the future"))
    tz = site.tz
    V = Violation
    start = func.coalesce(V.closed_at, V.recorded_at)
    # A superset in SQL (a day of slack for time zones), the exact rule in the domain.
    clauses = []
    for cls, years in rules.RETENTION_YEARS.items():
        cutoff = datetime.combine(_years_back(before, years) + timedelta(days=2), time(0), tzinfo=tz)
        clauses.append(and_(V.confirmed_class == cls.value, start < cutoff))
    with UnitOfWork(site.db) as uow:
        s = uow.session
        rows = list(s.execute(select(V).where(or_(*clauses)).order_by(V.id)).scalars())
        candidates = []
        for v in rows:
            began = v.closed_at or v.recorded_at
            if rules.purge_due(v.confirmed_class, began, before, tz=tz):
                candidates.append(
                    PurgeCandidate(
                        id=v.id,  # type: ignore[arg-type]
                        violation_class=v.confirmed_class,
                        unit=v.unit_label,
                        violator=v.violator,
                        kind=v.kind,
                        recorded_at=v.recorded_at.astimezone(tz),
                        closed_at=None if v.closed_at is None else v.closed_at.astimezone(tz),
                        keep_until=rules.retention_until(v.confirmed_class, began, tz=tz),
                    )
                )
        if dry_run or not candidates:
            return PurgeResult(before, dry_run, tuple(candidates), 0)
        ids = [c.id for c in candidates]
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            s.execute(delete(ViolationEvent).where(ViolationEvent.violation_id.in_(chunk)))  # type: ignore[attr-defined]
            s.execute(delete(ViolationMeasure).where(ViolationMeasure.violation_id.in_(chunk)))  # type: ignore[attr-defined]
            s.execute(delete(InboxItem).where(InboxItem.ref_type == "violation", InboxItem.ref_id.in_(chunk)))  # type: ignore[union-attr]
            s.execute(delete(Violation).where(Violation.id.in_(chunk)))  # type: ignore[union-attr]
        general = sum(1 for c in candidates if c.violation_class == ViolationClass.GENERAL)
        detail = f"before {before.isoformat()}: {len(ids)} removed (general {general}, major {len(ids) - general}); ids "
        id_text = ",".join(str(i) for i in ids)
        room = 2000 - len(detail)
        detail += id_text if len(id_text) <= room else id_text[: room - 1] + "…"
        s.add(AuditEntry(at=now, operator_id=actor.id, action="violation.purge", detail=detail))
        uow.commit()
    return PurgeResult(before, False, tuple(candidates), len(ids))
