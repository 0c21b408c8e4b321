"""Night duty (issue 5): the roster, the duty log as a hash chain, and the shift handovers.

* ``roster_day`` holds the roster as it stands (one officer per day, R-DU-1); an approved swap
  rewrites the days it names and stays on record in ``roster_swap``.
* ``duty_log`` is append-only (R-DU-4): the code has no path that updates or deletes a row except
  the retention purge of the oldest entries. ``id`` is given by the service (it is part of the hash),
  inside the transaction that holds the chain's write lock; ``corrects_id`` is a plain integer
  because a purge may remove the corrected entry while its correction is kept.
* ``duty_log_chain`` is a single row: the head the next entry follows and the anchor (hash and id of
  the last purged entry) the oldest kept entry follows.
* ``duty_log_signature`` records signed heads: the assistant's morning check and each signed
  handover (R-DU-4).
* ``handover`` holds one shift change: the resumable state (``domain.duty.handover.state_to_dict`` as
  JSON) and, once signed, the columns of the immutable record (R-HO-4). ``version`` is the
  optimistic lock (R-RO-3), written through ``data.versioning.bump``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from frontdesk_tui.data.tables import utc_column


class RosterDay(SQLModel, table=True):
    """R-DU-1: the officer on duty for the roster day ``day`` (its shift runs into the next morning)."""

    __tablename__ = "roster_day"

    day: date = Field(primary_key=True)
    officer_id: int = Field(foreign_key="operator.id", index=True)
    set_by: int = Field(foreign_key="operator.id")
    set_at: datetime = Field(sa_column=utc_column())


class RosterSwap(SQLModel, table=True):
    """R-DU-1: a swap request and the assistant's (or director's) decision."""

    __tablename__ = "roster_swap"
    __table_args__ = (Index("ix_roster_swap_day_status", "day", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    day: date
    other_day: date | None = None
    officer_id: int = Field(foreign_key="operator.id")
    substitute_id: int = Field(foreign_key="operator.id")
    requested_by: int = Field(foreign_key="operator.id")
    requested_at: datetime = Field(sa_column=utc_column())
    status: str = Field(max_length=12)
    decided_by: int | None = Field(default=None, foreign_key="operator.id")
    decided_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    reason: str = Field(default="", max_length=500)


class DutyLogEntry(SQLModel, table=True):
    """R-DU-4: one entry of the duty log (值班记录); ``hash`` covers it and ``prev_hash``."""

    __tablename__ = "duty_log"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime = Field(sa_column=utc_column(index=True))
    author_id: int = Field(foreign_key="operator.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    follow_up: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    important: bool = False
    corrects_id: int | None = None
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class DutyLogChain(SQLModel, table=True):
    """The chain's single bookkeeping row (``id`` 1): the head to append after and the purge anchor."""

    __tablename__ = "duty_log_chain"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    head_id: int = 0
    head_hash: str = Field(max_length=64)
    anchor_id: int = 0
    anchor_hash: str = Field(max_length=64)
    purged_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class DutyLogSignature(SQLModel, table=True):
    """R-DU-4: a signed head ``(entry_id, hash)``: the morning check (``check``) or a handover."""

    __tablename__ = "duty_log_signature"

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int
    hash: str = Field(max_length=64)
    kind: str = Field(max_length=12)
    operator_id: int = Field(foreign_key="operator.id")
    at: datetime = Field(sa_column=utc_column(index=True))
    handover_id: int | None = Field(default=None, foreign_key="handover.id")


class Handover(SQLModel, table=True):
    """R-HO-1…4: one shift change; ``state`` is the checklist as JSON, frozen once ``stage`` is signed."""

    __table_args__ = (UniqueConstraint("at"),)

    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    at: datetime = Field(sa_column=utc_column())
    outgoing_side: str = Field(max_length=12)
    incoming_side: str = Field(max_length=12)
    stage: str = Field(max_length=20)
    state: str = Field(sa_column=Column(Text, nullable=False))
    started_at: datetime = Field(sa_column=utc_column())
    started_by: int = Field(foreign_key="operator.id")
    updated_at: datetime = Field(sa_column=utc_column())
    updated_by: int = Field(foreign_key="operator.id")
    # The signed record (R-HO-4), filled when the incoming officer signs; never written again.
    outgoing_id: int | None = Field(default=None, foreign_key="operator.id")
    outgoing_signed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    incoming_id: int | None = Field(default=None, foreign_key="operator.id")
    incoming_signed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    override_by: int | None = Field(default=None, foreign_key="operator.id")
    override_reason: str = Field(default="", max_length=500)
    log_head_id: int | None = None
    log_head_hash: str | None = Field(default=None, max_length=64)


class RosterStandIn(SQLModel, table=True):
    """R-DU-5: a stand-in for the rostered officer of ``day``, recorded by an assistant or the
    director with a reason; the newest row of a day is the one that acts. The rostered officer
    is kept as it was then, so the record shows both."""

    __tablename__ = "roster_stand_in"

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    officer_id: int = Field(foreign_key="operator.id")
    rostered_id: int | None = Field(default=None, foreign_key="operator.id")
    reason: str = Field(sa_column=Column(Text, nullable=False))
    recorded_by: int = Field(foreign_key="operator.id")
    recorded_at: datetime = Field(sa_column=utc_column())
