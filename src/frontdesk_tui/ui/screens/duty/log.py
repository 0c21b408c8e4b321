"""The duty log (值班记录, R-DU-3, R-DU-4): the entries of the last days, a line saying whether the
hash chain holds, and forms to add and correct. Nothing here edits or deletes an entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message

from frontdesk_tui.domain import permissions
from frontdesk_tui.domain.duty.log import VerifyResult
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services.duty import log as dutylog
from frontdesk_tui.services.duty import roster
from frontdesk_tui.services.duty.log import EntryView
from frontdesk_tui.services.duty.roster import DutyNow
from frontdesk_tui.ui.screens.list_base import ListScreen
from frontdesk_tui.ui.widgets import ticket_text as tt
from frontdesk_tui.ui.widgets.duty_forms import DutyConfirmModal, DutyEntryModal, EntryForm

#: How far back the screen lists entries (the command lists any period).
DAYS_SHOWN = 14


@dataclass(frozen=True)
class LogSnapshot:
    entries: list[EntryView]
    verify: VerifyResult
    duty: DutyNow


def status_line(result: VerifyResult, duty: DutyNow | None, tz) -> Text:
    """The chain's state first (a warning when it is broken), then who is on duty."""
    text = Text(" ")
    if result.ok:
        text.append("✓ " + result.describe())
    else:
        text.append("⚠ " + result.describe() + " (R-DU-4)", style="bold reverse")
        return text
    if duty is not None:
        # R-DU-5: who the roster has on duty now (a stand-in with the rostered officer), else the day desk.
        nobody = _("nobody on the roster")
        end = duty.shift_end.astimezone(tz).strftime("%H:%M")
        if duty.duty_day is not None:
            who = duty.on_duty_label or (duty.on_duty.name if duty.on_duty else nobody)
            text.append("  ·  " + _("rostered: {name} to {end}").format(name=who, end=end))
        else:
            text.append("  ·  " + _("day desk until {end}").format(end=end))
        nxt = duty.next_label or (duty.next_officer.name if duty.next_officer else nobody)
        text.append("  ·  " + _("next: {name}").format(name=nxt))
    return text


def entry_detail(entry: EntryView | None, tz) -> Text:
    if entry is None:
        return Text(_("No entry in the last {days} days.").format(days=DAYS_SHOWN), style="dim")
    text = Text()
    text.append(f"#{entry.id} ", style="bold")
    text.append(entry.at.astimezone(tz).strftime("%Y-%m-%d %H:%M") + "  ")
    text.append_text(tt.owner_line(entry.author))
    if entry.important:
        text.append("  " + _("important"), style="bold reverse")
    text.append("\n")
    text.append_text(tt.owner_text(entry.text))
    if entry.follow_up:
        text.append("\n" + _("Follow-up result") + ": ", style="bold")
        text.append_text(tt.owner_text(entry.follow_up))
    if entry.corrects_id:
        text.append("\n" + _("Corrects entry {id}.").format(id=entry.corrects_id), style="italic")
    if entry.corrected_by:
        ids = ", ".join(str(i) for i in entry.corrected_by)
        text.append("\n" + _("Corrected by entry {ids}.").format(ids=ids), style="italic")
    return text


