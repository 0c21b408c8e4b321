"""Reading tickets: the views screens and commands show, the queries behind them, and the small
helpers every ticket write shares (timeline events, the lifecycle state, the search text).

Views are plain frozen dataclasses with times in the site's time zone (R-DL-5) and phones masked
unless the reader may see them (R-PD-1, R-PD-3). Lists are filtered and limited in SQL.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ARRAY, Integer, Text, and_, bindparam, false, func, insert, or_
from sqlalchemy import text as sql_text
from sqlmodel import Session, select

from frontdesk_tui.data.like import escape_like
from frontdesk_tui.data.tables import Department, Operator, Owner, PublicArea, Unit
from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.domain import deadlines, permissions
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import DEPARTMENTS, OPEN_STATUSES, Action, Role, Severity, Status
from frontdesk_tui.domain.duty.on_duty import is_officer_on_duty
from frontdesk_tui.domain.duty.roster import DutyHours, is_off_duty_hours
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError
from frontdesk_tui.domain.phones import normalise_phone
from frontdesk_tui.domain.search import query_terms
from frontdesk_tui.domain.text import clean_line
from frontdesk_tui.domain.tickets.intake import parse_unit, unit_label
from frontdesk_tui.domain.tickets.lifecycle import TicketState, allowed_actions, next_steps
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.uow import UnitOfWork

#: Timeline kinds that are not action words: intake, a raise attached to an open ticket (R-IN-7),
#: an automatic escalation (written by the escalation scan) and a holiday-file recomputation (R-DL-7).
RECEIVED = "received"
ATTACH = "attach"
RECOMPUTE = "recompute"

DEFAULT_LIMIT = 50


# --- views ----------------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


@dataclass(frozen=True)
class EventView:
    """One step of the timeline. ``operator`` is the person's name, or empty for an automatic
    escalation, which names its ``rule`` instead (R-RO-2)."""

    id: int
    kind: str
    at: datetime
    operator_id: int | None
    operator: str
    rule: str
    note: str
    data: dict[str, Any]
    corrects: int | None
    told: tuple[str, ...] = ()
    """Whom an automatic escalation told, by name (its data keeps their ids, R-DL-6)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "at": _iso(self.at),
            "operator": self.operator,
            "rule": self.rule,
            "note": self.note,
            "data": self.data,
            "corrects": self.corrects,
        }


@dataclass(frozen=True)
class TicketSummary:
    """A ticket as a list line shows it (queue, search results, owner history)."""

    id: int
    version: int
    status: str
    category: str
    severity: str | None
    complexity: str | None
    emergency: bool
    channel: str
    unit: str
    """The unit label (``3-2-1201``, what ``--unit`` takes) or the public area's name."""
    department: str
    owner_name: str
    phone: str
    """Whole or masked (R-PD-1, R-PD-3)."""
    description: str
    received_at: datetime
    due_at: datetime
    overdue: bool
    paused: bool
    handler: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "status": self.status,
            "category": self.category,
            "severity": self.severity,
            "complexity": self.complexity,
            "emergency": self.emergency,
            "channel": self.channel,
            "unit": self.unit,
            "department": self.department,
            "owner_name": self.owner_name,
            "phone": self.phone,
            "description": self.description,
            "received_at": _iso(self.received_at),
            "due_at": _iso(self.due_at),
            "overdue": self.overdue,
            "paused": self.paused,
            "handler": self.handler,
        }


@dataclass(frozen=True)
class TicketView:
    """Everything about one ticket for the timeline screen and ``ticket show``."""

    id: int
    version: int
    status: str
    category: str
    severity: str | None
    complexity: str | None
    emergency: bool
    channel: str
    unit: str
    unit_id: int | None
    public_area_id: int | None
    owner_name: str
    phone: str
    phone_masked: bool
    contact: str
    received_at: datetime
    happened_at: datetime | None
    place: str
    against: str
    description: str
    request: str
    equipment: str
    symptom: str
    staff: str
    read_back_confirmed: bool
    department: str
    department_name: str
    handler_id: int | None
    handler: str
    due_at: datetime
    deadline_started_at: datetime
    working_days: int | None
    on_site_due: datetime | None
    under_control_due: datetime | None
    on_site_at: datetime | None
    under_control_at: datetime | None
    paused_at: datetime | None
    reported_at: datetime | None
    closed_at: datetime | None
    last_update_at: datetime | None
    follow_up_due_at: datetime | None
    follow_up_done: bool
    follow_up_flagged: bool
    has_summary: bool
    escalated: bool
    recurrence_of: int | None
    created_by: str
    updated_at: datetime
    updated_by: str | None
    """The operator of the last change; None when it was automatic (then ``updated_by_rule``)."""
    overdue: bool
    events: tuple[EventView, ...] = ()
    allowed_actions: tuple[str, ...] = ()
    """What the reader may do now (R-LC-1); empty for nobody signed in."""
    next_steps: tuple[str, ...] = ()
    """The same, most likely first, with the combined report-and-close where it is open
    (:func:`frontdesk_tui.domain.tickets.lifecycle.next_steps`): the ticket screen's list."""
    updated_by_rule: str | None = None
    """R-RO-2: the rule of an automatic last change (``R-SV-5``), None after a person's."""
    revised_expected_at: datetime | None = None
    """R-EM-4: the latest revised expected resolution time of an emergency (its clocks stay)."""
    channel_detail: str = ""
    """R-IN-1a: ``website``/``app``/``wechat``/``email`` (online), ``hotline`` (phone), or empty."""

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def to_json(self) -> dict[str, Any]:
        times = (
            "received_at",
            "happened_at",
            "due_at",
            "deadline_started_at",
            "on_site_due",
            "under_control_due",
            "on_site_at",
            "under_control_at",
            "paused_at",
            "reported_at",
            "closed_at",
            "last_update_at",
            "follow_up_due_at",
            "updated_at",
            "revised_expected_at",
        )
        data: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name in times:
                value = _iso(value)
            elif name == "events":
                value = [e.to_json() for e in value]
            elif name in ("allowed_actions", "next_steps"):
                value = list(value)
            data[name] = value
        data["paused"] = self.paused
        return data


