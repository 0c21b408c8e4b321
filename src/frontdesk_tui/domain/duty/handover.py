"""Shift handover (交接班): the checklist, what blocks signing, who signs (R-HO-1…4, R-DU-2).

A handover is plain data (:class:`HandoverState`) that the service stores after every step, so a
handover interrupted half-way resumes where it stopped. The steps, in order::

    draft → counting → reviewing → items → signed_outgoing → signed

* ``counting`` (R-HO-1): the incoming officer counts the items of the post; a shortage or damage
  needs the outgoing officer's explanation.
* ``reviewing`` (R-HO-1): the previous log and open work are read, anomalies of the area recorded.
* ``items`` (R-HO-2): each unfinished item gets a disposition: finished, taken over by the incoming
  officer, or left with a reason.
* ``signed_outgoing`` / ``signed`` (R-HO-4): two different operators sign; then it never changes.

Each edit may also be made again from a later step (the screen lets the officers go back) as long as
nobody has signed; it moves the handover on to the step after the one it completes.

Decisions (design):

* Important work (R-HO-3) is computed from plain facts the service reads from the live queue:
  an emergency not yet under control; an open major or escalated ticket, or a rectification
  deadline, due before the incoming shift ends (already overdue included); a log entry marked
  important. Other open tickets due in that time and follow-ups due in it are on the checklist too,
  but do not block.
* Every item needs a disposition before signing (R-HO-2, "hands over each unfinished item
  explicitly"); an important one must be finished or taken over (R-HO-3) unless an assistant or
  director overrides with a reason. With an override an important item may be left (with a reason).
* Once the outgoing officer has signed, the content is frozen; the signature may be withdrawn (back to
  ``items``) until the incoming officer signs.
* Signers (R-HO-4, R-DU-2): two different operators; the side of the day desk (the 08:30/17:30
  changes) may be signed by a receptionist, a duty officer or a manager; a duty side by a duty
  officer or a manager (assistant, director). Staff never sign.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import OPEN_STATUSES, Role, Severity, Status
from frontdesk_tui.domain.duty.roster import ShiftKind
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError
from frontdesk_tui.i18n import _, ngettext


class ItemKind(StrEnum):
    TICKET = "ticket"
    EMERGENCY = "emergency"
    RECTIFICATION = "rectification"
    FOLLOW_UP = "follow_up"
    LOG_ITEM = "log_item"


class Disposition(StrEnum):
    FINISHED = "finished"
    TAKEN_OVER = "taken_over"
    LEFT = "left"


class Stage(StrEnum):
    DRAFT = "draft"
    COUNTING = "counting"
    REVIEWING = "reviewing"
    ITEMS = "items"
    SIGNED_OUTGOING = "signed_outgoing"
    SIGNED = "signed"


_ORDER = list(Stage)


def _later(a: Stage, b: Stage) -> Stage:
    return a if _ORDER.index(a) >= _ORDER.index(b) else b


# --- R-HO-1: counting the items of the post ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemCount:
    """One item of the post: expected and counted numbers; ``counted`` is ``None`` until counted."""

    name: str
    expected: int
    counted: int | None = None
    explanation: str = ""
    damaged: bool = False

    @property
    def short(self) -> bool:
        return self.counted is not None and self.counted < self.expected


def count_errors(counts: Iterable[ItemCount]) -> list[InputError]:
    """R-HO-1: every count missing or negative, and every shortage or damage without explanation."""
    errors = []
    for count in counts:
        if count.counted is None:
            errors.append(InputError(count.name, _("not counted yet")))
        elif count.counted < 0:
            errors.append(InputError(count.name, _("a count cannot be negative")))
        elif (count.short or count.damaged) and not count.explanation.strip():
            errors.append(
                InputError(count.name, _("a shortage or damage needs the outgoing officer's explanation"))
            )
    return errors


def check_counts(counts: Iterable[ItemCount]) -> None:
    """Raise the first of :func:`count_errors` (an InputError naming the item)."""
    errors = count_errors(counts)
    if errors:
        raise errors[0]


# --- R-HO-2, R-HO-3: the items handed over -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class HandoverItem:
    """One piece of unfinished work; ``ref_id`` is the ticket, violation or log entry id."""

    kind: ItemKind
    ref_id: int
    title: str
    due_at: datetime | None
    important: bool
    disposition: Disposition | None = None
    reason: str = ""
    new: bool = False
    """R-HO-5: it came up (or became important) after the handover was started."""

    @property
    def label(self) -> str:
        return f"{self.title} (#{self.ref_id})"

    @property
    def blocking(self) -> bool:
        """R-HO-3: important and neither finished nor taken over."""
        return self.important and self.disposition not in (Disposition.FINISHED, Disposition.TAKEN_OVER)


@dataclass(frozen=True, slots=True)
class OpenTicketFact:
    """A ticket as the checklist needs it. ``due_at`` is the running deadline, ``None`` when its
    clock has stopped (result reported)."""

    id: int
    title: str
    status: Status
    severity: Severity | None
    emergency: bool
    under_control: bool
    escalated: bool
    due_at: datetime | None


@dataclass(frozen=True, slots=True)
class RectificationFact:
    """A violation's rectification deadline (限期整改)."""

    id: int
    title: str
    due_at: datetime


