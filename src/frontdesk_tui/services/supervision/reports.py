"""The monthly statistics (R-KP-1: 每月投诉统计、分析、汇报), computed in SQL, and their exports.

Every figure is an aggregate the database computes (``GROUP BY``, ``COUNT``, ``SUM(CASE …)``);
only the result rows (a few per table) come back to Python, and of the overdue list its count and
the oldest `OVERDUE_SHOWN` (issue 15: a report over years of tickets stays as small and as fast as
one over a month's). The whole list goes only to the XLSX and CSV exports, streamed from the
database while the file is written (`MonthlyReport.all_overdue`), never held in memory. The month is the
site's local calendar month (R-DL-5).

What each figure counts (design, where R-KP-1 leaves it open):

* counts by category, severity, channel and department: tickets *received* in the month (every
  status, answered and withdrawn ones included); an unassessed ticket counts as ``unassessed``;
  R-IN-1a's channel detail is counted too (``by_channel_detail``: ``phone``, ``phone/hotline``,
  ``online``, ``online/website`` …; the plain code is a ticket whose way was not noted);
* on-time rate (投诉处理及时率): of the tickets *closed* in the month, those whose result was
  reported by the due time (R-DL-3a: the clock stops at ``report``);
* emergency response on-time rate: of the emergencies received in the month, those with the
  response team on site by the on-site due time (R-EM-2);
* reopen rate: tickets reopened in the month (a ``reopen`` event) / tickets closed in the month;
* follow-up satisfaction: the follow-up visits recorded in the month per level (R-LC-5), and the
  share 非常满意 + 满意;
* repeated units and locations: places with two or more tickets received in the month;
* the quality figures of R-KP-3 and R-EM-5 (repair response and pass rate, cleaning satisfaction,
  the two emergency clocks) and the per-department and per-handler assessment: defined in
  ``domain/supervision/kpi.py``, computed in ``figures.py``; the complaints per day and the 12-month trend of the
  on-time rate and the satisfaction (:func:`monthly_trend`) are there too;
* overdue list: tickets still open at month end and past due by then (or reported late and not yet
  closed then), and tickets closed in the month whose result was reported late. For the month
  still running, "month end" is now.
"""

from __future__ import annotations

import csv
import heapq
import io
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import and_, case, cast, func, or_, select
from sqlalchemy.dialects.postgresql import JSONB

from frontdesk_tui.data.tables import Department
from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.domain import labels, permissions
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import (
    DEPARTMENTS,
    END_STATUSES,
    Category,
    Channel,
    Satisfaction,
    Severity,
    Status,
    channel_detail_code,
    channel_detail_codes,
)
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.domain.months import month_bounds, parse_month  # noqa: F401  (the one month parser)
from frontdesk_tui.i18n import _, pgettext
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.supervision import figures
from frontdesk_tui.services.supervision.figures import QualityFigures, TrendPoint
from frontdesk_tui.services.uow import UnitOfWork

#: Timeline event kinds the report reads (the action words of the lifecycle table).
REOPEN_KIND = "reopen"
FOLLOW_UP_KIND = "follow-up"
#: The severity of a ticket not assessed yet.
UNASSESSED = "unassessed"
#: Places with at least this many tickets in the month are "repeated".
REPEATED_MIN = 2
#: How many repeated places the report lists.
REPEATED_LIMIT = 10
#: How many of the overdue list the report holds (the oldest due first); the exports list all.
OVERDUE_SHOWN = 100
#: Rows fetched at a time when the exports stream the whole overdue list.
STREAM_BATCH = 1000

_SATISFIED = (Satisfaction.VERY_SATISFIED.value, Satisfaction.SATISFIED.value)