@dataclass(frozen=True)
class OwnerMatch:
    """An owner of the estate register found by unit or phone (to fill in the intake form)."""

    name: str
    phone: str
    unit: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "phone": self.phone, "unit": self.unit}


# --- an escalation's note in the READER's language (issue 11) ------------------------------------
# The scan (``services.tickets.escalation``) runs in whatever language its process has (cron, or an
# app in English) and stores, beside the note it wrote, the message's key and parameters in the
# event's data (``"message": {"key": …, "params": …}``); the timeline renders them when read. Here,
# on the reading side: ``ticket show`` reads timelines without loading the scan (issue 15).

#: The timeline event kind of an automatic escalation.
ESCALATION_KIND = "escalation"
_NOTE_MAX = 500


def timeline_note(kind: str, note: str, data: Any) -> str:
    """An event's note as the reader sees it: an escalation's message rendered from its stored key
    and parameters in the current language; every other note, and an escalation written before the
    key was stored (or one whose key no longer fits this program), shows its text as written."""
    if kind != ESCALATION_KIND:
        return note
    if isinstance(data, str):
        try:
            data = json.loads(data) if data else {}
        except ValueError:
            return note
    stored = data.get("message") if isinstance(data, dict) else None
    if not isinstance(stored, dict) or not stored.get("key"):
        return note
    from frontdesk_tui.i18n import Message

    try:
        return Message.from_data(stored).render()[:_NOTE_MAX]
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return note


