"""What the codes are called, in the reader's language (codes themselves stay English).

One table per code for every place a person reads a name: the screens (``ui.labels`` adds the short
forms of the queue's columns), ``report monthly`` as text and the CSV/XLSX exports. JSON and the
command line's arguments keep the codes: a machine reads those.
"""

from __future__ import annotations

from frontdesk_tui.i18n import N_, _

STATUS = {
    "received": N_("Received"),
    "assessed": N_("Assessed"),
    "assigned": N_("Assigned"),
    "investigating": N_("Investigating"),
    "planned": N_("Planned"),
    "in_progress": N_("In progress"),
    "result_reported": N_("Result reported"),
    "closed": N_("Closed"),
    "answered": N_("Answered"),
    "withdrawn": N_("Withdrawn"),
    "invalid": N_("Invalid"),
}
CATEGORY = {
    "engineering": N_("Engineering"),
    "sanitation": N_("Sanitation"),
    "security": N_("Security"),
    "service": N_("Service"),
    "other": N_("Other"),
}
SEVERITY = {"minor": N_("Minor"), "important": N_("Important"), "major": N_("Major")}
ROLE = {
    "receptionist": N_("Receptionist"),
    "duty_officer": N_("Duty officer"),
    "staff": N_("Staff"),
    "assistant": N_("Assistant"),
    "director": N_("Director"),
}
DEPARTMENT = {
    "engineering": N_("Engineering dept."),
    "sanitation": N_("Sanitation & greenery"),
    "security": N_("Security dept."),
    "property": N_("Property dept."),
    "service_centre": N_("Service centre"),
}
CHANNEL = {"visit": N_("Visit"), "phone": N_("Phone"), "online": N_("Online"), "letter": N_("Letter"),
           "staff": N_("Found by staff")}
#: R-IN-1a: the channel's detail (empty: the plain channel).
VIA = {"website": N_("Website"), "app": N_("App"), "wechat": N_("WeChat"), "email": N_("E-mail"),
       "hotline": N_("24-hour hotline")}
SATISFACTION = {
    "very_satisfied": N_("Very satisfied"),
    "satisfied": N_("Satisfied"),
    "fair": N_("Fair"),
    "dissatisfied": N_("Dissatisfied"),
}
#: The monthly report's overdue list: still open at month end / result reported late.
OVERDUE_STATE = {"open": N_("open"), "late": N_("late")}


def label(table: dict[str, str], code: str | None) -> str:
    """The name of ``code`` in ``table``, translated; a code the table does not know, as it is."""
    if not code:
        return ""
    msgid = table.get(code)
    return _(msgid) if msgid else code


def status(code: str | None) -> str:
    return label(STATUS, code)


def category(code: str | None) -> str:
    return label(CATEGORY, code)


def severity(code: str | None) -> str:
    return label(SEVERITY, code)


def role(code: str | None) -> str:
    return label(ROLE, code)


def department(code: str | None) -> str:
    return label(DEPARTMENT, code)


def department_name(code: str, fallback: str = "") -> str:
    """A department's name: the translated one of a known code, else the site's own name for it
    (``fallback``, from the department table), else the code."""
    name = department(code)
    return name if name != code else (fallback or code)


def channel(code: str | None) -> str:
    return label(CHANNEL, code)


def via(code: str | None) -> str:
    """R-IN-1a: "WeChat", "24-hour hotline"; "" for the plain channel."""
    return label(VIA, code)


def satisfaction(code: str | None) -> str:
    return label(SATISFACTION, code)


def overdue_state(code: str | None) -> str:
    return label(OVERDUE_STATE, code)
