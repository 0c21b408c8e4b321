"""The duty roster (值班安排表, R-DU-1, R-DU-2): a month laid out like the paper form, who is on duty
now and next, and the swaps waiting for the assistant. Read-only here: the assistant sets the
roster and decides swaps with ``frontdesk roster set|swap``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from frontdesk_tui.i18n import N_, _, ngettext
from frontdesk_tui.services.duty import roster
from frontdesk_tui.services.duty.roster import DutyNow, RosterMonth
from frontdesk_tui.ui.screens.list_base import TableScreen, add_columns
from frontdesk_tui.ui.widgets import ticket_text as tt
from frontdesk_tui.ui.widgets.footer import DeskFooter
from frontdesk_tui.ui.widgets.header import DeskHeader


@dataclass(frozen=True)
class RosterSnapshot:
    month: RosterMonth
    duty: DutyNow


def duty_line(duty: DutyNow, tz) -> Text:
    nobody = _("nobody on the roster")
    text = Text(" ")
    if duty.duty_day is None:
        text.append(_("Day desk until {end}").format(end=duty.shift_end.astimezone(tz).strftime("%H:%M")))
    else:
        text.append(_("On duty now: {name}").format(name=duty.on_duty.name if duty.on_duty else nobody),
                    style="bold")
        text.append(" " + _("until {end}").format(end=duty.shift_end.astimezone(tz).strftime("%m-%d %H:%M")))
    text.append("  ·  " + _("next ({day}): {name}").format(
        day=duty.next_day.strftime("%m-%d"), name=duty.next_officer.name if duty.next_officer else nobody))
    return text


class RosterScreen(TableScreen):
    SCREEN_TITLE = N_("Duty roster")
    CSS_PATH = "roster.tcss"
    HELP = N_(
        "The duty roster of a month, laid out like the paper 值班安排表: three columns of days with "
        "the officer on duty. * marks a holiday: 24-hour duty from 08:30; other days the duty runs "
        "17:30 to 08:30 the next morning (R-DU-2).\n\n"
        "The assistant makes next month's roster before month end and approves swaps (R-DU-1) with "
        "`frontdesk roster set` and `frontdesk roster swap`; `frontdesk roster show --format html` "
        "prints it.\n\n"
        "[ and ] (or PageUp/PageDown) show the previous and next month, t this month, r reloads."
    )
    BINDINGS: ClassVar = [
        Binding("left_square_bracket,pageup", "month(-1)", N_("Previous month"), id="roster-previous"),
        Binding("right_square_bracket,pagedown", "month(1)", N_("Next month"), id="roster-next"),
        Binding("t", "this_month", N_("This month"), id="roster-this-month"),
        Binding("r", "reload", N_("Reload"), id="roster-reload", show=False),
    ]

    TABLE_ID = "roster-table"
    COLUMNS: ClassVar = [
        column
        for index in range(3)
        for column in ((f"date-{index}", N_("Date"), 5), (f"officer-{index}", N_("On duty"), 16))
    ]
    """Three pairs of date and officer, like the paper form."""

    class Loaded(Message):
        def __init__(self, snapshot: RosterSnapshot) -> None:
            super().__init__()
            self.snapshot = snapshot

    def __init__(self) -> None:
        super().__init__(id="roster")
        self.year = 0
        self.month = 0

    def compose(self) -> ComposeResult:
        yield DeskHeader(self.title_text)
        yield Static("", id="roster-now")
        yield Static("", id="roster-title")
        yield DataTable(id="roster-table", cursor_type="none", zebra_stripes=False, show_cursor=False)
        yield Static("", id="roster-notes")
        yield DeskFooter()

    def setup(self) -> None:
        add_columns(self.table, self.COLUMNS)
        self.action_this_month()

    def action_this_month(self) -> None:
        today = self.desk.now().astimezone(self.desk.settings.tz).date()
        self.year, self.month = today.year, today.month
        self.reload()

    def action_month(self, step: int) -> None:
        index = self.year * 12 + (self.month - 1) + step
        self.year, self.month = divmod(index, 12)
        self.month += 1
        self.reload()

    def reload(self) -> None:
        if self.desk.actor is not None and self.year:
            self._load(self.year, self.month)

    @work(thread=True, exclusive=True, group="roster", exit_on_error=False)
    def _load(self, year: int, month: int) -> None:
        desk = self.desk
        site = tt.desk_site(desk)
        snapshot = RosterSnapshot(roster.show_roster(site, year, month), roster.duty_now(site, desk.now()))
        self.post_message(self.Loaded(snapshot))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        month = event.snapshot.month
        tz = self.desk.settings.tz
        self.query_one("#roster-now", Static).update(duty_line(event.snapshot.duty, tz))
        title = Text(" ")
        title.append(_("Customer service centre duty roster"), style="bold")
        title.append(f"  {month.year}-{month.month:02d}")
        if not month.complete:
            missing = sum(1 for d in month.days if d.officer_id is None)
            title.append("  " + ngettext("{n} day without an officer", "{n} days without an officer", missing).format(n=missing), style="bold reverse")
        self.query_one("#roster-title", Static).update(title)
        table = self.table
        table.clear()
        days = list(month.days)
        for row in range(11):
            cells: list[Text] = []
            for column in range(3):
                index = column * 11 + row
                if index >= len(days):
                    cells += [Text(""), Text("")]
                    continue
                day = days[index]
                mark = "*" if not day.working_day else " "
                cells.append(Text(f"{day.day.day:>2}{mark}", style="bold" if not day.working_day else ""))
                cells.append(tt.owner_line(day.officer) if day.officer else Text("—", style="dim"))
            table.add_row(*cells)
        notes = Text(" " + _("* holiday: 24-hour duty"), style="dim")
        pending = [s for s in month.swaps if s.status == "requested"]
        for swap in pending[:3]:
            notes.append("\n ")
            notes.append(_("Swap asked: {day} {officer} → {substitute}, waiting for approval").format(
                day=swap.day.strftime("%m-%d"), officer=swap.officer, substitute=swap.substitute))
        self.query_one("#roster-notes", Static).update(notes)