@dataclass(frozen=True, slots=True)
class FollowUpFact:
    """A closed ticket's follow-up visit falling due (R-LC-5); ``id`` is the ticket's."""

    id: int
    title: str
    due_at: datetime


@dataclass(frozen=True, slots=True)
class LogFact:
    """A duty-log entry; ``important`` when the outgoing officer marked it so."""

    id: int
    text: str
    important: bool


def checklist_items(
    tickets: Iterable[OpenTicketFact],
    rectifications: Iterable[RectificationFact],
    log_entries: Iterable[LogFact],
    next_shift_end: datetime,
    follow_ups: Iterable[FollowUpFact] = (),
) -> list[HandoverItem]:
    """The checklist pre-filled from the live queue, important items first, then by due time."""
    items: list[HandoverItem] = []

    def due(at: datetime | None) -> bool:
        return at is not None and at <= next_shift_end

    for t in tickets:
        if t.status not in OPEN_STATUSES:
            continue
        if t.emergency and not t.under_control:
            items.append(HandoverItem(ItemKind.EMERGENCY, t.id, t.title, t.due_at, True))
        elif due(t.due_at):
            important = t.severity is Severity.MAJOR or t.escalated
            items.append(HandoverItem(ItemKind.TICKET, t.id, t.title, t.due_at, important))
    for r in rectifications:
        if due(r.due_at):
            items.append(HandoverItem(ItemKind.RECTIFICATION, r.id, r.title, r.due_at, True))
    for f in follow_ups:
        if due(f.due_at):
            items.append(HandoverItem(ItemKind.FOLLOW_UP, f.id, f.title, f.due_at, False))
    for entry in log_entries:
        if entry.important:
            items.append(HandoverItem(ItemKind.LOG_ITEM, entry.id, entry.text, None, True))
    order = list(ItemKind)
    return sorted(
        items,
        key=lambda i: (
            not i.important,
            i.due_at is None,
            i.due_at.timestamp() if i.due_at else 0.0,
            order.index(i.kind),
            i.ref_id,
        ),
    )


def follow_live(state: HandoverState, live: Sequence[HandoverItem]) -> HandoverState:
    """R-HO-5: until signed, the checklist follows the live queue and log.

    ``live`` is the checklist as :func:`checklist_items` builds it now. Work that is not on the
    handover yet joins it marked ``new``; an item that has become important since (a ticket upgraded
    to major or escalated) becomes important and is marked ``new`` too, keeping its disposition (so a
    "left" item that is now important blocks again, R-HO-3). Nothing is ever dropped: what the
    officers saw stays on the record. A signed handover never changes (R-HO-4). The same function
    runs when the handover is shown and, in the same transaction, when it is signed.
    """
    if state.stage is Stage.SIGNED:
        return state
    by_key = {(i.kind, i.ref_id): i for i in live}
    changed = False
    items: list[HandoverItem] = []
    for item in state.items:
        now_item = by_key.pop((item.kind, item.ref_id), None)
        if now_item is not None and now_item.important and not item.important:
            items.append(replace(item, important=True, new=True))
            changed = True
        else:
            items.append(item)
    added = [replace(i, new=True, disposition=None, reason="") for i in live if (i.kind, i.ref_id) in by_key]
    if not changed and not added:
        return state
    return replace(state, items=(*items, *added))


