"""How a queue row looks: owner text literally (``Text``, never markup), the time-left column coloured
from the theme and marked so that it still reads without colour (NO_COLOR, 16 colours)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from rich.style import Style
from rich.text import Text
from textual.color import Color, ColorParseError

from frontdesk_tui.domain import deadlines
from frontdesk_tui.domain.text import clean_line, clean_text
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services.tickets.queue import QueueRow
from frontdesk_tui.ui import labels

#: (column key, English msgid of the header)
COLUMNS = [
    ("id", N_("No.")),
    ("received", N_("Received at")),
    ("unit", N_("Unit")),
    ("category", N_("Category")),
    ("severity", N_("Sev.")),
    ("status", N_("Status")),
    ("department", N_("Dept.")),
    ("left", N_("Left")),
]
#: Extra columns when the terminal is wide enough.
WIDE_COLUMNS = [("owner", N_("Owner")), ("summary", N_("What happened"))]
WIDE_FROM = 110
#: Terminal cells the eight columns and the owner take; the summary gets what is left.
WIDE_USED = 92


@dataclass(frozen=True)
class Palette:
    """Rich styles built from the theme's variables (no colour is written in code)."""

    warning: Style
    error: Style
    alarm: Style
    muted: Style

    @classmethod
    def from_variables(cls, variables: dict[str, str]) -> Palette:
        def color(name: str, fallback: str):
            try:
                return Color.parse(variables.get(name, fallback)).rich_color
            except ColorParseError:  # a variable such as "auto 60%" is not a plain colour
                return None

        return cls(
            warning=Style(color=color("text-warning", "yellow"), bold=True),
            error=Style(color=color("text-error", "red"), bold=True, reverse=True),
            alarm=Style(color=color("text-error", "red"), bold=True),
            muted=Style(dim=True),
        )


def styled(text: str, style: Style | str = "") -> Text:
    """``text`` as literal Text, the style on the characters only (not on the cell's padding)."""
    out = Text(text)
    if style:
        out.stylize(style)
    return out


def duration(delta: timedelta, *, late: bool = False) -> str:
    """``2d 3h``, ``5h 10m``, ``12m`` (absolute; the caller marks overdue). ``late`` counts a
    started minute as a whole one, so a clock just past due reads ``1m`` late, never ``0m``."""
    seconds = abs(delta).total_seconds()
    minutes = int(-(-seconds // 60)) if late else int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("{d}d {h}h").format(d=days, h=hours)
    if hours:
        return _("{h}h {m}m").format(h=hours, m=mins)
    return _("{m}m").format(m=mins)


def revised_short(revised: datetime, now: datetime, tz: tzinfo | None) -> str:
    """``14:30`` today, ``12-07`` another day (R-EM-4's revised expected time, in the time-left
    cell; the ticket screen gives it whole)."""
    local = revised.astimezone(tz)
    return local.strftime("%H:%M") if local.date() == now.astimezone(tz).date() else local.strftime("%m-%d")


def coarse(delta: timedelta) -> str:
    """``2d``, ``5h``, ``12m``: the largest unit only (a cell that shares its width); a clock
    seconds past due reads ``1m``, never ``0m``."""
    minutes = max(1, int(abs(delta).total_seconds() // 60))
    if minutes >= 24 * 60:
        return _("{d}d").format(d=minutes // (24 * 60))
    if minutes >= 60:
        return _("{h}h").format(h=minutes // 60)
    return _("{m}m").format(m=minutes)


def time_left(row: QueueRow, now: datetime, palette: Palette, tz: tzinfo | None = None) -> Text:
    """R-DL-6: amber from the warning time, red (and a minus sign) once overdue (R-DL-3a)."""
    if row.reported_at is not None:
        late = deadlines.is_overdue(row.clock_due, row.reported_at, now)
        return styled(_("late") if late else _("on time"), palette.error if late else palette.muted)
    if row.paused_at is not None:
        return styled(_("paused"), palette.muted)
    left = deadlines.time_left(row.clock_due, now)
    if deadlines.is_overdue(row.clock_due, None, now):
        if row.revised_expected_at is not None:  # R-EM-4: the revised time beside the missed clock
            late = styled("-" + coarse(left), palette.error)  # "-1h→14:30" fits the 80-column queue
            late.append("→" + revised_short(row.revised_expected_at, now, tz), style="bold")
            return late
        return styled("-" + duration(left, late=True), palette.error)
    if now >= row.warn_at:
        return styled(duration(left), palette.warning)
    return styled(duration(left))


def cells(
    row: QueueRow, now: datetime, tz: tzinfo, palette: Palette, *, wide: bool, summary_width: int = 30
) -> list[Text]:
    number = styled(f"!{row.id}", palette.alarm) if row.emergency else styled(str(row.id))
    out = [
        number,
        Text(row.received_at.astimezone(tz).strftime("%m-%d %H:%M")),
        Text(clean_line(row.location)),
        Text(labels.short_category(row.category)),
        Text(labels.short_severity(row.severity)),
        Text(labels.short_status(row.status)),
        Text(labels.short_department(row.department)),
        time_left(row, now, palette, tz),
    ]
    if wide:
        out.append(Text(clean_line(row.owner_name)))
        summary = Text(clean_line(row.description))
        summary.truncate(max(8, summary_width), overflow="ellipsis")
        out.append(summary)
    return out


def preview(row: QueueRow | None, tz: tzinfo) -> Text:
    """The two or three lines under the table: who, how to reach them, what happened."""
    if row is None:
        return Text(_("No open ticket matches."), style="dim")
    text = Text()
    text.append(f"#{row.id} ", style="bold")
    if row.emergency:
        text.append(_("EMERGENCY"), style="bold reverse")
        text.append(" ")
    text.append(clean_line(row.owner_name), style="bold")
    if row.phone:
        text.append("  " + row.phone)
    text.append("  " + clean_line(row.location))
    text.append("  " + _("received {time}").format(time=row.received_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")))
    text.append("\n")
    text.append(clean_text(row.description))
    return text
