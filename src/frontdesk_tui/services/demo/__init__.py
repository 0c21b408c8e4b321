"""The demo site: a realistic estate for ``init --demo`` and for ``make run`` on an empty database.

Later issues add their records through ``DEMO_PARTS``: modules with
``load(db, *, now, settings, operators: dict[str, int]) -> str`` returning one summary line.
"""

from __future__ import annotations

import importlib
import random
from datetime import datetime

from sqlmodel import func, select

from frontdesk_tui.config import Settings
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import Building, Operator, Owner, PublicArea, Unit
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site.passwords import hash_password
from frontdesk_tui.services.uow import UnitOfWork

DEMO_PARTS = (
    "frontdesk_tui.services.demo.tickets",
    # The violations before the duty part: the handovers it starts hold the rectification deadlines
    # falling due (R-HO-3), instead of a fresh demo's open handover showing them as new (R-HO-5).
    "frontdesk_tui.services.demo.violations",
    "frontdesk_tui.services.demo.duty",
)

#: (name, role, department): every role of docs/DOMAIN.md, with the departments of R-IN-5.
DEMO_OPERATORS = [
    ("张建国", "director", "property"),
    ("李娜", "assistant", "property"),
    ("王磊", "assistant", "engineering"),
    ("陈晓燕", "receptionist", "service_centre"),
    ("刘婷", "receptionist", "service_centre"),
    ("赵强", "duty_officer", "service_centre"),
    ("孙伟", "duty_officer", "service_centre"),
    ("周师傅", "staff", "engineering"),
    ("吴秀兰", "staff", "sanitation"),
    ("郑队长", "staff", "security"),
    ("黄敏", "staff", "property"),
]

PUBLIC_AREAS = ["地下车库", "中心花园", "小区东门", "小区南门", "会所", "垃圾站", "儿童游乐场", "游泳池"]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰志强文辉丹萍鑫斌宇浩凯晨欣怡子涵雨轩"
MOBILE_PREFIXES = ["138", "139", "136", "137", "150", "151", "152", "158", "159", "186", "187", "188", "135", "133", "177", "199"]


def has_records(db: Database) -> bool:
    """True when the database holds anything a person entered (operators or the estate)."""
    with UnitOfWork(db, write=False) as uow:
        s = uow.session
        return any(s.exec(select(func.count()).select_from(t)).one() for t in (Operator, Unit, Owner))


def _name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def load_estate(uow: UnitOfWork, rng: random.Random, owners_wanted: int = 300) -> tuple[int, int]:
    """Eight buildings, two entrances each, 18 floors with two flats a floor; ~300 owners."""
    s = uow.session
    units: list[Unit] = []
    for b in range(1, 9):
        building = Building(code=str(b), name=f"{b}号楼")
        s.add(building)
        s.flush()
        for entrance in (1, 2):
            for floor in range(1, 19):
                for flat in (1, 2):
                    room = f"{floor}{flat:02d}"
                    unit = Unit(
                        building_id=building.id, entrance=str(entrance), room=room, label=f"{b}-{entrance}-{room}"
                    )
                    units.append(unit)
    s.add_all(units)
    s.flush()
    occupied = rng.sample(units, k=min(len(units), owners_wanted * 5 // 6))
    count = 0
    for unit in occupied:
        for _i in range(1 if count % 5 else 2):
            if count >= owners_wanted:
                break
            phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            name = _name(rng)
            if s.exec(select(Owner).where(Owner.unit_id == unit.id, Owner.name == name)).first():
                continue
            s.add(Owner(unit_id=unit.id, name=name, phone=phone))
            count += 1
    for area in PUBLIC_AREAS:
        s.add(PublicArea(name=area))
    return len(units), count


def load_demo_site(db: Database, *, now: datetime, password: str, settings: Settings) -> list[str]:
    """Load the whole demo site in one transaction each part; returns summary lines."""
    rng = random.Random(20261125)
    summary: list[str] = []
    with UnitOfWork(db) as uow:
        s = uow.session
        pw_hash = hash_password(password)
        ids: dict[str, int] = {}
        for name, role, department in DEMO_OPERATORS:
            row = Operator(name=name, role=role, department=department, password_hash=pw_hash, created_at=now)
            s.add(row)
            s.flush()
            assert row.id is not None
            ids[name] = row.id
        units, owners = load_estate(uow, rng)
        uow.commit()
    summary.append(_("{n} operators: {names}").format(
        n=len(DEMO_OPERATORS), names=", ".join(f"{n} ({r})" for n, r, _d in DEMO_OPERATORS)))
    summary.append(_("{units} units in 8 buildings, {owners} owners, {areas} public areas").format(
        units=units, owners=owners, areas=len(PUBLIC_AREAS)))
    for name in DEMO_PARTS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        summary.append(module.load(db, now=now, settings=settings, operators=ids))
    return summary
