"""What the ticket screen shows, as Rich renderables built from a :class:`TicketView`: the title
line, the deadline clocks, every field and the timeline. Owner text is always literal ``Text``."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from frontdesk_tui.domain.actors import automatic_label
from frontdesk_tui.domain.tickets.lifecycle import STEP_KEYS
from frontdesk_tui.i18n import _, pgettext
from frontdesk_tui.services.tickets import timeline as timeline_words
from frontdesk_tui.services.tickets.queries import EventView, TicketView
from frontdesk_tui.ui import labels
from frontdesk_tui.ui.widgets import ticket_text as tt
from frontdesk_tui.ui.widgets.queue_cells import Palette, styled


def title_line(view: TicketView) -> Text:
    text = Text()
    if view.emergency:
        text.append(" " + _("EMERGENCY") + " ", style="bold reverse")
        text.append(" ")
    text.append(_("Ticket {id}").format(id=view.id), style="bold")
    parts = [labels.status(view.status), labels.category(view.category)]
    if view.severity:
        parts.append(labels.severity(view.severity))
    if view.paused:
        parts.append(_("paused"))
    text.append("  " + " · ".join(parts))
    return text


def clocks(view: TicketView, now: datetime, tz: tzinfo, palette: Palette) -> Text:
    """The deadline (R-DL-3a) and, for an emergency, the on-site and under-control clocks (R-EM-2)."""
    text = Text()

    def line(label: str, due: datetime, done: datetime | None, done_label: str, clock: bool = True) -> None:
        """``clock``: an emergency clock (on site, under control), whose 按时/超时 is not the
        deadline's 按时反馈/逾期反馈 (walk13: "on site at … 按时反馈")."""
        if text:
            text.append("\n")
        text.append(label + " ", style="bold")
        text.append(tt.when(due, tz))
        text.append("  ")
        if done is not None:
            late = done > due
            text.append(done_label.format(time=tt.when(done, tz)))
            text.append("  ")
            if clock:
                word = pgettext("emergency clock", "late") if late else pgettext("emergency clock", "on time")
            else:
                word = _("late") if late else _("on time")
            text.append_text(styled(word, palette.error if late else palette.muted))
        else:
            text.append_text(tt.countdown(due, now, palette))

    if view.emergency and view.on_site_due is not None:
        line(_("On site by"), view.on_site_due, view.on_site_at, _("on site at {time}"))
    if view.emergency and view.under_control_due is not None:
        line(_("Under control by"), view.under_control_due, view.under_control_at, _("under control at {time}"))
    if view.emergency and view.revised_expected_at is not None:  # R-EM-4: beside the clocks it does not move
        text.append("  ")
        # Short (month-day and time) so that the line stays within 80 columns.
        revised = _("revised to {time}").format(time=tt.short_when(view.revised_expected_at, tz))
        text.append_text(styled(revised, "bold"))
    ended = view.status in ("answered", "withdrawn", "invalid")
    if not ended:
        if view.paused_at is not None:
            if text:
                text.append("\n")
            text.append(_("Due") + " ", style="bold")
            text.append(tt.when(view.due_at, tz) + "  ")
            text.append_text(styled(_("paused since {time}").format(time=tt.when(view.paused_at, tz)), palette.warning))
        else:
            line(_("Due"), view.due_at, view.reported_at, _("reported at {time}"), clock=False)
    if view.closed_at is not None:
        text.append("\n")
        text.append(_("Closed") + " ", style="bold")
        text.append(tt.when(view.closed_at, tz))
        if view.follow_up_due_at is not None and view.status == "closed":
            text.append("  ")
            if view.follow_up_done:
                text.append(_("follow-up visit done"))
            else:
                text.append(_("follow-up visit due {time}").format(time=tt.when(view.follow_up_due_at, tz)))
    if view.follow_up_flagged:
        text.append("\n")
        text.append_text(styled(_("Flagged for the assistant after the follow-up visit (R-LC-5)"), palette.warning))
    return text


def next_actions(view: TicketView) -> Text:
    text = Text()
    text.append(_("Next") + ": ", style="bold")
    if not view.allowed_actions:
        text.append(_("no action for you on this ticket now"), style="dim")
        return text
    for n, code in enumerate(view.next_steps or view.allowed_actions):
        if n:
            text.append(", ")
        key = STEP_KEYS.get(code)
        if key:
            text.append(key, style="bold underline")
            text.append(" ")
        text.append(tt.action_label(code))
    text.append("  ")
    text.append(_("(press a)"), style="dim")
    return text


