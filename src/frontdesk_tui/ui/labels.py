"""What codes look like on screen, in the user's language: the names of ``domain.labels`` and the
short forms of the queue's columns (codes themselves stay English)."""

from __future__ import annotations

from frontdesk_tui.domain.labels import (  # noqa: F401 - the screens' names for the codes
    CATEGORY,
    DEPARTMENT,
    ROLE,
    SEVERITY,
    STATUS,
    category,
    channel,
    department,
    department_name,
    overdue_state,
    role,
    satisfaction,
    severity,
    status,
    via,
)
from frontdesk_tui.domain.labels import label as _label
from frontdesk_tui.i18n import N_

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
