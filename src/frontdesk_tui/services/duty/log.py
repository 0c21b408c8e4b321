"""The duty log (值班记录): append, correct, list, sign, verify and purge (R-DU-3, R-DU-4, R-PD-2).

The log is a hash chain (``domain.duty.log``). Nothing here updates or deletes an entry; the only
delete is the retention purge of the oldest entries, which keeps the anchor.

Appends are serialised so two terminals writing at once cannot fork the chain: the id and the
previous hash are read *inside* the transaction that holds the chain's write lock — on SQLite the
write transaction already began with ``BEGIN IMMEDIATE`` (one writer at a time); on PostgreSQL a
transaction-scoped advisory lock (:data:`CHAIN_LOCK_KEY`) is taken first. The next entry follows
the head kept in ``duty_log_chain``, not whatever row happens to be last: if someone deletes the
newest rows behind the app's back, the next entry still points at the deleted head and ``verify``
reports the gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import delete, text
from sqlmodel import Session, func, select

from frontdesk_tui.data.tables import AuditEntry, Operator
from frontdesk_tui.data.tables_duty import DutyLogChain, DutyLogEntry, DutyLogSignature, Handover
from frontdesk_tui.domain import permissions
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.duty import log as dutylog
from frontdesk_tui.domain.duty.log import GENESIS, EntryRecord, VerifyResult
from frontdesk_tui.domain.duty.on_duty import check_writes_log
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError
from frontdesk_tui.domain.text import clean_text
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.site.on_duty import on_duty_at
from frontdesk_tui.services.uow import UnitOfWork

#: PostgreSQL advisory lock serialising appends to the chain ("DUTY").
CHAIN_LOCK_KEY = 0x44555459
#: R-DU-4: the duty log is kept this many years.
RETENTION_YEARS = 3


def _iso(value: datetime | None, tz: tzinfo | None) -> str | None:
    if value is None:
        return None
    return (value.astimezone(tz) if tz else value).isoformat(timespec="seconds")


@dataclass(frozen=True)
class EntryView:
    """One entry as lists and screens show it. ``corrected_by`` are later entries correcting it."""

    id: int
    at: datetime
    author_id: int
    author: str
    text: str
    follow_up: str
    important: bool
    corrects_id: int | None
    hash: str
    corrected_by: tuple[int, ...] = ()

    def to_json(self, tz: tzinfo | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": _iso(self.at, tz),
            "author": self.author,
            "text": self.text,
            "follow_up": self.follow_up,
            "important": self.important,
            "corrects_id": self.corrects_id,
            "corrected_by": list(self.corrected_by),
            "hash": self.hash,
        }


@dataclass(frozen=True)
class SignatureView:
    """R-DU-4: a signed head."""

    id: int
    entry_id: int
    hash: str
    kind: str
    operator: str
    at: datetime

    def to_json(self, tz: tzinfo | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "entry_id": self.entry_id,
            "hash": self.hash,
            "kind": self.kind,
            "operator": self.operator,
            "at": _iso(self.at, tz),
        }


@dataclass(frozen=True)
class PurgeResult:
    """R-DU-4, R-PD-2: what a purge removed (or, with ``dry_run``, would remove)."""

    dry_run: bool
    before: datetime
    ids: tuple[int, ...]
    anchor_hash: str
    anchor_id: int
    kept: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def count(self) -> int:
        return len(self.ids)

    def to_json(self, tz: tzinfo | None = None) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "before": _iso(self.before, tz),
            "count": self.count,
            "first_id": self.ids[0] if self.ids else None,
            "last_id": self.ids[-1] if self.ids else None,
            "anchor_id": self.anchor_id,
            "anchor_hash": self.anchor_hash,
            "kept": self.kept,
        }


def verify_json(result: VerifyResult) -> dict[str, Any]:
    """``duty verify --json``: ``id`` is the first broken entry's primary key."""
    return {
        "ok": result.ok,
        "checked": result.checked,
        "head_id": result.head_id,
        "head_hash": result.head_hash,
        "id": result.broken_id,
        "reason": str(result.reason) if result.reason else None,
        "signed_head_id": result.signed_head_id,
        "message": result.describe(),
    }


