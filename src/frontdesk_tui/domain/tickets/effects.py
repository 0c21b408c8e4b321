"""What a lifecycle action does to a ticket (R-LC-1…6, R-SV-1…3, R-DL-3/3a/7, R-IN-6/8, R-EM-2/3).

:func:`effects` is pure: from the ticket as it is (:class:`TicketNow`), the action, its cleaned
fields, ``now`` and the calendar it returns the changes to the ticket row, the data of the timeline
event, the event's note and the notices the service must deliver. The service looks up what needs
the database first (the department exists, the handler by name, the start of the extension's 15
days, the recorded contact attempts) and applies the result in one transaction.

Decisions (design, kept from the service):

* ``assess`` sets complexity and severity; ``assess``/``assign``/``reassign`` set the department
  and, when named, the handler; moving to another department without naming one clears the handler.
  ``working_days`` (complex tickets only) recomputes the deadline from the current deadline's start.
* An emergency's first deadline is its under-control clock: assessment does not replace it and it
  is not extended (R-EM-2).
* ``reopen`` starts a fresh deadline from now in the ticket's complexity (a complex ticket keeps its
  working days, at most 15) and clears the report, closing, pause and follow-up (R-DL-7).
* ``report`` on a paused ticket resumes it first, since the clock stops at the report (R-DL-3a).
* ``extend`` makes the ticket complex and starts a new deadline now (R-DL-6 escalates anew); the
  15 days count from ``extension_base`` (receipt or the last reopening, R-DL-3).
* ``under-control`` also stamps ``on-site`` when nobody recorded it.
* ``revise-expected`` (R-EM-4) records a revised expected time later than now, its reason and that
  the owner was told, and which clocks were missed then; the clocks themselves never move.
* A dissatisfied ``follow-up`` flags the ticket and asks for a notice to the assistants (R-LC-5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from frontdesk_tui.domain import deadlines
from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.codes import Action, Complexity, Satisfaction
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.domain.tickets.escalation import follow_up_due_at
from frontdesk_tui.i18n import N_, Message, _


@dataclass(frozen=True, slots=True)
class TicketNow:
    """The ticket row's fields an action's effects read (all times aware)."""

    id: int
    department: str | None
    complexity: str | None
    emergency: bool
    received_at: datetime
    deadline_started_at: datetime
    due_at: datetime
    paused_at: datetime | None = None
    working_days: int | None = None
    on_site_at: datetime | None = None
    under_control_at: datetime | None = None
    on_site_due: datetime | None = None
    under_control_due: datetime | None = None
    handler_id: int | None = None


@dataclass(frozen=True, slots=True)
class Handler:
    """The handler the service found for the ``handler`` field (active, of the department)."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A message the service delivers to the assistants covering the ticket (R-LC-5)."""

    kind: str
    #: Translated when read: each assistant's inbox shows it in its reader's language.
    message: Message


@dataclass(slots=True)
class Effects:
    """The changes to the ticket row, the timeline event's data and note, what it corrects and the
    notices to send."""

    values: dict[str, Any]
    data: dict[str, Any]
    note: str = ""
    corrects_id: int | None = None
    notices: list[Notice] = field(default_factory=list)


def deadline_for(
    start: datetime,
    complexity: Complexity | None,
    working_days: int | None,
    *,
    tz: tzinfo,
    calendar: WorkCalendar,
) -> tuple[datetime, int | None]:
    """(due, working days) of a non-emergency deadline starting at ``start``; the working days are
    ``None`` for a 24-hour deadline."""
    if complexity == Complexity.MODERATE:
        n = deadlines.MODERATE_WORKING_DAYS
    elif complexity == Complexity.COMPLEX:
        n = deadlines.COMPLEX_MAX_WORKING_DAYS if working_days is None else working_days
    else:
        return deadlines.due_at(start, complexity, emergency=False, tz=tz, calendar=calendar), None
    due = deadlines.due_at(start, complexity, emergency=False, tz=tz, calendar=calendar, working_days=n)
    return due, n


def resume_values(ticket: TicketNow, now: datetime, *, tz: tzinfo, calendar: WorkCalendar) -> dict[str, Any]:
    """R-DL-7: the deadline moves by the paused time, in the deadline's own unit."""
    assert ticket.paused_at is not None
    working = ticket.working_days is not None
    complexity = Complexity(ticket.complexity) if working and ticket.complexity else None
    new_due = deadlines.resume_shift(
        ticket.due_at,
        ticket.paused_at,
        now,
        complexity,
        tz,
        calendar,
        deadline_start=ticket.deadline_started_at,
    )
    values: dict[str, Any] = {"paused_at": None, "due_at": new_due}
    if working:
        values["working_days"] = calendar.working_days_between(
            ticket.deadline_started_at.astimezone(tz).date(), new_due.astimezone(tz).date()
        )
    return values


