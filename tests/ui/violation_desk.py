"""Fixed data for the violation screens' tests: the desk database of ``desk_data`` (no tickets), the
director 张建国, and a few violations made through the services at fixed times before ``NOW`` so every
state of the register shows: closed, awaiting the director (general and major), a rectification past
its deadline, and owner text with markup and an escape sequence."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from desk_data import NOW, PASSWORD, build_desk_db, desk_settings, operator_id

from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import Operator
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.site import Site, open_site
from frontdesk_tui.services.site.operators import actor_by_id
from frontdesk_tui.services.site.passwords import hash_password
from frontdesk_tui.services.uow import UnitOfWork

DIRECTOR = "张建国"
ASSISTANT = "李娜"
#: Facts typed with Rich markup and a terminal escape: they must show literally (minus the escape).
MARKUP_FACTS = "[bold]乱丢[/bold] 垃圾 [/ 在楼道 \x1b[31m红字"


def site_of(db: Database) -> Site:
    return open_site(desk_settings(db), db)


def add_director(db: Database) -> None:
    with UnitOfWork(db) as uow:
        uow.session.add(Operator(name=DIRECTOR, role="director", department="property",
                                 password_hash=hash_password(PASSWORD), created_at=NOW, active=True))
        uow.commit()


def actor(db: Database, name: str):
    return actor_by_id(db, operator_id(db, name))


def add_violations(db: Database) -> dict[str, int]:
    """The fixed violations; returns their ids by a short name."""
    site = site_of(db)
    director, assistant = actor(db, DIRECTOR), actor(db, ASSISTANT)
    staff, desk = actor(db, "周师傅"), actor(db, "陈晓燕")
    ids: dict[str, int] = {}

    def at(hours: float):
        return NOW - timedelta(hours=hours)

    # A fire hazard: a signed rectification whose deadline passed yesterday.
    t = at(240)
    v = vs.record_violation(site, director, unit="1-2-301", violator="徐先生", kind="fire",
                            facts="电动车停放在楼道消防通道内", now=t, at=t - timedelta(hours=1)).violation
    m = vs.propose_measure(site, director, v.id, "rectification", basis="《消防法》及管理规约，限期清理",
                           now=t + timedelta(hours=1), effective_at=NOW - timedelta(days=1)).measure_id
    vs.sign_measure(site, director, v.id, m, now=t + timedelta(hours=2))
    ids["fire_due"] = v.id
    # Littering persuaded on the spot and closed.
    t = at(72)
    v = vs.record_violation(site, assistant, unit="5-1-302", violator="张秀英", kind="sanitation",
                            facts="在楼道乱丢垃圾，经保洁员发现", now=t, at=t - timedelta(minutes=30)).violation
    vs.propose_measure(site, staff, v.id, "persuasion", basis="当场劝导，业主已清理", now=t + timedelta(minutes=5))
    vs.close_violation(site, assistant, v.id, now=t + timedelta(hours=1))
    ids["closed"] = v.id
    # A major renovation: committee support on record, compensation waiting for the director.
    t = at(48)
    v = vs.record_violation(site, staff, unit="3-2-1201", violator="王芳", kind="renovation",
                            facts="装修时擅自凿开承重墙，楼下天花板开裂损坏", now=t, at=t - timedelta(hours=2)).violation
    vs.record_fact(site, director, v.id, "committee-support", now=t + timedelta(hours=3), note="业委会11月会议纪要")
    vs.propose_measure(site, director, v.id, "compensation", basis="《管理规约》第十二条，赔偿修复费用",
                       amount=Decimal("2000.00"), now=t + timedelta(hours=4))
    ids["major_pending"] = v.id
    # Illegal parking: a rectification proposed by the assistant, waiting for the director.
    t = at(24)
    v = vs.record_violation(site, assistant, unit="2-1-601", violator="周杰", kind="order",
                            facts="在地下车库违章停车，[bold]堵住[/bold]他人车位出口 [/", now=t,
                            at=t - timedelta(hours=1)).violation
    vs.propose_measure(site, assistant, v.id, "rectification", basis="《停车管理规定》，限期移车",
                       effective_at=NOW + timedelta(days=3), now=t + timedelta(hours=1))
    ids["rect_pending"] = v.id
    # Owner text with markup and an escape sequence, just recorded by the desk.
    t = at(5)
    v = vs.record_violation(site, desk, unit="7-2-1802", violator="孙丽 [i]", kind="sanitation",
                            facts=MARKUP_FACTS, now=t, at=t - timedelta(minutes=20)).violation
    ids["markup"] = v.id
    return ids


def build_violation_db(path: Path) -> tuple[Database, dict[str, int]]:
    db = build_desk_db(path, tickets=[])
    add_director(db)
    return db, add_violations(db)