def shown_data(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """An event's data as the timeline shows it: an escalation's stored message is its note
    (``timeline_note``), not a detail of its own."""
    if kind != ESCALATION_KIND or "message" not in data:
        return data
    return {k: v for k, v in data.items() if k != "message"}


# --- shared helpers for writes --------------------------------------------------------------------


def event_data(event: TicketEvent) -> dict[str, Any]:
    try:
        data = json.loads(event.data or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


#: Event data that may hold an owner's phone: the ``received`` event keeps the record as taken (R-IN-2).
_PHONE_KEYS = ("phone", "contact")


def event_data_for(event: TicketEvent, *, shows_phone: bool) -> dict[str, Any]:
    """:func:`event_data` as this reader may see it: phones masked (R-PD-1, R-PD-3)."""
    data = event_data(event)
    if shows_phone:
        return data
    return {
        k: permissions.mask_phone(v) if k in _PHONE_KEYS and isinstance(v, str) else v for k, v in data.items()
    }


def add_event(
    session: Session,
    ticket_id: int,
    kind: str,
    *,
    at: datetime,
    operator_id: int | None,
    note: str = "",
    data: dict[str, Any] | None = None,
    rule: str = "",
    corrects_id: int | None = None,
) -> None:
    """Append one event to the timeline (R-LC-3: events are never edited). A plain INSERT, not an
    ORM object: the timeline is read back by query, and this is the hottest write of all."""
    session.execute(
        insert(TicketEvent.__table__).values(  # type: ignore[attr-defined]
            ticket_id=ticket_id,
            kind=kind,
            at=at,
            operator_id=operator_id,
            rule=rule,
            note=note,
            data=json.dumps(data or {}, ensure_ascii=False, default=str, sort_keys=True),
            corrects_id=corrects_id,
        )
    )


def search_text(values: Iterable[str | None]) -> str:
    """The lower-cased text a search scans (R-IN-2 fields). Phones are left out on purpose: a
    reader who sees masked phones must not learn a number by searching digit by digit (R-PD-3);
    the phone column is searched only for those who may see it."""
    return "\n".join(v.lower() for v in values if v)


def ticket_search_text(t: Ticket) -> str:
    return search_text(
        [
            t.owner_name,
            t.location,
            t.description,
            t.request,
            t.place,
            t.against,
            t.equipment,
            t.symptom,
            t.staff,
        ]
    )


def load_events(session: Session, ticket_id: int) -> list[TicketEvent]:
    stmt = (
        select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.at, TicketEvent.id)
    )
    return list(session.exec(stmt))


#: The actions a duty officer may take off duty hours only (R-DU-2, 004 4.1.6; R-DU-5).
OFF_HOURS_ACTIONS = frozenset({Action.ASSIGN, Action.REASSIGN})


def off_duty(site: Site, now: datetime) -> bool:
    """R-DU-2: whether ``now`` is in duty hours (the duty officer may assign, 004 4.1.6)."""
    return is_off_duty_hours(now, site.tz, site.calendar, DutyHours.from_settings(site.settings))


def contact_attempts(session: Session, site: Site, ticket: Ticket, now: datetime) -> tuple[int, int]:
    """(attempts, working days covered) of the ``contact`` events since the result was reported,
    both days included (close-unreachable, design). Counted in SQL: no timeline is loaded."""
    if ticket.status != Status.RESULT_REPORTED.value:
        return 0, 0
    conds = [TicketEvent.ticket_id == ticket.id, TicketEvent.kind == Action.CONTACT.value]
    if ticket.reported_at is not None:
        conds.append(TicketEvent.at >= ticket.reported_at)
    count, first_at = session.exec(select(func.count(), func.min(TicketEvent.at)).where(*conds)).one()
    if not count or first_at is None:
        return 0, 0
    first = _utc(first_at).astimezone(site.tz).date()
    today = now.astimezone(site.tz).date()
    span = site.calendar.working_days_between(first - timedelta(days=1), today) if today >= first else 0
    return int(count), span


def _utc(value: datetime) -> datetime:
    """An aggregate (min/max) of a time column comes back without the column type's conversion."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def ticket_state(session: Session, site: Site, ticket: Ticket, now: datetime) -> TicketState:
    """The lifecycle's view of a ticket, from its row (and its contact attempts)."""
    attempts, span = contact_attempts(session, site, ticket, now)
    return TicketState(
        status=Status(ticket.status),
        severity=Severity(ticket.severity) if ticket.severity else None,
        emergency=bool(ticket.emergency),
        department=ticket.department,
        has_summary=bool(ticket.has_summary),
        paused=ticket.paused_at is not None,
        follow_up_dissatisfied=bool(ticket.follow_up_flagged),
        contact_attempts=attempts,
        contact_span_working_days=span,
        unreachable_attempts=site.settings.unreachable_attempts,
        unreachable_working_days=site.settings.unreachable_working_days,
        on_site_recorded=ticket.on_site_at is not None,
        under_control_recorded=ticket.under_control_at is not None,
        emergency_first_deadline=deadlines.emergency_clock_is_deadline(
            bool(ticket.emergency), ticket.deadline_started_at, ticket.received_at
        ),
    )


def get_row(session: Session, ticket_id: int) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound("id", _("no ticket {id}").format(id=ticket_id))
    return ticket


def _recipient_ids(data: dict[str, Any]) -> list[int]:
    """The operator ids an escalation event's data names (R-DL-6)."""
    ids = data.get("recipients")
    if not isinstance(ids, list):
        return []
    return [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]


def _names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(Operator.id, Operator.name).where(Operator.id.in_(wanted)))  # type: ignore[union-attr]
    return {op_id: name for op_id, name in rows}


# --- building views -------------------------------------------------------------------------------

#: The columns every ticket list reads: :class:`TicketSummary` here and the queue's ``QueueRow``,
#: each of which adds its own few (:mod:`frontdesk_tui.services.tickets.queue`).
LIST_COLUMNS = (
    Ticket.id,
    Ticket.version,
    Ticket.status,
    Ticket.category,
    Ticket.severity,
    Ticket.complexity,
    Ticket.emergency,
    Ticket.location,
    Ticket.department,
    Ticket.owner_name,
    Ticket.phone,
    Ticket.description,
    Ticket.received_at,
    Ticket.due_at,
    Ticket.reported_at,
    Ticket.paused_at,
    Ticket.handler_id,
)


def list_fields(r: Any, *, shows_phone: bool) -> dict[str, Any]:
    """The fields every ticket view shares (:class:`TicketSummary`, :class:`TicketView`, the queue's
    ``QueueRow``), from a row of :data:`LIST_COLUMNS` or a whole ticket; the phone whole or masked
    (R-PD-1, R-PD-3)."""
    return {
        "id": r.id,
        "version": r.version,
        "status": r.status,
        "category": r.category,
        "severity": r.severity,
        "complexity": r.complexity,
        "emergency": bool(r.emergency),
        "department": r.department,
        "owner_name": r.owner_name,
        "phone": r.phone if shows_phone else permissions.mask_phone(r.phone),
        "description": r.description,
    }