# --- the chain -------------------------------------------------------------------------------


def lock_chain(session: Session) -> DutyLogChain:
    """Take the chain's write lock and return its bookkeeping row (created on first use).

    Call inside a write unit of work before reading the head: the lock lasts until commit/rollback.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHAIN_LOCK_KEY})
    chain = session.get(DutyLogChain, 1, populate_existing=True)
    if chain is None:
        chain = DutyLogChain(id=1, head_id=0, head_hash=GENESIS, anchor_id=0, anchor_hash=GENESIS)
        session.add(chain)
        session.flush()
    return chain


def _record(row: DutyLogEntry) -> EntryRecord:
    return EntryRecord(
        row.id,
        row.at,
        row.author_id,
        row.text,
        row.follow_up,
        row.important,
        row.corrects_id,
        row.prev_hash,
        row.hash,
    )


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(Operator.id, Operator.name).where(Operator.id.in_(ids)))  # type: ignore[union-attr]
    return {i: n for i, n in rows}


def _views(session: Session, rows: Sequence[DutyLogEntry]) -> list[EntryView]:
    names = _names(session, {r.author_id for r in rows})
    ids = [r.id for r in rows]
    corrected: dict[int, list[int]] = {}
    if ids:
        for cid, target in session.exec(
            select(DutyLogEntry.id, DutyLogEntry.corrects_id)
            .where(DutyLogEntry.corrects_id.in_(ids))  # type: ignore[union-attr]
            .order_by(DutyLogEntry.id)
        ):
            corrected.setdefault(target, []).append(cid)
    return [
        EntryView(
            r.id,
            r.at,
            r.author_id,
            names.get(r.author_id, "?"),
            r.text,
            r.follow_up,
            r.important,
            r.corrects_id,
            r.hash,
            tuple(corrected.get(r.id, ())),
        )
        for r in rows
    ]


def append_in(
    session: Session,
    actor: Actor,
    text_: str,
    *,
    now: datetime,
    follow_up: str = "",
    important: bool = False,
    corrects_id: int | None = None,
) -> DutyLogEntry:
    """Append inside an open write unit of work (takes the chain lock); the caller commits."""
    permissions.require(actor, "duty_log.write")
    dutylog.check_can_write(actor)
    chain = lock_chain(session)
    if corrects_id is not None:
        target = session.get(DutyLogEntry, corrects_id)
        dutylog.check_can_correct(actor, _record(target) if target else None, corrects_id)
    last = session.exec(select(func.max(DutyLogEntry.id))).one() or 0
    next_id = max(chain.head_id, chain.anchor_id, last) + 1
    record = dutylog.new_entry(
        chain.head_hash,
        id=next_id,
        at=now,
        author_id=actor.id,
        text=clean_text(text_),
        follow_up=clean_text(follow_up),
        important=important,
        corrects_id=corrects_id,
    )
    row = DutyLogEntry(
        id=record.id,
        at=record.at,
        author_id=record.author_id,
        text=record.text,
        follow_up=record.follow_up,
        important=record.important,
        corrects_id=record.corrects_id,
        prev_hash=record.prev_hash,
        hash=record.hash,
    )
    session.add(row)
    chain.head_id, chain.head_hash = record.id, record.hash
    session.add(chain)
    session.flush()
    return row


def add_entry(
    site: Site,
    actor: Actor,
    text_: str,
    *,
    now: datetime,
    follow_up: str = "",
    important: bool = False,
) -> EntryView:
    """R-DU-3, R-DU-4: write what happened (and the follow-up result) as the newest entry;
    R-DU-5: off duty hours only the officer on duty (rostered or stand-in) among the desk."""
    with UnitOfWork(site.db) as uow:
        check_writes_log(actor, on_duty_at(site, uow.session, now))
        row = append_in(uow.session, actor, text_, now=now, follow_up=follow_up, important=important)
        view = _views(uow.session, [row])[0]
        uow.commit()
    return view


def check_may_write(site: Site, actor: Actor, *, now: datetime) -> None:
    """R-RO-1, R-DU-5 before the form opens: whether ``actor`` may write an entry now (the save
    checks again). Raises the refusal that :func:`add_entry` would raise, naming who is on duty."""
    permissions.require(actor, "duty_log.write")
    with UnitOfWork(site.db, write=False) as uow:
        check_writes_log(actor, on_duty_at(site, uow.session, now))


def correct_entry(
    site: Site,
    actor: Actor,
    entry_id: int,
    text_: str,
    *,
    now: datetime,
    follow_up: str = "",
    important: bool | None = None,
) -> EntryView:
    """R-DU-4, R-LC-3: a correction is a new entry pointing at ``entry_id``; the old one stays.

    ``important=None`` keeps the corrected entry's mark.
    """
    with UnitOfWork(site.db) as uow:
        check_writes_log(actor, on_duty_at(site, uow.session, now))  # R-DU-5
        target = uow.session.get(DutyLogEntry, entry_id)
        if target is None:
            raise NotFound("id", _("no duty-log entry {id}").format(id=entry_id))
        row = append_in(
            uow.session,
            actor,
            text_,
            now=now,
            follow_up=follow_up,
            important=target.important if important is None else important,
            corrects_id=entry_id,
        )
        view = _views(uow.session, [row])[0]
        uow.commit()
    return view


def list_entries(
    site: Site,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[EntryView]:
    """Entries with ``start <= at < end``, in chain order (or newest first, at most ``limit``)."""
    with UnitOfWork(site.db, write=False) as uow:
        query = select(DutyLogEntry)
        if start is not None:
            query = query.where(DutyLogEntry.at >= start)
        if end is not None:
            query = query.where(DutyLogEntry.at < end)
        order = DutyLogEntry.id.desc() if newest_first else DutyLogEntry.id  # type: ignore[attr-defined]
        query = query.order_by(order)
        if limit is not None:
            query = query.limit(limit)
        return _views(uow.session, list(uow.session.exec(query)))


def get_entry(site: Site, entry_id: int) -> EntryView:
    with UnitOfWork(site.db, write=False) as uow:
        row = uow.session.get(DutyLogEntry, entry_id)
        if row is None:
            raise NotFound("id", _("no duty-log entry {id}").format(id=entry_id))
        return _views(uow.session, [row])[0]


# --- verify and sign -------------------------------------------------------------------------


def _signed_heads(session: Session) -> list[tuple[int, str]]:
    heads = [(e, h) for e, h in session.exec(select(DutyLogSignature.entry_id, DutyLogSignature.hash))]
    # Each signed handover keeps its head on its own record too: deleting signature rows is caught.
    heads += [
        (e, h)
        for e, h in session.exec(
            select(Handover.log_head_id, Handover.log_head_hash).where(
                Handover.log_head_id.is_not(None)  # type: ignore[union-attr]
            )
        )
        if h is not None
    ]
    return sorted(set(heads))


def verify_in(session: Session) -> VerifyResult:
    chain = session.get(DutyLogChain, 1)
    anchor, anchor_id = (chain.anchor_hash, chain.anchor_id) if chain else (GENESIS, 0)
    rows = session.exec(select(DutyLogEntry).order_by(DutyLogEntry.id)).all()  # type: ignore[arg-type]
    return dutylog.verify_chain([_record(r) for r in rows], anchor, _signed_heads(session), anchor_id)


def verify(site: Site) -> VerifyResult:
    """R-DU-4: does the chain hold? The first broken entry's id and the reason when it does not."""
    with UnitOfWork(site.db, write=False) as uow:
        return verify_in(uow.session)


