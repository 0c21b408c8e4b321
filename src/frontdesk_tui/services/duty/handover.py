"""Shift handover (交接班): start or resume, walk the checklist, sign twice (R-HO-1…4, R-DU-2).

The handover of a shift change is one ``handover`` row (unique by its time). Its state is
``domain.duty.handover.HandoverState`` stored as JSON after every step, so a handover interrupted
half-way (terminal closed, SSH dropped) resumes where it stopped. Every write goes through
``data.versioning.bump`` with the version the writer read (R-RO-3): two terminals cannot
silently overwrite each other's steps.

The checklist is pre-filled from the live queue in SQL (:func:`_queue_items`): open tickets that
will pass their deadline before the incoming shift ends, emergencies not yet under control,
follow-ups falling due, rectification deadlines (when the violation register is installed) and the
log entries marked important during the outgoing shift. Until it is signed, the checklist follows
the live queue (R-HO-5, ``domain.duty.handover.follow_live``): every read shows what came up since,
marked new, every step stores it, and the incoming signature re-checks it in its own transaction.

Signing (R-HO-4): each officer confirms with their own name and password
(``services.operators.sign_in``); an override (R-HO-3) likewise needs an assistant's or director's
password. When the incoming officer signs, the record is complete: the duty log's head is recorded
(R-DU-4, also as a signed head in ``duty_log_signature``) and every ticket the incoming officer
took over gets a ``handover`` event on its timeline. A signed handover is never written again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from frontdesk_tui.data.tables import Operator
from frontdesk_tui.data.tables_duty import DutyLogEntry, DutyLogSignature, Handover
from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.data.versioning import bump
from frontdesk_tui.domain import permissions
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import OPEN_STATUSES, Role, Severity, Status
from frontdesk_tui.domain.duty import handover
from frontdesk_tui.domain.duty import roster as duty
from frontdesk_tui.domain.duty.handover import (
    Disposition,
    FollowUpFact,
    HandoverItem,
    HandoverState,
    ItemCount,
    ItemKind,
    LogFact,
    OpenTicketFact,
    Override,
    RectificationFact,
    Stage,
    TicketProgress,
)
from frontdesk_tui.domain.duty.on_duty import check_acts_on_duty
from frontdesk_tui.domain.duty.roster import DutyHours, ShiftChange, ShiftKind
from frontdesk_tui.domain.errors import NotFound, RuleError
from frontdesk_tui.domain.text import clean_line, clean_text
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services.duty import log as dutylog_service
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.site.on_duty import on_duty_for_day
from frontdesk_tui.services.site.operators import SignInFailed, SignInLocked, sign_in
from frontdesk_tui.services.uow import UnitOfWork

#: Item kinds whose ``ref_id`` is a ticket: taking one over is written to the ticket's timeline.
TICKET_KINDS = handover.TICKET_ITEM_KINDS
TITLE_LENGTH = 60


def _iso(value: datetime | None, tz: tzinfo | None) -> str | None:
    if value is None:
        return None
    return (value.astimezone(tz) if tz else value).isoformat(timespec="seconds")


@dataclass(frozen=True)
class HandoverView:
    """A handover as screens and commands show it."""

    id: int
    version: int
    at: datetime
    state: HandoverState
    outgoing_start: datetime
    """When the outgoing shift began: the review step reads the log from here."""
    incoming_end: datetime
    """When the incoming shift ends: items due before it are on the checklist."""
    expected_outgoing: str | None
    """The rostered duty officer of a duty side (None for the day desk)."""
    expected_incoming: str | None
    outgoing: str | None
    incoming: str | None
    started_by: str
    progress: dict[int, TicketProgress] = field(default_factory=dict)
    """R-HO-6: where the ticket of each ticket item stands, by ticket id."""

    def finished_on_record(self, item: HandoverItem) -> bool:
        """R-HO-6: whether "finished" may be chosen for ``item`` now."""
        return handover.finished_on_record(item.kind, self.progress.get(item.ref_id))

    @property
    def stage(self) -> Stage:
        return self.state.stage

    @property
    def signed(self) -> bool:
        return self.state.stage is Stage.SIGNED

    @property
    def blocking(self) -> list[HandoverItem]:
        return handover.blocking_items(self.state)

    @property
    def undecided(self) -> list[HandoverItem]:
        return [i for i in self.state.items if i.disposition is None]

    def to_json(self, tz: tzinfo | None = None) -> dict[str, Any]:
        s = self.state
        return {
            "id": self.id,
            "version": self.version,
            "at": _iso(self.at, tz),
            "stage": str(s.stage),
            "outgoing_side": str(s.outgoing_side),
            "incoming_side": str(s.incoming_side),
            "expected_outgoing": self.expected_outgoing,
            "expected_incoming": self.expected_incoming,
            "outgoing": self.outgoing,
            "outgoing_signed_at": _iso(s.outgoing_signed_at, tz),
            "incoming": self.incoming,
            "incoming_signed_at": _iso(s.incoming_signed_at, tz),
            "started_by": self.started_by,
            "counts": [
                {
                    "name": c.name,
                    "expected": c.expected,
                    "counted": c.counted,
                    "damaged": c.damaged,
                    "explanation": c.explanation,
                }
                for c in s.counts
            ],
            "anomalies": s.anomalies,
            "items": [
                {
                    "kind": str(i.kind),
                    "ref_id": i.ref_id,
                    "title": i.title,
                    "due_at": _iso(i.due_at, tz),
                    "important": i.important,
                    "disposition": str(i.disposition) if i.disposition else None,
                    "reason": i.reason,
                    "blocking": i.blocking,
                    "new": i.new,
                }
                for i in s.items
            ],
            "override": (
                {"by": s.override.by.name, "reason": s.override.reason} if s.override is not None else None
            ),
            "log_head": {"id": s.log_head[0], "hash": s.log_head[1]} if s.log_head else None,
        }


# --- reading ---------------------------------------------------------------------------------


def _hours(site: Site) -> DutyHours:
    return DutyHours.from_settings(site.settings)


def change_at(site: Site, now: datetime, session: Session | None = None) -> ShiftChange:
    """The shift change the officers at the desk are handing over: the one nearest ``now``, or the
    previous one while its handover is started and unsigned (until 15 minutes before the next)."""

    def still_open(at: datetime) -> bool:
        if session is None:
            with UnitOfWork(site.db, write=False) as uow:
                row = _row_at(uow.session, at)
        else:
            row = _row_at(session, at)
        return row is not None and row.stage != str(Stage.SIGNED)

    return duty.desk_change(now, site.tz, site.calendar, _hours(site), still_open=still_open)


def _change_for(site: Site, at: datetime) -> ShiftChange:
    return duty.nearest_change(at, site.tz, site.calendar, _hours(site))


def _name(session: Session, operator_id: int | None) -> str | None:
    if operator_id is None:
        return None
    row = session.get(Operator, operator_id)
    return row.name if row else "?"


def _rostered(session: Session, shift: duty.Shift) -> str | None:
    """The officer on duty of a duty side: "孙伟 (for 赵强)" when a stand-in is recorded (R-DU-5)."""
    if shift.kind is not ShiftKind.DUTY:
        return None
    return on_duty_for_day(session, shift.day).label or None


def _stored(row: Handover) -> HandoverState:
    return handover.state_from_dict(json.loads(row.state))


def _live(site: Site, session: Session, row: Handover, now: datetime) -> HandoverState:
    """R-HO-5: the stored state with what came up in the live queue and log since, until signed."""
    state = _stored(row)
    if state.stage is Stage.SIGNED:
        return state
    return handover.follow_live(state, _queue_items(session, _change_for(site, row.at), now))


def _view(
    site: Site, session: Session, row: Handover, state: HandoverState | None = None
) -> HandoverView:
    assert row.id is not None
    state = state if state is not None else _stored(row)
    change = _change_for(site, row.at)
    return HandoverView(
        id=row.id,
        version=row.version,
        at=row.at,
        state=state,
        outgoing_start=change.outgoing.start,
        incoming_end=change.incoming.end,
        expected_outgoing=_rostered(session, change.outgoing),
        expected_incoming=_rostered(session, change.incoming),
        outgoing=_name(session, state.outgoing_id),
        incoming=_name(session, state.incoming_id),
        started_by=_name(session, row.started_by) or "?",
        progress=_progress_in(session, [i.ref_id for i in state.items if i.kind in TICKET_KINDS]),
    )


def _row_at(session: Session, at: datetime) -> Handover | None:
    return session.exec(select(Handover).where(Handover.at == at)).first()


def current(site: Site, *, now: datetime) -> HandoverView | None:
    """The handover of the nearest shift change, if someone started it; until signed its items
    follow the live queue and log (R-HO-5: what came up since is on it, marked new)."""
    with UnitOfWork(site.db, write=False) as uow:
        change = change_at(site, now, uow.session)
        row = _row_at(uow.session, change.at)
        return _view(site, uow.session, row, _live(site, uow.session, row, now)) if row else None


def get_handover(site: Site, handover_id: int, *, now: datetime | None = None) -> HandoverView:
    """A handover as stored; with ``now``, an unsigned one follows the live queue (R-HO-5)."""
    with UnitOfWork(site.db, write=False) as uow:
        row = uow.session.get(Handover, handover_id)
        if row is None:
            raise NotFound("id", _("no handover {id}").format(id=handover_id))
        state = _live(site, uow.session, row, now) if now is not None else None
        return _view(site, uow.session, row, state)


def list_handovers(site: Site, *, limit: int = 20) -> list[HandoverView]:
    with UnitOfWork(site.db, write=False) as uow:
        rows = uow.session.exec(select(Handover).order_by(Handover.at.desc()).limit(limit))  # type: ignore[attr-defined]
        return [_view(site, uow.session, r) for r in rows]


def latest_signed(site: Site) -> HandoverView | None:
    with UnitOfWork(site.db, write=False) as uow:
        row = uow.session.exec(
            select(Handover)
            .where(Handover.stage == Stage.SIGNED.value)
            .order_by(Handover.at.desc())  # type: ignore[attr-defined]
            .limit(1)
        ).first()
        return _view(site, uow.session, row) if row else None


# --- the checklist from the live queue -------------------------------------------------------


def _title(*parts: str) -> str:
    text = clean_line(" ".join(p for p in parts if p))
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "…"


def _ticket_facts(session: Session, until: datetime, now: datetime) -> list[OpenTicketFact]:
    open_codes = [s.value for s in OPEN_STATUSES]
    rows = session.exec(
        select(Ticket).where(
            Ticket.status.in_(open_codes),  # type: ignore[attr-defined]
            Ticket.received_at <= now,  # type: ignore[operator]
            (
                (Ticket.emergency == True) & Ticket.under_control_at.is_(None)  # type: ignore[union-attr]  # noqa: E712
            )
            | (Ticket.reported_at.is_(None) & (Ticket.due_at <= until)),  # type: ignore[union-attr]
        )
    )
    return [
        OpenTicketFact(
            id=t.id or 0,
            title=_title(t.location, t.description),
            status=Status(t.status),
            severity=Severity(t.severity) if t.severity else None,
            emergency=t.emergency,
            under_control=t.under_control_at is not None,
            escalated=t.escalated,
            due_at=t.due_at if t.reported_at is None else None,
        )
        for t in rows
    ]


def _follow_up_facts(session: Session, until: datetime) -> list[FollowUpFact]:
    rows = session.exec(
        select(Ticket).where(
            Ticket.status == Status.CLOSED.value,
            Ticket.follow_up_done == False,  # noqa: E712
            Ticket.follow_up_due_at <= until,  # type: ignore[operator]
        )
    )
    return [
        FollowUpFact(t.id or 0, _title(_("follow-up"), t.location, t.description), t.follow_up_due_at)
        for t in rows
        if t.follow_up_due_at is not None
    ]


def _rectification_facts(session: Session, until: datetime) -> list[RectificationFact]:
    # The violation register is another feature; without its tables there is nothing to hand over.
    try:
        from frontdesk_tui.data.tables_violations import Violation
    except ImportError:
        return []
    rows = session.exec(
        select(Violation).where(
            Violation.rectification_due_at <= until,  # type: ignore[operator]
            Violation.closed_at.is_(None),  # type: ignore[union-attr]
        )
    )
    return [
        RectificationFact(
            v.id or 0, _title(_("rectification"), v.unit_label, v.violator), v.rectification_due_at
        )
        for v in rows
        if v.rectification_due_at is not None
    ]


def _log_facts(session: Session, since: datetime) -> list[LogFact]:
    """Entries of the outgoing shift; a corrected entry counts as its newest correction says."""
    rows = list(session.exec(select(DutyLogEntry).where(DutyLogEntry.at >= since).order_by(DutyLogEntry.id)))
    corrected = {r.corrects_id for r in rows if r.corrects_id is not None}
    return [LogFact(r.id, _title(r.text), r.important) for r in rows if r.id not in corrected]


def _queue_items(session: Session, change: ShiftChange, now: datetime) -> list[HandoverItem]:
    until = change.incoming.end
    return handover.checklist_items(
        _ticket_facts(session, until, now),
        _rectification_facts(session, until),
        _log_facts(session, change.outgoing.start),
        until,
        _follow_up_facts(session, until),
    )


def preview(site: Site, *, now: datetime) -> tuple[ShiftChange, list[HandoverItem]]:
    """The change nearest ``now`` and the checklist it would start with (nothing is written)."""
    with UnitOfWork(site.db, write=False) as uow:
        change = change_at(site, now, uow.session)
        return change, _queue_items(uow.session, change, now)


# --- writing ---------------------------------------------------------------------------------


def _dump(state: HandoverState) -> str:
    return json.dumps(handover.state_to_dict(state), ensure_ascii=False, sort_keys=True)


def start_or_resume(site: Site, actor: Actor, *, now: datetime) -> HandoverView:
    """R-HO-1, R-HO-2: the handover of the nearest shift change, started (pre-filled from the live
    queue) or resumed where it stopped, with whatever came up since added to its items."""
    permissions.require(actor, "handover.sign")
    change = change_at(site, now)
    try:
        with UnitOfWork(site.db) as uow:
            s = uow.session
            change = change_at(site, now, s)
            row = _row_at(s, change.at)
            fresh = _queue_items(s, change, now)
            if row is None:
                expected = [(i.name, i.expected) for i in site.settings.handover_items]
                state = handover.begin_counting(
                    handover.start_handover(
                        change.at,
                        expected,
                        fresh,
                        outgoing_side=change.outgoing.kind,
                        incoming_side=change.incoming.kind,
                    )
                )
                row = Handover(
                    at=change.at,
                    outgoing_side=str(change.outgoing.kind),
                    incoming_side=str(change.incoming.kind),
                    stage=str(state.stage),
                    state=_dump(state),
                    started_at=now,
                    started_by=actor.id,
                    updated_at=now,
                    updated_by=actor.id,
                )
                s.add(row)
                s.flush()
            else:
                state = _stored(row)
                if state.stage is not Stage.SIGNED:
                    merged = handover.follow_live(state, fresh)
                    if merged is not state:
                        assert row.id is not None
                        bump(
                            s,
                            Handover,
                            row.id,
                            row.version,
                            operator_id=actor.id,
                            now=now,
                            tz=site.tz,
                            state=_dump(merged),
                        )
                        s.refresh(row)
            view = _view(site, s, row)
            uow.commit()
            return view
    except IntegrityError:
        # Another terminal started the same handover a moment ago: resume theirs.
        with UnitOfWork(site.db, write=False) as uow:
            row = _row_at(uow.session, change.at)
            if row is None:
                raise
            return _view(site, uow.session, row)


def _update(
    site: Site,
    handover_id: int,
    operator: Actor,
    expected_version: int | None,
    now: datetime,
    change: Callable[[HandoverState], HandoverState],
) -> HandoverView:
    with UnitOfWork(site.db) as uow:
        s = uow.session
        row = s.get(Handover, handover_id)
        if row is None:
            raise NotFound("id", _("no handover {id}").format(id=handover_id))
        version = row.version if expected_version is None else expected_version
        # R-HO-5: each step works on the live checklist (a new item can be handed over at once).
        state = change(_live(site, s, row, now))
        view = _save(site, s, row, version, operator, now, state)
        uow.commit()
    return view


def _save(
    site: Site,
    s: Session,
    row: Handover,
    version: int,
    operator: Actor,
    now: datetime,
    state: HandoverState,
    **columns: Any,
) -> HandoverView:
    """Write ``state`` (and ``columns``) over version ``version`` of the row; the view written."""
    bump(
        s,
        Handover,
        row.id,
        version,
        operator_id=operator.id,
        now=now,
        tz=site.tz,
        state=_dump(state),
        stage=str(state.stage),
        **columns,
    )
    s.refresh(row)
    return _view(site, s, row)


def _step(
    site: Site,
    actor: Actor,
    handover_id: int,
    now: datetime,
    expected_version: int | None,
    change: Callable[[HandoverState], HandoverState],
) -> HandoverView:
    """One step of the checklist by someone who may sign a handover (R-HO-1…4)."""
    permissions.require(actor, "handover.sign")
    return _update(site, handover_id, actor, expected_version, now, change)


def record_counts(
    site: Site,
    actor: Actor,
    handover_id: int,
    counts: Sequence[ItemCount],
    *,
    now: datetime,
    expected_version: int | None = None,
) -> HandoverView:
    """R-HO-1: the counts of the items of the post (shortage or damage with an explanation)."""
    cleaned = [replace(c, explanation=clean_text(c.explanation)) for c in counts]
    return _step(site, actor, handover_id, now, expected_version, lambda st: handover.record_counts(st, cleaned))


def record_count(
    site: Site,
    actor: Actor,
    handover_id: int,
    count: ItemCount,
    *,
    now: datetime,
    expected_version: int | None = None,
) -> HandoverView:
    """R-HO-1, one item of the post (the command line counts one at a time)."""
    cleaned = replace(count, name=count.name.strip(), explanation=clean_text(count.explanation))
    return _step(site, actor, handover_id, now, expected_version, lambda st: handover.record_count(st, cleaned))


def record_review(
    site: Site,
    actor: Actor,
    handover_id: int,
    anomalies: str,
    *,
    now: datetime,
    expected_version: int | None = None,
) -> HandoverView:
    """R-HO-1: the previous log and the open work were read; the anomalies found in the area."""
    text = clean_text(anomalies)
    return _step(site, actor, handover_id, now, expected_version, lambda st: handover.record_review(st, text))


def dispose_item(
    site: Site,
    actor: Actor,
    handover_id: int,
    kind: ItemKind | str,
    ref_id: int,
    disposition: Disposition | str | None,
    *,
    now: datetime,
    reason: str = "",
    expected_version: int | None = None,
) -> HandoverView:
    """R-HO-2: finished, taken over by the incoming officer, or left with a reason (None undoes);
    R-HO-6: "finished" only for a ticket that is finished on its own record."""
    permissions.require(actor, "handover.sign")  # before the progress is read
    kind_code = ItemKind(kind)
    disp = Disposition(disposition) if disposition is not None else None
    text = clean_line(reason)
    progress = ticket_progress(site, [ref_id]).get(ref_id) if kind_code in TICKET_KINDS else None

    def change(st: HandoverState) -> HandoverState:
        if disp is Disposition.FINISHED:
            item = st.items[handover.find_item(st, kind_code, ref_id)]
            handover.check_finished(item, progress)
        return handover.dispose(st, kind_code, ref_id, disp, text)

    return _update(site, handover_id, actor, expected_version, now, change)


def ticket_progress(site: Site, ticket_ids: Sequence[int]) -> dict[int, TicketProgress]:
    """R-HO-6: where each ticket of the handover's items stands (its status, its follow-up)."""
    with UnitOfWork(site.db, write=False) as uow:
        return _progress_in(uow.session, ticket_ids)


