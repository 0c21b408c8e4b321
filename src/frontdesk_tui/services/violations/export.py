"""R-VI-7: the month-end finance export (CSV and XLSX)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from frontdesk_tui.data.tables_violations import Violation, ViolationMeasure
from frontdesk_tui.domain import permissions
from frontdesk_tui.domain import violations as rules
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Measure
from frontdesk_tui.domain.months import month_bounds
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.services.violations.detail import facts_of, operator_names
from frontdesk_tui.services.violations.views import fields_json


@dataclass(frozen=True)
class FinanceRow:
    """R-VI-7: one charge of the month for finance (原件报财务部统一扣款)."""

    violation_id: int
    measure_id: int
    unit: str
    violator: str
    kind: str
    measure: str
    amount: Decimal
    signed_by: str
    #: the director's sign-off time, in the site's time zone
    signed_at: datetime

    def to_json(self) -> dict[str, Any]:
        return fields_json(self)


def finance_rows(site: Site, actor: Actor, year: int, month: int) -> list[FinanceRow]:
    """R-VI-7: the month's charges (signed compensations with an amount, by the director's sign-off
    time in the site's time zone), for the assistant or the director (it names clients)."""
    permissions.require(actor, "violation.handle")
    start, end = month_bounds(year, month, site.tz)
    M, V = ViolationMeasure, Violation
    stmt = (
        select(M, V)
        .join(V, V.id == M.violation_id)
        .where(
            M.measure == Measure.COMPENSATION.value,
            M.signed_at >= start,  # type: ignore[operator]
            M.signed_at < end,  # type: ignore[operator]
        )
        .order_by(M.signed_at, M.id)
    )
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        pairs = list(s.execute(stmt).all())
        names = operator_names(s, [m.signed_by for m, _v in pairs])
    by_violation: dict[int, tuple[Violation, list[ViolationMeasure]]] = {}
    for m, v in pairs:
        by_violation.setdefault(v.id, (v, []))[1].append(m)  # type: ignore[arg-type]
    snapshots = [facts_of(v, ms, ()) for v, ms in by_violation.values()]
    return [
        FinanceRow(
            violation_id=c.violation_id,
            measure_id=c.measure_id,
            unit=c.unit,
            violator=c.violator,
            kind=c.kind.value,
            measure=c.measure.value,
            amount=c.amount,
            signed_by=names.get(c.signed_by, "?"),
            signed_at=c.signed_at,
        )
        for c in rules.charges_in_month(snapshots, year, month, site.tz)
    ]


def finance_headers() -> list[str]:
    return [
        _("violation"),
        _("unit"),
        _("violator"),
        _("kind"),
        _("measure"),
        _("amount (yuan)"),
        _("signed by"),
        _("signed at"),
    ]


def _finance_cells(r: FinanceRow, amount: Any, signed_at: Any) -> list[Any]:
    """One charge in the order of :func:`finance_headers`, with the amount and the sign-off time as the
    file format wants them."""
    return [
        r.violation_id,
        r.unit,
        r.violator,
        rules.kind_label(r.kind),
        rules.measure_label(r.measure),
        amount,
        r.signed_by,
        signed_at,
    ]


def write_finance_csv(rows: Sequence[FinanceRow], path: Path) -> None:
    """CSV (UTF-8 with BOM so spreadsheets read the Chinese); times with the site's offset."""
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(finance_headers())
        for r in rows:
            writer.writerow(_finance_cells(r, f"{r.amount:.2f}", r.signed_at.isoformat(timespec="seconds")))


def write_finance_xlsx(rows: Sequence[FinanceRow], path: Path, *, title: str) -> None:
    """XLSX with numeric amounts and real date-times (site time; Excel has no time zones), and a
    total row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(finance_headers())
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(_finance_cells(r, r.amount, r.signed_at.replace(tzinfo=None, microsecond=0)))
        ws.cell(row=ws.max_row, column=6).number_format = "#,##0.00"
        ws.cell(row=ws.max_row, column=8).number_format = "yyyy-mm-dd hh:mm"
    if rows:
        total_row = ws.max_row + 1
        ws.cell(row=total_row, column=5, value=_("total")).font = Font(bold=True)
        total = ws.cell(row=total_row, column=6, value=f"=SUM(F2:F{total_row - 1})")
        total.number_format = "#,##0.00"
        total.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", (10, 12, 12, 14, 18, 14, 10, 18), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    wb.save(path)
