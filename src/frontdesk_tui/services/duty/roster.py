"""The duty roster (值班安排表): set a month, show it, swap days, who is on duty now (R-DU-1, R-DU-2).

``roster_day`` holds the roster as it stands; an approved swap rewrites the days it names (the
request stays in ``roster_swap``), so "who is on duty" is one lookup. The rules are in
``domain.duty.roster``; the printable month view (:func:`render_text`, :func:`render_html`) is laid out like
the paper form.
"""

from __future__ import annotations

import calendar as _calendar
import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from sqlmodel import Session, select

from frontdesk_tui.data.tables import Operator
from frontdesk_tui.data.tables_duty import RosterDay, RosterStandIn, RosterSwap
from frontdesk_tui.domain import permissions
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.duty import on_duty
from frontdesk_tui.domain.duty import roster as duty
from frontdesk_tui.domain.duty.roster import DutyHours, ShiftKind, SwapRequest, SwapStatus
from frontdesk_tui.domain.errors import InputError, NotFound
from frontdesk_tui.domain.months import parse_month  # noqa: F401  (the one month parser, for the CLI)
from frontdesk_tui.domain.text import clean_line
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.site.on_duty import on_duty_for_day
from frontdesk_tui.services.uow import UnitOfWork

#: Roles that may be on the roster: those who may sign the duty side of a handover (R-HO-4).
DUTY_ROLES = (Role.DUTY_OFFICER, Role.ASSISTANT, Role.DIRECTOR)


def hours(site: Site) -> DutyHours:
    return DutyHours.from_settings(site.settings)


@dataclass(frozen=True)
class RosterDayView:
    day: date
    officer_id: int | None
    officer: str | None
    working_day: bool
    start: datetime
    end: datetime

    def to_json(self, tz: tzinfo | None = None) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "officer": self.officer,
            "working_day": self.working_day,
            "start": self.start.isoformat(timespec="minutes"),
            "end": self.end.isoformat(timespec="minutes"),
        }


