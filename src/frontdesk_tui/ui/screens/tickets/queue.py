"""The ticket queue, the receptionist's home: open tickets, emergencies first, due soonest next.

The table holds one page (``PAGE_SIZE`` rows) loaded in a worker; moving past either end loads
the neighbouring page by key. When another connection commits, the app bumps
``data_generation`` and the page is reloaded in place, the cursor staying on the same ticket.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.events import Resize
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist
from textual.worker import get_current_worker

from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services.tickets import queue
from frontdesk_tui.services.tickets.queue import Key, QueueFilter, QueuePage, QueueRow
from frontdesk_tui.ui import labels
from frontdesk_tui.ui.messages import TicketSelected
from frontdesk_tui.ui.screens.list_base import add_columns
from frontdesk_tui.ui.screens.searchable_list import PageRequest, SearchableListScreen
from frontdesk_tui.ui.screens.tickets.filters import SORT_LABELS, FilterModal
from frontdesk_tui.ui.widgets import queue_cells
from frontdesk_tui.ui.widgets.queue_table import QueueTable

COUNT_CAP = 10_000
CLOCK_REFRESH = 15.0


class QueueScreen(SearchableListScreen):
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

    TABLE_ID = "queue-table"
    SUMMARY_ID = "queue-summary"
    PREVIEW_ID = "queue-preview"
    SEARCH_BAR_ID = "queue-bar"
    SEARCH_LABEL_ID = "queue-search-label"
    SEARCH_ID = "queue-search"
    SEARCH_PLACEHOLDER = N_("unit, phone, name or text")

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
        super().__init__(QueueFilter(), id="queue")
        self.page: QueuePage | None = None
        self._anchor: tuple[str, Key] | None = None  # how the current page was reached
        self._shape: tuple = ()
        self._wide = False
        self._show_id: int | None = None  # a ticket to bring into sight at the next load
        self._position_known = True
        self._counted: tuple | None = None
        """(filter, data generation) of the total shown: paging under it counts nothing again."""

    def show_ticket(self, ticket_id: int) -> None:
        """Bring ``ticket_id`` into sight with the cursor on it at the next load (the receipt's new
        ticket: the due-time order may put it pages down)."""
        self._show_id = ticket_id
        if self.is_mounted and self.app.screen is self:
            self.reload()

    def setup(self) -> None:
        self._wide = self.size.width >= queue_cells.WIDE_FROM
        self.set_interval(CLOCK_REFRESH, self.refresh_clocks)
        super().setup()

    def columns(self) -> list[tuple[str, str]]:
        return queue_cells.COLUMNS + (queue_cells.WIDE_COLUMNS if self._wide else [])

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self._update_summary)  # the count keeps its room at any width
        wide = event.size.width >= queue_cells.WIDE_FROM
        if wide != self._wide and self.is_mounted:
            self._wide = wide
            self.table.clear(columns=True)
            add_columns(self.table, self.columns())
            self._shape = ()
            if self.page is not None:
                self._fill(self.page, keep_id=self.current_id(), keep_index=self.table.cursor_row, place="index")

    # -- loading --------------------------------------------------------------------------------
    def reload(self, *, first_page: bool = False) -> None:
        """Load the current page again (or the first one), keeping the cursor's ticket."""
        self._counted = None  # a reload counts again
        if self._show_id is not None:  # kept until its page arrives: the resume's reload asks the same
            self._request(PageRequest(token=0, flt=self.filter, keep_id=self._show_id, place="first", page_index=-1))
            return
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

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False)
    def _load_page(self, request: PageRequest) -> None:
        desk = self.desk
        actor = desk.actor
        now = desk.now()
        page = None
        if request.page_index == -1 and request.keep_id is not None and request.after is None:  # show_ticket
            found = queue.page_at(
                desk.db, actor, request.flt, request.keep_id, now=now, tz=desk.settings.tz, calendar=desk.calendar,
                warning_ratio=desk.settings.warning_ratio,
            )
            if found is not None:
                page, bound = found
                # Pages down, its place in the whole list is not counted: the summary says "shown of".
                request = replace(request, after=bound, page_index=-1 if bound is not None else 0)
            else:
                request = replace(request, page_index=0)
        if page is None:
            page = queue.load_page(
                desk.db, actor, request.flt, now=now, tz=desk.settings.tz, calendar=desk.calendar,
                warning_ratio=desk.settings.warning_ratio, after=request.after, before=request.before,
            )
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        self.post_message(self.QueueLoaded(request, page))
        counted = (request.flt, desk.data_generation)
        if counted == self._counted:
            return  # the next page of the same list: its total is on screen (issue 15: paging)
        total = queue.count_tickets(desk.db, actor, request.flt, now=now, cap=COUNT_CAP)
        if not worker.is_cancelled:
            self._counted = counted
            self.post_message(self.QueueCounted(request, total))

    @on(QueueLoaded)
    def _loaded(self, event: QueueLoaded) -> None:
        request = event.request
        if not self._answers_last_request(request):
            return
        page = event.page
        if not page.rows and (request.after or request.before) and request.place == "index":
            # The page we were on emptied (tickets closed elsewhere): start again from the top.
            self.reload(first_page=True)
            return
        self.page = page
        self.page_index = request.page_index
        if request.keep_id is not None and request.keep_id == self._show_id:
            self._show_id = None
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
        if self._answers_last_request(event.request):
            self.total = event.total
            self._update_summary()

    def _fill(self, page: QueuePage, *, keep_id: int | None, keep_index: int, place: str) -> None:
        table = self.table
        table.has_after, table.has_before = page.has_after, page.has_before
        shape = tuple((r.id, r.version, r.status, r.clock_due, r.reported_at, r.paused_at, r.phone) for r in page.rows)
        if shape == self._shape and place == "index":
            self._set_items(page.rows)
            self.refresh_clocks()  # nothing moved: no redraw of the table, no flicker
            self._show_preview()
            return
        self._shape = shape
        now, tz, palette = self.desk.now(), self.desk.settings.tz, self.palette()
        summary_width = self.size.width - queue_cells.WIDE_USED
        cells = [
            queue_cells.cells(row, now, tz, palette, wide=self._wide, summary_width=summary_width) for row in page.rows
        ]
        self.show_page(page.rows, cells, keep_id=keep_id, keep_index=keep_index, place=place)

    def refresh_clocks(self) -> None:
        """Redraw the time-left column from the clock, without touching the database."""
        if not self.items or not self.table.row_count:
            return
        now, tz, palette = self.desk.now(), self.desk.settings.tz, self.palette()
        for row in self.items:
            try:
                self.table.update_cell(str(row.id), "left", queue_cells.time_left(row, now, palette, tz))
            except CellDoesNotExist:  # the row went in a reload meanwhile
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
        """The filters in words, then the count; when they do not fit, the words end in "…" and the
        count stays whole ("1-29 of 1,234")."""
        text = Text(" " + self.describe_filter() + "  ")
        count = self._count_line()
        width = self.summary.size.width
        if width and text.cell_len + cell_len(count) > width:
            text.truncate(max(width - cell_len(count) - 2, 1), overflow="ellipsis")
            text.append("  ")
        if count:
            text.append(count, style="bold")
        self.summary.update(text)

    def _count_line(self) -> str:
        line = ""
        if self.total is not None and self.page is not None:
            shown = len(self.page.rows)
            first = self.page_index * queue.PAGE_SIZE + 1
            total = f"{COUNT_CAP:,}+" if self.total > COUNT_CAP else f"{self.total:,}"
            if shown and self.page_index < 0:  # shown from a ticket on (show_ticket): its place not counted
                line = _("{shown} shown of {total}").format(shown=shown, total=total)
            elif shown:
                line = _("{first}-{last} of {total}").format(first=first, last=first + shown - 1, total=total)
            else:
                line = _("none")
        return line

    def preview_text(self, row: QueueRow | None) -> Text:
        return queue_cells.preview(row, self.desk.settings.tz)

    # -- paging ---------------------------------------------------------------------------------
    @on(QueueTable.PageWanted)
    def _page_wanted(self, event: QueueTable.PageWanted) -> None:
        page = self.page
        if page is None or not page.rows:
            return
        if event.forward and page.has_after:
            self._request(PageRequest(0, self.filter, after=page.last_key, place="first",
                                      page_index=self.page_index + 1 if self.page_index >= 0 else -1))
        elif not event.forward and page.has_before:
            self._request(PageRequest(0, self.filter, before=page.first_key, place="last",
                                      page_index=max(0, self.page_index - 1) if self.page_index >= 0 else -1))

    # -- actions --------------------------------------------------------------------------------
    def filter_modal(self) -> FilterModal:
        return FilterModal(self.filter)

    def cleared_filter(self) -> QueueFilter:
        return QueueFilter(sort=self.filter.sort)

    @on(DataTable.RowSelected, "#queue-table")
    def action_open_ticket(self) -> None:
        ticket_id = self.current_id()
        if ticket_id is not None:
            self.post_message(TicketSelected(ticket_id))

    def action_cycle_sort(self) -> None:
        order = list(queue.SORTS)
        self._apply(replace(self.filter, sort=order[(order.index(self.filter.sort) + 1) % len(order)]))

    def action_toggle_overdue(self) -> None:
        self._apply(replace(self.filter, overdue_only=not self.filter.overdue_only))

    def action_toggle_mine(self) -> None:
        self._apply(replace(self.filter, mine=not self.filter.mine))
