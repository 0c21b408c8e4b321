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
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Measure, Role, ViolationClass, ViolationKind
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError
from frontdesk_tui.domain.months import month_bounds
from frontdesk_tui.i18n import N_, Message, _

# --------------------------------------------------------------------------------------------------
# R-VI-1: kinds, with the seed's examples as help for the record form


@dataclass(frozen=True, slots=True)
class KindInfo:
    """One kind of violation: its code, the seed's Chinese term, an English label (a msgid) and the
    seed's examples as ``(Chinese, English msgid)`` pairs."""

    kind: ViolationKind
    zh: str
    en: str
    examples: tuple[tuple[str, str], ...]

    @property
    def label(self) -> str:
        """The label in the current language."""
        return _(self.en)


KINDS: dict[ViolationKind, KindInfo] = {
    ViolationKind.RENOVATION: KindInfo(
        ViolationKind.RENOVATION,
        "装修",
        N_("Renovation"),
        (
            ("擅自改变房屋结构、外观、用途", N_("altering structure, facade or use without approval")),
            (
                "凿、拆、搭建承重墙柱梁板",
                N_("cutting into or building on load-bearing walls, columns, beams"),
            ),
            ("擅自拆改供电、供水、排水、消防等公用设施", N_("removing or altering shared utilities")),
            ("门窗安装网、罩、牌", N_("window grilles, covers or signs spoiling the facade")),
            ("拆除地漏盖、向地漏倾倒杂物", N_("removing floor-drain covers or dumping debris into drains")),
        ),
    ),
    ViolationKind.FIRE: KindInfo(
        ViolationKind.FIRE,
        "消防",
        N_("Fire safety"),
        (
            ("堵塞消防通道", N_("blocking fire passages")),
            ("损坏消防设备、器材、标识", N_("damaging fire equipment, alarms or signs")),
            ("超负荷用电、乱拉电线", N_("overloaded circuits or makeshift wiring")),
            ("在公共场地焚烧杂物", N_("open burning in common areas")),
            ("营业场所未配置灭火器材", N_("business premises without the required extinguishers")),
        ),
    ),
    ViolationKind.SANITATION: KindInfo(
        ViolationKind.SANITATION,
        "环境卫生",
        N_("Sanitation"),
        (
            ("乱丢垃圾、随地吐痰", N_("littering or spitting")),
            ("高空抛物、倒污水", N_("throwing objects or waste water from height (高空抛物)")),
            (
                "公共场地堆放杂物、乱搭乱建、乱张贴",
                N_("clutter, makeshift structures or posters in common areas"),
            ),
            ("高音喇叭制造噪音", N_("loudspeaker noise")),
            ("践踏草坪、攀摘花木", N_("trampling lawns or damaging greenery")),
        ),
    ),
    ViolationKind.ORDER: KindInfo(
        ViolationKind.ORDER,
        "治安",
        N_("Public order"),
        (
            ("违章停车", N_("illegal parking")),
            (
                "违规存放易燃、易爆、剧毒、放射性物品",
                N_("storing flammable, explosive, toxic or radioactive materials"),
            ),
            ("聚众赌博、打架斗殴", N_("gambling or fighting")),
        ),
    ),
    ViolationKind.FEE: KindInfo(
        ViolationKind.FEE,
        "拒交费用",
        N_("Refusing fees"),
        (("无特殊原因拒交管理服务费用", N_("refusing management fees without special reason")),),
    ),
    ViolationKind.HARM: KindInfo(
        ViolationKind.HARM,
        "损害他人或小区安全",
        N_("Harm to other clients or site safety"),
        (
            (
                "可能损害其他客户利益或影响小区安全的行为",
                N_("acts that may harm other clients or the estate's safety"),
            ),
        ),
    ),
}