def new_items(state: HandoverState) -> list[HandoverItem]:
    """R-HO-5: the items that came up (or became important) after the handover was started."""
    return [i for i in state.items if i.new]


def important_items(
    tickets: Iterable[OpenTicketFact],
    rectifications: Iterable[RectificationFact],
    log_entries: Iterable[LogFact],
    next_shift_end: datetime,
) -> list[HandoverItem]:
    """R-HO-3: only the items whose being unfinished blocks the handover."""
    return [i for i in checklist_items(tickets, rectifications, log_entries, next_shift_end) if i.important]


# --- overrides and signers ---------------------------------------------------------------------

_MANAGERS = (Role.ASSISTANT, Role.DIRECTOR)


@dataclass(frozen=True, slots=True)
class Override:
    """R-HO-3: an assistant or director lets the handover be signed with important work open."""

    by: Actor
    reason: str


def check_override(override: Override) -> None:
    if override.by.role not in _MANAGERS:
        # The same rule id as permissions' "handover.override": the refusal is about R-HO-3.
        raise RuleError("R-HO-3", _("only an assistant or director may override a blocked handover"))
    if not override.reason.strip():
        raise InputError("reason", _("an override needs a reason on the record"))


def _check_side(actor: Actor, side: ShiftKind) -> None:
    if side is ShiftKind.DAY_DESK:
        if actor.role is Role.STAFF:
            raise RuleError(
                "R-RO-1",
                _("the day desk's side is signed by a receptionist, duty officer, assistant or director"),
            )
    elif actor.role not in (Role.DUTY_OFFICER, *_MANAGERS):
        raise RuleError("R-RO-1", _("the duty side is signed by a duty officer, assistant or director"))


def check_signers(
    outgoing: Actor,
    incoming: Actor,
    *,
    outgoing_side: ShiftKind = ShiftKind.DUTY,
    incoming_side: ShiftKind = ShiftKind.DUTY,
) -> None:
    """R-HO-4, R-DU-2: two different operators, each allowed to sign their side."""
    if outgoing.id == incoming.id:
        raise RuleError("R-HO-4", _("a handover is signed by two different operators"))
    _check_side(outgoing, outgoing_side)
    _check_side(incoming, incoming_side)


# --- the handover state ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HandoverState:
    """Everything a handover holds; the service stores it after every step."""

    at: datetime
    """The scheduled shift change (08:30 or 17:30)."""
    outgoing_side: ShiftKind = ShiftKind.DUTY
    incoming_side: ShiftKind = ShiftKind.DUTY
    stage: Stage = Stage.DRAFT
    counts: tuple[ItemCount, ...] = ()
    anomalies: str = ""
    items: tuple[HandoverItem, ...] = ()
    override: Override | None = None
    outgoing_id: int | None = None
    outgoing_role: Role | None = None
    outgoing_signed_at: datetime | None = None
    incoming_id: int | None = None
    incoming_role: Role | None = None
    incoming_signed_at: datetime | None = None
    log_head: tuple[int, str] | None = None
    """The duty log's head ``(entry id, hash)`` when the handover was signed (R-DU-4)."""


#: How many open items a refusal names (the rest are counted): a message of every open item cut
#: the rule id and the new work off the end of a CLI line and of the screen's message lines.
BLOCKED_NAMED = 3
#: A title in a refusal is cut to this many characters (the checklist shows it whole).
BLOCKED_TITLE = 24


