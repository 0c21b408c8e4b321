"""R-VI-3, R-VI-5: the measure ladder, who may propose, sign, decline and complete what, and the
recorded facts that open its steps."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, tzinfo
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Measure, Role, ViolationClass, ViolationKind
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError
from frontdesk_tui.domain.violations.facts import PENALTIES, MeasureFacts, ViolationFact, ViolationFacts
from frontdesk_tui.domain.violations.kinds import class_label, measure_label
from frontdesk_tui.i18n import _

T = TypeVar("T")


def is_effective(measure: MeasureFacts) -> bool:
    """R-VI-5: persuasion is effective at once; anything else only once the director has signed it;
    a suspension never (R-VI-3)."""
    if measure.measure == Measure.SUSPENSION:
        return False
    if measure.measure == Measure.PERSUASION:
        return True
    return measure.signed_at is not None and measure.signed_by is not None and measure.declined_at is None


def is_pending(measure: MeasureFacts) -> bool:
    """A proposal waiting for the director's signature."""
    return (
        measure.measure not in (Measure.PERSUASION, Measure.SUSPENSION)
        and measure.signed_at is None
        and measure.declined_at is None
    )


def _refuse_suspension() -> RuleError:
    # R-VI-3: the seed's 停水停电 predates the Civil Code of 2021, which forbids it outright.
    return RuleError(
        "R-VI-3",
        _(
            "water/power suspension is never allowed: the Civil Code (民法典) art. 944 forbids cutting "
            "water, power, heating or gas to collect property fees; seek mediation or litigation instead"
        ),
    )


def refuse_if_closed(violation: ViolationFacts) -> None:
    """RuleError R-VI-6 when the violation is closed."""
    # (design) a closed record is read-only; the register ends with the follow-up result (R-VI-6).
    if violation.closed_at is not None:
        raise RuleError(
            "R-VI-6", _("violation {id} is closed; nothing more can be added").format(id=violation.id)
        )


def may_handle(actor: Actor, violation_class: ViolationClass) -> bool:
    """R-VI-5: the assistant handles general violations, the director major ones (and general)."""
    return actor.role == Role.DIRECTOR or (
        actor.role == Role.ASSISTANT and violation_class == ViolationClass.GENERAL
    )


def needed_role(violation_class: ViolationClass) -> str:
    """Who handles a violation of this class (R-VI-5), for a refusal's message (R-RO-1)."""
    if violation_class == ViolationClass.MAJOR:
        return _("the director")
    return _("an assistant or the director")


def _check_rules(actor: Actor, violation: ViolationFacts, measure: Measure) -> None:
    """The rule half of :func:`check_propose` (no input values)."""
    if measure == Measure.SUSPENSION:
        raise _refuse_suspension()
    refuse_if_closed(violation)
    if measure == Measure.PERSUASION:
        return  # R-VI-5: anyone on the staff may persuade
    # R-VI-5, R-RO-1: 严禁越权处罚 — the refusal names the role needed.
    if not may_handle(actor, violation.violation_class):
        raise RuleError(
            "R-VI-5",
            _("{measure} on a {cls} needs {role}; as {actor_role} you may only persuade").format(
                measure=measure_label(measure),
                cls=class_label(violation.violation_class).lower(),
                role=needed_role(violation.violation_class),
                actor_role=Role(actor.role).value,
            ),
        )
    _check_prerequisites(violation, measure)


def _check_prerequisites(violation: ViolationFacts, measure: Measure) -> None:
    facts = violation.facts_recorded
    if (
        measure in (Measure.COMPENSATION, Measure.LITIGATION)
        and violation.violation_class == ViolationClass.GENERAL
    ):
        # R-VI-2/R-VI-3: compensation and litigation answer a loss; a general violation has none.
        if violation.kind == ViolationKind.FEE:
            # R-VI-2a: the way to litigation for arrears is the class: a year or more refused is major.
            raise RuleError(
                "R-VI-2a",
                _(
                    "{measure} answers a loss, and this fee violation is general: refusing the fee a year or "
                    "more is major — reclassify it as major first"
                ).format(measure=measure_label(measure)),
            )
        raise RuleError(
            "R-VI-2",
            _(
                "{measure} answers a loss, and a general violation caused none; reclassify it as major first"
            ).format(measure=measure_label(measure)),
        )
    if measure in PENALTIES and ViolationFact.COMMITTEE_SUPPORT not in facts:
        # R-VI-5: 取得业主委员会支持后再处罚
        raise RuleError(
            "R-VI-5",
            _("{measure} is a penalty: record the owners' committee's support first").format(
                measure=measure_label(measure)
            ),
        )
    if measure == Measure.CRITICISM and ViolationFact.REFUSED_OPINION not in facts:
        raise RuleError(
            "R-VI-3",
            _("public criticism only follows the client's refusal of the handling opinion: record it first"),
        )
    if measure == Measure.LITIGATION and ViolationFact.MEDIATION_FAILED not in facts:
        raise RuleError(
            "R-VI-3",
            _("litigation only follows a failed mediation by the owners' committee: record it first"),
        )


