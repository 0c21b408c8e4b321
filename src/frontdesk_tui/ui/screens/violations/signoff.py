"""The director's sign-off queue (R-VI-5, 违章处理意见经物业部主任签署后生效): every proposal beyond
persuasion that waits for the director, oldest first, with what the director needs to decide; s signs
and d declines the highlighted one after a confirmation, Enter opens the whole record."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from frontdesk_tui.domain import permissions
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.violations import SignoffItem
from frontdesk_tui.ui.screens.list_base import ListScreen
from frontdesk_tui.ui.screens.violations.actions import Choice, StepOutcome
from frontdesk_tui.ui.screens.violations.detail import signoff_form
from frontdesk_tui.ui.screens.violations.register import open_violation
from frontdesk_tui.ui.widgets import violation_cells as vc
from frontdesk_tui.ui.widgets.ticket_text import desk_site


class ViolationSignoffScreen(ListScreen):
    SCREEN_TITLE = N_("Violation sign-off")
    CSS_PATH = "violations.tcss"
    HELP = N_(
        "Handling opinions waiting for the director's signature, the oldest first (R-VI-5: nothing "
        "beyond persuasion takes effect until the director signs it). Below the list: the case, the "
        "measure with its basis, amount or deadline, who proposed it, and the facts on record.\n\n"
        "Up/Down choose. s signs the highlighted one and d declines it (with a reason), each after a "
        "confirmation (Enter). The rules are checked again when signing: a penalty without the "
        "owners' committee's support is refused. Enter opens the whole record; r reloads. Only the "
        "director signs; others see what waits."
    )
    BINDINGS: ClassVar = [
        Binding("s", "sign", N_("Sign"), id="signoff-sign"),
        Binding("d", "decline", N_("Decline"), id="signoff-decline"),
        Binding("enter", "open", N_("Open"), id="signoff-open"),
        Binding("r", "reload", N_("Reload"), id="signoff-reload"),
    ]

    TABLE_ID = "signoff-table"
    COLUMNS = vc.SIGNOFF_COLUMNS
    SUMMARY_ID = "signoff-summary"
    PREVIEW_ID = "signoff-preview"

    class Loaded(Message):
        def __init__(self, items: list[SignoffItem]) -> None:
            super().__init__()
            self.items = items

    def __init__(self) -> None:
        super().__init__(id="violation-signoff")

    # -- loading --------------------------------------------------------------------------------
    def reload(self) -> None:
        if self.app.actor is not None:
            self._load_queue()

    @work(thread=True, exclusive=True, group="violation-signoff", exit_on_error=False)
    def _load_queue(self) -> None:
        self.post_message(self.Loaded(vs.signoff_queue(desk_site(self.desk))))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        tz, palette = self.desk.settings.tz, self.palette()
        rows = [vc.signoff_cells(item, tz, palette) for item in event.items]
        # After a signature the signed row goes and the cursor stays where it was: on the next one
        # (issue 12: jumping to the top put a wrong case one keypress away).
        self.show_items(event.items, rows, place="index")
        self._update_summary()

    def key_of(self, item: SignoffItem) -> int:
        return item.measure_id

    def is_director(self) -> bool:
        return permissions.may(self.desk.actor, "violation.sign")  # R-VI-5

    def _update_summary(self) -> None:
        text = Text(" ")
        text.append(_("{n} waiting for the director, oldest first").format(n=len(self.items)), style="bold")
        if not self.is_director():
            text.append("  " + _("Only the director signs (R-VI-5)."), style="dim")
        self.summary.update(text)

    def preview_text(self, item: SignoffItem | None) -> Text:
        desk = self.desk
        return vc.signoff_preview(item, desk.settings.tz, desk.actor)

    # -- actions --------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("sign", "decline"):
            return self.is_director() and bool(self.items)
        if action == "open":
            return bool(self.items)
        return True

    def _decide(self, step: str) -> None:
        item = self.current()
        if item is None or not self.is_director():
            return
        tz = self.desk.settings.tz
        label = Text()
        label.append(f"#{item.measure_id} ", style="bold")
        label.append(vc.measure_label(item.measure), style="bold")
        terms = vc.terms(item.amount, item.deadline, tz)
        if terms:
            label.append("  " + terms)
        label.append("\n")
        label.append_text(vc.signoff_preview(item, tz, self.desk.actor))
        subject = _("violation {id}, {unit}").format(id=item.violation_id, unit=item.unit)
        form = signoff_form(step, item.violation_id, item.violation_version,
                            [Choice(str(item.measure_id), label)], subject)
        self.app.push_screen(form, self._done)

    def _done(self, outcome: StepOutcome | None) -> None:
        if outcome is None:
            return
        if outcome.stale is not None:
            self.app.notify(
                _("Not saved: {name} changed this violation at {time}, after it was shown to you (R-RO-3). "
                  "The queue is reloaded: check it, then try again.").format(name=outcome.stale.by,
                                                                             time=outcome.stale.at),
                severity="warning", timeout=10,
            )
        elif outcome.view is not None:
            message = _("Signed: violation {id}.") if outcome.step == "sign" else _("Declined: violation {id}.")
            self.app.notify(message.format(id=outcome.view.id))
        self.reload()

    def action_sign(self) -> None:
        self._decide("sign")

    def action_decline(self) -> None:
        self._decide("decline")

    @on(DataTable.RowSelected, "#signoff-table")
    def action_open(self) -> None:
        item = self.current()
        if item is not None:
            open_violation(self.app, item.violation_id)