def _short_label(item: HandoverItem) -> str:
    title = item.title if len(item.title) <= BLOCKED_TITLE else item.title[: BLOCKED_TITLE - 1] + "…"
    return f"{title} (#{item.ref_id})"


def named_items(items: Sequence[HandoverItem]) -> str:
    """A refusal's list of items: the first few named (titles cut), the rest counted."""
    named = [_short_label(i) for i in items[:BLOCKED_NAMED]]
    rest = len(items) - len(named)
    if rest:
        named.append(ngettext("and {n} more", "and {n} more", rest).format(n=rest))
    return "; ".join(named)


class HandoverBlocked(RuleError):
    """R-HO-3: signing refused; ``items`` are the important items still open.

    The message stays short whatever the number of items: how many, the new ones first (R-HO-5:
    what came up after the handover was started is what the officers have not seen yet), a few
    named and the rest counted; the screen lists every item and ``items`` holds them all."""

    def __init__(self, items: Sequence[HandoverItem]) -> None:
        # New work first, emergencies first within it (what matters most is named, the rest counted).
        ordered = sorted(items, key=lambda i: (not i.new, i.kind is not ItemKind.EMERGENCY))
        labels = named_items(ordered)
        n = len(ordered)
        fresh = sum(1 for i in ordered if i.new)
        if fresh:
            message = ngettext(
                "{n} important item is neither finished nor taken over, {k} new since the handover "
                "started (R-HO-5): {items}",
                "{n} important items are neither finished nor taken over, {k} new since the handover "
                "started (R-HO-5): {items}",
                n,
            ).format(n=n, k=fresh, items=labels)
        else:
            message = ngettext(
                "{n} important item is neither finished nor taken over: {items}",
                "{n} important items are neither finished nor taken over: {items}",
                n,
            ).format(n=n, items=labels)
        super().__init__("R-HO-3", message)
        self.items = tuple(items)


def start_handover(
    at: datetime,
    expected: Sequence[tuple[str, int]],
    items: Sequence[HandoverItem],
    *,
    outgoing_side: ShiftKind = ShiftKind.DUTY,
    incoming_side: ShiftKind = ShiftKind.DUTY,
) -> HandoverState:
    """A draft handover: the items of the post to count (``(name, expected)``) and the checklist."""
    counts = tuple(ItemCount(name, number) for name, number in expected)
    return HandoverState(at, outgoing_side, incoming_side, counts=counts, items=tuple(items))


def check_mutable(state: HandoverState) -> None:
    """R-HO-4: nothing changes once signed (and nothing under the outgoing signature)."""
    if state.stage is Stage.SIGNED:
        raise RuleError("R-HO-4", _("a signed handover cannot be changed"))
    if state.stage is Stage.SIGNED_OUTGOING:
        raise RuleError(
            "R-HO-4", _("the outgoing officer has signed; withdraw the signature to change the handover")
        )


def _require_stage(state: HandoverState, earliest: Stage) -> None:
    check_mutable(state)
    if _ORDER.index(state.stage) < _ORDER.index(earliest):
        raise RuleError("R-HO-1", _("finish the earlier steps of the handover first"))


def begin_counting(state: HandoverState) -> HandoverState:
    check_mutable(state)
    return replace(state, stage=_later(state.stage, Stage.COUNTING))


def record_counts(state: HandoverState, counts: Sequence[ItemCount]) -> HandoverState:
    """R-HO-1: the counts of every item of the post, as listed when the handover started."""
    _require_stage(state, Stage.COUNTING)
    wanted = [(c.name, c.expected) for c in state.counts]
    given = [(c.name, c.expected) for c in counts]
    if sorted(given) != sorted(wanted):
        raise InputError(
            "counts",
            _("count exactly the items of the post: {names}").format(
                names=", ".join(name for name, _n in wanted)
            ),
        )
    check_counts(counts)
    by_name = {c.name: c for c in counts}
    ordered = tuple(by_name[c.name] for c in state.counts)
    return replace(state, counts=ordered, stage=_later(state.stage, Stage.REVIEWING))