def _progress_in(session: Session, ticket_ids: Sequence[int]) -> dict[int, TicketProgress]:
    if not ticket_ids:
        return {}
    rows = session.exec(select(Ticket).where(Ticket.id.in_(list(ticket_ids))))  # type: ignore[union-attr]
    return {t.id: TicketProgress(Status(t.status), t.follow_up_done) for t in rows if t.id is not None}


def _signer(site: Site, name: str, password: str) -> Actor:
    """R-HO-4: the officer proves who they are with their own password, on this terminal."""
    try:
        return sign_in(site.db, name, password, tz=site.tz)
    except SignInLocked as exc:
        raise RuleError(exc.rule, str(exc)) from None
    except SignInFailed as exc:
        raise RuleError("R-HO-4", str(exc)) from None


def set_override(
    site: Site,
    handover_id: int,
    *,
    name: str,
    password: str,
    reason: str,
    now: datetime,
    expected_version: int | None = None,
) -> HandoverView:
    """R-HO-3: an assistant or director (proved by their password) lets the handover be signed with
    important work open; the reason goes on the record."""
    manager = _signer(site, name, password)
    permissions.require(manager, "handover.override")
    override = Override(manager, clean_line(reason))
    return _update(
        site, handover_id, manager, expected_version, now, lambda st: handover.set_override(st, override)
    )


