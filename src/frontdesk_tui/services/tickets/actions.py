"""Ticket actions: one lifecycle step per call (R-LC-1…6, R-SV-1…5, R-DL-3/7, R-IN-6/8, R-EM-2/3).

``act`` loads the ticket and its timeline, asks :func:`frontdesk_tui.domain.lifecycle.check_action`
(through ``permissions.require``) whether this operator may take the action now, checks the
fields the action records, applies its effects, writes the timeline event (operator, time, note and
the fields as JSON) and bumps the version (R-RO-3) — all in one transaction, so a refusal or a bad
field leaves nothing behind.

Decisions (design):

* ``assess`` and ``assign`` default the department to the ticket's current one (the R-IN-5 default
  given at intake); the assigner may change it. ``working_days`` (1-15) sets a complex ticket's
  deadline (R-DL-3); the deadline is recomputed from the start of the current deadline.
* ``extend`` on a ticket that is not complex makes it complex: a deadline set case by case is
  what R-DL-3 calls complex. The extension starts a new deadline (R-DL-6: it escalates anew), so
  ``deadline_started_at`` moves to now and ``working_days`` counts from there; the 15-day limit
  counts from receipt or the last reopening. An emergency's first deadline is its under-control
  clock and is not extended (R-EM-2).
* ``report`` on a paused ticket resumes it first (its deadline moves by the paused time), since
  the clock stops at the report anyway (R-DL-3a).
* ``under-control`` also stamps ``on-site`` when nobody recorded it: a team controlling the
  situation is on site.
* A dissatisfied follow-up (R-LC-5) flags the ticket and reaches the inbox of the assistants who
  cover its department (all assistants when none does).
* ``working_days`` on the ticket row is the number of working days from the local day of
  ``deadline_started_at`` to ``due_at`` for deadlines counted in working days (pauses included),
  and ``None`` for 24-hour and emergency deadlines; it is what a holiday-file change recomputes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from frontdesk_tui.data.tables import Department, InboxItem, Operator
from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.data.versioning import bump
from frontdesk_tui.domain import deadlines, lifecycle
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import OPEN_STATUSES, Action, Complexity, Role, Satisfaction
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError, StaleError
from frontdesk_tui.domain.escalation import follow_up_due_at
from frontdesk_tui.domain.text import clean_line, clean_text
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.tickets.queries import (
    RECOMPUTE,
    TicketView,
    add_event,
    build_view,
    get_row,
    off_duty,
    ticket_state,
)
from frontdesk_tui.services.uow import UnitOfWork

#: Fields that hold free text (cleaned like owner text, multi-line allowed).
_TEXT_FIELDS = ("note", "reason", "cause", "improvement", "requirements", "responsibility", "called")
#: Fields that are one-line codes or names.
_LINE_FIELDS = ("complexity", "severity", "department", "how_told", "satisfaction")
_KNOWN_FIELDS = frozenset({*_TEXT_FIELDS, *_LINE_FIELDS, "handler", "working_days", "owner_told", "corrects"})


# --- fields -----------------------------------------------------------------------------------


def _normalise(action: Action, fields: Mapping[str, Any], ticket: Ticket) -> dict[str, Any]:
    """The fields cleaned and typed; unknown names are refused (the form or flag is wrong)."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in _KNOWN_FIELDS:
            raise InputError(
                name, _("“{action}” takes no field {field}").format(action=action.value, field=name)
            )
        if value is None:
            continue
        if name in _TEXT_FIELDS:
            value = clean_text(str(value))
        elif name in _LINE_FIELDS:
            value = clean_line(str(value))
        elif name == "working_days" or name == "corrects":
            value = _int(name, value)
        elif name == "owner_told":
            value = bool(value)
        elif name == "handler" and isinstance(value, str):
            value = clean_line(value)
        if value == "":
            continue
        out[name] = value
    if action in (Action.ASSESS, Action.ASSIGN) and "department" not in out:
        out["department"] = ticket.department  # the R-IN-5 default, which the assigner may change
    return out


def _int(name: str, value: Any) -> int:
    if isinstance(value, bool):
        raise InputError(name, _("a whole number"))
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InputError(name, _("a whole number")) from None


def _department(session: Session, code: str) -> str:
    if session.get(Department, code) is None:
        codes = ", ".join(session.exec(select(Department.code).order_by(Department.code)))
        raise InputError(
            "department", _("unknown department {d} (one of {codes})").format(d=code, codes=codes)
        )
    return code


