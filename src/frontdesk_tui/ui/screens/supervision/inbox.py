"""The operator's own inbox (F10, the header's "Inbox N"): escalations, due work, reminders and
notices, unread first. Enter opens the record an item points at (and marks it read); m marks the
highlighted item read, M every unread one (after asking); f shows the read ones too."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message

from frontdesk_tui.i18n import N_, NC_, _
from frontdesk_tui.services.site import inbox as service
from frontdesk_tui.services.site.inbox import InboxEntry
from frontdesk_tui.ui import registry
from frontdesk_tui.ui.messages import RecordSelected
from frontdesk_tui.ui.screens.base import caught_up
from frontdesk_tui.ui.screens.list_base import ListScreen
from frontdesk_tui.ui.widgets import ticket_text as tt
from frontdesk_tui.ui.widgets.duty_forms import DutyConfirmModal

PAGE = 200


def ref_label(item: InboxEntry) -> str:
    return service.ref_label(item.ref_kind, item.ref_id)


class InboxScreen(ListScreen):
    SCREEN_TITLE = N_("Inbox")
    CSS_PATH = "supervision.tcss"
    HELP = N_(
        "Your own inbox: what the escalation scan (R-DL-6), the violation register (R-VI-3, R-VI-4), "
        "the follow-up calls (R-LC-5) and the reminders (R-KP-4) sent to you. Unread items come "
        "first and are marked with •, newest first.\n\n"
        "Enter opens the record an item points at (the ticket, the violation, the duty log, the "
        "roster) and marks the item read. m marks the highlighted item read; M marks every unread "
        "item read, after asking. f shows the items already read too (and again: unread only). "
        "r reloads."
    )
    BINDINGS: ClassVar = [
        Binding("enter", "open", N_("Open"), id="inbox-open", priority=True),
        Binding("m", "mark_read", N_("Read"), id="inbox-mark-read"),
        Binding("M", "mark_all_read", N_("All read"), id="inbox-mark-all-read"),
        Binding("f", "toggle_read", N_("Show read"), id="inbox-toggle-read"),
        Binding("r", "reload", N_("Reload"), id="inbox-reload", show=False),
    ]

    TABLE_ID = "inbox-table"
    COLUMNS: ClassVar = [
        ("unread", ""),
        ("at", NC_("inbox", "Time")),
        ("kind", N_("Kind")),
        ("record", NC_("inbox", "Record")),
        ("message", N_("Message")),
    ]
    SUMMARY_ID = "inbox-summary"
    PREVIEW_ID = "inbox-preview"
    PREVIEW_BOX_ID = "inbox-preview-box"

    class Loaded(Message):
        def __init__(self, items: list[InboxEntry], unread: int, include_read: bool) -> None:
            super().__init__()
            self.items = items
            self.unread = unread
            self.include_read = include_read

    def __init__(self) -> None:
        super().__init__(id="inbox")
        self.include_read = False
        """Whether the items already read are shown too (f)."""

    def reload(self) -> None:
        if self.desk.actor is not None:
            self._load(self.include_read)

    @work(thread=True, exclusive=True, group="inbox-list", exit_on_error=False)
    def _load(self, include_read: bool) -> None:
        desk = self.desk
        actor = desk.actor
        if actor is None:
            return
        items = service.list_inbox(desk.db, actor, include_read=include_read, limit=PAGE)
        unread = service.unread_count(desk.db, actor.id)  # type: ignore[arg-type]
        self.post_message(self.Loaded(items, unread, include_read))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if event.include_read != self.include_read:
            return
        tz = self.desk.settings.tz
        rows = [
            [
                Text("•" if not item.read else " ", style="bold"),
                Text(tt.short_when(item.created_at, tz), style="" if not item.read else "dim"),
                Text(service.kind_label(item.kind), style="bold" if not item.read else "dim"),
                Text(ref_label(item), style="" if not item.read else "dim"),
                tt.owner_line(item.message, style="" if not item.read else "dim"),
            ]
            for item in event.items
        ]
        self.show_items(event.items, rows, place="index")
        if self.include_read:
            line = _("{unread} unread · read items shown too (f: unread only)").format(unread=event.unread)
        else:
            line = _("{unread} unread, newest first (f: show read items too)").format(unread=event.unread)
        self.summary.update(Text(line, style="bold"))
        if self.desk.inbox_unread != event.unread:
            self.desk.inbox_unread = event.unread  # the header's count follows at once

    def preview_text(self, item: InboxEntry | None) -> Text:
        if item is None:
            return Text(_("Nothing unread in your inbox.") if not self.include_read else _("Your inbox is empty."),
                        style="dim")
        tz = self.desk.settings.tz
        text = Text()
        text.append(tt.when(item.created_at, tz) + "  ")
        text.append(service.kind_label(item.kind), style="bold")
        if item.rule:
            text.append(f" ({item.rule})")
        record = ref_label(item)
        if record:
            text.append("  " + record)
        text.append("  " + (_("read {time}").format(time=tt.when(item.read_at, tz)) if item.read else _("unread")))
        text.append("\n")
        text.append_text(tt.owner_text(item.message))
        return text

    # -- keys -----------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self.current()
        if action == "open":
            return item is not None and item.ref_kind in registry.RECORD_SCREENS
        if action == "mark_read":
            return item is not None and not item.read
        if action == "mark_all_read":
            return bool(self.desk.inbox_unread) or any(not i.read for i in self.items)
        return True

    async def action_open(self) -> None:
        await caught_up(self)
        item = self.current()
        if item is None:
            return
        if not item.read:
            self._mark([item.id])
        self.post_message(RecordSelected(item.ref_kind, item.ref_id))

    def action_mark_read(self) -> None:
        item = self.current()
        if item is not None and not item.read:
            self._mark([item.id])

    def action_mark_all_read(self) -> None:
        unread = self.desk.inbox_unread or sum(1 for i in self.items if not i.read)
        self.app.push_screen(
            DutyConfirmModal(_("Mark all {n} unread items read?").format(n=unread)), self._all_confirmed
        )

    def _all_confirmed(self, yes: bool | None) -> None:
        if yes:
            self._mark(None)

    def action_toggle_read(self) -> None:
        self.include_read = not self.include_read
        self.reload()

    @work(thread=True, exclusive=False, group="inbox-mark", exit_on_error=False)
    def _mark(self, ids: list[int] | None) -> None:
        desk = self.desk
        actor = desk.actor
        if actor is None:
            return
        if ids is None:
            service.mark_all_read(desk.db, actor, now=desk.now())
        else:
            service.mark_read(desk.db, actor, ids, now=desk.now())
        self.app.call_from_thread(self._marked)

    def _marked(self) -> None:
        self.reload()
        self.desk.load_inbox()

    def key_of(self, item: Any) -> int:
        return item.id