def head_in(session: Session) -> tuple[int, str]:
    """The chain head ``(entry id, hash)`` a signature records; ``(anchor id, anchor)`` when empty."""
    chain = session.get(DutyLogChain, 1)
    if chain is None:
        return 0, GENESIS
    return chain.head_id, chain.head_hash


def sign_log(site: Site, actor: Actor, *, now: datetime, up_to: int | None = None) -> SignatureView:
    """R-DU-4: the assistant's morning check signs the log up to ``up_to`` (default: the newest entry).

    Refused when the chain does not verify: a signature vouches for what it covers.
    """
    permissions.require(actor, "duty_log.check")
    dutylog.check_can_sign_log(actor)
    with UnitOfWork(site.db) as uow:
        s = uow.session
        chain = lock_chain(s)
        result = verify_in(s)
        if not result.ok:
            raise RuleError(
                "R-DU-4",
                _("the duty log does not verify; it cannot be signed: {problem}").format(
                    problem=result.describe()
                ),
            )
        entry_id = up_to if up_to is not None else chain.head_id
        if entry_id <= 0:
            raise InputError("up_to", _("the duty log has no entry to sign"))
        row = s.get(DutyLogEntry, entry_id)
        if row is None:
            raise NotFound("up_to", _("no duty-log entry {id}").format(id=entry_id))
        signature = DutyLogSignature(
            entry_id=row.id, hash=row.hash, kind="check", operator_id=actor.id, at=now
        )
        s.add(signature)
        s.flush()
        assert signature.id is not None
        view = SignatureView(signature.id, row.id, row.hash, "check", actor.name, now)
        uow.commit()
    return view


