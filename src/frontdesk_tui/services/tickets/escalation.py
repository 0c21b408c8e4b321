"""The escalation scan (R-DL-6, R-EM-2, R-SV-5, R-LC-4, R-LC-5), the inbox, and calendar warnings.

``run_escalation_scan`` loads the tickets that can still escalate (open ones, and closed ones whose
follow-up visit is pending) with SQL, builds ``domain.tickets.escalation.TicketFacts`` for each, asks
``escalations_due`` what is due now, and applies all of it in one transaction: an ``Escalation``
row (unique per ticket, kind and deadline), a timeline event without an operator but with the rule
id (R-RO-2), inbox items for every active operator named (R-DL-6), the R-SV-5 upgrade to major and
the ticket's ``escalated`` flag. ``cron`` (``frontdesk escalate``) and the app's timer call it; the same scan writes
the R-KP-4 reminders (``services.site.reminders``: roster, morning check, handover), once each.

Two scans at once (cron and an open app) are safe: the escalation rows are inserted first with
``ON CONFLICT DO NOTHING`` on their unique key (ticket, kind, deadline), and an escalation another
scan got first is skipped with its event and inbox items. Rows, events and inbox items are written
in batches, so even a first scan over a large backlog is quick.
"""

from __future__ import annotations

import importlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import bindparam, case, func, insert, or_, select, update

from frontdesk_tui.data.tables import Operator
from frontdesk_tui.data.tables_tickets import NEVER_CHECK, Escalation, Ticket, TicketEvent
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.calendar import missing_next_year_warning
from frontdesk_tui.domain.codes import OPEN_STATUSES, Complexity, Severity, Status
from frontdesk_tui.domain.duty.roster import DutyHours, is_off_duty_hours
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.domain.tickets.escalation import (
    ASSISTANT,
    DUTY_OFFICER,
    HANDLER,
    EscalationKind,
    EscalationSettings,
    TicketFacts,
    escalations_due,
    next_check_at,
)
from frontdesk_tui.domain.tickets.escalation import Escalation as DueEscalation
from frontdesk_tui.domain.tickets.severity import UPGRADE_WINDOW_DAYS
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site import Site, inbox
from frontdesk_tui.services.site.inbox import REF_TICKET, InboxEntry, InboxNotice, add_to_inbox
from frontdesk_tui.services.site.reminders import SentReminder, send_due_reminders
from frontdesk_tui.services.tickets.queries import ESCALATION_KIND, shown_data, timeline_note
from frontdesk_tui.services.uow import UnitOfWork

#: The timeline event kind of an automatic escalation (read back by ``queries.timeline_note``).
EVENT_KIND = ESCALATION_KIND
#: The timeline event kind of a raise attached to an open ticket (R-IN-7).
ATTACH_KIND = "attach"

_OPEN = [s.value for s in OPEN_STATUSES]
_MESSAGE_MAX = 500


@dataclass(frozen=True)
class AppliedEscalation:
    """One escalation the scan applied."""

    ticket_id: int
    kind: str
    rule: str
    deadline_key: str
    message: str
    recipient_ids: tuple[int, ...]
    upgraded: bool = False
    recipient_names: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "ticket_id": self.ticket_id,
            "kind": self.kind,
            "rule": self.rule,
            "deadline_key": self.deadline_key,
            "message": self.message,
            "recipients": list(self.recipient_names),
            "recipient_ids": list(self.recipient_ids),
            "upgraded": self.upgraded,
        }