def _stamp(value: datetime, tz: tzinfo) -> str:
    return value.astimezone(tz).isoformat(timespec="seconds")


def local_words(value: datetime, tz: tzinfo) -> str:
    """A time as a refusal says it: local, to the minute, no ISO ``T`` or offset (R-DL-5)."""
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def missed_clocks(ticket: TicketNow, now: datetime) -> tuple[str, ...]:
    """The emergency clocks (R-EM-2) past due and not stopped at ``now``: ``on_site``, ``under_control``."""
    missed = []
    if ticket.on_site_due is not None and ticket.on_site_at is None and ticket.on_site_due < now:
        missed.append("on_site")
    if ticket.under_control_due is not None and ticket.under_control_at is None and ticket.under_control_due < now:
        missed.append("under_control")
    return tuple(missed)


@dataclass(frozen=True, slots=True)
class _Step:
    """One action's inputs, handed to the function that computes its effects."""

    ticket: TicketNow
    action: Action
    fields: Mapping[str, Any]
    now: datetime
    tz: tzinfo
    calendar: WorkCalendar
    follow_up_working_days: int
    handler: Handler | None
    extension_base: datetime | None
    contact_attempts: int
    contact_span_working_days: int
    out: Effects

    def stamp(self, value: datetime) -> str:
        return _stamp(value, self.tz)

    def note_or(self, name: str) -> None:
        """The event's note, or else the field ``name`` (a reason) when no note was given."""
        self.out.note = self.out.note or str(self.fields[name])


def _routing(s: _Step) -> None:
    """``assess``, ``assign``, ``reassign`` (R-IN-5, R-SV-1…3, R-DL-3)."""
    ticket, values, data = s.ticket, s.out.values, s.out.data
    department = s.fields["department"]
    values["department"] = department
    complexity: Complexity | None
    if s.action == Action.ASSESS:
        complexity = Complexity(s.fields["complexity"])
        values["complexity"] = complexity.value
        values["severity"] = s.fields["severity"]  # R-SV-1…3: set at assessment
    else:
        complexity = Complexity(ticket.complexity) if ticket.complexity else None
    if (
        s.action == Action.REASSIGN
        and department == ticket.department
        and (s.handler is None or s.handler.id == ticket.handler_id)
    ):
        raise InputError(  # DOMAIN.md's lifecycle table: reassign takes a new department or handler
            "department", _("a reassignment needs another department or another handler")
        )
    if s.handler is not None:
        values["handler_id"] = s.handler.id
        data["handler"] = s.handler.name
    elif department != ticket.department:
        values["handler_id"] = None  # the old handler was of another department
    wd = s.fields.get("working_days")
    if wd is not None and complexity != Complexity.COMPLEX:
        raise InputError(
            "working_days", _("only a complex ticket's deadline is set in working days (R-DL-3)")
        )
    clock = deadlines.emergency_clock_is_deadline(ticket.emergency, ticket.deadline_started_at, ticket.received_at)
    if (s.action == Action.ASSESS or wd is not None) and not clock:
        due, n = deadline_for(ticket.deadline_started_at, complexity, wd, tz=s.tz, calendar=s.calendar)
        values["due_at"], values["working_days"] = due, n
        data["due_at"] = s.stamp(due)


def _answer(s: _Step) -> None:  # R-IN-6: closed at the desk with the explanation
    s.out.values.update(reported_at=s.now, closed_at=s.now)


def _report(s: _Step) -> None:  # R-DL-3a: the clock stops
    if s.ticket.paused_at is not None:
        resumed = resume_values(s.ticket, s.now, tz=s.tz, calendar=s.calendar)
        s.out.values.update(resumed)
        s.out.data["resumed"] = True
        s.out.data["due_at"] = s.stamp(resumed["due_at"])
    s.out.values.update(reported_at=s.now, last_update_at=s.now)


