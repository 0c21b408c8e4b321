"""R-VI-4 with PIPL: the public criticism notice names no phone or ID number."""

from __future__ import annotations

import re

from frontdesk_tui.domain.codes import Measure
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.domain.violations.facts import ViolationFacts
from frontdesk_tui.domain.violations.kinds import kind_label
from frontdesk_tui.domain.violations.ladder import is_effective
from frontdesk_tui.i18n import _

_PHONE_OR_ID = re.compile(
    r"(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)"  # mobile, also 138-1234-5678
    r"|(?<!\d)0\d{2,3}[-\s]?\d{7,8}(?!\d)"  # landline with area code
    r"|(?<!\d)\d{7,}[\dXx]?(?![\d])"  # any long run of digits: phones, ID card numbers
)


def redact_personal(text: str) -> str:
    """Remove phone numbers and ID numbers from text that will be shown to the public (R-PD-1)."""
    return _PHONE_OR_ID.sub("***", text)


def criticism_notice(violation: ViolationFacts, unit: str, facts: str) -> str:
    """R-VI-4: the text of a public criticism (通报批评): the unit and the facts, never a phone or more
    personal information than the notice needs (PIPL). Needs a signed criticism (R-VI-5)."""
    if not any(m.measure == Measure.CRITICISM and is_effective(m) for m in violation.measures):
        raise RuleError("R-VI-5", _("a public criticism needs the director's signature before it is posted"))
    for field, value in (("unit", unit), ("facts", facts)):
        if not value or not value.strip():
            raise InputError(field, _("required"))
    return _(
        "NOTICE OF CRITICISM\n"
        "Unit: {unit}\n"
        "Violation: {kind}\n"
        "Facts: {facts}\n"
        "The client has not accepted the service centre's handling opinion. With the support of the "
        "owners' committee this is made known to all clients, and the client is asked to correct it."
    ).format(
        unit=redact_personal(unit.strip()),
        kind=kind_label(violation.kind),
        facts=redact_personal(facts.strip()),
    )
