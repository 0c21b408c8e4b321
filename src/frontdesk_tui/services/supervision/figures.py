"""The quality figures of the monthly assessment (R-KP-3, R-EM-5), the per-day counts and the
12-month trend, aggregated by the database.

What each figure counts is defined once in :mod:`frontdesk_tui.domain.supervision.kpi`; this module is the same
predicates written as SQL (``SUM(CASE …)`` and ``GROUP BY``), so no ticket row comes back to Python:
a figure is two numbers, a group a handful, the per-day counts one row, the trend two rows. The
report (:mod:`.reports`) carries them to the screen, ``report monthly`` and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import and_, case, cast, func, literal, not_, or_, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import Interval

from frontdesk_tui.data.tables import Operator
from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.domain.codes import Action, Status
from frontdesk_tui.domain.supervision import kpi

FOLLOW_UP = Action.FOLLOW_UP.value
REOPEN = Action.REOPEN.value
#: The trend's length in months (bounded: one query per table whatever the data).
TREND_MONTHS = 12
#: One SQLite ``julianday`` unit is a day; equal instants may differ by float noise (< 1 ms).
_JULIAN_SLACK = 1e-8


@dataclass(frozen=True)
class Ratio:
    """A figure: ``part`` of ``whole``; the rate is ``None`` when nothing counts."""

    part: int
    whole: int

    @property
    def rate(self) -> float | None:
        return kpi.rate(self.part, self.whole)


@dataclass(frozen=True)
class GroupFigures:
    """One department's or one handler's month, for the assessment (考核)."""

    key: str
    """Department code, or the handler's operator name."""
    name: str
    received: int
    closed: int
    closed_on_time: int
    follow_ups: int
    satisfied: int

    @property
    def on_time_rate(self) -> float | None:
        return kpi.rate(self.closed_on_time, self.closed)

    @property
    def satisfaction(self) -> float | None:
        return kpi.rate(self.satisfied, self.follow_ups)


@dataclass(frozen=True)
class QualityFigures:
    repair_response: Ratio
    repair_pass: Ratio
    cleaning: Ratio
    emergency_on_site: Ratio
    emergency_under_control: Ratio
    by_department: tuple[GroupFigures, ...]
    by_handler: tuple[GroupFigures, ...]

    def ratios(self) -> dict[str, Ratio]:
        """The figures by their JSON key, in the order of ``kpi.FIGURES``."""
        values = (
            self.repair_response,
            self.repair_pass,
            self.cleaning,
            self.emergency_on_site,
            self.emergency_under_control,
        )
        return dict(zip(kpi.FIGURE_KEYS, values, strict=True))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {key: ratio.rate for key, ratio in self.ratios().items()}
        data["quality_counts"] = {key: {"part": r.part, "whole": r.whole} for key, r in self.ratios().items()}
        data["by_department"] = [
            {"code": g.key, "name": g.name, **_group_json(g)} for g in self.by_department
        ]
        data["by_handler"] = [{"name": g.key, **_group_json(g)} for g in self.by_handler]
        return data


def _group_json(g: GroupFigures) -> dict[str, Any]:
    return {
        "received": g.received,
        "closed": g.closed,
        "on_time_rate": g.on_time_rate,
        "satisfaction": g.satisfaction,
    }


@dataclass(frozen=True)
class TrendPoint:
    year: int
    month: int
    closed: int
    closed_on_time: int
    follow_ups: int
    satisfied: int

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def on_time_rate(self) -> float | None:
        return kpi.rate(self.closed_on_time, self.closed)

    @property
    def satisfaction(self) -> float | None:
        return kpi.rate(self.satisfied, self.follow_ups)


# --- SQL pieces ----------------------------------------------------------------------------------


