"""Complaint severity (004 §4.3): what each level means, who handles it, when it goes up (R-SV-1…5).

The automatic upgrade itself is found by the escalation scan (``domain/tickets/escalation.py``); this module
holds the rule's constants, the ordering of the levels and the words the timeline uses.
"""

from __future__ import annotations

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role, Severity
from frontdesk_tui.i18n import N_, Message

#: R-SV-1…3: what each level means, for the assessment form (translated at use).
DEFINITIONS: dict[Severity, str] = {
    Severity.MAJOR: N_(
        "A promised or contracted service not delivered or clearly wrong after repeated requests; "
        "serious economic loss or personal injury caused by the company; a valid complaint not "
        "reasonably resolved within one month."
    ),
    Severity.IMPORTANT: N_("Caused by the company's management or service falling short or at fault."),
    Severity.MINOR: N_(
        "Slight inconvenience from the limits of facilities or management, not caused by people, "
        "easily improved."
    ),
}

#: R-SV-4 (004 §3): who handles each level.
HANDLERS: dict[Severity, frozenset[Role]] = {
    Severity.MAJOR: frozenset({Role.DIRECTOR}),
    Severity.IMPORTANT: frozenset({Role.DIRECTOR, Role.ASSISTANT}),
    Severity.MINOR: frozenset({Role.ASSISTANT}),
}

#: Lowest first, so levels compare: ``RANK[a] < RANK[b]`` means b is more severe.
RANK: dict[Severity, int] = {Severity.MINOR: 0, Severity.IMPORTANT: 1, Severity.MAJOR: 2}

#: R-SV-5 (a): a valid ticket open longer than this many days becomes major (the one month of R-SV-1).
UPGRADE_OPEN_DAYS = 30
#: R-SV-5 (b) (design): the n-th raise of the same unit and category …
UPGRADE_REPEAT_COUNT = 3
#: … within this many days, while one of those tickets is unresolved.
UPGRADE_WINDOW_DAYS = 30

UPGRADE_OPEN = "R-SV-5a"
UPGRADE_REPEAT = "R-SV-5b"


def handler_roles(severity: Severity | str | None) -> set[Role]:
    """R-SV-4: the roles that handle a ticket of this level; an unassessed ticket is handled as minor."""
    return set(HANDLERS[Severity(severity) if severity else Severity.MINOR])


def who_handles(severity: Severity | str | None) -> set[Role]:
    """Alias of :func:`handler_roles`, the words of R-SV-4."""
    return handler_roles(severity)


def may_handle(actor: Actor, severity: Severity | str | None) -> bool:
    """Whether ``actor`` handles this level. The director handles every level (004 §3: the director
    may do all an assistant may), so minor complaints are the assistant's and the director's."""
    return actor.role == Role.DIRECTOR or actor.role in handler_roles(severity)


def is_upgrade(old: Severity | str | None, new: Severity | str) -> bool:
    """Whether ``new`` is more severe than ``old`` (no level counts as minor)."""
    return RANK[Severity(new)] > RANK[Severity(old) if old else Severity.MINOR]


def suggest_severity(
    *,
    service_not_delivered_after_repeated_requests: bool = False,
    serious_loss_or_injury_by_company: bool = False,
    valid_and_unresolved_over_a_month: bool = False,
    company_at_fault: bool = False,
) -> Severity:
    """The level R-SV-1…3 give for the facts the assessor ticks; the assessor may still choose."""
    if (
        service_not_delivered_after_repeated_requests
        or serious_loss_or_injury_by_company
        or valid_and_unresolved_over_a_month
    ):
        return Severity.MAJOR  # R-SV-1
    if company_at_fault:
        return Severity.IMPORTANT  # R-SV-2
    return Severity.MINOR  # R-SV-3


def upgrade_reason_message(rule: str, *, days: int | None = None, count: int | None = None) -> Message:
    """The words for an automatic upgrade to major (R-SV-5), naming its rule, translated when read."""
    if rule == UPGRADE_OPEN:
        return Message(
            N_("Upgraded to major: a valid complaint open for more than {days} days (R-SV-5)."),
            {"days": days if days is not None else UPGRADE_OPEN_DAYS},
        )
    if rule == UPGRADE_REPEAT:
        return Message(
            N_(
                "Upgraded to major: the same unit raised the same category {count} times within {days} days "
                "while one is unresolved (R-SV-5)."
            ),
            {
                "count": count if count is not None else UPGRADE_REPEAT_COUNT,
                "days": days if days is not None else UPGRADE_WINDOW_DAYS,
            },
        )
    raise ValueError(f"not an upgrade rule: {rule}")


def upgrade_reason(rule: str, *, days: int | None = None, count: int | None = None) -> str:
    """The timeline's words for an automatic upgrade to major (R-SV-5), naming its rule."""
    return upgrade_reason_message(rule, days=days, count=count).render()