def record_count(state: HandoverState, count: ItemCount) -> HandoverState:
    """R-HO-1, one item of the post at a time (the command line): once every item is counted
    without error the handover goes on to reviewing, as :func:`record_counts` does."""
    _require_stage(state, Stage.COUNTING)
    names = [c.name for c in state.counts]
    if count.name not in names:
        raise InputError(
            "item", _("count exactly the items of the post: {names}").format(names=", ".join(names))
        )
    index = names.index(count.name)
    count = replace(count, expected=state.counts[index].expected)
    check_counts([count])
    counts = (*state.counts[:index], count, *state.counts[index + 1 :])
    stage = _later(state.stage, Stage.REVIEWING) if not count_errors(counts) else state.stage
    return replace(state, counts=counts, stage=stage)


def item_by_ref(state: HandoverState, ref: str) -> HandoverItem:
    """An item named as the commands name it: ``97``, ``#97`` or ``KIND:97`` (``log_item:12``);
    a bare number shared by two kinds must say the kind."""
    text = ref.strip().lstrip("#")
    kind_text, _sep, number = text.rpartition(":")
    try:
        ref_id = int(number)
        kind = ItemKind(kind_text) if kind_text else None
    except ValueError:
        raise InputError("item", _("not an item of the handover: {ref} (ID or KIND:ID)").format(ref=ref)) from None
    found = [i for i in state.items if i.ref_id == ref_id and (kind is None or i.kind is kind)]
    if not found:
        raise NotFound("item", _("no such item on this handover: {ref}").format(ref=ref))
    if len(found) > 1:
        raise InputError(
            "item",
            _("#{id} is several items; say which: {refs}").format(
                id=ref_id, refs=", ".join(f"{i.kind}:{i.ref_id}" for i in found)
            ),
        )
    return found[0]


def record_review(state: HandoverState, anomalies: str) -> HandoverState:
    """R-HO-1: the previous log and open work were read; ``anomalies`` found in the area (may be empty)."""
    _require_stage(state, Stage.REVIEWING)
    return replace(state, anomalies=anomalies.strip(), stage=_later(state.stage, Stage.ITEMS))


def find_item(state: HandoverState, kind: ItemKind, ref_id: int) -> int:
    """The index of the item ``kind`` #``ref_id`` (NotFound if it is not on the handover)."""
    return _find(state, kind, ref_id)


def _find(state: HandoverState, kind: ItemKind, ref_id: int) -> int:
    for index, item in enumerate(state.items):
        if item.kind == kind and item.ref_id == ref_id:
            return index
    raise NotFound("item", _("no such item on this handover: {kind} #{id}").format(kind=kind, id=ref_id))


def add_item(state: HandoverState, item: HandoverItem) -> HandoverState:
    """R-HO-2: the outgoing officer adds an unfinished item the queue did not show."""
    _require_stage(state, Stage.ITEMS)
    if any(i.kind == item.kind and i.ref_id == item.ref_id for i in state.items):
        raise InputError("item", _("this item is already on the handover"))
    return replace(state, items=(*state.items, item))


def dispose(
    state: HandoverState, kind: ItemKind, ref_id: int, disposition: Disposition | None, reason: str = ""
) -> HandoverState:
    """R-HO-2: finished, taken over by the incoming officer, or left (with a reason); ``None`` undoes."""
    _require_stage(state, Stage.ITEMS)
    index = _find(state, kind, ref_id)
    if disposition is Disposition.LEFT and not reason.strip():
        raise InputError("reason", _("say why the item is left"))
    items = list(state.items)
    items[index] = replace(items[index], disposition=disposition, reason=reason.strip())
    return replace(state, items=tuple(items))


#: R-HO-6: a ticket has reached its result (reported, confirmed/closed) or ended without one.
FINISHED_STATUSES: frozenset[Status] = frozenset(
    {Status.RESULT_REPORTED, Status.CLOSED, Status.ANSWERED, Status.WITHDRAWN, Status.INVALID}
)
#: Item kinds whose ``ref_id`` is a ticket.
TICKET_ITEM_KINDS = (ItemKind.TICKET, ItemKind.EMERGENCY, ItemKind.FOLLOW_UP)


