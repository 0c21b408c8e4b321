"""Column widths set together with the rows (a DataTable fix shared by every list screen)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable


def fit_columns(table: DataTable, rows: list[list[Text]]) -> None:
    """Size every column to its header and the cells just added, at once.

    DataTable measures auto-width columns only when idle; a frame drawn before that caches cells
    cut to the header's width, and they stay cut (seen in a real terminal, not under Pilot). Fixed
    widths set in the same update as the rows avoid it."""
    for index, column in enumerate(table.ordered_columns):
        width = cell_len(column.label.plain)
        for cells in rows:
            if index < len(cells):
                width = max(width, cell_len(cells[index].plain))
        column.width = width
        column.auto_width = False
    table.refresh()