def build_view(
    session: Session,
    site: Site,
    actor: Actor | None,
    ticket: Ticket,
    *,
    now: datetime,
    with_events: bool = True,
) -> TicketView:
    tz = site.tz
    events = load_events(session, ticket.id) if with_events else []  # type: ignore[arg-type]
    told_ids = {e.id: _recipient_ids(event_data(e)) for e in events if e.kind == "escalation"}
    names = _names(
        session,
        [ticket.handler_id, ticket.created_by, ticket.updated_by, *(e.operator_id for e in events),
         *(i for ids in told_ids.values() for i in ids)],
    )
    shows_phone = permissions.handler_sees_owner_phone(actor, ticket.handler_id)  # R-PD-3, R-PD-1
    actions: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    if actor is not None:
        state = ticket_state(session, site, ticket, now)
        allowed = allowed_actions(actor, state, off_duty=off_duty(site, now))
        if actor.role is Role.DUTY_OFFICER and not is_officer_on_duty(actor, _on_duty(site, session, now)):
            # R-DU-5: a duty officer not on duty has no off-hours rights (the day desk's are theirs).
            allowed = [a for a in allowed if a not in OFF_HOURS_ACTIONS or
                       a in allowed_actions(actor, state, off_duty=False)]
        actions = tuple(a.value for a in allowed)
        steps = next_steps(actor, state, off_duty=off_duty(site, now), allowed=allowed)

    def local(value: datetime | None) -> datetime | None:
        return None if value is None else value.astimezone(tz)

    event_views = tuple(
        EventView(
            id=e.id,  # type: ignore[arg-type]
            kind=e.kind,
            at=e.at.astimezone(tz),
            operator_id=e.operator_id,
            operator=names.get(e.operator_id, "") if e.operator_id is not None else "",
            rule=e.rule,
            note=timeline_note(e.kind, e.note, e.data),  # issue 11: in the reader's language
            data=shown_data(e.kind, event_data_for(e, shows_phone=shows_phone)),
            corrects=e.corrects_id,
        )
        for e in events
    )
    if told_ids:  # R-DL-6: whom each escalation told, by name (its data keeps the ids)
        event_views = tuple(
            replace(v, told=tuple(names[i] for i in told_ids[v.id] if i in names)) if v.id in told_ids else v
            for v in event_views
        )
    return TicketView(
        **list_fields(ticket, shows_phone=shows_phone),
        channel=ticket.channel,
        channel_detail=ticket.channel_detail,
        unit=ticket.location,
        unit_id=ticket.unit_id,
        public_area_id=ticket.public_area_id,
        phone_masked=not shows_phone,
        contact=ticket.contact if shows_phone else permissions.mask_phone(ticket.contact),
        received_at=ticket.received_at.astimezone(tz),
        happened_at=local(ticket.happened_at),
        place=ticket.place,
        against=ticket.against,
        request=ticket.request,
        equipment=ticket.equipment,
        symptom=ticket.symptom,
        staff=ticket.staff,
        read_back_confirmed=bool(ticket.read_back_confirmed),
        department_name=DEPARTMENTS.get(ticket.department, ticket.department),
        handler_id=ticket.handler_id,
        handler=names.get(ticket.handler_id, "") if ticket.handler_id is not None else "",
        due_at=ticket.due_at.astimezone(tz),
        deadline_started_at=ticket.deadline_started_at.astimezone(tz),
        working_days=ticket.working_days,
        on_site_due=local(ticket.on_site_due),
        under_control_due=local(ticket.under_control_due),
        on_site_at=local(ticket.on_site_at),
        under_control_at=local(ticket.under_control_at),
        paused_at=local(ticket.paused_at),
        reported_at=local(ticket.reported_at),
        closed_at=local(ticket.closed_at),
        last_update_at=local(ticket.last_update_at),
        follow_up_due_at=local(ticket.follow_up_due_at),
        follow_up_done=bool(ticket.follow_up_done),
        follow_up_flagged=bool(ticket.follow_up_flagged),
        has_summary=bool(ticket.has_summary),
        escalated=bool(ticket.escalated),
        recurrence_of=ticket.recurrence_of_id,
        created_by=names.get(ticket.created_by, ""),
        updated_at=ticket.updated_at.astimezone(tz),
        updated_by=None if ticket.updated_by is None else names.get(ticket.updated_by, ""),
        updated_by_rule=ticket.updated_by_rule if ticket.updated_by is None else None,
        overdue=deadlines.ticket_is_overdue(
            ticket.status, ticket.due_at, ticket.reported_at, ticket.paused_at, now
        ),
        events=event_views,
        allowed_actions=actions,
        next_steps=steps,
        revised_expected_at=local(ticket.revised_expected_at),
    )


# --- queries --------------------------------------------------------------------------------------

_SUMMARY_COLUMNS = (*LIST_COLUMNS, Ticket.channel)