def rate(part: int, whole: int) -> float | None:
    """``part / whole``, or ``None`` when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass(frozen=True)
class OverdueRow:
    id: int
    location: str
    category: str
    severity: str
    department: str
    status: str
    received_at: datetime
    due_at: datetime
    reported_at: datetime | None
    state: str
    """``open`` (still open and past due at month end, or now for the running month) or ``late``
    (closed in the month, reported late)."""
    late_by: timedelta

    def to_json(self, tz: tzinfo) -> dict[str, Any]:
        return {
            "id": self.id,
            "location": self.location,
            "category": self.category,
            "severity": self.severity,
            "department": self.department,
            "status": self.status,
            "received_at": _iso(self.received_at, tz),
            "due_at": _iso(self.due_at, tz),
            "reported_at": _iso(self.reported_at, tz),
            "state": self.state,
            "late_hours": round(self.late_by.total_seconds() / 3600, 1),
        }


@dataclass(frozen=True)
class MonthlyReport:
    """R-KP-1 for one month. Count tables are ``(code, count)`` pairs, every code listed."""

    year: int
    month: int
    start: datetime
    end: datetime
    received: int
    by_category: tuple[tuple[str, int], ...]
    by_severity: tuple[tuple[str, int], ...]
    by_channel: tuple[tuple[str, int], ...]
    by_department: tuple[tuple[str, int], ...]
    department_names: dict[str, str]
    closed: int
    closed_on_time: int
    emergencies: int
    emergencies_on_site_on_time: int
    reopened: int
    follow_ups: tuple[tuple[str, int], ...]
    repeated: tuple[tuple[str, int], ...]
    overdue: tuple[OverdueRow, ...]
    """The oldest `OVERDUE_SHOWN` of the overdue list (oldest due first); ``overdue_count`` counts all."""
    quality: QualityFigures | None = None
    """R-KP-3 and R-EM-5 (issue 11), with the per-department and per-handler assessment."""
    daily: tuple[int, ...] = ()
    """Tickets received per local day of the month (day 1 first)."""
    overdue_count: int | None = None
    """How many tickets the whole overdue list holds (``None``: those in ``overdue``)."""
    stream_overdue: Callable[[], Iterator[OverdueRow]] | None = field(default=None, compare=False, repr=False)
    """The whole overdue list, read from the database as it is consumed (set by `monthly_report`)."""
    by_channel_detail: tuple[tuple[str, int], ...] = ()
    """R-IN-1a: ``(channel_detail_code, count)``, every code of ``channel_detail_codes`` listed."""

    @property
    def overdue_total(self) -> int:
        return len(self.overdue) if self.overdue_count is None else self.overdue_count

    def all_overdue(self) -> Iterator[OverdueRow]:
        """Every ticket of the overdue list, in its order: streamed when the report can."""
        if self.stream_overdue is None or self.overdue_total <= len(self.overdue):
            return iter(self.overdue)
        return self.stream_overdue()

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.closed_on_time, self.closed)

    @property
    def emergency_on_time_rate(self) -> float | None:
        if self.quality is not None:  # one definition (R-EM-5): the quality figure's
            return self.quality.emergency_on_site.rate
        return rate(self.emergencies_on_site_on_time, self.emergencies)

    @property
    def reopen_rate(self) -> float | None:
        return rate(self.reopened, self.closed)

    @property
    def follow_up_total(self) -> int:
        return sum(n for _level, n in self.follow_ups)

    @property
    def satisfied(self) -> int:
        return sum(n for level, n in self.follow_ups if level in _SATISFIED)

    @property
    def satisfaction_rate(self) -> float | None:
        return rate(self.satisfied, self.follow_up_total)

    def to_json(self, tz: tzinfo) -> dict[str, Any]:
        return {
            "month": self.label,
            "from": _iso(self.start, tz),
            "to": _iso(self.end, tz),
            "received": self.received,
            "by_category": dict(self.by_category),
            "by_severity": dict(self.by_severity),
            "by_channel": dict(self.by_channel),
            "by_channel_detail": dict(self.by_channel_detail),
            "by_department": dict(self.by_department),
            "closed": self.closed,
            "closed_on_time": self.closed_on_time,
            "on_time_rate": self.on_time_rate,
            "emergencies": self.emergencies,
            "emergencies_on_site_on_time": self.emergencies_on_site_on_time,
            "emergency_on_time_rate": self.emergency_on_time_rate,
            "reopened": self.reopened,
            "reopen_rate": self.reopen_rate,
            "follow_ups": dict(self.follow_ups),
            "follow_up_total": self.follow_up_total,
            "satisfied": self.satisfied,
            "satisfaction_rate": self.satisfaction_rate,
            "repeated": [{"location": where, "tickets": n} for where, n in self.repeated],
            "overdue": [row.to_json(tz) for row in self.overdue],
            "overdue_count": self.overdue_total,
            **self._quality_json(),
        }

    def _quality_json(self) -> dict[str, Any]:
        """The R-KP-3 / R-EM-5 keys (issue 11); ``by_department`` becomes the assessment list."""
        if self.quality is None:
            return {}
        return {**self.quality.to_json(), "received_by_day": list(self.daily)}


def _iso(value: datetime | None, tz: tzinfo) -> str | None:
    return None if value is None else value.astimezone(tz).isoformat(timespec="seconds")


def _json_text(dialect: str, column: Any, key: str) -> Any:
    """One key of a JSON object stored as text, as text, in SQL."""
    if dialect == "postgresql":
        return cast(column, JSONB)[key].astext
    return func.json_extract(column, f"$.{key}")


def _counts(session, column: Any, where: Any, codes: Sequence[str], none_as: str | None = None) -> tuple:
    rows = session.execute(select(column, func.count()).where(where).group_by(column))
    found: dict[str, int] = {}
    for code, n in rows:
        key = (none_as or "unknown") if code is None else str(code)
        found[key] = found.get(key, 0) + int(n)
    ordered = [(code, found.pop(code, 0)) for code in codes]
    ordered += sorted(found.items())  # codes the enums do not know, kept rather than lost
    return tuple(ordered)


def _channel_details(session, where: Any) -> tuple[tuple[str, int], ...]:
    """R-IN-1a: tickets per (channel, detail), as ``channel_detail_code`` strings, every code listed."""
    rows = session.execute(
        select(Ticket.channel, Ticket.channel_detail, func.count())
        .where(where)
        .group_by(Ticket.channel, Ticket.channel_detail)
    )
    found: dict[str, int] = {}
    for channel, detail, n in rows:
        key = channel_detail_code(str(channel), str(detail or ""))
        found[key] = found.get(key, 0) + int(n)
    ordered = [(code, found.pop(code, 0)) for code in channel_detail_codes()]
    return tuple(ordered + sorted(found.items()))


def monthly_report_for(
    site: Site, actor: Actor | None, year: int, month: int, *, now: datetime | None = None
) -> MonthlyReport:
    """The month's statistics for a person: the statistics screen and ``report monthly``.

    R-KP-1 is the assistants' and the director's work, and the report assesses each handler by name
    (考核, R-KP-3): nobody else reads it, signed in or not (an SSH key alone is not a sign-in), as
    for the finance export of violations."""
    permissions.require(actor, "report.monthly")
    return monthly_report(site, year, month, now=now)


def monthly_report(site: Site, year: int, month: int, *, now: datetime | None = None) -> MonthlyReport:
    """R-KP-1: the month's statistics, every figure aggregated by the database.

    ``now`` matters for the month still running: the overdue list is then as of ``now`` (a ticket
    due later this month is not overdue yet); without it, as of month end.
    """
    start, end = month_bounds(year, month, site.tz)
    as_of = end if now is None else max(start, min(end, now.astimezone(UTC)))
    received_in = and_(Ticket.received_at >= start, Ticket.received_at < end)
    closed_in = figures.closed_in(start, end)
    on_time = and_(Ticket.reported_at != None, Ticket.reported_at <= Ticket.due_at)  # noqa: E711
    emergency_in = and_(received_in, Ticket.emergency == True)  # noqa: E712
    on_site_in_time = and_(
        Ticket.on_site_at != None,  # noqa: E711
        Ticket.on_site_due != None,  # noqa: E711
        Ticket.on_site_at <= Ticket.on_site_due,
    )

    def total(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        summary = s.execute(
            select(
                total(received_in),
                total(closed_in),
                total(and_(closed_in, on_time)),
                total(emergency_in),
                total(and_(emergency_in, on_site_in_time)),
            ).where(or_(received_in, closed_in))
        ).one()
        received, closed, closed_on_time, emergencies, emergencies_ok = (int(v) for v in summary)

        by_category = _counts(s, Ticket.category, received_in, [c.value for c in Category])
        severities = [*(v.value for v in Severity), UNASSESSED]
        by_severity = _counts(s, Ticket.severity, received_in, severities, none_as=UNASSESSED)
        by_channel = _counts(s, Ticket.channel, received_in, [c.value for c in Channel])
        by_channel_detail = _channel_details(s, received_in)
        names = dict(DEPARTMENTS)
        names.update({code: name for code, name in s.execute(select(Department.code, Department.name))})
        by_department = _counts(s, Ticket.department, received_in, list(names))

        reopened = int(
            s.execute(
                select(func.count(func.distinct(TicketEvent.ticket_id))).where(
                    TicketEvent.kind == REOPEN_KIND, TicketEvent.at >= start, TicketEvent.at < end
                )
            ).scalar_one()
        )
        level = _json_text(site.db.dialect, TicketEvent.data, "satisfaction")
        follow_ups = _counts(
            s,
            level,
            and_(TicketEvent.kind == FOLLOW_UP_KIND, TicketEvent.at >= start, TicketEvent.at < end),
            [v.value for v in Satisfaction],
        )

        count = func.count().label("n")
        repeated = tuple(
            (where, int(n))
            for where, n in s.execute(
                select(Ticket.location, count)
                .where(received_in)
                .group_by(Ticket.location)
                .having(func.count() >= REPEATED_MIN)
                .order_by(count.desc(), Ticket.location)
                .limit(REPEATED_LIMIT)
            )
        )

        # The overdue list: still open at ``as_of`` and past due then, or closed in the month and
        # reported late. Read in two parts so that nothing sorts the ticket table (issue 15): the
        # tickets open now, one walk of (status, due_at) per open status, already in order; and
        # the tickets closed since the month began (every closed one on the list was), few, by
        # ``closed_at``, ordered here. The report keeps the count and the oldest OVERDUE_SHOWN.
        late_then = and_(
            Ticket.received_at < as_of,
            Ticket.due_at < as_of,
            or_(Ticket.closed_at == None, Ticket.closed_at >= as_of),  # noqa: E711
            or_(Ticket.reported_at == None, Ticket.reported_at > Ticket.due_at),  # noqa: E711
        )
        closed_part = and_(
            figures.unindexed(Ticket.status) == Status.CLOSED.value,  # by closed_at, the few
            Ticket.closed_at >= start,
            or_(late_then, and_(closed_in, Ticket.reported_at > Ticket.due_at)),
        )
        open_statuses = [v.value for v in Status if v not in END_STATUSES and v is not Status.CLOSED]
        overdue_count = int(
            s.execute(
                select(func.count()).select_from(Ticket).where(Ticket.status.in_(open_statuses), late_then)  # type: ignore[attr-defined]
            ).scalar_one()
        ) + int(s.execute(select(func.count()).select_from(Ticket).where(closed_part)).scalar_one())
        columns = select(*_OVERDUE_COLUMNS)
        walks = [
            columns.where(Ticket.status == status, late_then).order_by(Ticket.due_at, Ticket.id)
            for status in open_statuses
        ]
        closed_rows = columns.where(closed_part)
        rows = list(
            itertools.islice(
                heapq.merge(
                    *(s.execute(w.limit(OVERDUE_SHOWN)).all() for w in walks),
                    heapq.nsmallest(OVERDUE_SHOWN, s.execute(closed_rows), key=_due_order),
                    key=_due_order,
                ),
                OVERDUE_SHOWN,
            )
        )
        quality, daily = _quality(s, site, start, end, now, names)
    overdue = [_overdue_row(r, start, end, as_of) for r in rows]

    def stream() -> Iterator[OverdueRow]:
        with UnitOfWork(site.db, write=False) as uow:
            session = uow.session
            runs = [session.execute(w.execution_options(yield_per=STREAM_BATCH)) for w in walks]
            runs.append(sorted(session.execute(closed_rows), key=_due_order))
            for r in heapq.merge(*runs, key=_due_order):
                yield _overdue_row(r, start, end, as_of)

    return MonthlyReport(
        year=year,
        month=month,
        start=start,
        end=end,
        received=received,
        by_category=by_category,
        by_severity=by_severity,
        by_channel=by_channel,
        by_department=by_department,
        department_names=names,
        closed=closed,
        closed_on_time=closed_on_time,
        emergencies=emergencies,
        emergencies_on_site_on_time=emergencies_ok,
        reopened=reopened,
        follow_ups=follow_ups,
        repeated=repeated,
        overdue=tuple(overdue),
        quality=quality,
        daily=daily,
        by_channel_detail=by_channel_detail,
        overdue_count=overdue_count,
        stream_overdue=stream,
    )


_OVERDUE_COLUMNS = (
    Ticket.id,
    Ticket.location,
    Ticket.category,
    Ticket.severity,
    Ticket.department,
    Ticket.status,
    Ticket.received_at,
    Ticket.due_at,
    Ticket.reported_at,
    Ticket.closed_at,
)


def _due_order(r: Any) -> tuple[datetime, int]:
    return (r.due_at, r.id)


def _overdue_row(r: Any, start: datetime, end: datetime, as_of: datetime) -> OverdueRow:
    late = r.closed_at is not None and start <= r.closed_at < end and r.status == Status.CLOSED.value
    stop = r.reported_at if r.reported_at is not None and r.reported_at < as_of else as_of
    return OverdueRow(
        id=r.id,
        location=r.location,
        category=r.category,
        severity=r.severity or UNASSESSED,
        department=r.department,
        status=r.status,
        received_at=r.received_at,
        due_at=r.due_at,
        reported_at=r.reported_at,
        state="late" if late else "open",
        late_by=stop - r.due_at,
    )


def _quality(s, site: Site, start: datetime, end: datetime, now: datetime | None, names: dict[str, str]):
    """The issue-11 figures: as of the report's time (a clock still running then does not count)."""
    as_of = end if now is None else now.astimezone(UTC)
    quality = figures.quality_figures(s, site.db.dialect, start, end, as_of, names)
    return quality, figures.daily_received(s, start, end, site.tz)


