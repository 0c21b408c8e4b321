"""The quality figures of the monthly assessment (R-KP-3, R-EM-5): one definition each.

The report service computes every figure in SQL over a whole month (``services/supervision``); the
definitions live here, once, in two forms that must agree:

* :data:`FIGURES`: what each figure counts, in words (numerator, denominator), for the help, the
  README and the report's readers;
* one pure function per figure that judges ONE ticket (or one follow-up visit): ``None`` when it does
  not count, else ``True``/``False`` (in the numerator or not). The SQL implements the same
  predicates; the tests compare both on hand-built months.

A rate with nothing to count is ``None`` ("no data"), never 0 % or 100 % (R-KP-3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from frontdesk_tui.domain.codes import Action, Category, Satisfaction, Status
from frontdesk_tui.i18n import N_

#: Engineering tickets are the repair figures' tickets (工程维修, 003 §一).
REPAIR_CATEGORY = Category.ENGINEERING.value
#: Sanitation tickets are the cleaning figure's (保洁, 003 §一).
CLEANING_CATEGORY = Category.SANITATION.value
#: A repair's response time (design, 000 §三: a simple ticket's 24 hours), from receipt.
REPAIR_RESPONSE = timedelta(hours=24)
#: The department's first step on a ticket: the repair response stops at the first of these.
FIRST_STEP_KINDS: tuple[str, ...] = (
    Action.INVESTIGATE.value,
    Action.PLAN.value,
    Action.START.value,
    Action.ON_SITE.value,
)
#: The follow-up levels that count as satisfied (非常满意 + 满意).
SATISFIED_LEVELS: tuple[str, ...] = (Satisfaction.VERY_SATISFIED.value, Satisfaction.SATISFIED.value)
#: Tickets that never were a repair to respond to: ended at the desk, withdrawn or not valid.
NOT_COUNTED_STATUSES: tuple[str, ...] = (Status.ANSWERED.value, Status.WITHDRAWN.value, Status.INVALID.value)


@dataclass(frozen=True)
class Figure:
    key: str
    """The figure's key in ``report monthly --format json``."""
    rule: str
    title: str
    numerator: str
    denominator: str


FIGURES: tuple[Figure, ...] = (
    Figure(
        "repair_response_on_time_rate",
        "R-KP-3",
        N_("repair response on time"),
        N_("engineering tickets whose first step by the department (investigate, plan, start or on "
           "site) came within 24 hours of receipt (an emergency: within its on-site minutes)"),
        N_("engineering tickets received in the month that had that step, or whose response time ran "
           "out without it (answered, withdrawn and invalid tickets without a step do not count)"),
    ),
    Figure(
        "repair_pass_rate",
        "R-KP-3",
        N_("repair pass rate"),
        N_("of those, tickets never reopened whose follow-ups were all satisfied or very satisfied"),
        N_("engineering tickets closed in the month that have a follow-up visit"),
    ),
    Figure(
        "cleaning_satisfaction",
        "R-KP-3",
        N_("cleaning satisfaction"),
        N_("sanitation follow-ups satisfied or very satisfied"),
        N_("follow-up visits recorded in the month on sanitation tickets"),
    ),
    Figure(
        "emergency_on_site_on_time_rate",
        "R-EM-5",
        N_("emergency on site on time"),
        N_("emergencies whose team was on site by the on-site due time"),
        N_("emergencies received in the month (not invalid) that are on site or past that due time"),
    ),
    Figure(
        "emergency_under_control_on_time_rate",
        "R-EM-5",
        N_("emergency under control on time"),
        N_("emergencies brought under control by the under-control due time (the time of the "
           "under-control event, not of the report)"),
        N_("emergencies received in the month (not invalid) under control or past that due time"),
    ),
)
FIGURE_KEYS = tuple(f.key for f in FIGURES)


def rate(part: int, whole: int) -> float | None:
    """``part / whole``, or ``None`` ("no data") when nothing counts."""
    return part / whole if whole else None


def satisfied(level: str | None) -> bool:
    return level in SATISFIED_LEVELS


# --- one ticket at a time: the definitions the SQL implements ------------------------------------


def repair_response_due(received_at: datetime, emergency: bool, on_site_due: datetime | None) -> datetime:
    """When an engineering ticket's first step is due: its on-site due time for an emergency, else
    24 hours after receipt."""
    if emergency and on_site_due is not None:
        return on_site_due
    return received_at + REPAIR_RESPONSE


def repair_response_on_time(
    *,
    category: str,
    status: str,
    received_at: datetime,
    emergency: bool,
    on_site_due: datetime | None,
    first_step_at: datetime | None,
    as_of: datetime,
) -> bool | None:
    """R-KP-3 repair response: ``None`` when the ticket does not count (not engineering; ended
    without a step; still inside its response time at ``as_of`` with no step yet). ``as_of`` is
    when the report is made: a month's tickets whose time ran out since then count then."""
    if category != REPAIR_CATEGORY:
        return None
    due = repair_response_due(received_at, emergency, on_site_due)
    if first_step_at is not None:
        return first_step_at <= due
    if status in NOT_COUNTED_STATUSES or due >= as_of:
        return None
    return False


def repair_passed(
    *, category: str, closed_in_month: bool, reopened: bool, follow_ups: Iterable[str]
) -> bool | None:
    """R-KP-3 repair pass: an engineering ticket closed in the month with a follow-up counts; it
    passes when it was never reopened and every follow-up was satisfied or very satisfied."""
    levels = list(follow_ups)
    if category != REPAIR_CATEGORY or not closed_in_month or not levels:
        return None
    return not reopened and all(satisfied(level) for level in levels)


def cleaning_satisfied(*, category: str, level: str) -> bool | None:
    """R-KP-3 cleaning satisfaction, per follow-up visit recorded in the month."""
    if category != CLEANING_CATEGORY:
        return None
    return satisfied(level)


def emergency_clock_on_time(
    *, emergency: bool, status: str, due: datetime | None, stopped_at: datetime | None, as_of: datetime
) -> bool | None:
    """R-EM-5, for either clock (on site, under control): the clock stops at its own event
    (``on-site`` / ``under-control``), whatever is reported later. ``None`` for a ticket that is no
    emergency, an invalid one, or one whose clock still runs at ``as_of``."""
    if not emergency or due is None or status == Status.INVALID.value:
        return None
    if stopped_at is not None:
        return stopped_at <= due
    if due >= as_of:
        return None
    return False
