"""The violation register (issue 6, R-VI-1 … R-VI-8): record, the measure ladder, sign-off, follow-up,
the register's filtered pages, the director's sign-off queue, due rectifications, finance export and
the retention purge.

Every write loads the violation, hands a :class:`~frontdesk_tui.domain.violations.ViolationFacts`
snapshot to the domain's ``check_*`` (the domain refuses; no screen is needed for that), writes, keeps
the stored status inputs in step and bumps the violation's ``version`` through
:func:`~frontdesk_tui.data.versioning.bump` with the version it read (R-RO-3), recording the operator
(R-RO-2) on the row and in the history. Writes take ``expected_version``: the version the caller
showed (``None`` = the current row, for the CLI).

Results are frozen dataclasses with times already in the site's time zone and a ``to_json()``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from frontdesk_tui.data.tables import AuditEntry, InboxItem, Operator, Unit
from frontdesk_tui.data.tables_violations import Violation, ViolationEvent, ViolationMeasure
from frontdesk_tui.data.versioning import bump
from frontdesk_tui.domain import permissions
from frontdesk_tui.domain import violations as rules
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Measure, Role, ViolationClass, ViolationKind
from frontdesk_tui.domain.errors import DomainError, InputError, NotFound, RuleError
from frontdesk_tui.domain.text import clean_line, clean_text
from frontdesk_tui.domain.violations import MeasureFacts, ViolationFacts
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.uow import UnitOfWork

PAGE_SIZE = 50

#: ``status`` filter values: the derived statuses of the domain, plus ``open`` (anything not closed).
STATUS_FILTERS: tuple[str, ...] = (*rules.STATUSES, "open")

#: Inbox kinds this module writes.
INBOX_RECTIFICATION_DUE = "rectification_due"
INBOX_FOLLOW_UP_DUE = "violation_follow_up_due"

#: History entries (``violation_event.kind``) and their labels.
EVENT_LABELS: dict[str, str] = {
    "recorded": N_("recorded"),
    "proposed": N_("proposed"),
    "signed": N_("signed"),
    "declined": N_("declined"),
    "completed": N_("rectified"),
    "fact": N_("fact recorded"),
    "follow_up": N_("followed up"),
    "reclassified": N_("reclassified"),
    "closed": N_("closed"),
}

STATUS_LABELS: dict[str, str] = {
    "recorded": N_("recorded"),
    "persuading": N_("persuading"),
    "awaiting_sign": N_("awaiting the director"),
    "in_effect": N_("in effect"),
    "rectification_due": N_("rectification due"),
    "follow_up_due": N_("follow-up due"),
    "closed": N_("closed"),
    "open": N_("open"),
}


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def event_label(kind: str) -> str:
    return _(EVENT_LABELS.get(kind, kind))


def _t(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


# --------------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class MeasureView:
    """One handling opinion as the detail view and ``show --json`` show it."""

    id: int
    measure: str
    basis: str
    amount: Decimal | None
    notice_at: datetime | None
    deadline: datetime | None
    proposed_by: str
    proposed_by_id: int
    proposed_at: datetime
    signed_by: str | None
    signed_by_id: int | None
    signed_at: datetime | None
    declined_by: str | None
    declined_at: datetime | None
    completed_by: str | None
    completed_at: datetime | None
    #: R-VI-5: true only once the rules let it take effect (persuasion at once, else signed).
    effective: bool
    #: waiting for the director's signature
    pending: bool
    #: a signed rectification past its deadline and not done
    due: bool

    @property
    def label(self) -> str:
        return rules.measure_label(self.measure)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "measure": self.measure,
            "basis": self.basis,
            "amount": None if self.amount is None else str(self.amount),
            "notice_at": _t(self.notice_at),
            "deadline": _t(self.deadline),
            "proposed_by": self.proposed_by,
            "proposed_at": _t(self.proposed_at),
            "signed_by": self.signed_by,
            "signed_at": _t(self.signed_at),
            "declined_by": self.declined_by,
            "declined_at": _t(self.declined_at),
            "completed_by": self.completed_by,
            "completed_at": _t(self.completed_at),
            "effective": self.effective,
            "pending": self.pending,
            "due": self.due,
        }


@dataclass(frozen=True)
class FactView:
    """A recorded fact the ladder depends on (``mediation-failed`` …), with who, when and a note."""

    fact: str
    by: str
    at: datetime
    note: str

    def to_json(self) -> dict[str, Any]:
        return {"fact": self.fact, "by": self.by, "at": _t(self.at), "note": self.note}


@dataclass(frozen=True)
class EventView:
    """One line of the history: who did what when."""

    at: datetime
    kind: str
    by: str | None
    rule: str
    measure_id: int | None
    fact: str
    note: str

    @property
    def label(self) -> str:
        return event_label(self.kind)

    def to_json(self) -> dict[str, Any]:
        return {
            "at": _t(self.at),
            "kind": self.kind,
            "by": self.by,
            "rule": self.rule,
            "measure_id": self.measure_id,
            "fact": self.fact,
            "note": self.note,
        }


@dataclass(frozen=True)
class NextSteps:
    """What the viewing operator may do next (the detail view's actions), and why the other measures
    are refused (measure code -> the rule's message)."""

    measures: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    sign: tuple[int, ...] = ()
    decline: tuple[int, ...] = ()
    complete: tuple[int, ...] = ()
    follow_up: bool = False
    close: bool = False
    reclassify: bool = False
    refused: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "measures": list(self.measures),
            "facts": list(self.facts),
            "sign": list(self.sign),
            "decline": list(self.decline),
            "complete": list(self.complete),
            "follow_up": self.follow_up,
            "close": self.close,
            "reclassify": self.reclassify,
            "refused": dict(self.refused),
        }


@dataclass(frozen=True)
class ViolationView:
    """The whole record (客户违章记录表, R-VI-6) with its measures, facts, history and next steps."""

    id: int
    version: int
    unit: str
    unit_id: int
    violator: str
    at: datetime
    kind: str
    facts: str
    recorder: str
    recorder_id: int
    suggested_class: str
    confirmed_class: str
    attachments: tuple[str, ...]
    followed_up_at: datetime | None
    closed_at: datetime | None
    recorded_at: datetime
    updated_at: datetime
    updated_by: str
    status: str
    measures: tuple[MeasureView, ...]
    facts_recorded: tuple[FactView, ...]
    history: tuple[EventView, ...]
    next_steps: NextSteps
    #: R-VI-8: the last day the record must be kept (from closing, else from recording)
    keep_until: date

    @property
    def kind_label(self) -> str:
        return rules.kind_label(self.kind)

    @property
    def class_label(self) -> str:
        return rules.class_label(self.confirmed_class)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    def measure(self, measure_id: int) -> MeasureView:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "unit": self.unit,
            "violator": self.violator,
            "at": _t(self.at),
            "kind": self.kind,
            "facts": self.facts,
            "recorder": self.recorder,
            "suggested_class": self.suggested_class,
            "class": self.confirmed_class,
            "attachments": list(self.attachments),
            "status": self.status,
            "followed_up_at": _t(self.followed_up_at),
            "closed_at": _t(self.closed_at),
            "recorded_at": _t(self.recorded_at),
            "updated_at": _t(self.updated_at),
            "updated_by": self.updated_by,
            "keep_until": self.keep_until.isoformat(),
            "measures": [m.to_json() for m in self.measures],
            "facts_recorded": [f.to_json() for f in self.facts_recorded],
            "history": [e.to_json() for e in self.history],
            "next_steps": self.next_steps.to_json(),
        }


