"""R-VI-7: the month-end rows for finance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal

from frontdesk_tui.domain.codes import Measure, ViolationKind
from frontdesk_tui.domain.months import month_bounds
from frontdesk_tui.domain.violations.facts import ViolationFacts
from frontdesk_tui.domain.violations.ladder import is_effective


@dataclass(frozen=True, slots=True)
class ChargeRow:
    """One signed measure that charges a client (a row of the finance export)."""

    violation_id: int
    measure_id: int
    unit: str
    violator: str
    kind: ViolationKind
    measure: Measure
    amount: Decimal
    signed_by: int
    #: the director's sign-off time in the site's time zone
    signed_at: datetime


def charges_in_month(
    violations: Iterable[ViolationFacts], year: int, month: int, tz: tzinfo
) -> list[ChargeRow]:
    """R-VI-7 (004 4.4.7 原件报财务部统一扣款): signed compensations with an amount whose signature falls in
    the month (site time), ordered by signing time."""
    start, end = month_bounds(year, month, tz)  # the one month of R-KP-1, R-DU-1 and R-VI-7
    rows = []
    for v in violations:
        for m in v.measures:
            if m.measure != Measure.COMPENSATION or not is_effective(m) or not m.amount or m.amount <= 0:
                continue
            assert m.signed_at is not None and m.signed_by is not None  # is_effective
            if start <= m.signed_at < end:
                local = m.signed_at.astimezone(tz)
                rows.append(
                    ChargeRow(v.id, m.id, v.unit, v.violator, v.kind, m.measure, m.amount, m.signed_by, local)
                )
    rows.sort(key=lambda r: (r.signed_at, r.violation_id, r.measure_id))
    return rows
