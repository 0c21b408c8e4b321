"""One violation as the services see it: the rows loaded, the domain's
:class:`~frontdesk_tui.domain.violations.ViolationFacts` snapshot, the stored status inputs, the
operator's next steps and the detail view (R-VI-6), and the reads of one record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from frontdesk_tui.data.tables import Operator
from frontdesk_tui.data.tables_violations import Violation, ViolationEvent, ViolationMeasure
from frontdesk_tui.domain import violations as rules
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Measure, Role, ViolationClass, ViolationKind
from frontdesk_tui.domain.errors import DomainError, InputError, NotFound, RuleError
from frontdesk_tui.domain.violations import MeasureFacts, ViolationFacts
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.services.violations.views import EventView, FactView, MeasureView, NextSteps, ViolationView


def get_row(s: Session, violation_id: int) -> Violation:
    row = s.get(Violation, violation_id)
    if row is None:
        raise NotFound("id", _("no violation {id}").format(id=violation_id))
    return row


def load_measures(s: Session, violation_id: int) -> list[ViolationMeasure]:
    stmt = (
        select(ViolationMeasure)
        .where(ViolationMeasure.violation_id == violation_id)
        .order_by(ViolationMeasure.id)
    )
    return list(s.execute(stmt).scalars())


def load_events(s: Session, violation_id: int) -> list[ViolationEvent]:
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


def facts_of(
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


def operator_names(s: Session, ids: Iterable[int | None]) -> dict[int, str]:
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


def build_view(
    s: Session,
    site: Site,
    actor: Actor | None,
    row: Violation,
    measures: Sequence[ViolationMeasure],
    events: Sequence[ViolationEvent],
    now: datetime,
) -> ViolationView:
    tz = site.tz
    facts = facts_of(row, measures, events)
    names = operator_names(
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


def get_violation(site: Site, actor: Actor | None, violation_id: int, *, now: datetime) -> ViolationView:
    """The whole record with its measures, facts, history and ``actor``'s next steps."""
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        row = get_row(s, violation_id)
        return build_view(
            s, site, actor, row, load_measures(s, violation_id), load_events(s, violation_id), now
        )


def criticism_notice(site: Site, violation_id: int) -> str:
    """R-VI-4: the text of the public criticism (通报批评) of a violation whose criticism the director
    signed: the unit and the facts, without phones or ID numbers (PIPL)."""
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        row = get_row(s, violation_id)
        facts = facts_of(row, load_measures(s, violation_id), load_events(s, violation_id))
    return rules.criticism_notice(facts, row.unit_label, row.facts)
