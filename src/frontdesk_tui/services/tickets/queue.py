"""The ticket queue: open tickets, filtered and paged in SQL, and a cheap "did anyone write?" watcher
(:class:`ChangeWatcher`, re-exported from ``data.changes``, which owns its connections).

A desk may hold 100,000 tickets, so nothing here loads more than a page. Pages use keyset
pagination: a row's position is its key ``(segment, sort value, id)`` where segment 0 holds the
emergencies (always first, R-EM-1) and segment 1 everything else; the next page is "the rows after
the last key", which an index answers without counting skipped rows. Each segment is one simple
``ORDER BY value, id LIMIT n`` query, so the database walks an index instead of sorting.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import bindparam, func, literal, select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from frontdesk_tui.data.changes import ChangeWatcher as ChangeWatcher  # re-exported: ui/app.py watches here
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables_tickets import Ticket
from frontdesk_tui.domain import deadlines, permissions
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.codes import OPEN_STATUSES, Complexity
from frontdesk_tui.services.tickets.queries import (
    LIST_COLUMNS,
    closed_matches,
    list_fields,
    overdue_condition,
    ticket_search,
)
from frontdesk_tui.services.uow import UnitOfWork

PAGE_SIZE = 50
#: Sort orders: (column name, descending). Emergencies come first in every one.
SORTS: dict[str, tuple[str, bool]] = {
    "due": ("due_at", False),
    "received": ("received_at", True),
    "id": ("id", True),
}

Key = tuple[int, Any, int]
"""A row's position: (segment, sort value, id); segment 0 = emergencies."""


@dataclass(frozen=True)
class QueueFilter:
    """What the receptionist asked to see. Empty fields mean "any"; only open tickets are listed, and
    after them the closed ones a search names by number, phone or owner (``_closed_part``)."""

    status: str | None = None
    department: str | None = None
    category: str | None = None
    overdue_only: bool = False
    mine: bool = False
    search: str = ""
    sort: str = "due"

    @property
    def is_default(self) -> bool:
        return self == QueueFilter(sort=self.sort)


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue, with what the screen needs to draw and colour it."""

    id: int
    version: int
    status: str
    category: str
    severity: str | None
    complexity: str | None
    emergency: bool
    location: str
    owner_name: str
    phone: str
    description: str
    department: str
    handler_id: int | None
    received_at: datetime
    #: The clock the time-left column shows: the on-site clock of an emergency still waiting for
    #: the response team (R-EM-2), else the ticket's deadline.
    clock_due: datetime
    #: When that clock turns amber (R-DL-6).
    warn_at: datetime
    reported_at: datetime | None
    paused_at: datetime | None
    key: Key = field(repr=False)
    #: R-EM-4: an emergency's revised expected time, shown beside its missed clock.
    revised_expected_at: datetime | None = None


@dataclass(frozen=True)
class QueuePage:
    rows: tuple[QueueRow, ...]
    has_before: bool
    has_after: bool

    @property
    def first_key(self) -> Key | None:
        return self.rows[0].key if self.rows else None

    @property
    def last_key(self) -> Key | None:
        return self.rows[-1].key if self.rows else None


def _kept_conditions(flt: QueueFilter, actor: Actor | None) -> list[ColumnElement[bool]]:
    """The filter's department, category and "mine": what the closed matches of a search keep too."""
    conds: list[ColumnElement[bool]] = []
    if flt.department:
        conds.append(Ticket.department == flt.department)
    if flt.category:
        conds.append(Ticket.category == flt.category)
    if flt.mine:
        conds.append(Ticket.handler_id == (actor.id if actor else -1))
    return conds


def _closed_part(uow: UnitOfWork, flt: QueueFilter, actor: Actor | None) -> list[tuple[int, Any]]:
    """Segment 2 (issue 13 point 6): after the open tickets, the closed ones whose number, phone or
    owner's name the search is (``queries.closed_matches``), newest first. Not with a status or
    overdue filter, which name open tickets."""
    if not flt.search or flt.status or flt.overdue_only:
        return []
    ids = closed_matches(uow.session, actor, flt.search)
    if not ids:
        return []
    rows = list(uow.session.execute(select(*_COLUMNS).where(Ticket.id.in_(ids), *_kept_conditions(flt, actor))))  # type: ignore[union-attr]
    rows.sort(key=lambda r: (r.received_at, r.id), reverse=True)
    return [(2, r) for r in rows]


