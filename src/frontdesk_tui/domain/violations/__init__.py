"""The violation register (客户违章处理标准作业规程 of seed 004): R-VI-1 … R-VI-8, R-PD-1/2.

The rules here are pure: a violation is handed in as a :class:`ViolationFacts` snapshot (built by the
service from its rows) and every ``check_*`` function either returns quietly or raises
:class:`RuleError` (a rule forbids it; the message says why and, for permissions, names the role it
needs, R-RO-1) or :class:`InputError` (a value is missing or malformed).

Status, derived by :func:`status_of` (never stored, so it cannot drift from the facts), one of
:data:`STATUSES`, first match wins:

``closed``             closed on the record (``closed_at`` is set).
``rectification_due``  a signed rectification is past its deadline and not recorded as done.
``follow_up_due``      a penalty was signed and no relationship follow-up since (R-VI-4).
``awaiting_sign``      a proposal beyond persuasion waits for the director (R-VI-5).
``in_effect``          a measure beyond persuasion has been signed and nothing above is due.
``persuading``         only on-the-spot persuasion so far (effective at once).
``recorded``           no measure yet.

One module per seam: ``kinds`` (R-VI-1), ``facts``, ``classes`` (R-VI-2), ``ladder`` (R-VI-3,
R-VI-5), ``status`` (R-VI-4, closing), ``notice``, ``draft`` (R-VI-6), ``retention`` (R-VI-8,
R-PD-2) and ``finance`` (R-VI-7); every public name is importable from the package as before.
"""

from __future__ import annotations

from frontdesk_tui.domain.violations.arrears import (
    ARREARS_MAJOR_MONTHS,
    arrears_months,
    check_arrears_months,
    chinese_number,
)
from frontdesk_tui.domain.violations.classes import (
    explain_class,
    suggest_class,
)
from frontdesk_tui.domain.violations.draft import (
    MAX_ATTACHMENTS,
    ViolationDraft,
    validate_draft,
)
from frontdesk_tui.domain.violations.facts import (
    PENALTIES,
    STATUSES,
    MeasureFacts,
    ViolationFact,
    ViolationFacts,
)
from frontdesk_tui.domain.violations.finance import (
    ChargeRow,
    charges_in_month,
)
from frontdesk_tui.domain.violations.kinds import (
    KINDS,
    KindInfo,
    class_label,
    kind_label,
    measure_label,
    measure_label_message,
)
from frontdesk_tui.domain.violations.ladder import (
    MEASURE_INPUTS,
    allowed_facts,
    allowed_measures,
    check_amount,
    check_complete,
    check_decline,
    check_propose,
    check_reclassify,
    check_record_fact,
    check_sign,
    check_text,
    deadline_from_date,
    is_effective,
    is_pending,
    may_handle,
    needed_role,
    parse_fact,
    refuse_if_closed,
)
from frontdesk_tui.domain.violations.notice import (
    criticism_notice,
    redact_personal,
)
from frontdesk_tui.domain.violations.retention import (
    RETENTION_YEARS,
    purge_due,
    retention_start,
    retention_until,
)
from frontdesk_tui.domain.violations.status import (
    check_close,
    check_follow_up,
    follow_up_due,
    rectification_due,
    status_of,
)

__all__ = [
    "ARREARS_MAJOR_MONTHS",
    "arrears_months",
    "check_arrears_months",
    "chinese_number",
    "ChargeRow",
    "KINDS",
    "KindInfo",
    "MAX_ATTACHMENTS",
    "MEASURE_INPUTS",
    "MeasureFacts",
    "PENALTIES",
    "RETENTION_YEARS",
    "STATUSES",
    "ViolationDraft",
    "ViolationFact",
    "ViolationFacts",
    "allowed_facts",
    "allowed_measures",
    "charges_in_month",
    "check_amount",
    "check_close",
    "check_complete",
    "check_decline",
    "check_follow_up",
    "check_propose",
    "check_reclassify",
    "check_record_fact",
    "check_sign",
    "check_text",
    "class_label",
    "criticism_notice",
    "deadline_from_date",
    "explain_class",
    "follow_up_due",
    "is_effective",
    "is_pending",
    "kind_label",
    "may_handle",
    "measure_label",
    "measure_label_message",
    "needed_role",
    "parse_fact",
    "purge_due",
    "rectification_due",
    "redact_personal",
    "refuse_if_closed",
    "retention_start",
    "retention_until",
    "status_of",
    "suggest_class",
    "validate_draft",
]
