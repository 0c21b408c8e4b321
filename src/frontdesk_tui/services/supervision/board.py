"""The supervision board (R-KP-2): everything that needs a supervisor, oldest first, by kind.

ONE definition of "needs a supervisor": the board screen (F6) and ``ticket list --supervision``
both call ``supervision_board``. Each kind is one function below (``_overdue``, ``_escalated`` …,
registered in ``SOURCES``): it counts its records in SQL and returns the oldest ``limit`` of them.
The ticket kinds use indexed conditions (status with due times, the escalation table by ticket),
so the board stays bounded on a site with a million tickets.

Kinds, in the order the board shows their counts:

- ``overdue`` — open tickets past their deadline (R-DL-3a, R-DL-7), oldest due first;
- ``escalated`` — open tickets moved up by the desk (R-IN-8) or escalated by the scan (R-RO-2);
- ``upgraded`` — open tickets the scan upgraded to major (R-SV-5);
- ``emergency`` — open emergencies not yet under control (R-EM-2: on site, under control);
- ``no_update`` — moderate or complex tickets the scan found without news to the owner for two
  working days and not updated since (R-LC-4);
- ``follow_up`` — closed tickets whose follow-up visit is past due (R-LC-5);
- ``rectification`` — signed rectifications whose deadline has come (R-VI-3);
- ``violation_follow_up`` — follow-ups due after a penalty (R-VI-4);
- ``reminder`` — the R-KP-4 reminders in the reader's inbox (roster, morning check, handover).

A record that matches several kinds is listed once in the board's "all" view, under its first
kind, with the others in ``also``; a kind's own view lists every record of that kind.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlmodel import Session

from frontdesk_tui.data.tables import Operator
from frontdesk_tui.data.tables_tickets import Escalation, Ticket
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import OPEN_STATUSES, Complexity, Status
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.domain.text import clean_line
from frontdesk_tui.domain.tickets.escalation import EscalationKind
from frontdesk_tui.i18n import N_, NC_, _
from frontdesk_tui.services import violations
from frontdesk_tui.services.site import Site, inbox
from frontdesk_tui.services.tickets.queries import overdue_condition
from frontdesk_tui.services.uow import UnitOfWork

OVERDUE = "overdue"
ESCALATED = "escalated"
UPGRADED = "upgraded"
EMERGENCY = "emergency"
NO_UPDATE = "no_update"
FOLLOW_UP = "follow_up"
RECTIFICATION = "rectification"
VIOLATION_FOLLOW_UP = "violation_follow_up"
REMINDER = "reminder"

#: The rule behind each kind (shown beside it).
RULES: dict[str, str] = {
    OVERDUE: "R-DL-3a",
    ESCALATED: "R-IN-8",
    UPGRADED: "R-SV-5",
    EMERGENCY: "R-EM-2",
    NO_UPDATE: "R-LC-4",
    FOLLOW_UP: "R-LC-5",
    RECTIFICATION: "R-VI-3",
    VIOLATION_FOLLOW_UP: "R-VI-4",
    REMINDER: "R-KP-4",
}
#: The kinds in words (English msgids, translated at use): the F6 board and ``ticket list --supervision``.
KIND_LABELS: dict[str, str] = {
    OVERDUE: N_("Overdue"),
    ESCALATED: N_("Escalated"),
    UPGRADED: N_("Upgraded"),
    EMERGENCY: N_("Emergency"),
    NO_UPDATE: N_("No update"),
    FOLLOW_UP: NC_("supervision board", "Follow-up"),
    RECTIFICATION: N_("Rectification"),
    VIOLATION_FOLLOW_UP: N_("After penalty"),
    REMINDER: N_("Reminder"),
}


def kind_label(kind: str) -> str:
    """A kind as a person reads it, in the current language (JSON keeps the code)."""
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


TICKET_KINDS = (OVERDUE, ESCALATED, UPGRADED, EMERGENCY, NO_UPDATE, FOLLOW_UP)
DEFAULT_LIMIT = 200
MAX_LIMIT = 1000


@dataclass(frozen=True)
class BoardItem:
    """One line of the board: a record that needs a supervisor, and since when."""

    kind: str
    at: datetime
    """Since when it needs a supervisor (the deadline passed, the escalation, the reminder …)."""
    ref_kind: str
    """What to open: ``ticket``, ``violation``, ``duty_log``, ``roster``, ``handover``."""
    ref_id: int | None
    unit: str
    summary: str
    """The complaint's first words, the measure, the reminder's message (owner text, literal)."""
    rule: str
    due_at: datetime | None = None
    status: str = ""
    severity: str | None = None
    emergency: bool = False
    department: str = ""
    handler: str = ""
    version: int | None = None
    inbox_id: int | None = None
    also: tuple[str, ...] = ()
    """Other kinds this record also belongs to (in the "all" view)."""
    revised_expected_at: datetime | None = None
    """R-EM-4: an emergency's revised expected time, shown beside its missed clock."""

    @property
    def ref_key(self) -> tuple[str, str, int | None, int | None, str]:
        """What tells two lines apart: the kind, the record, the inbox item and the summary (one
        violation may have two measures due)."""
        return (self.kind, self.ref_kind, self.ref_id, self.inbox_id, self.summary)

    def to_json(self, tz: Any = None) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            if value is None:
                return None
            return (value.astimezone(tz) if tz else value).isoformat(timespec="seconds")

        return {
            "kind": self.kind,
            "at": iso(self.at),
            "ref_kind": self.ref_kind,
            "ref_id": self.ref_id,
            "unit": self.unit,
            "summary": self.summary,
            "rule": self.rule,
            "due_at": iso(self.due_at),
            "status": self.status,
            "severity": self.severity,
            "emergency": self.emergency,
            "department": self.department,
            "handler": self.handler,
            "version": self.version,
            "also": list(self.also),
            "revised_expected_at": iso(self.revised_expected_at),
        }