@dataclass(frozen=True, slots=True)
class TicketProgress:
    """What R-HO-6 needs of a ticket item's ticket: where it stands on its own record."""

    status: Status
    follow_up_done: bool = False


def finished_on_record(kind: ItemKind, progress: TicketProgress | None) -> bool:
    """R-HO-6: whether the item's own record says it is finished (a ticket reported, confirmed or
    closed; a follow-up item's visit done). Items that are not tickets are the officers' word."""
    if kind not in TICKET_ITEM_KINDS:
        return True
    if progress is None:
        return False
    if kind is ItemKind.FOLLOW_UP:
        return progress.follow_up_done
    return progress.status in FINISHED_STATUSES


def check_finished(item: HandoverItem, progress: TicketProgress | None) -> None:
    """R-HO-6: "finished" at a handover means finished on its record; otherwise take it over or
    leave it with a reason (or record the ticket's next step first)."""
    if finished_on_record(item.kind, progress):
        return
    if item.kind is ItemKind.FOLLOW_UP:
        reason = _("the follow-up visit of ticket #{id} is not recorded yet").format(id=item.ref_id)
    else:
        reason = _("ticket #{id} has not reached reported, confirmed or closed").format(id=item.ref_id)
    raise RuleError("R-HO-6", reason + "; " + _("take it over, leave it with a reason, or record its next step first"))


def set_override(state: HandoverState, override: Override | None) -> HandoverState:
    """R-HO-3: record (or remove, with ``None``) an assistant's or director's override."""
    _require_stage(state, Stage.ITEMS)
    if override is not None:
        check_override(override)
        override = replace(override, reason=override.reason.strip())
    return replace(state, override=override)


def blocking_items(state: HandoverState) -> list[HandoverItem]:
    """R-HO-3: important items neither finished nor taken over."""
    return [i for i in state.items if i.blocking]


def check_can_sign(state: HandoverState, override: Override | None = None) -> None:
    """R-HO-3 then R-HO-2: refuse while important work is open (unless overridden, ``override`` or
    the state's), or while any item has no disposition."""
    override = override if override is not None else state.override
    blocking = blocking_items(state)
    if blocking:
        if override is None:
            raise HandoverBlocked(blocking)
        check_override(override)
    undecided = [i for i in state.items if i.disposition is None]
    if undecided:
        raise RuleError(
            "R-HO-2",
            _("hand over each unfinished item explicitly: {items}").format(items=named_items(undecided)),
        )


def sign_outgoing(state: HandoverState, outgoing: Actor, at: datetime) -> HandoverState:
    """R-HO-4: the outgoing officer signs (after confirming their password, in the service)."""
    _require_stage(state, Stage.ITEMS)  # leaves only ITEMS: earlier steps done, nobody signed
    check_can_sign(state)
    _check_side(outgoing, state.outgoing_side)
    return replace(
        state,
        stage=Stage.SIGNED_OUTGOING,
        outgoing_id=outgoing.id,
        outgoing_role=outgoing.role,
        outgoing_signed_at=at,
    )


def withdraw_outgoing_signature(state: HandoverState) -> HandoverState:
    """Back to ``items`` before the incoming officer signs (e.g. they disagree with an item)."""
    if state.stage is not Stage.SIGNED_OUTGOING:
        check_mutable(state)
        raise RuleError("R-HO-4", _("the outgoing officer has not signed"))
    return replace(state, stage=Stage.ITEMS, outgoing_id=None, outgoing_role=None, outgoing_signed_at=None)


