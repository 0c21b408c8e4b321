"""The violation register (issue 6): 客户违章记录表 as rows, its measures and its history.

``violation.version`` is the optimistic lock (R-RO-3): every write to a violation, its measures or its
recorded facts goes through ``data.versioning.bump`` on the violation row with the version the writer
read, so a stale copy is refused whichever part it touches.

The status of a violation is derived by ``domain.violations.status_of`` and never stored. What *is*
stored, recomputed from the measures after every write, are the few inputs the register needs to
filter by status in SQL (``pending_signs``, ``in_effect``, ``measure_count``,
``rectification_due_at``, ``follow_up_pending``); ``services.violations`` keeps them in step.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Column, Index, Numeric, Text
from sqlmodel import Field, SQLModel

from frontdesk_tui.data.tables import utc_column


class Violation(SQLModel, table=True):
    """One entry of the register (R-VI-6): who, where, when, what, signed by the recorder."""

    __table_args__ = (
        Index("ix_violation_at", "at", "id"),
        Index("ix_violation_kind_at", "kind", "at"),
        Index("ix_violation_class_at", "confirmed_class", "at"),
        Index("ix_violation_unit_at", "unit_id", "at"),
        Index("ix_violation_rectification_due", "rectification_due_at"),
        Index("ix_violation_closed", "closed_at"),
        Index("ix_violation_recorded", "recorded_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    # 违章人 and the unit (楼栋-单元-房号); the label is kept as recorded.
    unit_id: int = Field(foreign_key="unit.id")
    unit_label: str = Field(max_length=64)
    violator: str = Field(max_length=50)
    # 违章时间 (when it happened) and R-VI-1 kind.
    at: datetime = Field(sa_column=utc_column())
    kind: str = Field(max_length=20)
    # 违章事实记录 and its signature (签名): the recorder.
    facts: str = Field(sa_column=Column(Text, nullable=False))
    recorder_id: int = Field(foreign_key="operator.id")
    # R-VI-2: the class the rules suggested and the class a person confirmed (the one that counts).
    suggested_class: str = Field(max_length=10)
    confirmed_class: str = Field(max_length=10)
    # JSON list of file paths (photos, scans).
    attachments: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    # R-VI-4 / R-VI-6 跟进结果: the latest relationship follow-up.
    followed_up_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    closed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # Inputs of the derived status, kept in step with the measures (see the module docstring).
    measure_count: int = 0
    pending_signs: int = 0
    in_effect: bool = False
    rectification_due_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    follow_up_pending: bool = False
    last_measure: str = Field(default="", max_length=20)
    recorded_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())
    updated_by: int = Field(foreign_key="operator.id")


class ViolationMeasure(SQLModel, table=True):
    """A handling opinion (处理依据及办法): proposed with its basis, effective once the director signs
    it (R-VI-5) — persuasion at once. Never deleted except by the retention purge (R-VI-8)."""

    __tablename__ = "violation_measure"
    __table_args__ = (
        Index("ix_violation_measure_violation", "violation_id", "id"),
        # The director's sign-off queue: neither signed nor declined, oldest first.
        Index("ix_violation_measure_queue", "signed_at", "declined_at", "proposed_at"),
        Index("ix_violation_measure_signed", "measure", "signed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    violation_id: int = Field(foreign_key="violation.id")
    measure: str = Field(max_length=20)
    basis: str = Field(sa_column=Column(Text, nullable=False))
    amount: Decimal | None = Field(default=None, sa_column=Column(Numeric(12, 2), nullable=True))
    # A written notice to the client (书面通知), when one is planned or was sent.
    notice_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # Rectification: the deadline; other measures: when it is to take effect (``--effective-at``).
    deadline: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    proposed_by: int = Field(foreign_key="operator.id")
    proposed_at: datetime = Field(sa_column=utc_column())
    signed_by: int | None = Field(default=None, foreign_key="operator.id")
    signed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    declined_by: int | None = Field(default=None, foreign_key="operator.id")
    declined_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    completed_by: int | None = Field(default=None, foreign_key="operator.id")
    completed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # The supervision inbox was told once (due rectification; follow-up after a penalty, R-VI-4).
    due_notified_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    follow_up_notified_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class ViolationEvent(SQLModel, table=True):
    """The history of a violation (who did what when), append-only. Recorded facts the measure ladder
    depends on (``kind="fact"``, ``fact`` = ``mediation-failed`` …) live here too, with their note."""

    __tablename__ = "violation_event"
    __table_args__ = (
        Index("ix_violation_event_violation_at", "violation_id", "at"),
        Index("ix_violation_event_fact", "violation_id", "fact"),
    )

    id: int | None = Field(default=None, primary_key=True)
    violation_id: int = Field(foreign_key="violation.id")
    at: datetime = Field(sa_column=utc_column())
    kind: str = Field(max_length=20)
    # A person (R-RO-2); automatic notices name the rule instead.
    operator_id: int | None = Field(default=None, foreign_key="operator.id")
    rule: str = Field(default="", max_length=20)
    measure_id: int | None = Field(default=None, foreign_key="violation_measure.id")
    fact: str = Field(default="", max_length=30)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
