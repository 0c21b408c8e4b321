"""Demo tickets: about 200 complaints of the last three months, made through the ticket services.

Every ticket is recorded with :func:`~frontdesk_tui.services.tickets.intake.record_in` and moved on with
:func:`~frontdesk_tui.services.tickets.actions.act_in`, the clock moved back to each step's time, so
the timelines, deadlines, pauses and follow-ups are what the real services write. Everything goes
into one transaction (fast: one commit). Deterministic: ``random.Random(SEED)``.

The mix: every status, category, severity and channel; tickets still open past their deadline;
emergencies with their clocks and summaries; a few R-IN-7 attached raises and recurrences; R-IN-8
escalations; paused tickets; dissatisfied follow-ups that were reopened. At the end the escalation
scan (when that service is present) escalates what is due now.
"""

from __future__ import annotations

import heapq
import importlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlmodel import Session, select

from frontdesk_tui.config import Settings
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import Operator, Owner, PublicArea, Unit
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.tickets.intake import ComplaintDraft
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site import Site, open_site
from frontdesk_tui.services.tickets.actions import act_in
from frontdesk_tui.services.tickets.intake import DuplicateFound, record_in
from frontdesk_tui.services.uow import UnitOfWork

SEED = 3
TICKETS = 200
DAYS = 90

#: category -> (description, request, equipment, symptom, place) samples.
SAMPLES: dict[str, list[tuple[str, str, str, str, str]]] = {
    "engineering": [
        ("卫生间漏水，楼下天花板渗水", "尽快上门维修", "卫生间上水管", "接头滴水", ""),
        ("电梯经常停在12楼不动", "彻底检修电梯", "2号电梯", "运行中突然停止", "电梯厅"),
        ("楼道灯坏了一周没人修", "更换灯具", "楼道声控灯", "不亮", "楼道"),
        ("厨房下水道堵塞", "疏通下水道", "厨房地漏", "排水很慢", ""),
        ("停电后家里一直没电", "查明原因恢复供电", "户内电表箱", "跳闸合不上", ""),
        ("外墙渗水，卧室墙面发霉", "维修外墙防水", "外墙", "雨后渗水", "主卧"),
        ("消防栓箱门损坏", "修复消防设施", "消防栓箱", "箱门脱落", "楼道"),
    ],
    "sanitation": [
        ("楼道垃圾两天没有清运", "按时清运垃圾", "", "", "楼道"),
        ("草坪很久没有修剪，蚊虫多", "修剪草坪、灭蚊", "", "", "中心花园"),
        ("电梯里有宠物粪便没人清理", "及时清洁", "", "", "电梯轿厢"),
        ("垃圾站异味很大", "清洗垃圾站", "", "", "垃圾站"),
    ],
    "security": [
        ("陌生人尾随进入单元门", "加强门禁管理", "", "", "单元门"),
        ("车库照明全部熄灭，存在安全隐患", "恢复照明、加强巡逻", "", "", "地下车库"),
        ("夜间巡逻看不到保安", "增加夜间巡逻", "", "", ""),
        ("消防通道被车辆堵塞", "清理消防通道", "", "", "消防通道"),
    ],
    "service": [
        ("前台工作人员态度不好", "道歉并改进服务", "", "", "服务中心"),
        ("报修三天没人联系", "尽快安排并回复", "", "", ""),
        ("收费时多收了一个月物业费", "退还多收费用", "", "", "服务中心"),
    ],
    "other": [
        ("楼上深夜噪音扰民", "协调邻居", "", "", ""),
        ("邻居在公共走廊堆放杂物", "协调清理", "", "", "走廊"),
        ("楼下饭店油烟很大", "协调处理油烟", "", "", ""),
    ],
}

EMERGENCIES = [
    ("engineering", "水管爆裂，水漫楼道", "卫生间主水管", "爆裂喷水"),
    ("engineering", "电梯困人，两人被困轿厢", "1号电梯", "停在8楼与9楼之间"),
    ("security", "楼道冒烟，疑似火情", "", ""),
]

CATEGORY_WEIGHTS = {"engineering": 40, "sanitation": 20, "security": 15, "service": 12, "other": 13}
CHANNEL_WEIGHTS = {"phone": 45, "visit": 30, "online": 18, "staff": 7}
#: Staff who work each department's tickets (others are worked by the assistants).
DEPARTMENT_STAFF = {"engineering": "周师傅", "sanitation": "吴秀兰", "security": "郑队长", "property": "黄敏"}