_MEASURE_LABELS: dict[Measure, str] = {
    Measure.PERSUASION: N_("On-the-spot persuasion"),  # 即时劝导
    Measure.RECTIFICATION: N_("Rectification by a deadline"),  # 限期整改
    Measure.COMPENSATION: N_("Compensation for loss"),  # 赔偿经济损失
    Measure.CRITICISM: N_("Public criticism"),  # 通报批评
    Measure.LITIGATION: N_("Litigation"),  # 提起诉讼
    Measure.SUSPENSION: N_("Water/power suspension"),  # 停水停电
}
_CLASS_LABELS: dict[ViolationClass, str] = {
    ViolationClass.GENERAL: N_("General violation"),  # 一般违章
    ViolationClass.MAJOR: N_("Major violation"),  # 重大违章
}


def kind_label(kind: ViolationKind | str) -> str:
    return KINDS[ViolationKind(kind)].label


def measure_label(measure: Measure | str) -> str:
    return _(_MEASURE_LABELS[Measure(measure)])


def measure_label_message(measure: Measure | str) -> Message:
    """A measure's label translated when read (a stored inbox item names it)."""
    return Message(_MEASURE_LABELS[Measure(measure)])


def class_label(violation_class: ViolationClass | str) -> str:
    return _(_CLASS_LABELS[ViolationClass(violation_class)])


# --------------------------------------------------------------------------------------------------
# Facts the ladder depends on, and the snapshot the rules read


class ViolationFact(StrEnum):
    """Facts recorded on a violation (``violation record ID FACT``)."""

    MEDIATION_FAILED = "mediation-failed"  # 业主委员会调解无效
    COMMITTEE_SUPPORT = "committee-support"  # 取得业主委员会支持
    REFUSED_OPINION = "refused-opinion"  # 客户不接受违章处理意见
    NOTICE_SERVED = "notice-served"  # 书面通知已送达


#: R-VI-5: the penalties; each needs the owners' committee's support and, once signed, a follow-up.
PENALTIES: frozenset[Measure] = frozenset({Measure.COMPENSATION, Measure.CRITICISM, Measure.LITIGATION})

STATUSES: tuple[str, ...] = (
    "recorded",
    "persuading",
    "awaiting_sign",
    "in_effect",
    "rectification_due",
    "follow_up_due",
    "closed",
)


@dataclass(frozen=True, slots=True)
class MeasureFacts:
    """One proposed measure. ``proposed_by``/``signed_by`` are operator ids; times are aware."""

    id: int
    measure: Measure
    proposed_by: int
    signed_by: int | None = None
    signed_at: datetime | None = None
    amount: Decimal | None = None
    deadline: datetime | None = None
    #: a rectification recorded as done (see :func:`check_complete`)
    completed_at: datetime | None = None
    #: the director declined to sign it (see :func:`check_decline`)
    declined_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ViolationFacts:
    """What the rules need to know of one violation. ``violation_class`` is the confirmed class."""

    id: int
    violation_class: ViolationClass
    kind: ViolationKind
    recorded_at: datetime
    facts_recorded: frozenset[str] = frozenset()
    measures: tuple[MeasureFacts, ...] = ()
    #: the latest relationship follow-up (R-VI-4), if any
    followed_up_at: datetime | None = None
    closed_at: datetime | None = None
    unit: str = ""
    violator: str = ""


# --------------------------------------------------------------------------------------------------
# R-VI-2: suggested class

# Words in the facts that point at a threat to public safety (R-VI-2) or at a loss.
_THREAT_WORDS = re.compile(
    "高空抛物|坠物|起火|着火|失火|明火|焚烧|火灾|易燃|易爆|爆炸|剧毒|放射|燃气泄漏|煤气泄漏|打架|斗殴|伤人|受伤|承重|"
    "消防通道|high-altitude|from height|thrown from|fire|burning|flammable|explosive|toxic|radioactive|"
    "gas leak|injur|fight|load-bearing",
    re.IGNORECASE,
)
_LOSS_WORDS = re.compile("损坏|损失|赔偿|damage|loss", re.IGNORECASE)
#: kinds that threaten public safety by their nature (004 §4.2.2 fire, §4.2.6 harm)
_THREAT_KINDS = frozenset({ViolationKind.FIRE, ViolationKind.HARM})


