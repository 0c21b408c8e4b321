"""What codes look like on screen, in the user's language (codes themselves stay English)."""

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


def _label(table: dict[str, str], code: str | None) -> str:
    if not code:
        return ""
    msgid = table.get(code)
    return _(msgid) if msgid else code


def status(code: str | None) -> str:
    return _label(STATUS, code)


def category(code: str | None) -> str:
    return _label(CATEGORY, code)


def severity(code: str | None) -> str:
    return _label(SEVERITY, code)


def role(code: str | None) -> str:
    return _label(ROLE, code)


def department(code: str | None) -> str:
    return _label(DEPARTMENT, code)


# Short forms for the queue's columns, so eight columns fit in 80 terminal cells.
STATUS_SHORT = {
    "received": N_("New"),
    "assessed": N_("Assessed"),
    "assigned": N_("Assigned"),
    "investigating": N_("Investig."),
    "planned": N_("Planned"),
    "in_progress": N_("Working"),
    "result_reported": N_("Reported"),
}
CATEGORY_SHORT = {
    "engineering": N_("Eng."),
    "sanitation": N_("Sanit."),
    "security": N_("Security"),
    "service": N_("Service"),
    "other": N_("Other"),
}
SEVERITY_SHORT = {"minor": N_("Minor"), "important": N_("Imp."), "major": N_("Major")}
DEPARTMENT_SHORT = {
    "engineering": N_("Eng. dept"),
    "sanitation": N_("San. dept"),
    "security": N_("Sec. dept"),
    "property": N_("Property"),
    "service_centre": N_("Centre"),
}


def short_status(code: str | None) -> str:
    return _label(STATUS_SHORT, code) if code in STATUS_SHORT else status(code)


def short_category(code: str | None) -> str:
    return _label(CATEGORY_SHORT, code)


def short_severity(code: str | None) -> str:
    return _label(SEVERITY_SHORT, code)


def short_department(code: str | None) -> str:
    return _label(DEPARTMENT_SHORT, code)