_H = timedelta(hours=1)

Step = tuple[datetime, str, str, dict[str, Any]]
"""One step of a ticket: when, who (operator name), the action word, its fields."""


@dataclass
class _Cast:
    actors: dict[str, Actor]

    def __getitem__(self, name: str) -> Actor:
        return self.actors[name]


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _received_at(rng: random.Random, now: datetime, site: Site) -> datetime:
    """A time in the last three months, mostly in desk hours, more of them recent."""
    days_back = int(DAYS * rng.random() ** 1.3)
    day = (now.astimezone(site.tz) - timedelta(days=days_back)).date()
    hour = rng.choice([8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 16, 17, 19, 21])
    at = datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=site.tz)
    return min(at, now - timedelta(minutes=rng.randrange(5, 120)))


class _Demo:
    def __init__(self, session: Session, site: Site, cast: _Cast, rng: random.Random, now: datetime) -> None:
        self.s = session
        self.site = site
        self.cast = cast
        self.rng = rng
        self.now = now
        self.units = list(session.exec(select(Unit.id, Unit.label)))
        self.owners: dict[int, list[tuple[str, str]]] = {}
        for unit_id, name, phone in session.exec(select(Owner.unit_id, Owner.name, Owner.phone)):
            self.owners.setdefault(unit_id, []).append((name, phone))
        self.areas = list(session.exec(select(PublicArea.name)))
        self.hot_units = [label for _i, label in rng.sample(self.units, 4)]
        self.made = 0
        self.attached = 0

    # -- one ticket ---------------------------------------------------------------------------

    def _draft(self, category: str, channel: str, emergency: bool) -> ComplaintDraft:
        rng = self.rng
        if emergency:
            category, description, equipment, symptom = rng.choice(EMERGENCIES)
            request, place = "立即处理", ""
        else:
            description, request, equipment, symptom, place = rng.choice(SAMPLES[category])
        use_area = place in self.areas or (not emergency and rng.random() < 0.12)
        if use_area:
            unit = place if place in self.areas else rng.choice(self.areas)
            name, phone = self._passer_by()
        else:
            if rng.random() < 0.12:
                unit = rng.choice(self.hot_units)
                unit_id = next(i for i, label in self.units if label == unit)
            else:
                unit_id, unit = rng.choice(self.units)
            name, phone = rng.choice(self.owners.get(unit_id) or [self._passer_by()])
        staff = rng.choice(["前台小刘", "保安老张", "收费员小王"]) if category == "service" else ""
        return ComplaintDraft(
            owner_name=name if channel != "staff" else "",
            phone=phone if channel != "staff" else "",
            unit=unit,
            channel=channel,
            category=category,
            place=place if not use_area else "",
            description=description,
            request=request,
            equipment=equipment,
            symptom=symptom,
            staff=staff,
            against=rng.choice(["", "", "工程维修部", "保洁绿化部", "保安部"]) if category != "other" else "",
            emergency=emergency,
            read_back_confirmed=True,
        )

    def _passer_by(self) -> tuple[str, str]:
        rng = self.rng
        return rng.choice("王李张刘陈杨黄赵") + rng.choice(
            ["先生", "女士"]
        ), f"13{rng.randrange(5, 10)}{rng.randrange(10**8):08d}"

    def _record(self, at: datetime) -> int | None:
        rng = self.rng
        emergency = rng.random() < 0.05
        channel = "phone" if emergency else _weighted(rng, CHANNEL_WEIGHTS)
        category = _weighted(rng, CATEGORY_WEIGHTS)
        draft = self._draft(category, channel, emergency)
        desk = self.cast["周师傅" if channel == "staff" and category == "engineering" else self._desk(at)]
        if channel == "staff" and category != "engineering":
            desk = self.cast[self._desk(at)]
        try:
            result = record_in(self.s, self.site, desk, draft, now=at, with_view=False)
        except DuplicateFound as dup:
            if rng.random() < 0.5:
                record_in(self.s, self.site, desk, draft, now=at, attach_to=dup.ticket_id, with_view=False)
                self.attached += 1
                return None
            result = record_in(self.s, self.site, desk, draft, now=at, force_new=True, with_view=False)
        self.made += 1
        return result.ticket_id if not result.attached else None

    def _desk(self, at: datetime) -> str:
        local = at.astimezone(self.site.tz).time()
        if local >= time(17, 30) or local < time(8, 30):
            return self.rng.choice(["赵强", "孙伟"])
        return self.rng.choice(["陈晓燕", "刘婷"])

    # -- moving it on -------------------------------------------------------------------------
    # Each ticket's steps come from a generator of (time, operator, action, fields); ``load`` runs
    # the steps of all tickets in time order, so every intake meets the estate as it was then.

    def _worker(self, department: str) -> str:
        return DEPARTMENT_STAFF.get(department, "李娜")

    def _manager(self, severity: str) -> str:
        return "张建国" if severity == "major" else self.rng.choice(["李娜", "王磊"])

    def steps(self, ticket_id: int, at: datetime, department: str, emergency: bool) -> Iterator[Step]:
        """The steps of one ticket; older tickets get further (the driver stops at ``now``)."""
        rng = self.rng
        if emergency:
            yield from self._emergency_steps(at, department)
            return
        age_days = (self.now - at).total_seconds() / 86400
        desk = self._desk(at)
        roll = rng.random()
        # Ends: answered at the desk (R-IN-6), withdrawn, invalid.
        if roll < 0.08:
            yield at + timedelta(minutes=10), desk, "answer", {"note": "当场解释清楚，业主表示理解"}
            return
        if roll < 0.11:
            yield at + 5 * _H, desk, "withdraw", {"note": "业主来电说问题已自行解决"}
            return
        if roll < 0.13:
            yield at + 6 * _H, "李娜", "invalidate", {"reason": "属于业主自家装修问题，不在物业服务范围"}
            return
        if age_days < 0.3 and rng.random() < 0.6:
            return  # just received
        severity = rng.choices(["minor", "important", "major"], weights=[55, 35, 10])[0]
        complexity = rng.choices(["simple", "moderate", "complex"], weights=[45, 40, 15])[0]
        at += timedelta(minutes=rng.randrange(10, 90))
        responsibility = rng.choice(["", "物业责任", "业主自身原因", "第三方"])
        yield (
            at,
            desk,
            "assess",
            {"complexity": complexity, "severity": severity, "responsibility": responsibility},
        )
        if rng.random() < 0.15:  # R-IN-8
            yield (
                at + timedelta(minutes=5),
                desk,
                "escalate",
                {"called": "李娜", "owner_agreed": True, "note": "业主情绪激动，请主任助理出面沟通"},
            )
        worker = self._worker(department)
        handler = DEPARTMENT_STAFF.get(department)
        at += timedelta(hours=rng.uniform(0.5, 6))
        assign: dict[str, Any] = {"handler": handler} if handler else {}
        if complexity == "complex":
            assign["working_days"] = rng.choice([5, 8, 10, 15])
        yield at, self._manager(severity), "assign", assign
        # Slow tickets stay open long enough to be overdue.
        slow = rng.random() < 0.18
        pace = timedelta(hours=rng.uniform(2, 20) * (6 if slow else 1))
        at += pace
        yield at, worker, "investigate", {"note": "上门查看，确认问题属实"}
        if complexity != "simple" and rng.random() < 0.25:  # R-DL-7
            at += _H
            yield at, worker, "pause", {"reason": rng.choice(["等待业主约定上门时间", "等待配件到货"])}
            at += timedelta(hours=rng.uniform(4, 120))
            yield at, worker, "resume", {}
        at += pace
        yield at, worker, "plan", {"note": "安排维修人员，预计两天内完成"}
        at += _H
        yield at, worker, "start", {}
        if complexity != "simple":
            at += timedelta(hours=rng.uniform(4, 30))
            yield at, worker, "contact", {"note": "电话告知业主处理进度"}
        at += pace
        yield at, worker, "report", {"note": "已处理完毕", "how_told": rng.choice(["phone", "sms", "visit"])}
        at += timedelta(hours=rng.uniform(1, 20))
        if severity == "major":  # R-LC-6
            yield at, "李娜", "summary", {"cause": "巡查不到位", "improvement": "增加每周巡查"}
            at += _H
        yield at, self._desk(at), "confirm", {}
        at += timedelta(days=rng.uniform(0.5, 3))
        satisfaction = rng.choices(
            ["very_satisfied", "satisfied", "fair", "dissatisfied"], weights=[35, 40, 17, 8]
        )[0]
        words = "回访业主" if satisfaction != "dissatisfied" else "业主认为问题没有根本解决"
        yield at, self._desk(at), "follow-up", {"satisfaction": satisfaction, "note": words}
        if satisfaction == "dissatisfied" and rng.random() < 0.7:  # R-LC-5
            at += timedelta(hours=rng.uniform(2, 24))
            yield at, "李娜", "reopen", {"reason": "回访不满意，重新安排处理"}

    def _emergency_steps(self, at: datetime, department: str) -> Iterator[Step]:
        """R-EM-2 clocks (a quarter of them late), the repair, the R-EM-3 summary, closing."""
        rng = self.rng
        worker = self._worker(department)
        late = rng.random() < 0.25
        yield at + timedelta(minutes=rng.randrange(4, 25 if late else 10)), worker, "on-site", {}
        yield at + timedelta(minutes=rng.randrange(26, 90 if late else 55)), worker, "under-control", {}
        step = at + 2 * _H
        for action, fields in [
            ("investigate", {"note": "查明原因"}),
            ("plan", {"note": "抢修方案"}),
            ("start", {}),
            ("report", {"note": "抢修完成", "how_told": "visit"}),
        ]:
            step += _H
            yield step, worker, action, fields
        step += timedelta(days=1)
        yield step, "李娜", "summary", {"cause": "设施老化", "improvement": "开展专项排查，完善应急预案"}
        yield step + _H, self._desk(step + _H), "confirm", {}

    def run(self, times: list[datetime]) -> None:
        """Intakes and steps of every ticket in time order, up to ``now``."""
        from frontdesk_tui.data.tables_tickets import Ticket

        queue: list[tuple[datetime, int, int, Iterator[Step] | None, Step | None]] = [
            (at, seq, 0, None, None) for seq, at in enumerate(times)
        ]
        heapq.heapify(queue)
        seq = len(times)
        while queue:
            at, _seq, ticket_id, steps, step = heapq.heappop(queue)
            if steps is None:
                new_id = self._record(at)
                if new_id is None:
                    continue
                ticket_id = new_id
                ticket = self.s.get(Ticket, ticket_id)
                assert ticket is not None
                steps = self.steps(ticket_id, at, ticket.department, bool(ticket.emergency))
            else:
                assert step is not None
                _at, who, action, fields = step
                act_in(self.s, self.site, self.cast[who], ticket_id, action, fields, now=at)
            following = next(steps, None)
            if following is not None and following[0] < self.now:
                seq += 1
                heapq.heappush(queue, (following[0], seq, ticket_id, steps, following))