def monthly_trend(site: Site, year: int, month: int, months: int = figures.TREND_MONTHS) -> tuple[TrendPoint, ...]:
    """On-time rate and satisfaction for the ``months`` months ending with ``year-month``, oldest
    first: two aggregate queries whatever the number of tickets."""
    spans = []
    index = year * 12 + month - 1
    for i in range(index - months + 1, index + 1):
        y, m = divmod(i, 12)
        if y < 1:
            continue
        start, end = month_bounds(y, m + 1, site.tz)
        spans.append((y, m + 1, start, end))
    with UnitOfWork(site.db, write=False) as uow:
        return figures.trend(uow.session, site.db.dialect, spans)


# --- tables for every output ---------------------------------------------------------------------

TEXT, INT, RATE, TIME, HOURS = "text", "int", "rate", "time", "hours"
#: Columns that hold a code: what a person reads (the screen, the text, CSV and XLSX) shows its name
#: in the reader's language; JSON keeps the codes (``MonthlyReport.to_json``).
CATEGORY, SEVERITY, CHANNEL, SATISFACTION, DEPARTMENT, STATUS, STATE, VIA = (
    "category", "severity", "channel", "satisfaction", "department", "status", "state", "via",
)  # fmt: skip


def severity_name(code: str | None) -> str:
    """A severity's name; a ticket not assessed yet is "Unassessed"."""
    return _("Unassessed") if code in (None, UNASSESSED) else labels.severity(code)


