"""The escalation scan: R-DL-6, R-EM-2, R-SV-5, R-LC-4, R-LC-5.

``escalations_due`` is pure: from what the service knows about one ticket (``TicketFacts``) and
``now`` it returns the escalations now due that have not happened yet. Each escalation is unique per
ticket, ``kind`` and ``deadline_key`` (``Escalation.key``); the service stores that pair and passes
the stored pairs back in ``TicketFacts.already``, so running the scan twice at the same ``now``
yields nothing new. ``deadline_key`` is the start of the clock concerned, so a reopening or an
extension (a new deadline, R-DL-6) escalates again while a pause or a holiday-file change (the same
deadline, moved) does not.

Recipients are role codes (``assistant``, ``director``, ``duty_officer``) and ``handler``; the
service resolves them to active operators, and gives an assistant with a department only that
department's escalations (R-DL-6).

The desk's own escalation (R-IN-8, "服务上移") lives here too: :func:`check_called` says whom the desk
may call (R-IN-8a): an assistant or the director at any hour, and off duty hours the officer on duty
(R-DU-5). The project has no roster of managers on call (004 4.1.7), so nobody else qualifies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.codes import OPEN_STATUSES, Complexity, Role, Severity, Status
from frontdesk_tui.domain.deadlines import END_OF_DAY, emergency_clock_is_deadline, warning_at
from frontdesk_tui.domain.duty.on_duty import OnDuty
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.domain.tickets.severity import (
    UPGRADE_OPEN,
    UPGRADE_OPEN_DAYS,
    UPGRADE_REPEAT,
    UPGRADE_REPEAT_COUNT,
    UPGRADE_WINDOW_DAYS,
    upgrade_reason_message,
)
from frontdesk_tui.i18n import N_, Message, _

HANDLER = "handler"
ASSISTANT = Role.ASSISTANT.value
DIRECTOR = Role.DIRECTOR.value
DUTY_OFFICER = Role.DUTY_OFFICER.value


class EscalationKind(StrEnum):
    WARNING = "warning"
    OVERDUE = "overdue"
    OVERDUE_DIRECTOR = "overdue_director"
    ON_SITE_OVERDUE = "on_site_overdue"
    UNDER_CONTROL_OVERDUE = "under_control_overdue"
    NO_UPDATE = "no_update"
    FOLLOW_UP_DUE = "follow_up_due"
    UPGRADE_MAJOR = "upgrade_major"


#: The rule each kind applies and who it reaches (R-DL-6), before the off-duty officer is added.
RULES: dict[EscalationKind, tuple[str, frozenset[str]]] = {
    EscalationKind.WARNING: ("R-DL-6", frozenset({HANDLER, ASSISTANT})),
    EscalationKind.OVERDUE: ("R-DL-6", frozenset({ASSISTANT})),
    EscalationKind.OVERDUE_DIRECTOR: ("R-DL-6", frozenset({DIRECTOR})),
    EscalationKind.ON_SITE_OVERDUE: ("R-EM-2", frozenset({ASSISTANT, DIRECTOR, DUTY_OFFICER})),
    EscalationKind.UNDER_CONTROL_OVERDUE: ("R-EM-2", frozenset({DIRECTOR})),
    EscalationKind.NO_UPDATE: ("R-LC-4", frozenset({ASSISTANT})),
    EscalationKind.FOLLOW_UP_DUE: ("R-LC-5", frozenset({ASSISTANT})),
    EscalationKind.UPGRADE_MAJOR: ("R-SV-5", frozenset({DIRECTOR})),
}


@dataclass(frozen=True, slots=True)
class TicketFacts:
    """What the scan needs to know about one ticket; all times aware.

    ``deadline_started_at`` is the start of the current deadline (receipt, last reopening or
    extension; ``None`` means receipt). ``reported_at`` is the ``report`` of the current deadline
    (``None`` again after a reopening). ``last_update_at`` is the last owner-facing ``contact`` or
    ``note``. ``same_unit_category_raises_30d`` counts this ticket's unit and category raised within
    the last 30 days, this one included (R-IN-7 links and attached raises count);
    ``one_of_them_unresolved`` says whether one of those is still open.
    """

    ticket_id: int | str
    status: Status
    severity: Severity | None
    complexity: Complexity | None
    emergency: bool
    department: str | None
    handler_id: int | None
    received_at: datetime
    due_at: datetime | None = None
    deadline_started_at: datetime | None = None
    reported_at: datetime | None = None
    paused: bool = False
    on_site_at: datetime | None = None
    under_control_at: datetime | None = None
    on_site_due: datetime | None = None
    under_control_due: datetime | None = None
    last_update_at: datetime | None = None
    closed_at: datetime | None = None
    follow_up_done: bool = False
    valid: bool = True
    same_unit_category_raises_30d: int = 0
    one_of_them_unresolved: bool = False
    already: frozenset[tuple[str, str]] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Escalation:
    """One escalation now due: a timeline event (with ``rule``) and inbox items for ``recipients``."""

    rule: str
    kind: str
    deadline_key: str
    recipients: frozenset[str]
    #: Translated when read: each inbox shows it in its reader's language (issue 11).
    text: Message
    upgrade_to_major: bool = False

    @property
    def message(self) -> str:
        """The message in the current language (the timeline's note, the scan's report)."""
        return self.text.render()

    @property
    def key(self) -> tuple[str, str]:
        """What makes it unique per ticket: the pair stored and passed back in ``already``."""
        return (str(self.kind), self.deadline_key)


@dataclass(frozen=True, slots=True)
class EscalationSettings:
    """The (design) numbers of the rules, from the site configuration."""

    #: R-DL-6: the warning comes when this share of the time allowed has passed.
    warning_ratio: float = 0.8
    #: R-LC-4: working days without an owner-facing contact or note before "no update".
    no_update_working_days: int = 2
    #: R-LC-5: the follow-up visit is due within this many working days after closing.
    follow_up_working_days: int = 3
    #: R-SV-5 (a): a valid ticket open longer than this many days becomes major.
    upgrade_open_days: int = UPGRADE_OPEN_DAYS
    #: R-SV-5 (b): the n-th raise of the same unit and category within 30 days upgrades
    #: (the service counts the raises in ``TicketFacts.same_unit_category_raises_30d``).
    upgrade_repeat_count: int = UPGRADE_REPEAT_COUNT


def _utc(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(name, _("a time without a time zone is ambiguous: give the offset"))
    return value.astimezone(UTC)


def _key(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _shown(value: datetime, tz: tzinfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def working_days_later(moment: datetime, n: int, tz: tzinfo, calendar: WorkCalendar) -> datetime:
    """The same local clock time ``n`` working days after the local day of ``moment`` (UTC)."""
    local = moment.astimezone(tz)
    day = calendar.add_working_days(local.date(), n)
    return datetime.combine(day, local.time(), tzinfo=tz).astimezone(UTC)


def director_overdue_at(due: datetime, tz: tzinfo, calendar: WorkCalendar) -> datetime:
    """R-DL-6: past one more working day after ``due``, the directors are told."""
    return working_days_later(due, 1, tz, calendar)


def follow_up_due_at(
    closed_at: datetime, tz: tzinfo, calendar: WorkCalendar, working_days: int = 3
) -> datetime:
    """R-LC-5: 23:59:59 local on the ``working_days``-th working day after the day of closing."""
    local_day = closed_at.astimezone(tz).date()
    day = calendar.add_working_days(local_day, working_days)
    return datetime.combine(day, END_OF_DAY, tzinfo=tz).astimezone(UTC)


def _deadline_start(f: TicketFacts) -> datetime:
    return _utc(f.deadline_started_at or f.received_at, "deadline_started_at")


def _emergency_clock_is_the_deadline(f: TicketFacts) -> bool:
    """The emergency's under-control clock is its deadline: escalated by R-EM-2, not R-DL-6."""
    return emergency_clock_is_deadline(f.emergency, f.deadline_started_at, f.received_at)


