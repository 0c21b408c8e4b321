"""The register's filter form (``f``): kind, class (severity), status, unit and month."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from frontdesk_tui.domain.codes import ViolationClass, ViolationKind
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.domain.text import clean_line
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.violations import ViolationFilter
from frontdesk_tui.ui.screens.base import DeskModal
from frontdesk_tui.ui.widgets import violation_cells as vc
from frontdesk_tui.ui.widgets.footer import DeskFooter


class ViolationFilterModal(DeskModal[ViolationFilter | None]):
    CSS_PATH = "violations.tcss"
    SCREEN_TITLE = N_("Filter the register")
    HELP = N_(
        "Choose what the register shows. Tab moves between the fields, Enter opens a list. The unit "
        "may be a whole unit (3-2-1201) or a building or entrance (3, 3-2); the month is YYYY-MM, of "
        "the violation's time. Ctrl+S applies, Ctrl+R clears every filter, Escape leaves the "
        "register as it was."
    )
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "apply", N_("Apply"), id="violation-filter-apply"),
        Binding("escape", "cancel", N_("Cancel"), id="violation-filter-cancel"),
        Binding("ctrl+r", "clear", N_("Clear all"), id="violation-filter-clear"),
    ]

    def __init__(self, current: ViolationFilter) -> None:
        super().__init__(id="violation-filters")
        self.current = current

    def compose(self) -> ComposeResult:
        c = self.current
        with Vertical(id="violation-filter-box", classes="violation-box") as box:
            box.border_title = _(self.SCREEN_TITLE)
            yield Label(_("Kind"))
            yield Select(
                [(vc.kind_label(k.value), k.value) for k in ViolationKind],
                prompt=_("Any kind"), value=c.kind or Select.NULL, id="vf-kind", compact=True,
            )
            yield Label(_("Class"))
            yield Select(
                [(vc.class_label(k.value), k.value) for k in ViolationClass],
                prompt=_("Any class"), value=c.violation_class or Select.NULL, id="vf-class", compact=True,
            )
            yield Label(_("Status"))
            yield Select(
                [(vs.status_label(s), s) for s in vs.STATUS_FILTERS],
                prompt=_("Any status"), value=c.status or Select.NULL, id="vf-status", compact=True,
            )
            with Horizontal(classes="violation-row"):
                yield Label(_("Unit"), classes="violation-label")
                yield Input(c.unit or "", placeholder="3-2-1201", id="vf-unit", compact=True)
            with Horizontal(classes="violation-row"):
                yield Label(_("Month"), classes="violation-label")
                yield Input(c.month or "", placeholder="2026-11", id="vf-month", compact=True)
            yield Static("", id="vf-error", classes="violation-error")
            with Horizontal(classes="violation-buttons"):
                yield Button(_("Apply"), variant="primary", id="vf-apply", compact=True)
                yield Button(_("Cancel"), id="vf-cancel", compact=True)
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#vf-error", Static).display = False
        self.query_one("#vf-kind", Select).focus()

    def _value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else str(value)

    def result(self) -> ViolationFilter:
        """The filter as chosen; raises InputError for a month that is not YYYY-MM."""
        month = clean_line(self.query_one("#vf-month", Input).value)
        if month:
            year, number = vs.parse_month(month)
            month = f"{year:04d}-{number:02d}"
        return ViolationFilter(
            kind=self._value("#vf-kind"),
            violation_class=self._value("#vf-class"),
            status=self._value("#vf-status"),
            unit=clean_line(self.query_one("#vf-unit", Input).value) or None,
            month=month or None,
            search=self.current.search,
        )

    @on(Button.Pressed, "#vf-apply")
    @on(Input.Submitted)
    def action_apply(self) -> None:
        try:
            flt = self.result()
        except InputError as bad:
            error = self.query_one("#vf-error", Static)
            error.update(Text(_("Month") + vc.colon() + bad.reason))
            error.display = True
            self.query_one("#vf-month", Input).focus()
            return
        self.dismiss(flt)

    @on(Button.Pressed, "#vf-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_clear(self) -> None:
        self.dismiss(ViolationFilter(search=self.current.search))
