"""The monthly report (R-KP-1, R-KP-3) as a person reads it: names in the user's language instead of
codes (the report's tables name them, `reports.format_cell`), times short, the overdue list in the
columns that fit 80 terminal cells. One view for the statistics screen and for ``report monthly`` as
text; the CSV and XLSX exports name the codes too, JSON keeps them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import tzinfo

from frontdesk_tui.i18n import _
from frontdesk_tui.services.supervision.reports import (
    HOURS,
    INT,
    RATE,
    MonthlyReport,
    ReportTable,
    format_cell,
    report_tables,
)
from frontdesk_tui.ui import labels

#: The overdue list's place column, in terminal cells (the rest of a long name is cut with …).
PLACE_WIDTH = 14
#: Tables the view leaves to the charts and the exports.
SKIPPED = ("by_day",)


@dataclass(frozen=True)
class ViewTable:
    key: str
    title: str
    headers: tuple[str, ...]
    numeric: tuple[bool, ...]
    """Right-aligned columns (counts, rates, hours)."""
    rows: tuple[tuple[str, ...], ...]


def clip(text: str, width: int) -> str:
    from rich.cells import cell_len, set_cell_size

    return text if cell_len(text) <= width else set_cell_size(text, width - 1) + "…"


def readable_tables(report: MonthlyReport, tz: tzinfo) -> list[ViewTable]:
    return [view for table in report_tables(report) if (view := _view(table, tz)) is not None]


def _cells(table: ReportTable, tz: tzinfo):
    keep = range(len(table.headers))
    rows = tuple(tuple(format_cell(row[i], table.types[i], tz) for i in keep) for row in table.rows)
    return (
        tuple(table.headers[i] for i in keep),
        tuple(table.types[i] in (INT, RATE, HOURS) for i in keep),
        rows,
    )


def _view(table: ReportTable, tz: tzinfo) -> ViewTable | None:
    key = table.key
    if key in SKIPPED:
        return None
    if key == "overdue":
        return _overdue(table, tz)
    headers, numeric, rows = _cells(table, tz)
    return ViewTable(key, table.title, headers, numeric, rows)


def _overdue(table: ReportTable, tz: tzinfo) -> ViewTable:
    """Seven of the eleven columns: id, place, category, department, due, hours late, state."""
    wanted = [
        (_("ticket"), lambda row: str(row[0]), True),
        (_("place"), lambda row: clip(str(row[1]), PLACE_WIDTH), False),
        (_("category"), lambda row: labels.short_category(row[2]), False),
        (_("department"), lambda row: labels.short_department(row[4]), False),
        (_("due"), lambda row: row[7].astimezone(tz).strftime("%m-%d %H:%M"), False),
        (_("late (h)"), lambda row: format_cell(row[10], HOURS, tz), True),
        (_("state"), lambda row: labels.overdue_state(row[9]), False),
    ]
    rows = tuple(tuple(get(row) for _h, get, _n in wanted) for row in table.rows)
    return ViewTable(table.key, table.title, tuple(h for h, _g, _n in wanted), tuple(n for *_x, n in wanted), rows)


def text_report(report: MonthlyReport, tz: tzinfo) -> str:
    """``report monthly`` as text: every table aligned, 80 columns for the overdue list too."""
    from rich.cells import cell_len

    out = io.StringIO()
    out.write(_("Monthly report {month}").format(month=report.label) + "\n")
    for table in readable_tables(report, tz):
        out.write(f"\n== {table.title} ==\n")
        if not table.rows:
            out.write(_("(none)") + "\n")
            continue
        widths = [cell_len(h) for h in table.headers]
        for row in table.rows:
            widths = [max(w, cell_len(c)) for w, c in zip(widths, row, strict=True)]

        def line(cells: tuple[str, ...], widths: list[int] = widths, table: ViewTable = table) -> str:
            parts = []
            for cell, width, right in zip(cells, widths, table.numeric, strict=True):
                pad = " " * (width - cell_len(cell))
                parts.append(pad + cell if right else cell + pad)
            return "  ".join(parts).rstrip()

        out.write(line(table.headers) + "\n")
        for row in table.rows:
            out.write(line(row) + "\n")
        if table.key == "overdue" and report.overdue_total > len(report.overdue):
            out.write(overdue_note(report) + "\n")
    return out.getvalue()


def overdue_note(report: MonthlyReport) -> str:
    """Under a cut overdue list: how many it shows of how many, and where the rest is."""
    return _("the oldest {shown} of {count} overdue; the XLSX and CSV exports list them all").format(
        shown=len(report.overdue), count=report.overdue_total
    )