#: The name of each code column's value (`format_cell`).
CODE_NAMES: dict[str, Callable[[str | None], str]] = {
    CATEGORY: labels.category,
    SEVERITY: severity_name,
    CHANNEL: labels.channel,
    VIA: labels.via,
    SATISFACTION: labels.satisfaction,
    DEPARTMENT: labels.department,
    STATUS: labels.status,
    STATE: labels.overdue_state,
}


@dataclass(frozen=True)
class ReportTable:
    """One table of the report: a sheet of the XLSX, a section of the CSV and of the screen."""

    key: str
    title: str
    headers: tuple[str, ...]
    types: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def _split_detail(code: str) -> tuple[str, str]:
    channel, _sep, detail = code.partition("/")
    return channel, detail


def report_tables(report: MonthlyReport, *, whole: bool = False) -> list[ReportTable]:
    """The report as typed tables (values are ints, rates as fractions, aware datetimes, hours).

    The overdue table holds the report's oldest `OVERDUE_SHOWN`; with ``whole`` its rows are an
    iterator over the whole list, streamed from the database (for the exports: consume it once)."""
    r = report
    summary_rows = (
        (_("tickets received"), r.received, None, None),
        (_("closed on time / closed"), r.closed_on_time, r.closed, r.on_time_rate),
        (_("emergencies on site in time / emergencies"), *_emergency_counts(r), r.emergency_on_time_rate),
        (_("reopened / closed"), r.reopened, r.closed, r.reopen_rate),
        (_("satisfied or very satisfied / follow-ups"), r.satisfied, r.follow_up_total, r.satisfaction_rate),
        (_("overdue"), r.overdue_total, None, None),
    )  # fmt: skip
    count = _("tickets")
    tables = [
        ReportTable(
            "summary",
            _("Summary"),
            (_("figure"), _("count"), _("of"), _("rate")),
            (TEXT, INT, INT, RATE),
            summary_rows,
        ),
        ReportTable("by_category", _("By category"), (_("category"), count), (CATEGORY, INT), r.by_category),
        ReportTable("by_severity", _("By severity"), (_("severity"), count), (SEVERITY, INT), r.by_severity),
        ReportTable("by_channel", _("By channel"), (_("channel"), count), (CHANNEL, INT), r.by_channel),
        ReportTable(
            "by_channel_detail",
            _("By channel detail"),
            (_("channel"), _("via"), count),
            (CHANNEL, VIA, INT),
            tuple((*_split_detail(code), n) for code, n in r.by_channel_detail),
        ),
        ReportTable(
            "by_department",
            _("By department"),
            (_("department"), count),
            (TEXT, INT),
            tuple(
                (labels.department_name(code, r.department_names.get(code, "")), n) for code, n in r.by_department
            ),
        ),
        ReportTable(
            "satisfaction",
            _("Follow-up satisfaction"),
            (_("satisfaction"), _("visits"), _("share")),
            (SATISFACTION, INT, RATE),
            tuple((level, n, rate(n, r.follow_up_total)) for level, n in r.follow_ups),
        ),
        ReportTable(
            "repeated",
            _("Repeated locations"),
            (_("unit or location"), count),
            (TEXT, INT),
            r.repeated,
        ),
        ReportTable(
            "overdue",
            _("Overdue"),
            (
                _("ticket"),
                _("unit or location"),
                _("category"),
                _("severity"),
                _("department"),
                _("status"),
                _("received"),
                _("due"),
                _("reported"),
                _("state"),
                _("hours late"),
            ),
            (INT, TEXT, CATEGORY, SEVERITY, DEPARTMENT, STATUS, TIME, TIME, TIME, STATE, HOURS),
            (map(_overdue_cells, r.all_overdue()) if whole else tuple(map(_overdue_cells, r.overdue))),  # type: ignore[arg-type]
        ),
    ]
    return tables + quality_tables(r)