def _close(s: _Step) -> None:  # confirm, close-unreachable: the follow-up visit falls due (R-LC-5)
    follow = follow_up_due_at(s.now, s.tz, s.calendar, s.follow_up_working_days)
    s.out.values.update(
        closed_at=s.now, follow_up_due_at=follow, follow_up_done=False, follow_up_flagged=False
    )
    s.out.data["follow_up_due_at"] = s.stamp(follow)
    if s.action == Action.CLOSE_UNREACHABLE:
        s.out.data["contact_attempts"] = s.contact_attempts
        s.out.data["working_days_covered"] = s.contact_span_working_days


def _reopen(s: _Step) -> None:
    """R-DL-7: a fresh deadline from the reopening."""
    s.out.note = s.out.note or str(s.fields.get("reason", ""))
    ticket = s.ticket
    complexity = Complexity(ticket.complexity) if ticket.complexity else None
    wd = min(ticket.working_days, deadlines.COMPLEX_MAX_WORKING_DAYS) if ticket.working_days else None
    due, n = deadline_for(
        s.now, complexity, wd if complexity == Complexity.COMPLEX else None, tz=s.tz, calendar=s.calendar
    )
    s.out.values.update(
        due_at=due,
        working_days=n,
        deadline_started_at=s.now,
        reported_at=None,
        closed_at=None,
        paused_at=None,
        follow_up_due_at=None,
        follow_up_done=False,
        follow_up_flagged=False,
    )
    s.out.data["due_at"] = s.stamp(due)


def _follow_up(s: _Step) -> None:  # R-LC-5
    dissatisfied = s.fields["satisfaction"] == Satisfaction.DISSATISFIED.value
    s.out.values.update(follow_up_done=True, follow_up_flagged=dissatisfied)
    if dissatisfied:
        message = Message(
            N_("Ticket {id}: the owner was dissatisfied at the follow-up visit; reopen it or record why not"),
            {"id": s.ticket.id},
        )
        s.out.notices.append(Notice("follow_up_dissatisfied", message))


def _end(s: _Step) -> None:  # withdraw, invalidate
    s.out.note = s.out.note or str(s.fields.get("reason", ""))


def _escalate(s: _Step) -> None:
    """R-IN-8: who was called, and when (the event's time); R-IN-8a: that the owner agreed
    (``owner_agreed``), or that a supervisor took it over themselves (``taken_over``: nobody was
    called and no agreement is claimed)."""
    s.out.values["escalated"] = True
    if s.fields.get("taken_over") is True:
        s.out.data.pop("owner_agreed", None)
        s.out.note = s.out.note or _("taken over by {name}").format(name=s.fields["called"])
    else:
        s.out.note = s.out.note or _("called {name}, the owner agreed").format(name=s.fields["called"])


def _heard(s: _Step) -> None:  # contact, note (R-LC-4): the owner heard from us
    s.out.values["last_update_at"] = s.now


def _extend(s: _Step) -> None:
    """R-DL-3: a complex ticket's new deadline, at most 15 working days from the extension base."""
    ticket = s.ticket
    if deadlines.emergency_clock_is_deadline(ticket.emergency, ticket.deadline_started_at, ticket.received_at):
        raise RuleError(
            "R-EM-2", _(
                "An emergency's deadline is its under-control clock; it is not extended. Record a revised "
                "expected time instead (revise-expected, R-EM-4)."
            )
        )
    if "working_days" not in s.fields:
        raise InputError("working_days", _("the new total of working days (at most 15)"))
    new_due = deadlines.extend(
        ticket.due_at,
        s.extension_base if s.extension_base is not None else ticket.received_at,
        new_working_days=s.fields["working_days"],
        tz=s.tz,
        calendar=s.calendar,
    )
    if ticket.complexity != Complexity.COMPLEX.value:
        s.out.data["complexity_from"] = ticket.complexity
        s.out.values["complexity"] = Complexity.COMPLEX.value
    s.out.values.update(
        due_at=new_due,
        deadline_started_at=s.now,
        working_days=s.calendar.working_days_between(
            s.now.astimezone(s.tz).date(), new_due.astimezone(s.tz).date()
        ),
    )
    s.out.data.update(due_from=s.stamp(ticket.due_at), due_at=s.stamp(new_due))
    s.note_or("reason")


def _pause(s: _Step) -> None:  # R-DL-7
    s.out.values["paused_at"] = s.now
    s.note_or("reason")


def _resume(s: _Step) -> None:  # R-DL-7
    resumed = resume_values(s.ticket, s.now, tz=s.tz, calendar=s.calendar)
    s.out.values.update(resumed)
    s.out.data.update(due_from=s.stamp(s.ticket.due_at), due_at=s.stamp(resumed["due_at"]))


