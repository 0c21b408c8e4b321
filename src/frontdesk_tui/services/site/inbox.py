"""Each operator's inbox: what reaches them (escalations, due rectifications, flagged follow-ups,
reminders, notices), read and unread.

The inbox lives with the site (the bottom service area) so that every area may write into it:
``add_to_inbox`` is the ONE way an item is added — the escalation scan, the violation register's
due scan, the follow-up flag and the reminders of R-KP-4 all call it. An item points at its record
with ``ref_kind`` and ``ref_id`` (a ticket, a violation, the duty log, the roster, a handover);
the inbox screen opens that record with Enter.

A message is stored as its key (the English msgid) and parameters and rendered when it is READ, in
the reader's language (issue 11): the scan may run in English while the desk reads Chinese. Items
written before that (migration 0010) have no key and show the text they stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, insert, select, update
from sqlmodel import Session

from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import InboxItem
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import N_, Message, _
from frontdesk_tui.services.uow import UnitOfWork

#: ``ref_kind`` values: what an item points at.
REF_TICKET = "ticket"
REF_VIOLATION = "violation"
REF_DUTY_LOG = "duty_log"
REF_ROSTER = "roster"
REF_HANDOVER = "handover"

#: The R-KP-4 reminders (written by the reminder scan): the supervision board shows them too.
KIND_ROSTER = "roster"
KIND_MORNING_CHECK = "morning-check"
KIND_HANDOVER = "handover"
REMINDER_KINDS = (KIND_ROSTER, KIND_MORNING_CHECK, KIND_HANDOVER)

#: Inbox kinds in words (the inbox screen, ``inbox list``); a kind not listed shows its code.
KIND_LABELS: dict[str, str] = {
    "warning": N_("Deadline near"),
    "overdue": N_("Overdue"),
    "overdue_director": N_("Overdue a day"),
    "on_site_overdue": N_("Not on site"),
    "under_control_overdue": N_("Not under control"),
    "no_update": N_("No update"),
    "follow_up_due": N_("Follow-up due"),
    "upgrade_major": N_("Upgraded to major"),
    "follow_up_dissatisfied": N_("Dissatisfied"),
    "assigned": N_("Assigned to you"),
    "moved_away": N_("Moved away"),
    "result_reported": N_("Result reported"),
    "rectification_due": N_("Rectification due"),
    "violation_follow_up_due": N_("After a penalty"),
    KIND_ROSTER: N_("Roster"),
    KIND_MORNING_CHECK: N_("Morning check"),
    KIND_HANDOVER: N_("Handover"),
}
#: The records an item may point at, in words.
REF_LABELS: dict[str, str] = {
    REF_TICKET: N_("Ticket {id}"),
    REF_VIOLATION: N_("Violation {id}"),
    REF_DUTY_LOG: N_("Duty log"),
    REF_ROSTER: N_("Roster"),
    REF_HANDOVER: N_("Handover"),
}


def kind_label(kind: str) -> str:
    """An item's kind as a person reads it, in the current language (JSON keeps the code)."""
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def ref_label(ref_kind: str, ref_id: int | None) -> str:
    """The record an item points at, in words ("Ticket 8"); "" for none."""
    if ref_kind not in REF_LABELS:
        return ""
    return _(REF_LABELS[ref_kind]).format(id=ref_id if ref_id is not None else "")


_MESSAGE_MAX = 500
_BATCH = 500
#: The most items one page of the inbox holds (the screen and ``inbox list`` page on).
MAX_PAGE = 500


@dataclass(frozen=True)
class InboxNotice:
    """One message for one or more operators (each gets their own item, read on their own)."""

    operator_ids: Sequence[int]
    kind: str
    #: A `Message` is rendered in each reader's language; a plain string is shown as it is.
    message: Message | str
    rule: str = ""
    ref_kind: str = ""
    ref_id: int | None = None


def add_to_inbox(session: Session, notices: Iterable[InboxNotice], *, at: datetime) -> int:
    """Add the notices' items inside the caller's transaction (one multi-row INSERT); returns how
    many items were written. The one function every area uses to reach an inbox."""
    rows = [
        {
            "operator_id": op_id,
            "created_at": at,
            "kind": n.kind,
            "rule": n.rule,
            "ref_type": n.ref_kind,
            "ref_id": n.ref_id,
            **_stored(n.message),
            "read_at": None,
        }
        for n in notices
        for op_id in dict.fromkeys(n.operator_ids)
    ]
    if rows:
        session.connection().execute(insert(InboxItem), rows)
    return len(rows)


def _stored(message: Message | str) -> dict[str, str]:
    """The columns of a message: its key and parameters, and the text as written (in the writer's
    language, for whatever reads the table without rendering)."""
    if isinstance(message, str):
        return {"message": message[:_MESSAGE_MAX], "message_key": "", "message_params": ""}
    return {
        "message": message.render()[:_MESSAGE_MAX],
        "message_key": message.key,
        "message_params": message.to_json(),
    }


def rendered(key: str, params: str, stored: str) -> str:
    """An item's message in the current language; the stored text for an item without a key (or one
    whose key and parameters no longer fit: a program older or newer than the row)."""
    if not key:
        return stored
    try:
        return Message.stored(key, params).render()[:_MESSAGE_MAX]
    except (KeyError, IndexError, ValueError, TypeError):
        return stored


