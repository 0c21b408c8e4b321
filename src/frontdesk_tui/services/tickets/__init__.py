"""Tickets: the one import for screens and commands.

Intake lives in :mod:`.intake`, actions in :mod:`.actions`, reading in :mod:`.queries`;
this module gathers their public names so callers write ``tickets.record_complaint(...)``,
``tickets.act(...)``, ``tickets.get_ticket(...)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

#: Public name -> the module that defines it. A name loads its module when first used (PEP 562), so
#: ``ticket list`` imports the reading side only, not the actions, intake and what they import
#: (issue 15: a read command within 1.3x of the bare stack).
_WHERE = {
    "ComplaintDraft": "frontdesk_tui.domain.tickets.intake",
    "DeadlineTerms": "frontdesk_tui.services.tickets.actions",
    "act": "frontdesk_tui.services.tickets.actions",
    "deadline_terms": "frontdesk_tui.services.tickets.actions",
    "eligible_handlers": "frontdesk_tui.services.tickets.actions",
    "eligible_supervisors": "frontdesk_tui.services.tickets.actions",
    "recompute_open_deadlines": "frontdesk_tui.services.tickets.actions",
    "DuplicateFound": "frontdesk_tui.services.tickets.intake",
    "IntakeResult": "frontdesk_tui.services.tickets.intake",
    "record_complaint": "frontdesk_tui.services.tickets.intake",
    "EventView": "frontdesk_tui.services.tickets.queries",
    "OwnerMatch": "frontdesk_tui.services.tickets.queries",
    "TicketSummary": "frontdesk_tui.services.tickets.queries",
    "TicketView": "frontdesk_tui.services.tickets.queries",
    "get_ticket": "frontdesk_tui.services.tickets.queries",
    "list_tickets": "frontdesk_tui.services.tickets.queries",
    "lookup_owners": "frontdesk_tui.services.tickets.queries",
    "owner_history": "frontdesk_tui.services.tickets.queries",
    "public_area_names": "frontdesk_tui.services.tickets.queries",
}

if TYPE_CHECKING:
    from frontdesk_tui.domain.tickets.intake import ComplaintDraft
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


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


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
