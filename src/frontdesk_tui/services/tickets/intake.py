"""Recording a complaint (受理): R-IN-1…10, R-EM-1/2, R-DL-3a.

``record_complaint`` checks the draft with :mod:`frontdesk_tui.domain.tickets.intake`, finds the unit or
public area, runs the R-IN-7 duplicate check, computes the deadline and (for an emergency) its
clocks, and writes the ticket with its ``received`` event — an emergency also with ``assess`` and
``assign`` to the response team (R-EM-1) — in one transaction. It returns the ticket number and the
expected handling time the desk reads out (R-IN-10).

Decisions (design):

* An emergency is never held up by the duplicate check: it is recorded at once and the open
  tickets of the same unit and category are returned in ``IntakeResult.open_duplicates``.
* ``attach_to`` may name any open ticket (the desk chose it); the raise is an ``attach`` event on it
  with the new draft's words, and the ticket's search text learns them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from frontdesk_tui.data.tables import Department, PublicArea, Unit
from frontdesk_tui.data.tables_tickets import Ticket
from frontdesk_tui.data.versioning import bump
from frontdesk_tui.domain import deadlines, permissions
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import OPEN_STATUSES, Action, Category, Channel, Complexity, Status, Via
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.domain.search import index_terms
from frontdesk_tui.domain.tickets import intake as rules
from frontdesk_tui.domain.tickets.intake import ComplaintDraft
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.tickets.queries import (
    ATTACH,
    RECEIVED,
    TicketView,
    add_event,
    build_view,
    get_row,
    search_text,
    ticket_search_text,
)
from frontdesk_tui.services.uow import UnitOfWork

_OPEN = [s.value for s in OPEN_STATUSES]


class DuplicateFound(RuleError):
    """R-IN-7: an open ticket of the same unit and category exists; attach to it or force a new one."""

    def __init__(self, ticket_id: int, open_ticket_ids: tuple[int, ...], message: str) -> None:
        super().__init__("R-IN-7", message)
        self.ticket_id = ticket_id
        self.open_ticket_ids = open_ticket_ids


@dataclass(frozen=True)
class IntakeResult:
    """What intake tells the desk: the number and the expected time to read out (R-IN-10)."""

    ticket_id: int
    due_at: datetime
    """The expected handling time, in the site's time zone."""
    receipt: str
    """The sentence read to the owner (R-IN-10)."""
    ticket: TicketView | None
    """The ticket as the desk now sees it (always set by :func:`record_complaint`)."""
    attached: bool = False
    """The raise was added to an open ticket (R-IN-7) instead of opening a new one."""
    recurrence_of: int | None = None
    open_duplicates: tuple[int, ...] = ()
    on_site_due: datetime | None = None
    """Emergency: when the response team is due on site (R-EM-2), told to the owner (R-EM-1)."""
    warnings: tuple[str, ...] = ()
    """R-IN-2's recommended fields left empty (``field: message``)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.ticket_id,
            "due_at": self.due_at.isoformat(timespec="seconds"),
            "receipt": self.receipt,
            "attached": self.attached,
            "recurrence_of": self.recurrence_of,
            "open_duplicates": list(self.open_duplicates),
            "on_site_due": self.on_site_due.isoformat(timespec="seconds") if self.on_site_due else None,
            "warnings": list(self.warnings),
            "ticket": self.ticket.to_json() if self.ticket is not None else None,
        }


def _place(session: Session, text: str) -> tuple[int | None, int | None, str]:
    """(unit id, public area id, location string) for what the desk typed as the unit."""
    parts = rules.parse_unit(text)
    if parts is not None:
        label = rules.unit_label(parts)
        unit = session.exec(select(Unit).where(Unit.label == label)).first()
        if unit is None:
            raise InputError("unit", _("no unit {label} in the estate register").format(label=label))
        return unit.id, None, unit.label
    area = session.exec(select(PublicArea).where(PublicArea.name == text)).first()
    if area is None:
        raise InputError(
            "unit", _("no unit or public area named {name} (a unit is written 3-2-1201)").format(name=text)
        )
    return None, area.id, area.name


def _same_place(unit_id: int | None, area_id: int | None) -> Any:
    return Ticket.unit_id == unit_id if unit_id is not None else Ticket.public_area_id == area_id


def _duplicates(
    session: Session,
    unit_id: int | None,
    area_id: int | None,
    category: str,
    received_at: datetime,
    recurrence_days: int,
) -> rules.DuplicateDecision:
    where = _same_place(unit_id, area_id)
    open_rows = session.exec(
        select(Ticket.id, Ticket.received_at).where(
            where, Ticket.category == category, Ticket.status.in_(_OPEN)
        )  # type: ignore[attr-defined]
    ).all()
    since = received_at - timedelta(days=recurrence_days)
    closed_rows = session.exec(
        select(Ticket.id, Ticket.closed_at).where(
            where,
            Ticket.category == category,
            Ticket.status.in_([Status.CLOSED.value, Status.ANSWERED.value]),  # type: ignore[attr-defined]
            Ticket.closed_at >= since,  # type: ignore[operator]
        )
    ).all()
    return rules.duplicate_decision(
        [(i, t) for i, t in open_rows],
        [(i, t) for i, t in closed_rows if t is not None],
        received_at,
        recurrence_days=recurrence_days,
    )


def _due_text(site: Site, due: datetime) -> str:
    return due.astimezone(site.tz).strftime("%Y-%m-%d %H:%M")


def _draft_record(draft: ComplaintDraft, tz: Any) -> dict[str, Any]:
    """The R-IN-2 fields as the ``received``/``attach`` event keeps them (R-IN-3: what was read back)."""
    data: dict[str, Any] = {
        "channel": str(draft.channel),
        **({"channel_detail": str(draft.channel_detail)} if draft.channel_detail else {}),
        "category": str(draft.category),
        "owner_name": draft.owner_name,
        "phone": draft.phone,
        "unit": draft.unit,
        "read_back_confirmed": bool(draft.read_back_confirmed),
    }
    for name in ("place", "against", "request", "contact", "equipment", "symptom", "staff"):
        value = getattr(draft, name)
        if value:
            data[name] = value
    if draft.happened_at is not None:
        data["happened_at"] = draft.happened_at.astimezone(tz).isoformat(timespec="seconds")
    if draft.received_at is not None:
        data["received_at"] = draft.received_at.astimezone(tz).isoformat(timespec="seconds")
    return data


def record_in(
    session: Session,
    site: Site,
    actor: Actor,
    draft: ComplaintDraft,
    *,
    now: datetime,
    attach_to: int | None = None,
    force_new: bool = False,
    with_view: bool = True,
) -> IntakeResult:
    """:func:`record_complaint` inside the caller's transaction (the demo loader batches with it;
    ``with_view=False`` skips building ``IntakeResult.ticket``, which is then None)."""
    draft = rules.clean_draft(draft)
    permissions.require(actor, "ticket.intake", channel=str(draft.channel), emergency=bool(draft.emergency))
    errors = rules.validate_draft(draft, now)
    if errors:
        raise errors[0]
    unit_id, area_id, location = _place(session, draft.unit)
    rules.check_draft(draft, now)  # every field is right: now R-IN-3, the read-back
    warnings = tuple(f"{w.field}: {w.reason}" for w in rules.draft_warnings(draft))
    settings = site.settings
    received_at = deadlines.validate_received_at(draft.received_at or now, now)
    category = Category(draft.category).value

    if attach_to is not None:
        return _attach(
            session, site, actor, draft, attach_to, now=now, warnings=warnings, with_view=with_view
        )

    decision = _duplicates(session, unit_id, area_id, category, received_at, settings.recurrence_days)
    if decision.warn and not force_new and not draft.emergency:
        raise DuplicateFound(decision.attach_to, decision.open_ticket_ids, decision.warning())  # type: ignore[arg-type]

    department = draft.department or rules.default_department(category)  # R-IN-5
    if session.get(Department, department) is None:
        codes = ", ".join(session.exec(select(Department.code).order_by(Department.code)))
        raise InputError(
            "department", _("unknown department {d} (one of {codes})").format(d=department, codes=codes)
        )

    complexity = Complexity(draft.complexity) if draft.complexity else None
    severity: str | None = None
    status = rules.intake_status(draft)
    on_site_due = under_control_due = None
    if draft.emergency:  # R-EM-1: assessed and assigned to the response team in the same step
        assessment = rules.emergency_assessment(replace(draft, department=department))
        complexity = Complexity(assessment["complexity"])
        severity = assessment["severity"]
        on_site_due, under_control_due = deadlines.emergency_clocks(
            received_at, settings.emergency_on_site_minutes, settings.emergency_under_control_minutes
        )
    working_days = None
    if not draft.emergency and complexity == Complexity.MODERATE:
        working_days = deadlines.MODERATE_WORKING_DAYS
    elif not draft.emergency and complexity == Complexity.COMPLEX:
        working_days = deadlines.COMPLEX_MAX_WORKING_DAYS
    due = deadlines.due_at(  # R-DL-3a: no complexity yet counts as 24 hours
        received_at,
        complexity,
        emergency=bool(draft.emergency),
        tz=site.tz,
        calendar=site.calendar,
        working_days=working_days,
        under_control_minutes=settings.emergency_under_control_minutes,
    )
    ticket = Ticket(
        status=status.value,
        channel=Channel(draft.channel).value,
        channel_detail=Via(draft.channel_detail).value if draft.channel_detail else "",
        category=category,
        severity=severity,
        complexity=complexity.value if complexity else None,
        emergency=bool(draft.emergency),
        unit_id=unit_id,
        public_area_id=area_id,
        location=location,
        owner_name=draft.owner_name,
        phone=draft.phone,
        contact=draft.contact,
        received_at=received_at,
        happened_at=draft.happened_at,
        place=draft.place,
        against=draft.against,
        description=draft.description,
        request=draft.request,
        equipment=draft.equipment,
        symptom=draft.symptom,
        staff=draft.staff,
        read_back_confirmed=True,
        department=department,
        due_at=due,
        deadline_started_at=received_at,
        working_days=working_days,
        on_site_due=on_site_due,
        under_control_due=under_control_due,
        recurrence_of_id=decision.recurrence_of,
        created_by=actor.id,
        updated_at=now,
        updated_by=actor.id,
    )
    ticket.search_text = ticket_search_text(ticket)
    session.add(ticket)
    session.flush()
    assert ticket.id is not None
    record = _draft_record(draft, site.tz)
    record["due_at"] = due.astimezone(site.tz).isoformat(timespec="seconds")  # R-IN-10: on the record
    if decision.recurrence_of is not None:
        record["recurrence_of"] = decision.recurrence_of
    if decision.open_ticket_ids:
        record["open_duplicates"] = list(decision.open_ticket_ids)
    if draft.emergency:
        record["emergency"] = True
        record["on_site_due"] = on_site_due.astimezone(site.tz).isoformat(timespec="seconds")  # type: ignore[union-attr]
    add_event(session, ticket.id, RECEIVED, at=received_at, operator_id=actor.id, data=record)
    if draft.emergency:
        add_event(
            session,
            ticket.id,
            Action.ASSESS.value,
            at=received_at,
            operator_id=actor.id,
            rule="R-EM-1",
            data={"complexity": complexity.value, "severity": severity, "department": department},  # type: ignore[union-attr]
        )
        add_event(
            session,
            ticket.id,
            Action.ASSIGN.value,
            at=received_at,
            operator_id=actor.id,
            rule="R-EM-1",
            data={"department": department, "response_team": True},
        )
    view = build_view(session, site, actor, ticket, now=now) if with_view else None
    due_local = due.astimezone(site.tz)
    return IntakeResult(
        ticket_id=ticket.id,
        due_at=due_local,
        receipt=rules.receipt_phrase(ticket.id, _due_text(site, due)),
        ticket=view,
        recurrence_of=decision.recurrence_of,
        open_duplicates=decision.open_ticket_ids,
        on_site_due=on_site_due.astimezone(site.tz) if on_site_due else None,
        warnings=warnings,
    )


def _attach(
    session: Session,
    site: Site,
    actor: Actor,
    draft: ComplaintDraft,
    ticket_id: int,
    *,
    now: datetime,
    warnings: tuple[str, ...],
    with_view: bool = True,
) -> IntakeResult:
    """R-IN-7: the raise becomes an ``attach`` event of the open ticket."""
    ticket = get_row(session, ticket_id)
    if ticket.status not in _OPEN:
        raise RuleError(
            "R-IN-7", _("Ticket {id} is not open: record a new ticket instead.").format(id=ticket_id)
        )
    received_at = draft.received_at or now
    data = _draft_record(draft, site.tz)
    add_event(
        session, ticket_id, ATTACH, at=received_at, operator_id=actor.id, note=draft.description, data=data
    )
    text = search_text([ticket.search_text, draft.owner_name, draft.description, draft.request])
    bump(
        session,
        Ticket,
        ticket_id,
        ticket.version,
        operator_id=actor.id,
        now=now,
        tz=site.tz,
        search_text=text,
        search_terms=index_terms(text),
    )
    view = build_view(session, site, actor, ticket, now=now) if with_view else None
    return IntakeResult(
        ticket_id=ticket_id,
        due_at=ticket.due_at.astimezone(site.tz),
        receipt=rules.receipt_phrase(ticket_id, _due_text(site, ticket.due_at)),
        ticket=view,
        attached=True,
        warnings=warnings,
    )


def record_complaint(
    site: Site,
    actor: Actor,
    draft: ComplaintDraft,
    *,
    now: datetime,
    attach_to: int | None = None,
    force_new: bool = False,
) -> IntakeResult:
    """Record a complaint (R-IN-1…10, R-EM-1) in one transaction.

    Raises InputError naming the field, RuleError (R-IN-3 without read-back, R-RO-1), or
    :class:`DuplicateFound` (R-IN-7) when an open ticket of the same unit and category exists and
    neither ``attach_to`` (add the raise to that ticket) nor ``force_new`` was given. Every field
    and the unit are checked before the read-back, so a form (or the command line) may call it
    with ``read_back_confirmed=False`` to check a draft: RuleError R-IN-3 means "all fields right,
    now read it back".
    """
    with UnitOfWork(site.db) as uow:
        result = record_in(uow.session, site, actor, draft, now=now, attach_to=attach_to, force_new=force_new)
        uow.commit()
        return result


__all__ = ["ComplaintDraft", "DuplicateFound", "IntakeResult", "record_complaint", "record_in"]
