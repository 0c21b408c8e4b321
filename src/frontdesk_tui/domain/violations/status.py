"""Rectification deadlines, the follow-up after a penalty (R-VI-4), closing, and the derived status."""

from __future__ import annotations

from datetime import datetime

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Measure, Role
from frontdesk_tui.domain.errors import RuleError
from frontdesk_tui.domain.violations.facts import PENALTIES, MeasureFacts, ViolationFacts
from frontdesk_tui.domain.violations.kinds import class_label
from frontdesk_tui.domain.violations.ladder import (
    is_effective,
    is_pending,
    may_handle,
    needed_role,
    refuse_if_closed,
)
from frontdesk_tui.i18n import _


def rectification_due(measure: MeasureFacts, now: datetime) -> bool:
    """A signed rectification whose deadline has come and that is not recorded as done (the
    supervision inbox)."""
    return (
        measure.measure == Measure.RECTIFICATION
        and is_effective(measure)
        and measure.deadline is not None
        and measure.completed_at is None
        and measure.deadline <= now
    )


def follow_up_due(violation: ViolationFacts) -> bool:
    """R-VI-4: after any signed penalty, a follow-up to ease the relationship is due, until one is
    recorded after that signature (事后主动缓和关系)."""
    if violation.closed_at is not None:
        return False
    last = violation.followed_up_at
    return any(
        m.measure in PENALTIES
        and is_effective(m)
        and (last is None or (m.signed_at is not None and m.signed_at > last))
        for m in violation.measures
    )


def check_follow_up(actor: Actor, violation: ViolationFacts) -> None:
    """R-VI-4, R-VI-6 (跟进结果, 管理员签名): staff, the assistant or the director record the follow-up,
    once some measure has taken effect (there is something to follow up)."""
    refuse_if_closed(violation)
    if actor.role not in (Role.STAFF, Role.ASSISTANT, Role.DIRECTOR):
        raise RuleError("R-VI-4", _("a follow-up is recorded by staff, an assistant or the director"))
    if not any(is_effective(m) for m in violation.measures):
        raise RuleError("R-VI-4", _("no measure has taken effect yet; there is nothing to follow up"))


def check_close(actor: Actor, violation: ViolationFacts) -> None:
    """(design) The handler closes a violation once nothing is pending: no proposal waiting for the
    director (R-VI-5), no signed rectification not yet done (R-VI-3), no follow-up due (R-VI-4)."""
    refuse_if_closed(violation)
    if not may_handle(actor, violation.violation_class):
        raise RuleError(
            "R-VI-5",
            _("closing a {cls} needs {role}").format(
                cls=class_label(violation.violation_class).lower(),
                role=needed_role(violation.violation_class),
            ),
        )
    if any(is_pending(m) for m in violation.measures):
        raise RuleError("R-VI-5", _("a proposal waits for the director: sign or decline it first"))
    if any(
        m.measure == Measure.RECTIFICATION and is_effective(m) and m.completed_at is None
        for m in violation.measures
    ):
        raise RuleError("R-VI-3", _("a rectification is still running: record it as done first"))
    if follow_up_due(violation):
        raise RuleError("R-VI-4", _("a follow-up after the penalty is due: record it first"))


def status_of(violation: ViolationFacts, now: datetime) -> str:
    """The derived status (see the module docstring for the set and its order)."""
    if violation.closed_at is not None:
        return "closed"
    if any(rectification_due(m, now) for m in violation.measures):
        return "rectification_due"
    if follow_up_due(violation):
        return "follow_up_due"
    if any(is_pending(m) for m in violation.measures):
        return "awaiting_sign"
    if any(is_effective(m) and m.measure != Measure.PERSUASION for m in violation.measures):
        return "in_effect"
    if violation.measures:
        return "persuading"
    return "recorded"
