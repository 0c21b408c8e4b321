"""The facts the measure ladder depends on, and the snapshot of a violation the rules read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from frontdesk_tui.domain.codes import Measure, ViolationClass, ViolationKind


class ViolationFact(StrEnum):
    """Facts recorded on a violation (``violation record ID FACT``)."""

    MEDIATION_FAILED = "mediation-failed"  # 业主委员会调解无效
    COMMITTEE_SUPPORT = "committee-support"  # 取得业主委员会支持
    REFUSED_OPINION = "refused-opinion"  # 客户不接受违章处理意见
    NOTICE_SERVED = "notice-served"  # 书面通知已送达


#: R-VI-5: the penalties; each needs the owners' committee's support and, once signed, a follow-up.
PENALTIES: frozenset[Measure] = frozenset({Measure.COMPENSATION, Measure.CRITICISM, Measure.LITIGATION})

STATUSES: tuple[str, ...] = (
    "recorded",
    "persuading",
    "awaiting_sign",
    "in_effect",
    "rectification_due",
    "follow_up_due",
    "closed",
)


@dataclass(frozen=True, slots=True)
class MeasureFacts:
    """One proposed measure. ``proposed_by``/``signed_by`` are operator ids; times are aware."""

    id: int
    measure: Measure
    proposed_by: int
    signed_by: int | None = None
    signed_at: datetime | None = None
    amount: Decimal | None = None
    deadline: datetime | None = None
    #: a rectification recorded as done (see :func:`check_complete`)
    completed_at: datetime | None = None
    #: the director declined to sign it (see :func:`check_decline`)
    declined_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ViolationFacts:
    """What the rules need to know of one violation. ``violation_class`` is the confirmed class."""

    id: int
    violation_class: ViolationClass
    kind: ViolationKind
    recorded_at: datetime
    facts_recorded: frozenset[str] = frozenset()
    measures: tuple[MeasureFacts, ...] = ()
    #: the latest relationship follow-up (R-VI-4), if any
    followed_up_at: datetime | None = None
    closed_at: datetime | None = None
    unit: str = ""
    violator: str = ""
