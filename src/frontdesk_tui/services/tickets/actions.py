"""Ticket actions: one lifecycle step per call (R-LC-1…6, R-SV-1…5, R-DL-3/7, R-IN-6/8, R-EM-2/3).

``act`` loads the ticket and its timeline, asks :func:`frontdesk_tui.domain.tickets.lifecycle.check_action`
(through ``permissions.require``) whether this operator may take the action now, checks the
fields the action records, applies the effects the domain computes from the row and what only the
database knows (:func:`frontdesk_tui.domain.tickets.effects.effects`), writes the timeline event (operator,
time, note and the fields as JSON) and bumps the version (R-RO-3) — all in one transaction, so a
refusal or a bad field leaves nothing behind.

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
* ``escalate`` (R-IN-8, R-IN-8a) needs the owner's agreement (``owner_agreed``) and a supervisor
  as the one called (``domain.tickets.escalation.check_called``); ``taken_over`` is the supervisor taking
  it over themselves (the board's "t"): called is their own name and no agreement is claimed.
* ``revise-expected`` (R-EM-4) takes ``expected_at`` as a datetime or text in the site's time.
* Notices (issue 13; no rule of DOMAIN.md, so no rule id on the item): a step that names a new handler (``assign``, ``reassign``, also ``assess``) reaches that
  handler's inbox and tells the previous one the ticket moved; ``report`` reaches the operator who
  recorded the ticket. Written in the step's transaction (:func:`tell_people`), so a refused step
  tells nobody; nobody is told of their own step, nor a disabled operator.
* ``working_days`` on the ticket row is the number of working days from the local day of
  ``deadline_started_at`` to ``due_at`` for deadlines counted in working days (pauses included),
  and ``None`` for 24-hour and emergency deadlines; it is what a holiday-file change recomputes from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, update
from sqlmodel import Session, select

from frontdesk_tui.data.tables import Department, Operator
from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.data.versioning import bump
from frontdesk_tui.domain import deadlines, labels
from frontdesk_tui.domain.actors import Actor, automatic_label
from frontdesk_tui.domain.codes import DEPARTMENTS, OPEN_STATUSES, Action, Role, Status
from frontdesk_tui.domain.duty.on_duty import check_acts_on_duty
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError, StaleError
from frontdesk_tui.domain.text import clean_line, clean_text
from frontdesk_tui.domain.tickets import effects, lifecycle
from frontdesk_tui.domain.tickets.escalation import check_called, may_be_called
from frontdesk_tui.i18n import N_, Message, _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.site.inbox import REF_TICKET, InboxNotice, add_to_inbox
from frontdesk_tui.services.site.on_duty import on_duty_at
from frontdesk_tui.services.tickets.queries import (
    OFF_HOURS_ACTIONS,
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
#: Yes/no fields: the owner was told (R-DL-3, R-EM-4), agreed to the escalation (R-IN-8a), or a
#: supervisor took the ticket over themselves (R-IN-8a, the board's "take over").
_FLAG_FIELDS = ("owner_told", "owner_agreed", "taken_over")
_KNOWN_FIELDS = frozenset(
    {*_TEXT_FIELDS, *_LINE_FIELDS, *_FLAG_FIELDS, "handler", "working_days", "corrects", "expected_at"}
)


# --- fields -----------------------------------------------------------------------------------


def _normalise(action: Action, fields: Mapping[str, Any], ticket: Ticket, tz: Any) -> dict[str, Any]:
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
        elif name in _FLAG_FIELDS:
            value = bool(value)
        elif name == "expected_at":
            value = _time(name, value, tz)
        elif name == "handler" and isinstance(value, str):
            value = clean_line(value)
        if value == "":
            continue
        out[name] = value
    if action in (Action.ASSESS, Action.ASSIGN) and "department" not in out:
        out["department"] = ticket.department  # the R-IN-5 default, which the assigner may change
    return out


def _time(name: str, value: Any, tz: Any) -> datetime:
    """A time given as a datetime or as text (``2026-12-06 14:30``, ISO 8601); without an offset it
    is the site's local time (R-DL-5)."""
    if isinstance(value, str):
        text = clean_line(value)
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise InputError(name, _("a date and time, e.g. 2026-12-06 14:30")) from None
    if not isinstance(value, datetime):
        raise InputError(name, _("a date and time, e.g. 2026-12-06 14:30"))
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


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