def _with_closed(
    found_open: Any, closed: list[tuple[int, Any]], bound: Key | None, forward: bool, limit: int
) -> list[tuple[int, Any]]:
    """A page walk (``found_open(bound, limit)`` over segments 0 and 1) followed by the closed part."""
    in_closed = bound is not None and bound[0] == 2
    at = next((i for i, (_s, r) in enumerate(closed) if in_closed and r.id == bound[2]), len(closed))  # type: ignore[index]
    if forward:
        found = [] if in_closed else found_open(bound, limit)
        start = at + 1 if in_closed else 0
        return [*found, *closed[start : start + limit - len(found)]]
    if not in_closed:
        return found_open(bound, limit)
    found = list(reversed(closed[:at]))[:limit]
    if len(found) < limit:
        found.extend(found_open(bound, limit - len(found)))
    return found


def _conditions(flt: QueueFilter, actor: Actor | None, now: datetime) -> list[ColumnElement[bool]]:
    """Every condition of the filter except the status, which the page walk applies per status."""
    conds = _kept_conditions(flt, actor)
    if flt.overdue_only:
        conds.append(overdue_condition(now))  # R-DL-3a, R-DL-7: as the ticket list and supervision count it
    return conds


def _searched(uow: UnitOfWork, conds: list[ColumnElement[bool]], flt: QueueFilter, actor: Actor | None) -> bool:
    """Adds the search of ``flt`` (the ticket list's, ``queries.ticket_search``) to ``conds``;
    True when its matches are few (found through their own indexes, ordered here)."""
    found = ticket_search(uow.session, actor, flt.search) if flt.search else None
    if found is None:
        return False
    conds.append(found.condition)
    return found.few


def _sort(flt: QueueFilter) -> tuple[Any, bool]:
    name, desc = SORTS.get(flt.sort, SORTS["due"])
    return getattr(Ticket, name), desc


#: What a list line reads, and the clocks the time-left column counts (R-EM-2, R-DL-6).
_COLUMNS = (
    *LIST_COLUMNS,
    Ticket.deadline_started_at,
    Ticket.on_site_due,
    Ticket.on_site_at,
    Ticket.revised_expected_at,
)


def _open_statuses(flt: QueueFilter) -> list[str]:
    return [flt.status] if flt.status else [s.value for s in OPEN_STATUSES]


def _after(col: Any, bound: Key, ascending: bool) -> ColumnElement[bool]:
    """Rows after ``bound`` in the walking order: a row-value comparison an index can seek."""
    value, row_id = bound[1], bound[2]
    if col is Ticket.id:
        return Ticket.id > row_id if ascending else Ticket.id < row_id  # type: ignore[operator,return-value]
    left = tuple_(col, Ticket.id)
    right = tuple_(bindparam(None, value, type_=col.type), literal(row_id))
    return left > right if ascending else left < right


def _ordered(
    uow: UnitOfWork,
    conds: Sequence[ColumnElement[bool]],
    flt: QueueFilter,
    bound: Key | None,
    ascending: bool,
    limit: int,
    columns: Sequence[Any] = _COLUMNS,
) -> list[Any]:
    col, _desc = _sort(flt)
    stmt = select(*columns).where(*conds)
    if bound is not None:
        stmt = stmt.where(_after(col, bound, ascending))
    if col is Ticket.id:
        order = [Ticket.id.asc() if ascending else Ticket.id.desc()]  # type: ignore[union-attr]
    else:
        order = [col.asc(), Ticket.id.asc()] if ascending else [col.desc(), Ticket.id.desc()]  # type: ignore[union-attr]
    return list(uow.session.connection().execute(stmt.order_by(*order).limit(limit)))  # Core rows: no ORM loading


def _rows_by_id(uow: UnitOfWork, ids: Sequence[int]) -> list[Any]:
    """The list lines of ``ids``, in that order (one primary-key look-up each)."""
    if not ids:
        return []
    found = {r.id: r for r in uow.session.connection().execute(select(*_COLUMNS).where(Ticket.id.in_(ids)))}  # type: ignore[union-attr]
    return [found[i] for i in ids if i in found]


