"""The intake form's fields (R-IN-2): what each is called, how it is typed in, when it is shown,
and the draft they make together.

Rows marked ``routine`` are hidden on the emergency path (R-EM-1 asks only what the response team
needs); ``engineering`` and ``service`` rows appear for those categories only (R-IN-2's extra fields);
``online`` and ``phone`` rows for that channel only (R-IN-1a: the way an online complaint came, the
24-hour hotline), on the emergency path too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from frontdesk_tui.domain import deadlines
from frontdesk_tui.domain.codes import CHANNEL_DETAILS, Category, Channel, Complexity, Via
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.domain.text import clean_line, clean_text
from frontdesk_tui.domain.tickets.intake import (
    MULTILINE_FIELDS,
    OTHER_TEXT_LIMIT,
    TEXT_LIMITS,
    ComplaintDraft,
)
from frontdesk_tui.i18n import N_, NC_, _
from frontdesk_tui.ui import labels
from frontdesk_tui.ui.widgets import ticket_text as tt
from frontdesk_tui.ui.widgets.check import StateCheckbox


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    """English msgid of the label, or an `NC_` key (short: it sits left of the field)."""
    kind: str
    """``input``, ``text`` (several lines), ``select`` or ``check``."""
    show: str = "always"
    """``always``, ``routine`` (not on the emergency path), ``engineering`` or ``service`` (that
    category), ``online`` or ``phone`` (that channel)."""
    placeholder: str = ""
    """English msgid."""


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("channel", N_("Channel"), "select"),
    FieldSpec("emergency", N_("Emergency"), "check"),
    FieldSpec("category", N_("Category"), "select"),
    FieldSpec("unit", N_("Unit / area"), "input", placeholder=N_("3-2-1201 or a public area")),
    FieldSpec("phone", N_("Phone"), "input", placeholder=N_("finds the owner")),
    FieldSpec("owner_name", N_("Owner"), "input", placeholder=N_("王先生 will do")),
    FieldSpec("description", N_("What happened"), "text"),
    FieldSpec("request", N_("Owner asks"), "text", "routine"),
    FieldSpec("against", N_("About whom"), "input", "routine", N_("person or department")),
    FieldSpec("equipment", N_("Equipment"), "input", "engineering", N_("what, and where it is")),
    FieldSpec("symptom", N_("Symptom"), "input", "engineering", N_("what is wrong with it")),
    FieldSpec("staff", NC_("intake field", "Staff"), "input", "service", N_("the staff involved")),
    FieldSpec("happened_at", N_("When"), "input", "routine", N_("HH:MM or MM-DD HH:MM")),
    FieldSpec("place", N_("Where"), "input", "routine", N_("if not the unit")),
    FieldSpec("contact", N_("Other contact"), "input", "routine", N_("WeChat, e-mail, evenings…")),
    FieldSpec("complexity", N_("Complexity"), "select", "routine"),
    FieldSpec("received_at", N_("Received at"), "input", "routine", N_("empty: now; or when it came in")),
    # R-IN-1a last, so the keys of the usual call stay as they were (issue 13's budget).
    FieldSpec("channel_detail", N_("Via"), "select", "online"),
    FieldSpec("hotline", N_("Hotline"), "check", "phone"),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
TEXT_VALUES = tuple(f.name for f in FIELDS if f.kind in ("input", "text"))


def _select_options(name: str) -> tuple[list[tuple[str, str]], str, bool]:
    """(options, prompt, allow blank) of a select field."""
    if name == "channel":
        return [(tt.channel_label(c.value), c.value) for c in Channel], "", False
    if name == "channel_detail":
        return [(tt.via_label(v.value), v.value) for v in CHANNEL_DETAILS[Channel.ONLINE]], _("Not noted"), True
    if name == "category":
        return [(labels.category(c.value), c.value) for c in Category], _("Choose…"), True
    return [(tt.complexity_label(c.value), c.value) for c in Complexity], _("Not yet ({hours} h)").format(
        hours=deadlines.SIMPLE_HOURS), True


def field_widget(spec: FieldSpec) -> Widget:
    wid = f"field-{spec.name}"
    if spec.kind == "select":
        options, prompt, blank = _select_options(spec.name)
        value: Any = Channel.PHONE.value if spec.name == "channel" else Select.NULL
        return Select(options, prompt=prompt, allow_blank=blank, value=value, id=wid, compact=True)
    if spec.kind == "check" and spec.name == "hotline":
        return StateCheckbox(_("came on the 24-hour hotline"), id=wid, compact=True)
    if spec.kind == "check":
        return StateCheckbox(_("life, property or serious disruption (F9)"), id=wid, compact=True)
    if spec.kind == "text":
        return TextArea(id=wid, compact=True, tab_behavior="focus", classes="intake-text")
    return Input(placeholder=_(spec.placeholder) if spec.placeholder else "", id=wid, compact=True)


#: A one-line field shows its counter from this share of its limit on (a name or a unit is short).
COUNT_FROM = 0.8


def text_limit(name: str) -> int:
    """The most characters a text field keeps (``domain.tickets.intake``'s limits)."""
    return TEXT_LIMITS.get(name, OTHER_TEXT_LIMIT)


def counter(name: str, text: str) -> tuple[Text, bool]:
    """The field's character counter ("12/2000", bold past the limit) and whether it is shown: always
    under the label of a several-line field, beside a one-line field once near its limit."""
    n, limit = len(text), text_limit(name)
    shown = name in MULTILINE_FIELDS or n >= COUNT_FROM * limit
    return Text(f"{n}/{limit}", style="bold reverse" if n > limit else "dim"), shown


def field_row(spec: FieldSpec) -> Vertical:
    """The label, the field, and the slots for its error and warning under it; a text field's
    character counter under its label (several lines) or beside it (one line, near the limit)."""
    error = Static("", id=f"err-{spec.name}", classes="intake-error")
    warning = Static("", id=f"warn-{spec.name}", classes="intake-warning")
    error.display = warning.display = False
    label: Widget = Label(_(spec.label), classes="intake-label")
    widgets: list[Widget] = [field_widget(spec)]
    if spec.kind in ("text", "input"):
        text, shown = counter(spec.name, "")
        count = Static(text, id=f"count-{spec.name}", classes="intake-count")
        count.display = shown
        if spec.kind == "text":
            label = Vertical(label, count, classes="intake-label-column")
        else:
            widgets.append(count)
    line = Horizontal(label, *widgets, classes="intake-line")
    return Vertical(line, error, warning, id=f"row-{spec.name}", classes=f"intake-row show-{spec.show}")


#: Rows shown for one channel only (R-IN-1a).
CHANNEL_ROWS = ("online", "phone")


def row_visible(spec: FieldSpec, *, emergency: bool, category: str, channel: str = "") -> bool:
    if spec.show == "always":
        return True
    if spec.show in CHANNEL_ROWS:
        return spec.show == channel
    if emergency:
        return False
    if spec.show == "routine":
        return True
    return spec.show == category


_TIME = re.compile(r"(?:(?:(\d{4})-)?(\d{1,2})-(\d{1,2})\s+)?(\d{1,2})[:：](\d{2})")


def parse_when(text: str, tz: tzinfo, now: datetime, field: str = "happened_at") -> datetime | None:
    """``HH:MM`` (today), ``MM-DD HH:MM`` or ``YYYY-MM-DD HH:MM`` in the site's time zone; empty is None.
    An error names ``field``."""
    value = text.strip()
    if not value:
        return None
    match = _TIME.fullmatch(value)
    if match is None:
        raise InputError(field, _("write the time as HH:MM, MM-DD HH:MM or YYYY-MM-DD HH:MM"))
    year, month, day, hour, minute = match.groups()
    today = now.astimezone(tz)
    try:
        return datetime(
            int(year) if year else today.year,
            int(month) if month else today.month,
            int(day) if day else today.day,
            int(hour),
            int(minute),
            tzinfo=tz,
        )
    except ValueError:
        raise InputError(field, _("no such date or time")) from None


def make_draft(values: dict[str, Any], tz: tzinfo, now: datetime) -> ComplaintDraft:
    """The draft the form's raw values make (the read-back is not yet confirmed). Hidden rows of the
    emergency path and of other categories are left out, so nothing unseen is saved."""
    emergency = bool(values.get("emergency"))
    category = str(values.get("category") or "")
    channel = str(values.get("channel") or "")
    kept = {
        spec.name: values.get(spec.name)
        for spec in FIELDS
        if row_visible(spec, emergency=emergency, category=category, channel=channel)
    }
    detail = str(kept.get("channel_detail") or "")
    if kept.get("hotline"):
        detail = Via.HOTLINE.value
    return ComplaintDraft(
        owner_name=str(kept.get("owner_name") or ""),
        phone=str(kept.get("phone") or ""),
        unit=str(kept.get("unit") or ""),
        channel=str(kept.get("channel") or ""),
        channel_detail=detail,
        category=category,
        happened_at=parse_when(str(kept.get("happened_at") or ""), tz, now),
        received_at=parse_when(str(kept.get("received_at") or ""), tz, now, "received_at"),
        place=str(kept.get("place") or ""),
        against=str(kept.get("against") or ""),
        description=str(kept.get("description") or ""),
        request=str(kept.get("request") or ""),
        contact=str(kept.get("contact") or ""),
        equipment=str(kept.get("equipment") or ""),
        symptom=str(kept.get("symptom") or ""),
        staff=str(kept.get("staff") or ""),
        complexity=str(kept["complexity"]) if kept.get("complexity") else None,
        emergency=emergency,
    )


def is_blank(values: dict[str, Any]) -> bool:
    """Nothing typed yet (the channel's default does not count)."""
    chosen = ("emergency", "category", "complexity", "channel_detail", "hotline")
    return not any(values.get(name) for name in chosen) and not any(
        str(values.get(name) or "").strip() for name in TEXT_VALUES
    )


def friendly_error(error: InputError, values: dict[str, Any]) -> str:
    """An empty list choice reads better as "choose one" than as the list of codes."""
    if error.field in ("channel", "category") and not values.get(error.field):
        return _("choose one")
    return error.reason


def cleaned_if_needed(text: str, *, multiline: bool) -> str | None:
    """The text without escape sequences when something pasted brought control characters (a
    terminal would act on them, even inside a field); None when it is clean, so typing is left alone."""
    if not any(ch not in "\n\t" and unicodedata.category(ch) == "Cc" for ch in text):
        return None
    return clean_text(text) if multiline else clean_line(text)