def _check_duty_side(site: Site, session: Session, signer: Actor, row: Handover, outgoing: bool) -> None:
    """R-DU-5: a duty officer signs a duty side only as its officer on duty (rostered or stand-in)."""
    change = _change_for(site, row.at)
    shift = change.outgoing if outgoing else change.incoming
    if shift.kind is ShiftKind.DUTY and signer.role is Role.DUTY_OFFICER:
        check_acts_on_duty(signer, on_duty_for_day(session, shift.day), _("sign the duty side of the handover"))


def _sign_outgoing(
    site: Site, signer: Actor, handover_id: int, *, now: datetime, expected_version: int | None = None
) -> HandoverView:
    permissions.require(signer, "handover.sign")
    with UnitOfWork(site.db, write=False) as uow:
        row = uow.session.get(Handover, handover_id)
        if row is not None:
            _check_duty_side(site, uow.session, signer, row, outgoing=True)
    return _update(
        site, handover_id, signer, expected_version, now, lambda st: handover.sign_outgoing(st, signer, now)
    )


def sign_outgoing(
    site: Site,
    handover_id: int,
    *,
    name: str,
    password: str,
    now: datetime,
    expected_version: int | None = None,
) -> HandoverView:
    """R-HO-3, R-HO-4: the outgoing officer signs with their own password (refused while important
    work is open and not overridden, or an item has no disposition)."""
    signer = _signer(site, name, password)
    return _sign_outgoing(site, signer, handover_id, now=now, expected_version=expected_version)


