"""Demo violations (issue 6): about 40 records across the kinds and every step of the ladder, a few
waiting for the director, made through the services so they obey the same rules as real ones."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import select

from frontdesk_tui.config import Settings
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import Unit
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.i18n import _
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.site import open_site
from frontdesk_tui.services.site.operators import actor_by_id
from frontdesk_tui.services.uow import UnitOfWork

SEED = 6004

#: Facts the rules suggest as general (R-VI-2), by kind.
GENERAL = {
    "sanitation": [
        "在楼道乱丢垃圾，经保洁员发现后劝导",
        "楼道内长期堆放纸箱杂物，妨碍通行",
        "深夜在阳台使用高音喇叭，邻居多次投诉噪音",
        "遛狗时践踏中心花园草坪、攀折花木",
        "在电梯内随地吐痰、丢弃烟头",
    ],
    "renovation": [
        "擅自在外窗安装防盗网，与小区外观不一致",
        "装修时拆除地漏盖，向地漏倾倒装修垃圾",
        "未经报备擅自封闭阳台",
    ],
    "order": ["在地下车库违章停车，堵住他人车位出口", "在小区主干道违章停车过夜"],
    "fee": ["无特殊原因拒交物业管理费三个月", "以对绿化不满为由拒交物业管理费半年"],
}
#: Facts the rules suggest as major: a loss or a threat to public safety.
MAJOR = {
    "sanitation": ["从高层高空抛物，砸中楼下停放车辆"],
    "renovation": ["装修时擅自凿开承重墙", "擅自改造供水管道，造成楼下天花板渗水损坏"],
    "fire": [
        "电动车停放在楼道消防通道内",
        "私拉电线为电动车充电，存在起火隐患",
        "损坏楼层消防栓玻璃和灭火器",
    ],
    "order": ["在地下室存放大量易燃液体"],
    "harm": ["饲养大型犬未拴绳，扑倒儿童致轻微受伤", "在楼顶私自搭建鸽棚，影响消防安全"],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"

#: (scenario, how many): the steps each record goes through.
PLAN = [
    ("recorded", 5),
    ("persuaded", 5),
    ("persuaded_closed", 4),
    ("rectification_waiting", 3),
    ("rectification_running", 4),
    ("rectification_due", 3),
    ("rectification_done", 4),
    ("compensation_waiting", 2),
    ("compensation_follow_up_due", 2),
    ("compensation_closed", 3),
    ("criticism_waiting", 1),
    ("litigation", 1),
    ("declined", 1),
    ("old_closed", 2),
]


def load(db: Database, *, now: datetime, settings: Settings, operators: dict[str, int]) -> str:
    rng = random.Random(SEED)
    site = open_site(settings, db)
    with UnitOfWork(db, write=False) as uow:
        labels = list(uow.session.execute(select(Unit.label).order_by(Unit.id)).scalars())
    if not labels:
        return _("violations: no units, none recorded")

    def actor(name: str) -> Actor:
        return actor_by_id(db, operators[name])

    director = actor("张建国")
    assistants = [actor("李娜"), actor("王磊")]
    recorders = [actor(n) for n in ("黄敏", "吴秀兰", "郑队长", "周师傅", "陈晓燕", "李娜")]

    def new(days_ago: float, major: bool) -> tuple[int, datetime]:
        table = MAJOR if major else GENERAL
        kind = rng.choice(sorted(table))
        at = now - timedelta(days=days_ago, minutes=rng.randrange(0, 600))
        recorded = at + timedelta(minutes=rng.randrange(5, 90))
        view = vs.record_violation(
            site,
            rng.choice(recorders),
            unit=rng.choice(labels),
            violator=rng.choice(SURNAMES) + rng.choice(("先生", "女士")),
            kind=kind,
            facts=rng.choice(table[kind]),
            at=at,
            now=recorded,
            check_files=False,
        ).violation
        return view.id, recorded

    def propose(vid: int, who: Actor, measure: str, when: datetime, **kw) -> int:
        result = vs.propose_measure(site, who, vid, measure, now=when, **kw)
        assert result.measure_id is not None
        return result.measure_id

    def rectify(vid: int, t: datetime, deadline_days: float) -> tuple[int, datetime]:
        who = rng.choice(assistants)
        m = propose(
            vid,
            who,
            "rectification",
            t,
            basis="《管理规约》及装修管理规定，限期整改",
            effective_at=t + timedelta(days=deadline_days),
        )
        return m, t

    def penalty_ready(vid: int, t: datetime) -> datetime:
        vs.record_fact(site, director, vid, "committee-support", note="业主委员会书面同意", now=t)
        return t + timedelta(hours=2)

    def compensation(vid: int, t: datetime) -> int:
        amount = Decimal(rng.randrange(300, 6000)) + Decimal("0.00")
        return propose(vid, director, "compensation", t, basis="赔偿公共设施修复费用", amount=amount)

    scenarios: dict[str, Callable[[], None]] = {}

    def recorded() -> None:
        new(rng.uniform(0.2, 20), rng.random() < 0.3)

    def persuaded(close: bool = False) -> None:
        vid, t = new(rng.uniform(1, 60), False)
        propose(
            vid,
            rng.choice(recorders),
            "persuasion",
            t + timedelta(minutes=10),
            basis="现场劝导，业主当场整改",
        )
        if close:
            vs.close_violation(site, rng.choice(assistants), vid, note="已整改", now=t + timedelta(days=1))

    def rectification_waiting() -> None:
        vid, t = new(rng.uniform(0.5, 3), False)
        rectify(vid, t + timedelta(hours=1), 7)

    def rectification_running() -> None:
        vid, t = new(rng.uniform(1, 5), False)
        m, t = rectify(vid, t + timedelta(hours=1), 10)
        vs.sign_measure(site, director, vid, m, now=t + timedelta(hours=3))

    def rectification_due() -> None:
        vid, t = new(rng.uniform(12, 20), False)
        m, t = rectify(vid, t + timedelta(hours=1), 7)
        vs.sign_measure(site, director, vid, m, now=t + timedelta(hours=3))

    def rectification_done() -> None:
        vid, t = new(rng.uniform(20, 90), rng.random() < 0.3)
        view = vs.get_violation(site, None, vid, now=t)
        who = director if view.confirmed_class == "major" else rng.choice(assistants)
        m = propose(
            vid,
            who,
            "rectification",
            t + timedelta(hours=1),
            basis="限期恢复原状",
            effective_at=t + timedelta(days=7),
        )
        vs.sign_measure(site, director, vid, m, now=t + timedelta(hours=4))
        vs.complete_measure(site, who, vid, m, note="复查已整改", now=t + timedelta(days=5))
        vs.close_violation(site, who, vid, now=t + timedelta(days=5, hours=1))

    def compensation_waiting() -> None:
        vid, t = new(rng.uniform(0.5, 4), True)
        compensation(vid, penalty_ready(vid, t + timedelta(hours=1)))

    def compensation_follow_up_due() -> None:
        vid, t = new(rng.uniform(3, 15), True)
        m = compensation(vid, penalty_ready(vid, t + timedelta(hours=1)))
        vs.sign_measure(site, director, vid, m, now=t + timedelta(days=1))

    def compensation_closed() -> None:
        vid, t = new(rng.uniform(15, 80), True)
        m = compensation(vid, penalty_ready(vid, t + timedelta(hours=1)))
        vs.sign_measure(site, director, vid, m, now=t + timedelta(days=1))
        vs.record_follow_up(
            site, rng.choice(assistants), vid, note="上门回访，业主表示理解", now=t + timedelta(days=4)
        )
        vs.close_violation(site, director, vid, now=t + timedelta(days=4, hours=1))

    def criticism_waiting() -> None:
        vid, t = new(rng.uniform(20, 30), False)
        who = rng.choice(assistants)
        m, t = rectify(vid, t + timedelta(hours=1), 5)
        vs.sign_measure(site, director, vid, m, now=t + timedelta(hours=2))
        vs.record_fact(
            site, who, vid, "refused-opinion", note="业主拒绝签收整改通知", now=t + timedelta(days=6)
        )
        vs.record_fact(site, who, vid, "committee-support", note="业委会同意通报", now=t + timedelta(days=8))
        propose(
            vid,
            who,
            "criticism",
            t + timedelta(days=8, hours=1),
            basis="拒不接受处理意见，经业委会支持通报批评",
        )

    def litigation() -> None:
        vid, t = new(rng.uniform(40, 60), True)
        m = compensation(vid, penalty_ready(vid, t + timedelta(hours=1)))
        vs.sign_measure(site, director, vid, m, now=t + timedelta(days=1))
        vs.record_fact(
            site, director, vid, "mediation-failed", note="业委会两次调解无效", now=t + timedelta(days=20)
        )
        lit = propose(
            vid,
            director,
            "litigation",
            t + timedelta(days=21),
            basis="拒不赔偿，依法起诉",
            amount=Decimal("8600.00"),
        )
        vs.sign_measure(site, director, vid, lit, now=t + timedelta(days=21, hours=1))

    def declined() -> None:
        vid, t = new(rng.uniform(5, 10), False)
        m, t = rectify(vid, t + timedelta(hours=1), 7)
        vs.decline_measure(
            site, director, vid, m, reason="劝导即可，无需限期整改", now=t + timedelta(hours=5)
        )
        propose(vid, rng.choice(assistants), "persuasion", t + timedelta(hours=6), basis="再次上门劝导")

    def old_closed() -> None:
        vid, t = new(rng.uniform(400, 500), False)
        propose(vid, rng.choice(recorders), "persuasion", t + timedelta(minutes=5), basis="现场劝导")
        vs.close_violation(site, rng.choice(assistants), vid, now=t + timedelta(days=1))

    scenarios.update(
        recorded=recorded,
        persuaded=persuaded,
        persuaded_closed=lambda: persuaded(close=True),
        rectification_waiting=rectification_waiting,
        rectification_running=rectification_running,
        rectification_due=rectification_due,
        rectification_done=rectification_done,
        compensation_waiting=compensation_waiting,
        compensation_follow_up_due=compensation_follow_up_due,
        compensation_closed=compensation_closed,
        criticism_waiting=criticism_waiting,
        litigation=litigation,
        declined=declined,
        old_closed=old_closed,
    )
    total = 0
    for name, count in PLAN:
        for _i in range(count):
            scenarios[name]()
            total += 1
    scan = vs.due_rectifications(site, now)
    waiting = vs.count_signoff_queue(site)
    return _("{n} violations, {waiting} measures waiting for the director, {due} items due").format(
        n=total, waiting=waiting, due=len(scan.due)
    )
