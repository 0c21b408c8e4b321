"""Ticket lists and search, filtered and limited in SQL (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.services import tickets

H = timedelta(hours=1)


@pytest.fixture
def three(site, actors, now) -> dict[str, int]:
    desk = actors["desk"]
    leak = tickets.record_complaint(site, desk, draft(description="卫生间漏水"), now=now - 30 * H).ticket_id
    power = tickets.record_complaint(
        site, desk, draft(unit="1-1-101", category="engineering", description="楼道停电，电梯也停了",
                          owner_name="李强", phone="13900001111"),
        now=now - 2 * H,
    ).ticket_id
    noise = tickets.record_complaint(
        site, desk, draft(unit="地下车库", category="other", description="夜里有噪音", owner_name="张伟",
                          phone="13700002222", complexity="moderate"),
        now=now - H,
    ).ticket_id
    return {"leak": leak, "power": power, "noise": noise}


def _ids(rows) -> list[int]:
    return [r.id for r in rows]


def test_search_finds_two_and_one_character_chinese_words(site, actors, now, three):
    assert _ids(tickets.list_tickets(site, None, now=now, search="漏水")) == [three["leak"]]
    assert _ids(tickets.list_tickets(site, None, now=now, search="电")) == [three["power"]]
    assert _ids(tickets.list_tickets(site, None, now=now, search="电梯")) == [three["power"]]
    assert _ids(tickets.list_tickets(site, None, now=now, search="噪音")) == [three["noise"]]
    assert _ids(tickets.list_tickets(site, None, now=now, search="李强")) == [three["power"]]  # owner name
    assert _ids(tickets.list_tickets(site, None, now=now, search="地下车库")) == [three["noise"]]  # place
    assert _ids(tickets.list_tickets(site, None, now=now, search="3-2-1201")) == [three["leak"]]  # unit
    assert _ids(tickets.list_tickets(site, None, now=now, search=f"#{three['power']}")) == [three["power"]]  # "#N": the number
    assert tickets.list_tickets(site, None, now=now, search="100%") == []  # LIKE wildcards are literal


def test_search_by_phone_for_the_desk(site, actors, now, three):
    assert _ids(tickets.list_tickets(site, actors["desk"], now=now, search="139 0000")) == [three["power"]]


def test_search_by_the_last_four_digits_of_a_registered_owners_phone(site, actors, now, three):
    """Issue 15: a phone's beginning is found on any ticket (an index range), its last four digits
    among the register's owners (王芳 13812345678): no index of the tickets holds a phone's end,
    and the caller who is not on the register is found by the whole number."""
    desk = actors["desk"]
    assert _ids(tickets.list_tickets(site, desk, now=now, search="5678")) == [three["leak"]]
    assert tickets.list_tickets(site, desk, now=now, search="1111") == []  # 李强 is not on the register
    assert _ids(tickets.list_tickets(site, desk, now=now, search="13900001111")) == [three["power"]]
    assert tickets.list_tickets(site, None, now=now, search="5678") == []  # R-PD-3


def test_search_in_digits_is_a_unit_a_phone_or_a_number(site, actors, now, three):
    """Issue 15: digits and dashes search the unit labels containing them (the register's), not the
    free text: '1201' is the flats 1201 of every entrance, '3-2' a prefix of the unit."""
    assert _ids(tickets.list_tickets(site, None, now=now, search="1201")) == [three["leak"]]
    assert _ids(tickets.list_tickets(site, None, now=now, search="3-2")) == [three["leak"]]
    assert _ids(tickets.list_tickets(site, None, now=now, search=f"#{three['noise']}")) == [three["noise"]]


def test_list_is_newest_first_and_open_by_default(site, actors, now, three):
    assert _ids(tickets.list_tickets(site, None, now=now)) == [three["noise"], three["power"], three["leak"]]
    tickets.act(site, actors["desk"], three["power"], "answer", {"note": "市政停电"}, now=now)
    assert _ids(tickets.list_tickets(site, None, now=now)) == [three["noise"], three["leak"]]
    assert _ids(tickets.list_tickets(site, None, now=now, status="answered")) == [three["power"]]
    assert len(tickets.list_tickets(site, None, now=now, status="all")) == 3
    with pytest.raises(InputError) as bad:
        tickets.list_tickets(site, None, now=now, status="done")
    assert bad.value.field == "status"


def test_list_filters_overdue_department_unit_and_limits(site, actors, now, three):
    overdue = tickets.list_tickets(site, None, now=now, overdue=True)
    assert _ids(overdue) == [three["leak"]] and overdue[0].overdue  # 30 h ago, 24 h allowed
    assert _ids(tickets.list_tickets(site, None, now=now, department="service_centre")) == [three["noise"]]
    with pytest.raises(InputError) as bad:
        tickets.list_tickets(site, None, now=now, department="kitchen")
    assert bad.value.field == "department"
    assert _ids(tickets.list_tickets(site, None, now=now, unit="1栋1单元101")) == [three["power"]]
    assert _ids(tickets.list_tickets(site, None, now=now, unit="地下车库")) == [three["noise"]]
    assert _ids(tickets.list_tickets(site, None, now=now, limit=2)) == [three["noise"], three["power"]]
    assert _ids(tickets.list_tickets(site, None, now=now, limit=2, offset=2)) == [three["leak"]]
    assert len(tickets.list_tickets(site, None, now=now, limit=0)) == 3


def test_overdue_stops_at_the_report(site, actors, now, three):
    """R-DL-3a: reported late stays late; reported in time is on time."""
    t = three["power"]
    tickets.act(site, actors["desk"], t, "assess", {"complexity": "simple", "severity": "minor"}, now=now)
    tickets.act(site, actors["assistant"], t, "assign", {"handler": "周师傅"}, now=now)
    for action, fields in [("investigate", {"note": "a"}), ("plan", {"note": "b"}), ("start", {}),
                           ("report", {"note": "修好", "how_told": "sms"})]:
        tickets.act(site, actors["eng"], t, action, fields, now=now + H)
    later = now + 100 * H
    assert not tickets.get_ticket(site, None, t, now=later).overdue
    assert t not in _ids(tickets.list_tickets(site, None, now=later, overdue=True))


def test_ticket_json_carries_the_documented_keys(site, actors, now, three):
    view = tickets.get_ticket(site, None, three["noise"], now=now)
    data = view.to_json()
    for key in ("id", "status", "category", "severity", "complexity", "emergency", "channel", "unit",
                "department", "description", "received_at", "due_at", "overdue", "events"):
        assert key in data
    assert data["unit"] == "地下车库" and data["due_at"].endswith("+08:00")
    assert set(data["events"][0]) >= {"id", "kind", "at", "operator", "note", "corrects"}
    (row,) = [r for r in tickets.list_tickets(site, None, now=now) if r.id == three["noise"]]
    assert set(row.to_json()) >= {"id", "status", "unit", "due_at", "overdue", "received_at"}
