"""A table of rows: Home/End go to the first/last row."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.widgets import DataTable

from frontdesk_tui.i18n import N_


class RowTable(DataTable):
    """Textual's Home/End scroll a table sideways, which in a table of rows does nothing at all
    (issue 13): here they go to the first/last row."""

    BINDINGS: ClassVar = [
        Binding("home", "scroll_top", N_("First row"), show=False),
        Binding("end", "scroll_bottom", N_("Last row"), show=False),
    ]