class DutyLogScreen(ListScreen):
    SCREEN_TITLE = N_("Duty log")
    CSS_PATH = "duty_log.tcss"
    HELP = N_(
        "The duty log (值班记录) of the last two weeks, oldest first. Each entry says when, who, what "
        "happened and the follow-up result; ! marks an important one (it must be handed over at the "
        "shift change, R-HO-3), → one that corrects an earlier entry.\n\n"
        "The log is append-only (R-DU-4): a correction (c) is a new entry pointing at the one it "
        "corrects. Every entry carries a hash over its content and the previous entry's hash; the "
        "line at the top says whether the chain holds. If someone edited or deleted rows behind the "
        "app's back it names the first broken entry: tell the assistant.\n\n"
        "a adds an entry, c corrects the highlighted one, s signs the log up to the highlighted entry "
        "(the assistant's morning check), r reloads."
    )
    BINDINGS: ClassVar = [
        Binding("a", "add", N_("Add"), id="duty-log-add"),
        Binding("c", "correct", N_("Correct"), id="duty-log-correct"),
        Binding("s", "sign", N_("Sign (morning check)"), id="duty-log-sign"),
        Binding("r", "reload", N_("Reload"), id="duty-log-reload"),
    ]

    TABLE_ID = "duty-log-table"
    COLUMNS: ClassVar = [
        ("id", N_("No."), 4),
        ("at", N_("Logged"), 11),
        ("by", N_("By"), 6),
        ("mark", "", 2),
        ("text", N_("Work done"), 30),
        ("follow_up", N_("Outcome"), 12),
    ]
    SUMMARY_ID = "duty-log-status"
    PREVIEW_ID = "duty-log-detail"
    PREVIEW_BOX_ID = "duty-log-detail-box"

    class Loaded(Message):
        def __init__(self, snapshot: LogSnapshot, select_id: int | None) -> None:
            super().__init__()
            self.snapshot = snapshot
            self.select_id = select_id

    def __init__(self) -> None:
        super().__init__(id="duty-log")
        self.verify_result: VerifyResult | None = None

    def reload(self, select_id: int | None = None) -> None:
        if self.desk.actor is not None:
            self._load(select_id)

    @work(thread=True, exclusive=True, group="duty-log", exit_on_error=False)
    def _load(self, select_id: int | None) -> None:
        desk = self.desk
        site = tt.desk_site(desk)
        now = desk.now()
        entries = dutylog.list_entries(site, start=now - timedelta(days=DAYS_SHOWN))
        snapshot = LogSnapshot(entries, dutylog.verify(site), roster.duty_now(site, now))
        self.post_message(self.Loaded(snapshot, select_id))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.verify_result = event.snapshot.verify
        tz = self.desk.settings.tz
        rows = [
            [
                Text(str(e.id)),
                Text(e.at.astimezone(tz).strftime("%m-%d %H:%M")),
                tt.owner_line(e.author),
                Text(("!" if e.important else "") + ("→" if e.corrects_id else ""), style="bold"),
                tt.owner_line(e.text),
                tt.owner_line(e.follow_up),
            ]
            for e in event.snapshot.entries
        ]
        # The widths are fixed in COLUMNS; without a row to keep, the cursor goes to the newest entry.
        self.show_items(event.snapshot.entries, rows, place="last", keep_id=event.select_id, fit=False)
        self.summary.update(status_line(event.snapshot.verify, event.snapshot.duty, tz))
        self.summary.set_class(not event.snapshot.verify.ok, "broken")

    def preview_text(self, item: EntryView | None) -> Text:
        return entry_detail(item, self.desk.settings.tz)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        actor = self.desk.actor
        if action == "add":
            return permissions.may(actor, "duty_log.write")
        if action == "correct":
            return self.current() is not None and permissions.may(actor, "duty_log.write")
        if action == "sign":
            return self.current() is not None and permissions.may(actor, "duty_log.check")
        return True

    # -- add and correct ------------------------------------------------------------------------
    def action_add(self) -> None:
        self._open_form(None)

    def action_correct(self) -> None:
        entry = self.current()
        if entry is not None:
            self._open_form(entry)

    @work(thread=True, exclusive=True, group="duty-log-save", exit_on_error=False)
    def _open_form(self, corrects: EntryView | None) -> None:
        """R-DU-5: an officer not on duty is told so (and who is) before typing, not after saving;
        the refusal is reported like any other (the save checks again)."""
        desk = self.desk
        if desk.actor is None:
            return
        dutylog.check_may_write(tt.desk_site(desk), desk.actor, now=desk.now())
        self.app.call_from_thread(self.app.push_screen, DutyEntryModal(corrects=corrects), self._entry_typed)

    def _entry_typed(self, form: EntryForm | None) -> None:
        if form is not None:
            self._save(form)

    @work(thread=True, exclusive=True, group="duty-log-save", exit_on_error=False)
    def _save(self, form: EntryForm) -> None:
        desk = self.desk
        actor = desk.actor
        if actor is None:
            return
        site = tt.desk_site(desk)
        if form.corrects_id is None:
            entry = dutylog.add_entry(
                site, actor, form.text, now=desk.now(), follow_up=form.follow_up, important=form.important
            )
            note = _("Entry {id} written.").format(id=entry.id)
        else:
            entry = dutylog.correct_entry(
                site,
                actor,
                form.corrects_id,
                form.text,
                now=desk.now(),
                follow_up=form.follow_up,
                important=form.important,
            )
            note = _("Entry {id} written, correcting entry {old}.").format(id=entry.id, old=form.corrects_id)
        self.app.call_from_thread(self.app.notify, note)
        self.app.call_from_thread(self.reload, entry.id)

    # -- the morning check ----------------------------------------------------------------------
    def action_sign(self) -> None:
        entry = self.current()
        if entry is None:
            return
        question = _("Sign the duty log as checked up to entry {id}?").format(id=entry.id)
        self.app.push_screen(DutyConfirmModal(question), lambda yes: self._sign(entry.id) if yes else None)

    @work(thread=True, exclusive=True, group="duty-log-save", exit_on_error=False)
    def _sign(self, entry_id: int) -> None:
        desk = self.desk
        if desk.actor is None:
            return
        signature = dutylog.sign_log(tt.desk_site(desk), desk.actor, now=desk.now(), up_to=entry_id)
        note = _("Duty log signed up to entry {id}.").format(id=signature.entry_id)
        self.app.call_from_thread(self.app.notify, note)
        self.app.call_from_thread(self.reload, entry_id)

