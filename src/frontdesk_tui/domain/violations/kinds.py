"""R-VI-1: the kinds of violation (with the seed's examples) and the names of kinds, measures and classes."""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk_tui.domain.codes import Measure, ViolationClass, ViolationKind
from frontdesk_tui.i18n import N_, Message, _


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