def _handler(session: Session, value: Any, department: str) -> Operator:
    """The handler named (or given by id): active, and of the ticket's department."""
    if isinstance(value, int):
        row = session.get(Operator, value)
    else:
        row = session.exec(select(Operator).where(Operator.name == str(value))).first()
    if row is None:
        raise InputError("handler", _("no operator named {name}").format(name=value))
    if not row.active:
        raise InputError("handler", _("{name} is disabled").format(name=row.name))
    if row.department != department:
        raise InputError(
            "handler",
            _("{name} is not in the department {department}").format(name=row.name, department=department),
        )
    return row


def _stale(session: Session, ticket: Ticket, tz: Any) -> StaleError:
    at = ticket.updated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    # An R-SV-5 upgrade moves the version with no person behind it (``updated_by`` keeps the last
    # operator): when the newest change is an automatic event, the refusal names the scan.
    automatic = session.exec(
        select(TicketEvent.id).where(
            TicketEvent.ticket_id == ticket.id,
            TicketEvent.operator_id == None,  # noqa: E711
            TicketEvent.at == ticket.updated_at,
        )
    ).first()
    if automatic is not None:
        return StaleError(by=_("the automatic upgrade (R-SV-5)"), at=at)
    who = session.get(Operator, ticket.updated_by)
    return StaleError(by=who.name if who else "?", at=at)


# --- deadlines --------------------------------------------------------------------------------


def working_day_due(start: datetime, n: int, site: Site) -> datetime:
    """R-DL-3a: 23:59:59 local on the ``n``-th working day after the local day of ``start`` (UTC)."""
    day = site.calendar.add_working_days(start.astimezone(site.tz).date(), n)
    return datetime.combine(day, deadlines.END_OF_DAY, tzinfo=site.tz).astimezone(UTC)


def _deadline(
    site: Site, start: datetime, complexity: Complexity | None, working_days: int | None
) -> tuple[datetime, int | None]:
    """(due, working days) of a non-emergency deadline starting at ``start``."""
    if complexity == Complexity.MODERATE:
        n = deadlines.MODERATE_WORKING_DAYS
    elif complexity == Complexity.COMPLEX:
        n = deadlines.COMPLEX_MAX_WORKING_DAYS if working_days is None else working_days
    else:
        due = deadlines.due_at(start, complexity, emergency=False, tz=site.tz, calendar=site.calendar)
        return due, None
    due = deadlines.due_at(
        start, complexity, emergency=False, tz=site.tz, calendar=site.calendar, working_days=n
    )
    return due, n


def _emergency_clock_is_deadline(ticket: Ticket) -> bool:
    return bool(ticket.emergency) and ticket.deadline_started_at <= ticket.received_at


def _resume_values(site: Site, ticket: Ticket, now: datetime) -> dict[str, Any]:
    """R-DL-7: the deadline moves by the paused time, in the deadline's own unit."""
    assert ticket.paused_at is not None
    working = ticket.working_days is not None
    complexity = Complexity(ticket.complexity) if working and ticket.complexity else None
    new_due = deadlines.resume_shift(
        ticket.due_at,
        ticket.paused_at,
        now,
        complexity,
        site.tz,
        site.calendar,
        deadline_start=ticket.deadline_started_at,
    )
    values: dict[str, Any] = {"paused_at": None, "due_at": new_due}
    if working:
        values["working_days"] = site.calendar.working_days_between(
            ticket.deadline_started_at.astimezone(site.tz).date(), new_due.astimezone(site.tz).date()
        )
    return values


def _extension_base(session: Session, ticket: Ticket) -> datetime:
    """Receipt, or the last reopening: what the 15 working days of R-DL-3 count from."""
    last = session.exec(
        select(TicketEvent.at)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == Action.REOPEN.value)
        .order_by(TicketEvent.at.desc())  # type: ignore[attr-defined]
        .limit(1)
    ).first()
    return last if last is not None else ticket.received_at


# --- effects ----------------------------------------------------------------------------------


@dataclass
class _Effect:
    values: dict[str, Any]
    data: dict[str, Any]
    note: str = ""
    corrects_id: int | None = None