def withdraw_outgoing(
    site: Site, actor: Actor, handover_id: int, *, now: datetime, expected_version: int | None = None
) -> HandoverView:
    """Back to the items before the incoming officer signs (they disagree with something)."""
    return _step(site, actor, handover_id, now, expected_version, handover.withdraw_outgoing_signature)


def _timeline_note(outgoing: Actor, incoming: Actor) -> str:
    return _("taken over at the handover by {incoming} from {outgoing}").format(
        incoming=incoming.name, outgoing=outgoing.name
    )


def _actor_row(session: Session, operator_id: int | None) -> Actor | None:
    row = session.get(Operator, operator_id) if operator_id is not None else None
    if row is None or row.id is None:
        return None
    return Actor(row.id, row.name, Role(row.role), row.department)


def _sign_incoming(
    site: Site, signer: Actor, handover_id: int, *, now: datetime, expected_version: int | None = None
) -> HandoverView:
    permissions.require(signer, "handover.sign")
    with UnitOfWork(site.db) as uow:
        s = uow.session
        # The head is read under the chain's lock: no entry slips in between reading and recording it.
        dutylog_service.lock_chain(s)
        head = dutylog_service.head_in(s)
        row = s.get(Handover, handover_id)
        if row is None:
            raise NotFound("id", _("no handover {id}").format(id=handover_id))
        version = row.version if expected_version is None else expected_version
        # R-HO-5: the live queue is re-checked in the same transaction as the signature: work that
        # came up after the outgoing officer signed joins the items and refuses the signing.
        before = _live(site, s, row, now)
        _check_duty_side(site, s, signer, row, outgoing=False)
        outgoing = _actor_row(s, before.outgoing_id)
        if outgoing is None:
            if before.stage is Stage.SIGNED:
                handover.check_mutable(before)
            raise RuleError("R-HO-4", _("the outgoing officer signs first"))
        state = handover.sign_incoming(before, signer, outgoing, now, head)
        for item in handover.taken_over_items(state):
            if item.kind in TICKET_KINDS and s.get(Ticket, item.ref_id) is not None:
                s.add(
                    TicketEvent(
                        ticket_id=item.ref_id,
                        kind="handover",
                        at=now,
                        operator_id=signer.id,
                        note=_timeline_note(outgoing, signer),
                        data=json.dumps(
                            {"handover_id": row.id, "from": outgoing.name, "item": str(item.kind)},
                            ensure_ascii=False,
                        ),
                    )
                )
        s.add(
            DutyLogSignature(
                entry_id=head[0],
                hash=head[1],
                kind="handover",
                operator_id=signer.id,
                at=now,
                handover_id=row.id,
            )
        )
        view = _save(
            site,
            s,
            row,
            version,
            signer,
            now,
            state,
            outgoing_id=state.outgoing_id,
            outgoing_signed_at=state.outgoing_signed_at,
            incoming_id=state.incoming_id,
            incoming_signed_at=state.incoming_signed_at,
            override_by=state.override.by.id if state.override else None,
            override_reason=state.override.reason if state.override else "",
            log_head_id=head[0],
            log_head_hash=head[1],
        )
        uow.commit()
    return view