def _segment_rows(
    uow: UnitOfWork,
    conds: Sequence[ColumnElement[bool]],
    segment: int,
    flt: QueueFilter,
    bound: Key | None,
    forward: bool,
    limit: int,
) -> list[Any]:
    col, desc = _sort(flt)
    ascending = forward != desc  # walking backwards flips the order
    if bound is not None and bound[0] != segment:
        bound = None
    statuses = _open_statuses(flt)
    name = col.key

    def order_key(r: Any) -> tuple[Any, int]:
        return (getattr(r, name), r.id)

    if segment == 0:
        # Open emergencies are few: fetch them all through (status, emergency, …) and order them
        # here. With ORDER BY … LIMIT the planner may walk a whole sort index looking for them.
        # The bound is applied here too: in SQL it would tempt the planner into a due-time range scan.
        where = [*conds, Ticket.status.in_(statuses), Ticket.emergency == True]  # type: ignore[attr-defined]  # noqa: E712
        rows = sorted(uow.session.execute(select(*_COLUMNS).where(*where)), key=order_key, reverse=not ascending)
        if bound is not None:
            edge = (bound[1], bound[2])
            rows = [r for r in rows if (order_key(r) > edge if ascending else order_key(r) < edge)]
        return rows[:limit]
    # The rest: one ordered index walk per status, merged here. A single "status IN (…) ORDER BY
    # due_at" would make the database sort every open ticket for each page. The walks read only
    # the sort key (a page's worth per status, most of it not shown); the lines shown are then read
    # by id (issue 15: paging at 1M spent its time decoding rows it did not show).
    keys = (Ticket.id,) if col is Ticket.id else (Ticket.id, col)
    runs = [
        _ordered(uow, [*conds, Ticket.status == status, Ticket.emergency == False], flt, bound, ascending, limit, keys)  # noqa: E712
        for status in statuses
    ]
    merged = heapq.merge(*runs, key=order_key, reverse=not ascending)
    return _rows_by_id(uow, [r.id for r in itertools.islice(merged, limit)])


def _walk(
    uow: UnitOfWork,
    conds: Sequence[ColumnElement[bool]],
    flt: QueueFilter,
    bound: Key | None,
    forward: bool,
    limit: int,
) -> list[tuple[int, Any]]:
    """Up to ``limit`` (segment, row) pairs after (or before) ``bound``, in display order when forward."""
    segments = (0, 1) if forward else (1, 0)
    if bound is not None:
        # Segments already passed hold nothing after the bound.
        segments = tuple(s for s in segments if (s >= bound[0] if forward else s <= bound[0]))
    found: list[tuple[int, Any]] = []
    for segment in segments:
        if len(found) >= limit:
            break
        rows = _segment_rows(uow, conds, segment, flt, bound, forward, limit - len(found))
        found.extend((segment, r) for r in rows)
    return found


def _walk_few(
    uow: UnitOfWork,
    conds: Sequence[ColumnElement[bool]],
    flt: QueueFilter,
    bound: Key | None,
    forward: bool,
    limit: int,
) -> list[tuple[int, Any]]:
    """``_walk`` for a search whose matches are few (issue 15: a unit, a phone, a number; ``conds``
    hold it): they are fetched at once through their own indexes and put in display order here,
    instead of walking every open ticket."""
    col, desc = _sort(flt)
    name = col.key
    # The status is checked here: with it in SQL the planner walks the status index instead.
    statuses = set(_open_statuses(flt))
    rows = [r for r in uow.session.execute(select(*_COLUMNS).where(*conds)) if r.status in statuses]
    ordered: list[tuple[int, Any]] = []
    for segment in (0, 1):
        part = [r for r in rows if bool(r.emergency) == (segment == 0)]
        part.sort(key=lambda r: (getattr(r, name), r.id), reverse=desc)
        ordered.extend((segment, r) for r in part)

    def after(item: tuple[int, Any]) -> bool:
        segment, r = item
        assert bound is not None
        if segment != bound[0]:
            return segment > bound[0]
        here, edge = (getattr(r, name), r.id), (bound[1], bound[2])
        return here < edge if desc else here > edge

    def same(item: tuple[int, Any]) -> bool:
        return bound is not None and item[0] == bound[0] and item[1].id == bound[2]

    if bound is None:
        return ordered[:limit] if forward else list(reversed(ordered))[:limit]
    if forward:
        return [i for i in ordered if after(i)][:limit]
    return list(reversed([i for i in ordered if not after(i) and not same(i)]))[:limit]


def _row(
    segment: int,
    r: Any,
    flt: QueueFilter,
    *,
    show_phone: bool,
    tz: tzinfo,
    calendar: WorkCalendar,
    ratio: float,
) -> QueueRow:
    complexity = Complexity(r.complexity) if r.complexity else None
    if r.emergency and r.on_site_at is None and r.on_site_due is not None:
        clock_due, clock_start = r.on_site_due, r.received_at
    else:
        clock_due, clock_start = r.due_at, r.deadline_started_at
    warn = deadlines.warning_at(
        clock_start, clock_due, complexity=complexity, tz=tz, calendar=calendar, ratio=ratio, emergency=r.emergency
    )
    col, _desc = _sort(flt)
    sort_value = getattr(r, col.key)
    return QueueRow(
        **list_fields(r, shows_phone=show_phone),
        location=r.location,
        handler_id=r.handler_id,
        received_at=r.received_at,
        clock_due=clock_due,
        warn_at=warn,
        reported_at=r.reported_at,
        paused_at=r.paused_at,
        key=(segment, sort_value, r.id),
        revised_expected_at=r.revised_expected_at if r.emergency else None,
    )