def explain_class(
    kind: ViolationKind | str,
    facts: str,
    loss_yuan: Decimal | None,
    threat_to_public_safety: bool | None,
) -> tuple[ViolationClass, tuple[str, ...]]:
    """The suggested class and the reasons for it (for the form's help line).

    R-VI-2: general means no loss to clients or the company and no threat to public safety. A person's
    explicit answer (``loss_yuan`` 0, ``threat_to_public_safety`` False) wins over what the kind and
    the words of the facts suggest; ``None`` means "not said", and then the kind and words decide.
    """
    kind = ViolationKind(kind)
    if loss_yuan is not None and (not loss_yuan.is_finite() or loss_yuan < 0):
        raise InputError("loss_yuan", _("the loss must be a number of yuan, 0 or more"))
    reasons: list[str] = []
    if loss_yuan is not None and loss_yuan > 0:
        reasons.append(_("a loss of {amount} yuan").format(amount=loss_yuan))
    if threat_to_public_safety:
        reasons.append(_("a threat to public safety"))
    elif threat_to_public_safety is None:
        if kind in _THREAT_KINDS:
            reasons.append(_("{kind} threatens public safety").format(kind=kind_label(kind)))
        words = dict.fromkeys(w.lower() for w in _THREAT_WORDS.findall(facts))
        if words:
            reasons.append(_("the facts mention {words}").format(words=", ".join(words)))
    if loss_yuan is None:
        words = dict.fromkeys(w.lower() for w in _LOSS_WORDS.findall(facts))
        if words:
            reasons.append(_("the facts mention {words}").format(words=", ".join(words)))
    if reasons:
        return ViolationClass.MAJOR, tuple(reasons)
    return ViolationClass.GENERAL, (_("no loss and no threat to public safety"),)


def suggest_class(
    kind: ViolationKind | str,
    facts: str,
    loss_yuan: Decimal | None,
    threat_to_public_safety: bool | None,
) -> ViolationClass:
    """R-VI-2: the class to suggest; the person confirms it (the record keeps both)."""
    return explain_class(kind, facts, loss_yuan, threat_to_public_safety)[0]


# --------------------------------------------------------------------------------------------------
# R-VI-3, R-VI-5: the measure ladder and who may do what


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


def _refuse_if_closed(violation: ViolationFacts) -> None:
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


def _needed_role(violation_class: ViolationClass) -> str:
    if violation_class == ViolationClass.MAJOR:
        return _("the director")
    return _("an assistant or the director")


