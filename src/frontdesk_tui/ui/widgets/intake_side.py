"""Beside the intake form: the owners found for the unit or phone with their past tickets (R-IN-7),
and the standard phrases with the twelve-character principle (R-IN-9)."""

from __future__ import annotations

from datetime import tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from frontdesk_tui.domain.codes import OPEN_STATUSES
from frontdesk_tui.domain.tickets.intake import TWELVE_CHARACTERS, standard_phrases
from frontdesk_tui.i18n import _
from frontdesk_tui.services.tickets.queries import OwnerMatch, TicketSummary
from frontdesk_tui.ui import labels
from frontdesk_tui.ui.widgets import ticket_text as tt

_OPEN = {s.value for s in OPEN_STATUSES}


def history_text(history: list[TicketSummary], category: str, tz: tzinfo) -> Text:
    """Past and open tickets of the unit or phone, newest first; an open one of the same category
    is marked: saving will offer to attach to it (R-IN-7)."""
    if not history:
        return Text(_("No earlier tickets."), style="dim")
    text = Text()
    for t in history:
        if text:
            text.append("\n")
        is_open = t.status in _OPEN
        same = is_open and category and t.category == category
        if same:
            text.append("! ", style="bold reverse")
        text.append(f"#{t.id} ", style="bold" if is_open else "")
        text.append(t.received_at.astimezone(tz).strftime("%m-%d") + " ")
        text.append(labels.short_category(t.category) + " ")
        text.append(labels.short_status(t.status), style="bold" if is_open else "dim")
        text.append("\n  ")
        text.append_text(tt.owner_line(t.description, style="dim"))
    return text


def phrases_text(site_name: str) -> Text:
    text = Text()
    text.append(_("Twelve characters (R-IN-9)"), style="bold")
    text.append("\n" + TWELVE_CHARACTERS + "\n")
    text.append(_("Never argue with the owner."), style="italic")
    for situation, phrase in standard_phrases(site_name):
        text.append("\n\n")
        text.append(_(situation), style="bold")
        text.append("\n" + phrase)
    return text


class IntakeSidePanel(Vertical):
    """The owner lookup and the phrases; at 80 columns one of them at a time (Ctrl+T switches)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="intake-lookup"):
            yield Static(Text(_("Owner"), style="bold"), classes="intake-side-heading")
            owners = OptionList(id="intake-owners")
            owners.display = False
            yield owners
            yield Static(Text(_("Type a unit or a phone to find the owner; Ctrl+O copies them into the form."),
                              style="dim"), id="intake-owner-hint")
            yield Static(Text(_("Earlier tickets"), style="bold"), classes="intake-side-heading")
            with VerticalScroll(id="intake-history-box"):
                yield Static(Text("—", style="dim"), id="intake-history")
                yield Static("", id="intake-history-note")
        with VerticalScroll(id="intake-phrases"):
            yield Static(phrases_text(self.app.settings.site_name), id="intake-phrases-text")  # type: ignore[attr-defined]

    @property
    def owners(self) -> OptionList:
        return self.query_one("#intake-owners", OptionList)

    def show_owners(self, owners: list[OwnerMatch], *, unknown: str = "") -> None:
        """The owners found; with none and ``unknown`` (the unit or phone looked up), say that the
        register has nobody there instead of the typing hint."""
        ol = self.owners
        ol.clear_options()
        for i, owner in enumerate(owners):
            line = Text()
            line.append_text(tt.owner_line(owner.name, style="bold"))
            line.append("  " + owner.phone + "  " + owner.unit)
            ol.add_option(Option(line, id=str(i)))
        ol.display = bool(owners)
        if owners:
            ol.highlighted = 0
        hint = self.query_one("#intake-owner-hint", Static)
        hint.display = not owners
        if unknown:
            hint.update(Text(_("No owner registered for {what}: ask the name and the phone.").format(what=unknown),
                             style="bold"))
        else:
            hint.update(Text(_("Type a unit or a phone to find the owner; Ctrl+O copies them into the form."),
                             style="dim"))

    def show_history(self, history: list[TicketSummary] | None, category: str, tz: tzinfo) -> None:
        body = Text("—", style="dim") if history is None else history_text(history, category, tz)
        self.query_one("#intake-history", Static).update(body)
        note = self.query_one("#intake-history-note", Static)
        same = bool(category) and any(t.status in _OPEN and t.category == category for t in history or [])
        message = Text(_("An open ticket of the same category (!): saving offers to attach to it (R-IN-7)"),
                       style="bold")
        note.update(message if same else "")
        note.display = same

    def set_mode(self, *, phrases: bool, both: bool) -> None:
        """Show the lookup, the phrases, or (wide terminals) both."""
        self.query_one("#intake-lookup").display = both or not phrases
        self.query_one("#intake-phrases").display = both or phrases
