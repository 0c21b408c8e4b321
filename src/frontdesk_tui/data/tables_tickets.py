"""Tickets, their append-only timeline, and escalations (issue 3).

``version`` is the optimistic lock (R-RO-3): every write to a ticket goes through
``data.versioning.bump`` with the version the writer read; a stale copy is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, Index, String, Text, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from frontdesk_tui.data.tables import utc_column
from frontdesk_tui.domain.search import index_terms

#: ``Ticket.next_check_at`` of a ticket nothing can escalate until someone writes it.
NEVER_CHECK = datetime(9999, 12, 31, tzinfo=UTC)


class Ticket(SQLModel, table=True):
    __table_args__ = (
        Index("ix_ticket_status_due", "status", "due_at"),
        Index("ix_ticket_department_status", "department", "status"),
        Index("ix_ticket_unit_category_status", "unit_id", "category", "status"),
        Index("ix_ticket_received", "received_at"),
        Index("ix_ticket_phone", "phone"),
        Index("ix_ticket_handler_status", "handler_id", "status"),
        Index("ix_ticket_closed", "closed_at"),
        # The queue: open emergencies and the "received" order, per status (migration 0005).
        Index("ix_ticket_status_emergency_received", "status", "emergency", "received_at"),
        # Issue 15 (migration 0009): the scan's due rows, and `ticket list` newest first per status.
        Index("ix_ticket_next_check", "next_check_at"),
        Index("ix_ticket_status_received", "status", "received_at", "id"),
        Index("ix_ticket_location_received", "location", "received_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    status: str = Field(max_length=20)
    channel: str = Field(max_length=10)
    # R-IN-1a (migration 0012): online — website/app/wechat/email; phone — hotline; "" the plain channel.
    channel_detail: str = Field(default="", sa_column=Column(String(10), nullable=False, server_default=""))
    category: str = Field(max_length=20)
    severity: str | None = Field(default=None, max_length=10)
    complexity: str | None = Field(default=None, max_length=10)
    emergency: bool = False
    # Where: a unit of the estate, or a named public area; ``location`` is the string `--unit` takes.
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    public_area_id: int | None = Field(default=None, foreign_key="publicarea.id")
    location: str = Field(max_length=80)
    # R-IN-2: who and what.
    owner_name: str = Field(max_length=40)
    phone: str = Field(default="", max_length=32)
    contact: str = Field(default="", max_length=200)
    received_at: datetime = Field(sa_column=utc_column())
    happened_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    place: str = Field(default="", max_length=200)
    against: str = Field(default="", max_length=200)
    description: str = Field(sa_column=Column(Text, nullable=False))
    request: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    equipment: str = Field(default="", max_length=200)
    symptom: str = Field(default="", max_length=200)
    staff: str = Field(default="", max_length=200)
    read_back_confirmed: bool = False
    # Who has it.
    department: str = Field(foreign_key="department.code", max_length=40)
    handler_id: int | None = Field(default=None, foreign_key="operator.id")
    # Clocks (R-DL-*, R-EM-2); all UTC.
    due_at: datetime = Field(sa_column=utc_column())
    deadline_started_at: datetime = Field(sa_column=utc_column())
    working_days: int | None = None
    on_site_due: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    under_control_due: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    on_site_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    under_control_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # R-EM-4 (migration 0010): the latest revised expected resolution time of an emergency that
    # needs outside support; its clocks above never move. The timeline keeps every revision.
    revised_expected_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    paused_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    reported_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    closed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    last_update_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # Follow-up (R-LC-5) and summary (R-EM-3, R-LC-6).
    follow_up_due_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True, index=True))
    follow_up_done: bool = False
    follow_up_flagged: bool = False
    has_summary: bool = False
    escalated: bool = False
    recurrence_of_id: int | None = Field(default=None, foreign_key="ticket.id")
    # When the escalation scan must look again (migration 0009): NULL = as soon as possible (a
    # database trigger sets it on every write), NEVER_CHECK = not until the next write.
    next_check_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # Lower-cased text of every searchable field: one column to scan for short (1-2 character) searches.
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # Its one- and two-character CJK terms (domain.search), indexed by the database (migration 0009).
    search_terms: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_by: int = Field(foreign_key="operator.id")
    updated_at: datetime = Field(sa_column=utc_column())
    # R-RO-2: the operator of the last change, or None when it was automatic: then
    # ``updated_by_rule`` names the rule that made it (an R-SV-5 upgrade), else it is None.
    updated_by: int | None = Field(default=None, foreign_key="operator.id")
    updated_by_rule: str | None = Field(default=None, max_length=20)


@event.listens_for(Ticket, "before_insert")
@event.listens_for(Ticket, "before_update")
def _derive_search_terms(_mapper, _connection, target: Ticket) -> None:
    """The index terms follow the search text on every ORM write; Core writes that change the
    search text set them too (``services.tickets.intake``)."""
    target.search_terms = index_terms(target.search_text or "")


class TicketEvent(SQLModel, table=True):
    """One step on a ticket's timeline. Append-only (R-LC-3): corrections point at what they correct."""

    __tablename__ = "ticket_event"
    __table_args__ = (
        Index("ix_ticket_event_ticket_at", "ticket_id", "at"),
        Index("ix_ticket_event_kind_at", "kind", "at"),  # the scan's raises attached (migration 0009)
    )

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id")
    kind: str = Field(max_length=30)
    at: datetime = Field(sa_column=utc_column())
    # A person made it (R-RO-2); automatic escalations have no operator and name the rule instead.
    operator_id: int | None = Field(default=None, foreign_key="operator.id")
    rule: str = Field(default="", max_length=20)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # JSON object with the action's fields (complexity, department, satisfaction, how_told …).
    data: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    corrects_id: int | None = Field(default=None, foreign_key="ticket_event.id")


class Escalation(SQLModel, table=True):
    """An escalation that happened: once per ticket, rule kind and deadline (R-DL-6)."""

    __table_args__ = (UniqueConstraint("ticket_id", "kind", "deadline_key"),)

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    rule: str = Field(max_length=20)
    kind: str = Field(max_length=40)
    deadline_key: str = Field(max_length=40)
    at: datetime = Field(sa_column=utc_column())
