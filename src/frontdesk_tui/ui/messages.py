"""Messages that travel up to the app (named in the past tense)."""

from __future__ import annotations

from textual.message import Message


class TicketSelected(Message):
    """The operator chose a ticket (Enter in a list); the app opens it."""

    def __init__(self, ticket_id: int) -> None:
        super().__init__()
        self.ticket_id = ticket_id


class RecordSelected(Message):
    """The operator chose a record by its kind and id (an inbox item, a row of the supervision
    board): ``ticket``, ``violation``, ``duty_log``, ``roster`` or ``handover``; the app opens it."""

    def __init__(self, ref_kind: str, ref_id: int | None) -> None:
        super().__init__()
        self.ref_kind = ref_kind
        self.ref_id = ref_id