@dataclass(frozen=True)
class ScanResult:
    """What one scan did: counts per kind, the escalations, how many tickets it looked at."""

    now: datetime
    scanned: int
    applied: tuple[AppliedEscalation, ...] = ()
    skipped_concurrent: int = 0
    off_duty: bool = False
    reminders: tuple[SentReminder, ...] = ()
    """R-KP-4: the reminders this scan wrote to the supervision inbox (each only once ever)."""

    @property
    def counts(self) -> dict[str, int]:
        """Escalations applied per kind, in the order of ``EscalationKind``."""
        found = Counter(a.kind for a in self.applied)
        return {str(k): found[str(k)] for k in EscalationKind if found[str(k)]}

    @property
    def total(self) -> int:
        return len(self.applied)

    @property
    def upgraded(self) -> tuple[int, ...]:
        return tuple(a.ticket_id for a in self.applied if a.upgraded)

    @property
    def inbox_items(self) -> int:
        return sum(len(a.recipient_ids) for a in self.applied)

    def to_json(self, tz: tzinfo | None = None) -> dict[str, Any]:
        return {
            "now": self.now.astimezone(tz).isoformat(timespec="seconds") if tz else self.now.isoformat(),
            "scanned": self.scanned,
            "total": self.total,
            "counts": self.counts,
            "inbox_items": self.inbox_items,
            "upgraded": list(self.upgraded),
            "off_duty": self.off_duty,
            "skipped_concurrent": self.skipped_concurrent,
            "escalations": [a.to_json() for a in self.applied],
            "reminders": [r.to_json() for r in self.reminders],
        }


@dataclass
class _Staff:
    """The active operators, by role, for resolving recipients."""

    by_role: dict[str, list[tuple[int, str | None]]] = field(default_factory=dict)
    active: set[int] = field(default_factory=set)
    names: dict[int, str] = field(default_factory=dict)

    def ids(self, role: str) -> list[tuple[int, str | None]]:
        return self.by_role.get(role, [])


def escalation_settings(site: Site) -> EscalationSettings:
    s = site.settings
    return EscalationSettings(
        warning_ratio=s.warning_ratio,
        no_update_working_days=s.no_update_working_days,
        follow_up_working_days=s.follow_up_working_days,
        upgrade_open_days=s.upgrade_open_days,
        upgrade_repeat_count=s.upgrade_repeat_count,
    )


# --- loading ------------------------------------------------------------------------------------


_CANDIDATE_COLUMNS = (
    Ticket.id,
    Ticket.status,
    Ticket.severity,
    Ticket.complexity,
    Ticket.emergency,
    Ticket.department,
    Ticket.handler_id,
    Ticket.unit_id,
    Ticket.location,
    Ticket.category,
    Ticket.received_at,
    Ticket.due_at,
    Ticket.deadline_started_at,
    Ticket.reported_at,
    Ticket.paused_at,
    Ticket.on_site_at,
    Ticket.under_control_at,
    Ticket.on_site_due,
    Ticket.under_control_due,
    Ticket.last_update_at,
    Ticket.closed_at,
    Ticket.follow_up_done,
)


#: Candidates are read (and their next check written) in batches of this many.
_SCAN_BATCH = 5_000


def _candidates(session, now: datetime) -> list[Any]:
    """The tickets the scan must look at now (issue 15): those whose next check has come, those
    written since the scan last looked (NULL, set by the database on every write), both through
    ``ix_ticket_next_check``. Every other ticket cannot escalate before its stored time.

    Written tickets that can never escalate (ended, or closed with the follow-up done) are set to
    ``NEVER_CHECK`` in SQL without being read."""
    session.execute(
        update(Ticket)
        .where(
            Ticket.next_check_at == None,  # noqa: E711
            Ticket.status.not_in(_OPEN),  # type: ignore[attr-defined]
            or_(Ticket.status != Status.CLOSED.value, Ticket.follow_up_done == True, Ticket.closed_at == None),  # noqa: E711, E712
        )
        .values(next_check_at=NEVER_CHECK)
        .execution_options(synchronize_session=False)
    )
    rows = list(
        session.execute(
            select(*_CANDIDATE_COLUMNS).where(Ticket.next_check_at <= now, Ticket.next_check_at != None)  # noqa: E711
        )
    )
    last = 0
    while True:
        batch = list(
            session.execute(
                select(*_CANDIDATE_COLUMNS)
                .where(Ticket.next_check_at == None, Ticket.id > last)  # noqa: E711
                .order_by(Ticket.next_check_at, Ticket.id)
                .limit(_SCAN_BATCH)
            )
        )
        rows.extend(batch)
        if len(batch) < _SCAN_BATCH:
            break
        last = batch[-1].id
    return rows