@dataclass(frozen=True)
class RecordResult:
    """A new record and why its class was suggested (the form's help line)."""

    violation: ViolationView
    class_reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {**self.violation.to_json(), "class_reasons": list(self.class_reasons)}


@dataclass(frozen=True)
class ActionResult:
    """The violation after a write, and the measure the write was about (if any)."""

    violation: ViolationView
    measure_id: int | None = None

    @property
    def measure(self) -> MeasureView | None:
        return None if self.measure_id is None else self.violation.measure(self.measure_id)

    def to_json(self) -> dict[str, Any]:
        data = self.violation.to_json()
        m = self.measure
        data["measure"] = None if m is None else m.to_json()
        return data


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
        return {
            "id": self.id,
            "version": self.version,
            "at": _t(self.at),
            "unit": self.unit,
            "violator": self.violator,
            "kind": self.kind,
            "class": self.confirmed_class,
            "status": self.status,
            "last_measure": self.last_measure or None,
            "pending_signs": self.pending_signs,
            "rectification_due_at": _t(self.rectification_due_at),
            "facts": self.facts,
            "recorded_at": _t(self.recorded_at),
            "closed_at": _t(self.closed_at),
        }


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
        return {
            "measure_id": self.measure_id,
            "violation_id": self.violation_id,
            "violation_version": self.violation_version,
            "unit": self.unit,
            "violator": self.violator,
            "kind": self.kind,
            "class": self.violation_class,
            "measure": self.measure,
            "basis": self.basis,
            "amount": None if self.amount is None else str(self.amount),
            "deadline": _t(self.deadline),
            "proposed_by": self.proposed_by,
            "proposed_at": _t(self.proposed_at),
            "facts_recorded": list(self.facts_recorded),
        }


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
        return {
            "kind": self.kind,
            "violation_id": self.violation_id,
            "measure_id": self.measure_id,
            "unit": self.unit,
            "measure": self.measure,
            "due_at": _t(self.due_at),
            "notified": list(self.notified),
        }


@dataclass(frozen=True)
class DueScan:
    """Everything due at ``now`` and what this scan put into inboxes."""

    due: tuple[DueItem, ...]
    inbox_items: int

    @property
    def new(self) -> tuple[DueItem, ...]:
        return tuple(d for d in self.due if d.notified)

    def to_json(self) -> dict[str, Any]:
        return {"due": [d.to_json() for d in self.due], "inbox_items": self.inbox_items}


@dataclass(frozen=True)
class FinanceRow:
    """R-VI-7: one charge of the month for finance (原件报财务部统一扣款)."""

    violation_id: int
    measure_id: int
    unit: str
    violator: str
    kind: str
    measure: str
    amount: Decimal
    signed_by: str
    #: the director's sign-off time, in the site's time zone
    signed_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "violation_id": self.violation_id,
            "measure_id": self.measure_id,
            "unit": self.unit,
            "violator": self.violator,
            "kind": self.kind,
            "measure": self.measure,
            "amount": str(self.amount),
            "signed_by": self.signed_by,
            "signed_at": _t(self.signed_at),
        }


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
        return {
            "id": self.id,
            "class": self.violation_class,
            "unit": self.unit,
            "violator": self.violator,
            "kind": self.kind,
            "recorded_at": _t(self.recorded_at),
            "closed_at": _t(self.closed_at),
            "keep_until": self.keep_until.isoformat(),
        }


