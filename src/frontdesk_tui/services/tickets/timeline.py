"""The timeline in words, in the reader's language: what each event kind is called, what its data
fields are called, and each value as a person reads it (codes in words, times local, people by
name). The ticket screen and ``ticket show`` both read events through here, so no event kind —
the escalation scan's (R-DL-6, R-EM-2, R-SV-5, R-LC-4, R-LC-5), a handover's take-over (R-HO-5), a
holiday-file recomputation (R-DL-7) — prints its stored data raw. JSON keeps the codes."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from frontdesk_tui.domain import labels
from frontdesk_tui.domain.text import clean_line
from frontdesk_tui.i18n import N_, NC_, _
from frontdesk_tui.services.site.inbox import kind_label

if TYPE_CHECKING:
    from frontdesk_tui.services.tickets.queries import EventView

#: The event kind a handover's take-over writes (services.duty.handover, R-HO-5).
HANDOVER = "handover"
#: The event kind of an automatic escalation (services.tickets.escalation).
ESCALATION = "escalation"

EVENTS: dict[str, str] = {
    "received": N_("Received"),
    "attach": N_("Raise attached"),
    "recompute": N_("Deadline recomputed"),
    "handover": N_("Taken over at a handover"),
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
    "handover_id": N_("Handover"),
    "item": N_("Taken over as"),
    "from": N_("From"),
    "upgrade": N_("Severity"),
    "at": N_("At"),
}

COMPLEXITY = {"simple": N_("Simple (24 h)"), "moderate": N_("Moderate (3 working days)"),
              "complex": N_("Complex (up to 15 working days)")}
HOW_TOLD = {"phone": N_("Phone"), "sms": N_("SMS"), "email": N_("E-mail"), "visit": N_("In person")}


#: R-EM-4: the clocks a revision was recorded after.
MISSED = {"on_site": N_("on site"), "under_control": N_("under control")}

#: What a handover hands over (the handover screen's words, services.duty.handover.KIND_LABELS).
HANDOVER_ITEMS = {
    "ticket": NC_("handover item", "ticket"),
    "emergency": NC_("handover item", "emergency"),
    "rectification": NC_("handover item", "rectification"),
    "follow_up": NC_("handover item", "follow-up visit"),
    "log_item": NC_("handover item", "duty-log entry"),
}

#: Keys of a ``received``/``attach`` event that repeat the ticket's own fields: not repeated.
RECORD_KEYS = frozenset(
    {"owner_name", "phone", "unit", "category", "request", "contact", "equipment", "symptom", "staff",
     "place", "against", "happened_at", "received_at", "read_back_confirmed", "emergency"}
)
#: Data the app keeps for itself (which deadline an escalation belongs to, whom it told by id, the
#: handover's kind of item is said in the sentence): never shown as a field.
_INTERNAL_KEYS = frozenset({"corrects", "deadline_key", "recipients", "kind", "message"})


def event_label(code: str) -> str:
    return labels.label(EVENTS, code)


def field_label(name: str) -> str:
    return labels.label(FIELDS, name)


def complexity_label(code: str | None) -> str:
    return labels.label(COMPLEXITY, code)


def how_told_label(code: str | None) -> str:
    return labels.label(HOW_TOLD, code)


def _local_time(text: str, tz: tzinfo | None) -> str | None:
    """An ISO time stored in the data, as the desk reads it (site time, to the minute); None if
    ``text`` is not a time."""
    if len(text) < 16 or "T" not in text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if tz is not None and value.tzinfo is not None:
        value = value.astimezone(tz)
    return value.strftime("%Y-%m-%d %H:%M")


def value_text(name: str, value: Any, tz: tzinfo | None = None) -> str:
    """A field of an event as the desk reads it: codes in words, yes/no, lists joined, times local."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "missed" and isinstance(value, list):
        return ", ".join(_(MISSED.get(str(v), str(v))) for v in value) or _("none")
    if name == "upgrade" and isinstance(value, dict):
        return f"{labels.severity(value.get('from')) or '—'} → {labels.severity(value.get('to'))}"
    if name == "item":
        return labels.label(HANDOVER_ITEMS, str(value))
    if name in ("handover_id", "recurrence_of") and isinstance(value, int):
        return f"#{value}"
    if name == "open_duplicates" and isinstance(value, list):
        return ", ".join(f"#{v}" for v in value)
    if isinstance(value, list):
        return ", ".join(clean_line(str(v)) for v in value)
    if isinstance(value, dict):
        return " · ".join(f"{field_label(str(k))}: {value_text(str(k), v, tz)}" for k, v in value.items())
    text = str(value)
    by_field = {
        "complexity": complexity_label,
        "complexity_from": complexity_label,
        "severity": labels.severity,
        "department": labels.department,
        "how_told": how_told_label,
        "satisfaction": labels.satisfaction,
        "channel": labels.channel,
        "channel_detail": labels.via,
        "category": labels.category,
    }
    if name in by_field:
        return by_field[name](text)
    local = _local_time(text, tz)
    if local is not None:
        return local
    return clean_line(text)


def event_title(event: EventView) -> str:
    """The event's kind in words; an escalation says which one ("Escalation: Overdue")."""
    title = event_label(event.kind)
    if event.kind == ESCALATION and event.data.get("kind"):
        title = _("{event}: {kind}").format(event=title, kind=kind_label(str(event.data["kind"])))
    return title


def event_note(event: EventView) -> str:
    """The event's note. A handover's take-over is said again in the reader's language from its data
    (the stored note is in the language of whoever signed)."""
    if event.kind == HANDOVER and event.data.get("from") and event.operator:
        return _("taken over at the handover by {incoming} from {outgoing}").format(
            incoming=event.operator, outgoing=clean_line(str(event.data["from"]))
        )
    return event.note


def event_details(event: EventView, tz: tzinfo | None = None) -> list[str]:
    """The event's data as "Field: value" pieces in words (never a code, an id list or a raw time)."""
    parts: list[str] = []
    if event.kind == RECEIVED_KIND and event.data.get("emergency"):
        parts.append(_("EMERGENCY"))
    if event.kind == RECEIVED_KIND and event.data.get("read_back_confirmed"):
        parts.append(_("read back and confirmed"))
    for key, value in sorted(event.data.items()):
        if event.kind in (RECEIVED_KIND, "attach") and key in RECORD_KEYS:
            continue
        if key in _INTERNAL_KEYS or value in (None, "", [], {}):
            continue
        if key == "reason" and value == event.note:  # the reason is the note shown above it
            continue
        if event.kind == HANDOVER and key == "from" and event.operator:  # said in the note
            continue
        parts.append(f"{field_label(key)}: {value_text(key, value, tz)}")
    if event.told:
        parts.append(_("Told: {names}").format(names=", ".join(event.told)))
    return parts


RECEIVED_KIND = "received"

__all__ = [
    "COMPLEXITY",
    "EVENTS",
    "FIELDS",
    "HOW_TOLD",
    "MISSED",
    "complexity_label",
    "event_details",
    "event_label",
    "event_note",
    "event_title",
    "field_label",
    "how_told_label",
    "value_text",
]