def _overdue_cells(o: OverdueRow) -> tuple:
    return (
        o.id,
        o.location,
        o.category,
        o.severity,
        o.department,
        o.status,
        o.received_at,
        o.due_at,
        o.reported_at,
        o.state,
        round(o.late_by.total_seconds() / 3600, 1),
    )


def _emergency_counts(r: MonthlyReport) -> tuple[int, int]:
    """The summary's emergency row: the R-EM-5 figure when the report has it (one definition)."""
    if r.quality is not None:
        return r.quality.emergency_on_site.part, r.quality.emergency_on_site.whole
    return r.emergencies_on_site_on_time, r.emergencies


def quality_tables(report: MonthlyReport) -> list[ReportTable]:
    """The issue-11 tables: the R-KP-3 / R-EM-5 figures, the assessment per department and per
    handler (考核), and the tickets received per day."""
    from frontdesk_tui.domain.supervision.kpi import FIGURES

    q = report.quality
    if q is None:
        return []
    ratios = q.ratios()
    group_headers = (
        pgettext("assessment", "received"),
        pgettext("assessment", "closed"),
        pgettext("assessment", "on time"),
        pgettext("assessment", "satisfaction"),
    )
    group_types = (INT, INT, RATE, RATE)

    def group_row(g: figures.GroupFigures) -> tuple:
        return (g.received, g.closed, g.on_time_rate, g.satisfaction)

    return [
        ReportTable(
            "quality",
            _("Quality figures"),
            (_("figure"), _("count"), _("of"), _("rate")),
            (TEXT, INT, INT, RATE),
            tuple((_(f.title), ratios[f.key].part, ratios[f.key].whole, ratios[f.key].rate) for f in FIGURES),
        ),
        ReportTable(
            "assessment_department",
            _("Assessment by department"),
            (_("department"), *group_headers),
            (TEXT, *group_types),
            tuple((labels.department_name(g.key, g.name), *group_row(g)) for g in q.by_department),
        ),
        ReportTable(
            "assessment_handler",
            _("Assessment by handler"),
            (_("handler"), *group_headers),
            (TEXT, *group_types),
            tuple((g.key, *group_row(g)) for g in q.by_handler),
        ),
        ReportTable(
            "by_day",
            _("Received per day"),
            (_("day"), count_header()),
            (TEXT, INT),
            tuple((f"{report.label}-{day:02d}", n) for day, n in enumerate(report.daily, start=1)),
        ),
    ]


