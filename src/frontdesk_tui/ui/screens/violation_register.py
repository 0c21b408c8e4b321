"""The violation register (客户违章记录, issue 6): every record, newest first, filtered by kind, class,
status, unit, month and a search, paged in SQL by the service (the table holds one page).

Paging is keyset: page *n* starts after the last row of page *n-1*; the screen remembers where each
page it has seen starts, so moving above the first row goes back a page. When another connection
commits, the page reloads in place with the cursor on the same record.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import count
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.violations import Key, ViolationFilter, ViolationPage, ViolationRow
from frontdesk_tui.ui.screens.base import DeskScreen
from frontdesk_tui.ui.screens.violation_filters import ViolationFilterModal
from frontdesk_tui.ui.widgets import violation_cells as vc
from frontdesk_tui.ui.widgets.header import DeskHeader
from frontdesk_tui.ui.widgets.queue_cells import Palette
from frontdesk_tui.ui.widgets.queue_table import QueueTable
from frontdesk_tui.ui.widgets.table_fit import fit_columns
from frontdesk_tui.ui.widgets.ticket_text import desk_site

SEARCH_DEBOUNCE = 0.3


@dataclass(frozen=True)
class PageRequest:
    token: int
    flt: ViolationFilter
    page_index: int = 0
    after: Key | None = None
    keep_id: int | None = None
    keep_index: int = 0
    #: Where the cursor goes when ``keep_id`` is not on the page: "index", "first" or "last".
    place: str = "index"


def open_violation(app, violation_id: int) -> None:
    """Show one violation's detail over the current screen."""
    from frontdesk_tui.ui.screens.violation_detail import ViolationDetailScreen

    app.push_screen(ViolationDetailScreen(violation_id))