def _repeat_candidates(
    session, raises: dict[tuple[Any, str, str], tuple[int, bool]], count: int, looked_at: Sequence[Any]
) -> list[Any]:
    """R-SV-5 (b) is not a clock of one ticket: the open tickets of every (unit, category) raised
    ``count`` times or more within 30 days with one still unresolved, through
    ``ix_ticket_unit_category_status``.

    Only the groups of a ticket the scan looks at now (``looked_at``: due, or written since the
    last scan) can have started to qualify: a group's raises grow only by a ticket received or a
    raise attached, both writes, and a ticket leaves "major" or joins a group only by a write. A
    group that qualified before was upgraded by the scan that saw it (issue 15: at 1M tickets
    re-reading the 4,455 qualifying groups' open tickets every minute took 1.5 s)."""
    seen = {t.id for t in looked_at}
    touched = {(t.unit_id, "" if t.unit_id is not None else t.location, t.category) for t in looked_at}
    by_unit: list[tuple[int, str]] = []
    by_place: list[tuple[str, str]] = []
    for (unit_id, place, category), (raised, unresolved) in raises.items():
        if raised < count or not unresolved or (unit_id, place, category) not in touched:
            continue
        if unit_id is not None:
            by_unit.append((unit_id, category))
        else:
            by_place.append((place, category))
    # Issue 15: the groups are looked up _REPEAT_CHUNK at a time (unit IN … AND category IN …
    # through the same index, the exact pairs kept here), not one query each: at 1M tickets 4,455
    # groups qualified, 16.7 s of a 17.8 s scan. (A row-value IN makes SQLite walk the status index.)
    not_major = or_(Ticket.severity == None, Ticket.severity != Severity.MAJOR.value)  # noqa: E711
    rows: list[Any] = []
    for column, groups, extra in (
        (Ticket.unit_id, by_unit, []),
        (Ticket.location, by_place, [Ticket.unit_id == None]),  # noqa: E711
    ):
        for i in range(0, len(groups), _REPEAT_CHUNK):
            pairs = set(groups[i : i + _REPEAT_CHUNK])
            stmt = select(*_CANDIDATE_COLUMNS).where(
                *extra,
                column.in_(sorted({k for k, _c in pairs})),  # type: ignore[attr-defined]
                Ticket.category.in_(sorted({c for _k, c in pairs})),  # type: ignore[attr-defined]
                Ticket.status.in_(_OPEN),  # type: ignore[attr-defined]
                not_major,
            )
            key = column.key
            rows.extend(
                r for r in session.execute(stmt) if r.id not in seen and (getattr(r, key), r.category) in pairs
            )
    return rows


_REPEAT_CHUNK = 200


def _store_next_checks(session, next_checks: list[dict[str, Any]]) -> None:
    """Write each looked-at ticket's next check (a value the database trigger keeps: it differs
    from the stored NULL or past time)."""
    stmt = (
        update(Ticket)
        .where(Ticket.id == bindparam("tid"))
        .values(next_check_at=bindparam("check"))
        .execution_options(synchronize_session=False)
    )
    connection = session.connection()
    for i in range(0, len(next_checks), _SCAN_BATCH):
        connection.execute(stmt, next_checks[i : i + _SCAN_BATCH])


