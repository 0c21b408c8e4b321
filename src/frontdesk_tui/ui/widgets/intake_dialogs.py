"""The intake form's dialogs: the read-back (R-IN-3), the duplicate warning (R-IN-7), the receipt
read out to the owner (R-IN-10) with the escalation to the supervisor (R-IN-8), and leaving a draft."""

from __future__ import annotations

from datetime import tzinfo
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from frontdesk_tui.domain.tickets.intake import ComplaintDraft
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services.tickets.intake import DuplicateFound, IntakeResult
from frontdesk_tui.services.tickets.queries import TicketSummary
from frontdesk_tui.ui import labels
from frontdesk_tui.ui.screens.base import DeskModal
from frontdesk_tui.ui.screens.tickets.action_form import ActionFormModal, ActionOutcome
from frontdesk_tui.ui.widgets import ticket_text as tt
from frontdesk_tui.ui.widgets.footer import DeskFooter
from frontdesk_tui.ui.widgets.intake_fields import FIELDS

#: What the response team is told to say (R-EM-1): measures and arrival, spoken in Chinese.
EMERGENCY_PHRASE = "我们已启动应急预案，{department}人员预计 {time} 前到达现场，请您注意安全，保持电话畅通。"


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    return grid


def record_table(draft: ComplaintDraft, department: str, tz: tzinfo) -> Table:
    """The record exactly as it will be saved (cleaned), field by field (R-IN-3)."""
    grid = _grid()
    for spec in FIELDS:
        if spec.name in ("channel_detail", "hotline"):  # on the channel's line (R-IN-1a)
            continue
        value = getattr(draft, spec.name)
        if spec.name == "emergency":
            if value:
                grid.add_row(Text(_(spec.label)), Text(_("yes: the emergency plan starts"), style="bold reverse"))
            continue
        if spec.name == "channel":
            shown = Text(tt.channel_detail_label(str(value), str(draft.channel_detail or "")))
        elif spec.name == "category":
            shown = Text(labels.category(str(value)))
        elif spec.name == "complexity":
            shown = Text(tt.complexity_label(str(value)) if value else "")
        elif spec.name in ("happened_at", "received_at"):
            shown = Text(tt.when(value, tz))
        elif spec.kind == "text":
            shown = tt.owner_text(value)
        else:
            shown = tt.owner_line(value)
        if shown.plain:
            grid.add_row(Text(_(spec.label)), shown)
    grid.add_row(Text(_("Goes to")), Text(labels.department(department)))
    return grid


class _KeyModal(DeskModal[str | None]):
    CSS_PATH = "intake_dialogs.tcss"

    def action_finish(self, result: str | None) -> None:
        self.dismiss(result)


class ReadBackModal(_KeyModal):
    """R-IN-3: read the record back; the owner confirms before it is saved."""

    SCREEN_TITLE = N_("Read back")
    HELP = N_(
        "Read the record back to the owner as it will be saved. When the owner confirms, press y "
        "(or Ctrl+S) to save it; n or Escape goes back to the form to correct it (R-IN-3)."
    )
    BINDINGS: ClassVar = [
        Binding("y,ctrl+s", "finish('yes')", N_("Confirmed: save"), id="read-back-yes"),
        Binding("n,escape", "finish(None)", N_("Back to the form"), id="read-back-no"),
    ]

    def __init__(self, draft: ComplaintDraft, department: str, tz: tzinfo) -> None:
        super().__init__(id="read-back")
        self.draft = draft
        self.department = department
        self.tz = tz

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="intake-dialog") as box:
            box.border_title = _(self.SCREEN_TITLE)
            yield Static(record_table(self.draft, self.department, self.tz), id="read-back-record")
            yield Static(Text(_("Read back and confirmed by the owner?  y: yes, save  ·  n: back to the form"),
                              style="bold"), classes="intake-question")
        yield DeskFooter()


class DuplicateModal(_KeyModal):
    """R-IN-7: an open ticket of the same unit and category exists."""

    SCREEN_TITLE = N_("Already open")
    HELP = N_(
        "The unit already has an open ticket of this category (R-IN-7). Press a to attach this raise "
        "to it (it joins its timeline; no duplicate is opened), n to open a new ticket anyway, "
        "Escape to go back to the form."
    )
    BINDINGS: ClassVar = [
        Binding("a", "finish('attach')", N_("Attach to it"), id="duplicate-attach"),
        Binding("n", "finish('new')", N_("Open a new one"), id="duplicate-new"),
        Binding("escape", "finish(None)", N_("Back to the form"), id="duplicate-back"),
    ]

    def __init__(self, found: DuplicateFound, summary: TicketSummary | None, tz: tzinfo) -> None:
        super().__init__(id="duplicate")
        self.found = found
        self.summary = summary
        self.tz = tz

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="intake-dialog") as box:
            box.border_title = _(self.SCREEN_TITLE)
            yield Static(Text(_("Ticket {id} of the same unit and category is still open.").format(
                id=self.found.ticket_id), style="bold"))
            s = self.summary
            if s is not None:
                text = Text()
                text.append(f"#{s.id} {tt.when(s.received_at, self.tz)}  {labels.status(s.status)}\n")
                text.append_text(tt.owner_text(s.description))
                yield Static(text, classes="intake-dialog-quote")
            others = [i for i in self.found.open_ticket_ids if i != self.found.ticket_id]
            if others:
                yield Static(Text(_("Also open: {ids}").format(ids=", ".join(f"#{i}" for i in others))))
            yield Static(Text(_("a: attach this raise to ticket {id}  ·  n: open a new ticket  ·  Escape: back").format(
                id=self.found.ticket_id), style="bold"), classes="intake-question")
        yield DeskFooter()


