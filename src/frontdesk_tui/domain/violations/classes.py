"""R-VI-2: the class a violation's facts suggest (general or major), and why."""

from __future__ import annotations

import re
from decimal import Decimal

from frontdesk_tui.domain.codes import ViolationClass, ViolationKind
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.domain.violations.arrears import ARREARS_MAJOR_MONTHS, arrears_months, check_arrears_months
from frontdesk_tui.domain.violations.kinds import kind_label
from frontdesk_tui.i18n import _

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
    arrears: int | None = None,
) -> tuple[ViolationClass, tuple[str, ...]]:
    """The suggested class and the reasons for it (for the form's help line).

    R-VI-2: general means no loss to clients or the company and no threat to public safety. A person's
    explicit answer (``loss_yuan`` 0, ``threat_to_public_safety`` False) wins over what the kind and
    the words of the facts suggest; ``None`` means "not said", and then the kind and words decide.

    R-VI-2a: for the fee kind, a year or more of refused fees is major (a loss to the company, whatever
    ``loss_yuan`` says): ``arrears`` months when the recorder states them (``--arrears-months``), else
    what :func:`arrears_months` reads in the facts.
    """
    kind = ViolationKind(kind)
    if loss_yuan is not None and (not loss_yuan.is_finite() or loss_yuan < 0):
        raise InputError("loss_yuan", _("the loss must be a number of yuan, 0 or more"))
    check_arrears_months(arrears)
    reasons: list[str] = []
    if kind == ViolationKind.FEE:
        if arrears is not None and arrears >= ARREARS_MAJOR_MONTHS:
            reasons.append(
                _("the fee refused for {n} months: a year or more is major (R-VI-2a)").format(n=arrears)
            )
        elif arrears is None and (read := arrears_months(facts)) is not None and read >= ARREARS_MAJOR_MONTHS:
            reasons.append(
                _("the facts say the fee was refused for {n} months: a year or more is major (R-VI-2a)").format(
                    n=read
                )
            )
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
    arrears: int | None = None,
) -> ViolationClass:
    """R-VI-2, R-VI-2a: the class to suggest; the person confirms it (the record keeps both)."""
    return explain_class(kind, facts, loss_yuan, threat_to_public_safety, arrears)[0]
