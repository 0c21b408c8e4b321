"""The measure ladder on a recorded violation: proposals (R-VI-3, R-VI-5), the facts they depend on,
the director's sign-off or refusal, rectification done, follow-up (R-VI-4), closing and
reclassifying (R-VI-2). Each write takes ``expected_version``: the version the caller showed
(``None`` = the current row, for the CLI).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from frontdesk_tui.data.tables_violations import ViolationMeasure
from frontdesk_tui.domain import violations as rules
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Measure
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.domain.text import clean_text
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.violations.views import ActionResult, parse_class
from frontdesk_tui.services.violations.writing import Change, Write, act_on, stamp_measure, stamp_violation


def propose_measure(
    site: Site,
    actor: Actor,
    violation_id: int,
    measure: str,
    *,
    basis: str,
    now: datetime,
    amount: Decimal | None = None,
    notice_at: datetime | None = None,
    effective_at: datetime | None = None,
    expected_version: int | None = None,
) -> ActionResult:
    """Propose a handling opinion (处理依据及办法, R-VI-3/R-VI-5). The domain refuses a suspension for
    everyone (民法典 第944条), a measure above the proposer's authority, a penalty without the
    committee's support, criticism without the client's refusal, litigation without failed mediation.
    ``effective_at`` is the rectification's deadline (required for one), else when it is to take
    effect. Persuasion is effective at once; anything else waits for the director's signature."""
    try:
        code = Measure(measure)
    except ValueError:
        raise InputError(
            "measure", _("one of {codes}").format(codes=", ".join(m.value for m in Measure))
        ) from None
    basis = clean_text(basis)
    if notice_at is not None and notice_at.tzinfo is None:
        raise InputError("notice_at", _("needs a time zone"))

    def change(w: Write) -> Change:
        rules.check_propose(actor, w.facts, code, basis=basis, amount=amount, deadline=effective_at, now=now)
        m = ViolationMeasure(
            violation_id=violation_id,
            measure=code.value,
            basis=basis,
            amount=amount,
            notice_at=notice_at,
            deadline=effective_at,
            proposed_by=actor.id,
            proposed_at=now,
        )
        w.s.add(m)
        w.s.flush()
        w.measures.append(m)
        return Change("proposed", note=code.value, measure_id=m.id)

    return act_on(site, actor, violation_id, expected_version, now, change)


def record_fact(
    site: Site,
    actor: Actor,
    violation_id: int,
    fact: str,
    *,
    now: datetime,
    note: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """Record a fact the ladder depends on: ``mediation-failed``, ``committee-support``,
    ``refused-opinion``, ``notice-served`` (R-VI-3, R-VI-5)."""
    note = clean_text(note)

    def change(w: Write) -> Change:
        parsed = rules.check_record_fact(actor, w.facts, fact)
        return Change("fact", note=note, fact=parsed.value)

    return act_on(site, actor, violation_id, expected_version, now, change)


def sign_measure(
    site: Site,
    actor: Actor,
    violation_id: int,
    measure_id: int,
    *,
    now: datetime,
    note: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """The director signs a proposal (审批意见, R-VI-5); it takes effect now."""
    return stamp_measure(
        site, actor, violation_id, measure_id, rules.check_sign, "signed", now, note, expected_version
    )


def decline_measure(
    site: Site,
    actor: Actor,
    violation_id: int,
    measure_id: int,
    *,
    now: datetime,
    reason: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """The director declines a proposal: it never takes effect and leaves the sign-off queue."""
    return stamp_measure(
        site, actor, violation_id, measure_id, rules.check_decline, "declined", now, reason, expected_version
    )


def complete_measure(
    site: Site,
    actor: Actor,
    violation_id: int,
    measure_id: int,
    *,
    now: datetime,
    note: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """Record a signed rectification as done; it stops coming due."""
    return stamp_measure(
        site, actor, violation_id, measure_id, rules.check_complete, "completed", now, note, expected_version
    )


def record_follow_up(
    site: Site,
    actor: Actor,
    violation_id: int,
    *,
    now: datetime,
    note: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """R-VI-4, R-VI-6 (跟进结果, 管理员签名): the relationship follow-up and its result."""
    return stamp_violation(
        site,
        actor,
        violation_id,
        rules.check_follow_up,
        "follow_up",
        "followed_up_at",
        now,
        note,
        expected_version,
    )


def close_violation(
    site: Site,
    actor: Actor,
    violation_id: int,
    *,
    now: datetime,
    note: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """Close the record once nothing is pending (no proposal waiting, no rectification running, no
    follow-up due); retention then counts from today (R-VI-8)."""
    return stamp_violation(
        site, actor, violation_id, rules.check_close, "closed", "closed_at", now, note, expected_version
    )


def reclassify_violation(
    site: Site,
    actor: Actor,
    violation_id: int,
    to_class: str,
    *,
    now: datetime,
    note: str = "",
    expected_version: int | None = None,
) -> ActionResult:
    """R-VI-2: the director changes the confirmed class (moving the case between the assistant and
    the director)."""
    note = clean_text(note)
    target = parse_class(to_class, "violation_class")
    if target is None:
        raise InputError("violation_class", _("confirm the class: general or major"))

    def change(w: Write) -> Change:
        rules.check_reclassify(actor, w.facts, target)
        moved = f"{w.row.confirmed_class} → {target.value}" + (f": {note}" if note else "")
        return Change("reclassified", note=moved, values={"confirmed_class": target.value})

    return act_on(site, actor, violation_id, expected_version, now, change)