class ReceiptModal(_KeyModal):
    """R-IN-10: the number and the expected time, to read out; R-IN-8: escalate from here."""

    SCREEN_TITLE = N_("Recorded")
    HELP = N_(
        "Read the ticket number and the expected handling time out to the owner (R-IN-10).\n\n"
        "If the owner is still upset, or the matter is beyond the desk, press e to escalate to the "
        "supervisor on duty with the owner's agreement (R-IN-8): the form records who was called.\n\n"
        "Enter goes to the queue, o opens the ticket, n starts the next complaint."
    )
    BINDINGS: ClassVar = [
        Binding("enter", "finish('done')", N_("To the queue"), id="receipt-done"),
        Binding("e", "escalate", N_("Escalate"), id="receipt-escalate"),
        Binding("o", "finish('open')", N_("Open"), id="receipt-open"),
        Binding("n", "finish('next')", N_("Next complaint"), id="receipt-next"),
    ]

    def __init__(self, result: IntakeResult, tz: tzinfo) -> None:
        super().__init__(id="receipt")
        self.result = result
        self.tz = tz
        self.escalated: str | None = None

    def compose(self) -> ComposeResult:
        r = self.result
        with VerticalScroll(classes="intake-dialog") as box:
            box.border_title = _(self.SCREEN_TITLE)
            if r.attached:
                yield Static(Text(_("Attached to the open ticket {id} (R-IN-7).").format(id=r.ticket_id)))
            number = Text()
            number.append(_("Ticket number") + "  ", style="bold")
            number.append(f" {r.ticket_id} ", style="bold reverse")
            number.append("\n" + _("Expected handling by") + "  ", style="bold")
            number.append(tt.when(r.due_at, self.tz), style="bold")
            yield Static(number, id="receipt-number")
            yield Static(Text(_("Read out to the owner:"), style="dim"), classes="intake-dialog-label")
            yield Static(Text(r.receipt), id="receipt-phrase", classes="intake-dialog-quote")
            if r.on_site_due is not None:
                team = labels.department(r.ticket.department)
                yield Static(Text(_("The response team ({team}) is due on site by {time}.").format(
                    team=team, time=tt.when(r.on_site_due, self.tz)), style="bold"))
                yield Static(Text(EMERGENCY_PHRASE.format(department=r.ticket.department_name,
                                                          time=r.on_site_due.astimezone(self.tz).strftime("%H:%M"))),
                             classes="intake-dialog-quote")
            if r.recurrence_of is not None:
                yield Static(Text(_("Linked to ticket {id}, closed within 30 days: a recurrence (R-IN-7).").format(
                    id=r.recurrence_of)))
            if r.open_duplicates and not r.attached:
                yield Static(Text(_("Also open for this unit and category: {ids}").format(
                    ids=", ".join(f"#{i}" for i in r.open_duplicates))))
            yield Static("", id="receipt-escalated")
            yield Static(Text(_("Enter: to the queue  ·  e: escalate to the supervisor  ·  o: open the ticket  ·  "
                                "n: next complaint"), style="dim"), classes="intake-question")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#receipt-escalated").display = False

    def action_escalate(self) -> None:
        self.app.push_screen(ActionFormModal(self.result.ticket, "escalate"), self._escalated)

    def _escalated(self, outcome: ActionOutcome | None) -> None:
        if outcome is None or outcome.view is None:
            if outcome is not None and outcome.stale is not None:
                self.app.notify(outcome.stale.message, severity="error")
            return
        event = outcome.view.events[-1]
        called = str(event.data.get("called", ""))
        self.escalated = called
        slot = self.query_one("#receipt-escalated", Static)
        slot.update(Text(_("Escalated: {name} was called at {time} (R-IN-8).").format(
            name=" ".join(called.split()), time=tt.when(event.at, self.tz)), style="bold"))
        slot.display = True


class _UnsavedModal(_KeyModal):
    """A question about the unsaved complaint: the same small box, with the keys in ``QUESTION``."""

    QUESTION = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="intake-dialog intake-small") as box:
            box.border_title = _(self.SCREEN_TITLE)
            yield Static(Text(_("This complaint is not saved yet.")))
            yield Static(Text(_(self.QUESTION), style="bold"), classes="intake-question")
        yield DeskFooter()


class ClearFormModal(_UnsavedModal):
    """Ctrl+N on a form with something typed: clear it, or keep it (as Escape asks before leaving)."""

    SCREEN_TITLE = N_("Clear the form?")
    HELP = N_(
        "The complaint is not saved yet. y clears the form for the next complaint (what was typed is "
        "lost); n, Enter or Escape keeps it."
    )
    BINDINGS: ClassVar = [
        Binding("y", "finish('clear')", N_("Clear it"), id="clear-yes"),
        Binding("n,enter,escape", "finish(None)", N_("Keep it"), id="clear-no"),
    ]

    QUESTION = N_("y: clear the form  ·  n or Escape: keep it")


class LeaveDraftModal(_UnsavedModal):
    """Escape on a form with something typed: keep the draft, discard it, or stay."""

    SCREEN_TITLE = N_("Leave the form?")
    HELP = N_(
        "The complaint is not saved yet. Enter keeps the draft (it is there when you come back, also "
        "after a lock); d discards it; Escape stays on the form."
    )
    BINDINGS: ClassVar = [
        Binding("enter,k", "finish('keep')", N_("Keep the draft"), id="leave-keep"),
        Binding("d", "finish('discard')", N_("Discard it"), id="leave-discard"),
        Binding("escape", "finish(None)", N_("Stay"), id="leave-stay"),
    ]

    QUESTION = N_("Enter: keep the draft and leave  ·  d: discard it  ·  Escape: stay")
