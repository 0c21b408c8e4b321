"""How the violation register and the sign-off queue look: short labels for the columns, the cells of
a row and the lines under the table. Owner-typed text (violator, facts, basis) is always literal
``Text`` after ``clean_line``/``clean_text``; marks (``!``, ``*``) keep the states readable without
colour (NO_COLOR, 16 colours)."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from decimal import Decimal

from rich.text import Text

from frontdesk_tui.domain import violations as rules
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.permissions import mask_phone, may_see_phone
from frontdesk_tui.domain.text import clean_line, clean_text
from frontdesk_tui.i18n import N_, NC_, _, current_language
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.violations import SignoffItem, ViolationRow
from frontdesk_tui.ui.widgets.queue_cells import Palette, styled

#: (column key, English msgid of the header) of the register.
COLUMNS = [
    ("id", N_("No.")),
    ("at", N_("Time")),
    ("unit", N_("Unit")),
    ("violator", N_("Violator")),
    ("kind", N_("Kind")),
    ("class", N_("Class")),
    ("status", N_("Status")),
    ("measure", N_("Measure")),
]
#: Of the sign-off queue.
SIGNOFF_COLUMNS = [
    ("id", N_("No.")),
    ("proposed", N_("Proposed")),
    ("unit", N_("Unit")),
    ("measure", N_("Measure")),
    ("terms", N_("Amount/deadline")),
    ("class", N_("Class")),
    ("by", N_("Proposed by")),
]
#: Cells a violator's name may take in a column (longer names end in an ellipsis).
VIOLATOR_WIDTH = 8

KIND_SHORT = {
    "renovation": N_("Renov."),
    "fire": N_("Fire"),
    "sanitation": N_("Sanit."),
    "order": N_("Order"),
    "fee": N_("Fees"),
    "harm": N_("Harm"),
}
CLASS_SHORT = {"general": N_("Gen."), "major": N_("Major")}
STATUS_SHORT = {
    "recorded": N_("Registered"),
    "persuading": N_("Persuading"),
    "awaiting_sign": N_("To sign"),
    "in_effect": N_("In effect"),
    "rectification_due": N_("Rect. due"),
    "follow_up_due": NC_("violation status", "Follow-up"),  # 待跟进; the action is 跟进
    "closed": N_("Closed"),
}
MEASURE_SHORT = {
    "persuasion": N_("Persuade"),
    "rectification": N_("Rectify"),
    "compensation": N_("Compens."),
    "criticism": N_("Criticism"),
    "litigation": N_("Litigation"),
    "suspension": N_("Suspension"),
}
#: Facts the ladder depends on, in words.
FACT_LABELS = {
    "mediation-failed": N_("The owners' committee's mediation failed"),
    "committee-support": N_("The owners' committee supports a penalty"),
    "refused-opinion": N_("The client refused the handling opinion"),
    "notice-served": N_("The written notice was served"),
}


def _pick(table: dict[str, str], code: str | None) -> str:
    if not code:
        return ""
    msgid = table.get(code)
    return _(msgid) if msgid else code


def short_kind(code: str | None) -> str:
    return _pick(KIND_SHORT, code)


def short_class(code: str | None) -> str:
    return _pick(CLASS_SHORT, code)


def short_status(code: str | None) -> str:
    return _pick(STATUS_SHORT, code)


def short_measure(code: str | None) -> str:
    return _pick(MEASURE_SHORT, code)


def colon() -> str:
    """The colon after a label: full width in Chinese."""
    return "：" if current_language() == "zh-CN" else ": "


def listing(items) -> str:
    """Items of a list in one line: 、 in Chinese, commas in English."""
    return ("、" if current_language() == "zh-CN" else ", ").join(items)


def clauses(items) -> str:
    """Clauses in one line: ； in Chinese, semicolons in English."""
    return ("；" if current_language() == "zh-CN" else "; ").join(items)


def fact_label(code: str) -> str:
    return _pick(FACT_LABELS, code)


def kind_label(code: str) -> str:
    try:
        return rules.kind_label(code)
    except ValueError:
        return code


def measure_label(code: str) -> str:
    try:
        return rules.measure_label(code)
    except ValueError:
        return code


def class_label(code: str) -> str:
    try:
        return rules.class_label(code)
    except ValueError:
        return code


# Mobile numbers (138 1234 5678, with or without separators) and landlines with an area code.
_PHONES = re.compile(r"(?<!\d)(?:1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}|0\d{2,3}-\d{7,8})(?!\d)")


def shown_text(value: str | None, actor: Actor | None, *, one_line: bool = False) -> str:
    """Owner text as a screen shows it: cleaned, and with phone numbers masked for the roles that
    do not need them (R-PD-1, R-PD-3)."""
    text = clean_line(value) if one_line else clean_text(value)
    if not may_see_phone(actor):
        text = _PHONES.sub(lambda m: mask_phone(m.group(0)), text)
    return text


def when(value: datetime | None, tz: tzinfo) -> str:
    return "" if value is None else value.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def short_when(value: datetime | None, tz: tzinfo) -> str:
    return "" if value is None else value.astimezone(tz).strftime("%m-%d %H:%M")


def money(amount: Decimal | None) -> str:
    return "" if amount is None else f"¥{amount:,.2f}"


def status_cell(status: str, palette: Palette, *, short: bool = True) -> Text:
    """The status with a mark that reads without colour: ``!`` something is due, ``*`` the director
    has to sign, closed records dimmed."""
    label = short_status(status) if short else vs.status_label(status)
    if status in ("rectification_due", "follow_up_due"):
        return styled("!" + label, palette.alarm)
    if status == "awaiting_sign":
        return styled("*" + label, palette.warning)
    if status == "closed":
        return styled(label, palette.muted)
    return styled(label)


def _truncated(value: str, width: int) -> Text:
    text = Text(value)
    text.truncate(width, overflow="ellipsis")
    return text


def row_cells(row: ViolationRow, tz: tzinfo, palette: Palette) -> list[Text]:
    return [
        styled(str(row.id)),
        Text(short_when(row.at, tz)),
        Text(clean_line(row.unit)),
        _truncated(clean_line(row.violator), VIOLATOR_WIDTH),
        Text(short_kind(row.kind)),
        styled(short_class(row.confirmed_class), palette.warning if row.confirmed_class == "major" else ""),
        status_cell(row.status, palette),
        Text(short_measure(row.last_measure)),
    ]


def row_preview(row: ViolationRow | None, tz: tzinfo, actor: Actor | None, palette: Palette) -> Text:
    """The lines under the register: who, where, what, and where the case stands."""
    if row is None:
        return Text(_("No violation matches."), style="dim")
    text = Text()
    text.append(f"#{row.id} ", style="bold")
    text.append(shown_text(row.violator, actor, one_line=True), style="bold")
    text.append("  " + clean_line(row.unit) + "  ")
    text.append(kind_label(row.kind) + " · " + class_label(row.confirmed_class) + " · ")
    text.append_text(status_cell(row.status, palette, short=False))
    text.append("\n" + when(row.at, tz))
    if row.last_measure:
        text.append("  " + _("Last measure: {measure}").format(measure=measure_label(row.last_measure)))
    if row.rectification_due_at is not None and row.closed_at is None:
        text.append("  " + _("rectify by {time}").format(time=when(row.rectification_due_at, tz)))
    text.append("\n")
    text.append(shown_text(row.facts, actor, one_line=True))
    return text


def terms(amount: Decimal | None, deadline: datetime | None, tz: tzinfo) -> str:
    """What a measure asks: the amount or the deadline."""
    if amount is not None:
        return money(amount)
    if deadline is not None:
        return _("by {time}").format(time=short_when(deadline, tz))
    return ""


def signoff_cells(item: SignoffItem, tz: tzinfo, palette: Palette) -> list[Text]:
    return [
        styled(str(item.violation_id)),
        Text(short_when(item.proposed_at, tz)),
        Text(clean_line(item.unit)),
        Text(short_measure(item.measure)),
        Text(terms(item.amount, item.deadline, tz)),
        styled(short_class(item.violation_class), palette.warning if item.violation_class == "major" else ""),
        _truncated(clean_line(item.proposed_by), VIOLATOR_WIDTH),
    ]


def signoff_preview(item: SignoffItem | None, tz: tzinfo, actor: Actor | None) -> Text:
    """What the director needs to decide: the case, the measure and its basis, the facts on record."""
    if item is None:
        return Text(_("Nothing waits for the director's signature."), style="dim")
    text = Text()
    text.append(_("Violation {id}").format(id=item.violation_id) + " ", style="bold")
    text.append(shown_text(item.violator, actor, one_line=True), style="bold")
    text.append("  " + clean_line(item.unit) + "  " + kind_label(item.kind) + " · " + class_label(item.violation_class))
    text.append("\n")
    text.append(measure_label(item.measure), style="bold")
    extra = terms(item.amount, item.deadline, tz)
    if extra:
        text.append("  " + extra)
    text.append("  " + _("proposed by {name} at {time}").format(name=clean_line(item.proposed_by),
                                                                 time=when(item.proposed_at, tz)))
    text.append("\n" + _("Basis") + colon(), style="bold")
    text.append(shown_text(item.basis, actor, one_line=True))
    text.append("\n" + _("On record") + colon(), style="bold")
    if item.facts_recorded:
        text.append(clauses(fact_label(f) for f in item.facts_recorded))
    else:
        text.append(_("no facts recorded"), style="dim")
    return text