def escalations_due(
    facts: TicketFacts,
    now: datetime,
    *,
    tz: tzinfo,
    calendar: WorkCalendar,
    settings: EscalationSettings | None = None,
    off_duty: bool = False,
) -> list[Escalation]:
    """The escalations of one ticket due at ``now`` and not in ``facts.already``.

    ``off_duty`` (decided by the service from the duty hours and the roster, R-DU-2) adds the officer
    on duty to every recipient list (R-DL-6).
    """
    cfg = settings or EscalationSettings()
    now = _utc(now, "now")
    f = facts
    found: list[tuple[EscalationKind, str, Message, bool]] = []  # kind, key, message, upgrade

    def add(kind: EscalationKind, key: datetime | str, message: Message, upgrade: bool = False) -> None:
        found.append((kind, key if isinstance(key, str) else _key(key), message, upgrade))

    is_open = f.status in OPEN_STATUSES
    clock_running = is_open and f.reported_at is None and f.status != Status.RESULT_REPORTED

    # R-EM-2: the emergency clocks (emergencies never pause, R-DL-7).
    if f.emergency and clock_running:
        if f.on_site_due is not None and f.on_site_at is None and now > _utc(f.on_site_due, "on_site_due"):
            add(
                EscalationKind.ON_SITE_OVERDUE,
                f.on_site_due,
                Message(
                    N_("Emergency {id}: nobody reported on site by {due}"),
                    {"id": f.ticket_id, "due": _shown(f.on_site_due, tz)},
                ),
            )
        if (
            f.under_control_due is not None
            and f.under_control_at is None
            and now > _utc(f.under_control_due, "under_control_due")
        ):
            add(
                EscalationKind.UNDER_CONTROL_OVERDUE,
                f.under_control_due,
                Message(
                    N_("Emergency {id}: not under control by {due}"),
                    {"id": f.ticket_id, "due": _shown(f.under_control_due, tz)},
                ),
            )

    # R-DL-6: warning at 80 %, overdue at 100 %, directors one working day later. Paused tickets
    # do not escalate their deadline (R-DL-7).
    if clock_running and not f.paused and f.due_at is not None and not _emergency_clock_is_the_deadline(f):
        due = _utc(f.due_at, "due_at")
        start = _deadline_start(f)
        if now > due:
            add(
                EscalationKind.OVERDUE,
                start,
                Message(N_("Ticket {id} is overdue: it was due {due}"), {"id": f.ticket_id, "due": _shown(due, tz)}),
            )
            if now > director_overdue_at(due, tz, calendar):
                add(
                    EscalationKind.OVERDUE_DIRECTOR,
                    start,
                    Message(
                        N_("Ticket {id} is more than one working day overdue: it was due {due}"),
                        {"id": f.ticket_id, "due": _shown(due, tz)},
                    ),
                )
        elif now >= warning_at(
            start, due, complexity=f.complexity, tz=tz, calendar=calendar, ratio=cfg.warning_ratio
        ):
            add(
                EscalationKind.WARNING,
                start,
                Message(
                    N_("Ticket {id}: {percent}% of the time allowed has passed, due {due}"),
                    {"id": f.ticket_id, "percent": round(cfg.warning_ratio * 100), "due": _shown(due, tz)},
                ),
            )

    # R-LC-4: moderate and complex tickets need an owner-facing update every 2 working days. A
    # paused ticket still owes the owner news, so a pause does not stop this one.
    if clock_running and f.complexity in (Complexity.MODERATE, Complexity.COMPLEX):
        since = max(
            _utc(t, "last_update_at") for t in (f.last_update_at, f.deadline_started_at, f.received_at) if t
        )
        if now > working_days_later(since, cfg.no_update_working_days, tz, calendar):
            add(
                EscalationKind.NO_UPDATE,
                since,
                Message(
                    N_("Ticket {id}: no update to the owner for {days} working days, since {since}"),
                    {"id": f.ticket_id, "days": cfg.no_update_working_days, "since": _shown(since, tz)},
                ),
            )

    # R-LC-5: the follow-up visit after closing.
    if f.status == Status.CLOSED and f.closed_at is not None and not f.follow_up_done:
        follow_due = follow_up_due_at(
            _utc(f.closed_at, "closed_at"), tz, calendar, cfg.follow_up_working_days
        )
        if now > follow_due:
            add(
                EscalationKind.FOLLOW_UP_DUE,
                f.closed_at,
                Message(
                    N_("Ticket {id}: the follow-up visit was due by {due}"),
                    {"id": f.ticket_id, "due": _shown(follow_due, tz)},
                ),
            )

    # R-SV-5: automatic upgrade to major, only for valid open tickets not major yet.
    if is_open and f.valid and f.severity != Severity.MAJOR:
        open_for = now - _utc(f.received_at, "received_at")
        if open_for > timedelta(days=cfg.upgrade_open_days):
            add(
                EscalationKind.UPGRADE_MAJOR,
                UPGRADE_OPEN,
                Message(
                    N_("Ticket {id}: {reason}"),
                    {"id": f.ticket_id, "reason": upgrade_reason_message(UPGRADE_OPEN, days=cfg.upgrade_open_days)},
                ),
                upgrade=True,
            )
        elif f.same_unit_category_raises_30d >= cfg.upgrade_repeat_count and f.one_of_them_unresolved:
            reason = upgrade_reason_message(
                UPGRADE_REPEAT, count=f.same_unit_category_raises_30d, days=UPGRADE_WINDOW_DAYS
            )
            add(
                EscalationKind.UPGRADE_MAJOR,
                UPGRADE_REPEAT,
                Message(N_("Ticket {id}: {reason}"), {"id": f.ticket_id, "reason": reason}),
                upgrade=True,
            )

    result = []
    for kind, key, message, upgrade in found:
        if (str(kind), key) in f.already:
            continue
        rule, recipients = RULES[kind]
        if off_duty:
            recipients = recipients | {DUTY_OFFICER}
        result.append(Escalation(rule, kind, key, recipients, message, upgrade))
    return result


