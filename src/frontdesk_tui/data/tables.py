"""Foundation tables: people, places and the inbox. Codes are stored as their strings.

Later issues add their own table modules (tickets, duty, violations), each with its migration;
``all_tables`` imports them all so ``SQLModel.metadata`` is complete for Alembic.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from frontdesk_tui.data.types import UTCDateTime


def utc_column(nullable: bool = False, index: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable, index=index)


class Department(SQLModel, table=True):
    """A department of the site (R-IN-5); ``code`` is what commands and JSON use."""

    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=80)


class Operator(SQLModel, table=True):
    """A person who signs in. Passwords are scrypt hashes; nobody is deleted, only disabled."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40, unique=True)
    role: str = Field(max_length=20)
    department: str | None = Field(default=None, foreign_key="department.code", max_length=40)
    password_hash: str = Field(max_length=300)
    active: bool = True
    created_at: datetime = Field(sa_column=utc_column())


class Building(SQLModel, table=True):
    """楼栋: ``code`` is the first part of 楼栋-单元-房号."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True)
    name: str = Field(default="", max_length=80)


class Unit(SQLModel, table=True):
    """A flat (房号) in an entrance (单元) of a building; ``label`` is ``3-2-1201``."""

    __table_args__ = (UniqueConstraint("building_id", "entrance", "room"),)

    id: int | None = Field(default=None, primary_key=True)
    building_id: int = Field(foreign_key="building.id", index=True)
    entrance: str = Field(max_length=20)
    room: str = Field(max_length=20)
    label: str = Field(max_length=64, unique=True)


class Owner(SQLModel, table=True):
    """An owner or resident of a unit; several per unit."""

    __table_args__ = (UniqueConstraint("unit_id", "name"), Index("ix_owner_phone", "phone"))

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    name: str = Field(max_length=40)
    phone: str = Field(default="", max_length=32)


class PublicArea(SQLModel, table=True):
    """A named public area (地下车库, 中心花园 …) that a complaint may name instead of a unit."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)


class InboxItem(SQLModel, table=True):
    """What reaches an operator: escalations, due rectifications, warnings (R-DL-6)."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_operator_unread", "operator_id", "read_at"),)

    id: int | None = Field(default=None, primary_key=True)
    operator_id: int = Field(foreign_key="operator.id")
    created_at: datetime = Field(sa_column=utc_column())
    kind: str = Field(max_length=40)
    rule: str = Field(default="", max_length=20)
    ref_type: str = Field(default="", max_length=20)
    ref_id: int | None = None
    #: The text as written, in the writer's language: what an item without a key shows (0010).
    message: str = Field(default="", max_length=500)
    read_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    #: The English msgid and its parameters (JSON), rendered in the READER's language (issue 11);
    #: "" for items written before 0010, which show ``message``.
    message_key: str = Field(default="", sa_column=Column(String(300), nullable=False, server_default=""))
    message_params: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class AuditEntry(SQLModel, table=True):
    """Administrative writes that are not part of a ticket timeline: operators, purges, imports."""

    __tablename__ = "audit"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=utc_column(index=True))
    operator_id: int | None = Field(default=None, foreign_key="operator.id")
    action: str = Field(max_length=40)
    detail: str = Field(default="", max_length=2000)


class SignInThrottle(SQLModel, table=True):
    """R-SEC-1: consecutive sign-in failures per name typed (known or not) and the lock they earned."""

    __tablename__ = "sign_in_throttle"

    name: str = Field(primary_key=True, max_length=80)
    failures: int = 0
    locked_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    last_failure_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
