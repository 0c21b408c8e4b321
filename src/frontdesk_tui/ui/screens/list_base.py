"""What the list screens share: one table with its columns from a spec, reloaded when someone signs in,
when another desk commits and when the screen is shown again; a summary line above it and a preview
of the highlighted row below it; a reload that keeps the cursor on the row it was on.

Textual calls the ``on_mount`` and ``on_screen_resume`` of every class in a screen's MRO, so the
screens below change ``setup`` and ``reload_on_resume`` rather than override those handlers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static
from textual.widgets.data_table import CellDoesNotExist

from frontdesk_tui.i18n import _
from frontdesk_tui.ui.screens.base import DeskScreen
from frontdesk_tui.ui.screens.cell_palette import CellPalette
from frontdesk_tui.ui.widgets.footer import DeskFooter
from frontdesk_tui.ui.widgets.header import DeskHeader
from frontdesk_tui.ui.widgets.row_table import RowTable
from frontdesk_tui.ui.widgets.table_fit import fit_columns

#: A table column: its key, the English msgid of its header ("" for none) and maybe a fixed width.
Column = tuple[str, str] | tuple[str, str, int]


def add_columns(table: DataTable, columns: Sequence[Column]) -> None:
    for key, header, *width in columns:
        # Not _(""): gettext answers the empty msgid with the catalog's header.
        table.add_column(_(header) if header else "", key=key, width=width[0] if width else None)


def cursor_target(ids: Sequence[int], keep_id: int | None, *, place: str, keep_index: int = 0) -> int:
    """The cursor's row once the rows are replaced: ``keep_id``'s if it is still there, else by
    ``place``: "first", "last", or "index" (the row it was on, the last one if the list got shorter)."""
    if keep_id in ids:
        return ids.index(keep_id)
    if place == "first":
        return 0
    if place == "last":
        return len(ids) - 1
    return min(max(keep_index, 0), len(ids) - 1)


def fill_rows(table: DataTable, keys: Sequence[str], rows: list[list[Text]], *, fit: bool = True) -> None:
    """Replace the table's rows; with ``fit`` the columns are sized with them (see ``fit_columns``)."""
    table.clear()
    for key, cells in zip(keys, rows, strict=True):
        table.add_row(*cells, key=key)
    if fit:
        fit_columns(table, rows)


class TableScreen(CellPalette, DeskScreen):
    """A screen around one table that shows what a worker loads (``reload``)."""

    TABLE_ID: ClassVar[str] = ""
    """The table's widget id."""
    COLUMNS: ClassVar[Sequence[Column]] = ()
    """The table's columns, added when the screen is mounted."""

    @property
    def table(self) -> DataTable:
        return self.query_one(f"#{self.TABLE_ID}", DataTable)

    def columns(self) -> Sequence[Column]:
        return self.COLUMNS

    def on_mount(self) -> None:
        super().on_mount()
        self.setup()

    def setup(self) -> None:
        """Once mounted: the columns, the focus on the table, the first load if someone is signed in."""
        add_columns(self.table, self.columns())
        self.table.focus()
        if self.app.actor is not None:
            self.reload()

    def reload(self) -> None:
        """Load what the table shows again (in a worker), keeping the operator's place."""
        raise NotImplementedError

    def on_signed_in(self) -> None:
        self.forget_palette()
        self.reload()

    def on_data_changed(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.reload_on_resume():
            self.reload()

    def reload_on_resume(self) -> bool:
        """Whether coming back to the screen reloads it (another screen may have changed its rows)."""
        return True

    def action_reload(self) -> None:
        self.reload()


class ListScreen(TableScreen):
    """A table of items, one a row keyed by ``key_of``, with a summary line above it and a preview of
    the highlighted item below it. The whole list is loaded at once (``show_items``)."""

    SUMMARY_ID: ClassVar[str] = ""
    """The summary line's widget id."""
    PREVIEW_ID: ClassVar[str] = ""
    """The preview's widget id."""
    PREVIEW_BOX_ID: ClassVar[str] = ""
    """When set, the preview scrolls in a box of this id."""

    def __init__(self, id: str) -> None:
        super().__init__(id=id)
        self.items: list[Any] = []
        """What the table shows, in its order."""
        self._by_id: dict[int, Any] = {}

    def compose(self) -> ComposeResult:
        yield DeskHeader(self.title_text)
        yield Static("", id=self.SUMMARY_ID)
        yield RowTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=False)
        if self.PREVIEW_BOX_ID:
            with VerticalScroll(id=self.PREVIEW_BOX_ID):
                yield Static("", id=self.PREVIEW_ID)
        else:
            yield Static("", id=self.PREVIEW_ID)
        yield DeskFooter()

    @property
    def summary(self) -> Static:
        return self.query_one(f"#{self.SUMMARY_ID}", Static)

    @property
    def preview_panel(self) -> Static:
        return self.query_one(f"#{self.PREVIEW_ID}", Static)

    def key_of(self, item: Any) -> int:
        """The id an item's row is keyed by."""
        return item.id

    def preview_text(self, item: Any) -> Text:
        """What the preview shows of the highlighted item (None: nothing is highlighted)."""
        raise NotImplementedError

    def current_id(self) -> int | None:
        table = self.table
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except CellDoesNotExist:  # the cursor is past the rows of a page being replaced
            return None
        return int(key.value) if key.value is not None else None

    def current(self) -> Any:
        """The item under the cursor, if any."""
        item_id = self.current_id()
        return self._by_id.get(item_id) if item_id is not None else None

    def _set_items(self, items: Sequence[Any]) -> None:
        self.items = list(items)
        self._by_id = {self.key_of(item): item for item in self.items}

    def _show_preview(self) -> None:
        self.preview_panel.update(self.preview_text(self.current()))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is self.table:
            self._show_preview()

    def show_rows(
        self, items: Sequence[Any], rows: list[list[Text]], *, keep_id: int | None, keep_index: int, place: str,
        keep_scroll: bool = False, fit: bool = True,
    ) -> None:
        """Show ``items`` (``rows`` are their cells) with the cursor placed by ``cursor_target``; with
        ``keep_scroll`` the rows stay where they were on the screen."""
        table = self.table
        self._set_items(items)
        ids = [self.key_of(item) for item in self.items]
        target = cursor_target(ids, keep_id, place=place, keep_index=keep_index)
        scroll_y = table.scroll_y
        with self.app.batch_update():
            fill_rows(table, [str(i) for i in ids], rows, fit=fit)
            if ids:
                table.move_cursor(row=target, animate=False, scroll=not keep_scroll)
                if keep_scroll:
                    table.scroll_to(y=scroll_y, animate=False, immediate=True)
                    table.move_cursor(row=target, animate=False)
        self._show_preview()

    def show_items(
        self, items: Sequence[Any], rows: list[list[Text]], *, place: str, keep_id: int | None = None,
        fit: bool = True,
    ) -> None:
        """Show a freshly loaded list: the cursor stays on the item it was on (or goes to ``keep_id``),
        else to ``place`` (see ``cursor_target``)."""
        current = self.current()
        if keep_id is None and current is not None:
            keep_id = self.key_of(current)
        self.show_rows(items, rows, keep_id=keep_id, keep_index=self.table.cursor_row, place=place, fit=fit)
        self.refresh_bindings()
