"""The follow-up call queue (回访, R-LC-5): closed tickets waiting for their call, the one due first
on top, with the owner's phone, the script for the call and one form for the outcome."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message

from frontdesk_tui.i18n import N_, NC_, _
from frontdesk_tui.services import tickets
from frontdesk_tui.services.tickets import followups
from frontdesk_tui.services.tickets.followups import FollowUpItem
from frontdesk_tui.ui import labels
from frontdesk_tui.ui.messages import TicketSelected
from frontdesk_tui.ui.screens.base import caught_up
from frontdesk_tui.ui.screens.list_base import ListScreen
from frontdesk_tui.ui.screens.tickets.action_form import ActionOutcome, FollowUpFormModal
from frontdesk_tui.ui.widgets import ticket_text as tt
from frontdesk_tui.ui.widgets.queue_cells import styled


def preview(item: FollowUpItem | None, site_name: str = "") -> Text:
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
    text.append(followups.follow_up_script(item, site_name))
    return text


class FollowUpsScreen(ListScreen):
    SCREEN_TITLE = N_("Follow-up calls")
    CSS_PATH = "followups.tcss"
    HELP = N_(
        "Closed tickets waiting for their follow-up call (回访), the one due first on top; it falls "
        "due within {follow_up_working_days} working days of closing (R-LC-5). A minus sign marks a call that is late.\n\n"
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

    def help_text(self) -> str:
        terms = tickets.deadline_terms(tt.desk_site(self.desk))
        return _(self.HELP).format(follow_up_working_days=terms.follow_up_working_days)

    TABLE_ID = "follow-up-table"
    COLUMNS: ClassVar = [
        ("id", N_("No.")),
        ("closed", NC_("follow-up list", "Closed")),  # when it was closed (结案时间), not the status
        ("call_by", N_("Call by")),
        ("unit", N_("Unit")),
        ("owner", N_("Owner")),
        ("phone", N_("Phone")),
        ("category", N_("Category")),
    ]
    SUMMARY_ID = "follow-up-summary"
    PREVIEW_ID = "follow-up-preview"
    PREVIEW_BOX_ID = "follow-up-preview-box"

    class Loaded(Message):
        def __init__(self, items: list[FollowUpItem]) -> None:
            super().__init__()
            self.items = items

    def __init__(self) -> None:
        super().__init__(id="follow-ups")

    def reload(self) -> None:
        if self.desk.actor is not None:
            self._load()

    @work(thread=True, exclusive=True, group="follow-ups", exit_on_error=False)
    def _load(self) -> None:
        desk = self.desk
        items = followups.follow_ups_due(tt.desk_site(desk), desk.actor, now=desk.now())
        self.post_message(self.Loaded(items))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
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
        # The call just recorded leaves the list: the cursor stays where it was, on the next one.
        self.show_items(event.items, rows, place="index")
        summary = _("Waiting for a call: {n} (the one due first on top)").format(n=len(event.items))
        self.summary.update(Text(" " + summary))

    def preview_text(self, item: FollowUpItem | None) -> Text:
        return preview(item, self.app.settings.site_name)  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("record", "open_ticket"):
            return self.current() is not None
        return True

    async def action_record(self) -> None:
        await caught_up(self)
        item = self.current()
        if item is None:
            return
        script = followups.follow_up_script(item, self.app.settings.site_name)  # type: ignore[attr-defined]
        self.app.push_screen(FollowUpFormModal(item, script=script), self._recorded)

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

