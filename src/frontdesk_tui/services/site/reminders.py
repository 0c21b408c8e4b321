"""R-KP-4: the reminders to the supervision inbox, written by the escalation scan (cron's
``frontdesk escalate`` and the app's timer), once each.

When each is due is ``domain.tickets.reminders``; here the facts are read (the roster of next month, the
day's morning-check signature, the open handovers) and each due reminder goes through
``add_to_inbox`` to every active assistant and the director — unless an item of the same kind and
reference is already in an inbox (read or not), which is what makes a second scan, or two at once,
write nothing more. Two scans at once: SQLite's write transactions are serialised (BEGIN
IMMEDIATE); on PostgreSQL the scan takes a transaction-level advisory lock first.

The duty tables are read here, in the site area every area shares (as ``on_duty`` does), so the
ticket area's scan can call it without reaching up into the duty area.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, text
from sqlmodel import Session

from frontdesk_tui.data.tables import InboxItem, Operator
from frontdesk_tui.data.tables_duty import DutyLogSignature, Handover, RosterDay
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.tickets import reminders as rules
from frontdesk_tui.i18n import N_, Message
from frontdesk_tui.services.site.inbox import (
    KIND_HANDOVER,
    KIND_MORNING_CHECK,
    KIND_ROSTER,
    REF_DUTY_LOG,
    REF_HANDOVER,
    REF_ROSTER,
    InboxNotice,
    add_to_inbox,
)

#: PostgreSQL advisory lock key of the reminder step ("R-KP-4").
_LOCK_KEY = 0x4B5004
#: The handover stage that is no longer open (``domain.duty.handover.Stage.SIGNED``).
_SIGNED = "signed"


@dataclass(frozen=True)
class SentReminder:
    """One reminder the scan wrote (to ``recipient_ids``)."""

    kind: str
    ref_kind: str
    ref_id: int
    message: Message
    """Rendered in each reader's language (issue 11); ``text`` in the current one."""
    recipient_ids: tuple[int, ...]

    @property
    def text(self) -> str:
        return self.message.render()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rule": rules.RULE,
            "ref_kind": self.ref_kind,
            "ref_id": self.ref_id,
            "message": self.text,
            "recipient_ids": list(self.recipient_ids),
        }


def _supervisors(session: Session) -> tuple[int, ...]:
    rows = session.execute(
        select(Operator.id)
        .where(Operator.active == True, Operator.role.in_([Role.ASSISTANT.value, Role.DIRECTOR.value]))  # type: ignore[attr-defined]  # noqa: E712
        .order_by(Operator.id)
    )
    return tuple(int(r[0]) for r in rows)


def _sent(session: Session, keys: list[tuple[str, str, int]]) -> set[tuple[str, str, int]]:
    if not keys:
        return set()
    match = or_(
        *(and_(InboxItem.kind == k, InboxItem.ref_type == r, InboxItem.ref_id == i) for k, r, i in keys)
    )
    rows = session.execute(select(InboxItem.kind, InboxItem.ref_type, InboxItem.ref_id).where(match).distinct())
    return {(str(k), str(r), int(i)) for k, r, i in rows}


def _roster(session: Session, local_today: date) -> tuple[str, str, int, Message] | None:
    year, month = rules.next_month(local_today)
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    rostered = {
        d for (d,) in session.execute(select(RosterDay.day).where(RosterDay.day >= first, RosterDay.day < following))
    }
    due = rules.roster_missing_days(local_today, rostered)
    if due is None:
        return None
    (year, month), missing = due
    message = Message(
        N_("The roster for {month} is not complete: {n} days without an officer (R-DU-1)"),
        {"month": f"{year:04d}-{month:02d}", "n": len(missing)},
    )
    return KIND_ROSTER, REF_ROSTER, rules.month_key(year, month), message


def _morning_check(session: Session, site: Any, local_now: datetime) -> tuple[str, str, int, Message] | None:
    today = local_now.date()
    start = datetime.combine(today, datetime.min.time(), tzinfo=site.tz)
    signed = session.execute(
        select(func.count())
        .select_from(DutyLogSignature)
        .where(DutyLogSignature.kind == "check", DutyLogSignature.at >= start, DutyLogSignature.at < start + timedelta(days=1))
    ).scalar_one()
    day = rules.morning_check_due(local_now, site.calendar, bool(signed))
    if day is None:
        return None
    message = Message(
        N_("The duty log's morning check of {day} is not signed (due by 10:00, R-DU-4)"), {"day": day.isoformat()}
    )
    return KIND_MORNING_CHECK, REF_DUTY_LOG, rules.day_key(day), message


def _handovers(session: Session, site: Any, now: datetime) -> list[tuple[str, str, int, Message]]:
    rows = session.execute(
        select(Handover.id, Handover.at)
        .where(Handover.stage != _SIGNED, Handover.at <= now - rules.HANDOVER_GRACE)
        .order_by(Handover.at, Handover.id)
    )
    found = []
    for handover_id, at in rows:
        if rules.handover_overdue(at, now, signed=False):
            message = Message(
                N_("The handover of {time} is not signed 30 minutes after the shift change (R-HO-1)"),
                {"time": at.astimezone(site.tz).strftime("%Y-%m-%d %H:%M")},
            )
            found.append((KIND_HANDOVER, REF_HANDOVER, int(handover_id), message))
    return found


def send_due_reminders(session: Session, site: Any, *, now: datetime) -> tuple[SentReminder, ...]:
    """Write every R-KP-4 reminder due at ``now`` that no inbox holds yet, in the caller's
    transaction; returns what was written (nothing when run again)."""
    if site.db.dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    local_now = now.astimezone(site.tz)
    due = [r for r in (_roster(session, local_now.date()), _morning_check(session, site, local_now)) if r]
    due += _handovers(session, site, now)
    if not due:
        return ()
    already = _sent(session, [(k, r, i) for k, r, i, _m in due])
    recipients = _supervisors(session)
    if not recipients:
        return ()
    sent = []
    for kind, ref_kind, ref_id, message in due:
        if (kind, ref_kind, ref_id) in already:
            continue
        notice = InboxNotice(recipients, kind, message, rule=rules.RULE, ref_kind=ref_kind, ref_id=ref_id)
        add_to_inbox(session, [notice], at=now)
        sent.append(SentReminder(kind, ref_kind, ref_id, message, recipients))
    return tuple(sent)