def _already(session, ids: Sequence[int]) -> dict[int, set[tuple[str, str]]]:
    found: dict[int, set[tuple[str, str]]] = {}
    for chunk in _chunks(ids, 500):
        rows = session.execute(
            select(Escalation.ticket_id, Escalation.kind, Escalation.deadline_key).where(
                Escalation.ticket_id.in_(chunk)  # type: ignore[attr-defined]
            )
        )
        for ticket_id, kind, key in rows:
            found.setdefault(ticket_id, set()).add((kind, key))
    return found


def _place_key():
    """Same unit: the unit's id; for a public area, its location string."""
    return case((Ticket.unit_id != None, ""), else_=Ticket.location)  # noqa: E711


def _raises(session, now: datetime) -> dict[tuple[Any, str, str], tuple[int, bool]]:
    """R-SV-5 (b) facts per (unit, place, category): raises within 30 days and whether one of the
    tickets raised is still open. Raises are tickets received in the window (an R-IN-7 recurrence
    is one) and ``attach`` events in the window (a raise added to an open ticket)."""
    since = now - timedelta(days=UPGRADE_WINDOW_DAYS)
    place = _place_key().label("place")
    is_open = func.max(case((Ticket.status.in_(_OPEN), 1), else_=0))  # type: ignore[attr-defined]
    tickets = session.execute(
        select(Ticket.unit_id, place, Ticket.category, func.count(), is_open)
        .where(Ticket.received_at > since, Ticket.received_at <= now, Ticket.status != Status.INVALID.value)
        .group_by(Ticket.unit_id, place, Ticket.category)
    )
    found: dict[tuple[Any, str, str], tuple[int, bool]] = {}
    for unit_id, where, category, count, any_open in tickets:
        found[(unit_id, where, category)] = (int(count), bool(any_open))
    attached = session.execute(
        select(Ticket.unit_id, place, Ticket.category, func.count(), is_open)
        .join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
        .where(TicketEvent.kind == ATTACH_KIND, TicketEvent.at > since, TicketEvent.at <= now)
        .group_by(Ticket.unit_id, place, Ticket.category)
    )
    for unit_id, where, category, count, any_open in attached:
        key = (unit_id, where, category)
        before, was_open = found.get(key, (0, False))
        found[key] = (before + int(count), was_open or bool(any_open))
    return found


def _staff(session) -> _Staff:
    staff = _Staff()
    rows = session.execute(
        select(Operator.id, Operator.name, Operator.role, Operator.department).where(
            Operator.active == True  # noqa: E712
        )
    )
    for op_id, name, role, department in rows:
        staff.by_role.setdefault(role, []).append((op_id, department))
        staff.active.add(op_id)
        staff.names[op_id] = name
    return staff


def _roster_officer(site: Site, now: datetime) -> int | None:
    """The officer on duty named by the night-duty roster (``services.roster``), if any."""
    try:
        roster = importlib.import_module("frontdesk_tui.services.duty.roster")
    except ImportError:
        return None
    ask = getattr(roster, "officer_on_duty", None)
    officer = ask(site, now) if ask is not None else None
    return None if officer is None else int(getattr(officer, "id", officer))


def _duty_officers(site: Site, staff: _Staff, now: datetime, off_duty: bool) -> list[int]:
    """R-DU-2: the officer on duty. While the day desk works nobody is on duty. In duty hours it is
    the roster's officer; when the roster names nobody (or there is none yet) every active duty
    officer, so that an escalation at night still reaches someone on duty."""
    if not off_duty:
        return []
    officer = _roster_officer(site, now)
    if officer is not None and officer in staff.active:
        return [officer]
    return [op_id for op_id, _dept in staff.ids(DUTY_OFFICER)]