_MAX_AMOUNT = Decimal("99999999.99")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f]")


def check_text(value: str, *, max_len: int, multiline: bool = True) -> str | None:
    """The reason a required text is not acceptable, or None."""
    if not value or not value.strip():
        return _("required")
    if len(value) > max_len:
        return _("at most {n} characters").format(n=max_len)
    if (_CONTROL if multiline else _CONTROL_OR_NEWLINE).search(value):
        return _("control characters are not allowed") if multiline else _("one line, no control characters")
    return None


def check_amount(amount: Decimal | None, *, field: str = "amount") -> Decimal:
    """A positive amount of yuan with at most 2 decimals (fen)."""
    if amount is None:
        raise InputError(field, _("an amount in yuan is required"))
    try:
        ok = amount.is_finite() and amount > 0 and amount <= _MAX_AMOUNT
        ok = ok and amount == amount.quantize(Decimal("0.01"))
    except (InvalidOperation, AttributeError, TypeError):
        ok = False
    if not ok:
        raise InputError(
            field, _("must be more than 0 yuan, at most {max}, in yuan and fen").format(max=_MAX_AMOUNT)
        )
    return amount


#: The inputs each measure takes besides its basis (the proposal form shows only these): a
#: rectification its deadline and when the notice was served, a compensation its amount and when it
#: takes effect, a criticism when it is posted, a litigation the sum claimed (optional).
MEASURE_INPUTS: dict[Measure, tuple[str, ...]] = {
    Measure.PERSUASION: (),
    Measure.RECTIFICATION: ("deadline", "notice_at"),
    Measure.COMPENSATION: ("amount", "effective_at"),
    Measure.CRITICISM: ("effective_at",),
    Measure.LITIGATION: ("amount",),
    Measure.SUSPENSION: (),
}


def check_propose(
    actor: Actor,
    violation: ViolationFacts,
    measure: Measure | str,
    *,
    basis: str,
    amount: Decimal | None,
    deadline: datetime | None = None,
    now: datetime | None = None,
) -> None:
    """May ``actor`` propose ``measure`` on ``violation``? Raises RuleError or InputError.

    Rules first (R-VI-3 suspension, closed record, R-VI-5 authority, R-VI-2 class, R-VI-5 committee,
    R-VI-3 refused opinion / failed mediation), then the inputs: ``basis`` (处理依据, required),
    ``amount`` (required > 0 for compensation; allowed for litigation as the sum claimed; otherwise
    refused), ``deadline`` (required for rectification; refused for persuasion; when ``now`` is given
    it must be later than ``now``).
    """
    measure = Measure(measure)
    _check_rules(actor, violation, measure)
    reason = check_text(basis, max_len=500)
    if reason:
        raise InputError("basis", reason)
    if measure == Measure.COMPENSATION or (measure == Measure.LITIGATION and amount is not None):
        check_amount(amount)
    elif amount is not None:  # "amount" is not among MEASURE_INPUTS[measure]
        raise InputError("amount", _("only compensation or litigation carries an amount"))
    if measure == Measure.RECTIFICATION and deadline is None:
        raise InputError("deadline", _("a rectification needs a deadline"))
    if measure == Measure.PERSUASION and deadline is not None:
        raise InputError("deadline", _("persuasion happens on the spot; it has no deadline"))
    if deadline is not None:
        if deadline.tzinfo is None:
            raise InputError("deadline", _("needs a time zone"))
        if now is not None and deadline <= now:
            raise InputError("deadline", _("must be later than now"))


def _allowed(options: Iterable[T], check: Callable[[T], object]) -> tuple[T, ...]:
    """The options ``check`` lets through, in their order (it raises RuleError for the others)."""
    allowed = []
    for option in options:
        try:
            check(option)
        except RuleError:
            continue
        allowed.append(option)
    return tuple(allowed)


def allowed_measures(actor: Actor, violation: ViolationFacts) -> tuple[Measure, ...]:
    """The measures ``actor`` may propose now, mildest first (the detail view's next steps)."""
    return _allowed(Measure, lambda measure: _check_rules(actor, violation, measure))