@dataclass(frozen=True)
class SwapView:
    id: int
    day: date
    other_day: date | None
    officer: str
    substitute: str
    requested_by: str
    requested_at: datetime
    status: str
    decided_by: str | None
    reason: str

    def to_json(self, tz: tzinfo | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.day.isoformat(),
            "other_date": self.other_day.isoformat() if self.other_day else None,
            "officer": self.officer,
            "substitute": self.substitute,
            "requested_by": self.requested_by,
            "requested_at": (self.requested_at.astimezone(tz) if tz else self.requested_at).isoformat(
                timespec="seconds"
            ),
            "status": self.status,
            "decided_by": self.decided_by,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class RosterMonth:
    """A month of the roster, with the swaps asked for in it; ``late`` (R-DU-1) when just set late."""

    year: int
    month: int
    days: tuple[RosterDayView, ...]
    swaps: tuple[SwapView, ...] = ()
    late: bool = False

    @property
    def complete(self) -> bool:
        return all(d.officer_id is not None for d in self.days)

    def to_json(self, tz: tzinfo | None = None) -> dict[str, Any]:
        return {
            "month": f"{self.year}-{self.month:02d}",
            "late": self.late,
            "days": [d.to_json(tz) for d in self.days],
            "swaps": [s.to_json(tz) for s in self.swaps],
        }


@dataclass(frozen=True)
class DutyNow:
    """Who is on duty now and next (R-DU-2); ``on_duty`` is None while the day desk works."""

    shift_kind: ShiftKind
    shift_start: datetime
    shift_end: datetime
    duty_day: date | None
    on_duty: Actor | None
    next_day: date
    next_officer: Actor | None
    on_duty_label: str = ""
    """R-DU-5: who acts now as the roster has it, "孙伟 (for 赵强)" with a stand-in; "" by day."""
    next_label: str = ""
    """The same for the next duty shift."""

    def to_json(self, tz: tzinfo | None = None) -> dict[str, Any]:
        return {
            "shift": str(self.shift_kind),
            "shift_start": self.shift_start.isoformat(timespec="minutes"),
            "shift_end": self.shift_end.isoformat(timespec="minutes"),
            "duty_date": self.duty_day.isoformat() if self.duty_day else None,
            "on_duty": self.on_duty.name if self.on_duty else None,
            "next_date": self.next_day.isoformat(),
            "next_officer": self.next_officer.name if self.next_officer else None,
        }


# --- reading ---------------------------------------------------------------------------------


def _actor(row: Operator) -> Actor:
    assert row.id is not None
    return Actor(row.id, row.name, Role(row.role), row.department)


def _names(session: Session) -> dict[int, str]:
    return {i: n for i, n in session.exec(select(Operator.id, Operator.name))}  # type: ignore[misc]


def _month_rows(session: Session, year: int, month: int) -> dict[date, int]:
    first, last = date(year, month, 1), date(year, month, _calendar.monthrange(year, month)[1])
    rows = session.exec(select(RosterDay).where(RosterDay.day >= first, RosterDay.day <= last))
    return {r.day: r.officer_id for r in rows}


def _swap_view(row: RosterSwap, names: Mapping[int, str]) -> SwapView:
    assert row.id is not None
    return SwapView(
        row.id,
        row.day,
        row.other_day,
        names.get(row.officer_id, "?"),
        names.get(row.substitute_id, "?"),
        names.get(row.requested_by, "?"),
        row.requested_at,
        row.status,
        names.get(row.decided_by) if row.decided_by else None,
        row.reason,
    )


def _month_view(site: Site, session: Session, year: int, month: int, *, late: bool = False) -> RosterMonth:
    names = _names(session)
    officers = _month_rows(session, year, month)
    h = hours(site)
    days = []
    for number in range(1, _calendar.monthrange(year, month)[1] + 1):
        day = date(year, month, number)
        start, end = duty.shift_for(day, site.calendar, h, site.tz)
        officer_id = officers.get(day)
        days.append(
            RosterDayView(
                day,
                officer_id,
                names.get(officer_id) if officer_id else None,
                site.calendar.is_working_day(day),
                start,
                end,
            )
        )
    first, last = days[0].day, days[-1].day
    swaps = session.exec(
        select(RosterSwap).where(RosterSwap.day >= first, RosterSwap.day <= last).order_by(RosterSwap.id)  # type: ignore[arg-type]
    )
    return RosterMonth(year, month, tuple(days), tuple(_swap_view(s, names) for s in swaps), late)


def show_roster(site: Site, year: int, month: int) -> RosterMonth:
    """The month as it stands (days nobody is on yet have ``officer`` None)."""
    with UnitOfWork(site.db, write=False) as uow:
        return _month_view(site, uow.session, year, month)


def _officer_for(session: Session, day: date) -> Actor | None:
    """R-DU-5: the one who acts as the officer on duty of ``day``: the stand-in, else the rostered."""
    acting = on_duty_for_day(session, day).acting
    operator = session.get(Operator, acting.id) if acting is not None else None
    return _actor(operator) if operator else None


@dataclass(frozen=True)
class StandInView:
    """R-DU-5: a stand-in recorded for a roster day; the record shows both officers."""

    day: date
    officer: str
    rostered: str | None
    reason: str
    recorded_by: str

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "officer": self.officer,
            "rostered": self.rostered,
            "reason": self.reason,
            "recorded_by": self.recorded_by,
        }


def record_stand_in(
    site: Site, actor: Actor, day: date, officer: str, reason: str, *, now: datetime
) -> StandInView:
    """R-DU-5: an assistant or the director records who stands in for the rostered officer of
    ``day``, with the reason; the stand-in then acts as the officer on duty of that day."""
    text = clean_line(reason)
    with UnitOfWork(site.db) as uow:
        s = uow.session
        row = s.exec(select(Operator).where(Operator.name == officer.strip())).first()
        if row is None or not row.active:
            raise NotFound("officer", _("no active operator named {name}").format(name=officer))
        rostered = on_duty_for_day(s, day).rostered
        on_duty.check_stand_in(actor, _actor(row), rostered, text)
        s.add(
            RosterStandIn(
                day=day,
                officer_id=row.id,
                rostered_id=rostered.id if rostered else None,
                reason=text,
                recorded_by=actor.id,
                recorded_at=now,
            )
        )
        view = StandInView(day, row.name, rostered.name if rostered else None, text, actor.name)
        uow.commit()
    return view


