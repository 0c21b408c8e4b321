"""The follow-up call queue (回访, R-LC-5): closed tickets whose visit is still to be made, and the
one form that records its outcome.

``follow_ups_due`` lists closed tickets with a follow-up pending, the one due first on top (the
oldest closing comes first), with what the desk needs for the call: the phone (whole for the desk,
R-PD-1), what the owner complained about and the result that was reported. ``record_follow_up``
records the visit as the lifecycle's ``follow-up`` action, optimistically locked on the version the
screen showed (R-RO-3).

Decisions (design):

* "The problem came back" is recorded on the follow-up event (``came_back``) and flags the ticket
  for the assistant exactly like a 不满意 answer (R-LC-5): the assistant reopens it or records why
  not. An owner may be satisfied with the people and still report that the leak is back.
* The list shows follow-ups not yet due as well (the visit may be made as soon as the ticket is
  closed); ``overdue`` marks those whose three working days have passed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.data.versioning import bump
from frontdesk_tui.domain import permissions
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Action, Satisfaction, Status
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import N_, Message, _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.tickets.actions import act_in, tell_assistants
from frontdesk_tui.services.tickets.queries import TicketView, build_view, event_data
from frontdesk_tui.services.uow import UnitOfWork

#: The call, as the desk says it (the owners are called in Chinese, whatever the screen language).
SCRIPT = (
    "您好，请问是{owner}吗？我是{centre}的客服。"
    "您在 {received} 反映的“{what}”，已于 {closed} 处理完毕。"
    "想跟您确认一下：问题解决了吗？您对这次处理满意吗？"
    "（非常满意 / 满意 / 一般 / 不满意）"
    "您还有什么意见或建议吗？感谢您的支持！"
)

#: How much of the complaint the script quotes.
SCRIPT_QUOTE = 40


@dataclass(frozen=True)
class FollowUpItem:
    """One closed ticket waiting for its follow-up call."""

    id: int
    version: int
    unit: str
    owner_name: str
    phone: str
    """Whole for the desk, masked for roles that do not need it (R-PD-1)."""
    contact: str
    category: str
    department: str
    description: str
    result: str
    """What was reported to the owner (the last ``report`` note), if anything."""
    received_at: datetime
    closed_at: datetime
    follow_up_due_at: datetime
    overdue: bool
    """The follow-up's three working days have passed (R-LC-5)."""

    def to_json(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        for name in ("received_at", "closed_at", "follow_up_due_at"):
            data[name] = data[name].isoformat(timespec="seconds")
        return data


def _quote(text: str, limit: int = SCRIPT_QUOTE) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def follow_up_script(item: FollowUpItem, site_name: str = "") -> str:
    """The sentence the desk reads when the owner answers (R-LC-5), naming the site's own service
    centre as the phone greeting does (R-IN-9); without a name, 物业服务中心."""
    owner = item.owner_name or "业主"
    return SCRIPT.format(
        owner=owner,
        centre=site_name.strip() or "物业服务中心",
        received=item.received_at.strftime("%m-%d"),
        what=_quote(item.description),
        closed=item.closed_at.strftime("%m-%d"),
    )


def _last_reports(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(
        select(TicketEvent.ticket_id, TicketEvent.note)
        .where(TicketEvent.ticket_id.in_(ids), TicketEvent.kind == Action.REPORT.value)  # type: ignore[attr-defined]
        .order_by(TicketEvent.at, TicketEvent.id)
    ).all()
    return dict(rows)  # later reports overwrite earlier ones


def follow_ups_due(site: Site, actor: Actor | None, *, now: datetime, limit: int = 200) -> list[FollowUpItem]:
    """Closed tickets whose follow-up visit is not yet recorded, the one due first on top."""
    if limit <= 0:
        raise InputError("limit", _("a positive number"))
    tz = site.tz
    shows_phone = permissions.may_see_phone(actor)
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        rows = list(
            s.exec(
                select(Ticket)
                .where(
                    Ticket.status == Status.CLOSED.value,
                    Ticket.follow_up_done == False,  # noqa: E712
                    Ticket.follow_up_due_at != None,  # noqa: E711
                )
                .order_by(Ticket.follow_up_due_at, Ticket.closed_at, Ticket.id)  # type: ignore[arg-type]
                .limit(limit)
            )
        )
        reports = _last_reports(s, [t.id for t in rows if t.id is not None])
        return [
            FollowUpItem(
                id=t.id,  # type: ignore[arg-type]
                version=t.version,
                unit=t.location,
                owner_name=t.owner_name,
                phone=t.phone if shows_phone else permissions.mask_phone(t.phone),
                contact=t.contact if shows_phone else permissions.mask_phone(t.contact),
                category=t.category,
                department=t.department,
                description=t.description,
                result=reports.get(t.id, ""),  # type: ignore[arg-type]
                received_at=t.received_at.astimezone(tz),
                closed_at=(t.closed_at or t.updated_at).astimezone(tz),
                follow_up_due_at=t.follow_up_due_at.astimezone(tz),  # type: ignore[union-attr]
                overdue=t.follow_up_due_at < now,  # type: ignore[operator]
            )
            for t in rows
        ]


def record_follow_up(
    site: Site,
    actor: Actor,
    ticket_id: int,
    *,
    satisfaction: Satisfaction | str,
    comments: str = "",
    came_back: bool = False,
    now: datetime,
    expected_version: int | None = None,
) -> TicketView:
    """Record the follow-up visit (R-LC-5) in one transaction and return the ticket as ``actor`` sees it.

    不满意 or ``came_back`` flag the ticket for the assistant (inbox, and ``reopen`` becomes possible).
    Raises what :func:`frontdesk_tui.services.tickets.actions.act` raises (R-RO-1 for a role that may
    not, R-LC-1 when the ticket is not closed, StaleError R-RO-3 on a stale copy, InputError).
    """
    fields: dict[str, Any] = {"satisfaction": str(satisfaction)}
    if comments:
        fields["note"] = comments
    with UnitOfWork(site.db) as uow:
        s = uow.session
        ticket = act_in(
            s, site, actor, ticket_id, Action.FOLLOW_UP, fields, now=now, expected_version=expected_version
        )
        if came_back:
            # The event was written in this transaction: it is completed here, never edited later (R-LC-3).
            event = s.exec(
                select(TicketEvent)
                .where(TicketEvent.ticket_id == ticket_id, TicketEvent.kind == Action.FOLLOW_UP.value)
                .order_by(TicketEvent.id.desc())  # type: ignore[union-attr]
            ).first()
            assert event is not None
            data = event_data(event)
            data["came_back"] = True
            event.data = json.dumps(data, ensure_ascii=False, sort_keys=True)
            s.add(event)
            if not ticket.follow_up_flagged:
                bump(
                    s,
                    Ticket,
                    ticket_id,
                    ticket.version,
                    operator_id=actor.id,
                    now=now,
                    tz=site.tz,
                    follow_up_flagged=True,
                )
                message = Message(
                    N_("Ticket {id}: the problem came back (follow-up visit); reopen it or record why not"),
                    {"id": ticket.id},
                )
                tell_assistants(s, ticket, now, kind="follow_up_came_back", message=message)
            s.flush()
            s.refresh(ticket)
        view = build_view(s, site, actor, ticket, now=now)
        uow.commit()
        return view


__all__ = ["FollowUpItem", "follow_up_script", "follow_ups_due", "record_follow_up"]
