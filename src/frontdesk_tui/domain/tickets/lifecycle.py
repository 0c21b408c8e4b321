"""The ticket lifecycle of docs/DOMAIN.md (R-LC-1…6, R-IN-6, R-EM-1/3, R-SV-4, R-DL-7) as data.

``LIFECYCLE`` is the lifecycle table, row for row: the statuses an action starts from, the action
word, the status it leads to (``None``: unchanged) and who may take it. ``check_action`` is the one
place that decides; ``allowed_actions`` asks it for every action word, so the two always agree.

Who may act (docs/DOMAIN.md, "People and roles"):

* "desk" is a receptionist or a duty officer; "staff" is staff of the ticket's own department;
  assistant and director may do everything desk and staff may, and the director all an assistant may.
* "(major: director)" (R-SV-4): on a major ticket ``assign``, ``reassign``, ``extend``,
  ``invalidate`` and ``close-unreachable`` need the director. This replaces the whole "who" of the
  row, the duty officer's off-hours right included: R-SV-4 says a major ticket *needs* the director.
* A duty officer may ``assign`` and ``reassign`` off duty hours only (004 4.1.6); the caller says
  whether it is off duty hours now (``off_duty``), the roster and calendar live elsewhere.

Decisions where the table is silent (design):

* ``reopen`` from ``closed`` is for the assistant (and director) and only after a 不满意 follow-up
  (``follow_up_dissatisfied``, R-LC-5); otherwise it is refused under R-LC-5.
* ``close-unreachable`` needs at least ``unreachable_attempts`` (2) recorded contact attempts covering
  at least ``unreachable_working_days`` (3) working days, counted by the caller from the day of the
  first attempt to today, both days included. Both thresholds are settings carried in the state.
* A closing action (``confirm``, ``close-unreachable``) on an emergency, or on a major ticket while
  ``major_needs_summary`` is set, needs the ``summary`` first (R-EM-3 for emergencies, else R-LC-6).
* ``pause`` needs a ticket that is not paused and not an emergency (R-DL-7), ``resume`` a paused one.
  A paused ticket may still move on; the clock stops at ``report`` anyway (R-DL-3a).
* ``on-site`` and ``under-control`` exist on emergencies only; on other tickets they are R-LC-1.
* ``correct`` (R-LC-3): with ``event_author_id`` the author check is made; without it only the role
  check is made (every operator may correct events they wrote). Services must pass the author.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import (
    DEPARTMENTS,
    OPEN_STATUSES,
    Action,
    Complexity,
    Role,
    Satisfaction,
    Severity,
    Status,
)
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.i18n import N_, _


class Who(StrEnum):
    """The "who" words of the lifecycle table."""

    DESK = "desk"
    STAFF = "staff"
    ASSISTANT = "assistant"
    DIRECTOR = "director"
    DUTY_OFF_HOURS = "duty_officer_off_hours"
    ANYONE = "anyone"
    AUTHOR = "author"


@dataclass(frozen=True, slots=True)
class Transition:
    """One row of the lifecycle table."""

    sources: tuple[Status, ...]
    action: Action
    target: Status | None
    """The status the action leads to; ``None``: the status is unchanged."""
    who: frozenset[Who]
    major_director: bool = False
    """R-SV-4: on a major ticket only the director may take it."""
    emergency_only: bool = False


_S = Status
_ASSIGNED_TO_REPORTED = (_S.ASSIGNED, _S.INVESTIGATING, _S.PLANNED, _S.IN_PROGRESS, _S.RESULT_REPORTED)
_ASSIGNED_TO_IN_PROGRESS = (_S.ASSIGNED, _S.INVESTIGATING, _S.PLANNED, _S.IN_PROGRESS)
_ANY = tuple(Status)


def _who(*words: Who) -> frozenset[Who]:
    return frozenset(words)


#: docs/DOMAIN.md's lifecycle table, in its order (the two intake rows are ``ticket.intake`` in permissions).
LIFECYCLE: tuple[Transition, ...] = (
    Transition((_S.RECEIVED,), Action.ANSWER, _S.ANSWERED, _who(Who.DESK)),  # R-IN-6
    Transition((_S.RECEIVED,), Action.ASSESS, _S.ASSESSED, _who(Who.DESK)),
    Transition(
        (_S.ASSESSED,),
        Action.ASSIGN,
        _S.ASSIGNED,
        _who(Who.ASSISTANT, Who.DUTY_OFF_HOURS),
        major_director=True,
    ),
    Transition((_S.ASSIGNED,), Action.INVESTIGATE, _S.INVESTIGATING, _who(Who.STAFF)),
    Transition((_S.INVESTIGATING,), Action.PLAN, _S.PLANNED, _who(Who.STAFF)),
    Transition((_S.PLANNED,), Action.START, _S.IN_PROGRESS, _who(Who.STAFF)),
    Transition((_S.IN_PROGRESS,), Action.REPORT, _S.RESULT_REPORTED, _who(Who.STAFF, Who.DESK)),
    Transition((_S.RESULT_REPORTED,), Action.CONFIRM, _S.CLOSED, _who(Who.DESK)),
    Transition((_S.RESULT_REPORTED,), Action.REOPEN, _S.PLANNED, _who(Who.DESK)),
    Transition(
        (_S.RESULT_REPORTED,), Action.CLOSE_UNREACHABLE, _S.CLOSED, _who(Who.ASSISTANT), major_director=True
    ),
    Transition((_S.CLOSED,), Action.FOLLOW_UP, None, _who(Who.DESK)),  # R-LC-5
    Transition((_S.CLOSED,), Action.REOPEN, _S.PLANNED, _who(Who.ASSISTANT)),
    Transition(OPEN_STATUSES, Action.WITHDRAW, _S.WITHDRAWN, _who(Who.DESK)),
    Transition(OPEN_STATUSES, Action.INVALIDATE, _S.INVALID, _who(Who.ASSISTANT), major_director=True),
    Transition(OPEN_STATUSES, Action.ESCALATE, None, _who(Who.ANYONE)),  # R-IN-8
    Transition(OPEN_STATUSES, Action.CONTACT, None, _who(Who.ANYONE)),
    Transition(OPEN_STATUSES, Action.NOTE, None, _who(Who.ANYONE)),
    Transition(
        _ASSIGNED_TO_REPORTED,
        Action.REASSIGN,
        None,
        _who(Who.ASSISTANT, Who.DUTY_OFF_HOURS),
        major_director=True,
    ),
    Transition(_ASSIGNED_TO_IN_PROGRESS, Action.EXTEND, None, _who(Who.ASSISTANT), major_director=True),
    Transition(_ASSIGNED_TO_IN_PROGRESS, Action.PAUSE, None, _who(Who.STAFF, Who.ASSISTANT)),  # R-DL-7
    Transition(_ASSIGNED_TO_IN_PROGRESS, Action.RESUME, None, _who(Who.STAFF, Who.ASSISTANT)),
    Transition(
        _ASSIGNED_TO_IN_PROGRESS, Action.ON_SITE, None, _who(Who.DESK, Who.STAFF), emergency_only=True
    ),
    Transition(
        _ASSIGNED_TO_IN_PROGRESS, Action.UNDER_CONTROL, None, _who(Who.DESK, Who.STAFF), emergency_only=True
    ),
    # R-EM-4: a revised expected time on any open emergency; its clocks are never moved.
    Transition(OPEN_STATUSES, Action.REVISE_EXPECTED, None, _who(Who.DESK, Who.STAFF), emergency_only=True),
    Transition((_S.IN_PROGRESS, _S.RESULT_REPORTED, _S.CLOSED), Action.SUMMARY, None, _who(Who.ASSISTANT)),
    Transition(_ANY, Action.CORRECT, None, _who(Who.AUTHOR, Who.ASSISTANT)),  # R-LC-3
)

#: (status, action) -> its row; the table never has two rows for one pair.
_ROWS: dict[tuple[Status, Action], Transition] = {
    (source, row.action): row for row in LIFECYCLE for source in row.sources
}

#: Status codes as the desk reads them (translated at use).
STATUS_LABELS: dict[Status, str] = {
    Status.RECEIVED: N_("received"),
    Status.ASSESSED: N_("assessed"),
    Status.ASSIGNED: N_("assigned"),
    Status.INVESTIGATING: N_("investigating"),
    Status.PLANNED: N_("planned"),
    Status.IN_PROGRESS: N_("in progress"),
    Status.RESULT_REPORTED: N_("result reported"),
    Status.CLOSED: N_("closed"),
    Status.ANSWERED: N_("answered at the desk"),
    Status.WITHDRAWN: N_("withdrawn"),
    Status.INVALID: N_("invalid"),
}

ROLE_LABELS: dict[Role, str] = {
    Role.RECEPTIONIST: N_("receptionist"),
    Role.DUTY_OFFICER: N_("duty officer"),
    Role.STAFF: N_("department staff"),
    Role.ASSISTANT: N_("assistant"),
    Role.DIRECTOR: N_("director"),
}

_MANAGERS = frozenset({Role.ASSISTANT, Role.DIRECTOR})
_DESK = frozenset({Role.RECEPTIONIST, Role.DUTY_OFFICER}) | _MANAGERS


@dataclass(frozen=True, slots=True)
class TicketState:
    """What the lifecycle needs to know about a ticket; the service builds it from the row and timeline."""

    status: Status
    severity: Severity | None = None
    emergency: bool = False
    department: str | None = None
    has_summary: bool = False
    """A ``summary`` event (cause and improvement) is on the timeline (R-EM-3, R-LC-6)."""
    paused: bool = False
    """The last of ``pause``/``resume`` on the timeline is a ``pause`` (R-DL-7)."""
    major_needs_summary: bool = True
    """R-LC-6 (design): a major ticket needs a summary before closing too."""
    follow_up_dissatisfied: bool = False
    """The latest follow-up visit recorded 不满意 (R-LC-5)."""
    contact_attempts: int = 0
    """Recorded contact attempts since the result was reported (for ``close-unreachable``)."""
    contact_span_working_days: int = 0
    """Working days from the first such attempt to today, both included."""
    unreachable_attempts: int = 2
    """Setting: attempts ``close-unreachable`` needs (design)."""
    unreachable_working_days: int = 3
    """Setting: working days the attempts must cover (design)."""
    on_site_recorded: bool = False
    """R-EM-2: the team's arrival is on the record (recorded once)."""
    under_control_recorded: bool = False
    """R-EM-2: under control is on the record (recorded once)."""
    emergency_first_deadline: bool = False
    """R-EM-2: an emergency whose deadline is still its under-control clock (not reopened since):
    it is not extended, so ``extend`` is not offered (a revised expected time is, R-EM-4)."""

    @property
    def is_major(self) -> bool:
        return self.severity == Severity.MAJOR