def _check_rules(actor: Actor, violation: ViolationFacts, measure: Measure) -> None:
    """The rule half of :func:`check_propose` (no input values)."""
    if measure == Measure.SUSPENSION:
        raise _refuse_suspension()
    _refuse_if_closed(violation)
    if measure == Measure.PERSUASION:
        return  # R-VI-5: anyone on the staff may persuade
    # R-VI-5, R-RO-1: 严禁越权处罚 — the refusal names the role needed.
    if not may_handle(actor, violation.violation_class):
        raise RuleError(
            "R-VI-5",
            _("{measure} on a {cls} needs {role}; as {actor_role} you may only persuade").format(
                measure=measure_label(measure),
                cls=class_label(violation.violation_class).lower(),
                role=_needed_role(violation.violation_class),
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


def _check_text(value: str, *, max_len: int, multiline: bool = True) -> str | None:
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
    reason = _check_text(basis, max_len=500)
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


def allowed_measures(actor: Actor, violation: ViolationFacts) -> tuple[Measure, ...]:
    """The measures ``actor`` may propose now, mildest first (the detail view's next steps)."""
    allowed = []
    for measure in Measure:
        try:
            _check_rules(actor, violation, measure)
        except RuleError:
            continue
        allowed.append(measure)
    return tuple(allowed)


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
    _refuse_if_closed(violation)
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
    _refuse_if_closed(violation)
    if not may_handle(actor, violation.violation_class):
        raise RuleError(
            "R-VI-5",
            _("recording a rectification as done needs {role}").format(
                role=_needed_role(violation.violation_class)
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
    _refuse_if_closed(violation)
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
    _refuse_if_closed(violation)
    if not may_handle(actor, violation.violation_class):
        raise RuleError(
            "R-VI-5",
            _("recording {fact} on a {cls} needs {role}").format(
                fact=fact.value,
                cls=class_label(violation.violation_class).lower(),
                role=_needed_role(violation.violation_class),
            ),
        )
    if fact is ViolationFact.REFUSED_OPINION and not any(is_effective(m) for m in violation.measures):
        raise RuleError(
            "R-VI-3", _("no handling opinion is in effect yet, so the client cannot have refused one")
        )
    return fact


def allowed_facts(actor: Actor, violation: ViolationFacts) -> tuple[ViolationFact, ...]:
    allowed = []
    for fact in ViolationFact:
        try:
            check_record_fact(actor, violation, fact)
        except RuleError:
            continue
        allowed.append(fact)
    return tuple(allowed)


# --------------------------------------------------------------------------------------------------
# Deadlines, follow-up (R-VI-4), closing, status


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
    _refuse_if_closed(violation)
    if actor.role not in (Role.STAFF, Role.ASSISTANT, Role.DIRECTOR):
        raise RuleError("R-VI-4", _("a follow-up is recorded by staff, an assistant or the director"))
    if not any(is_effective(m) for m in violation.measures):
        raise RuleError("R-VI-4", _("no measure has taken effect yet; there is nothing to follow up"))


def check_close(actor: Actor, violation: ViolationFacts) -> None:
    """(design) The handler closes a violation once nothing is pending: no proposal waiting for the
    director (R-VI-5), no signed rectification not yet done (R-VI-3), no follow-up due (R-VI-4)."""
    _refuse_if_closed(violation)
    if not may_handle(actor, violation.violation_class):
        raise RuleError(
            "R-VI-5",
            _("closing a {cls} needs {role}").format(
                cls=class_label(violation.violation_class).lower(),
                role=_needed_role(violation.violation_class),
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


# --------------------------------------------------------------------------------------------------
# R-VI-4 + PIPL: the public criticism notice

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


# --------------------------------------------------------------------------------------------------
# R-VI-6: the register's record form


@dataclass(frozen=True, slots=True)
class ViolationDraft:
    """The fields of 客户违章记录表 filled in at recording (R-VI-6); measures come later."""

    violator: str
    unit: str
    at: datetime | None
    kind: ViolationKind | str
    facts: str
    recorder_id: int
    recorder_name: str
    suggested_class: ViolationClass | str
    confirmed_class: ViolationClass | str | None
    attachments: tuple[str, ...] = ()


MAX_ATTACHMENTS = 20


def validate_draft(draft: ViolationDraft, now: datetime) -> list[InputError]:
    """Every problem of ``draft`` (empty when it may be saved). Attachments are checked as path
    strings only: whether the files exist is the service's concern."""
    errors: list[InputError] = []

    def text(field: str, value: str, max_len: int, multiline: bool = False) -> None:
        reason = _check_text(value, max_len=max_len, multiline=multiline)
        if reason:
            errors.append(InputError(field, reason))

    text("violator", draft.violator, 50)
    text("unit", draft.unit, 40)
    if draft.at is None:
        errors.append(InputError("at", _("required")))
    elif draft.at.tzinfo is None:
        errors.append(InputError("at", _("needs a time zone")))
    elif draft.at > now:
        errors.append(InputError("at", _("cannot be in the future")))
    try:
        ViolationKind(draft.kind)
    except ValueError:
        errors.append(
            InputError("kind", _("one of {codes}").format(codes=", ".join(k.value for k in ViolationKind)))
        )
    text("facts", draft.facts, 2000, multiline=True)
    if not isinstance(draft.recorder_id, int) or draft.recorder_id <= 0:
        errors.append(InputError("recorder", _("the recorder must sign the facts")))
    else:
        text("recorder", draft.recorder_name, 50)
    for field, value in (
        ("suggested_class", draft.suggested_class),
        ("confirmed_class", draft.confirmed_class),
    ):
        try:
            ViolationClass(value)
        except ValueError:
            errors.append(InputError(field, _("confirm the class: general or major")))
    if len(draft.attachments) > MAX_ATTACHMENTS:
        errors.append(InputError("attachments", _("at most {n} attachments").format(n=MAX_ATTACHMENTS)))
    seen: set[str] = set()
    for path in draft.attachments:
        reason = _check_text(path, max_len=500, multiline=False)
        if reason is None and re.match(r"^[A-Za-z][A-Za-z0-9+.-]+://", path):
            reason = _("a file path, not a web address")
        if reason is None and path in seen:
            reason = _("listed twice")
        if reason:
            errors.append(InputError("attachments", f"{path!r}: {reason}"))
        seen.add(path)
    return errors


# --------------------------------------------------------------------------------------------------
# R-VI-8, R-PD-2: retention

RETENTION_YEARS: dict[ViolationClass, int] = {ViolationClass.GENERAL: 1, ViolationClass.MAJOR: 5}


def retention_start(violation: ViolationFacts) -> datetime:
    """Retention counts from closing; a record never closed counts from its recording."""
    return violation.closed_at or violation.recorded_at


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def retention_until(
    violation_class: ViolationClass | str, closed_or_recorded_at: datetime, *, tz: tzinfo | None = None
) -> date:
    """R-VI-8: the last day the record must be kept: general 1 year, major 5 years after the start
    date (taken in ``tz`` when given, so pass the site's time zone)."""
    start = closed_or_recorded_at.astimezone(tz) if tz is not None else closed_or_recorded_at
    return _add_years(start.date(), RETENTION_YEARS[ViolationClass(violation_class)])


def purge_due(
    violation_class: ViolationClass | str,
    closed_or_recorded_at: datetime,
    before: date,
    *,
    tz: tzinfo | None = None,
) -> bool:
    """R-VI-8: ``purge --before DATE`` takes the records whose retention ended before DATE."""
    return retention_until(violation_class, closed_or_recorded_at, tz=tz) < before


# --------------------------------------------------------------------------------------------------
# R-VI-7: month-end rows for finance


@dataclass(frozen=True, slots=True)
class ChargeRow:
    """One signed measure that charges a client (a row of the finance export)."""

    violation_id: int
    measure_id: int
    unit: str
    violator: str
    kind: ViolationKind
    measure: Measure
    amount: Decimal
    signed_by: int
    #: the director's sign-off time in the site's time zone
    signed_at: datetime


def charges_in_month(
    violations: Iterable[ViolationFacts], year: int, month: int, tz: tzinfo
) -> list[ChargeRow]:
    """R-VI-7 (004 4.4.7 原件报财务部统一扣款): signed compensations with an amount whose signature falls in
    the month (site time), ordered by signing time."""
    start, end = month_bounds(year, month, tz)  # the one month of R-KP-1, R-DU-1 and R-VI-7
    rows = []
    for v in violations:
        for m in v.measures:
            if m.measure != Measure.COMPENSATION or not is_effective(m) or not m.amount or m.amount <= 0:
                continue
            assert m.signed_at is not None and m.signed_by is not None  # is_effective
            if start <= m.signed_at < end:
                local = m.signed_at.astimezone(tz)
                rows.append(
                    ChargeRow(v.id, m.id, v.unit, v.violator, v.kind, m.measure, m.amount, m.signed_by, local)
                )
    rows.sort(key=lambda r: (r.signed_at, r.violation_id, r.measure_id))
    return rows
