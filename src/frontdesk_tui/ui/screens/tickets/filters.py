"""The queue's filter form (``f``): status, department, category, overdue only, mine, sort."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select

from frontdesk_tui.domain.codes import DEPARTMENTS, OPEN_STATUSES, Category
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services.tickets.queue import SORTS, QueueFilter
from frontdesk_tui.ui import labels
from frontdesk_tui.ui.screens.base import DeskModal
from frontdesk_tui.ui.widgets.check import StateCheckbox
from frontdesk_tui.ui.widgets.footer import DeskFooter

SORT_LABELS = {"due": N_("Due first"), "received": N_("Newest received first"), "id": N_("Newest number first")}


class FilterModal(DeskModal[QueueFilter | None]):
    SCREEN_TITLE = N_("Filter the queue")
    HELP = N_(
        "Choose what the queue shows. Tab moves between the fields, Enter opens a list, Space ticks a "
        "box. Ctrl+S applies, Escape leaves the queue as it was."
    )
    BINDINGS = [
        Binding("ctrl+s", "apply", N_("Apply"), id="apply-filter"),
        Binding("escape", "cancel", N_("Cancel"), id="cancel-filter"),
        Binding("ctrl+x", "clear", N_("Clear all"), id="clear-filter"),
    ]

    def __init__(self, current: QueueFilter) -> None:
        super().__init__(id="filters")
        self.current = current

    def compose(self) -> ComposeResult:
        c = self.current
        with Vertical(id="filter-box") as box:
            box.border_title = _(self.SCREEN_TITLE)
            yield Label(_("Status"))
            yield Select(
                [(labels.status(s.value), s.value) for s in OPEN_STATUSES],
                prompt=_("Any open status"), value=c.status or Select.NULL, id="filter-status", compact=True,
            )
            yield Label(_("Department"))
            yield Select(
                [(labels.department(code), code) for code in DEPARTMENTS],
                prompt=_("Any department"), value=c.department or Select.NULL, id="filter-department", compact=True,
            )
            yield Label(_("Category"))
            yield Select(
                [(labels.category(cat.value), cat.value) for cat in Category],
                prompt=_("Any category"), value=c.category or Select.NULL, id="filter-category", compact=True,
            )
            yield Label(_("Sort"))
            yield Select(
                [(_(SORT_LABELS[key]), key) for key in SORTS],
                allow_blank=False, value=c.sort, id="filter-sort", compact=True,
            )
            yield StateCheckbox(_("Overdue only"), c.overdue_only, id="filter-overdue", compact=True)
            yield StateCheckbox(_("Only mine (I am the handler)"), c.mine, id="filter-mine", compact=True)
            with Horizontal(id="filter-buttons"):
                yield Button(_("Apply"), variant="primary", id="filter-apply", compact=True)
                yield Button(_("Cancel"), id="filter-cancel", compact=True)
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#filter-status", Select).focus()

    def _value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else str(value)

    def result(self) -> QueueFilter:
        return replace(
            self.current,
            status=self._value("#filter-status"),
            department=self._value("#filter-department"),
            category=self._value("#filter-category"),
            sort=self._value("#filter-sort") or "due",
            overdue_only=self.query_one("#filter-overdue", StateCheckbox).value,
            mine=self.query_one("#filter-mine", StateCheckbox).value,
        )

    @on(Button.Pressed, "#filter-apply")
    def action_apply(self) -> None:
        self.dismiss(self.result())

    @on(Button.Pressed, "#filter-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_clear(self) -> None:
        self.dismiss(QueueFilter(search=self.current.search, sort=self.current.sort))