def _effects(
    session: Session,
    site: Site,
    actor: Actor,
    ticket: Ticket,
    action: Action,
    fields: dict[str, Any],
    now: datetime,
) -> _Effect:
    tz = site.tz
    values: dict[str, Any] = {}
    data: dict[str, Any] = {k: v for k, v in fields.items() if k not in ("note",)}
    note = str(fields.get("note", ""))

    def stamp(value: datetime) -> str:
        return value.astimezone(tz).isoformat(timespec="seconds")

    if action in (Action.ASSESS, Action.ASSIGN, Action.REASSIGN):
        department = _department(session, fields["department"])
        values["department"] = department
        if action == Action.ASSESS:
            complexity = Complexity(fields["complexity"])
            values["complexity"] = complexity.value
            values["severity"] = fields["severity"]  # R-SV-1…3: set at assessment
        else:
            complexity = Complexity(ticket.complexity) if ticket.complexity else None
        if "handler" in fields:
            handler = _handler(session, fields["handler"], department)
            values["handler_id"] = handler.id
            data["handler"] = handler.name
        elif department != ticket.department:
            values["handler_id"] = None  # the old handler was of another department
        wd = fields.get("working_days")
        if wd is not None and complexity != Complexity.COMPLEX:
            raise InputError(
                "working_days", _("only a complex ticket's deadline is set in working days (R-DL-3)")
            )
        if (action == Action.ASSESS or wd is not None) and not _emergency_clock_is_deadline(ticket):
            due, n = _deadline(site, ticket.deadline_started_at, complexity, wd)
            values["due_at"], values["working_days"] = due, n
            data["due_at"] = stamp(due)
    elif action == Action.ANSWER:  # R-IN-6: closed at the desk with the explanation
        values.update(reported_at=now, closed_at=now)
    elif action == Action.REPORT:  # R-DL-3a: the clock stops
        if ticket.paused_at is not None:
            resumed = _resume_values(site, ticket, now)
            values.update(resumed)
            data["resumed"] = True
            data["due_at"] = stamp(resumed["due_at"])
        values["reported_at"] = now
        values["last_update_at"] = now
    elif action in (Action.CONFIRM, Action.CLOSE_UNREACHABLE):
        follow = follow_up_due_at(now, tz, site.calendar, site.settings.follow_up_working_days)
        values.update(closed_at=now, follow_up_due_at=follow, follow_up_done=False, follow_up_flagged=False)
        data["follow_up_due_at"] = stamp(follow)
        if action == Action.CLOSE_UNREACHABLE:
            state = ticket_state(session, site, ticket, now)
            data["contact_attempts"] = state.contact_attempts
            data["working_days_covered"] = state.contact_span_working_days
    elif action == Action.REOPEN:  # R-DL-7: a fresh deadline from the reopening
        note = note or str(fields.get("reason", ""))
        complexity = Complexity(ticket.complexity) if ticket.complexity else None
        wd = min(ticket.working_days, deadlines.COMPLEX_MAX_WORKING_DAYS) if ticket.working_days else None
        due, n = _deadline(site, now, complexity, wd if complexity == Complexity.COMPLEX else None)
        values.update(
            due_at=due,
            working_days=n,
            deadline_started_at=now,
            reported_at=None,
            closed_at=None,
            paused_at=None,
            follow_up_due_at=None,
            follow_up_done=False,
            follow_up_flagged=False,
        )
        data["due_at"] = stamp(due)
    elif action == Action.FOLLOW_UP:  # R-LC-5
        dissatisfied = fields["satisfaction"] == Satisfaction.DISSATISFIED.value
        values.update(follow_up_done=True, follow_up_flagged=dissatisfied)
        if dissatisfied:
            message = _(
                "Ticket {id}: the owner was dissatisfied at the follow-up visit; reopen it or record why not"
            ).format(id=ticket.id)
            tell_assistants(session, ticket, now, kind="follow_up_dissatisfied", message=message)
    elif action in (Action.WITHDRAW, Action.INVALIDATE):
        note = note or str(fields.get("reason", ""))
    elif action == Action.ESCALATE:  # R-IN-8: who was called, and when (the event's time)
        values["escalated"] = True
        note = note or _("called {name}").format(name=fields["called"])
    elif action in (Action.CONTACT, Action.NOTE):  # R-LC-4: the owner heard from us
        values["last_update_at"] = now
    elif action == Action.EXTEND:  # R-DL-3
        if _emergency_clock_is_deadline(ticket):
            raise RuleError(
                "R-EM-2", _("An emergency's deadline is its under-control clock; it is not extended.")
            )
        if "working_days" not in fields:
            raise InputError("working_days", _("the new total of working days (at most 15)"))
        base = _extension_base(session, ticket)
        new_due = deadlines.extend(
            ticket.due_at, base, new_working_days=fields["working_days"], tz=tz, calendar=site.calendar
        )
        if ticket.complexity != Complexity.COMPLEX.value:
            data["complexity_from"] = ticket.complexity
            values["complexity"] = Complexity.COMPLEX.value
        values.update(
            due_at=new_due,
            deadline_started_at=now,
            working_days=site.calendar.working_days_between(
                now.astimezone(tz).date(), new_due.astimezone(tz).date()
            ),
        )
        data.update(due_from=stamp(ticket.due_at), due_at=stamp(new_due))
        note = note or str(fields["reason"])
    elif action == Action.PAUSE:  # R-DL-7
        values["paused_at"] = now
        note = note or str(fields["reason"])
    elif action == Action.RESUME:
        resumed = _resume_values(site, ticket, now)
        values.update(resumed)
        data.update(due_from=stamp(ticket.due_at), due_at=stamp(resumed["due_at"]))
    elif action == Action.ON_SITE:  # R-EM-2
        if ticket.on_site_at is not None:
            raise RuleError(
                "R-EM-2", _("On site was recorded at {time}.").format(time=stamp(ticket.on_site_at))
            )
        values["on_site_at"] = now
    elif action == Action.UNDER_CONTROL:
        if ticket.under_control_at is not None:
            raise RuleError(
                "R-EM-2",
                _("Under control was recorded at {time}.").format(time=stamp(ticket.under_control_at)),
            )
        values["under_control_at"] = now
        if ticket.on_site_at is None:
            values["on_site_at"] = now
    elif action == Action.SUMMARY:  # R-EM-3, R-LC-6
        values["has_summary"] = True
    elif action == Action.CORRECT:  # R-LC-3: a new event pointing at the one it corrects
        return _Effect(values, {k: v for k, v in data.items() if k != "corrects"}, note, fields["corrects"])
    return _Effect(values, data, note)