def _facts(t: Any, already: set[tuple[str, str]], raises: tuple[int, bool]) -> TicketFacts:
    return TicketFacts(
        ticket_id=t.id,  # type: ignore[arg-type]
        status=Status(t.status),
        severity=Severity(t.severity) if t.severity else None,
        complexity=Complexity(t.complexity) if t.complexity else None,
        emergency=bool(t.emergency),
        department=t.department,
        handler_id=t.handler_id,
        received_at=t.received_at,
        due_at=t.due_at,
        deadline_started_at=t.deadline_started_at,
        reported_at=t.reported_at,
        paused=t.paused_at is not None,
        on_site_at=t.on_site_at,
        under_control_at=t.under_control_at,
        on_site_due=t.on_site_due,
        under_control_due=t.under_control_due,
        last_update_at=t.last_update_at,
        closed_at=t.closed_at,
        follow_up_done=bool(t.follow_up_done),
        valid=t.status != Status.INVALID.value,
        same_unit_category_raises_30d=raises[0],
        one_of_them_unresolved=raises[1],
        already=frozenset(already),
    )


def recipients_for(
    names: Iterable[str], ticket: Any, staff: _Staff, duty_officers: Sequence[int]
) -> tuple[int, ...]:
    """R-DL-6: the active operators an escalation names.

    ``handler`` is the ticket's handler; an assistant with a department receives only that
    department's escalations, one without a department all of them. (design) When no assistant
    covers the ticket's department, every active assistant receives it: an escalation meant for
    the assistants must reach one. ``duty_officer`` is the officer on duty.
    """
    ids: set[int] = set()
    for name in names:
        if name == HANDLER:
            if ticket.handler_id is not None and ticket.handler_id in staff.active:
                ids.add(ticket.handler_id)
        elif name == ASSISTANT:
            assistants = staff.ids(ASSISTANT)
            covering = [op for op, dept in assistants if dept is None or dept == ticket.department]
            ids.update(covering or [op for op, _dept in assistants])
        elif name == DUTY_OFFICER:
            ids.update(duty_officers)
        else:
            ids.update(op for op, _dept in staff.ids(name))
    return tuple(sorted(ids))


# --- applying -----------------------------------------------------------------------------------

_BATCH = 500


