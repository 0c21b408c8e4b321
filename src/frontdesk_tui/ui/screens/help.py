"""F1 / ?: what this screen is for and every key it takes, built from its bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from frontdesk_tui.i18n import N_, _
from frontdesk_tui.ui.screens.base import DeskModal
from frontdesk_tui.ui.widgets.footer import DeskFooter


class HelpScreen(DeskModal[None]):
    SCREEN_TITLE = N_("Help")
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "close", N_("Close"), id="close-help"),
    ]

    def __init__(self, title: str, text: str, keys: list[tuple[str, str]]) -> None:
        super().__init__(id="help")
        self.help_title = title
        self.help_text = text
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = _("Help: {title}").format(title=self.help_title)
            if self.help_text:
                yield Static(Text(self.help_text), id="help-text")
            table = Table.grid(padding=(0, 2))
            table.add_column(no_wrap=True, style="bold")
            table.add_column()
            for key, description in self.keys:
                table.add_row(Text(key), Text(description))
            yield Static(Text(_("Keys"), style="bold underline"), classes="help-heading")
            yield Static(table, id="help-keys")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_close(self) -> None:
        self.dismiss(None)