def sign_incoming(
    site: Site,
    handover_id: int,
    *,
    name: str,
    password: str,
    now: datetime,
    expected_version: int | None = None,
) -> HandoverView:
    """R-HO-4: the incoming officer signs with their own password; the handover is then complete and
    immutable, the log head is recorded and taken-over tickets get a timeline event."""
    signer = _signer(site, name, password)
    return _sign_incoming(site, signer, handover_id, now=now, expected_version=expected_version)


def sign(
    site: Site,
    handover_id: int,
    *,
    name: str,
    password: str,
    now: datetime,
    expected_version: int | None = None,
) -> HandoverView:
    """R-HO-4: the next signature the handover needs — the outgoing officer's, then the incoming
    one's (the command line signs one side per call)."""
    signer = _signer(site, name, password)
    with UnitOfWork(site.db, write=False) as uow:
        row = uow.session.get(Handover, handover_id)
        if row is None:
            raise NotFound("id", _("no handover {id}").format(id=handover_id))
        stage = _stored(row).stage
    if stage is Stage.SIGNED_OUTGOING or stage is Stage.SIGNED:
        return _sign_incoming(site, signer, handover_id, now=now, expected_version=expected_version)
    return _sign_outgoing(site, signer, handover_id, now=now, expected_version=expected_version)


# --- labels shared by the commands and the screens ---------------------------------------------

SIDE_LABELS: dict[ShiftKind, str] = {
    ShiftKind.DUTY: N_("duty officer"),
    ShiftKind.DAY_DESK: N_("day desk"),
}
STAGE_LABELS: dict[Stage, str] = {
    Stage.DRAFT: N_("not started"),
    Stage.COUNTING: N_("counting the items of the post"),
    Stage.REVIEWING: N_("reading the log and open work"),
    Stage.ITEMS: N_("handing over the items"),
    Stage.SIGNED_OUTGOING: N_("signed by the outgoing officer"),
    Stage.SIGNED: N_("signed by both"),
}
KIND_LABELS: dict[ItemKind, str] = {
    ItemKind.TICKET: N_("ticket"),
    ItemKind.EMERGENCY: N_("emergency"),
    ItemKind.RECTIFICATION: N_("rectification"),
    ItemKind.FOLLOW_UP: N_("follow-up"),
    ItemKind.LOG_ITEM: N_("log entry"),
}
DISPOSITION_LABELS: dict[Disposition, str] = {
    Disposition.FINISHED: N_("finished"),
    Disposition.TAKEN_OVER: N_("taken over"),
    Disposition.LEFT: N_("left with a reason"),
}