def _summaries(
    session: Session, site: Site, actor: Actor | None, rows: Sequence[Any], now: datetime
) -> list[TicketSummary]:
    tz = site.tz
    shows_phone = permissions.may_see_phone(actor)
    names = _names(session, [r.handler_id for r in rows])
    return [
        TicketSummary(
            **list_fields(r, shows_phone=shows_phone),
            channel=r.channel,
            unit=r.location,
            received_at=r.received_at.astimezone(tz),
            due_at=r.due_at.astimezone(tz),
            overdue=deadlines.ticket_is_overdue(r.status, r.due_at, r.reported_at, r.paused_at, now),
            paused=r.paused_at is not None,
            handler=names.get(r.handler_id, "") if r.handler_id is not None else "",
        )
        for r in rows
    ]


def get_ticket(site: Site, actor: Actor | None, ticket_id: int, *, now: datetime) -> TicketView:
    """One ticket with its timeline and what ``actor`` may do with it now."""
    with UnitOfWork(site.db, write=False) as uow:
        return build_view(uow.session, site, actor, get_row(uow.session, ticket_id), now=now)


def _statuses(status: str | None) -> list[str] | None:
    """``None``/``open``: the open statuses; ``all``: no filter; else one status code."""
    if status is None or status == "open":
        return [s.value for s in OPEN_STATUSES]
    if status == "all":
        return None
    try:
        return [Status(status).value]
    except ValueError:
        raise InputError(
            "status",
            _("one of: {codes}").format(codes=", ".join(["open", "all", *(s.value for s in Status)])),
        ) from None


def overdue_condition(now: datetime) -> Any:
    """R-DL-3a in SQL: not reported by the due time (a paused clock stands at its pause, R-DL-7);
    :func:`frontdesk_tui.domain.deadlines.ticket_is_overdue` written as a WHERE condition."""
    return and_(
        Ticket.status.not_in(sorted(deadlines.NEVER_OVERDUE)),  # type: ignore[attr-defined]
        or_(
            and_(Ticket.reported_at == None, Ticket.paused_at == None, Ticket.due_at < now),  # noqa: E711
            and_(Ticket.reported_at == None, Ticket.paused_at != None, Ticket.due_at < Ticket.paused_at),  # noqa: E711
            Ticket.reported_at > Ticket.due_at,
        ),
    )


@dataclass(frozen=True)
class TicketSearch:
    """What ``ticket list --search`` and the queue's search look for (issue 15): ``condition``
    is exact and every statement that searches carries it; ``few`` says its matches are few and
    are found through their own indexes (fetched unordered and ordered in Python, instead of
    walking every open ticket in order)."""

    condition: Any
    few: bool = False


def common_word(tickets: int) -> int:
    """A search word held by more tickets than this (all statuses, out of ``tickets``) is common.

    Two plans, measured at 100k tickets (bench/README.md): the ordered walk of each open status
    with the index's candidate list (``id IN (…)``, checked from the index entry) costs about
    2 µs a candidate (the list is built once per walked status); the walk with the substring
    check alone costs what it reads until a page of matches, about 2.5 ms × tickets / holders.
    They cross at 35 × √tickets (11k of 100k, 35k of 1M); below it the candidates, above it the
    plain walk."""
    return max(2_000, int(35 * math.sqrt(max(tickets, 1))))


#: Up to this many holders of a search word are looked up by id and ordered here.
FEW = 500
#: A digits query matching more unit labels or register phones than this is common (e.g. "12"):
#: the ordered walk with the substring conditions finds a page at once.
COMMON_DIGITS = 300
_DIGITS_QUERY = re.compile(r"[0-9#\-\s]+")