def tell_assistants(session: Session, ticket: Ticket, now: datetime, *, kind: str, message: str) -> None:
    """R-LC-5: a follow-up the assistant must act on (the owner dissatisfied, the problem back)
    reaches the active assistants who cover the ticket's department, or all of them when none does."""
    rows = session.exec(
        select(Operator.id, Operator.department).where(
            Operator.role == Role.ASSISTANT.value,
            Operator.active == True,  # noqa: E712
        )
    ).all()
    covering = [op for op, dept in rows if dept is None or dept == ticket.department] or [
        op for op, _d in rows
    ]
    for op_id in covering:
        session.add(
            InboxItem(
                operator_id=op_id,
                created_at=now,
                kind=kind,
                rule="R-LC-5",
                ref_type="ticket",
                ref_id=ticket.id,
                message=message,
            )
        )


# --- the service ------------------------------------------------------------------------------


def act_in(
    session: Session,
    site: Site,
    actor: Actor,
    ticket_id: int,
    action: Action | str,
    fields: Mapping[str, Any] | None = None,
    *,
    now: datetime,
    expected_version: int | None = None,
) -> Ticket:
    """:func:`act` inside the caller's transaction; returns the updated row."""
    try:
        action = Action(action)
    except ValueError:
        raise InputError(
            "action",
            _("unknown action “{action}”; one of: {actions}").format(
                action=action, actions=", ".join(a.value for a in Action)
            ),
        ) from None
    ticket = get_row(session, ticket_id)
    if expected_version is not None and ticket.version != expected_version:
        raise _stale(session, ticket, site.tz)  # R-RO-3
    clean = _normalise(action, fields or {}, ticket)
    author_id = None
    if action == Action.CORRECT:
        target_id = clean.get("corrects")
        target = session.get(TicketEvent, target_id) if target_id is not None else None
        if target_id is not None and (target is None or target.ticket_id != ticket_id):
            raise NotFound(
                "corrects", _("ticket {id} has no event {event}").format(id=ticket_id, event=target_id)
            )
        author_id = target.operator_id if target is not None else None
        if target is not None and author_id is None:
            author_id = -1  # an automatic escalation has no author: only an assistant corrects it
    state = ticket_state(session, site, ticket, now)
    # R-RO-1, R-LC-1…6: the lifecycle decides (the same check ``permissions.require`` makes).
    target_status = lifecycle.check_action(
        actor, state, action, off_duty=off_duty(site, now), event_author_id=author_id
    )
    lifecycle.validate_action_fields(action, clean)
    effect = _effects(session, site, actor, ticket, action, clean, now)
    add_event(
        session,
        ticket_id,
        action.value,
        at=now,
        operator_id=actor.id,
        note=effect.note,
        data=effect.data,
        corrects_id=effect.corrects_id,
    )
    values = dict(effect.values)
    if target_status.value != ticket.status:
        values["status"] = target_status.value
    # The conditional UPDATE (R-RO-3) also refreshes ``ticket`` in the session (synchronize "fetch").
    bump(session, Ticket, ticket_id, ticket.version, operator_id=actor.id, now=now, tz=site.tz, **values)
    return ticket