def officer_on_duty(site: Site, now: datetime) -> Actor | None:
    """R-DU-2: the duty officer whose shift covers ``now``; None while the day desk works or when the
    roster names nobody (escalation then reaches the managers only)."""
    day = duty.duty_date_for(now, site.tz, site.calendar, hours(site))
    if day is None:
        return None
    with UnitOfWork(site.db, write=False) as uow:
        return _officer_for(uow.session, day)


def officer_next(site: Site, now: datetime) -> Actor | None:
    """R-DU-2: the officer of the next duty shift to start after ``now``."""
    day = duty.next_duty_date(now, site.tz, site.calendar, hours(site))
    with UnitOfWork(site.db, write=False) as uow:
        return _officer_for(uow.session, day)


def duty_now(site: Site, now: datetime) -> DutyNow:
    h = hours(site)
    shift = duty.shift_at(now, site.tz, site.calendar, h)
    next_day = duty.next_duty_date(now, site.tz, site.calendar, h)
    with UnitOfWork(site.db, write=False) as uow:
        on_duty = _officer_for(uow.session, shift.day) if shift.kind is ShiftKind.DUTY else None
        label = on_duty_for_day(uow.session, shift.day).label if shift.kind is ShiftKind.DUTY else ""
        return DutyNow(
            shift.kind,
            shift.start,
            shift.end,
            shift.day if shift.kind is ShiftKind.DUTY else None,
            on_duty,
            next_day,
            _officer_for(uow.session, next_day),
            on_duty_label=label,
            next_label=on_duty_for_day(uow.session, next_day).label,
        )


# --- setting the roster ----------------------------------------------------------------------


def _operator_id(session: Session, who: int | str, field: str) -> int:
    if isinstance(who, int):
        return who
    name = clean_line(who)
    row = session.exec(select(Operator).where(Operator.name == name)).first()
    if row is None or row.id is None:
        raise NotFound(field, _("no operator named {name}").format(name=name))
    return row.id


def _eligible(session: Session) -> set[int]:
    rows = session.exec(
        select(Operator.id).where(Operator.active == True, Operator.role.in_([r.value for r in DUTY_ROLES]))  # type: ignore[attr-defined]  # noqa: E712
    )
    return {i for i in rows if i is not None}


def set_roster(
    site: Site, actor: Actor, year: int, month: int, entries: Mapping[date, int | str], *, now: datetime
) -> RosterMonth:
    """R-DU-1: set (or change) the roster of this or next month; ``entries`` may name only some days,
    the others keep who is on them. Every day from today on must end up with an eligible officer.
    A roster for the month already running is accepted but ``late``.
    """
    permissions.require(actor, "roster.set")
    today = now.astimezone(site.tz).date()
    with UnitOfWork(site.db) as uow:
        s = uow.session
        given = {day: _operator_id(s, who, day.isoformat()) for day, who in entries.items()}
        existing = _month_rows(s, year, month)
        full = {**existing, **given}
        errors = duty.validate_roster((year, month), full, _eligible(s), today, existing)
        if errors:
            raise InputError(
                errors[0].field if len(errors) == 1 else "roster",
                "; ".join(f"{e.field}: {e.reason}" if len(errors) > 1 else e.reason for e in errors),
            )
        for day, officer_id in sorted(given.items()):
            if day < today or existing.get(day) == officer_id:
                continue
            row = s.get(RosterDay, day)
            if row is None:
                row = RosterDay(day=day, officer_id=officer_id, set_by=actor.id, set_at=now)
            else:
                row.officer_id, row.set_by, row.set_at = officer_id, actor.id, now
            s.add(row)
        s.flush()
        view = _month_view(site, s, year, month, late=duty.roster_is_late((year, month), today))
        uow.commit()
    return view