class ViolationRegisterScreen(DeskScreen):
    SCREEN_TITLE = N_("Violation register")
    CSS_PATH = "violations.tcss"
    HELP = N_(
        "Owners' rule violations (客户违章), the newest first: number, time, unit, violator, kind, "
        "class (general or major, R-VI-2), status and the last measure. A * marks a measure waiting "
        "for the director's signature, a ! a rectification deadline that has passed or a follow-up "
        "due after a penalty (R-VI-4).\n\n"
        "Up/Down move, PageUp/PageDown page; moving past the last row loads the next page. Enter "
        "opens the record with its measures and what you may do next. / searches the violator, the "
        "unit and the facts; Escape goes back to the list. f filters by kind, class, status, unit "
        "and month; x clears the filters. n records a new violation; s opens the director's "
        "sign-off queue."
    )
    BINDINGS: ClassVar = [
        Binding("n", "new", N_("Record new"), id="violation-new"),
        Binding("slash", "search", N_("Search"), id="violation-search"),
        Binding("f", "filters", N_("Filter"), id="violation-filters"),
        Binding("x", "clear_filters", N_("Clear filters"), id="violation-clear-filters", show=False),
        Binding("s", "signoff", N_("Sign-off"), id="violation-open-signoff"),
        Binding("r", "reload", N_("Reload"), id="violation-reload", show=False),
        Binding("escape", "leave_search", N_("Back to the list"), id="violation-leave-search", show=False),
    ]

    class PageLoaded(Message):
        def __init__(self, request: PageRequest, page: ViolationPage, total: int) -> None:
            super().__init__()
            self.request = request
            self.page = page
            self.total = total

    def __init__(self) -> None:
        super().__init__(id="violations")
        self.filter = ViolationFilter()
        """What the register shows (every record at first)."""
        self.page: ViolationPage | None = None
        self.total: int | None = None
        self.page_index = 0
        self._starts: list[Key | None] = [None]  # where each page seen so far starts
        self._tokens = count(1)
        self._token = 0
        self._rows: dict[int, ViolationRow] = {}
        self._search_timer: Timer | None = None
        self._palette: Palette | None = None

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DeskHeader(self.title_text)
        with Horizontal(id="violation-bar"):
            yield Static(_("Search") + " ", id="violation-search-label")
            yield Input(placeholder=_("violator, unit or facts"), id="violation-search-input", compact=True)
            yield Static("", id="violation-summary")
        yield QueueTable(id="violation-table")
        yield Static("", id="violation-preview")
        yield Footer()

    @property
    def table(self) -> QueueTable:
        return self.query_one("#violation-table", QueueTable)

    @property
    def search_input(self) -> Input:
        return self.query_one("#violation-search-input", Input)

    def on_mount(self) -> None:
        super().on_mount()
        for key, header in vc.COLUMNS:
            self.table.add_column(_(header), key=key)
        self.table.focus()
        self._update_summary()
        if self.app.actor is not None:
            self.reload()

    def palette(self) -> Palette:
        if self._palette is None:
            self._palette = Palette.from_variables(self.app.get_css_variables())
        return self._palette

    # -- reacting to the shell ------------------------------------------------------------------
    def on_signed_in(self) -> None:
        self.reload()

    def on_data_changed(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.app.actor is not None and self.page is not None:
            self.reload()

    # -- loading --------------------------------------------------------------------------------
    def current_id(self) -> int | None:
        table = self.table
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return None
        return int(key.value) if key.value is not None else None

    def current_row(self) -> ViolationRow | None:
        row_id = self.current_id()
        return self._rows.get(row_id) if row_id is not None else None

    def reload(self, *, first_page: bool = False) -> None:
        """Load the current page again (or the first), keeping the cursor's record."""
        if first_page:
            self._starts = [None]
            self.page_index = 0
        index = self.page_index
        self._request(
            PageRequest(
                0, self.filter, page_index=index, after=self._starts[index],
                keep_id=None if first_page else self.current_id(),
                keep_index=0 if first_page else max(0, self.table.cursor_row),
            )
        )

    def _request(self, request: PageRequest) -> None:
        self._token = next(self._tokens)
        self._load_page(replace(request, token=self._token))

    @work(thread=True, exclusive=True, group="violation-register", exit_on_error=False)
    def _load_page(self, request: PageRequest) -> None:
        desk = self.desk
        site, now = desk_site(desk), desk.now()
        page = vs.list_violations(site, request.flt, now=now, after=request.after)
        total = vs.count_violations(site, request.flt, now=now)
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageLoaded(request, page, total))

    @on(PageLoaded)
    def _loaded(self, event: PageLoaded) -> None:
        request = event.request
        if request.token != self._token:
            return  # an older request answered late
        page = event.page
        if not page.rows and request.page_index > 0:
            self.reload(first_page=True)  # the page emptied (records purged elsewhere)
            return
        self.page, self.total, self.page_index = page, event.total, request.page_index
        del self._starts[request.page_index + 1:]
        if page.has_after:
            self._starts.append(page.last_key)
        self._fill(page, request)
        self._update_summary()

    def _fill(self, page: ViolationPage, request: PageRequest) -> None:
        table = self.table
        table.has_after, table.has_before = page.has_after, self.page_index > 0
        self._rows = {r.id: r for r in page.rows}
        tz, palette = self.desk.settings.tz, self.palette()
        ids = [r.id for r in page.rows]
        if request.keep_id in ids:
            target = ids.index(request.keep_id)
        elif request.place == "first":
            target = 0
        elif request.place == "last":
            target = len(ids) - 1
        else:
            target = min(request.keep_index, len(ids) - 1)
        scroll_y = table.scroll_y
        rows = [vc.row_cells(row, tz, palette) for row in page.rows]
        with self.app.batch_update():
            table.clear()
            for row, cells in zip(page.rows, rows, strict=True):
                table.add_row(*cells, key=str(row.id))
            fit_columns(table, rows)
            if ids:
                table.move_cursor(row=max(0, target), animate=False, scroll=request.place != "index")
                if request.place == "index":
                    table.scroll_to(y=scroll_y, animate=False, immediate=True)
                    table.move_cursor(row=max(0, target), animate=False)
        self._show_preview()

    # -- summary and preview --------------------------------------------------------------------
    def describe_filter(self) -> str:
        f = self.filter
        parts = [vs.status_label(f.status) if f.status else _("all")]
        if f.kind:
            parts.append(vc.kind_label(f.kind))
        if f.violation_class:
            parts.append(vc.class_label(f.violation_class))
        if f.unit:
            parts.append(_("unit {unit}").format(unit=f.unit))
        if f.month:
            parts.append(f.month)
        return " · ".join(parts)

    def _update_summary(self) -> None:
        text = Text(" ")
        text.append(self.describe_filter())
        text.append("  ")
        if self.total is not None and self.page is not None:
            shown = len(self.page.rows)
            first = self.page_index * vs.PAGE_SIZE + 1 if shown else 0
            last = first + shown - 1 if shown else 0
            text.append(_("{first}-{last} of {total}").format(first=first, last=last, total=f"{self.total:,}"),
                        style="bold")
        self.query_one("#violation-summary", Static).update(text)

    def _show_preview(self) -> None:
        desk = self.desk
        self.query_one("#violation-preview", Static).update(
            vc.row_preview(self.current_row(), desk.settings.tz, desk.actor, self.palette())
        )

    @on(DataTable.RowHighlighted, "#violation-table")
    def _highlighted(self) -> None:
        self._show_preview()

    # -- paging ---------------------------------------------------------------------------------
    @on(QueueTable.PageWanted)
    def _page_wanted(self, event: QueueTable.PageWanted) -> None:
        event.stop()
        page = self.page
        if page is None or not page.rows:
            return
        if event.forward and page.has_after:
            index = self.page_index + 1
            self._request(PageRequest(0, self.filter, page_index=index, after=self._starts[index], place="first"))
        elif not event.forward and self.page_index > 0:
            index = self.page_index - 1
            self._request(PageRequest(0, self.filter, page_index=index, after=self._starts[index], place="last"))

    # -- actions --------------------------------------------------------------------------------
    def _apply(self, flt: ViolationFilter) -> None:
        if flt != self.filter:
            self.filter = flt
            self._update_summary()
            self.reload(first_page=True)

    @on(DataTable.RowSelected, "#violation-table")
    def action_open(self) -> None:
        row_id = self.current_id()
        if row_id is not None:
            open_violation(self.app, row_id)

    def action_new(self) -> None:
        self.desk.open_screen("violation-new")

    def action_signoff(self) -> None:
        self.desk.open_screen("violation-signoff")

    def action_search(self) -> None:
        self.search_input.focus()

    def action_leave_search(self) -> None:
        if self.focused is self.search_input:
            self.table.focus()

    @on(Input.Changed, "#violation-search-input")
    def _search_typed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DEBOUNCE, self.apply_search)

    @on(Input.Submitted, "#violation-search-input")
    def _search_submitted(self) -> None:
        self.apply_search()
        self.table.focus()

    def apply_search(self) -> None:
        """Search for what the search field holds now (typing waits a moment before calling this)."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        self._apply(replace(self.filter, search=self.search_input.value.strip()))

    def action_filters(self) -> None:
        def done(result: ViolationFilter | None) -> None:
            if result is not None:
                self._apply(replace(result, search=self.filter.search))

        self.app.push_screen(ViolationFilterModal(self.filter), done)

    def action_clear_filters(self) -> None:
        with self.search_input.prevent(Input.Changed):
            self.search_input.value = ""
        self._apply(ViolationFilter())

    def action_reload(self) -> None:
        self.reload()
