"""The register's filtered pages and counts (filtered and paged in SQL) and the director's sign-off
queue (R-VI-5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from frontdesk_tui.data.like import escape_like
from frontdesk_tui.data.tables_violations import Violation, ViolationEvent, ViolationMeasure
from frontdesk_tui.domain import violations as rules
from frontdesk_tui.domain.codes import Measure, ViolationKind
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.domain.months import month_bounds, parse_month
from frontdesk_tui.domain.text import clean_line
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.services.violations.detail import operator_names
from frontdesk_tui.services.violations.views import fields_json, parse_class

PAGE_SIZE = 50

#: ``status`` filter values: the derived statuses of the domain, plus ``open`` (anything not closed).
STATUS_FILTERS: tuple[str, ...] = (*rules.STATUSES, "open")


@dataclass(frozen=True)
class ViolationFilter:
    """The register's filters; empty fields mean "any". ``month`` is ``YYYY-MM`` (of the violation's
    time, in the site's time zone); ``unit`` is a label or its building/entrance prefix (``3``,
    ``3-2``); ``search`` looks in the violator, the unit and the facts."""

    kind: str | None = None
    violation_class: str | None = None
    status: str | None = None
    unit: str | None = None
    month: str | None = None
    search: str = ""


Key = tuple[datetime, int]
"""A register row's position: (violation time, id), newest first."""


@dataclass(frozen=True)
class ViolationRow:
    """One line of the register."""

    id: int
    version: int
    at: datetime
    unit: str
    violator: str
    kind: str
    confirmed_class: str
    status: str
    last_measure: str
    pending_signs: int
    rectification_due_at: datetime | None
    facts: str
    recorded_at: datetime
    closed_at: datetime | None

    @property
    def key(self) -> Key:
        return (self.at, self.id)

    def to_json(self) -> dict[str, Any]:
        data = fields_json(self, rename={"confirmed_class": "class"})
        data["last_measure"] = self.last_measure or None
        return data


@dataclass(frozen=True)
class ViolationPage:
    rows: tuple[ViolationRow, ...]
    has_after: bool

    @property
    def last_key(self) -> Key | None:
        return self.rows[-1].key if self.rows else None


@dataclass(frozen=True)
class SignoffItem:
    """A proposal waiting for the director (R-VI-5), with what the director needs to decide."""

    measure_id: int
    violation_id: int
    violation_version: int
    unit: str
    violator: str
    kind: str
    violation_class: str
    measure: str
    basis: str
    amount: Decimal | None
    deadline: datetime | None
    proposed_by: str
    proposed_at: datetime
    facts_recorded: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, rename={"violation_class": "class"})


def _row_status(row: Any, now: datetime) -> str:
    """:func:`domain.violations.status_of` from the stored inputs (what the SQL filter uses too)."""
    if row.closed_at is not None:
        return "closed"
    if row.rectification_due_at is not None and row.rectification_due_at <= now:
        return "rectification_due"
    if row.follow_up_pending:
        return "follow_up_due"
    if row.pending_signs > 0:
        return "awaiting_sign"
    if row.in_effect:
        return "in_effect"
    if row.measure_count > 0:
        return "persuading"
    return "recorded"


def _status_condition(status: str, now: datetime) -> ColumnElement[bool]:
    """The SQL twin of :func:`_row_status` for one status (or ``open``)."""
    V = Violation
    open_ = V.closed_at.is_(None)  # type: ignore[union-attr]
    if status == "open":
        return open_
    if status == "closed":
        return V.closed_at.is_not(None)  # type: ignore[union-attr]
    due = and_(V.rectification_due_at.is_not(None), V.rectification_due_at <= now)  # type: ignore[union-attr]
    not_due = or_(V.rectification_due_at.is_(None), V.rectification_due_at > now)  # type: ignore[union-attr]
    if status == "rectification_due":
        return and_(open_, due)
    conds: list[ColumnElement[bool]] = [open_, not_due]
    if status == "follow_up_due":
        return and_(*conds, V.follow_up_pending == True)  # noqa: E712
    conds.append(V.follow_up_pending == False)  # noqa: E712
    if status == "awaiting_sign":
        return and_(*conds, V.pending_signs > 0)
    conds.append(V.pending_signs == 0)
    if status == "in_effect":
        return and_(*conds, V.in_effect == True)  # noqa: E712
    conds.append(V.in_effect == False)  # noqa: E712
    if status == "persuading":
        return and_(*conds, V.measure_count > 0)
    return and_(*conds, V.measure_count == 0)


def _filter_conditions(site: Site, flt: ViolationFilter, now: datetime) -> list[ColumnElement[bool]]:
    V = Violation
    conds: list[ColumnElement[bool]] = []
    if flt.kind:
        try:
            conds.append(V.kind == ViolationKind(flt.kind).value)
        except ValueError:
            raise InputError(
                "kind", _("one of {codes}").format(codes=", ".join(k.value for k in ViolationKind))
            ) from None
    if flt.violation_class:
        cls = parse_class(flt.violation_class, "class")
        assert cls is not None
        conds.append(V.confirmed_class == cls.value)
    if flt.status:
        if flt.status not in STATUS_FILTERS:
            raise InputError("status", _("one of {codes}").format(codes=", ".join(STATUS_FILTERS)))
        conds.append(_status_condition(flt.status, now))
    unit = clean_line(flt.unit)
    if unit:
        conds.append(
            or_(V.unit_label == unit, V.unit_label.like(escape_like(unit) + "-%", escape="\\"))  # type: ignore[attr-defined]
        )
    if flt.month:
        start, end = month_bounds(*parse_month(flt.month), site.tz)
        conds.append(and_(V.at >= start, V.at < end))
    query = clean_line(flt.search).lower()
    if query:
        pattern = f"%{escape_like(query)}%"
        conds.append(
            or_(
                func.lower(V.violator).like(pattern, escape="\\"),
                func.lower(V.unit_label).like(pattern, escape="\\"),
                func.lower(V.facts).like(pattern, escape="\\"),
            )
        )
    return conds