def sign_incoming(
    state: HandoverState, incoming: Actor, outgoing: Actor, at: datetime, log_head: tuple[int, str]
) -> HandoverState:
    """R-HO-4: the incoming officer signs; the handover is complete and immutable from now on.

    ``outgoing`` is the operator who signed first (the service loads them by ``state.outgoing_id``);
    ``log_head`` is the duty log's head at this moment, recorded for the truncation check (R-DU-4).
    """
    if state.stage is Stage.SIGNED:
        check_mutable(state)
    if state.stage is not Stage.SIGNED_OUTGOING or outgoing.id != state.outgoing_id:
        raise RuleError("R-HO-4", _("the outgoing officer signs first"))
    check_signers(outgoing, incoming, outgoing_side=state.outgoing_side, incoming_side=state.incoming_side)
    check_can_sign(state)
    return replace(
        state,
        stage=Stage.SIGNED,
        incoming_id=incoming.id,
        incoming_role=incoming.role,
        incoming_signed_at=at,
        log_head=log_head,
    )


def taken_over_items(state: HandoverState) -> list[HandoverItem]:
    """The items the incoming officer took over: written to each ticket's timeline at signing."""
    return [i for i in state.items if i.disposition is Disposition.TAKEN_OVER]


# --- storage as plain JSON data ----------------------------------------------------------------


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def state_to_dict(state: HandoverState) -> dict[str, Any]:
    """The state as JSON-ready data (the service stores it; :func:`state_from_dict` reads it back)."""
    override = None
    if state.override is not None:
        by = state.override.by
        override = {
            "by": {"id": by.id, "name": by.name, "role": str(by.role), "department": by.department},
            "reason": state.override.reason,
        }
    return {
        "at": _dt(state.at),
        "outgoing_side": str(state.outgoing_side),
        "incoming_side": str(state.incoming_side),
        "stage": str(state.stage),
        "counts": [
            {
                "name": c.name,
                "expected": c.expected,
                "counted": c.counted,
                "explanation": c.explanation,
                "damaged": c.damaged,
            }
            for c in state.counts
        ],
        "anomalies": state.anomalies,
        "items": [
            {
                "kind": str(i.kind),
                "ref_id": i.ref_id,
                "title": i.title,
                "due_at": _dt(i.due_at),
                "important": i.important,
                "disposition": str(i.disposition) if i.disposition else None,
                "reason": i.reason,
                "new": i.new,
            }
            for i in state.items
        ],
        "override": override,
        "outgoing_id": state.outgoing_id,
        "outgoing_role": str(state.outgoing_role) if state.outgoing_role else None,
        "outgoing_signed_at": _dt(state.outgoing_signed_at),
        "incoming_id": state.incoming_id,
        "incoming_role": str(state.incoming_role) if state.incoming_role else None,
        "incoming_signed_at": _dt(state.incoming_signed_at),
        "log_head": list(state.log_head) if state.log_head else None,
    }


def state_from_dict(data: Mapping[str, Any]) -> HandoverState:
    override = None
    if data.get("override"):
        by = data["override"]["by"]
        override = Override(
            Actor(by["id"], by["name"], Role(by["role"]), by.get("department")), data["override"]["reason"]
        )
    head = data.get("log_head")
    return HandoverState(
        at=datetime.fromisoformat(data["at"]),
        outgoing_side=ShiftKind(data["outgoing_side"]),
        incoming_side=ShiftKind(data["incoming_side"]),
        stage=Stage(data["stage"]),
        counts=tuple(ItemCount(**c) for c in data["counts"]),
        anomalies=data["anomalies"],
        items=tuple(
            HandoverItem(
                kind=ItemKind(i["kind"]),
                ref_id=i["ref_id"],
                title=i["title"],
                due_at=_parse_dt(i["due_at"]),
                important=i["important"],
                disposition=Disposition(i["disposition"]) if i["disposition"] else None,
                reason=i["reason"],
                new=bool(i.get("new", False)),
            )
            for i in data["items"]
        ),
        override=override,
        outgoing_id=data["outgoing_id"],
        outgoing_role=Role(data["outgoing_role"]) if data["outgoing_role"] else None,
        outgoing_signed_at=_parse_dt(data["outgoing_signed_at"]),
        incoming_id=data["incoming_id"],
        incoming_role=Role(data["incoming_role"]) if data["incoming_role"] else None,
        incoming_signed_at=_parse_dt(data["incoming_signed_at"]),
        log_head=(int(head[0]), str(head[1])) if head else None,
    )
