"""Small pieces the ticket, intake and follow-up screens share: the site for service calls, owner
text made literal, times and countdowns, and the words for actions, events and their fields."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from rich.text import Text

from frontdesk_tui.domain.text import clean_line, clean_text
from frontdesk_tui.i18n import N_, NC_, _
from frontdesk_tui.services.site import Site
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
    """Time left to ``due``; once past, the overdue time with a minus sign in the error style, so it
    reads without colour too (NO_COLOR)."""
    left = due - now
    if left.total_seconds() < 0:
        return styled("-" + _("overdue by {time}").format(time=duration(left, late=True)), palette.error)
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

EVENTS: dict[str, str] = {
    "received": N_("Received"),
    "attach": N_("Raise attached"),
    "recompute": N_("Deadline recomputed"),
    "escalation": N_("Escalation"),
    "answer": N_("Answered at the desk"),
    "assess": N_("Assessed"),
    "assign": N_("Assigned"),
    "investigate": N_("Investigated"),
    "plan": N_("Planned"),
    "start": N_("Work started"),
    "report": N_("Result reported"),
    "confirm": N_("Closed, owner satisfied"),
    "reopen": N_("Reopened"),
    "close-unreachable": N_("Closed, owner unreachable"),
    "follow-up": N_("Follow-up visit"),
    "withdraw": N_("Withdrawn"),
    "invalidate": N_("Invalidated"),
    "escalate": N_("Escalated to the supervisor"),
    "contact": N_("Owner updated"),
    "note": N_("Note"),
    "reassign": N_("Reassigned"),
    "extend": N_("Deadline extended"),
    "pause": N_("Clock paused"),
    "resume": N_("Clock resumed"),
    "on-site": N_("Team on site"),
    "under-control": N_("Under control"),
    "revise-expected": N_("Expected time revised"),
    "summary": NC_("ticket event", "Summary"),  # 总结改进 (R-EM-3), not a report's 汇总
    "correct": N_("Correction"),
}

FIELDS: dict[str, str] = {
    "note": N_("Note"),
    "reason": N_("Reason"),
    "complexity": N_("Complexity"),
    "severity": N_("Severity"),
    "department": N_("Department"),
    "handler": N_("Handler"),
    "requirements": N_("Requirements"),
    "responsibility": N_("Responsibility"),
    "working_days": N_("Working days"),
    "how_told": N_("Owner told by"),
    "satisfaction": N_("Satisfaction"),
    "called": N_("Supervisor called"),
    "owner_told": N_("Owner told"),
    "owner_agreed": N_("Owner agreed"),
    "taken_over": N_("Taken over by the supervisor"),
    "expected_at": N_("Revised expected time"),
    "missed": N_("Clocks missed"),
    "cause": N_("Cause"),
    "improvement": N_("Improvement"),
    "corrects": N_("Corrects"),
    "due_at": N_("Due"),
    "due_from": N_("Was due"),
    "follow_up_due_at": N_("Follow-up due"),
    "came_back": N_("Problem came back"),
    "channel": N_("Channel"),
    "channel_detail": N_("Via"),
    "category": N_("Category"),
    "response_team": N_("Response team"),
    "on_site_due": N_("On site by"),
    "recurrence_of": N_("Recurrence of"),
    "open_duplicates": N_("Open tickets of the unit"),
    "resumed": N_("Clock resumed"),
    "complexity_from": N_("Complexity was"),
    "contact_attempts": N_("Contact attempts"),
    "working_days_covered": N_("Working days covered"),
}

COMPLEXITY = {"simple": N_("Simple (24 h)"), "moderate": N_("Moderate (3 working days)"),
              "complex": N_("Complex (up to 15 working days)")}
HOW_TOLD = {"phone": N_("Phone"), "sms": N_("SMS"), "email": N_("E-mail"), "visit": N_("In person")}


#: R-EM-4: the clocks a revision was recorded after.
MISSED = {"on_site": N_("on site"), "under_control": N_("under control")}


def _pick(table: dict[str, str], code: str | None) -> str:
    if not code:
        return ""
    msgid = table.get(code)
    return _(msgid) if msgid else code


def action_label(code: str) -> str:
    return _pick(ACTIONS, code)


def event_label(code: str) -> str:
    return _pick(EVENTS, code)


def field_label(name: str) -> str:
    return _pick(FIELDS, name)


def complexity_label(code: str | None) -> str:
    return _pick(COMPLEXITY, code)


def channel_label(code: str | None) -> str:
    return labels.channel(code)


def via_label(code: str | None) -> str:
    return labels.via(code)


def channel_detail_label(channel: str | None, detail: str | None) -> str:
    """R-IN-1a: "Online · WeChat", "Phone · 24-hour hotline", or the plain channel."""
    if not detail:
        return channel_label(channel)
    return f"{channel_label(channel)} · {via_label(detail)}"


def how_told_label(code: str | None) -> str:
    return _pick(HOW_TOLD, code)


def satisfaction_label(code: str | None) -> str:
    return labels.satisfaction(code)


def value_text(name: str, value: Any) -> str:
    """A field of an event as the desk reads it: codes in words, yes/no, lists joined."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "missed" and isinstance(value, list):
        return ", ".join(_(MISSED.get(str(v), str(v))) for v in value) or _("none")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    by_field = {
        "complexity": complexity_label,
        "complexity_from": complexity_label,
        "severity": labels.severity,
        "department": labels.department,
        "how_told": how_told_label,
        "satisfaction": satisfaction_label,
        "channel": channel_label,
        "channel_detail": via_label,
        "category": labels.category,
    }
    if name in by_field:
        return by_field[name](text)
    if name in ("due_at", "due_from", "follow_up_due_at", "on_site_due", "expected_at") and "T" in text:
        return text[:16].replace("T", " ")
    return clean_line(text)
