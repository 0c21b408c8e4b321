"""A long list a page at a time, under a search field and a filter form: the ticket queue and the
violation register.

The table (``QueueTable``) holds one page, loaded in a worker (``_load_page``); moving past either
end asks for the neighbouring page, which each screen finds by key in its own way. Every request
carries a token and an answer to an older one is dropped. Typing in the search field searches after
a pause; Enter searches at once and goes back to the table, and so does Escape.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import count
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static

from frontdesk_tui.i18n import _
from frontdesk_tui.ui.screens.list_base import ListScreen
from frontdesk_tui.ui.widgets.footer import DeskFooter
from frontdesk_tui.ui.widgets.header import DeskHeader
from frontdesk_tui.ui.widgets.queue_table import QueueTable

SEARCH_DEBOUNCE = 0.3
"""Seconds of no typing before the search runs."""


@dataclass(frozen=True)
class PageRequest:
    """A page to load (``after`` or ``before`` a key, else the first) and where the cursor goes."""

    token: int
    flt: Any
    page_index: int = 0
    after: Any = None
    before: Any = None
    keep_id: int | None = None
    keep_index: int = 0
    place: str = "index"
    """Where the cursor goes when ``keep_id`` is not on the page: "index", "first" or "last"."""


class SearchableListScreen(ListScreen):
    """A ``ListScreen`` of one page, with the search field left of the summary line. ``filter`` is a
    frozen dataclass with a ``search`` field; the screen gives the ids, the worker and the filter form."""

    SEARCH_BAR_ID: ClassVar[str] = ""
    SEARCH_LABEL_ID: ClassVar[str] = ""
    SEARCH_ID: ClassVar[str] = ""
    """The search field's widget id."""
    SEARCH_PLACEHOLDER: ClassVar[str] = ""
    """English msgid of what the search field looks in."""

    def __init__(self, flt: Any, id: str) -> None:
        super().__init__(id=id)
        self.filter = flt
        """What the list shows."""
        self.page: Any = None
        self.total: int | None = None
        self.page_index = 0
        self._tokens = count(1)
        self._token = 0
        self._search_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader(self.title_text)
        with Horizontal(id=self.SEARCH_BAR_ID):
            yield Static(_("Search") + " ", id=self.SEARCH_LABEL_ID)
            yield Input(placeholder=_(self.SEARCH_PLACEHOLDER), id=self.SEARCH_ID, compact=True)
            yield Static("", id=self.SUMMARY_ID)
        yield QueueTable(id=self.TABLE_ID)
        yield Static("", id=self.PREVIEW_ID)
        yield DeskFooter()

    @property
    def table(self) -> QueueTable:
        return self.query_one(f"#{self.TABLE_ID}", QueueTable)

    @property
    def search_input(self) -> Input:
        return self.query_one(f"#{self.SEARCH_ID}", Input)

    def setup(self) -> None:
        self._update_summary()
        super().setup()

    def reload_on_resume(self) -> bool:
        return self.app.actor is not None and self.page is not None  # else the mount's load is under way

    def reload(self, *, first_page: bool = False) -> None:
        """Load the current page again (or the first one), keeping the cursor's row."""
        raise NotImplementedError

    # -- loading --------------------------------------------------------------------------------
    def _request(self, request: PageRequest) -> None:
        self._token = next(self._tokens)
        self._load_page(replace(request, token=self._token))

    def _load_page(self, request: PageRequest) -> None:
        """The worker: load the page and post it."""
        raise NotImplementedError

    def _answers_last_request(self, request: PageRequest) -> bool:
        return request.token == self._token

    def show_page(
        self, rows: list[Any], cells: list[list[Text]], *, keep_id: int | None, keep_index: int, place: str
    ) -> None:
        """Show a page; reloaded in place ("index"), its rows stay where they were on the screen."""
        self.show_rows(rows, cells, keep_id=keep_id, keep_index=keep_index, place=place, keep_scroll=place == "index")

    def _update_summary(self) -> None:
        raise NotImplementedError

    # -- search and filters ---------------------------------------------------------------------
    def filter_modal(self) -> ModalScreen:
        """The filter form, on the current filter; it answers the new filter or None."""
        raise NotImplementedError

    def cleared_filter(self) -> Any:
        """What x leaves of the filter."""
        raise NotImplementedError

    def filter_changed(self) -> None:
        """Called when the filter changed, before the summary is drawn again and the first page loaded."""
        self.total = None  # the old count belongs to the old filter: no count until the new one comes

    def _apply(self, flt: Any) -> None:
        if flt != self.filter:
            self.filter = flt
            self.filter_changed()
            self._update_summary()
            self.reload(first_page=True)

    def action_search(self) -> None:
        self.search_input.focus()

    def action_leave_search(self) -> None:
        if self.focused is self.search_input:
            self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_search":  # Escape leaves the search field; elsewhere it is not offered
            return self.focused is self.search_input
        return super().check_action(action, parameters)

    @on(Input.Changed)
    def _search_typed(self, event: Input.Changed) -> None:
        if event.input is not self.search_input:
            return
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DEBOUNCE, self.apply_search)

    @on(Input.Submitted)
    def _search_submitted(self, event: Input.Submitted) -> None:
        if event.input is self.search_input:
            self.apply_search()
            self.table.focus()

    def apply_search(self) -> None:
        """Search for what the search field holds now (typing waits a moment before calling this)."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        self._apply(replace(self.filter, search=self.search_input.value.strip()))

    def action_filters(self) -> None:
        def done(result: Any) -> None:
            if result is not None:
                self._apply(replace(result, search=self.filter.search))

        self.app.push_screen(self.filter_modal(), done)

    def action_clear_filters(self) -> None:
        with self.search_input.prevent(Input.Changed):
            self.search_input.value = ""
        self._apply(self.cleared_filter())