def _on_site(s: _Step) -> None:  # R-EM-2: recorded once
    if s.ticket.on_site_at is not None:
        raise RuleError(
            "R-EM-2", _("On site was recorded at {time}.").format(time=local_words(s.ticket.on_site_at, s.tz))
        )
    s.out.values["on_site_at"] = s.now


def _under_control(s: _Step) -> None:  # R-EM-2: recorded once; a team in control is on site
    if s.ticket.under_control_at is not None:
        raise RuleError(
            "R-EM-2",
            _("Under control was recorded at {time}.").format(time=local_words(s.ticket.under_control_at, s.tz)),
        )
    s.out.values["under_control_at"] = s.now
    if s.ticket.on_site_at is None:
        s.out.values["on_site_at"] = s.now


def _revise_expected(s: _Step) -> None:
    """R-EM-4: a revised expected resolution time with its reason, the owner told. The clocks stay
    as they are (never extended or paused): the event records which of them were already missed."""
    expected = s.fields["expected_at"]
    if not isinstance(expected, datetime) or expected.tzinfo is None:
        raise InputError("expected_at", _("a date and time, e.g. 2026-12-06 14:30"))
    if expected <= s.now:
        raise InputError(
            "expected_at",
            _("the revised expected time must be later than now ({now})").format(now=local_words(s.now, s.tz)),
        )
    s.out.values.update(revised_expected_at=expected, last_update_at=s.now)  # the owner was told (R-LC-4)
    s.out.data["expected_at"] = s.stamp(expected)
    s.out.data["missed"] = list(missed_clocks(s.ticket, s.now))
    s.note_or("reason")


def _summary(s: _Step) -> None:  # R-EM-3, R-LC-6
    s.out.values["has_summary"] = True


def _correct(s: _Step) -> None:  # R-LC-3: a new event pointing at the one it corrects
    s.out.data = {k: v for k, v in s.out.data.items() if k != "corrects"}
    s.out.corrects_id = s.fields["corrects"]


_STEPS = {
    Action.ASSESS: _routing,
    Action.ASSIGN: _routing,
    Action.REASSIGN: _routing,
    Action.ANSWER: _answer,
    Action.REPORT: _report,
    Action.CONFIRM: _close,
    Action.CLOSE_UNREACHABLE: _close,
    Action.REOPEN: _reopen,
    Action.FOLLOW_UP: _follow_up,
    Action.WITHDRAW: _end,
    Action.INVALIDATE: _end,
    Action.ESCALATE: _escalate,
    Action.CONTACT: _heard,
    Action.NOTE: _heard,
    Action.EXTEND: _extend,
    Action.PAUSE: _pause,
    Action.RESUME: _resume,
    Action.ON_SITE: _on_site,
    Action.UNDER_CONTROL: _under_control,
    Action.REVISE_EXPECTED: _revise_expected,
    Action.SUMMARY: _summary,
    Action.CORRECT: _correct,
}


def effects(
    ticket: TicketNow,
    action: Action,
    fields: Mapping[str, Any],
    now: datetime,
    *,
    tz: tzinfo,
    calendar: WorkCalendar,
    follow_up_working_days: int = 3,
    handler: Handler | None = None,
    extension_base: datetime | None = None,
    contact_attempts: int = 0,
    contact_span_working_days: int = 0,
) -> Effects:
    """What ``action`` with the cleaned ``fields`` does to ``ticket`` at ``now``.

    ``handler`` is the operator the service found for the ``handler`` field (``None``: none named);
    ``extension_base`` the start of R-DL-3's 15 days (receipt or the last reopening; ``None``:
    receipt); ``contact_attempts``/``contact_span_working_days`` what ``close-unreachable`` records.
    An action with no effect on the row (e.g. a future one) changes nothing and records its fields.
    Raises RuleError or InputError when the action cannot have its effect (R-EM-2, R-DL-3).
    """
    out = Effects(
        values={}, data={k: v for k, v in fields.items() if k != "note"}, note=str(fields.get("note", ""))
    )
    step = _STEPS.get(action)
    if step is not None:
        step(
            _Step(
                ticket,
                action,
                fields,
                now,
                tz,
                calendar,
                follow_up_working_days,
                handler,
                extension_base,
                contact_attempts,
                contact_span_working_days,
                out,
            )
        )
    return out


__all__ = [
    "Effects",
    "Handler",
    "Notice",
    "TicketNow",
    "deadline_for",
    "effects",
    "local_words",
    "missed_clocks",
    "resume_values",
]