def ticket_search(session: Session, actor: Actor | None, text: str) -> TicketSearch | None:
    """The one search of the ticket list and the queue (issue 15), or None for an empty query.

    - Text with Chinese characters: the tickets whose search text contains it. The index
      (``domain.search``) gives the tickets holding its terms, a superset: ``id IN (those)``,
      which a walk of the open tickets in order checks from the index entry alone, AND the
      substring condition, checked on those only. A word of more than ``common_word`` tickets
      is walked with the substring condition alone (a page of matches comes at once).
    - Digits, ``-``, ``#`` and spaces (a unit, a phone, a ticket number): the tickets of the unit
      labels containing it (the estate register, ``ix_ticket_location_received``), for those who
      may see phones (R-PD-3, three digits or more) the tickets whose phone begins with them
      (``ix_ticket_phone``) or is a registered owner's phone containing them (the last four), and
      the ticket of that number (R-IN-10). Free text is not searched for digits: no index of the ticket table holds
      digits of descriptions, and a unit, a phone or a number is what a desk types in digits.
    - Anything else (Latin letters): the substring condition over the search text, walked.
    """
    query = clean_line(text).lower()
    if not query:
        return None
    contains = Ticket.search_text.like(f"%{escape_like(query)}%", escape="\\")  # type: ignore[attr-defined]
    terms = query_terms(query)
    if terms is not None:
        common = common_word(session.execute(select(func.max(Ticket.id))).scalar_one() or 0)
        holders = _index_holders(session, terms, common + 1)
        if holders > common:
            return TicketSearch(contains)
        held = and_(Ticket.id.in_(_index_subquery(session, terms)), contains)  # type: ignore[union-attr]
        # A handful (莫须有: none) are looked up by id at once rather than walked status by status.
        return TicketSearch(held, few=holders <= FEW)
    if not _DIGITS_QUERY.fullmatch(query):
        return TicketSearch(contains)
    options: list[Any] = []
    compact = "".join(query.split())
    labels: list[str] = []
    if "-" in compact or compact.isdigit():
        pattern = f"%{escape_like(compact)}%"
        labels = list(session.exec(select(Unit.label).where(Unit.label.like(pattern, escape="\\")).limit(COMMON_DIGITS + 1)))  # type: ignore[attr-defined]
        if len(labels) > COMMON_DIGITS:
            return TicketSearch(or_(contains, Ticket.location.like(pattern, escape="\\")))  # type: ignore[attr-defined]
        if labels:
            options.append(Ticket.location.in_(labels))  # type: ignore[attr-defined]
    digits = "".join(ch for ch in query if ch.isdigit())
    if permissions.may_see_phone(actor) and len(digits) >= 3:  # R-PD-3
        # A number's beginning on any ticket (a range of ix_ticket_phone); anywhere in it (the
        # last four digits) among the register's owners.
        begins = and_(Ticket.phone >= digits, Ticket.phone < digits[:-1] + chr(ord(digits[-1]) + 1))
        phones = set(session.exec(select(Owner.phone).where(Owner.phone.like(f"%{digits}%")).limit(COMMON_DIGITS + 1)))  # type: ignore[attr-defined]
        starting = session.execute(select(func.count()).select_from(select(Ticket.id).where(begins).limit(COMMON_DIGITS + 1).subquery())).scalar_one()
        if len(phones) > COMMON_DIGITS or starting > COMMON_DIGITS:
            return TicketSearch(or_(*options, Ticket.phone.like(f"%{digits}%")))  # type: ignore[attr-defined]
        options.append(begins)
        if phones:
            options.append(Ticket.phone.in_(sorted(phones)))  # type: ignore[attr-defined]
    number = compact.lstrip("#")
    if number.isdigit() and int(number) < 2**31:  # a ticket id (PostgreSQL's integer)
        options.append(Ticket.id == int(number))
    return TicketSearch(or_(*options) if options else false(), few=True)


#: At most this many closed tickets follow the open ones in a search (issue 13 point 6).
CLOSED_MATCHES_CAP = 200


def closed_matches(session: Session, actor: Actor | None, text: str) -> list[int]:
    """The ids of the tickets no longer open whose number, phone or owner's name is ``text``: a
    search by who or which ticket ("what happened to my complaint?") lists them after the open ones.
    Each way through an index: the number by the key, the whole phone through ``ix_ticket_phone``
    (for those who may see phones, R-PD-3), a Chinese name through the search index and then the
    owner's name itself. Newest first, at most :data:`CLOSED_MATCHES_CAP`."""
    query = clean_line(text)
    if not query:
        return []
    options: list[Any] = []
    number = query.lstrip("#")
    if number.isdigit() and int(number) < 2**31:  # a ticket number (an INTEGER key)
        options.append(Ticket.id == int(number))
    if permissions.may_see_phone(actor) and sum(ch.isdigit() for ch in query) >= 7:
        with contextlib.suppress(InputError):  # not a whole number: no phone to look up
            options.append(Ticket.phone == normalise_phone(query))
    named: list[int] | None = None
    if not any(ch.isdigit() for ch in query):
        named = text_candidates(session, query.lower())
        if named:
            options.append(and_(Ticket.id.in_(named), Ticket.owner_name.startswith(query, autoescape=True)))  # type: ignore[union-attr,attr-defined]
    if not options:
        return []
    rows = session.exec(
        select(Ticket.id, Ticket.status, Ticket.received_at).where(or_(*options)).limit(CLOSED_MATCHES_CAP * 4)
    ).all()
    open_codes = {st.value for st in OPEN_STATUSES}
    found = sorted((r for r in rows if r.status not in open_codes), key=lambda r: (r.received_at, r.id), reverse=True)
    return [r.id for r in found[:CLOSED_MATCHES_CAP]]


#: Up to this many tickets holding a query's index terms are fetched by id and ordered here; with
#: more, the word is common and the ordered index walk with the substring check finds a page fast.
TEXT_CANDIDATES_CAP = 2000


def text_candidates(session: Session, text: str) -> list[int] | None:
    """The ids of the tickets holding every index term of ``text`` (issue 15, ``domain.search``),
    or None when the index cannot serve it (not CJK text) or more than the cap hold them. A
    superset of the matches: the substring condition is still applied to them."""
    terms = query_terms(clean_line(text).lower())
    if terms is None:
        return None
    if session.get_bind().dialect.name == "sqlite":
        match = " AND ".join(f'"{t}"' for t in terms)
        stmt = sql_text("SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH :m LIMIT :n")
        rows = session.execute(stmt, {"m": match, "n": TEXT_CANDIDATES_CAP + 1})
    else:
        stmt = sql_text(
            "SELECT id FROM ticket WHERE string_to_array(search_terms, ' ') @> CAST(:terms AS text[]) LIMIT :n"
        )
        rows = session.execute(stmt, {"terms": terms, "n": TEXT_CANDIDATES_CAP + 1})
    ids = [r[0] for r in rows]
    return ids if len(ids) <= TEXT_CANDIDATES_CAP else None