@dataclass(frozen=True)
class Board:
    counts: dict[str, int]
    """Records per kind (every kind, in board order; a kind with nothing counts 0)."""
    items: tuple[BoardItem, ...]
    """Oldest first; one kind's, or every kind's with each record once."""
    kind: str | None = None
    truncated: bool = False
    """More records than ``limit`` matched: the oldest are shown."""

    @property
    def total(self) -> int:
        return len(self.items)


@dataclass
class _Query:
    session: Session
    site: Site
    actor: Actor | None
    now: datetime
    limit: int
    handlers: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Found:
    count: int
    items: list[BoardItem]


# --- ticket kinds --------------------------------------------------------------------------------

_OPEN = [s.value for s in OPEN_STATUSES]
_COLUMNS = (
    Ticket.id,
    Ticket.version,
    Ticket.status,
    Ticket.severity,
    Ticket.emergency,
    Ticket.location,
    Ticket.department,
    Ticket.handler_id,
    Ticket.description,
    Ticket.due_at,
    Ticket.revised_expected_at,
)


def _utc(value: Any) -> datetime:
    """Computed columns (coalesce, a joined time) may come back naive (SQLite) or as text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _short(text: str, size: int = 60) -> str:
    line = clean_line(" ".join(text.split()))
    return line if len(line) <= size else line[: size - 1] + "…"


def _tickets(
    q: _Query,
    kind: str,
    conds: Sequence[Any],
    at: Any,
    *,
    due_is_since: bool = False,
    open_walk: bool = False,
    unordered: bool = False,
) -> _Found:
    """Count the tickets matching ``conds`` and return the oldest ``q.limit`` by ``at`` (with
    ``due_is_since`` the line's due time is ``at``: the follow-up's, not the closed ticket's).

    Never a sort of the ticket table (issue 15, ``tests/integration/test_query_plans.py``): with
    ``open_walk`` (open tickets, ``at`` a column indexed after ``status``: ``due_at``,
    ``received_at``) one ordered index walk per open status, merged here as the queue does; with
    ``unordered`` (``at`` computed, e.g. the time of an escalation) the matching rows are read
    once, in no order, keeping the oldest ``q.limit``."""
    s = q.session
    where = [Ticket.status.in_(_OPEN), *conds] if open_walk else list(conds)  # type: ignore[attr-defined]
    count = int(s.execute(select(func.count()).select_from(Ticket).where(*where)).scalar_one())
    if not count:
        return _Found(0, [])
    query = select(*_COLUMNS, at.label("since"))
    if open_walk:
        runs = [
            s.execute(query.where(Ticket.status == status, *conds).order_by(at.asc(), Ticket.id.asc()).limit(q.limit)).all()
            for status in _OPEN
        ]
        rows = list(itertools.islice(heapq.merge(*runs, key=lambda r: (r.since, r.id)), q.limit))
    elif unordered:
        rows = heapq.nsmallest(q.limit, s.execute(query.where(*where)), key=lambda r: (r.since, r.id))
    else:
        rows = list(s.execute(query.where(*where).order_by(at.asc(), Ticket.id.asc()).limit(q.limit)))
    missing = {r.handler_id for r in rows if r.handler_id is not None} - set(q.handlers)
    if missing:
        q.handlers.update(s.execute(select(Operator.id, Operator.name).where(Operator.id.in_(missing))).all())  # type: ignore[union-attr,arg-type]
    items = [
        BoardItem(
            kind=kind,
            at=_utc(r.since),
            ref_kind=inbox.REF_TICKET,
            ref_id=r.id,
            unit=r.location,
            summary=_short(r.description),
            rule=RULES[kind],
            due_at=_utc(r.since if due_is_since else r.due_at),
            status=r.status,
            severity=r.severity,
            emergency=bool(r.emergency),
            department=r.department,
            handler=q.handlers.get(r.handler_id, "") if r.handler_id is not None else "",
            version=r.version,
            revised_expected_at=_utc(r.revised_expected_at) if r.emergency and r.revised_expected_at else None,
        )
        for r in rows
    ]
    return _Found(count, items)


def _is_open() -> Any:
    return Ticket.status.in_(_OPEN)  # type: ignore[attr-defined]


def _overdue(q: _Query) -> _Found:
    """Open tickets past their deadline, oldest due first (the same condition as the queue's)."""
    return _tickets(q, OVERDUE, [overdue_condition(q.now)], Ticket.due_at, open_walk=True)


def _escalated(q: _Query) -> _Found:
    """Moved up by the desk (R-IN-8) or escalated by the scan (R-RO-2): the ticket's flag."""
    return _tickets(q, ESCALATED, [Ticket.escalated == True], Ticket.received_at, open_walk=True)  # noqa: E712


def _escalation_at(kind: str) -> Any:
    return (
        select(func.max(Escalation.at))
        .where(Escalation.ticket_id == Ticket.id, Escalation.kind == kind)
        .correlate(Ticket)
        .scalar_subquery()
    )


def _upgraded(q: _Query) -> _Found:
    """R-SV-5: open tickets the scan upgraded to major, since the upgrade."""
    kind = str(EscalationKind.UPGRADE_MAJOR)
    has = exists().where(Escalation.ticket_id == Ticket.id, Escalation.kind == kind)
    return _tickets(q, UPGRADED, [_is_open(), has], _escalation_at(kind), unordered=True)


def _emergency(q: _Query) -> _Found:
    """R-EM-2: open emergencies not yet under control (their on-site clock may still run)."""
    conds = [_is_open(), Ticket.emergency == True, Ticket.under_control_at.is_(None)]  # type: ignore[union-attr]  # noqa: E712
    return _tickets(q, EMERGENCY, conds, Ticket.received_at)


def _no_update(q: _Query) -> _Found:
    """R-LC-4: the scan found no news to the owner for two working days, and none came since."""
    since = func.coalesce(Ticket.last_update_at, Ticket.deadline_started_at)
    found = exists().where(
        Escalation.ticket_id == Ticket.id,
        Escalation.kind == str(EscalationKind.NO_UPDATE),
        or_(Ticket.last_update_at.is_(None), Escalation.at > Ticket.last_update_at),  # type: ignore[union-attr,operator]
    )
    conds = [
        _is_open(),
        Ticket.complexity.in_([Complexity.MODERATE.value, Complexity.COMPLEX.value]),  # type: ignore[union-attr]
        found,
    ]
    return _tickets(q, NO_UPDATE, conds, since)


def _follow_up(q: _Query) -> _Found:
    """R-LC-5: closed tickets whose follow-up visit is past its day (``follow_up_due_at`` index)."""
    conds = [
        Ticket.follow_up_due_at < q.now,  # type: ignore[operator]
        Ticket.status == Status.CLOSED.value,
        Ticket.follow_up_done == False,  # noqa: E712
    ]
    return _tickets(q, FOLLOW_UP, conds, Ticket.follow_up_due_at, due_is_since=True)


# --- violations and reminders --------------------------------------------------------------------


def _violation_items(kind: str, due: list[violations.DueItem]) -> list[BoardItem]:
    from frontdesk_tui.domain import violations as rules

    items = []
    for d in due:
        items.append(
            BoardItem(
                kind=kind,
                at=d.due_at or datetime.min.replace(tzinfo=UTC),
                ref_kind=inbox.REF_VIOLATION,
                ref_id=d.violation_id,
                unit=d.unit,
                summary=rules.measure_label(d.measure),
                rule=RULES[kind],
                due_at=d.due_at,
            )
        )
    return items


def _rectification(q: _Query) -> _Found:
    """R-VI-3: signed rectifications not done whose deadline has come."""
    due = violations.rectifications_due_before(q.site, q.now, limit=MAX_LIMIT)
    return _Found(len(due), _violation_items(RECTIFICATION, due)[: q.limit])


def _violation_follow_up(q: _Query) -> _Found:
    """R-VI-4: a follow-up to ease the relationship is due after a signed penalty."""
    due = violations.penalty_follow_ups_due(q.site, limit=MAX_LIMIT)
    return _Found(len(due), _violation_items(VIOLATION_FOLLOW_UP, due)[: q.limit])


def _reminder(q: _Query) -> _Found:
    """R-KP-4: the reminders (roster, morning check, handover) unread in the reader's inbox."""
    if q.actor is None:
        return _Found(0, [])
    entries = inbox.list_inbox(q.site.db, q.actor, kinds=inbox.REMINDER_KINDS, limit=min(q.limit, inbox.MAX_PAGE))
    items = [
        BoardItem(
            kind=REMINDER,
            at=e.created_at,
            ref_kind=e.ref_kind,
            ref_id=e.ref_id,
            unit="",
            summary=_short(e.message, 80),
            rule=e.rule or RULES[REMINDER],
            inbox_id=e.id,
        )
        for e in reversed(entries)
    ]
    return _Found(len(items), items)


#: Every kind of the board, in order: one function each.
SOURCES: dict[str, Callable[[_Query], _Found]] = {
    OVERDUE: _overdue,
    ESCALATED: _escalated,
    UPGRADED: _upgraded,
    EMERGENCY: _emergency,
    NO_UPDATE: _no_update,
    FOLLOW_UP: _follow_up,
    RECTIFICATION: _rectification,
    VIOLATION_FOLLOW_UP: _violation_follow_up,
    REMINDER: _reminder,
}
KINDS = tuple(SOURCES)


def supervision_board(
    site: Site,
    actor: Actor | None,
    *,
    now: datetime,
    kind: str | None = None,
    kinds: Sequence[str] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Board:
    """The board at ``now``: counts for every kind, and the oldest ``limit`` records of ``kind``
    (or of every kind in ``kinds``, default all, each record once). Read-only."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise InputError("now", _("a time without a time zone is ambiguous: give the offset"))
    if kind is not None and kind not in SOURCES:
        raise InputError("kind", _("one of: {codes}").format(codes=", ".join(KINDS)))
    if limit < 1 or limit > MAX_LIMIT:
        raise InputError("limit", _("1 to {n}").format(n=MAX_LIMIT))
    wanted = [kind] if kind is not None else [k for k in KINDS if kinds is None or k in kinds]
    counts: dict[str, int] = {}
    found: dict[str, list[BoardItem]] = {}
    with UnitOfWork(site.db, write=False) as uow:
        q = _Query(uow.session, site, actor, now, limit)
        for name, source in SOURCES.items():
            result = source(q)
            counts[name] = result.count
            if name in wanted:
                found[name] = result.items
    truncated = any(counts[k] > len(found[k]) for k in wanted)
    if kind is not None:
        return Board(counts, tuple(found[kind]), kind=kind, truncated=truncated)
    merged: dict[tuple[str, int | None, int | None], BoardItem] = {}
    also: dict[tuple[str, int | None, int | None], list[str]] = {}
    for name in wanted:
        for item in found[name]:
            key = (item.ref_kind, item.ref_id, item.inbox_id)
            if key in merged:
                if name != merged[key].kind and name not in also[key]:
                    also[key].append(name)
            else:
                merged[key] = item
                also[key] = []
    items = [
        replace(item, also=tuple(also[key])) if also[key] else item
        for key, item in merged.items()
    ]
    items.sort(key=lambda i: (i.at, i.ref_kind, i.ref_id or 0))
    return Board(counts, tuple(items[:limit]), kind=None, truncated=truncated or len(items) > limit)


__all__ = ["KINDS", "RULES", "SOURCES", "TICKET_KINDS", "Board", "BoardItem", "supervision_board"]