#: The smallest step of a stored time: a rule that fires when ``now > T`` is first due at ``T + TICK``.
TICK = timedelta(microseconds=1)


def next_check_at(
    facts: TicketFacts,
    now: datetime,
    *,
    tz: tzinfo,
    calendar: WorkCalendar,
    settings: EscalationSettings | None = None,
) -> datetime | None:
    """The earliest time from ``now`` on at which :func:`escalations_due` can return an escalation
    of this ticket that is not in ``facts.already``, or None when none can until the ticket
    changes (issue 15). Called with the escalations due at ``now`` already in ``facts.already``,
    it is later than ``now``.

    The scan stores it (``Ticket.next_check_at``) and reads only the tickets whose time has come,
    so it must never be late: every clock of ``escalations_due`` is here with the same conditions.
    The R-SV-5 (b) repeat upgrade depends on other tickets (raises of the same unit and category),
    not on a clock of this one: the scan finds those candidates by their own query."""
    cfg = settings or EscalationSettings()
    f = facts
    times: list[datetime] = []

    def pending(kind: EscalationKind, key: datetime | str) -> bool:
        return (str(kind), key if isinstance(key, str) else _key(key)) not in f.already

    is_open = f.status in OPEN_STATUSES
    clock_running = is_open and f.reported_at is None and f.status != Status.RESULT_REPORTED
    if f.emergency and clock_running:
        if f.on_site_due is not None and f.on_site_at is None and pending(EscalationKind.ON_SITE_OVERDUE, f.on_site_due):
            times.append(_utc(f.on_site_due, "on_site_due") + TICK)
        if (
            f.under_control_due is not None
            and f.under_control_at is None
            and pending(EscalationKind.UNDER_CONTROL_OVERDUE, f.under_control_due)
        ):
            times.append(_utc(f.under_control_due, "under_control_due") + TICK)
    if clock_running and not f.paused and f.due_at is not None and not _emergency_clock_is_the_deadline(f):
        due = _utc(f.due_at, "due_at")
        start = _deadline_start(f)
        if pending(EscalationKind.WARNING, start) and _utc(now, "now") <= due:
            warn = warning_at(start, due, complexity=f.complexity, tz=tz, calendar=calendar, ratio=cfg.warning_ratio)
            if warn <= due:  # after the due time the overdue escalation comes instead
                times.append(warn)
        if pending(EscalationKind.OVERDUE, start):
            times.append(due + TICK)
        if pending(EscalationKind.OVERDUE_DIRECTOR, start):
            times.append(max(director_overdue_at(due, tz, calendar), due) + TICK)
    if clock_running and f.complexity in (Complexity.MODERATE, Complexity.COMPLEX):
        since = max(_utc(t, "last_update_at") for t in (f.last_update_at, f.deadline_started_at, f.received_at) if t)
        if pending(EscalationKind.NO_UPDATE, since):
            times.append(working_days_later(since, cfg.no_update_working_days, tz, calendar) + TICK)
    closed_pending = f.status == Status.CLOSED and f.closed_at is not None and not f.follow_up_done
    if closed_pending and pending(EscalationKind.FOLLOW_UP_DUE, f.closed_at):  # type: ignore[arg-type]
        closed = _utc(f.closed_at, "closed_at")  # type: ignore[arg-type]
        times.append(follow_up_due_at(closed, tz, calendar, cfg.follow_up_working_days) + TICK)
    if is_open and f.valid and f.severity != Severity.MAJOR and pending(EscalationKind.UPGRADE_MAJOR, UPGRADE_OPEN):
        times.append(_utc(f.received_at, "received_at") + timedelta(days=cfg.upgrade_open_days) + TICK)
    return min(times) if times else None