@dataclass(frozen=True)
class InboxEntry:
    """One item of an operator's inbox, as the inbox screen and ``inbox list`` show it."""

    id: int
    created_at: datetime
    kind: str
    rule: str
    ref_type: str
    ref_id: int | None
    message: str
    read_at: datetime | None

    @property
    def read(self) -> bool:
        return self.read_at is not None

    @property
    def ref_kind(self) -> str:
        return self.ref_type

    def to_json(self, tz: Any = None) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            if value is None:
                return None
            return (value.astimezone(tz) if tz else value).isoformat(timespec="seconds")

        return {
            "id": self.id,
            "kind": self.kind,
            "at": iso(self.created_at),
            "message": self.message,
            "ref_kind": self.ref_type or None,
            "ref_id": self.ref_id,
            "read": self.read,
            "rule": self.rule,
            "read_at": iso(self.read_at),
        }


def _entry(row: InboxItem) -> InboxEntry:
    return InboxEntry(
        id=row.id,  # type: ignore[arg-type]
        created_at=row.created_at,
        kind=row.kind,
        rule=row.rule,
        ref_type=row.ref_type,
        ref_id=row.ref_id,
        message=rendered(row.message_key, row.message_params, row.message),
        read_at=row.read_at,
    )


def list_inbox(
    db: Database,
    actor: Actor,
    *,
    include_read: bool = False,
    kinds: Sequence[str] | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[InboxEntry]:
    """``actor``'s own items: unread first, then read ones (with ``include_read``), newest first
    in each; ``kinds`` keeps only those kinds. At most ``limit`` (≤ ``MAX_PAGE``) from ``offset``."""
    if limit < 1 or limit > MAX_PAGE:
        raise InputError("limit", _("1 to {n}").format(n=MAX_PAGE))
    if offset < 0:
        raise InputError("offset", _("0 or a positive number"))
    stmt = select(InboxItem).where(InboxItem.operator_id == actor.id)
    if not include_read:
        stmt = stmt.where(InboxItem.read_at.is_(None))  # type: ignore[union-attr]
    if kinds is not None:
        stmt = stmt.where(InboxItem.kind.in_(list(kinds)))  # type: ignore[attr-defined]
    unread_first = case((InboxItem.read_at.is_(None), 0), else_=1)  # type: ignore[union-attr]
    stmt = (
        stmt.order_by(unread_first, InboxItem.created_at.desc(), InboxItem.id.desc())  # type: ignore[attr-defined,union-attr]
        .limit(limit)
        .offset(offset)
    )
    with UnitOfWork(db, write=False) as uow:
        return [_entry(r) for r in uow.session.execute(stmt).scalars()]


def unread_count(db: Database, operator_id: int) -> int:
    """How many of the operator's items are unread (the header's "Inbox N"; ``ix_inbox_operator_unread``)."""
    stmt = (
        select(func.count())
        .select_from(InboxItem)
        .where(InboxItem.operator_id == operator_id, InboxItem.read_at.is_(None))  # type: ignore[union-attr]
    )
    with UnitOfWork(db, write=False) as uow:
        return int(uow.session.execute(stmt).scalar_one())


def unknown_items(db: Database, actor: Actor, item_ids: Iterable[int]) -> list[int]:
    """Which of ``item_ids`` are not items of ``actor``'s inbox (someone else's, or none at all)."""
    ids = sorted({int(i) for i in item_ids})
    mine: set[int] = set()
    with UnitOfWork(db, write=False) as uow:
        for i in range(0, len(ids), _BATCH):
            chunk = ids[i : i + _BATCH]
            mine.update(
                uow.session.execute(
                    select(InboxItem.id).where(InboxItem.id.in_(chunk), InboxItem.operator_id == actor.id)  # type: ignore[union-attr]
                ).scalars()
            )
    return [i for i in ids if i not in mine]


def mark_read(db: Database, actor: Actor, item_ids: Iterable[int], *, now: datetime) -> int:
    """Mark ``actor``'s own items read; others' items and items already read are left alone.
    Returns how many changed."""
    ids = sorted({int(i) for i in item_ids})
    if not ids:
        return 0
    changed = 0
    with UnitOfWork(db) as uow:
        for i in range(0, len(ids), _BATCH):
            result = uow.session.execute(
                update(InboxItem)
                .where(
                    InboxItem.id.in_(ids[i : i + _BATCH]),  # type: ignore[union-attr]
                    InboxItem.operator_id == actor.id,
                    InboxItem.read_at.is_(None),  # type: ignore[union-attr]
                )
                .values(read_at=now)
                .execution_options(synchronize_session=False)
            )
            changed += result.rowcount or 0
        uow.commit()
    return changed


def mark_all_read(db: Database, actor: Actor, *, now: datetime) -> int:
    """Mark every unread item of ``actor`` read; returns how many changed."""
    with UnitOfWork(db) as uow:
        result = uow.session.execute(
            update(InboxItem)
            .where(InboxItem.operator_id == actor.id, InboxItem.read_at.is_(None))  # type: ignore[union-attr]
            .values(read_at=now)
            .execution_options(synchronize_session=False)
        )
        uow.commit()
    return result.rowcount or 0


__all__ = [
    "InboxEntry",
    "InboxNotice",
    "REF_DUTY_LOG",
    "REF_HANDOVER",
    "REF_ROSTER",
    "REF_TICKET",
    "REF_VIOLATION",
    "REMINDER_KINDS",
    "KIND_LABELS",
    "REF_LABELS",
    "add_to_inbox",
    "kind_label",
    "list_inbox",
    "mark_all_read",
    "mark_read",
    "ref_label",
    "unknown_items",
    "unread_count",
]