def _index_holders(session: Session, terms: list[str], cap: int) -> int:
    """How many tickets hold every term, counted up to ``cap``."""
    if session.get_bind().dialect.name == "sqlite":
        stmt = sql_text("SELECT count(*) FROM (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH :m LIMIT :n)")
        return session.execute(stmt, {"m": _fts_match(terms), "n": cap}).scalar_one()
    stmt = sql_text(
        "SELECT count(*) FROM (SELECT 1 FROM ticket WHERE string_to_array(search_terms, ' ') @> CAST(:terms AS text[]) LIMIT :n) AS held"
    )
    return session.execute(stmt, {"terms": terms, "n": cap}).scalar_one()


def _fts_match(terms: list[str]) -> str:
    return " AND ".join(f'"{t}"' for t in terms)


def _index_subquery(session: Session, terms: list[str]) -> Any:
    """The ids of the tickets holding every term, as a subquery (SQLite: the FTS5 table; PostgreSQL:
    the GIN index on the terms)."""
    if session.get_bind().dialect.name == "sqlite":
        return sql_text("SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH :fts_match").bindparams(
            fts_match=_fts_match(terms)
        ).columns(rowid=Integer)
    return sql_text(
        "SELECT id FROM ticket WHERE string_to_array(search_terms, ' ') @> CAST(:fts_terms AS text[])"
    ).bindparams(bindparam("fts_terms", terms, type_=ARRAY(Text))).columns(id=Integer)


def location_condition(session: Session, unit: str) -> Any:
    """The tickets of a unit label or a public area, as ``--unit`` takes it."""
    text = clean_line(unit)
    parts = parse_unit(text)
    return Ticket.location == (unit_label(parts) if parts is not None else text)


def _in_received_order(
    s: Session,
    conds: Sequence[Any],
    statuses: list[str] | None,
    *,
    oldest_first: bool,
    limit: int,
    offset: int,
    per_status: bool,
    few: bool = False,
) -> list[Any]:
    """The rows in received order (newest first unless ``oldest_first``), ``offset``/``limit`` applied.

    Issue 15: one ``status IN (…) ORDER BY received_at`` makes the database sort every open
    ticket to return 50. Instead one ordered walk of ``ix_ticket_status_received`` per status,
    merged here; each stops after ``offset + limit`` rows. A unit's few tickets (``per_status``
    false) are one query through ``ix_ticket_location_received``; ``few`` rows (the tickets of a
    rare search word, by id) are fetched unordered and ordered here."""
    order = (
        (Ticket.received_at.asc(), Ticket.id.asc())  # type: ignore[attr-defined]
        if oldest_first
        else (Ticket.received_at.desc(), Ticket.id.desc())  # type: ignore[attr-defined]
    )

    def run(where: Sequence[Any], n: int) -> list[Any]:
        stmt = select(*_SUMMARY_COLUMNS).where(*where).order_by(*order)
        if n:
            stmt = stmt.limit(n)
        return list(s.exec(stmt))  # type: ignore[call-overload]

    def key(r: Any) -> tuple[datetime, int]:
        return (r.received_at, r.id)

    if few:
        # The status is checked here, not in SQL: given "status IN (…)" the planner walks every
        # open ticket through the status index instead of looking the few up through theirs.
        # Their keys first, then the page's rows.
        keys = [
            r for r in s.exec(select(Ticket.id, Ticket.status, Ticket.received_at).where(*conds))  # type: ignore[call-overload]
            if statuses is None or r.status in statuses
        ]
        keys.sort(key=key, reverse=not oldest_first)
        wanted = [r.id for r in (keys[offset : offset + limit] if limit else keys[offset:])]
        by_id = {r.id: r for r in s.exec(select(*_SUMMARY_COLUMNS).where(Ticket.id.in_(wanted)))} if wanted else {}  # type: ignore[call-overload,union-attr]
        return [by_id[i] for i in wanted]
    if statuses is None or len(statuses) == 1 or not per_status or not limit:
        where = [*conds] if statuses is None else [*conds, Ticket.status.in_(statuses)]  # type: ignore[attr-defined]
        rows = run(where, limit + offset if limit else 0)
        return rows[offset:]
    runs = [run([*conds, Ticket.status == status], limit + offset) for status in statuses]
    merged = heapq.merge(*runs, key=key, reverse=not oldest_first)
    return list(itertools.islice(merged, offset, offset + limit))