def _complexity(view: TicketView) -> str:
    """An emergency's deadline is its clocks (R-EM-2, R-DL-3a), not the complexity's 24 h: say so,
    until a reopening or an extension gives it an ordinary deadline."""
    if view.emergency and view.on_site_due is not None and view.deadline_started_at <= view.received_at:
        under_control = view.under_control_due or view.due_at  # its due time is the under-control time
        return _("Emergency: on site in {on_site} min, under control in {control} min (R-EM-2)").format(
            on_site=round((view.on_site_due - view.received_at).total_seconds() / 60),
            control=round((under_control - view.received_at).total_seconds() / 60),
        )
    return tt.complexity_label(view.complexity)


def fields(view: TicketView, tz: tzinfo) -> Table:
    """Every field of R-IN-2 and who has the ticket; empty ones are left out."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")

    def row(label: str, value: RenderableType | str | None) -> None:
        if value is None or value == "" or (isinstance(value, Text) and not value.plain):
            return
        grid.add_row(Text(label), value if isinstance(value, Text) else Text(str(value)))

    owner = tt.owner_line(view.owner_name)
    if view.phone:
        owner.append("  " + view.phone)
    row(_("Owner"), owner)
    row(_("Other contact"), tt.owner_line(view.contact))
    row(_("Unit / area"), tt.owner_line(view.unit))
    row(_("Channel"), tt.channel_detail_label(view.channel, view.channel_detail))
    row(_("Received at"), tt.when(view.received_at, tz))
    row(_("Happened"), tt.when(view.happened_at, tz))
    row(_("Where"), tt.owner_line(view.place))
    row(_("Complained about"), tt.owner_line(view.against))
    row(_("What happened"), tt.owner_text(view.description))
    row(_("Owner asks for"), tt.owner_text(view.request))
    row(_("Equipment"), tt.owner_line(view.equipment))
    row(_("Symptom"), tt.owner_line(view.symptom))
    row(_("Staff involved"), tt.owner_line(view.staff))
    row(_("Complexity"), _complexity(view))
    department = labels.department(view.department)
    if view.handler:
        department += " · " + view.handler
    row(_("Department"), Text(department))
    if view.recurrence_of is not None:
        row(_("Recurrence of"), _("ticket {id} (same unit and category, closed within 30 days)").format(
            id=view.recurrence_of))
    row(_("Read back"), _("read back and confirmed by the owner") if view.read_back_confirmed else _("no"))
    if view.escalated:
        row(_("Escalated"), _("yes"))
    row(_("Recorded by"), view.created_by)
    who = view.updated_by if view.updated_by is not None else automatic_label(view.updated_by_rule)
    row(_("Last change"), _("{name} at {time}").format(name=who, time=tt.when(view.updated_at, tz)))
    return grid


def _event_details(event: EventView, tz: tzinfo) -> Text:
    parts = timeline_words.event_details(event, tz)
    return Text(" · ".join(parts), style="dim") if parts else Text()


def timeline(view: TicketView, tz: tzinfo) -> RenderableType:
    """Every event with its time and operator (or rule); corrections name what they correct and
    the corrected event names its correction (R-LC-3)."""
    if not view.events:
        return Text(_("No events recorded."), style="dim")
    corrected_by: dict[int, list[int]] = {}
    for event in view.events:
        if event.corrects is not None:
            corrected_by.setdefault(event.corrects, []).append(event.id)
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, max_width=12, overflow="ellipsis")
    grid.add_column(ratio=1, overflow="fold")
    for event in view.events:
        what = Text()
        what.append(timeline_words.event_title(event), style="bold")
        what.append(f" #{event.id}", style="dim")
        if event.corrects is not None:
            what.append("  " + _("corrects #{id}").format(id=event.corrects), style="bold")
        if event.id in corrected_by:
            what.append("  " + _("corrected by {ids}").format(
                ids=", ".join(f"#{i}" for i in corrected_by[event.id])), style="italic")
        body: list[RenderableType] = [what]
        note = timeline_words.event_note(event)
        if note:
            body.append(tt.owner_text(note))
        details = _event_details(event, tz)
        if details.plain:
            body.append(details)
        who = Text(event.operator) if event.operator else Text(event.rule or _("automatic"), style="italic")
        grid.add_row(Text(tt.short_when(event.at, tz)), who, Group(*body))
    return grid
