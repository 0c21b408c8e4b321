"""Tickets: the one import for screens and commands.

Intake lives in :mod:`.intake`, actions in :mod:`.actions`, reading in :mod:`.queries`;
this module gathers their public names so callers write ``tickets.record_complaint(...)``,
``tickets.act(...)``, ``tickets.get_ticket(...)``.
"""

from __future__ import annotations

from frontdesk_tui.domain.intake import ComplaintDraft
from frontdesk_tui.services.tickets.actions import (
    DeadlineTerms,
    act,
    deadline_terms,
    eligible_handlers,
    eligible_supervisors,
    recompute_open_deadlines,
)
from frontdesk_tui.services.tickets.intake import DuplicateFound, IntakeResult, record_complaint
from frontdesk_tui.services.tickets.queries import (
    EventView,
    OwnerMatch,
    TicketSummary,
    TicketView,
    get_ticket,
    list_tickets,
    lookup_owners,
    owner_history,
    public_area_names,
)

__all__ = [
    "ComplaintDraft",
    "DeadlineTerms",
    "DuplicateFound",
    "EventView",
    "IntakeResult",
    "OwnerMatch",
    "TicketSummary",
    "TicketView",
    "act",
    "deadline_terms",
    "eligible_handlers",
    "eligible_supervisors",
    "get_ticket",
    "list_tickets",
    "lookup_owners",
    "owner_history",
    "public_area_names",
    "recompute_open_deadlines",
    "record_complaint",
]
