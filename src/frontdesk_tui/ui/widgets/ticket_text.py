"""Small pieces the ticket, intake and follow-up screens share: the site for service calls, owner
text made literal, times and countdowns, and the words for actions, events and their fields."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from rich.text import Text

from frontdesk_tui.domain import labels as domain_labels
from frontdesk_tui.domain.text import clean_line, clean_text
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.tickets.timeline import (  # noqa: F401 - the screens' names for them
    COMPLEXITY,
    EVENTS,
    FIELDS,
    HOW_TOLD,
    MISSED,
    complexity_label,
    event_label,
    field_label,
    how_told_label,
    value_text,
)
from frontdesk_tui.ui import labels
from frontdesk_tui.ui.widgets.queue_cells import Palette, duration, styled

if TYPE_CHECKING:
    from textual.app import App


def desk_site(app: App[Any]) -> Site:
    """The :class:`Site` services take, from what the app holds (settings, database, calendar)."""
    site = getattr(app, "site", None)
    if isinstance(site, Site):
        return site
    return Site(settings=app.settings, db=app.db, calendar=app.calendar)  # type: ignore[attr-defined]


def owner_text(value: str | None, style: str = "") -> Text:
    """Owner-typed text, shown literally: markup is not parsed, control characters are removed."""
    return Text(clean_text(value), style=style)


def owner_line(value: str | None, style: str = "") -> Text:
    """Like :func:`owner_text` on one line (newlines and tabs become spaces)."""
    return Text(clean_line(value), style=style)


def when(value: datetime | None, tz: tzinfo) -> str:
    """A time as the desk reads it: site time zone, to the minute."""
    if value is None:
        return ""
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def short_when(value: datetime | None, tz: tzinfo) -> str:
    if value is None:
        return ""
    return value.astimezone(tz).strftime("%m-%d %H:%M")


def countdown(due: datetime, now: datetime, palette: Palette) -> Text:
    """Time left to ``due``; once past, "overdue by …" in the error style: the words say it without
    colour too (NO_COLOR), so no minus sign before them (it read "-overdue by 55d 4h")."""
    left = due - now
    if left.total_seconds() < 0:
        return styled(_("overdue by {time}").format(time=duration(left, late=True)), palette.error)
    return styled(_("{time} left").format(time=duration(left)))


ACTIONS: dict[str, str] = {
    "answer": N_("Answer at the desk"),
    "assess": N_("Assess"),
    "assign": N_("Assign"),
    "investigate": N_("Investigate"),
    "plan": N_("Plan"),
    "start": N_("Start the work"),
    "report": N_("Report the result"),
    "report-confirm": N_("Report and close: owner told and satisfied"),
    "confirm": N_("Confirm: owner satisfied, close"),
    "reopen": N_("Reopen"),
    "close-unreachable": N_("Close: owner unreachable"),
    "follow-up": N_("Follow-up visit"),
    "withdraw": N_("Withdraw"),
    "invalidate": N_("Invalidate"),
    "escalate": N_("Escalate to the supervisor"),
    "contact": N_("Update the owner"),
    "note": N_("Internal note"),
    "reassign": N_("Reassign"),
    "extend": N_("Extend the deadline"),
    "pause": N_("Pause the clock"),
    "resume": N_("Resume the clock"),
    "on-site": N_("Response team on site"),
    "under-control": N_("Under control"),
    "revise-expected": N_("Revise the expected time"),
    "summary": N_("Summary: cause and improvement"),
    "correct": N_("Correct an event"),
}


def action_label(code: str) -> str:
    return domain_labels.label(ACTIONS, code)


def channel_label(code: str | None) -> str:
    return labels.channel(code)


def via_label(code: str | None) -> str:
    return labels.via(code)


def channel_detail_label(channel: str | None, detail: str | None) -> str:
    """R-IN-1a: "Online · WeChat", "Phone · 24-hour hotline", or the plain channel."""
    if not detail:
        return channel_label(channel)
    return f"{channel_label(channel)} · {via_label(detail)}"


def satisfaction_label(code: str | None) -> str:
    return labels.satisfaction(code)