# --- swaps -----------------------------------------------------------------------------------


def _domain_swap(row: RosterSwap) -> SwapRequest:
    return SwapRequest(
        row.day,
        row.officer_id,
        row.substitute_id,
        row.requested_by,
        row.other_day,
        SwapStatus(row.status),
        row.decided_by,
        row.reason,
    )


def _roster_for(session: Session, *days: date | None) -> dict[date, int]:
    result = {}
    for day in days:
        if day is not None:
            row = session.get(RosterDay, day)
            if row is not None:
                result[day] = row.officer_id
    return result


def request_swap(
    site: Site,
    actor: Actor,
    day: date,
    substitute: int | str,
    *,
    now: datetime,
    other_day: date | None = None,
) -> SwapView:
    """R-DU-1: ask that ``substitute`` takes ``day`` (or that the two exchange ``day`` and
    ``other_day``); nothing changes until an assistant or director approves."""
    today = now.astimezone(site.tz).date()
    with UnitOfWork(site.db) as uow:
        s = uow.session
        substitute_id = _operator_id(s, substitute, "with")
        if substitute_id not in _eligible(s):
            raise InputError("with", _("operator {id} cannot take a duty shift").format(id=substitute_id))
        request = duty.request_swap(
            _roster_for(s, day, other_day), actor, day, substitute_id, today, other_day
        )
        row = RosterSwap(
            day=request.day,
            other_day=request.other_day,
            officer_id=request.officer_id,
            substitute_id=request.substitute_id,
            requested_by=request.requested_by,
            requested_at=now,
            status=str(request.status),
        )
        s.add(row)
        s.flush()
        view = _swap_view(row, _names(s))
        uow.commit()
    return view


def pending_swaps(site: Site, day: date | None = None) -> list[SwapView]:
    with UnitOfWork(site.db, write=False) as uow:
        query = select(RosterSwap).where(RosterSwap.status == SwapStatus.REQUESTED.value)
        if day is not None:
            query = query.where(RosterSwap.day == day)
        names = _names(uow.session)
        return [_swap_view(r, names) for r in uow.session.exec(query.order_by(RosterSwap.id))]  # type: ignore[arg-type]


def decide_swap(
    site: Site, actor: Actor, swap_id: int, approve: bool, *, now: datetime, reason: str = ""
) -> SwapView:
    """R-DU-1: an assistant or director approves (the roster changes) or refuses (with a reason)."""
    permissions.require(actor, "roster.approve_swap")
    today = now.astimezone(site.tz).date()
    with UnitOfWork(site.db) as uow:
        s = uow.session
        row = s.get(RosterSwap, swap_id)
        if row is None:
            raise NotFound("swap", _("no swap request {id}").format(id=swap_id))
        request = _domain_swap(row)
        roster = _roster_for(s, row.day, row.other_day)
        decided = duty.decide_swap(request, actor, approve, roster, today, clean_line(reason))
        row.status, row.decided_by, row.decided_at, row.reason = (
            str(decided.status),
            decided.decided_by,
            now,
            decided.reason,
        )
        s.add(row)
        if decided.status is SwapStatus.APPROVED:
            for day, officer_id in duty.apply_swaps(roster, [decided]).items():
                day_row = s.get(RosterDay, day)
                assert day_row is not None
                if day_row.officer_id != officer_id:
                    day_row.officer_id, day_row.set_by, day_row.set_at = officer_id, actor.id, now
                    s.add(day_row)
        s.flush()
        view = _swap_view(row, _names(s))
        uow.commit()
    return view


# --- the printable month view (laid out like the paper 值班安排表) ----------------------------


def _columns(month: RosterMonth) -> list[list[RosterDayView | None]]:
    """Three column pairs as on the paper form: days 1-11, 12-22, 23-31."""
    rows: list[list[RosterDayView | None]] = []
    for r in range(11):
        row: list[RosterDayView | None] = []
        for c in range(3):
            index = c * 11 + r
            row.append(month.days[index] if index < len(month.days) else None)
        rows.append(row)
    return rows


