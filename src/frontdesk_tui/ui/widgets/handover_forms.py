"""The handover's small forms: why an item is left, and an assistant's or director's override.

Both are keyboard-only modals: Enter moves on and confirms from the last field, Escape goes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from frontdesk_tui.i18n import N_, _
from frontdesk_tui.ui.screens.base import DeskModal, caught_up


class HandoverReasonModal(DeskModal[str | None]):
    """R-HO-2: an item left unfinished says why."""

    CSS_PATH = "duty_forms.tcss"
    SCREEN_TITLE = N_("Leave the item")
    HELP = N_(
        "An item the incoming officer does not take over and that is not finished is left, with the "
        "reason on the record (R-HO-2). An important one still blocks the handover unless an "
        "assistant or director overrides (R-HO-3).\n\nEnter saves, Escape goes back."
    )
    BINDINGS: ClassVar = [
        Binding("escape", "cancel", N_("Back"), id="handover-reason-cancel"),
        Binding("enter", "enter", show=False, priority=True),
    ]

    def __init__(self, item_label: str) -> None:
        super().__init__(id="handover-reason")
        self.item_label = item_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box") as box:
            box.border_title = _("Leave the item")
            yield Static(Text(self.item_label), classes="form-summary")
            yield Label(_("Why is it left?"), classes="form-label")
            yield Input(id="handover-reason-text", compact=True)
            yield Static("", id="handover-reason-message", classes="form-message")
            yield Static(_("Enter: save · Esc: back"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    async def action_enter(self) -> None:
        await caught_up(self)
        value = self.query_one("#handover-reason-text", Input).value
        if not value.strip():
            self.query_one("#handover-reason-message", Static).update(_("Say why the item is left."))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class OverrideForm:
    name: str
    password: str
    reason: str


class HandoverOverrideModal(DeskModal[OverrideForm | None]):
    """R-HO-3: an assistant or director, with their own password, lets the handover be signed."""

    CSS_PATH = "duty_forms.tcss"
    SCREEN_TITLE = N_("Override a blocked handover")
    HELP = N_(
        "Important work that is neither finished nor taken over blocks the handover (R-HO-3). Only "
        "an assistant or a director may let it be signed anyway: they type their own name and "
        "password here and the reason, which goes on the record.\n\nEnter moves to the next field "
        "and confirms from the last one; Escape goes back."
    )
    BINDINGS: ClassVar = [
        Binding("escape", "cancel", N_("Back"), id="handover-override-cancel"),
        # Moves the focus while Enter is handled: keys typed right after land in the next field.
        Binding("enter", "enter", show=False, priority=True),
    ]

    def __init__(self, blocking: str, name: str = "") -> None:
        super().__init__(id="handover-override")
        self.blocking = blocking
        self.name_hint = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box") as box:
            box.border_title = _("Override a blocked handover (R-HO-3)")
            yield Static(Text(self.blocking), classes="form-summary")
            yield Label(_("Assistant or director"), classes="form-label")
            yield Input(value=self.name_hint, id="handover-override-name", compact=True)
            yield Label(_("Password"), classes="form-label")
            yield Input(password=True, id="handover-override-password", compact=True)
            yield Label(_("Reason (on the record)"), classes="form-label")
            yield Input(id="handover-override-reason", compact=True)
            yield Static("", id="handover-override-message", classes="form-message")
            yield Static(_("Enter: next field, confirm from the last · Esc: back"), classes="form-hint")

    def on_mount(self) -> None:
        first = "#handover-override-password" if self.name_hint else "#handover-override-name"
        self.query_one(first, Input).focus()

    async def action_enter(self) -> None:
        await caught_up(self)
        order = ["#handover-override-name", "#handover-override-password", "#handover-override-reason"]
        fields = [self.query_one(selector, Input) for selector in order]
        if self.focused in fields[:2]:
            self.set_focus(fields[fields.index(self.focused) + 1])  # type: ignore[arg-type]
            return
        self._confirm()

    def _confirm(self) -> None:
        name = self.query_one("#handover-override-name", Input).value.strip()
        password = self.query_one("#handover-override-password", Input).value
        reason = self.query_one("#handover-override-reason", Input).value.strip()
        message = self.query_one("#handover-override-message", Static)
        if not name or not password:
            message.update(_("Type the name and password of an assistant or director."))
            self.set_focus(self.query_one("#handover-override-name" if not name else "#handover-override-password", Input))
            return
        if not reason:
            message.update(_("An override needs a reason on the record."))
            return
        self.dismiss(OverrideForm(name, password, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)