@dataclass(frozen=True)
class PurgeResult:
    before: date
    dry_run: bool
    candidates: tuple[PurgeCandidate, ...]
    removed: int

    def to_json(self) -> dict[str, Any]:
        return {
            "before": self.before.isoformat(),
            "dry_run": self.dry_run,
            "candidates": [c.to_json() for c in self.candidates],
            "removed": self.removed,
        }


# --------------------------------------------------------------------------------------------------
# Loading and views


def _get(s: Session, violation_id: int) -> Violation:
    row = s.get(Violation, violation_id)
    if row is None:
        raise NotFound("id", _("no violation {id}").format(id=violation_id))
    return row


def _measures(s: Session, violation_id: int) -> list[ViolationMeasure]:
    stmt = (
        select(ViolationMeasure)
        .where(ViolationMeasure.violation_id == violation_id)
        .order_by(ViolationMeasure.id)
    )
    return list(s.execute(stmt).scalars())


def _events(s: Session, violation_id: int) -> list[ViolationEvent]:
    stmt = (
        select(ViolationEvent)
        .where(ViolationEvent.violation_id == violation_id)
        .order_by(ViolationEvent.at, ViolationEvent.id)
    )
    return list(s.execute(stmt).scalars())


def _measure_facts(m: ViolationMeasure) -> MeasureFacts:
    assert m.id is not None
    return MeasureFacts(
        id=m.id,
        measure=Measure(m.measure),
        proposed_by=m.proposed_by,
        signed_by=m.signed_by,
        signed_at=m.signed_at,
        amount=m.amount,
        deadline=m.deadline,
        completed_at=m.completed_at,
        declined_at=m.declined_at,
    )


def _facts(
    row: Violation, measures: Sequence[ViolationMeasure], events: Iterable[ViolationEvent]
) -> ViolationFacts:
    assert row.id is not None
    return ViolationFacts(
        id=row.id,
        violation_class=ViolationClass(row.confirmed_class),
        kind=ViolationKind(row.kind),
        recorded_at=row.recorded_at,
        facts_recorded=frozenset(e.fact for e in events if e.kind == "fact" and e.fact),
        measures=tuple(_measure_facts(m) for m in measures),
        followed_up_at=row.followed_up_at,
        closed_at=row.closed_at,
        unit=row.unit_label,
        violator=row.violator,
    )


def status_inputs(facts: ViolationFacts) -> dict[str, Any]:
    """The stored inputs of the derived status (see ``data.tables_violations``), from the facts."""
    running = [
        m.deadline
        for m in facts.measures
        if m.measure == Measure.RECTIFICATION
        and rules.is_effective(m)
        and m.deadline is not None
        and m.completed_at is None
    ]
    return {
        "measure_count": len(facts.measures),
        "pending_signs": sum(1 for m in facts.measures if rules.is_pending(m)),
        "in_effect": any(rules.is_effective(m) and m.measure != Measure.PERSUASION for m in facts.measures),
        "rectification_due_at": min(running) if running else None,
        "follow_up_pending": rules.follow_up_due(facts),
        "last_measure": facts.measures[-1].measure.value if facts.measures else "",
    }


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