def list_tickets(
    site: Site,
    actor: Actor | None,
    *,
    now: datetime,
    status: str | None = None,
    overdue: bool = False,
    department: str | None = None,
    unit: str | None = None,
    search: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> list[TicketSummary]:
    """Tickets newest first, filtered in SQL; open ones unless ``status`` says otherwise
    (``all``, ``open`` or a status code). ``limit`` 0 means all. What needs a supervisor (R-KP-2)
    is the supervision board's (``services.supervision.board``), not a filter here."""
    if limit < 0:
        raise InputError("limit", _("0 (all) or a positive number"))
    if offset < 0:
        raise InputError("offset", _("0 or a positive number"))
    statuses = _statuses(status)
    conds: list[Any] = []
    if overdue:
        conds.append(overdue_condition(now))
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        if department:
            if s.get(Department, department) is None:
                raise InputError("department", _unknown_department(s, department))
            conds.append(Ticket.department == department)
        if unit:
            conds.append(location_condition(s, unit))
        plain = list(conds)  # the filters without the search: what the closed matches keep
        found = ticket_search(s, actor, search) if search else None
        if found is not None:
            conds.append(found.condition)
        few = found is not None and found.few
        closed = closed_matches(s, actor, search) if search and status is None and not overdue else []
        if not closed:
            rows = _in_received_order(
                s, conds, statuses, oldest_first=False, limit=limit, offset=offset,
                per_status=not unit and not few, few=few,
            )
            return _summaries(s, site, actor, rows, now)
        # Issue 13 point 6: a ticket number, a phone or an owner's name finds the closed tickets
        # too, after the open ones; the department and unit filters still apply to them.
        wanted = limit + offset if limit else 0
        rows = _in_received_order(
            s, conds, statuses, oldest_first=False, limit=wanted, offset=0,
            per_status=not unit and not few, few=few,
        )
        if not limit or len(rows) < wanted:
            later = list(s.exec(select(*_SUMMARY_COLUMNS).where(Ticket.id.in_(closed), *plain)))  # type: ignore[call-overload,union-attr]
            later.sort(key=lambda r: (r.received_at, r.id), reverse=True)
            rows = [*rows, *later]
        return _summaries(s, site, actor, rows[offset : offset + limit] if limit else rows[offset:], now)


def _unknown_department(session: Session, code: str) -> str:
    codes = ", ".join(session.exec(select(Department.code).order_by(Department.code)))
    return _("unknown department {d} (one of {codes})").format(d=code, codes=codes)


def owner_history(
    site: Site,
    actor: Actor | None,
    *,
    now: datetime,
    unit: str | None = None,
    phone: str | None = None,
    limit: int = 20,
) -> list[TicketSummary]:
    """Past and open tickets of a unit or a phone, newest first: shown while the desk types (R-IN-7)."""
    conds: list[Any] = []
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        if unit and clean_line(unit):
            conds.append(location_condition(s, unit))
        if phone and phone.strip():
            if not permissions.may_see_phone(actor):
                raise RuleError("R-PD-3", _("Only the desk, assistants and directors may look up by phone."))
            conds.append(Ticket.phone == normalise_phone(phone))
        if not conds:
            return []
        stmt = (
            select(*_SUMMARY_COLUMNS)
            .where(or_(*conds))
            .order_by(Ticket.received_at.desc(), Ticket.id.desc())  # type: ignore[attr-defined]
            .limit(max(1, limit))
        )
        return _summaries(s, site, actor, list(s.exec(stmt)), now)  # type: ignore[call-overload]


def lookup_owners(site: Site, unit_or_phone: str, *, actor: Actor | None = None) -> list[OwnerMatch]:
    """Owners of the estate register for a unit label or a phone number (phones masked unless
    ``actor`` may see them, R-PD-3)."""
    text = clean_line(unit_or_phone)
    if not text:
        return []
    shows_phone = permissions.may_see_phone(actor)
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        parts = parse_unit(text)
        stmt = select(Owner.name, Owner.phone, Unit.label).join(Unit, Unit.id == Owner.unit_id)
        if parts is not None:
            stmt = stmt.where(Unit.label == unit_label(parts))
        else:
            if not shows_phone:
                raise RuleError("R-PD-3", _("Only the desk, assistants and directors may look up by phone."))
            stmt = stmt.where(Owner.phone == normalise_phone(text))
        rows = s.exec(stmt.order_by(Unit.label, Owner.name).limit(50))
        return [
            OwnerMatch(name, phone if shows_phone else permissions.mask_phone(phone), label)
            for name, phone, label in rows
        ]


def public_area_names(site: Site) -> list[str]:
    """Names of the public areas, for the intake form's completion."""
    with UnitOfWork(site.db, write=False) as uow:
        return list(uow.session.exec(select(PublicArea.name).order_by(PublicArea.name)))


__all__ = [
    "EventView",
    "OwnerMatch",
    "TicketSummary",
    "TicketView",
    "closed_matches",
    "get_ticket",
    "list_tickets",
    "lookup_owners",
    "owner_history",
    "public_area_names",
]


def _on_duty(site: Site, session: Session, now: datetime):
    """Who is on duty (the roster tables load only when a duty officer asks: issue 15)."""
    from frontdesk_tui.services.site.on_duty import on_duty_at

    return on_duty_at(site, session, now)
