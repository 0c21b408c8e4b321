"""R-RO-1: may this operator do this? Enforced here, in the domain, and called by every service write.

``may(actor, action, **context)`` answers, ``require(...)`` raises RuleError("R-RO-1", "… needs X").
Action names are ``area.verb`` strings. Ticket actions are ``ticket.<action word>`` (or an
:class:`Action`) and are decided by :mod:`frontdesk_tui.domain.tickets.lifecycle` with the context
``state=TicketState``, ``off_duty=bool`` and, for ``correct``, ``event_author_id``.

Everything else is a row of :data:`PERMISSIONS`; later issues add theirs there (duty roster,
duty log, handover, violations …). A row names the roles that may act and, optionally, a check
of the context for the cases the roles alone do not decide.

Decisions (design):

* ``ticket.intake``: desk, assistant and director on every channel (R-IN-1); staff may record the
  tickets they find themselves (channel ``staff``), but not an emergency: the emergency path starts
  the plan and assigns the response team, which is the desk's (R-EM-1), so staff call the desk.
* ``operator.passwd``: a director for anyone; every operator for their own password
  (``target_id=actor.id``).
* ``operator.add`` on an empty database needs no sign-in (``empty_database=True``) but the new
  operator must be a director (``new_role``), so the site always has someone who can add the rest.
* Nobody signed in (``actor=None``) may write anything else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Action, Channel, Role
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.domain.phones import parse_phone
from frontdesk_tui.domain.tickets.lifecycle import ROLE_LABELS, TicketState, check_action
from frontdesk_tui.i18n import N_, _

_DIRECTOR = frozenset({Role.DIRECTOR})
_MANAGERS = frozenset({Role.ASSISTANT, Role.DIRECTOR})
_DESK = frozenset({Role.RECEPTIONIST, Role.DUTY_OFFICER}) | _MANAGERS
_EVERYONE = frozenset(Role)

Check = Callable[[Actor | None, Mapping[str, Any]], bool]


@dataclass(frozen=True, slots=True)
class Permission:
    """Who may take one non-ticket action."""

    roles: frozenset[Role]
    """Roles that may always take it."""
    rule: str = "R-RO-1"
    also: Check | None = None
    """Grants beyond ``roles`` from the context (e.g. one's own password); may also see ``None``."""
    needs: str | None = None
    """msgid naming who may, when the role list alone would mislead."""


def _own_password(actor: Actor | None, ctx: Mapping[str, Any]) -> bool:
    return actor is not None and ctx.get("target_id") == actor.id


def _first_operator(actor: Actor | None, ctx: Mapping[str, Any]) -> bool:
    return bool(ctx.get("empty_database")) and ctx.get("new_role") == Role.DIRECTOR


def _staff_found(actor: Actor | None, ctx: Mapping[str, Any]) -> bool:
    return (
        actor is not None
        and actor.role == Role.STAFF
        and ctx.get("channel") == Channel.STAFF
        and not ctx.get("emergency", False)
    )


#: action -> who may take it. Later issues extend this table with their own actions.
PERMISSIONS: dict[str, Permission] = {
    # Operators (issue 2).
    "operator.add": Permission(
        _DIRECTOR,
        also=_first_operator,
        needs=N_("director (the first operator of a site must be a director)"),
    ),
    "operator.disable": Permission(_DIRECTOR),
    # R-SEC-1: lifting a sign-in lock before it runs out.
    "operator.unlock": Permission(_DIRECTOR),
    "operator.passwd": Permission(
        _DIRECTOR, also=_own_password, needs=N_("director, or the operator themselves")
    ),
    # Intake (R-IN-1, R-EM-1): the two "(intake)" rows of the lifecycle table.
    "ticket.intake": Permission(
        _DESK,
        also=_staff_found,
        needs=N_("receptionist, duty officer, assistant or director (staff: own finds)"),
    ),
    # Escalation scan at a chosen time (`escalate --now`), for rehearsals and tests.
    "escalation.rehearse": Permission(_DIRECTOR),
    # Duty (R-DU-1, R-DU-4, R-HO-3): used by the night-duty issue.
    "roster.set": Permission(_MANAGERS),
    "roster.approve_swap": Permission(_MANAGERS),
    "duty_log.write": Permission(_DESK),
    "duty_log.check": Permission(_MANAGERS),
    "handover.sign": Permission(_DESK),
    "handover.override": Permission(_MANAGERS, rule="R-HO-3"),
    # Violations (R-VI-5): anyone records and persuades; the director signs.
    "violation.record": Permission(_EVERYONE, rule="R-VI-5"),
    "violation.handle": Permission(_MANAGERS, rule="R-VI-5"),
    "violation.handle_major": Permission(_DIRECTOR, rule="R-VI-5"),
    "violation.sign": Permission(_DIRECTOR, rule="R-VI-5"),
    # Reports (R-KP-1) and purges (R-PD-2).
    "report.monthly": Permission(_MANAGERS),
    "records.purge": Permission(_DIRECTOR),
}

_TICKET_PREFIX = "ticket."


def _ticket_action(action: str) -> Action | None:
    word = action[len(_TICKET_PREFIX) :] if action.startswith(_TICKET_PREFIX) else action
    try:
        return Action(word)
    except ValueError:
        return None


def _roles_text(roles: frozenset[Role]) -> str:
    names = [_(ROLE_LABELS[r]) for r in Role if r in roles]
    if len(names) == 1:
        return names[0]
    return _("{first} or {last}").format(first=_(", ").join(names[:-1]), last=names[-1])


def require(actor: Actor | None, action: str, **context: Any) -> None:
    """RuleError naming the rule and the role needed unless ``actor`` may take ``action``."""
    ticket_action = None if action in PERMISSIONS else _ticket_action(action)
    if ticket_action is not None:
        if actor is None:
            raise RuleError("R-RO-1", _("Sign in first: “{action}” changes a ticket.").format(action=action))
        state = context.get("state")
        if not isinstance(state, TicketState):
            raise TypeError("ticket actions need state=TicketState(...)")
        check_action(
            actor,
            state,
            ticket_action,
            off_duty=bool(context.get("off_duty", False)),
            event_author_id=context.get("event_author_id"),
        )
        return
    permission = PERMISSIONS.get(action)
    if permission is None:
        raise InputError("action", _("unknown action “{action}”").format(action=action))
    if actor is not None and actor.role in permission.roles:
        return
    if permission.also is not None and permission.also(actor, context):
        return
    needs = _(permission.needs) if permission.needs else _roles_text(permission.roles)
    message = _("“{action}” needs {roles}.").format(action=action, roles=needs)
    if actor is None:
        message = _("Sign in first.") + " " + message
    raise RuleError(permission.rule, message)


def may(actor: Actor | None, action: str, **context: Any) -> bool:
    """Whether ``actor`` may take ``action`` (see :func:`require`)."""
    try:
        require(actor, action, **context)
    except RuleError:
        return False
    return True


# --- phone numbers (R-PD-1, R-PD-3) --------------------------------------------------------------

_SEES_PHONES = frozenset({Role.RECEPTIONIST, Role.DUTY_OFFICER, Role.ASSISTANT, Role.DIRECTOR})


def may_see_phone(actor: Actor | None) -> bool:
    """R-PD-3: desk, assistant and director see whole phones; staff and nobody signed in see them masked."""
    return actor is not None and actor.role in _SEES_PHONES


def handler_sees_owner_phone(actor: Actor | None, handler_id: int | None) -> bool:
    """R-PD-1 (minimum necessary): on ONE ticket, whether ``actor`` sees its owner's phone and
    contact whole: a role that sees phones (R-PD-3), or the handler assigned to that ticket, who must
    call the owner back. Lists and every other ticket keep :func:`may_see_phone`."""
    if may_see_phone(actor):
        return True
    return actor is not None and handler_id is not None and actor.id == handler_id


def mask_phone(phone: str | None) -> str:
    """R-PD-1: ``138****1234``; landlines keep the area code and the last 4 digits of the number
    (``0755-***4567``, an extension is masked too); 400/800 numbers are a company's and stay whole.
    Text that is not a phone number keeps at most its last 4 characters visible."""
    if not phone:
        return ""
    try:
        parsed = parse_phone(phone)
    except InputError:
        text = phone.strip()
        keep = 4 if len(text) > 6 else 0
        return "*" * (len(text) - keep) + text[len(text) - keep :]
    if parsed.kind == "mobile":
        return f"{parsed.number[:3]}****{parsed.number[-4:]}"
    if parsed.kind == "service":
        return str(parsed)
    local = "*" * (len(parsed.number) - 4) + parsed.number[-4:]
    masked = f"{parsed.area}-{local}"
    return f"{masked}-{'*' * len(parsed.extension)}" if parsed.extension else masked


def phone_for(actor: Actor | None, phone: str | None) -> str:
    """The phone as ``actor`` may see it (R-PD-1, R-PD-3)."""
    return (phone or "") if may_see_phone(actor) else mask_phone(phone)
