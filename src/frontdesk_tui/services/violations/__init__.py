"""The violation register (issue 6, R-VI-1 … R-VI-8): record, the measure ladder, sign-off, follow-up,
the register's filtered pages, the director's sign-off queue, due rectifications, finance export and
the retention purge.

Every write loads the violation, hands a :class:`~frontdesk_tui.domain.violations.ViolationFacts`
snapshot to the domain's ``check_*`` (the domain refuses; no screen is needed for that), writes, keeps
the stored status inputs in step and bumps the violation's ``version`` through
:func:`~frontdesk_tui.data.versioning.bump` with the version it read (R-RO-3), recording the operator
(R-RO-2) on the row and in the history. Writes take ``expected_version``: the version the caller
showed (``None`` = the current row, for the CLI).

Results are frozen dataclasses with times already in the site's time zone and a ``to_json()``.

One module per use case: ``record`` (recording), ``measures`` (the measure ladder, sign-off, follow-up,
closing, reclassifying), ``queries`` (the register and the sign-off queue), ``due`` (due rectifications
and follow-ups), ``export`` (the finance export) and ``purge`` (retention); ``writing`` is the skeleton
every write shares, ``detail`` loads one violation and builds its view, ``views`` holds the results.
Callers import from this package, which re-exports the public names.
"""

from frontdesk_tui.services.violations.detail import (
    criticism_notice,
    get_violation,
    next_steps,
    status_inputs,
)
from frontdesk_tui.services.violations.due import (
    INBOX_FOLLOW_UP_DUE,
    INBOX_RECTIFICATION_DUE,
    DueItem,
    DueScan,
    due_rectifications,
    penalty_follow_ups_due,
    rectifications_due_before,
)
from frontdesk_tui.services.violations.export import (
    FinanceRow,
    finance_headers,
    finance_rows,
    write_finance_csv,
    write_finance_xlsx,
)
from frontdesk_tui.services.violations.measures import (
    close_violation,
    complete_measure,
    decline_measure,
    propose_measure,
    reclassify_violation,
    record_fact,
    record_follow_up,
    sign_measure,
)
from frontdesk_tui.services.violations.purge import (
    PurgeCandidate,
    PurgeResult,
    purge_violations,
)
from frontdesk_tui.services.violations.queries import (
    PAGE_SIZE,
    STATUS_FILTERS,
    Key,
    SignoffItem,
    ViolationFilter,
    ViolationPage,
    ViolationRow,
    count_signoff_queue,
    count_violations,
    list_violations,
    month_bounds,
    parse_month,
    signoff_queue,
)
from frontdesk_tui.services.violations.record import (
    draft_problems,
    record_violation,
)
from frontdesk_tui.services.violations.views import (
    EVENT_LABELS,
    STATUS_LABELS,
    ActionResult,
    EventView,
    FactView,
    MeasureView,
    NextSteps,
    RecordResult,
    ViolationView,
    event_label,
    status_label,
)

__all__ = [
    "EVENT_LABELS",
    "STATUS_LABELS",
    "status_label",
    "event_label",
    "MeasureView",
    "FactView",
    "EventView",
    "NextSteps",
    "ViolationView",
    "RecordResult",
    "ActionResult",
    "status_inputs",
    "next_steps",
    "get_violation",
    "criticism_notice",
    "draft_problems",
    "record_violation",
    "propose_measure",
    "record_fact",
    "sign_measure",
    "decline_measure",
    "complete_measure",
    "record_follow_up",
    "close_violation",
    "reclassify_violation",
    "PAGE_SIZE",
    "STATUS_FILTERS",
    "ViolationFilter",
    "Key",
    "ViolationRow",
    "ViolationPage",
    "SignoffItem",
    "parse_month",
    "month_bounds",
    "list_violations",
    "count_violations",
    "signoff_queue",
    "count_signoff_queue",
    "INBOX_RECTIFICATION_DUE",
    "INBOX_FOLLOW_UP_DUE",
    "DueItem",
    "DueScan",
    "rectifications_due_before",
    "penalty_follow_ups_due",
    "due_rectifications",
    "FinanceRow",
    "finance_rows",
    "finance_headers",
    "write_finance_csv",
    "write_finance_xlsx",
    "PurgeCandidate",
    "PurgeResult",
    "purge_violations",
]
