"""One ticket: every field, the deadline clocks, the full timeline, and the next actions allowed
from its state for this operator (R-LC-1), each with its form.

The ticket is loaded in a worker and shown with the version it had; an action is saved with that
version, so a colleague's change in between is refused (R-RO-3) and explained here: who changed
it, when, and the ticket as it is now. When another desk commits, the ticket reloads by itself.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.widgets import Static

from frontdesk_tui.domain.errors import NotFound, StaleError
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services import tickets
from frontdesk_tui.services.tickets.queries import TicketView
from frontdesk_tui.ui.screens.base import DeskScreen
from frontdesk_tui.ui.screens.cell_palette import CellPalette
from frontdesk_tui.ui.screens.tickets.action_form import (
    ActionFormModal,
    ActionOutcome,
    ActionPickerModal,
    FollowUpFormModal,
)
from frontdesk_tui.ui.widgets import ticket_panels, ticket_text
from frontdesk_tui.ui.widgets.footer import DeskFooter
from frontdesk_tui.ui.widgets.header import DeskHeader

CLOCK_REFRESH = 15.0
#: From this width the fields and the timeline stand side by side.
WIDE_FROM = 110


class TicketDetailScreen(CellPalette, DeskScreen):
    SCREEN_TITLE = N_("Ticket")
    CSS_PATH = "ticket_detail.tcss"
    HELP = N_(
        "One ticket: its fields, its clocks and its whole timeline, oldest first. Each event shows "
        "when and who (or the rule of an automatic escalation); a correction points at the event "
        "it corrects (R-LC-3).\n\n"
        "“Next” lists what you may do now, given the ticket's state and your role (R-LC-1). Press a "
        "to choose one: its form asks for what the action records; Ctrl+S saves it.\n\n"
        "If someone else changed the ticket after it was shown, the save is refused (R-RO-3): the "
        "screen says who and when and shows the ticket as it is now.\n\n"
        "Up/Down and PageUp/PageDown scroll, t jumps to the timeline and back; r reloads; Escape goes back."
    )
    BINDINGS: ClassVar = [
        Binding("a", "actions", N_("Actions"), id="ticket-actions"),
        Binding("t", "timeline", N_("Timeline"), id="ticket-timeline"),
        Binding("r", "reload", N_("Reload"), id="ticket-reload"),
        Binding("escape", "back", N_("Back"), id="ticket-back"),
        Binding("home", "top", N_("Top"), show=False),
        Binding("end", "bottom", N_("Bottom"), show=False),
    ]

    class Loaded(Message):
        def __init__(self, view: TicketView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, ticket_id: int) -> None:
        super().__init__()
        self.ticket_id = ticket_id
        self.view: TicketView | None = None
        self.stale: StaleError | None = None

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DeskHeader(_("Ticket {id}").format(id=self.ticket_id))
        with VerticalScroll(id="ticket-body"):
            yield Static("", id="ticket-banner")
            yield Static(Text(_("Loading…"), style="dim"), id="ticket-title")
            yield Static("", id="ticket-clocks")
            yield Static("", id="ticket-next")
            with Container(id="ticket-columns"):
                with Vertical(id="ticket-left"):
                    yield Static("", id="ticket-fields")
                with Vertical(id="ticket-right"):
                    yield Static(Text(_("Timeline"), style="bold underline"), id="ticket-timeline-heading")
                    yield Static("", id="ticket-timeline")
        yield DeskFooter()

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#ticket-body", VerticalScroll)

    @property
    def banner(self) -> Static:
        return self.query_one("#ticket-banner", Static)

    def on_mount(self) -> None:
        super().on_mount()
        self.set_class(self.size.width >= WIDE_FROM, "-wide")
        self.banner.display = False
        self.body.focus()
        self.set_interval(CLOCK_REFRESH, self.refresh_clocks)
        self.reload()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE_FROM, "-wide")

    # -- loading --------------------------------------------------------------------------------
    def on_signed_in(self) -> None:
        self.reload()  # maybe someone else: other actions allowed

    def on_data_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        if self.app.actor is not None:
            self._load_ticket()

    @work(thread=True, exclusive=True, group="ticket", exit_on_error=False)
    def _load_ticket(self) -> None:
        desk = self.desk
        view = tickets.get_ticket(ticket_text.desk_site(desk), desk.actor, self.ticket_id, now=desk.now())
        self.post_message(self.Loaded(view))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.show(event.view)

    def on_worker_state_changed(self, event) -> None:  # type: ignore[override]
        if event.worker.group == "ticket" and isinstance(event.worker.error, NotFound):
            self.app.notify(event.worker.error.message, severity="error")
            self.app.pop_screen()
            return
        super().on_worker_state_changed(event)

    def show(self, view: TicketView) -> None:
        self.view = view
        tz = self.desk.settings.tz
        self.query_one("#ticket-title", Static).update(ticket_panels.title_line(view))
        self.query_one("#ticket-next", Static).update(ticket_panels.next_actions(view))
        self.query_one("#ticket-fields", Static).update(ticket_panels.fields(view, tz))
        self.query_one("#ticket-timeline", Static).update(ticket_panels.timeline(view, tz))
        self.refresh_clocks()
        self.refresh_bindings()

    def refresh_clocks(self) -> None:
        if self.view is not None:
            desk = self.desk
            self.query_one("#ticket-clocks", Static).update(
                ticket_panels.clocks(self.view, desk.now(), desk.settings.tz, self.palette())
            )

    def show_stale(self, action: str, error: StaleError) -> None:
        """R-RO-3: say who changed the ticket and when; the ticket is reloaded as it is now."""
        self.stale = error
        self.banner.update(
            Text(
                _(
                    "Not saved: “{action}”. {name} changed this ticket at {time}, after it was shown "
                    "to you (R-RO-3). Below is the ticket as it is now: check it, then try again."
                ).format(action=ticket_text.action_label(action), name=error.by, time=error.at)
            )
        )
        self.banner.display = True
        self.body.scroll_home(animate=False)
        self.reload()

    # -- actions --------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "actions":
            return self.view is not None and bool(self.view.allowed_actions)
        return True

    def action_actions(self) -> None:
        view = self.view
        if view is None or not view.allowed_actions:
            return
        self.app.push_screen(ActionPickerModal(view), self._action_chosen)

    def _action_chosen(self, code: str | None) -> None:
        view = self.view
        if code is None or view is None:
            return
        if code == "follow-up":
            self.app.push_screen(FollowUpFormModal(view), self._action_done)
        else:
            self.app.push_screen(ActionFormModal(view, code), self._action_done)

    def _action_done(self, outcome: ActionOutcome | None) -> None:
        if outcome is None:
            return
        if outcome.stale is not None:
            self.show_stale(outcome.action, outcome.stale)
            return
        if outcome.view is not None:
            self.banner.display = False
            self.stale = None
            self.show(outcome.view)
            self.app.notify(_("Saved: {action}").format(action=ticket_text.action_label(outcome.action)))

    def action_timeline(self) -> None:
        """t: scroll to the timeline (below the fields on a narrow terminal); again: back to the top."""
        heading = self.query_one("#ticket-timeline-heading")
        if self.body.scroll_y >= heading.virtual_region.y - 1 and self.body.scroll_y > 0:
            self.body.scroll_home(animate=False)
        else:
            self.body.scroll_to_widget(heading, top=True, animate=False)

    def action_top(self) -> None:
        self.body.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.body.scroll_end(animate=False)

    def action_reload(self) -> None:
        self.banner.display = False
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()