# --- R-IN-8a: whom the desk calls when it moves the service up -----------------------------------

SUPERVISOR_ROLES = frozenset({Role.ASSISTANT.value, Role.DIRECTOR.value})


def may_be_called(role: str, person_id: int, *, on_duty: OnDuty | None) -> bool:
    """R-IN-8a: the person is a supervisor the desk may move the service up to. ``on_duty`` is the
    duty period now (None while the day desk works): off duty hours its acting officer qualifies."""
    if str(role) in SUPERVISOR_ROLES:
        return True
    if str(role) != Role.DUTY_OFFICER.value or on_duty is None:
        return False
    acting = on_duty.acting
    return acting is not None and acting.id == person_id


def check_called(name: str, role: str | None, person_id: int | None, *, on_duty: OnDuty | None) -> None:
    """RuleError R-IN-8a unless ``name`` (found as ``role``/``person_id``; None: no active operator
    of that name) is a supervisor the desk may call now."""
    if role is not None and person_id is not None and may_be_called(role, person_id, on_duty=on_duty):
        return
    officer = on_duty.acting.name if on_duty is not None and on_duty.acting is not None else None
    if officer:
        whom = _("an assistant, the director or {officer}, the officer on duty").format(officer=officer)
    elif on_duty is not None:
        whom = _("an assistant or the director (nobody is on the roster tonight)")
    else:
        whom = _("an assistant or the director")
    if role is None:
        reason = _("{name} is not an active operator").format(name=name)
    else:
        reason = _("{name} is not a supervisor").format(name=name)
    raise RuleError("R-IN-8a", _("{reason}: the service is moved up to {whom}.").format(reason=reason, whom=whom))