def count_header() -> str:
    return _("tickets")


def format_cell(value: Any, kind: str, tz: tzinfo) -> str:
    """A cell as text (screen and CSV): rates as percentages, times with the site's offset, codes
    by their names in the current language."""
    if kind in CODE_NAMES:
        return CODE_NAMES[kind](value)
    if value is None:
        return ""
    if kind == RATE:
        return f"{value * 100:.1f}%"
    if kind == TIME:
        return value.astimezone(tz).isoformat(timespec="minutes")
    if kind == HOURS:
        return f"{value:.1f}"
    return str(value)


def write_csv(report: MonthlyReport, tz: tzinfo, out: io.TextIOBase | None = None) -> str | None:
    """The report as one CSV with a section per table: a title line, the headers, the rows and a
    blank line, the whole overdue list in it. Written row by row to ``out`` when given (returns
    None: the overdue list is streamed, never held); else returned as text."""
    buffer = io.StringIO() if out is None else None
    writer = csv.writer(out if out is not None else buffer, lineterminator="\n")
    writer.writerow([_("Monthly report"), report.label])
    writer.writerow([])
    for table in report_tables(report, whole=True):
        writer.writerow([table.title])
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([format_cell(v, k, tz) for v, k in zip(row, table.types, strict=True)])
        writer.writerow([])
    return None if buffer is None else buffer.getvalue()