def act(
    site: Site,
    actor: Actor,
    ticket_id: int,
    action: Action | str,
    fields: Mapping[str, Any] | None = None,
    *,
    now: datetime,
    expected_version: int | None = None,
) -> TicketView:
    """Take one lifecycle action on a ticket and return it as ``actor`` now sees it.

    ``fields`` are the action's fields (:data:`frontdesk_tui.domain.lifecycle.REQUIRED_FIELDS`
    and the optional ones: ``handler`` (name or id), ``working_days``, ``requirements``,
    ``responsibility``). ``expected_version`` is the version the screen showed (None: the current
    row). Raises RuleError (R-LC-1 with what this operator may do from here, R-RO-1, R-RO-3 …),
    InputError naming the field, or NotFound.
    """
    with UnitOfWork(site.db) as uow:
        ticket = act_in(
            uow.session, site, actor, ticket_id, action, fields, now=now, expected_version=expected_version
        )
        view = build_view(uow.session, site, actor, ticket, now=now)
        uow.commit()
        return view


# --- R-DL-7: the holiday file changed -----------------------------------------------------------


def recompute_open_deadlines(site: Site, *, now: datetime, actor: Actor | None = None) -> int:
    """Recompute the working-day deadlines of open, running (not paused, not reported) tickets from
    the start of their deadline with the current calendar; returns how many moved (R-DL-7).

    With ``actor`` (the ``ticket recompute`` command) only an assistant or the director may run it;
    without, it is the app's automatic run after the holiday file changed. Each move is a
    ``recompute`` event naming R-DL-7.
    """
    if actor is not None and actor.role not in (Role.ASSISTANT, Role.DIRECTOR):
        raise RuleError("R-RO-1", _("Recomputing deadlines needs an assistant or the director."))
    moved = 0
    with UnitOfWork(site.db) as uow:
        s = uow.session
        rows = s.exec(
            select(
                Ticket.id, Ticket.version, Ticket.due_at, Ticket.deadline_started_at, Ticket.working_days
            ).where(
                Ticket.status.in_([st.value for st in OPEN_STATUSES]),  # type: ignore[attr-defined]
                Ticket.paused_at == None,  # noqa: E711
                Ticket.reported_at == None,  # noqa: E711
                Ticket.working_days != None,  # noqa: E711
            )
        ).all()
        for ticket_id, version, due, start, n in rows:
            new_due = working_day_due(start, n, site)
            if new_due == due:
                continue
            values: dict[str, Any] = {"due_at": new_due, "version": version + 1}
            if actor is not None:
                values.update(updated_at=now, updated_by=actor.id)
            result = s.execute(
                update(Ticket).where(Ticket.id == ticket_id, Ticket.version == version).values(**values)  # type: ignore[arg-type]
            )
            if result.rowcount != 1:  # a colleague wrote meanwhile; the next run takes it
                continue
            add_event(
                s,
                ticket_id,
                RECOMPUTE,
                at=now,
                operator_id=actor.id if actor else None,
                rule="R-DL-7",
                data={
                    "due_from": due.astimezone(site.tz).isoformat(timespec="seconds"),
                    "due_at": new_due.astimezone(site.tz).isoformat(timespec="seconds"),
                },
            )
            moved += 1
        uow.commit()
    return moved


__all__ = ["act", "act_in", "recompute_open_deadlines", "tell_assistants", "working_day_due"]