def _total(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _level(dialect: str) -> Any:
    """The follow-up event's satisfaction level, as text, in SQL."""
    if dialect == "postgresql":
        return cast(TicketEvent.data, JSONB)["satisfaction"].astext
    return func.json_extract(TicketEvent.data, "$.satisfaction")


def _within(dialect: str, moment: Any, base: Any, delta: timedelta) -> Any:
    """``moment <= base + delta`` for two timestamp columns, in SQL."""
    if dialect == "postgresql":
        return moment <= base + literal(delta, Interval())
    days = delta.total_seconds() / 86400
    return func.julianday(moment) <= func.julianday(base) + days + _JULIAN_SLACK


def received_in(start: datetime, end: datetime) -> Any:
    return and_(Ticket.received_at >= start, Ticket.received_at < end)


def unindexed(column: Any) -> Any:
    """``column || ''``: the same value, that no index serves. SQLite, without statistics, prefers
    an equality on an index's first column (``status = 'closed'``: most of the table; an event
    ``kind``: years of events) to a selective range (``closed_at`` or ``received_at`` in the
    month); this leaves it the range (issue 15: a month's report reads the month's rows)."""
    return column.concat("")


def closed_in(start: datetime, end: datetime) -> Any:
    """Closed in the month (as the report's on-time rate counts it, R-KP-1): by ``closed_at``."""
    return and_(
        unindexed(Ticket.status) == Status.CLOSED.value,
        Ticket.closed_at != None,  # noqa: E711
        Ticket.closed_at >= start,
        Ticket.closed_at < end,
    )


def reported_on_time() -> Any:
    """R-DL-3a: on time when the result was reported by the due time."""
    return and_(Ticket.reported_at != None, Ticket.reported_at <= Ticket.due_at)  # noqa: E711


def follow_ups_in(start: datetime, end: datetime) -> Any:
    return and_(TicketEvent.kind == FOLLOW_UP, TicketEvent.at >= start, TicketEvent.at < end)


# --- the figures ---------------------------------------------------------------------------------


def quality_figures(
    session, dialect: str, start: datetime, end: datetime, as_of: datetime, department_names: dict[str, str]
) -> QualityFigures:
    """R-KP-3 and R-EM-5 for the month ``[start, end)``; ``as_of`` is when the report is made (a
    clock still running then does not count yet)."""
    received = received_in(start, end)
    repair = and_(received, Ticket.category == kpi.REPAIR_CATEGORY)

    # Repair response (kpi.repair_response_on_time): the first step, per engineering ticket.
    first = (
        select(TicketEvent.ticket_id.label("tid"), func.min(TicketEvent.at).label("first_at"))
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(repair, unindexed(TicketEvent.kind).in_(kpi.FIRST_STEP_KINDS))  # by ticket, not by kind
        .group_by(TicketEvent.ticket_id)
        .subquery()
    )
    emergency_clock = and_(Ticket.emergency == True, Ticket.on_site_due != None)  # noqa: E712, E711
    has_step = first.c.first_at != None  # noqa: E711
    on_time = or_(
        and_(emergency_clock, first.c.first_at <= Ticket.on_site_due),
        and_(not_(emergency_clock), _within(dialect, first.c.first_at, Ticket.received_at, kpi.REPAIR_RESPONSE)),
    )
    timed_out = or_(
        and_(emergency_clock, Ticket.on_site_due < as_of),
        and_(not_(emergency_clock), Ticket.received_at < as_of - kpi.REPAIR_RESPONSE),
    )
    counts = or_(has_step, and_(Ticket.status.not_in(kpi.NOT_COUNTED_STATUSES), timed_out))  # type: ignore[attr-defined]
    response = session.execute(
        select(_total(counts), _total(and_(has_step, on_time)))
        .select_from(Ticket)
        .outerjoin(first, first.c.tid == Ticket.id)
        .where(repair)
    ).one()

    # Repair pass (kpi.repaired_passed): per engineering ticket closed in the month.
    level = _level(dialect)
    is_follow_up = TicketEvent.kind == FOLLOW_UP
    per_ticket = (
        select(
            TicketEvent.ticket_id.label("tid"),
            func.sum(case((is_follow_up, 1), else_=0)).label("visits"),
            func.sum(
                case((and_(is_follow_up, level.in_(kpi.SATISFIED_LEVELS)), 0), (is_follow_up, 1), else_=0)
            ).label("unsatisfied"),
            func.sum(case((TicketEvent.kind == REOPEN, 1), else_=0)).label("reopens"),
        )
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(
            closed_in(start, end),
            Ticket.category == kpi.REPAIR_CATEGORY,
            unindexed(TicketEvent.kind).in_([FOLLOW_UP, REOPEN]),  # by ticket, not by kind
        )
        .group_by(TicketEvent.ticket_id)
        .subquery()
    )
    with_visit = per_ticket.c.visits > 0
    passed = session.execute(
        select(
            _total(with_visit),
            _total(and_(with_visit, per_ticket.c.unsatisfied == 0, per_ticket.c.reopens == 0)),
        ).select_from(per_ticket)
    ).one()

    # Cleaning satisfaction (kpi.cleaning_satisfied): per follow-up visit in the month.
    cleaning = session.execute(
        select(func.count(), _total(level.in_(kpi.SATISFIED_LEVELS)))
        .select_from(TicketEvent)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(follow_ups_in(start, end), Ticket.category == kpi.CLEANING_CATEGORY)
    ).one()

    # Emergency clocks (kpi.emergency_clock_on_time), each stopped by its own event (R-EM-5).
    def clock(due: Any, stopped: Any) -> tuple[Any, Any]:
        counted = and_(due != None, or_(stopped != None, due < as_of))  # noqa: E711
        return _total(counted), _total(and_(counted, stopped != None, stopped <= due))  # noqa: E711

    emergencies = session.execute(
        select(
            *clock(Ticket.on_site_due, Ticket.on_site_at),
            *clock(Ticket.under_control_due, Ticket.under_control_at),
        ).where(received, Ticket.emergency == True, Ticket.status != Status.INVALID.value)  # noqa: E712
    ).one()

    by_department = _groups(session, dialect, Ticket.department, start, end)
    departments = tuple(
        GroupFigures(code, name, *by_department.pop(code, (0, 0, 0, 0, 0)))
        for code, name in department_names.items()
    ) + tuple(GroupFigures(code, code, *values) for code, values in sorted(by_department.items()))

    by_handler_id = _groups(session, dialect, Ticket.handler_id, start, end)
    by_handler_id.pop(None, None)  # type: ignore[call-overload]
    names: dict[Any, str] = {}
    if by_handler_id:
        query = select(Operator.id, Operator.name).where(Operator.id.in_(list(by_handler_id)))  # type: ignore[union-attr]
        names = {op_id: name for op_id, name in session.execute(query)}
    handlers = tuple(
        sorted(
            (GroupFigures(names.get(op_id, str(op_id)), names.get(op_id, str(op_id)), *values)
             for op_id, values in by_handler_id.items()),
            key=lambda g: (-g.received, -g.closed, g.key),
        )
    )  # fmt: skip

    def ratio(row: Any, at: int = 0) -> Ratio:
        return Ratio(part=int(row[at + 1]), whole=int(row[at]))

    return QualityFigures(
        repair_response=ratio(response),
        repair_pass=ratio(passed),
        cleaning=ratio(cleaning),
        emergency_on_site=ratio(emergencies, 0),
        emergency_under_control=ratio(emergencies, 2),
        by_department=departments,
        by_handler=handlers,
    )


def _groups(session, dialect: str, column: Any, start: datetime, end: datetime) -> dict[Any, tuple]:
    """(received, closed, closed on time, follow-ups, satisfied) per value of ``column``: two
    GROUP BY queries, one over the tickets, one over the month's follow-up visits."""
    received, closed = received_in(start, end), closed_in(start, end)
    found: dict[Any, list[int]] = {}
    for key, n_received, n_closed, n_on_time in session.execute(
        select(column, _total(received), _total(closed), _total(and_(closed, reported_on_time())))
        .where(or_(received, closed))
        .group_by(column)
    ):
        found[key] = [int(n_received), int(n_closed), int(n_on_time), 0, 0]
    level = _level(dialect)
    for key, visits, happy in session.execute(
        select(column, func.count(), _total(level.in_(kpi.SATISFIED_LEVELS)))
        .select_from(TicketEvent)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(follow_ups_in(start, end))
        .group_by(column)
    ):
        row = found.setdefault(key, [0, 0, 0, 0, 0])
        row[3], row[4] = int(visits), int(happy)
    return {key: tuple(values) for key, values in found.items()}


def daily_received(session, start: datetime, end: datetime, tz: tzinfo) -> tuple[int, ...]:
    """Tickets received per local day of the month: one query, a ``SUM(CASE …)`` per day (the day
    bounds are the site's local midnights, computed here, so the database needs no zone rules)."""
    local = start.astimezone(tz)
    days = []
    day = datetime(local.year, local.month, 1, tzinfo=tz)
    while day.astimezone(UTC) < end:
        following = day + timedelta(days=1)
        following = datetime(following.year, following.month, following.day, tzinfo=tz)
        days.append((day.astimezone(UTC), following.astimezone(UTC)))
        day = following
    row = session.execute(
        select(*(_total(and_(Ticket.received_at >= a, Ticket.received_at < b)) for a, b in days)).where(
            received_in(start, end)
        )
    ).one()
    return tuple(int(n) for n in row)


def trend(
    session, dialect: str, months: list[tuple[int, int, datetime, datetime]]
) -> tuple[TrendPoint, ...]:
    """On-time rate and follow-up satisfaction per month, for ``months`` ((year, month, start, end),
    oldest first): two queries whatever the data, a ``SUM(CASE …)`` per month and figure."""
    first, last = months[0][2], months[-1][3]
    closed_columns = []
    for _y, _m, a, b in months:
        closed = closed_in(a, b)
        closed_columns += [_total(closed), _total(and_(closed, reported_on_time()))]
    closed_row = session.execute(select(*closed_columns).where(closed_in(first, last))).one()
    level = _level(dialect)
    visit_columns = []
    for _y, _m, a, b in months:
        visit = and_(TicketEvent.at >= a, TicketEvent.at < b)
        visit_columns += [_total(visit), _total(and_(visit, level.in_(kpi.SATISFIED_LEVELS)))]
    visit_row = session.execute(select(*visit_columns).where(follow_ups_in(first, last))).one()
    return tuple(
        TrendPoint(
            year=y,
            month=m,
            closed=int(closed_row[2 * i]),
            closed_on_time=int(closed_row[2 * i + 1]),
            follow_ups=int(visit_row[2 * i]),
            satisfied=int(visit_row[2 * i + 1]),
        )
        for i, (y, m, _a, _b) in enumerate(months)
    )
