"""The duty log's forms: a new entry or a correction, and the morning check's confirmation.

Keyboard only: Enter moves to the next field and saves from the last one, Ctrl+S saves from
anywhere, Escape goes back without saving. The form returns what was typed; the screen saves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, Static

from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services.duty.log import EntryView
from frontdesk_tui.ui.screens.base import DeskModal, caught_up
from frontdesk_tui.ui.widgets import ticket_text as tt
from frontdesk_tui.ui.widgets.check import StateCheckbox


@dataclass(frozen=True)
class EntryForm:
    """What the officer typed; ``corrects_id`` for a correction."""

    text: str
    follow_up: str
    important: bool
    corrects_id: int | None = None


class DutyEntryModal(DeskModal[EntryForm | None]):
    """R-DU-3, R-DU-4: write what happened and the follow-up result; a correction is a new entry."""

    CSS_PATH = "duty_forms.tcss"
    SCREEN_TITLE = N_("Duty-log entry")
    HELP = N_(
        "Write what happened and, if known, the follow-up result. Mark it important when it must be "
        "handed over at the next shift change (R-HO-3).\n\n"
        "An entry is never changed afterwards (R-DU-4): a correction is a new entry pointing at the "
        "one it corrects, and both stay in the log.\n\n"
        "Enter moves to the next field and saves from the last one; Ctrl+S saves; Escape goes back."
    )
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", N_("Save"), id="duty-entry-save", priority=True),
        Binding("escape", "cancel", N_("Back"), id="duty-entry-cancel"),
        # A priority binding moves the focus while the Enter key is handled, so keys typed right
        # after it (a fast typist, a paste) land in the next field, not the one left.
        Binding("enter", "enter", show=False, priority=True),
    ]

    def __init__(self, corrects: EntryView | None = None) -> None:
        super().__init__(id="duty-entry")
        self.corrects = corrects

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box") as box:
            if self.corrects is None:
                box.border_title = _("New duty-log entry")
            else:
                box.border_title = _("Correct entry {id}").format(id=self.corrects.id)
                original = Text(_("Written") + ": ", style="bold")
                original.append_text(tt.owner_line(self.corrects.text))
                yield Static(original, classes="form-hint")
            yield Label(_("Work done"), classes="form-label")
            yield Input(
                value=self.corrects.text if self.corrects else "", id="duty-entry-text", compact=True
            )
            yield Label(_("Follow-up result"), classes="form-label")
            yield Input(
                value=self.corrects.follow_up if self.corrects else "", id="duty-entry-follow-up", compact=True
            )
            yield StateCheckbox(
                _("Important: hand it over at the next shift change"),
                value=self.corrects.important if self.corrects else False,
                id="duty-entry-important",
                compact=True,
            )
            yield Static("", id="duty-entry-message", classes="form-message")
            yield Static(_("Enter: next field · Ctrl+S: save · Esc: back"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#duty-entry-text", Input).focus()

    async def action_enter(self) -> None:
        await caught_up(self)
        if self.focused is self.query_one("#duty-entry-text", Input):
            self.set_focus(self.query_one("#duty-entry-follow-up", Input))
        else:
            await self.action_save()

    async def action_save(self) -> None:
        await caught_up(self)
        text = self.query_one("#duty-entry-text", Input).value
        if not text.strip():
            self.query_one("#duty-entry-message", Static).update(Text(_("Say what happened."), style="bold"))
            self.query_one("#duty-entry-text", Input).focus()
            return
        self.dismiss(
            EntryForm(
                text=text,
                follow_up=self.query_one("#duty-entry-follow-up", Input).value,
                important=self.query_one("#duty-entry-important", Checkbox).value,
                corrects_id=self.corrects.id if self.corrects else None,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class DutyConfirmModal(DeskModal[bool]):
    """A yes/no question (the morning check's signature): Enter or y confirms, Escape or n does not."""

    CSS_PATH = "duty_forms.tcss"
    SCREEN_TITLE = N_("Confirm")
    BINDINGS: ClassVar = [
        Binding("enter,y", "answer(True)", N_("Yes"), id="duty-confirm-yes"),
        Binding("escape,n", "answer(False)", N_("No"), id="duty-confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(id="duty-confirm")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box") as box:
            box.border_title = _("Confirm")
            yield Static(Text(self.question), classes="form-summary")
            yield Static(_("Enter or y: yes · Esc or n: no"), classes="form-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