def _claim(session, dialect: str, rows: list[dict[str, Any]]) -> set[tuple[int, str, str]]:
    """Insert the escalation rows; return the keys this scan inserted. A row another scan wrote
    first (the unique key of ticket, kind and deadline) is left out instead of failing the scan:
    on PostgreSQL the insert waits for that scan's transaction and skips the row if it commits."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    stmt = (
        dialect_insert(Escalation)
        .on_conflict_do_nothing(index_elements=["ticket_id", "kind", "deadline_key"])
        .returning(Escalation.ticket_id, Escalation.kind, Escalation.deadline_key)
    )
    # Core executemany: SQLAlchemy batches it into multi-row INSERT … RETURNING statements.
    claimed = {(t, k, d) for t, k, d in session.connection().execute(stmt, rows)}
    return claimed


def _apply_all(
    session,
    dialect: str,
    due: list[tuple[Any, DueEscalation, tuple[int, ...]]],
    staff: _Staff,
    now: datetime,
) -> tuple[list[AppliedEscalation], int]:
    """Write the escalations due: rows, timeline events, inbox items, upgrades and the flag."""
    if not due:
        return [], 0
    claimed = _claim(
        session,
        dialect,
        [
            {
                "ticket_id": t.id,
                "rule": e.rule,
                "kind": str(e.kind),
                "deadline_key": e.deadline_key,
                "at": now,
            }
            for t, e, _r in due
        ],
    )
    applied: list[AppliedEscalation] = []
    events: list[dict[str, Any]] = []
    notices: list[InboxNotice] = []
    upgraded_from: dict[int, str | None] = {}
    upgraded_by_rule: dict[int, str] = {}
    for t, esc, recipients in due:
        if (t.id, str(esc.kind), esc.deadline_key) not in claimed:
            continue
        message = esc.message[:_MESSAGE_MAX]
        data: dict[str, Any] = {
            "kind": str(esc.kind),
            "deadline_key": esc.deadline_key,
            "recipients": list(recipients),
            # Issue 11: the note's key and parameters, rendered in each READER's language
            # (``timeline_note``); ``note`` keeps the text in the scan's language for older readers.
            "message": esc.text.to_data(),
        }
        upgraded = esc.upgrade_to_major and t.severity != Severity.MAJOR.value and t.id not in upgraded_from
        if upgraded:
            # R-SV-5: the timeline records the upgrade and the rule that caused it.
            upgraded_from[t.id] = t.severity
            upgraded_by_rule[t.id] = esc.rule
            data["upgrade"] = {"from": t.severity, "to": Severity.MAJOR.value, "rule": esc.deadline_key}
        events.append(
            {
                "ticket_id": t.id,
                "kind": EVENT_KIND,
                "at": now,
                "operator_id": None,  # R-RO-2: automatic, named by its rule
                "rule": esc.rule,
                "note": message,
                "data": json.dumps(data, ensure_ascii=False),
                "corrects_id": None,
            }
        )
        notices.append(
            InboxNotice(recipients, str(esc.kind), esc.text, rule=esc.rule, ref_kind=REF_TICKET, ref_id=t.id)
        )
        applied.append(
            AppliedEscalation(
                ticket_id=t.id,
                kind=str(esc.kind),
                rule=esc.rule,
                deadline_key=esc.deadline_key,
                message=message,
                recipient_ids=recipients,
                upgraded=upgraded,
                recipient_names=tuple(staff.names[i] for i in recipients),
            )
        )
    connection = session.connection()
    if events:
        connection.execute(insert(TicketEvent), events)
    add_to_inbox(session, notices, at=now)
    by_rule: dict[str, list[int]] = {}
    for ticket_id in sorted(upgraded_from):
        by_rule.setdefault(upgraded_by_rule[ticket_id], []).append(ticket_id)
    for rule, upgrades in sorted(by_rule.items()):
        for i in range(0, len(upgrades), _BATCH):
            # The version moves (R-RO-3), so a form still showing the old level cannot write it back.
            # R-RO-2: the change is the system's: no operator, the rule that made it.
            session.execute(
                update(Ticket)
                .where(Ticket.id.in_(upgrades[i : i + _BATCH]))  # type: ignore[union-attr]
                .values(
                    severity=Severity.MAJOR.value,
                    version=Ticket.version + 1,
                    updated_at=now,
                    updated_by=None,
                    updated_by_rule=rule,
                )
                .execution_options(synchronize_session=False)
            )
    flagged = sorted({a.ticket_id for a in applied})
    for i in range(0, len(flagged), _BATCH):
        session.execute(
            update(Ticket)
            .where(Ticket.id.in_(flagged[i : i + _BATCH]), Ticket.escalated == False)  # type: ignore[union-attr]  # noqa: E712
            .values(escalated=True)
            .execution_options(synchronize_session=False)
        )
    return applied, len(due) - len(claimed)


def run_escalation_scan(site: Site, *, now: datetime, actor: Actor | None = None) -> ScanResult:
    """Apply every escalation due at ``now``, in one transaction; running it again at the same
    ``now`` changes nothing. ``actor`` (who started a rehearsal) is not recorded on the timeline:
    automatic escalations name their rule, not a person (R-RO-2)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise InputError("now", _("a time without a time zone is ambiguous: give the offset"))
    cfg = escalation_settings(site)
    off_duty = is_off_duty_hours(now, site.tz, site.calendar, DutyHours.from_settings(site.settings))
    with UnitOfWork(site.db) as uow:
        session = uow.session
        reminders = send_due_reminders(session, site, now=now)  # R-KP-4, once each
        tickets = _candidates(session, now)
        raises = _raises(session, now)
        tickets.extend(_repeat_candidates(session, raises, cfg.upgrade_repeat_count, tickets))
        # A ticket received after ``now`` (a desk recorded it while this scan waited for the write
        # lock) is not the scan's yet: its escalations would stand before its ``received`` event on
        # the timeline. It keeps its unset next check, so the next scan looks at it.
        tickets = [t for t in tickets if t.received_at <= now]
        if not tickets:
            uow.commit()  # the tickets set aside as never escalating
            return ScanResult(now=now, scanned=0, off_duty=off_duty, reminders=reminders)
        already = _already(session, [t.id for t in tickets])
        staff = _staff(session)
        duty_officers: list[int] | None = None
        due: list[tuple[Any, DueEscalation, tuple[int, ...]]] = []
        all_facts: list[TicketFacts] = []
        for t in tickets:
            place = "" if t.unit_id is not None else t.location
            facts = _facts(
                t, already.get(t.id, set()), raises.get((t.unit_id, place, t.category), (0, False))
            )
            all_facts.append(facts)
            for esc in escalations_due(
                facts, now, tz=site.tz, calendar=site.calendar, settings=cfg, off_duty=off_duty
            ):
                if DUTY_OFFICER in esc.recipients and duty_officers is None:
                    duty_officers = _duty_officers(site, staff, now, off_duty)
                due.append((t, esc, recipients_for(esc.recipients, t, staff, duty_officers or [])))
        applied, skipped = _apply_all(session, site.db.dialect, due, staff, now)
        # What is now on record (by this scan or a concurrent one), then each ticket's next check.
        done: dict[int, set[tuple[str, str]]] = {}
        for t, esc, _r in due:
            done.setdefault(t.id, set()).add(esc.key)
        upgraded = {a.ticket_id for a in applied if a.upgraded}
        next_checks = []
        for facts in all_facts:
            after = replace(
                facts,
                already=facts.already | done.get(facts.ticket_id, set()),
                severity=Severity.MAJOR if facts.ticket_id in upgraded else facts.severity,
            )
            check = next_check_at(after, now, tz=site.tz, calendar=site.calendar, settings=cfg)
            next_checks.append({"tid": facts.ticket_id, "check": check or NEVER_CHECK})
        _store_next_checks(session, next_checks)
        uow.commit()
    return ScanResult(
        now=now,
        scanned=len(tickets),
        applied=tuple(applied),
        skipped_concurrent=skipped,
        off_duty=off_duty,
        reminders=reminders,
    )


