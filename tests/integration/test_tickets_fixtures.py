"""Fixtures for the ticket service tests: a small estate, one operator per role, a site and a
draft factory. Imported by the ``test_tickets_*`` modules (``from test_tickets_fixtures import *``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from frontdesk_tui.config import Settings
from frontdesk_tui.data.tables import Building, Operator, Owner, PublicArea, Unit
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.tickets.intake import ComplaintDraft
from frontdesk_tui.services.site import Site, open_site
from frontdesk_tui.services.uow import UnitOfWork

OPERATORS = {
    "desk": ("陈晓燕", Role.RECEPTIONIST, "service_centre"),
    "desk2": ("刘婷", Role.RECEPTIONIST, "service_centre"),
    "duty": ("赵强", Role.DUTY_OFFICER, "service_centre"),
    "assistant": ("李娜", Role.ASSISTANT, "property"),
    "director": ("张建国", Role.DIRECTOR, "property"),
    "eng": ("周师傅", Role.STAFF, "engineering"),
    "san": ("吴秀兰", Role.STAFF, "sanitation"),
    "retired": ("老马", Role.STAFF, "engineering"),
}

UNITS = ["3-2-1201", "3-2-1202", "1-1-101", "5-1-302"]
AREAS = ["地下车库", "中心花园"]


@pytest.fixture
def site(db) -> Site:
    settings = Settings(db=db.url)
    with UnitOfWork(db) as uow:
        s = uow.session
        buildings: dict[str, Building] = {}
        for label in UNITS:
            b, e, r = label.split("-")
            if b not in buildings:
                buildings[b] = Building(code=b, name=f"{b}号楼")
                s.add(buildings[b])
                s.flush()
            unit = Unit(building_id=buildings[b].id, entrance=e, room=r, label=label)
            s.add(unit)
            s.flush()
            if label == "3-2-1201":
                s.add(Owner(unit_id=unit.id, name="王芳", phone="13812345678"))
        for area in AREAS:
            s.add(PublicArea(name=area))
        uow.commit()
    return open_site(settings, db)


@pytest.fixture
def actors(site: Site, now: datetime) -> dict[str, Actor]:
    found: dict[str, Actor] = {}
    with UnitOfWork(site.db) as uow:
        for key, (name, role, dept) in OPERATORS.items():
            row = Operator(name=name, role=role.value, department=dept, password_hash="x", created_at=now,
                           active=key != "retired")
            uow.session.add(row)
            uow.session.flush()
            found[key] = Actor(id=row.id, name=name, role=role, department=dept)
        uow.commit()
    return found


BASE_DRAFT = ComplaintDraft(
    owner_name="王芳",
    phone="138 1234 5678",
    unit="3-2-1201",
    channel="phone",
    category="engineering",
    description="卫生间漏水，楼下天花板渗水",
    request="尽快上门维修",
    equipment="卫生间上水管",
    symptom="接头滴水",
    read_back_confirmed=True,
)


def draft(**changes) -> ComplaintDraft:
    return replace(BASE_DRAFT, **changes)