def list_signatures(site: Site, *, limit: int = 20) -> list[SignatureView]:
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        rows = list(s.exec(select(DutyLogSignature).order_by(DutyLogSignature.id.desc()).limit(limit)))  # type: ignore[union-attr]
        names = _names(s, {r.operator_id for r in rows})
        return [
            SignatureView(r.id or 0, r.entry_id, r.hash, r.kind, names.get(r.operator_id, "?"), r.at)
            for r in rows
        ]


# --- retention -------------------------------------------------------------------------------


def purge(
    site: Site, actor: Actor | None, before: datetime, *, now: datetime, dry_run: bool = False
) -> PurgeResult:
    """R-DU-4, R-PD-2: remove the entries older than ``before`` (at least 3 years old), keeping the
    hash of the last one removed as the anchor of what remains; logged in ``audit``.

    A dry run needs no sign-in and changes nothing. A chain that does not verify is not purged.
    """
    cutoff = dutylog.retention_cutoff(now, RETENTION_YEARS)
    if before > cutoff:
        raise RuleError(
            "R-PD-2",
            _("the duty log is kept {years} years: only entries before {cutoff} may be purged").format(
                years=RETENTION_YEARS, cutoff=cutoff.astimezone(site.tz).date().isoformat()
            ),
        )
    if not dry_run:
        permissions.require(actor, "records.purge")
    with UnitOfWork(site.db, write=not dry_run) as uow:
        s = uow.session
        chain = s.get(DutyLogChain, 1) if dry_run else lock_chain(s)
        anchor, anchor_id = (chain.anchor_hash, chain.anchor_id) if chain else (GENESIS, 0)
        rows = s.exec(select(DutyLogEntry).order_by(DutyLogEntry.id)).all()  # type: ignore[arg-type]
        plan = dutylog.purge_plan([_record(r) for r in rows], before, anchor)
        new_anchor_id = plan.ids[-1] if plan.ids else anchor_id
        result = PurgeResult(
            dry_run, before, tuple(plan.ids), plan.anchor_hash, new_anchor_id, kept=len(rows) - len(plan.ids)
        )
        if dry_run or not plan.ids:
            return result
        assert actor is not None and chain is not None
        s.execute(delete(DutyLogEntry).where(DutyLogEntry.id.in_(plan.ids)))  # type: ignore[attr-defined]
        chain.anchor_id, chain.anchor_hash, chain.purged_at = new_anchor_id, plan.anchor_hash, now
        s.add(chain)
        s.add(
            AuditEntry(
                at=now,
                operator_id=actor.id,
                action="duty_log.purge",
                detail=(
                    f"{len(plan.ids)} entries {plan.ids[0]}-{plan.ids[-1]} before {before.isoformat()}; "
                    f"anchor {new_anchor_id} {plan.anchor_hash}"
                ),
            )
        )
        uow.commit()
    return result