# --- the inbox (kept here for older callers; it lives in services.site.inbox) -----------------


def inbox_for(site: Site, actor: Actor, *, unread_only: bool = True, limit: int = 50) -> list[InboxEntry]:
    """The newest items of ``actor``'s own inbox (unread only by default)."""
    return inbox.list_inbox(site.db, actor, include_read=not unread_only, limit=limit or inbox.MAX_PAGE)


def unread_count(site: Site, actor: Actor) -> int:
    """How many unread items ``actor`` has (the header's badge)."""
    return inbox.unread_count(site.db, actor.id)  # type: ignore[arg-type]


def mark_read(site: Site, actor: Actor, item_ids: Iterable[int], *, now: datetime) -> int:
    """Mark ``actor``'s own items read; returns how many changed."""
    return inbox.mark_read(site.db, actor, item_ids, now=now)


# --- calendar warnings --------------------------------------------------------------------------


def calendar_warnings(site: Site, *, today: date) -> list[str]:
    """R-DL-4: what the supervisor should know about the holiday data: next year's data missing
    (from 1 November), and the fallback warnings the calendar gave while computing deadlines."""
    found: list[str] = []
    missing = missing_next_year_warning(today, site.calendar)
    if missing:
        found.append(missing)
    for warning in site.warnings:
        if warning not in found:
            found.append(warning)
    return found


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


__all__ = [
    "AppliedEscalation",
    "InboxEntry",
    "ScanResult",
    "calendar_warnings",
    "escalation_settings",
    "inbox_for",
    "mark_read",
    "recipients_for",
    "run_escalation_scan",
    "shown_data",
    "timeline_note",
    "unread_count",
]
