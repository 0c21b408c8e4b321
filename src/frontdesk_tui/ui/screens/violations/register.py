"""The violation register (客户违章记录, issue 6): every record, newest first, filtered by kind, class,
status, unit, month and a search, paged in SQL by the service (the table holds one page).

Paging is keyset: page *n* starts after the last row of page *n-1*; the screen remembers where each
page it has seen starts, so moving above the first row goes back a page. When another connection
commits, the page reloads in place with the cursor on the same record.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable
from textual.worker import get_current_worker

from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.violations import Key, ViolationFilter, ViolationPage, ViolationRow
from frontdesk_tui.ui.screens.searchable_list import PageRequest, SearchableListScreen
from frontdesk_tui.ui.screens.violations.filters import ViolationFilterModal
from frontdesk_tui.ui.widgets import violation_cells as vc
from frontdesk_tui.ui.widgets.queue_table import QueueTable
from frontdesk_tui.ui.widgets.ticket_text import desk_site


def open_violation(app, violation_id: int) -> None:
    """Show one violation's detail over the current screen."""
    from frontdesk_tui.ui.screens.violations.detail import ViolationDetailScreen

    app.push_screen(ViolationDetailScreen(violation_id))


class ViolationRegisterScreen(SearchableListScreen):
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

    TABLE_ID = "violation-table"
    COLUMNS = vc.COLUMNS
    SUMMARY_ID = "violation-summary"
    PREVIEW_ID = "violation-preview"
    SEARCH_BAR_ID = "violation-bar"
    SEARCH_LABEL_ID = "violation-search-label"
    SEARCH_ID = "violation-search-input"
    SEARCH_PLACEHOLDER = N_("violator, unit or facts")

    class PageLoaded(Message):
        def __init__(self, request: PageRequest, page: ViolationPage, total: int) -> None:
            super().__init__()
            self.request = request
            self.page = page
            self.total = total

    def __init__(self) -> None:
        super().__init__(ViolationFilter(), id="violations")
        self.page: ViolationPage | None = None
        self._starts: list[Key | None] = [None]  # where each page seen so far starts

    # -- loading --------------------------------------------------------------------------------
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
        if not self._answers_last_request(request):
            return
        page = event.page
        if not page.rows and request.page_index > 0:
            self.reload(first_page=True)  # the page emptied (records purged elsewhere)
            return
        self.page, self.total, self.page_index = page, event.total, request.page_index
        del self._starts[request.page_index + 1:]
        if page.has_after:
            self._starts.append(page.last_key)
        table = self.table
        table.has_after, table.has_before = page.has_after, self.page_index > 0
        tz, palette = self.desk.settings.tz, self.palette()
        cells = [vc.row_cells(row, tz, palette) for row in page.rows]
        self.show_page(page.rows, cells, keep_id=request.keep_id, keep_index=request.keep_index, place=request.place)
        self._update_summary()

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
        self.summary.update(text)

    def preview_text(self, row: ViolationRow | None) -> Text:
        desk = self.desk
        return vc.row_preview(row, desk.settings.tz, desk.actor, self.palette())

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
    def filter_modal(self) -> ViolationFilterModal:
        return ViolationFilterModal(self.filter)

    def cleared_filter(self) -> ViolationFilter:
        return ViolationFilter()

    @on(DataTable.RowSelected, "#violation-table")
    def action_open(self) -> None:
        row_id = self.current_id()
        if row_id is not None:
            open_violation(self.app, row_id)

    def action_new(self) -> None:
        self.desk.open_screen("violation-new")

    def action_signoff(self) -> None:
        self.desk.open_screen("violation-signoff")