def deadline_from_date(day: date, tz: tzinfo) -> datetime:
    """A deadline given as a date ends at 23:59:59 that day in the site's time zone."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=tz)


def _find(violation: ViolationFacts, measure_id: int) -> MeasureFacts:
    for m in violation.measures:
        if m.id == measure_id:
            return m
    raise NotFound("measure_id", _("no measure {id} on violation {v}").format(id=measure_id, v=violation.id))


def _check_director_decision(
    actor: Actor, violation: ViolationFacts, measure_id: int, refusal: str
) -> MeasureFacts:
    if actor.role != Role.DIRECTOR:
        # R-VI-5: 违章处理意见经物业部主任签署后生效
        raise RuleError("R-VI-5", refusal)
    m = _find(violation, measure_id)
    if m.measure == Measure.SUSPENSION:
        raise _refuse_suspension()
    refuse_if_closed(violation)
    if m.measure == Measure.PERSUASION:
        raise RuleError("R-VI-5", _("persuasion takes effect at once; there is nothing to sign"))
    if m.signed_at is not None:
        raise RuleError("R-VI-5", _("measure {id} is already signed").format(id=m.id))
    if m.declined_at is not None:
        raise RuleError("R-VI-5", _("measure {id} was declined").format(id=m.id))
    return m


def check_sign(actor: Actor, violation: ViolationFacts, measure_id: int) -> MeasureFacts:
    """R-VI-5: only the director signs, a proposal that is neither signed nor declined; the
    prerequisites of R-VI-2/3/5 are checked again. Returns the measure."""
    m = _check_director_decision(
        actor,
        violation,
        measure_id,
        _("only the director signs a handling opinion; it takes effect when signed"),
    )
    _check_prerequisites(violation, m.measure)
    return m


def check_decline(actor: Actor, violation: ViolationFacts, measure_id: int) -> MeasureFacts:
    """(design) The director may decline to sign a proposal (审批意见: not approved); it then never
    takes effect and no longer waits in the sign-off queue. Returns the measure."""
    return _check_director_decision(
        actor, violation, measure_id, _("only the director may decline a handling opinion")
    )


def check_complete(actor: Actor, violation: ViolationFacts, measure_id: int) -> MeasureFacts:
    """(design) Record a signed rectification as done, which stops it coming due. The handler of the
    violation's class does it (R-VI-5). Returns the measure."""
    refuse_if_closed(violation)
    if not may_handle(actor, violation.violation_class):
        raise RuleError(
            "R-VI-5",
            _("recording a rectification as done needs {role}").format(
                role=needed_role(violation.violation_class)
            ),
        )
    m = _find(violation, measure_id)
    if m.measure != Measure.RECTIFICATION:
        raise RuleError("R-VI-3", _("only a rectification is recorded as done"))
    if not is_effective(m):
        raise RuleError("R-VI-5", _("the rectification has not been signed by the director"))
    if m.completed_at is not None:
        raise RuleError("R-VI-3", _("the rectification is already recorded as done"))
    return m


def check_reclassify(actor: Actor, violation: ViolationFacts, to_class: ViolationClass | str) -> None:
    """(design) R-VI-2: only the director changes the confirmed class (it moves the case between the
    assistant and the director)."""
    to_class = ViolationClass(to_class)
    refuse_if_closed(violation)
    if actor.role != Role.DIRECTOR:
        raise RuleError("R-VI-2", _("only the director may change the class of a violation"))
    if to_class == violation.violation_class:
        raise InputError(
            "violation_class", _("the violation is already {cls}").format(cls=class_label(to_class))
        )


# --------------------------------------------------------------------------------------------------
# Recorded facts


def parse_fact(fact: str) -> ViolationFact:
    try:
        return ViolationFact(fact)
    except ValueError:
        codes = ", ".join(f.value for f in ViolationFact)
        raise InputError(
            "fact", _("unknown fact {fact} (one of {codes})").format(fact=fact, codes=codes)
        ) from None


def check_record_fact(actor: Actor, violation: ViolationFacts, fact: ViolationFact | str) -> ViolationFact:
    """Who may record which fact: the assistant (general violations) or the director (any), as they
    handle the case (R-VI-5). The client's refusal of the handling opinion presupposes an opinion in
    effect (R-VI-3). Recording a fact again is allowed (a new note). Returns the parsed fact."""
    fact = parse_fact(fact)
    refuse_if_closed(violation)
    if not may_handle(actor, violation.violation_class):
        raise RuleError(
            "R-VI-5",
            _("recording {fact} on a {cls} needs {role}").format(
                fact=fact.value,
                cls=class_label(violation.violation_class).lower(),
                role=needed_role(violation.violation_class),
            ),
        )
    if fact is ViolationFact.REFUSED_OPINION and not any(is_effective(m) for m in violation.measures):
        raise RuleError(
            "R-VI-3", _("no handling opinion is in effect yet, so the client cannot have refused one")
        )
    return fact


def allowed_facts(actor: Actor, violation: ViolationFacts) -> tuple[ViolationFact, ...]:
    """The facts ``actor`` may record now (the detail view's next steps)."""
    return _allowed(ViolationFact, lambda fact: check_record_fact(actor, violation, fact))