def _may_handle(department: str) -> Any:
    """Who may handle a ticket of ``department``: an active operator of that department (R-IN-5)."""
    return and_(Operator.active == True, Operator.department == department)  # noqa: E712


def eligible_handlers(site: Site, departments: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The names ``assign``/``reassign``/``assess`` accept as handler, for each department: what the
    action form offers (the same condition :func:`act` checks)."""
    with UnitOfWork(site.db, write=False) as uow:
        return {
            department: tuple(
                uow.session.exec(select(Operator.name).where(_may_handle(department)).order_by(Operator.id))
            )
            for department in departments
        }


@dataclass(frozen=True)
class DeadlineTerms:
    """The deadline rules a form's hints quote (R-DL-1…3, R-LC-5), from the domain and the settings."""

    simple_hours: int
    moderate_working_days: int
    complex_max_working_days: int
    follow_up_working_days: int


def deadline_terms(site: Site) -> DeadlineTerms:
    return DeadlineTerms(
        simple_hours=deadlines.SIMPLE_HOURS,
        moderate_working_days=deadlines.MODERATE_WORKING_DAYS,
        complex_max_working_days=deadlines.COMPLEX_MAX_WORKING_DAYS,
        follow_up_working_days=site.settings.follow_up_working_days,
    )


def _handler(session: Session, value: Any, department: str) -> Operator:
    """The handler named (or given by id): active, and of the ticket's department (``_may_handle``)."""
    if isinstance(value, int):
        row = session.get(Operator, value)
    else:
        row = session.exec(select(Operator).where(Operator.name == str(value))).first()
    if row is None:
        raise InputError("handler", _("no operator named {name}").format(name=value))
    if not row.active:
        raise InputError("handler", _("{name} is disabled").format(name=row.name))
    if (
        session.exec(select(Operator.id).where(Operator.id == row.id, _may_handle(department))).first()
        is None
    ):
        raise InputError(
            "handler",
            _("{name} is not in the department {department}").format(name=row.name, department=department),
        )
    return row


def _check_called(session: Session, site: Site, actor: Actor, fields: dict[str, Any], now: datetime) -> None:
    """R-IN-8a: the person called is a supervisor (``domain.tickets.escalation.check_called``); one who
    takes a ticket over names themselves and must be a supervisor too."""
    name = fields["called"]
    if fields.get("taken_over") is True and name != actor.name:
        raise InputError("called", _("a supervisor takes a ticket over in their own name"))
    row = session.exec(select(Operator).where(Operator.name == name, Operator.active == True)).first()  # noqa: E712
    check_called(
        name,
        row.role if row is not None else None,
        row.id if row is not None else None,
        on_duty=on_duty_at(site, session, now),
    )
    fields["called"] = row.name if row is not None else name


def eligible_supervisors(site: Site, *, now: datetime) -> tuple[str, ...]:
    """The names ``escalate`` accepts as called now (R-IN-8a): what the escalate form offers, by
    the same rule :func:`act` checks. The officer on duty (off duty hours) first, then the
    assistants and the director."""
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        on_duty = on_duty_at(site, s, now)
        rows = s.exec(
            select(Operator.id, Operator.name, Operator.role)
            .where(Operator.active == True)  # noqa: E712
            .order_by(Operator.id)
        ).all()
        eligible = [(role != Role.DUTY_OFFICER.value, name) for op_id, name, role in rows
                    if may_be_called(role, op_id, on_duty=on_duty)]
    return tuple(name for _first, name in sorted(eligible, key=lambda e: e[0]))


def _stale(session: Session, ticket: Ticket, tz: Any) -> StaleError:
    at = ticket.updated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    # An automatic change (the R-SV-5 upgrade) has no person behind it: the refusal names its rule.
    if ticket.updated_by is None:
        return StaleError(by=automatic_label(ticket.updated_by_rule), at=at)
    who = session.get(Operator, ticket.updated_by)
    return StaleError(by=who.name if who else "?", at=at)


def _row_as_shown(session: Session, site: Site, ticket_id: int, expected_version: int | None) -> Ticket:
    """The ticket's row, refused (R-RO-3) when it changed since the caller showed ``expected_version``
    (None: the current row)."""
    ticket = get_row(session, ticket_id)
    if expected_version is not None and ticket.version != expected_version:
        raise _stale(session, ticket, site.tz)
    return ticket


# --- deadlines --------------------------------------------------------------------------------


def working_day_due(start: datetime, n: int, site: Site) -> datetime:
    """R-DL-3a: 23:59:59 local on the ``n``-th working day after the local day of ``start`` (UTC)."""
    return deadlines.end_of_working_day(start, n, site.tz, site.calendar)


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


def _ticket_now(ticket: Ticket) -> effects.TicketNow:
    return effects.TicketNow(
        id=ticket.id,  # type: ignore[arg-type]
        department=ticket.department,
        complexity=ticket.complexity,
        emergency=bool(ticket.emergency),
        received_at=ticket.received_at,
        deadline_started_at=ticket.deadline_started_at,
        due_at=ticket.due_at,
        paused_at=ticket.paused_at,
        working_days=ticket.working_days,
        on_site_at=ticket.on_site_at,
        under_control_at=ticket.under_control_at,
        on_site_due=ticket.on_site_due,
        under_control_due=ticket.under_control_due,
        handler_id=ticket.handler_id,
    )


def _effects(
    session: Session,
    site: Site,
    ticket: Ticket,
    state: lifecycle.TicketState,
    action: Action,
    fields: dict[str, Any],
    now: datetime,
) -> effects.Effects:
    """Look up what the domain's :func:`~frontdesk_tui.domain.tickets.effects.effects` needs from the
    database (the department, the handler, the extension's base), ask it, and send its notices."""
    handler = None
    if action in (Action.ASSESS, Action.ASSIGN, Action.REASSIGN):
        fields["department"] = _department(session, fields["department"])
        if "handler" in fields:
            row = _handler(session, fields["handler"], fields["department"])
            handler = effects.Handler(id=row.id, name=row.name)  # type: ignore[arg-type]
    result = effects.effects(
        _ticket_now(ticket),
        action,
        fields,
        now,
        tz=site.tz,
        calendar=site.calendar,
        follow_up_working_days=site.settings.follow_up_working_days,
        handler=handler,
        extension_base=_extension_base(session, ticket) if action == Action.EXTEND else None,
        contact_attempts=state.contact_attempts,
        contact_span_working_days=state.contact_span_working_days,
    )
    for notice in result.notices:
        tell_assistants(session, ticket, now, kind=notice.kind, message=notice.message)
    return result


def tell_assistants(session: Session, ticket: Ticket, now: datetime, *, kind: str, message: Message) -> None:
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
    add_to_inbox(
        session,
        [InboxNotice(covering, kind, message, rule="R-LC-5", ref_kind=REF_TICKET, ref_id=ticket.id)],
        at=now,
    )


#: The kinds of the notices a step sends (the inbox screen names them).
KIND_ASSIGNED = "assigned"
KIND_MOVED_AWAY = "moved_away"
KIND_RESULT_REPORTED = "result_reported"


def _summary(ticket: Ticket) -> str:
    text = " ".join((ticket.description or "").split())
    return text if len(text) <= 40 else text[:39] + "…"


def tell_people(
    session: Session, actor: Actor, ticket: Ticket, action: Action, old_handler_id: int | None, now: datetime
) -> int:
    """The notices of one step (issue 13), inside its transaction; returns how many items were written."""
    new_handler_id = ticket.handler_id
    wanted: list[tuple[int, str, Message]] = []
    where = f"{ticket.location} {_summary(ticket)}".strip()
    if new_handler_id is not None and new_handler_id != old_handler_id:
        wanted.append((
            new_handler_id,
            KIND_ASSIGNED,
            Message(N_("Ticket {id} is yours now ({who}): {what}"), {"id": ticket.id, "who": actor.name, "what": where}),
        ))
    if old_handler_id is not None and new_handler_id != old_handler_id:
        new_name = session.get(Operator, new_handler_id).name if new_handler_id is not None else ""  # type: ignore[union-attr]
        # The department by its name in the READER's language (issue 11), a name the code table lacks as is.
        whom: Message | str = new_name or (
            Message(labels.DEPARTMENT[ticket.department])
            if ticket.department in labels.DEPARTMENT
            else DEPARTMENTS.get(ticket.department, ticket.department)
        )
        wanted.append((
            old_handler_id,
            KIND_MOVED_AWAY,
            Message(
                N_("Ticket {id} moved to {whom} ({who}): it is no longer yours: {what}"),
                {"id": ticket.id, "whom": whom, "who": actor.name, "what": where},
            ),
        ))
    if action == Action.REPORT and ticket.created_by is not None:
        wanted.append((
            ticket.created_by,
            KIND_RESULT_REPORTED,
            Message(
                N_("Ticket {id}: {who} reported the result; confirm it with the owner: {what}"),
                {"id": ticket.id, "who": actor.name, "what": where},
            ),
        ))
    wanted = [w for w in wanted if w[0] != actor.id]
    if not wanted:
        return 0
    active = set(
        session.exec(
            select(Operator.id).where(
                Operator.id.in_([w[0] for w in wanted]),  # type: ignore[union-attr]
                Operator.active == True,  # noqa: E712
            )
        )
    )
    notices = [
        InboxNotice([op_id], kind, message, rule="", ref_kind=REF_TICKET, ref_id=ticket.id)
        for op_id, kind, message in wanted
        if op_id in active
    ]
    return add_to_inbox(session, notices, at=now)


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
    action = lifecycle.parse_action(action)
    ticket = _row_as_shown(session, site, ticket_id, expected_version)
    clean = _normalise(action, fields or {}, ticket, site.tz)
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
    if action in OFF_HOURS_ACTIONS and actor.role is Role.DUTY_OFFICER:
        # R-DU-5: off duty hours only the officer on duty (rostered, or the stand-in) dispatches.
        check_acts_on_duty(actor, on_duty_at(site, session, now), _("assign and dispatch"))
    if action == Action.ESCALATE and clean.get("taken_over") is True:
        clean.setdefault("called", actor.name)  # taking it over: the supervisor names themselves
    lifecycle.validate_action_fields(action, clean)
    if action == Action.ESCALATE:
        _check_called(session, site, actor, clean, now)
    old_handler_id = ticket.handler_id
    effect = _effects(session, site, ticket, state, action, clean, now)
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
    tell_people(session, actor, ticket, action, old_handler_id, now)
    return ticket


def report_and_confirm_in(
    session: Session,
    site: Site,
    actor: Actor,
    ticket_id: int,
    fields: Mapping[str, Any] | None = None,
    *,
    now: datetime,
    expected_version: int | None = None,
) -> Ticket:
    """The combined step (issue 13): ``report`` with its fields, then ``confirm`` — the owner was
    told the result and is satisfied — in the caller's transaction, two events. Refused as a whole
    (nothing written) unless the lifecycle allows both, checked first (R-LC-1, R-EM-3, R-LC-6)."""
    ticket = _row_as_shown(session, site, ticket_id, expected_version)
    state = ticket_state(session, site, ticket, now)
    if not lifecycle.may_report_and_confirm(actor, state, off_duty=off_duty(site, now)):
        # the single step's own refusal says why (report refused, or confirm would be: R-EM-3 …)
        reported = replace(state, status=Status.RESULT_REPORTED, paused=False)
        lifecycle.check_action(actor, state, Action.REPORT, off_duty=off_duty(site, now))
        lifecycle.check_action(actor, reported, Action.CONFIRM, off_duty=off_duty(site, now))
    act_in(session, site, actor, ticket_id, Action.REPORT, fields, now=now, expected_version=expected_version)
    return act_in(session, site, actor, ticket_id, Action.CONFIRM, {}, now=now)


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

    ``fields`` are the action's fields (:data:`frontdesk_tui.domain.tickets.lifecycle.REQUIRED_FIELDS`
    and the optional ones: ``handler`` (name or id), ``working_days``, ``requirements``,
    ``responsibility``). ``expected_version`` is the version the screen showed (None: the current
    row). Raises RuleError (R-LC-1 with what this operator may do from here, R-RO-1, R-RO-3 …),
    InputError naming the field, or NotFound.
    """
    with UnitOfWork(site.db) as uow:
        if action == lifecycle.REPORT_AND_CONFIRM:
            ticket = report_and_confirm_in(
                uow.session, site, actor, ticket_id, fields, now=now, expected_version=expected_version
            )
        else:
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
                values.update(updated_at=now, updated_by=actor.id, updated_by_rule=None)
            else:  # R-RO-2: the app's timer moved it: the system's change, named by its rule
                values.update(updated_at=now, updated_by=None, updated_by_rule="R-DL-7")
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


__all__ = [
    "DeadlineTerms",
    "act",
    "act_in",
    "report_and_confirm_in",
    "deadline_terms",
    "eligible_handlers",
    "eligible_supervisors",
    "recompute_open_deadlines",
    "tell_assistants",
    "tell_people",
    "working_day_due",
]