_ROW_COLUMNS = (
    Violation.id,
    Violation.version,
    Violation.at,
    Violation.unit_label,
    Violation.violator,
    Violation.kind,
    Violation.confirmed_class,
    Violation.last_measure,
    Violation.pending_signs,
    Violation.rectification_due_at,
    Violation.follow_up_pending,
    Violation.in_effect,
    Violation.measure_count,
    Violation.facts,
    Violation.recorded_at,
    Violation.closed_at,
)


def list_violations(
    site: Site,
    flt: ViolationFilter,
    *,
    now: datetime,
    after: Key | None = None,
    limit: int = PAGE_SIZE,
) -> ViolationPage:
    """One page of the register, newest violation first, filtered and paged in SQL (keyset: the page
    after ``after``)."""
    conds = _filter_conditions(site, flt, now)
    if after is not None:
        at, row_id = after
        conds.append(or_(Violation.at < at, and_(Violation.at == at, Violation.id < row_id)))  # type: ignore[operator]
    stmt = (
        select(*_ROW_COLUMNS)
        .where(*conds)
        .order_by(Violation.at.desc(), Violation.id.desc())  # type: ignore[attr-defined,union-attr]
        .limit(limit + 1)
    )
    tz = site.tz
    with UnitOfWork(site.db, write=False) as uow:
        found = list(uow.session.execute(stmt))
    rows = tuple(
        ViolationRow(
            id=r.id,
            version=r.version,
            at=r.at.astimezone(tz),
            unit=r.unit_label,
            violator=r.violator,
            kind=r.kind,
            confirmed_class=r.confirmed_class,
            status=_row_status(r, now),
            last_measure=r.last_measure,
            pending_signs=r.pending_signs,
            rectification_due_at=None
            if r.rectification_due_at is None
            else r.rectification_due_at.astimezone(tz),
            facts=r.facts,
            recorded_at=r.recorded_at.astimezone(tz),
            closed_at=None if r.closed_at is None else r.closed_at.astimezone(tz),
        )
        for r in found[:limit]
    )
    return ViolationPage(rows=rows, has_after=len(found) > limit)


def count_violations(site: Site, flt: ViolationFilter, *, now: datetime) -> int:
    conds = _filter_conditions(site, flt, now)
    with UnitOfWork(site.db, write=False) as uow:
        return uow.session.execute(select(func.count()).select_from(Violation).where(*conds)).scalar_one()


def _pending_condition() -> ColumnElement[bool]:
    M = ViolationMeasure
    return and_(
        M.signed_at.is_(None),  # type: ignore[union-attr]
        M.declined_at.is_(None),  # type: ignore[union-attr]
        M.measure.not_in([Measure.PERSUASION.value, Measure.SUSPENSION.value]),  # type: ignore[attr-defined]
    )


def signoff_queue(site: Site, *, limit: int = 200) -> list[SignoffItem]:
    """The director's sign-off queue (R-VI-5): proposals neither signed nor declined, oldest first."""
    M, V = ViolationMeasure, Violation
    stmt = (
        select(M, V)
        .join(V, V.id == M.violation_id)
        .where(_pending_condition(), V.closed_at.is_(None))  # type: ignore[union-attr]
        .order_by(M.proposed_at, M.id)
        .limit(limit)
    )
    tz = site.tz
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        pairs = list(s.execute(stmt).all())
        names = operator_names(s, [m.proposed_by for m, _v in pairs])
        violation_ids = {v.id for _m, v in pairs}
        facts: dict[int, set[str]] = {}
        if violation_ids:
            for vid, fact in s.execute(
                select(ViolationEvent.violation_id, ViolationEvent.fact).where(
                    ViolationEvent.violation_id.in_(violation_ids),  # type: ignore[attr-defined]
                    ViolationEvent.kind == "fact",
                )
            ):
                facts.setdefault(vid, set()).add(fact)
    return [
        SignoffItem(
            measure_id=m.id,  # type: ignore[arg-type]
            violation_id=v.id,  # type: ignore[arg-type]
            violation_version=v.version,
            unit=v.unit_label,
            violator=v.violator,
            kind=v.kind,
            violation_class=v.confirmed_class,
            measure=m.measure,
            basis=m.basis,
            amount=m.amount,
            deadline=None if m.deadline is None else m.deadline.astimezone(tz),
            proposed_by=names.get(m.proposed_by, "?"),
            proposed_at=m.proposed_at.astimezone(tz),
            facts_recorded=tuple(sorted(facts.get(v.id, ()))),  # type: ignore[arg-type]
        )
        for m, v in pairs
    ]


def count_signoff_queue(site: Site) -> int:
    M, V = ViolationMeasure, Violation
    stmt = (
        select(func.count())
        .select_from(M)
        .join(V, V.id == M.violation_id)
        .where(_pending_condition(), V.closed_at.is_(None))  # type: ignore[union-attr]
    )
    with UnitOfWork(site.db, write=False) as uow:
        return uow.session.execute(stmt).scalar_one()