def _names(s: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = s.execute(select(Operator.id, Operator.name).where(Operator.id.in_(wanted)))  # type: ignore[union-attr]
    return {r.id: r.name for r in rows}


def _try(check: Any, *args: Any) -> bool:
    try:
        check(*args)
    except DomainError:
        return False
    return True


def next_steps(actor: Actor | None, facts: ViolationFacts) -> NextSteps:
    """What ``actor`` may do next on this violation (all checks are the domain's)."""
    if actor is None:
        return NextSteps()
    refused: dict[str, str] = {}
    for measure in Measure:
        try:
            rules.check_propose(actor, facts, measure, basis="-", amount=None)
        except RuleError as exc:
            refused[measure.value] = exc.reason
        except InputError:
            pass
    ids = [m.id for m in facts.measures]
    return NextSteps(
        measures=tuple(m.value for m in rules.allowed_measures(actor, facts)),
        facts=tuple(f.value for f in rules.allowed_facts(actor, facts)),
        sign=tuple(i for i in ids if _try(rules.check_sign, actor, facts, i)),
        decline=tuple(i for i in ids if _try(rules.check_decline, actor, facts, i)),
        complete=tuple(i for i in ids if _try(rules.check_complete, actor, facts, i)),
        follow_up=_try(rules.check_follow_up, actor, facts),
        close=_try(rules.check_close, actor, facts),
        reclassify=actor.role == Role.DIRECTOR and facts.closed_at is None,
        refused=refused,
    )


def _view(
    s: Session,
    site: Site,
    actor: Actor | None,
    row: Violation,
    measures: Sequence[ViolationMeasure],
    events: Sequence[ViolationEvent],
    now: datetime,
) -> ViolationView:
    tz = site.tz
    facts = _facts(row, measures, events)
    names = _names(
        s,
        [row.recorder_id, row.updated_by]
        + [i for m in measures for i in (m.proposed_by, m.signed_by, m.declined_by, m.completed_by)]
        + [e.operator_id for e in events],
    )

    def name(i: int | None) -> str | None:
        return None if i is None else names.get(i, "?")

    def local(value: datetime | None) -> datetime | None:
        return None if value is None else value.astimezone(tz)

    measure_views = []
    for m, mf in zip(measures, facts.measures, strict=True):
        assert m.id is not None
        measure_views.append(
            MeasureView(
                id=m.id,
                measure=m.measure,
                basis=m.basis,
                amount=m.amount,
                notice_at=local(m.notice_at),
                deadline=local(m.deadline),
                proposed_by=names.get(m.proposed_by, "?"),
                proposed_by_id=m.proposed_by,
                proposed_at=m.proposed_at.astimezone(tz),
                signed_by=name(m.signed_by),
                signed_by_id=m.signed_by,
                signed_at=local(m.signed_at),
                declined_by=name(m.declined_by),
                declined_at=local(m.declined_at),
                completed_by=name(m.completed_by),
                completed_at=local(m.completed_at),
                effective=rules.is_effective(mf),
                pending=rules.is_pending(mf),
                due=rules.rectification_due(mf, now),
            )
        )
    assert row.id is not None
    return ViolationView(
        id=row.id,
        version=row.version,
        unit=row.unit_label,
        unit_id=row.unit_id,
        violator=row.violator,
        at=row.at.astimezone(tz),
        kind=row.kind,
        facts=row.facts,
        recorder=names.get(row.recorder_id, "?"),
        recorder_id=row.recorder_id,
        suggested_class=row.suggested_class,
        confirmed_class=row.confirmed_class,
        attachments=tuple(json.loads(row.attachments or "[]")),
        followed_up_at=local(row.followed_up_at),
        closed_at=local(row.closed_at),
        recorded_at=row.recorded_at.astimezone(tz),
        updated_at=row.updated_at.astimezone(tz),
        updated_by=names.get(row.updated_by, "?"),
        status=rules.status_of(facts, now),
        measures=tuple(measure_views),
        facts_recorded=tuple(
            FactView(e.fact, name(e.operator_id) or e.rule, e.at.astimezone(tz), e.note)
            for e in events
            if e.kind == "fact"
        ),
        history=tuple(
            EventView(e.at.astimezone(tz), e.kind, name(e.operator_id), e.rule, e.measure_id, e.fact, e.note)
            for e in events
        ),
        next_steps=next_steps(actor, facts),
        keep_until=rules.retention_until(row.confirmed_class, rules.retention_start(facts), tz=tz),
    )


# --------------------------------------------------------------------------------------------------
# Writes


@dataclass(frozen=True)
class _Change:
    """What a write did once the domain allowed it: its history line (``kind``, ``note``, the measure
    or fact it is about) and the violation's new column values, written with the version bump."""

    kind: str
    note: str = ""
    measure_id: int | None = None
    fact: str = ""
    values: dict[str, Any] = field(default_factory=dict)


def _event_row(violation_id: int, actor: Actor, now: datetime, change: _Change) -> ViolationEvent:
    return ViolationEvent(
        violation_id=violation_id,
        at=now,
        kind=change.kind,
        operator_id=actor.id,
        measure_id=change.measure_id,
        fact=change.fact,
        note=change.note,
    )


@dataclass
class _Write:
    """One write to a violation: the row as read, its measures and events, and the version read."""

    uow: UnitOfWork
    row: Violation
    read_version: int
    measures: list[ViolationMeasure]
    events: list[ViolationEvent]

    @property
    def s(self) -> Session:
        return self.uow.session

    @property
    def facts(self) -> ViolationFacts:
        return _facts(self.row, self.measures, self.events)

    def measure(self, measure_id: int) -> ViolationMeasure:
        return next(x for x in self.measures if x.id == measure_id)

    def finish(self, site: Site, actor: Actor, now: datetime, change: _Change) -> ViolationView:
        """Record the change's history line, bump the version (R-RO-3) with its values and the status
        inputs, commit, view."""
        assert self.row.id is not None
        ev = _event_row(self.row.id, actor, now, change)
        self.s.add(ev)
        self.events.append(ev)
        self.s.flush()
        values = change.values
        facts = self.facts
        if "followed_up_at" in values:
            facts = replace(facts, followed_up_at=values["followed_up_at"])
        if "closed_at" in values:
            facts = replace(facts, closed_at=values["closed_at"])
        if "confirmed_class" in values:
            facts = replace(facts, violation_class=ViolationClass(values["confirmed_class"]))
        inputs = status_inputs(facts)
        bump(
            self.s,
            Violation,
            self.row.id,
            self.read_version,
            operator_id=actor.id,
            now=now,
            tz=site.tz,
            **values,
            **inputs,
        )
        row = self.s.get(Violation, self.row.id, populate_existing=True)
        assert row is not None
        view = _view(self.s, site, actor, row, self.measures, self.events, now)
        self.uow.commit()
        return view


def _begin(
    uow: UnitOfWork, site: Site, actor: Actor, violation_id: int, expected_version: int | None, now: datetime
) -> _Write:
    s = uow.session
    row = _get(s, violation_id)
    if expected_version is not None and expected_version != row.version:
        # R-RO-3: refused, naming who changed it and when (bump raises StaleError).
        bump(s, Violation, violation_id, expected_version, operator_id=actor.id, now=now, tz=site.tz)
    return _Write(uow, row, row.version, _measures(s, violation_id), _events(s, violation_id))


def _act(
    site: Site,
    actor: Actor,
    violation_id: int,
    expected_version: int | None,
    now: datetime,
    change: Callable[[_Write], _Change],
) -> ActionResult:
    """The skeleton of every write to a recorded violation: load it (refusing a stale
    ``expected_version``), let ``change`` check it in the domain and apply itself, record its history
    line, bump the version with the status inputs, commit; the result names the measure the change
    was about."""
    with UnitOfWork(site.db) as uow:
        w = _begin(uow, site, actor, violation_id, expected_version, now)
        done = change(w)
        view = w.finish(site, actor, now, done)
    return ActionResult(view, done.measure_id)


def _stamp_measure(
    site: Site,
    actor: Actor,
    violation_id: int,
    measure_id: int,
    check: Callable[[Actor, ViolationFacts, int], object],
    stamp: str,
    now: datetime,
    note: str,
    expected_version: int | None,
) -> ActionResult:
    """Sign, decline or complete a measure once ``check`` allows it: sets the measure's
    ``<stamp>_by`` and ``<stamp>_at`` and records the history line ``<stamp>``."""
    note = clean_text(note)

    def change(w: _Write) -> _Change:
        check(actor, w.facts, measure_id)
        m = w.measure(measure_id)
        setattr(m, f"{stamp}_by", actor.id)
        setattr(m, f"{stamp}_at", now)
        w.s.add(m)
        return _Change(stamp, note=note, measure_id=measure_id)

    return _act(site, actor, violation_id, expected_version, now, change)


def _stamp_violation(
    site: Site,
    actor: Actor,
    violation_id: int,
    check: Callable[[Actor, ViolationFacts], object],
    kind: str,
    column: str,
    now: datetime,
    note: str,
    expected_version: int | None,
) -> ActionResult:
    """Follow up or close once ``check`` allows it: sets ``column`` to ``now`` and records the history
    line ``kind``."""
    note = clean_text(note)

    def change(w: _Write) -> _Change:
        check(actor, w.facts)
        return _Change(kind, note=note, values={column: now})

    return _act(site, actor, violation_id, expected_version, now, change)


def _parse_class(value: str | None, field_name: str) -> ViolationClass | None:
    if value is None or value == "":
        return None
    try:
        return ViolationClass(value)
    except ValueError:
        raise InputError(field_name, _("confirm the class: general or major")) from None


@dataclass(frozen=True)
class _Prepared:
    draft: rules.ViolationDraft
    reasons: tuple[str, ...]
    errors: tuple[InputError, ...]


def _prepare(
    actor: Actor,
    *,
    unit: str,
    violator: str,
    kind: str,
    facts: str,
    now: datetime,
    at: datetime | None,
    violation_class: str | None,
    attachments: Sequence[str],
    loss_yuan: Decimal | None,
    threat_to_public_safety: bool | None,
    check_files: bool,
) -> _Prepared:
    """The cleaned draft of the record form, the class suggestion's reasons and every problem."""
    errors: list[InputError] = []
    facts = clean_text(facts)
    suggested: ViolationClass = ViolationClass.GENERAL
    reasons: tuple[str, ...] = ()
    try:
        suggested, reasons = rules.explain_class(
            ViolationKind(kind), facts, loss_yuan, threat_to_public_safety
        )
    except ValueError:
        pass  # an unknown kind: validate_draft names it
    except InputError as exc:
        errors.append(exc)
    paths: list[str] = []
    for raw in attachments:
        path = clean_line(raw)
        if check_files and path:
            p = Path(path).expanduser()
            if not p.is_file():
                errors.append(InputError("attachments", _("no such file: {path}").format(path=path)))
                continue
            path = str(p.resolve())
        paths.append(path)
    draft = rules.ViolationDraft(
        violator=clean_line(violator),
        unit=clean_line(unit),
        at=now if at is None else at,
        kind=kind,
        facts=facts,
        recorder_id=actor.id,
        recorder_name=actor.name,
        suggested_class=suggested,
        confirmed_class=suggested if violation_class in (None, "") else violation_class,
        attachments=tuple(paths),
    )
    errors.extend(rules.validate_draft(draft, now))
    return _Prepared(draft, reasons, tuple(errors))


def _unit_row(s: Session, label: str) -> Unit | None:
    return s.execute(select(Unit).where(Unit.label == label)).scalars().first()


def draft_problems(
    site: Site,
    actor: Actor,
    *,
    unit: str,
    violator: str,
    kind: str,
    facts: str,
    now: datetime,
    at: datetime | None = None,
    violation_class: str | None = None,
    attachments: Sequence[str] = (),
    loss_yuan: Decimal | None = None,
    threat_to_public_safety: bool | None = None,
    check_files: bool = True,
) -> list[InputError]:
    """Every problem of the record form at once (the form shows each next to its field), including
    an unknown unit; empty when :func:`record_violation` would accept it. Reads only."""
    prepared = _prepare(
        actor,
        unit=unit,
        violator=violator,
        kind=kind,
        facts=facts,
        now=now,
        at=at,
        violation_class=violation_class,
        attachments=attachments,
        loss_yuan=loss_yuan,
        threat_to_public_safety=threat_to_public_safety,
        check_files=check_files,
    )
    errors = list(prepared.errors)
    if not any(e.field == "unit" for e in errors):
        with UnitOfWork(site.db, write=False) as uow:
            if _unit_row(uow.session, prepared.draft.unit) is None:
                errors.append(
                    NotFound("unit", _("no unit {label} in the estate").format(label=prepared.draft.unit))
                )
    return errors


def record_violation(
    site: Site,
    actor: Actor,
    *,
    unit: str,
    violator: str,
    kind: str,
    facts: str,
    now: datetime,
    at: datetime | None = None,
    violation_class: str | None = None,
    attachments: Sequence[str] = (),
    loss_yuan: Decimal | None = None,
    threat_to_public_safety: bool | None = None,
    check_files: bool = True,
) -> RecordResult:
    """Record a violation (R-VI-6): anyone may (R-VI-5). The class is suggested from the kind, the
    facts and the optional answers (R-VI-2); ``violation_class`` is the person's confirmation (None:
    the suggestion is taken). ``at`` defaults to ``now``. Attachments are file paths; with
    ``check_files`` each must exist and is stored as an absolute path. The first problem is raised
    (:func:`draft_problems` lists them all)."""
    permissions.require(actor, "violation.record")
    prepared = _prepare(
        actor,
        unit=unit,
        violator=violator,
        kind=kind,
        facts=facts,
        now=now,
        at=at,
        violation_class=violation_class,
        attachments=attachments,
        loss_yuan=loss_yuan,
        threat_to_public_safety=threat_to_public_safety,
        check_files=check_files,
    )
    if prepared.errors:
        raise prepared.errors[0]
    draft, reasons = prepared.draft, prepared.reasons
    unit, violator, facts, at, paths = (
        draft.unit,
        draft.violator,
        draft.facts,
        draft.at,
        list(draft.attachments),
    )
    assert at is not None
    kind_code = ViolationKind(draft.kind)
    suggested = ViolationClass(draft.suggested_class)
    confirmed = ViolationClass(draft.confirmed_class)
    with UnitOfWork(site.db) as uow:
        s = uow.session
        unit_row = _unit_row(s, unit)
        if unit_row is None:
            raise NotFound("unit", _("no unit {label} in the estate").format(label=unit))
        assert unit_row.id is not None
        row = Violation(
            unit_id=unit_row.id,
            unit_label=unit_row.label,
            violator=violator,
            at=at,
            kind=kind_code.value,
            facts=facts,
            recorder_id=actor.id,
            suggested_class=suggested.value,
            confirmed_class=confirmed.value,
            attachments=json.dumps(paths, ensure_ascii=False),
            recorded_at=now,
            updated_at=now,
            updated_by=actor.id,
        )
        s.add(row)
        s.flush()
        assert row.id is not None
        note = _("suggested {suggested}, confirmed {confirmed}").format(
            suggested=suggested.value, confirmed=confirmed.value
        )
        ev = _event_row(row.id, actor, now, _Change("recorded", note=note))
        s.add(ev)
        s.flush()
        view = _view(s, site, actor, row, [], [ev], now)
        uow.commit()
    return RecordResult(view, reasons)


def propose_measure(
    site: Site,
    actor: Actor,
    violation_id: int,
    measure: str,
    *,
    basis: str,
    now: datetime,
    amount: Decimal | None = None,
    notice_at: datetime | None = None,
    effective_at: datetime | None = None,
    expected_version: int | None = None,
) -> ActionResult:
    """Propose a handling opinion (处理依据及办法, R-VI-3/R-VI-5). The domain refuses a suspension for
    everyone (民法典 第944条), a measure above the proposer's authority, a penalty without the
    committee's support, criticism without the client's refusal, litigation without failed mediation.
    ``effective_at`` is the rectification's deadline (required for one), else when it is to take
    effect. Persuasion is effective at once; anything else waits for the director's signature."""
    try:
        code = Measure(measure)
    except ValueError:
        raise InputError(
            "measure", _("one of {codes}").format(codes=", ".join(m.value for m in Measure))
        ) from None
    basis = clean_text(basis)
    if notice_at is not None and notice_at.tzinfo is None:
        raise InputError("notice_at", _("needs a time zone"))

    def change(w: _Write) -> _Change:
        rules.check_propose(actor, w.facts, code, basis=basis, amount=amount, deadline=effective_at, now=now)
        m = ViolationMeasure(
            violation_id=violation_id,
            measure=code.value,
            basis=basis,
            amount=amount,
            notice_at=notice_at,
            deadline=effective_at,
            proposed_by=actor.id,
            proposed_at=now,
        )
        w.s.add(m)
        w.s.flush()
        w.measures.append(m)
        return _Change("proposed", note=code.value, measure_id=m.id)

    return _act(site, actor, violation_id, expected_version, now, change)


def record_fact(
    site: Site,
    actor: Actor,
    violation_id: int,
    fact: str,
    *,
    now: datetime,
    note: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """Record a fact the ladder depends on: ``mediation-failed``, ``committee-support``,
    ``refused-opinion``, ``notice-served`` (R-VI-3, R-VI-5)."""
    note = clean_text(note)

    def change(w: _Write) -> _Change:
        parsed = rules.check_record_fact(actor, w.facts, fact)
        return _Change("fact", note=note, fact=parsed.value)

    return _act(site, actor, violation_id, expected_version, now, change)


def sign_measure(
    site: Site,
    actor: Actor,
    violation_id: int,
    measure_id: int,
    *,
    now: datetime,
    note: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """The director signs a proposal (审批意见, R-VI-5); it takes effect now."""
    return _stamp_measure(
        site, actor, violation_id, measure_id, rules.check_sign, "signed", now, note, expected_version
    )


def decline_measure(
    site: Site,
    actor: Actor,
    violation_id: int,
    measure_id: int,
    *,
    now: datetime,
    reason: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """The director declines a proposal: it never takes effect and leaves the sign-off queue."""
    return _stamp_measure(
        site, actor, violation_id, measure_id, rules.check_decline, "declined", now, reason, expected_version
    )


def complete_measure(
    site: Site,
    actor: Actor,
    violation_id: int,
    measure_id: int,
    *,
    now: datetime,
    note: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """Record a signed rectification as done; it stops coming due."""
    return _stamp_measure(
        site, actor, violation_id, measure_id, rules.check_complete, "completed", now, note, expected_version
    )


def record_follow_up(
    site: Site,
    actor: Actor,
    violation_id: int,
    *,
    now: datetime,
    note: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """R-VI-4, R-VI-6 (跟进结果, 管理员签名): the relationship follow-up and its result."""
    return _stamp_violation(
        site,
        actor,
        violation_id,
        rules.check_follow_up,
        "follow_up",
        "followed_up_at",
        now,
        note,
        expected_version,
    )


def close_violation(
    site: Site,
    actor: Actor,
    violation_id: int,
    *,
    now: datetime,
    note: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """Close the record once nothing is pending (no proposal waiting, no rectification running, no
    follow-up due); retention then counts from today (R-VI-8)."""
    return _stamp_violation(
        site, actor, violation_id, rules.check_close, "closed", "closed_at", now, note, expected_version
    )


def reclassify_violation(
    site: Site,
    actor: Actor,
    violation_id: int,
    to_class: str,
    *,
    now: datetime,
    note: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """R-VI-2: the director changes the confirmed class (moving the case between the assistant and
    the director)."""
    note = clean_text(note)
    target = _parse_class(to_class, "violation_class")
    if target is None:
        raise InputError("violation_class", _("confirm the class: general or major"))

    def change(w: _Write) -> _Change:
        rules.check_reclassify(actor, w.facts, target)
        moved = f"{w.row.confirmed_class} → {target.value}" + (f": {note}" if note else "")
        return _Change("reclassified", note=moved, values={"confirmed_class": target.value})

    return _act(site, actor, violation_id, expected_version, now, change)


# --------------------------------------------------------------------------------------------------
# Reads


def get_violation(site: Site, actor: Actor | None, violation_id: int, *, now: datetime) -> ViolationView:
    """The whole record with its measures, facts, history and ``actor``'s next steps."""
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        row = _get(s, violation_id)
        return _view(s, site, actor, row, _measures(s, violation_id), _events(s, violation_id), now)


def criticism_notice(site: Site, violation_id: int) -> str:
    """R-VI-4: the text of the public criticism (通报批评) of a violation whose criticism the director
    signed: the unit and the facts, without phones or ID numbers (PIPL)."""
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        row = _get(s, violation_id)
        facts = _facts(row, _measures(s, violation_id), _events(s, violation_id))
    return rules.criticism_notice(facts, row.unit_label, row.facts)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def parse_month(text: str, field_name: str = "month") -> tuple[int, int]:
    """``YYYY-MM`` -> (year, month)."""
    try:
        year_s, month_s = text.strip().split("-")
        year, month = int(year_s), int(month_s)
        if len(year_s) != 4 or not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        raise InputError(field_name, _("a month as YYYY-MM, e.g. 2026-11")) from None
    return year, month


def month_bounds(year: int, month: int, tz: Any) -> tuple[datetime, datetime]:
    """The month in the site's time zone as [start, end)."""
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


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
        cls = _parse_class(flt.violation_class, "class")
        assert cls is not None
        conds.append(V.confirmed_class == cls.value)
    if flt.status:
        if flt.status not in STATUS_FILTERS:
            raise InputError("status", _("one of {codes}").format(codes=", ".join(STATUS_FILTERS)))
        conds.append(_status_condition(flt.status, now))
    unit = clean_line(flt.unit)
    if unit:
        conds.append(
            or_(V.unit_label == unit, V.unit_label.like(_escape_like(unit) + "-%", escape="\\"))  # type: ignore[attr-defined]
        )
    if flt.month:
        start, end = month_bounds(*parse_month(flt.month), site.tz)
        conds.append(and_(V.at >= start, V.at < end))
    query = clean_line(flt.search).lower()
    if query:
        pattern = f"%{_escape_like(query)}%"
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
        names = _names(s, [m.proposed_by for m, _v in pairs])
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


# --------------------------------------------------------------------------------------------------
# Due rectifications and follow-ups (the supervision inbox)


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


def rectifications_due_before(site: Site, until: datetime) -> list[DueItem]:
    """Signed rectifications not done whose deadline falls at or before ``until`` (read-only; the
    handover's important work, R-HO-3, asks this with the end of the next shift)."""
    tz = site.tz
    with UnitOfWork(site.db, write=False) as uow:
        pairs = list(uow.session.execute(_running_rectifications(until)).all())
    return [
        DueItem(INBOX_RECTIFICATION_DUE, v.id, m.id, v.unit_label, m.measure, m.deadline.astimezone(tz))  # type: ignore[union-attr,arg-type]
        for m, v in pairs
    ]


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
            message: str,
        ) -> None:
            """Count ``m`` as due; tell the directors and its proposer if this scan claims ``told_at``."""
            told: tuple[int, ...] = ()
            if getattr(m, told_at.key) is None and _claim(s, m.id, told_at, now):  # type: ignore[arg-type]
                ids = list(directors)
                if m.proposed_by in active and m.proposed_by not in ids:
                    ids.append(m.proposed_by)
                told = tuple(ids)
                for op_id in told:
                    s.add(
                        InboxItem(
                            operator_id=op_id,
                            created_at=now,
                            kind=kind,
                            rule=rule,
                            ref_type="violation",
                            ref_id=v.id,
                            message=message,
                        )
                    )
            due.append(DueItem(kind, v.id, m.id, v.unit_label, m.measure, due_at, told))  # type: ignore[arg-type]

        for m, v in list(s.execute(_running_rectifications(now)).all()):
            deadline = m.deadline.astimezone(tz)  # type: ignore[union-attr]
            message = _("Violation {id} ({unit}): the rectification deadline {deadline} has come").format(
                id=v.id, unit=v.unit_label, deadline=deadline.strftime("%Y-%m-%d %H:%M")
            )
            notify(
                m, v, INBOX_RECTIFICATION_DUE, "R-VI-3", ViolationMeasure.due_notified_at, deadline, message
            )
        for m, v in list(s.execute(_penalties_to_follow_up()).all()):
            message = _(
                "Violation {id} ({unit}): {measure} was signed; a follow-up to ease the relationship is due"
            ).format(id=v.id, unit=v.unit_label, measure=rules.measure_label(m.measure))
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


# --------------------------------------------------------------------------------------------------
# R-VI-7: the month-end finance export


def finance_rows(site: Site, actor: Actor, year: int, month: int) -> list[FinanceRow]:
    """R-VI-7: the month's charges (signed compensations with an amount, by the director's sign-off
    time in the site's time zone), for the assistant or the director (it names clients)."""
    permissions.require(actor, "violation.handle")
    if not 1 <= month <= 12:
        raise InputError("month", _("a month is 1 to 12"))
    start, end = month_bounds(year, month, site.tz)
    M, V = ViolationMeasure, Violation
    stmt = (
        select(M, V)
        .join(V, V.id == M.violation_id)
        .where(
            M.measure == Measure.COMPENSATION.value,
            M.signed_at >= start,  # type: ignore[operator]
            M.signed_at < end,  # type: ignore[operator]
        )
        .order_by(M.signed_at, M.id)
    )
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        pairs = list(s.execute(stmt).all())
        names = _names(s, [m.signed_by for m, _v in pairs])
    by_violation: dict[int, tuple[Violation, list[ViolationMeasure]]] = {}
    for m, v in pairs:
        by_violation.setdefault(v.id, (v, []))[1].append(m)  # type: ignore[arg-type]
    snapshots = [_facts(v, ms, ()) for v, ms in by_violation.values()]
    return [
        FinanceRow(
            violation_id=c.violation_id,
            measure_id=c.measure_id,
            unit=c.unit,
            violator=c.violator,
            kind=c.kind.value,
            measure=c.measure.value,
            amount=c.amount,
            signed_by=names.get(c.signed_by, "?"),
            signed_at=c.signed_at,
        )
        for c in rules.charges_in_month(snapshots, year, month, site.tz)
    ]


def finance_headers() -> list[str]:
    return [
        _("violation"),
        _("unit"),
        _("violator"),
        _("kind"),
        _("measure"),
        _("amount (yuan)"),
        _("signed by"),
        _("signed at"),
    ]


def _finance_cells(r: FinanceRow, amount: Any, signed_at: Any) -> list[Any]:
    """One charge in the order of :func:`finance_headers`, with the amount and the sign-off time as the
    file format wants them."""
    return [
        r.violation_id,
        r.unit,
        r.violator,
        rules.kind_label(r.kind),
        rules.measure_label(r.measure),
        amount,
        r.signed_by,
        signed_at,
    ]


def write_finance_csv(rows: Sequence[FinanceRow], path: Path) -> None:
    """CSV (UTF-8 with BOM so spreadsheets read the Chinese); times with the site's offset."""
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(finance_headers())
        for r in rows:
            writer.writerow(_finance_cells(r, f"{r.amount:.2f}", r.signed_at.isoformat(timespec="seconds")))


def write_finance_xlsx(rows: Sequence[FinanceRow], path: Path, *, title: str) -> None:
    """XLSX with numeric amounts and real date-times (site time; Excel has no time zones), and a
    total row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(finance_headers())
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(_finance_cells(r, r.amount, r.signed_at.replace(tzinfo=None, microsecond=0)))
        ws.cell(row=ws.max_row, column=6).number_format = "#,##0.00"
        ws.cell(row=ws.max_row, column=8).number_format = "yyyy-mm-dd hh:mm"
    if rows:
        total_row = ws.max_row + 1
        ws.cell(row=total_row, column=5, value=_("total")).font = Font(bold=True)
        total = ws.cell(row=total_row, column=6, value=f"=SUM(F2:F{total_row - 1})")
        total.number_format = "#,##0.00"
        total.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", (10, 12, 12, 14, 18, 14, 10, 18), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    wb.save(path)


# --------------------------------------------------------------------------------------------------
# R-VI-8, R-PD-2: retention


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