def _cast(session: Session, operators: dict[str, int]) -> _Cast:
    actors: dict[str, Actor] = {}
    for row in session.exec(select(Operator).where(Operator.id.in_(list(operators.values())))):  # type: ignore[union-attr]
        actors[row.name] = Actor(id=row.id, name=row.name, role=Role(row.role), department=row.department)  # type: ignore[arg-type]
    return _Cast(actors)


def load(db: Database, *, now: datetime, settings: Settings, operators: dict[str, int]) -> str:
    """About 200 demo tickets of the last three months; returns one summary line."""
    site = open_site(settings, db)
    rng = random.Random(SEED)
    with UnitOfWork(db) as uow:
        demo = _Demo(uow.session, site, _cast(uow.session, operators), rng, now)
        if not demo.units:
            return _("no estate: no demo tickets")
        demo.run([_received_at(rng, now, site) for _i in range(TICKETS)])
        uow.commit()
    escalated = _escalate(site, now)
    return _("{n} tickets ({attached} raises attached to open tickets, {escalated} escalations)").format(
        n=demo.made, attached=demo.attached, escalated=escalated
    )


def _escalate(site: Site, now: datetime) -> int:
    try:
        module = importlib.import_module("frontdesk_tui.services.tickets.escalation")
    except ModuleNotFoundError:
        return 0
    scan = getattr(module, "run_escalation_scan", None)
    if scan is None:
        return 0
    return scan(site, now=now).total