def _width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _legend(duty_hours: DutyHours) -> str:
    return _("* holiday: 24-hour duty from {end}; other days {start} to {end} next day").format(
        start=duty_hours.start.strftime("%H:%M"), end=duty_hours.end.strftime("%H:%M")
    )


def render_text(
    month: RosterMonth,
    *,
    site_name: str,
    made_on: date | None = None,
    duty_hours: DutyHours = duty.DEFAULT_DUTY_HOURS,
) -> str:
    """The month as plain text for printing: three 日期/值班人 column pairs, a holiday mark (24 h
    duty) and the assistant's signature line."""
    date_w, name_w = 6, 10
    title = _("Customer service centre duty roster")
    header = [
        site_name,
        title,
        _("Department: property    {year}-{month:02d}    NO: ______").format(
            year=month.year, month=month.month
        ),
        "",
    ]
    cells = [_pad(_("Date"), date_w) + _pad(_("On duty"), name_w)] * 3
    sep = "+" + "+".join(["-" * (date_w + name_w + 2)] * 3) + "+"
    lines = [*header, sep, "| " + " | ".join(cells) + " |", sep]
    for row in _columns(month):
        parts = []
        for day in row:
            if day is None:
                parts.append(" " * (date_w + name_w))
                continue
            mark = "*" if not day.working_day else " "
            parts.append(_pad(f"{day.day.day:>2}{mark}", date_w) + _pad(day.officer or "—", name_w))
        lines.append("| " + " | ".join(parts) + " |")
    lines.append(sep)
    lines.append(_legend(duty_hours))
    lines.append("")
    lines.append(
        _("Assistant's signature: __________    Made on: {day}").format(
            day=made_on.isoformat() if made_on else "__________"
        )
    )
    return "\n".join(lines) + "\n"


def render_html(
    month: RosterMonth,
    *,
    site_name: str,
    made_on: date | None = None,
    duty_hours: DutyHours = duty.DEFAULT_DUTY_HOURS,
) -> str:
    """The month as a printable HTML page (A4), same layout as :func:`render_text`."""
    e = html.escape
    rows = []
    for row in _columns(month):
        cells = []
        for day in row:
            if day is None:
                cells.append("<td></td><td></td>")
                continue
            cls = ' class="holiday"' if not day.working_day else ""
            mark = "*" if not day.working_day else ""
            cells.append(f"<td{cls}>{day.day.day}{mark}</td><td{cls}>{e(day.officer or '—')}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    # Strings to translate stay outside the f-strings: Babel's extractor does not read inside them
    # on Python 3.11.
    date_head, duty_head = e(_("Date")), e(_("On duty"))
    head = "".join(f"<th>{date_head}</th><th>{duty_head}</th>" for _i in range(3))
    title = e(_("Customer service centre duty roster"))
    department = e(_("Department: property"))
    signature, made = e(_("Assistant's signature:")), e(_("Made on:"))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title} {month.year}-{month.month:02d}</title>
<style>
body {{ font-family: sans-serif; margin: 2cm; }}
h1, h2 {{ text-align: center; margin: 0.2em; }}
table {{ border-collapse: collapse; width: 100%; margin-top: 1em; }}
th, td {{ border: 1px solid #000; padding: 0.3em 0.6em; text-align: center; }}
td.holiday {{ font-weight: bold; }}
.meta {{ display: flex; justify-content: space-between; margin-top: 1em; }}
@page {{ size: A4; }}
</style></head><body>
<h2>{e(site_name)}</h2>
<h1>{title}</h1>
<div class="meta"><span>{department}</span><span>{month.year}-{month.month:02d}</span><span>NO: ______</span></div>
<table><thead><tr>{head}</tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table>
<p>{e(_legend(duty_hours))}</p>
<div class="meta"><span>{signature} __________</span><span>{made} {e(made_on.isoformat() if made_on else "__________")}</span></div>
</body></html>
"""
