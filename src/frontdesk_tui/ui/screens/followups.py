"""The follow-up call queue (回访, R-LC-5): closed tickets waiting for their call, the one due first
on top, with the owner's phone, the script for the call and one form for the outcome."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services import followups
from frontdesk_tui.services.followups import FollowUpItem
from frontdesk_tui.ui import labels
from frontdesk_tui.ui.messages import TicketSelected
from frontdesk_tui.ui.screens.action_form import ActionOutcome, FollowUpFormModal
from frontdesk_tui.ui.screens.base import DeskScreen, caught_up
from frontdesk_tui.ui.widgets import ticket_text as tt
from frontdesk_tui.ui.widgets.header import DeskHeader
from frontdesk_tui.ui.widgets.queue_cells import Palette, styled
from frontdesk_tui.ui.widgets.table_fit import fit_columns

COLUMNS = [
    ("id", N_("No.")),
    ("closed", N_("Closed")),
    ("call_by", N_("Call by")),
    ("unit", N_("Unit")),
    ("owner", N_("Owner")),
    ("phone", N_("Phone")),
    ("category", N_("Category")),
]


def preview(item: FollowUpItem | None) -> Text:
    """Who to call, what it was about, what was done, and what to say."""
    if item is None:
        return Text(_("No follow-up call is waiting."), style="dim")
    text = Text()
    text.append(f"#{item.id} ", style="bold")
    text.append_text(tt.owner_line(item.owner_name, style="bold"))
    text.append("  " + item.phone)
    if item.contact:
        text.append("  ")
        text.append_text(tt.owner_line(item.contact))
    text.append("  ")
    text.append_text(tt.owner_line(item.unit))
    text.append("\n" + _("Complaint") + ": ", style="bold")
    text.append_text(tt.owner_line(item.description))
    if item.result:
        text.append("\n" + _("Result reported") + ": ", style="bold")
        text.append_text(tt.owner_line(item.result))
    text.append("\n" + _("Say") + ": ", style="bold")
    text.append(followups.follow_up_script(item))
    return text


class FollowUpsScreen(DeskScreen):
    SCREEN_TITLE = N_("Follow-up calls")
    CSS_PATH = "followups.tcss"
    HELP = N_(
        "Closed tickets waiting for their follow-up call (回访), the one due first on top; it falls "
        "due within 3 working days of closing (R-LC-5). A minus sign marks a call that is late.\n\n"
        "Up/Down choose a ticket; below are the owner's phone, the complaint, the result reported "
        "and the words for the call. Enter records the outcome: satisfaction on the 4-point scale, "
        "comments, and whether the problem came back. “Dissatisfied” or a problem that came back "
        "flags the ticket for the assistant to reopen.\n\n"
        "o opens the ticket, r reloads."
    )
    BINDINGS: ClassVar = [
        Binding("enter", "record", N_("Record the outcome"), id="follow-up-record", priority=True),
        Binding("o", "open_ticket", N_("Open the ticket"), id="follow-up-open"),
        Binding("r", "reload", N_("Reload"), id="follow-up-reload"),
    ]

    class Loaded(Message):
        def __init__(self, items: list[FollowUpItem]) -> None:
            super().__init__()
            self.items = items

    def __init__(self) -> None:
        super().__init__(id="follow-ups")
        self.items: list[FollowUpItem] = []
        self._palette: Palette | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader(self.title_text)
        yield Static("", id="follow-up-summary")
        yield DataTable(id="follow-up-table", cursor_type="row", zebra_stripes=False)
        with VerticalScroll(id="follow-up-preview-box"):
            yield Static("", id="follow-up-preview")
        yield Footer()

    @property
    def table(self) -> DataTable:
        return self.query_one("#follow-up-table", DataTable)

    def on_mount(self) -> None:
        super().on_mount()
        for key, header in COLUMNS:
            self.table.add_column(_(header), key=key)
        self.table.focus()
        self.reload()

    def on_signed_in(self) -> None:
        self._palette = None
        self.reload()

    def on_data_changed(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        if self.desk.actor is not None:
            self._load()

    @work(thread=True, exclusive=True, group="follow-ups", exit_on_error=False)
    def _load(self) -> None:
        desk = self.desk
        items = followups.follow_ups_due(tt.desk_site(desk), desk.actor, now=desk.now())
        self.post_message(self.Loaded(items))

    def palette(self) -> Palette:
        if self._palette is None:
            self._palette = Palette.from_variables(self.app.get_css_variables())
        return self._palette

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        keep = self.current()
        keep_row = self.table.cursor_row
        self.items = event.items
        table = self.table
        tz = self.desk.settings.tz
        palette = self.palette()
        rows = [
            [
                Text(str(item.id)),
                Text(tt.short_when(item.closed_at, tz)),
                styled("-" + call_by, palette.error) if item.overdue else Text(call_by),
                tt.owner_line(item.unit),
                tt.owner_line(item.owner_name),
                Text(item.phone),
                Text(labels.short_category(item.category)),
            ]
            for item in event.items
            for call_by in [tt.short_when(item.follow_up_due_at, tz)]
        ]
        with self.app.batch_update():
            table.clear()
            for item, cells in zip(event.items, rows, strict=True):
                table.add_row(*cells, key=str(item.id))
            # Widths set with the rows: DataTable's idle measuring can leave cells cut.
            fit_columns(table, rows)
        ids = [i.id for i in event.items]
        if keep is not None and keep.id in ids:
            table.move_cursor(row=ids.index(keep.id), animate=False)
        elif ids:  # the call just recorded left the list: stay where it was, on the next one
            table.move_cursor(row=min(max(keep_row, 0), len(ids) - 1), animate=False)
        summary = _("Waiting for a call: {n} (the one due first on top)").format(n=len(ids))
        self.query_one("#follow-up-summary", Static).update(Text(" " + summary))
        self._show_preview()
        self.refresh_bindings()

    def current(self) -> FollowUpItem | None:
        if not self.items or not self.table.row_count:
            return None
        row = self.table.cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    @on(DataTable.RowHighlighted, "#follow-up-table")
    def _show_preview(self) -> None:
        self.query_one("#follow-up-preview", Static).update(preview(self.current()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("record", "open_ticket"):
            return self.current() is not None
        return True

    async def action_record(self) -> None:
        await caught_up(self)
        item = self.current()
        if item is None:
            return
        self.app.push_screen(FollowUpFormModal(item, script=followups.follow_up_script(item)), self._recorded)

    def _recorded(self, outcome: ActionOutcome | None) -> None:
        if outcome is None:
            return
        if outcome.stale is not None:
            self.app.notify(
                _("Not saved: {name} changed this ticket at {time} (R-RO-3). The list is reloaded; try again.").format(
                    name=outcome.stale.by, time=outcome.stale.at),
                severity="error", timeout=10,
            )
        elif outcome.view is not None:
            note = _("Follow-up recorded for ticket {id}.").format(id=outcome.view.id)
            if outcome.view.follow_up_flagged:
                note += " " + _("Flagged for the assistant (R-LC-5).")
            self.app.notify(note)
        self.reload()

    def action_open_ticket(self) -> None:
        item = self.current()
        if item is not None:
            self.post_message(TicketSelected(item.id))

    def action_reload(self) -> None:
        self.reload()