def load_page(
    db: Database,
    actor: Actor | None,
    flt: QueueFilter,
    *,
    now: datetime,
    tz: tzinfo,
    calendar: WorkCalendar,
    warning_ratio: float = 0.8,
    after: Key | None = None,
    before: Key | None = None,
    limit: int = PAGE_SIZE,
) -> QueuePage:
    """One page of the queue: the first, the one after ``after`` or the one before ``before``."""
    conds = _conditions(flt, actor, now)
    with UnitOfWork(db, write=False) as uow:
        walk = _walk_few if _searched(uow, conds, flt, actor) else _walk
        closed = _closed_part(uow, flt, actor)

        def walk_all(bound: Key | None, forward: bool, n: int) -> list[tuple[int, Any]]:
            return _with_closed(lambda b, m: walk(uow, conds, flt, b, forward, m), closed, bound, forward, n)

        if before is not None:
            found = walk_all(before, False, limit + 1)
            has_before = len(found) > limit
            found = list(reversed(found[:limit]))
            has_after = True
        else:
            found = walk_all(after, True, limit + 1)
            has_after = len(found) > limit
            found = found[:limit]
            has_before = after is not None
    show_phone = permissions.may_see_phone(actor)
    rows = tuple(
        _row(seg, r, flt, show_phone=show_phone, tz=tz, calendar=calendar, ratio=warning_ratio) for seg, r in found
    )
    return QueuePage(rows=rows, has_before=has_before, has_after=has_after)


#: How many rows stay above a ticket shown by :func:`page_at` (the rows due before it, for context).
ABOVE = 5


def page_at(
    db: Database,
    actor: Actor | None,
    flt: QueueFilter,
    ticket_id: int,
    *,
    now: datetime,
    tz: tzinfo,
    calendar: WorkCalendar,
    warning_ratio: float = 0.8,
    limit: int = PAGE_SIZE,
) -> tuple[QueuePage, Key | None] | None:
    """The page that shows ``ticket_id`` near its top, and the key it starts after (None: the first page) (the desk's new ticket after the receipt, which
    the due-time order may put pages down), or None when the filter does not list it. Keyset paging
    as :func:`load_page`: the page starts after the row ``ABOVE + 1`` places before the ticket."""
    conds = _conditions(flt, actor, now)
    with UnitOfWork(db, write=False) as uow:
        row = uow.session.execute(
            select(*_COLUMNS).where(Ticket.id == ticket_id, *conds, Ticket.status.in_(_open_statuses(flt)))  # type: ignore[attr-defined]
        ).first()
        if row is None:
            return None
        col, _desc = _sort(flt)
        key: Key = (0 if row.emergency else 1, getattr(row, col.key), row.id)
        above = _walk(uow, conds, flt, key, False, ABOVE + 1)
    if len(above) <= ABOVE:  # the ticket is near the top: the first page
        first = load_page(db, actor, flt, now=now, tz=tz, calendar=calendar, warning_ratio=warning_ratio, limit=limit)
        return first, None
    segment, edge = above[-1]
    bound: Key = (segment, getattr(edge, col.key), edge.id)
    page = load_page(
        db, actor, flt, now=now, tz=tz, calendar=calendar, warning_ratio=warning_ratio, after=bound, limit=limit
    )
    return page, bound


def count_tickets(
    db: Database, actor: Actor | None, flt: QueueFilter, *, now: datetime, cap: int | None = None
) -> int:
    """How many tickets match; with ``cap``, counting stops at ``cap + 1`` (shown as "cap+")."""
    conds = _conditions(flt, actor, now)
    with UnitOfWork(db, write=False) as uow:
        _searched(uow, conds, flt, actor)
        inner = select(Ticket.id).where(*conds, Ticket.status.in_(_open_statuses(flt)))  # type: ignore[attr-defined]
        if cap is not None:
            inner = inner.limit(cap + 1)
        found = uow.session.execute(select(func.count()).select_from(inner.subquery())).scalar_one()
        return found + len(_closed_part(uow, flt, actor))