def write_xlsx(report: MonthlyReport, tz: tzinfo, path: Path | str | BinaryIO) -> None:
    """The report as an XLSX workbook: one sheet per table, bold frozen headers, numbers as
    numbers, rates as percentages, times as Excel datetimes in site time (Excel has no zones).

    Written with openpyxl's write-only workbook, row by row, the overdue list streamed from the
    database: memory stays bounded whatever its length. The column widths are set before the rows
    (write-only sheets need them first): from every row of the small tables, from the headers and
    the report's oldest overdue rows for the overdue sheet."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    formats = {RATE: "0.0%", TIME: "yyyy-mm-dd hh:mm", HOURS: "0.0", INT: "0"}
    sample = {table.key: table.rows for table in report_tables(report)}
    for table in report_tables(report, whole=True):
        sheet = book.create_sheet(title=_sheet_name(table.title))
        widths = [_width(h) for h in table.headers]
        for row in sample[table.key]:
            for i, (value, kind) in enumerate(zip(row, table.types, strict=True)):
                widths[i] = max(widths[i], _width(format_cell(value, kind, tz)))
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
        sheet.freeze_panes = "A2"
        header = []
        for text in table.headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            cells = []
            for value, kind in zip(row, table.types, strict=True):
                if kind == TIME and value is not None:
                    value = value.astimezone(tz).replace(tzinfo=None)
                elif kind in CODE_NAMES:
                    value = CODE_NAMES[kind](value)
                if kind in formats and value is not None:
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = formats[kind]
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
    book.properties.title = _("Monthly report {month}").format(month=report.label)
    book.save(path if hasattr(path, "write") else str(path))


def _sheet_name(title: str) -> str:
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:31]


def _width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


# --- saving an export (the screen's and the command's) --------------------------------------------

#: The export formats that make a file, and their file name suffix.
EXPORT_FORMATS = {"xlsx": ".xlsx", "csv": ".csv", "json": ".json"}
#: Owners' data (names, units): the file is for its owner only.
EXPORT_MODE = 0o600


def export_file_name(report: MonthlyReport, fmt: str) -> str:
    return _("monthly-report-{month}").format(month=report.label) + EXPORT_FORMATS[fmt]


def save_report(report: MonthlyReport, tz: tzinfo, path: Path | str, fmt: str, *, overwrite: bool = False) -> Path:
    """Write the report as ``fmt`` (xlsx, csv, json) to ``path``, private (0600), all or nothing: a
    temporary file beside it (created 0600) is renamed over it once complete. ``FileExistsError``
    when the file exists and ``overwrite`` is not set; ``OSError`` as the system says otherwise."""
    import json
    import os
    import tempfile

    target = Path(path).expanduser()
    if fmt not in EXPORT_FORMATS:
        raise InputError("format", _("cannot export as {format!r}").format(format=fmt))
    if target.exists() and not overwrite:
        raise FileExistsError(str(target))
    handle, temporary = tempfile.mkstemp(prefix=".frontdesk-", suffix=target.suffix, dir=target.parent)
    try:
        os.fchmod(handle, EXPORT_MODE)
        if fmt == "xlsx":
            os.close(handle)
            handle = -1
            write_xlsx(report, tz, temporary)
        else:
            # CSV with a byte-order mark so spreadsheet programs read the Chinese right.
            with os.fdopen(handle, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as out:
                handle = -1
                if fmt == "csv":
                    write_csv(report, tz, out)  # row by row, the overdue list streamed
                else:
                    out.write(json.dumps(report.to_json(tz), ensure_ascii=False, indent=2) + "\n")
        os.chmod(temporary, EXPORT_MODE)
        os.replace(temporary, target)
    except BaseException:
        if handle >= 0:
            os.close(handle)
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