def _join(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("{first} or {last}").format(first=_(", ").join(names[:-1]), last=names[-1])


def needed_roles(row: Transition, state: TicketState) -> str:
    """The roles a row needs on this ticket, as a refusal names them (R-RO-1)."""
    who = _who(Who.DIRECTOR) if row.major_director and state.is_major else row.who
    names: list[str] = []
    if Who.AUTHOR in who:
        names.append(_("the author of the event"))
    if Who.ANYONE in who or Who.DESK in who:
        names += [_(ROLE_LABELS[Role.RECEPTIONIST]), _(ROLE_LABELS[Role.DUTY_OFFICER])]
    elif Who.DUTY_OFF_HOURS in who:
        names.append(_("duty officer (off duty hours)"))
    if Who.ANYONE in who:
        names.append(_(ROLE_LABELS[Role.STAFF]))
    elif Who.STAFF in who:
        if state.department:
            names.append(
                _("staff of {department}").format(
                    department=DEPARTMENTS.get(state.department, state.department)
                )
            )
        else:
            names.append(_("staff of the ticket's department"))
    if who & {Who.ANYONE, Who.DESK, Who.STAFF, Who.ASSISTANT, Who.AUTHOR}:
        names.append(_(ROLE_LABELS[Role.ASSISTANT]))
    names.append(_(ROLE_LABELS[Role.DIRECTOR]))
    return _join(names)


def _role_allows(
    row: Transition, actor: Actor, state: TicketState, off_duty: bool, event_author_id: int | None
) -> bool:
    who = _who(Who.DIRECTOR) if row.major_director and state.is_major else row.who  # R-SV-4
    role = actor.role
    if role == Role.DIRECTOR:
        return True
    if Who.ANYONE in who:
        return True
    if Who.ASSISTANT in who and role == Role.ASSISTANT:
        return True
    if Who.DESK in who and role in _DESK:
        return True
    if Who.STAFF in who and (
        role in _MANAGERS
        or (role == Role.STAFF and state.department is not None and actor.department == state.department)
    ):
        return True
    if Who.DUTY_OFF_HOURS in who and role == Role.DUTY_OFFICER and off_duty:  # 004 4.1.6
        return True
    # R-LC-3: without a named event, everyone may correct what they wrote themselves.
    return Who.AUTHOR in who and (event_author_id is None or event_author_id == actor.id)


def _refusal(
    actor: Actor, state: TicketState, action: Action, off_duty: bool, event_author_id: int | None
) -> tuple[str, str] | None:
    """(rule id, reason) when the action is refused, else None. Messages are built here, at use."""
    row = _ROWS.get((state.status, action))
    if action == Action.REVISE_EXPECTED and (row is None or not state.emergency):
        if not state.emergency:
            return "R-EM-4", _("A revised expected time is recorded on an emergency only.")
        return "R-EM-4", _("A revised expected time is recorded on an open emergency only; this one is {status}.").format(
            status=_(STATUS_LABELS[state.status])
        )
    if row is None or (row.emergency_only and not state.emergency):
        return "R-LC-1", _("“{action}” is not possible on a ticket that is {status}.").format(
            action=action.value, status=_(STATUS_LABELS[state.status])
        )
    if not _role_allows(row, actor, state, off_duty, event_author_id):
        if action == Action.CORRECT:
            return "R-LC-3", _("Only the author of an event, an assistant or the director may correct it.")
        reason = _("“{action}” needs {roles}.").format(action=action.value, roles=needed_roles(row, state))
        if Who.DUTY_OFF_HOURS in row.who and actor.role == Role.DUTY_OFFICER and not state.is_major:
            reason += " " + _("A duty officer may do this off duty hours only.")
        return "R-RO-1", reason
    if action == Action.ON_SITE and (state.on_site_recorded or state.under_control_recorded):
        return "R-EM-2", _("The response team's arrival on site is already recorded.")
    if action == Action.UNDER_CONTROL and state.under_control_recorded:
        return "R-EM-2", _("Under control is already recorded.")
    if action == Action.EXTEND and state.emergency_first_deadline:
        return "R-EM-2", _(
            "An emergency's deadline is its under-control clock; it is not extended. Record a revised "
            "expected time instead (revise-expected, R-EM-4)."
        )
    if action == Action.PAUSE and state.emergency:
        return "R-DL-7", _(
            "An emergency is never paused; record a revised expected time instead (revise-expected, R-EM-4)."
        )
    if action == Action.PAUSE and state.paused:
        return "R-DL-7", _("The ticket is already paused.")
    if action == Action.RESUME and not state.paused:
        return "R-DL-7", _("The ticket is not paused.")
    if action in (Action.CONFIRM, Action.CLOSE_UNREACHABLE) and not state.has_summary:
        if state.emergency:
            return "R-EM-3", _("An emergency needs a summary of cause and improvement before it is closed.")
        if state.is_major and state.major_needs_summary:
            return "R-LC-6", _("A major ticket needs a summary of cause and improvement before it is closed.")
    if action == Action.CLOSE_UNREACHABLE and (
        state.contact_attempts < state.unreachable_attempts
        or state.contact_span_working_days < state.unreachable_working_days
    ):
        return "R-LC-1", _(
            "Closing as unreachable needs {attempts} recorded contact attempts over {days} working days "
            "(so far {done} over {span})."
        ).format(
            attempts=state.unreachable_attempts,
            days=state.unreachable_working_days,
            done=state.contact_attempts,
            span=state.contact_span_working_days,
        )
    if action == Action.REOPEN and state.status == Status.CLOSED and not state.follow_up_dissatisfied:
        return "R-LC-5", _("A closed ticket is reopened only after a dissatisfied follow-up visit.")
    return None


def allowed_actions(
    actor: Actor, state: TicketState, *, off_duty: bool, event_author_id: int | None = None
) -> list[Action]:
    """R-LC-1: the actions this operator may take on this ticket now, in the table's order."""
    return [a for a in Action if _refusal(actor, state, a, off_duty, event_author_id) is None]


# --- the next steps, most likely first (issue 13: fewer keys) --------------------------------------

#: The combined step "report the result and close, the owner told and satisfied": ``report`` then
#: ``confirm`` in one transaction, offered only where the lifecycle allows both (the desk, and no
#: summary missing, R-EM-3/R-LC-6). Not an action word of the table: two events are written.
REPORT_AND_CONFIRM = "report-confirm"

#: What usually comes next from each status, most likely first (design: the order of 002 steps 1-8).
_LIKELY: dict[Status, tuple[str, ...]] = {
    _S.RECEIVED: (Action.ASSESS, Action.ANSWER),
    _S.ASSESSED: (Action.ASSIGN,),
    _S.ASSIGNED: (Action.INVESTIGATE,),
    _S.INVESTIGATING: (Action.PLAN,),
    _S.PLANNED: (Action.START,),
    _S.IN_PROGRESS: (Action.REPORT, REPORT_AND_CONFIRM),
    _S.RESULT_REPORTED: (Action.CONFIRM, Action.CONTACT, Action.REOPEN, Action.CLOSE_UNREACHABLE),
    _S.CLOSED: (Action.FOLLOW_UP, Action.REOPEN),
}
#: On an emergency the team's clocks come before everything (R-EM-2); then a paused clock's resume.
_FIRST: tuple[str, ...] = (Action.ON_SITE, Action.UNDER_CONTROL, Action.REVISE_EXPECTED, Action.RESUME)
#: Everything else, in this order: the everyday updates, the supervisor's steps, the ends last.
_TAIL: tuple[str, ...] = (
    Action.CONTACT,
    Action.NOTE,
    Action.ESCALATE,
    Action.SUMMARY,
    Action.REASSIGN,
    Action.EXTEND,
    Action.PAUSE,
    Action.CORRECT,
    Action.WITHDRAW,
    Action.INVALIDATE,
)

#: One key per step in the next-step list (the ticket screen's picker). Steps never offered
#: together may share a key (assign/reassign, pause/resume); a step without a key here is chosen
#: with the arrows.
STEP_KEYS: dict[str, str] = {
    Action.ON_SITE: "o",
    Action.UNDER_CONTROL: "u",
    Action.ASSESS: "s",
    Action.ANSWER: "d",
    Action.ASSIGN: "g",
    Action.REASSIGN: "g",
    Action.INVESTIGATE: "i",
    Action.PLAN: "p",
    Action.START: "t",
    Action.REPORT: "r",
    REPORT_AND_CONFIRM: "R",
    Action.CONFIRM: "c",
    Action.REOPEN: "b",
    Action.CLOSE_UNREACHABLE: "l",
    Action.FOLLOW_UP: "f",
    Action.CONTACT: "k",
    Action.NOTE: "n",
    Action.ESCALATE: "e",
    Action.SUMMARY: "m",
    Action.EXTEND: "x",
    Action.PAUSE: "h",
    Action.RESUME: "h",
    Action.CORRECT: "y",
    Action.WITHDRAW: "w",
    Action.INVALIDATE: "z",
    "revise-expected": "v",
}


def may_report_and_confirm(actor: Actor, state: TicketState, *, off_duty: bool) -> bool:
    """The combined step is open when ``report`` is, and ``confirm`` would be right after it."""
    if _refusal(actor, state, Action.REPORT, off_duty, None) is not None:
        return False
    reported = replace(state, status=Status.RESULT_REPORTED, paused=False)
    return _refusal(actor, reported, Action.CONFIRM, off_duty, None) is None


def order_steps(allowed: Iterable[str], state: TicketState, *, report_and_confirm: bool = False) -> tuple[str, ...]:
    """The steps ``allowed`` (action words) ordered by what usually comes next for the ticket's
    state — an emergency's clocks first, then the status's next step, the everyday updates, the
    ends (withdraw, invalidate) last — with the combined report-and-close after ``report`` when
    ``report_and_confirm``. Words this module does not place keep their order, before the ends."""
    given = list(dict.fromkeys(str(a) for a in allowed))
    if report_and_confirm and Action.REPORT in given:
        given.append(REPORT_AND_CONFIRM)
    first = [a for a in _FIRST if state.emergency or a == Action.RESUME]
    order = [*first, *_LIKELY.get(state.status, ())]
    ends = (Action.WITHDRAW, Action.INVALIDATE)
    placed = {*order, *_TAIL}
    others = [a for a in given if a not in placed]
    order += [a for a in _TAIL if a not in ends] + others + list(ends)
    ranked = [a for a in dict.fromkeys(order) if a in given]
    return tuple(str(a) for a in ranked)


def next_steps(
    actor: Actor, state: TicketState, *, off_duty: bool, allowed: Iterable[Action] | None = None
) -> tuple[str, ...]:
    """R-LC-1, issue 13: what this operator may do now, most likely first (:func:`order_steps`);
    ``allowed`` narrows :func:`allowed_actions` further (the service's R-DU-5 filter)."""
    steps = allowed_actions(actor, state, off_duty=off_duty) if allowed is None else list(allowed)
    combined = Action.REPORT in steps and may_report_and_confirm(actor, state, off_duty=off_duty)
    return order_steps([a.value for a in steps], state, report_and_confirm=combined)


def describe_allowed(actions: Iterable[Action]) -> str:
    """The "what you may do from here" sentence that ends every refusal (R-LC-1)."""
    words = [a.value for a in actions]
    if not words:
        return _("You may take no action on this ticket now.")
    return _("You may: {actions}.").format(actions=_(", ").join(words))


def parse_action(value: Action | str) -> Action:
    """The action word as an :class:`Action`; InputError("action") listing the words otherwise."""
    try:
        return Action(value)
    except ValueError:
        raise InputError(
            "action",
            _("unknown action “{action}”; one of: {actions}").format(
                action=value, actions=", ".join(a.value for a in Action)
            ),
        ) from None


def check_action(
    actor: Actor,
    state: TicketState,
    action: Action | str,
    *,
    off_duty: bool,
    event_author_id: int | None = None,
) -> Status:
    """The status after ``action``, or RuleError naming the rule (R-LC-1, R-RO-1, R-LC-3, R-LC-5,
    R-LC-6, R-EM-3, R-DL-7) and listing what this operator may do instead."""
    action = parse_action(action)
    refusal = _refusal(actor, state, action, off_duty, event_author_id)
    if refusal is not None:
        rule, reason = refusal
        others = allowed_actions(actor, state, off_duty=off_duty, event_author_id=event_author_id)
        raise RuleError(rule, f"{reason} {describe_allowed(others)}")
    row = _ROWS[(state.status, action)]
    return row.target if row.target is not None else state.status


# --- what each action records -------------------------------------------------------------------

#: How the owner was told the result (``report``).
HOW_TOLD: tuple[str, ...] = ("phone", "sms", "email", "visit")

#: Field names each action must record (docs/DOMAIN.md's "records" column). Optional extras the services
#: may also take: assess ``responsibility``; assign ``handler``, ``requirements``, ``due_at``;
#: follow-up ``note`` (comments); extend the new ``due_at``; on-site/under-control ``at``.
REQUIRED_FIELDS: dict[Action, tuple[str, ...]] = {
    Action.ANSWER: ("note",),  # the explanation given (R-IN-6)
    Action.ASSESS: ("complexity", "severity", "department"),
    Action.ASSIGN: ("department",),
    Action.INVESTIGATE: ("note",),  # findings
    Action.PLAN: ("note",),  # who, what, by when
    Action.START: (),
    Action.REPORT: ("note", "how_told"),
    Action.CONFIRM: (),
    Action.REOPEN: ("reason",),
    Action.CLOSE_UNREACHABLE: ("note",),
    Action.FOLLOW_UP: ("satisfaction",),  # R-LC-5
    Action.WITHDRAW: ("note",),  # the owner's words
    Action.INVALIDATE: ("reason",),
    Action.ESCALATE: ("called",),  # R-IN-8: who was called; R-IN-8a: and that the owner agreed
    Action.CONTACT: ("note",),
    Action.NOTE: ("note",),
    Action.REASSIGN: ("department", "reason"),
    Action.EXTEND: ("reason", "owner_told"),  # R-DL-3
    Action.PAUSE: ("reason",),  # R-DL-7
    Action.RESUME: (),
    Action.ON_SITE: (),
    Action.UNDER_CONTROL: (),
    Action.REVISE_EXPECTED: ("expected_at", "reason", "owner_told"),  # R-EM-4
    Action.SUMMARY: ("cause", "improvement"),  # R-EM-3
    Action.CORRECT: ("corrects", "note"),  # R-LC-3
}

#: Longest text an action field may hold.
FIELD_TEXT_LIMIT = 2000


def required_fields(action: Action | str) -> tuple[str, ...]:
    """The fields ``action`` records and cannot do without."""
    return REQUIRED_FIELDS[Action(action)]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def validate_action_fields(action: Action | str, fields: Mapping[str, Any]) -> None:
    """InputError (naming the field) when a field ``action`` needs is missing or malformed."""
    action = Action(action)
    for name in REQUIRED_FIELDS[action]:
        if name == "owner_told":
            continue  # a yes/no with its own sentence below, never "needs owner_told"
        if _blank(fields.get(name)):
            raise InputError(name, _("“{action}” needs {field}").format(action=action.value, field=name))
    for name, value in fields.items():
        if isinstance(value, str) and len(value) > FIELD_TEXT_LIMIT:
            raise InputError(name, _("at most {limit} characters").format(limit=FIELD_TEXT_LIMIT))
    codes: dict[str, tuple[str, ...]] = {
        "complexity": tuple(Complexity),
        "severity": tuple(Severity),
        "satisfaction": tuple(Satisfaction),
        "how_told": HOW_TOLD,
    }
    for name, allowed in codes.items():
        value = fields.get(name)
        if not _blank(value) and value not in allowed:
            raise InputError(name, _("one of: {codes}").format(codes=", ".join(allowed)))
    if action == Action.EXTEND and fields.get("owner_told") is not True:
        raise InputError("owner_told", _("tell the owner before extending the deadline (R-DL-3)"))
    if action == Action.REVISE_EXPECTED and fields.get("owner_told") is not True:
        raise InputError("owner_told", _("tell the owner the revised expected time (R-EM-4)"))
    if action == Action.ESCALATE and fields.get("taken_over") is not True and fields.get("owner_agreed") is not True:
        # R-IN-8a: the service is moved up with the owner's agreement (获赞同后). A supervisor who
        # takes a ticket over themselves (``taken_over``) calls nobody and claims no agreement.
        raise InputError("owner_agreed", _("ask for the owner's agreement before moving the service up (R-IN-8a)"))
    if action == Action.CORRECT:
        corrects = fields.get("corrects")
        if isinstance(corrects, bool) or not isinstance(corrects, int) or corrects <= 0:
            raise InputError("corrects", _("the id of the event this corrects"))
