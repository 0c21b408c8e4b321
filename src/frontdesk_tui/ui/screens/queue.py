"""The ticket queue, the receptionist's home: open tickets, emergencies first, due soonest next.

The table holds one page (``PAGE_SIZE`` rows) loaded in a worker; moving past either end loads
the neighbouring page by key. When another connection commits, the app bumps
``data_generation`` and the page is reloaded in place, the cursor staying on the same ticket.
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
from textual.events import Resize
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services import queue
from frontdesk_tui.services.queue import Key, QueueFilter, QueuePage, QueueRow
from frontdesk_tui.ui import labels
from frontdesk_tui.ui.messages import TicketSelected
from frontdesk_tui.ui.screens.base import DeskScreen
from frontdesk_tui.ui.screens.filters import SORT_LABELS, FilterModal
from frontdesk_tui.ui.widgets import queue_cells
from frontdesk_tui.ui.widgets.header import DeskHeader
from frontdesk_tui.ui.widgets.queue_table import QueueTable
from frontdesk_tui.ui.widgets.table_fit import fit_columns

COUNT_CAP = 10_000
SEARCH_DEBOUNCE = 0.3
CLOCK_REFRESH = 15.0


@dataclass(frozen=True)
class PageRequest:
    token: int
    flt: QueueFilter
    after: Key | None = None
    before: Key | None = None
    keep_id: int | None = None
    keep_index: int = 0
    #: Where the cursor goes when ``keep_id`` is not on the page: "index", "first" or "last".
    place: str = "index"
    page_index: int = 0


class QueueScreen(DeskScreen):
    AUTO_FOCUS = "#queue-table"
    SCREEN_TITLE = N_("Ticket queue")
    HELP = N_(
        "Open tickets, emergencies first (a ! before the number), then the soonest due.\n"
        "Time left turns bold amber at the warning time (80% of the time allowed) and shows a minus "
        "sign in red once overdue. An emergency counts to the response team's on-site time until "
        "they are there.\n\n"
        "Up/Down move, PageUp/PageDown page; moving past the last row loads the next page. Enter "
        "opens the ticket. / searches unit, phone, owner name and text (one or two Chinese "
        "characters are enough); Escape goes back to the list. f filters by status, department and "
        "category; o shows only overdue tickets, m only yours; s changes the order; x clears every "
        "filter.\n\n"
        "The list follows changes made at other desks within a few seconds."
    )
    BINDINGS: ClassVar = [
        Binding("slash", "search", N_("Search"), id="search"),
        Binding("f", "filters", N_("Filter"), id="filters"),
        Binding("s", "cycle_sort", N_("Sort"), id="cycle-sort"),
        Binding("o", "toggle_overdue", N_("Overdue only"), id="toggle-overdue", show=False),
        Binding("m", "toggle_mine", N_("Only mine"), id="toggle-mine", show=False),
        Binding("x", "clear_filters", N_("Clear filters"), id="clear-filters", show=False),
        Binding("r", "reload", N_("Reload"), id="reload-queue", show=False),
        Binding("escape", "leave_search", N_("Back to the list"), id="leave-search", show=False),
    ]

    class QueueLoaded(Message):
        def __init__(self, request: PageRequest, page: QueuePage) -> None:
            super().__init__()
            self.request = request
            self.page = page

    class QueueCounted(Message):
        """The count follows the page: a search over many tickets must not hold the page back."""

        def __init__(self, request: PageRequest, total: int) -> None:
            super().__init__()
            self.request = request
            self.total = total

    def __init__(self) -> None:
        super().__init__(id="queue")
        self.filter = QueueFilter()
        self.page: QueuePage | None = None
        self.total: int | None = None
        self.page_index = 0
        self._anchor: tuple[str, Key] | None = None  # how the current page was reached
        self._tokens = count(1)
        self._token = 0
        self._rows: dict[int, QueueRow] = {}
        self._shape: tuple = ()
        self._wide = False
        self._search_timer: Timer | None = None
        self._palette: queue_cells.Palette | None = None

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DeskHeader(self.title_text)
        with Horizontal(id="queue-bar"):
            yield Static(_("Search") + " ", id="queue-search-label")
            yield Input(placeholder=_("unit, phone, name or text"), id="queue-search", compact=True)
            yield Static("", id="queue-summary")
        yield QueueTable(id="queue-table")
        yield Static("", id="queue-preview")
        yield Footer()

    @property
    def table(self) -> QueueTable:
        return self.query_one("#queue-table", QueueTable)

    @property
    def search_input(self) -> Input:
        return self.query_one("#queue-search", Input)

    @property
    def summary(self) -> Static:
        return self.query_one("#queue-summary", Static)

    @property
    def preview_panel(self) -> Static:
        return self.query_one("#queue-preview", Static)

    def on_mount(self) -> None:
        super().on_mount()
        self._wide = self.size.width >= queue_cells.WIDE_FROM
        self._add_columns()
        self.table.focus()
        self.set_interval(CLOCK_REFRESH, self.refresh_clocks)
        self._update_summary()
        if self.app.actor is not None:
            self.reload()

    def _add_columns(self) -> None:
        table = self.table
        columns = queue_cells.COLUMNS + (queue_cells.WIDE_COLUMNS if self._wide else [])
        for key, header in columns:
            table.add_column(_(header), key=key)

    def on_resize(self, event: Resize) -> None:
        wide = event.size.width >= queue_cells.WIDE_FROM
        if wide != self._wide and self.is_mounted:
            self._wide = wide
            self.table.clear(columns=True)
            self._add_columns()
            self._shape = ()
            if self.page is not None:
                self._fill(self.page, keep_id=self.current_id(), keep_index=self.table.cursor_row, place="index")

    # -- reacting to the shell ------------------------------------------------------------------
    def on_signed_in(self) -> None:
        self._palette = None
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

    def current_row(self) -> QueueRow | None:
        ticket_id = self.current_id()
        return self._rows.get(ticket_id) if ticket_id is not None else None

    def reload(self, *, first_page: bool = False) -> None:
        """Load the current page again (or the first one), keeping the cursor's ticket."""
        if first_page:
            self._anchor = None
            self.page_index = 0
        after = before = None
        if self._anchor is not None:
            direction, key = self._anchor
            after, before = (key, None) if direction == "after" else (None, key)
        self._request(
            PageRequest(
                token=0, flt=self.filter, after=after, before=before, keep_id=None if first_page else self.current_id(),
                keep_index=0 if first_page else max(0, self.table.cursor_row), page_index=self.page_index,
            )
        )

    def _request(self, request: PageRequest) -> None:
        self._token = next(self._tokens)
        self._load_queue(replace(request, token=self._token))

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False)
    def _load_queue(self, request: PageRequest) -> None:
        desk = self.desk
        actor = desk.actor
        now = desk.now()
        page = queue.load_page(
            desk.db, actor, request.flt, now=now, tz=desk.settings.tz, calendar=desk.calendar,
            warning_ratio=desk.settings.warning_ratio, after=request.after, before=request.before,
        )
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        self.post_message(self.QueueLoaded(request, page))
        total = queue.count_tickets(desk.db, actor, request.flt, now=now, cap=COUNT_CAP)
        if not worker.is_cancelled:
            self.post_message(self.QueueCounted(request, total))

    @on(QueueLoaded)
    def _loaded(self, event: QueueLoaded) -> None:
        request = event.request
        if request.token != self._token:
            return  # an older request answered late
        page = event.page
        if not page.rows and (request.after or request.before) and request.place == "index":
            # The page we were on emptied (tickets closed elsewhere): start again from the top.
            self.reload(first_page=True)
            return
        self.page = page
        self.page_index = request.page_index
        if request.after is not None:
            self._anchor = ("after", request.after)
        elif request.before is not None:
            self._anchor = ("before", request.before) if page.has_before else None
            if not page.has_before:
                self.page_index = 0
        else:
            self._anchor = None
        self._fill(page, keep_id=request.keep_id, keep_index=request.keep_index, place=request.place)
        self._update_summary()

    @on(QueueCounted)
    def _counted(self, event: QueueCounted) -> None:
        if event.request.token == self._token:
            self.total = event.total
            self._update_summary()

    def _palette_now(self) -> queue_cells.Palette:
        if self._palette is None:
            self._palette = queue_cells.Palette.from_variables(self.app.get_css_variables())
        return self._palette

    def _fill(self, page: QueuePage, *, keep_id: int | None, keep_index: int, place: str) -> None:
        table = self.table
        table.has_after, table.has_before = page.has_after, page.has_before
        shape = tuple((r.id, r.version, r.status, r.clock_due, r.reported_at, r.paused_at, r.phone) for r in page.rows)
        self._rows = {r.id: r for r in page.rows}
        if shape == self._shape and place == "index":
            self.refresh_clocks()  # nothing moved: no redraw of the table, no flicker
            self._show_preview()
            return
        self._shape = shape
        now, tz, palette = self.desk.now(), self.desk.settings.tz, self._palette_now()
        ids = [r.id for r in page.rows]
        if keep_id in ids:
            target = ids.index(keep_id)
        elif place == "first":
            target = 0
        elif place == "last":
            target = len(ids) - 1
        else:
            target = min(keep_index, len(ids) - 1)
        scroll_y = table.scroll_y
        summary_width = self.size.width - queue_cells.WIDE_USED
        with self.app.batch_update():
            table.clear()
            drawn = []
            for row in page.rows:
                cells = queue_cells.cells(row, now, tz, palette, wide=self._wide, summary_width=summary_width)
                drawn.append(cells)
                table.add_row(*cells, key=str(row.id))
            # Widths set with the rows: a frame drawn before DataTable's idle measuring would keep
            # cells cut to the header's width (flaky in snapshots, visible in real terminals).
            fit_columns(table, drawn)
            if ids:
                table.move_cursor(row=max(0, target), animate=False, scroll=place != "index")
                if place == "index":
                    table.scroll_to(y=scroll_y, animate=False, immediate=True)
                    table.move_cursor(row=max(0, target), animate=False)
        self._show_preview()

    def refresh_clocks(self) -> None:
        """Redraw the time-left column from the clock, without touching the database."""
        if not self._rows or not self.table.row_count:
            return
        now, palette = self.desk.now(), self._palette_now()
        for ticket_id, row in self._rows.items():
            try:
                self.table.update_cell(str(ticket_id), "left", queue_cells.time_left(row, now, palette))
            except Exception:  # the row went in a reload meanwhile
                continue

    # -- summary and preview --------------------------------------------------------------------
    def describe_filter(self) -> str:
        f = self.filter
        parts = [labels.status(f.status) if f.status else _("all open")]
        if f.department:
            parts.append(labels.department(f.department))
        if f.category:
            parts.append(labels.category(f.category))
        if f.overdue_only:
            parts.append(_("overdue"))
        if f.mine:
            parts.append(_("mine"))
        parts.append(_(SORT_LABELS.get(f.sort, SORT_LABELS["due"])))
        return " · ".join(parts)

    def _update_summary(self) -> None:
        text = Text(" " + self.describe_filter() + "  ")
        if self.total is not None and self.page is not None:
            shown = len(self.page.rows)
            first = self.page_index * queue.PAGE_SIZE + 1
            total = f"{COUNT_CAP:,}+" if self.total > COUNT_CAP else f"{self.total:,}"
            if shown:
                line = _("{first}-{last} of {total}").format(first=first, last=first + shown - 1, total=total)
            else:
                line = _("none")
            text.append(line, style="bold")
        self.summary.update(text)

    def _show_preview(self) -> None:
        self.preview_panel.update(queue_cells.preview(self.current_row(), self.desk.settings.tz))

    @on(DataTable.RowHighlighted, "#queue-table")
    def _highlighted(self) -> None:
        self._show_preview()

    # -- paging ---------------------------------------------------------------------------------
    @on(QueueTable.PageWanted)
    def _page_wanted(self, event: QueueTable.PageWanted) -> None:
        page = self.page
        if page is None or not page.rows:
            return
        if event.forward and page.has_after:
            self._request(PageRequest(0, self.filter, after=page.last_key, place="first",
                                      page_index=self.page_index + 1))
        elif not event.forward and page.has_before:
            self._request(PageRequest(0, self.filter, before=page.first_key, place="last",
                                      page_index=max(0, self.page_index - 1)))

    # -- actions --------------------------------------------------------------------------------
    def _apply(self, flt: QueueFilter) -> None:
        if flt != self.filter:
            self.filter = flt
            self.total = None  # the old count belongs to the old filter
            self._update_summary()
            self.reload(first_page=True)

    @on(DataTable.RowSelected, "#queue-table")
    def action_open_ticket(self) -> None:
        ticket_id = self.current_id()
        if ticket_id is not None:
            self.post_message(TicketSelected(ticket_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_search":
            return self.focused is self.search_input
        return True

    def action_search(self) -> None:
        self.search_input.focus()

    def action_leave_search(self) -> None:
        if self.focused is self.search_input:
            self.table.focus()

    @on(Input.Changed, "#queue-search")
    def _search_typed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DEBOUNCE, self.apply_search)

    @on(Input.Submitted, "#queue-search")
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
        def done(result: QueueFilter | None) -> None:
            if result is not None:
                self._apply(replace(result, search=self.filter.search))

        self.app.push_screen(FilterModal(self.filter), done)

    def action_cycle_sort(self) -> None:
        order = list(queue.SORTS)
        self._apply(replace(self.filter, sort=order[(order.index(self.filter.sort) + 1) % len(order)]))

    def action_toggle_overdue(self) -> None:
        self._apply(replace(self.filter, overdue_only=not self.filter.overdue_only))

    def action_toggle_mine(self) -> None:
        self._apply(replace(self.filter, mine=not self.filter.mine))

    def action_clear_filters(self) -> None:
        with self.search_input.prevent(Input.Changed):
            self.search_input.value = ""
        self._apply(QueueFilter(sort=self.filter.sort))

    def action_reload(self) -> None:
        self.reload()
