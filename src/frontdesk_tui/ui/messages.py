"""Messages that travel up to the app (named in the past tense)."""

from __future__ import annotations

from textual.message import Message


class TicketSelected(Message):
    """The operator chose a ticket (Enter in a list); the app opens it."""

    def __init__(self, ticket_id: int) -> None:
        super().__init__()
        self.ticket_id = ticket_id
