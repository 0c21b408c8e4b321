"""Intake service (R-IN-*, R-EM-1, R-DL-3a) on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.services import tickets


def test_r_in_2_records_every_field_and_a_received_event(site, actors, now):
    result = tickets.record_complaint(
        site, actors["desk"], draft(place="主卫", against="工程部", contact="微信 wf88", happened_at=now - timedelta(hours=3)),
        now=now,
    )
    t = tickets.get_ticket(site, actors["desk"], result.ticket_id, now=now)
    assert (t.owner_name, t.phone, t.unit, t.channel, t.category) == ("王芳", "13812345678", "3-2-1201", "phone", "engineering")
    assert (t.place, t.against, t.contact, t.equipment, t.symptom) == ("主卫", "工程部", "微信 wf88", "卫生间上水管", "接头滴水")
    assert t.request == "尽快上门维修" and t.read_back_confirmed
    assert t.happened_at == (now - timedelta(hours=3)).astimezone(site.tz)
    assert [e.kind for e in t.events] == ["received"]
    assert t.events[0].operator == "陈晓燕"
    assert t.events[0].data["read_back_confirmed"] is True


def _count(site, table) -> int:
    from sqlmodel import func, select

    from frontdesk_tui.services.uow import UnitOfWork

    with UnitOfWork(site.db, write=False) as uow:
        return uow.session.exec(select(func.count()).select_from(table)).one()


def test_r_in_3_without_read_back_nothing_is_recorded(site, actors, now):
    from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent

    with pytest.raises(RuleError) as refused:
        tickets.record_complaint(site, actors["desk"], draft(read_back_confirmed=False), now=now)
    assert refused.value.rule == "R-IN-3"
    assert _count(site, Ticket) == 0 and _count(site, TicketEvent) == 0


def test_r_in_3_field_errors_come_before_the_read_back(site, actors, now):
    with pytest.raises(InputError) as bad:
        tickets.record_complaint(site, actors["desk"], draft(unit="9-9-909", read_back_confirmed=False), now=now)
    assert bad.value.field == "unit"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"phone": "", "contact": ""}, "phone"),
        ({"owner_name": ""}, "owner_name"),
        ({"description": "  "}, "description"),
        ({"unit": "1-1-999"}, "unit"),
        ({"unit": "不存在的地方"}, "unit"),
        ({"channel": "fax"}, "channel"),
        ({"category": "noise"}, "category"),
        ({"department": "kitchen"}, "department"),
        ({"description": "x" * 2001}, "description"),
    ],
)
def test_r_in_2_bad_fields_are_named(site, actors, now, changes, field):
    from frontdesk_tui.data.tables_tickets import Ticket

    with pytest.raises(InputError) as bad:
        tickets.record_complaint(site, actors["desk"], draft(**changes), now=now)
    assert bad.value.field == field
    assert _count(site, Ticket) == 0


def test_r_in_2_landline_and_public_area(site, actors, now):
    result = tickets.record_complaint(
        site, actors["desk"], draft(unit="地下车库", phone="0755 1234567", category="security"), now=now
    )
    t = result.ticket
    assert (t.unit, t.unit_id, t.public_area_id is not None) == ("地下车库", None, True)
    assert t.phone == "0755-1234567"


def test_r_in_2_chinese_unit_form_is_stored_as_the_label(site, actors, now):
    result = tickets.record_complaint(site, actors["desk"], draft(unit="3栋2单元1202室"), now=now)
    assert result.ticket.unit == "3-2-1202"


def test_r_in_5_default_department_by_category(site, actors, now):
    expected = {
        "engineering": "engineering",
        "sanitation": "sanitation",
        "security": "security",
        "service": "property",
        "other": "service_centre",
    }
    for i, (category, department) in enumerate(expected.items()):
        unit = ["3-2-1201", "3-2-1202", "1-1-101", "5-1-302", "地下车库"][i]
        result = tickets.record_complaint(site, actors["desk"], draft(category=category, unit=unit), now=now)
        assert result.ticket.department == department
    chosen = tickets.record_complaint(
        site, actors["desk"], draft(unit="中心花园", department="property"), now=now
    )
    assert chosen.ticket.department == "property"


def test_r_in_7_open_duplicate_is_refused_then_attached_or_forced(site, actors, now):
    first = tickets.record_complaint(site, actors["desk"], draft(), now=now)
    later = now + timedelta(hours=1)
    with pytest.raises(tickets.DuplicateFound) as dup:
        tickets.record_complaint(site, actors["desk2"], draft(description="还在漏"), now=later)
    assert dup.value.ticket_id == first.ticket_id and dup.value.rule == "R-IN-7"

    attached = tickets.record_complaint(
        site, actors["desk2"], draft(description="还在漏"), now=later, attach_to=dup.value.ticket_id
    )
    assert attached.attached and attached.ticket_id == first.ticket_id
    t = tickets.get_ticket(site, actors["desk"], first.ticket_id, now=later)
    assert [e.kind for e in t.events] == ["received", "attach"]
    assert t.events[1].operator == "刘婷" and t.events[1].note == "还在漏"
    assert [r.id for r in tickets.list_tickets(site, actors["desk"], now=later, search="还在漏")] == [first.ticket_id]

    forced = tickets.record_complaint(site, actors["desk2"], draft(), now=later, force_new=True)
    assert forced.ticket_id != first.ticket_id and not forced.attached
    assert forced.open_duplicates == (first.ticket_id,)


def test_r_in_7_other_category_or_unit_is_no_duplicate(site, actors, now):
    # A duplicate is the same unit AND category: changing either records a new ticket of its own,
    # not attached and with no open duplicate to mention (DuplicateFound would fail the test too).
    first = tickets.record_complaint(site, actors["desk"], draft(), now=now)
    other_category = tickets.record_complaint(site, actors["desk"], draft(category="sanitation"), now=now)
    other_unit = tickets.record_complaint(site, actors["desk"], draft(unit="3-2-1202"), now=now)
    ids = [first.ticket_id, other_category.ticket_id, other_unit.ticket_id]
    assert len(set(ids)) == 3
    for result in (other_category, other_unit):
        assert not result.attached and result.open_duplicates == ()
    t = tickets.get_ticket(site, actors["desk"], first.ticket_id, now=now)
    assert [e.kind for e in t.events] == ["received"]  # nothing was attached to the first
    assert (other_category.ticket.category, other_unit.ticket.unit) == ("sanitation", "3-2-1202")


def test_r_in_7_recurrence_links_a_ticket_closed_within_30_days(site, actors, now):
    earlier = now - timedelta(days=20)
    first = tickets.record_complaint(site, actors["desk"], draft(), now=earlier)
    tickets.act(site, actors["desk"], first.ticket_id, "answer", {"note": "已解释"}, now=earlier + timedelta(hours=1))
    again = tickets.record_complaint(site, actors["desk"], draft(), now=now)
    assert again.recurrence_of == first.ticket_id
    assert again.ticket.recurrence_of == first.ticket_id
    assert again.ticket.events[0].data["recurrence_of"] == first.ticket_id
    # Past the window: no link.
    site.settings.recurrence_days = 10
    later = tickets.record_complaint(site, actors["desk"], draft(unit="3-2-1202"), now=now)
    assert later.recurrence_of is None


def test_r_in_10_number_and_expected_time_are_read_out_and_on_record(site, actors, now):
    result = tickets.record_complaint(site, actors["desk"], draft(), now=now)
    assert result.due_at == (now + timedelta(hours=24)).astimezone(site.tz)  # R-DL-3a: 24 h until assessed
    assert str(result.ticket_id) in result.receipt
    assert result.due_at.strftime("%Y-%m-%d %H:%M") in result.receipt
    assert result.ticket.events[0].data["due_at"] == result.due_at.isoformat(timespec="seconds")


def test_r_dl_3a_complexity_at_intake_sets_the_deadline_at_once(site, actors, now):
    from datetime import datetime

    result = tickets.record_complaint(site, actors["desk"], draft(complexity="moderate"), now=now)
    # Wednesday 25 Nov 2026: 3 working days after the day of receipt end on Monday 30 Nov.
    assert result.due_at == datetime(2026, 11, 30, 23, 59, 59, tzinfo=site.tz)
    assert result.ticket.working_days == 3
    complex_ = tickets.record_complaint(
        site, actors["desk"], draft(unit="1-1-101", complexity="complex"), now=now
    )
    assert complex_.ticket.working_days == 15


def test_r_dl_3a_received_at_in_the_past_counts_from_then_and_future_is_refused(site, actors, now):
    earlier = now - timedelta(days=3)
    result = tickets.record_complaint(site, actors["desk"], draft(received_at=earlier), now=now)
    assert result.ticket.received_at == earlier
    assert result.ticket.overdue  # 24 h from three days ago
    with pytest.raises(InputError) as bad:
        tickets.record_complaint(site, actors["desk"], draft(unit="1-1-101", received_at=now + timedelta(minutes=5)), now=now)
    assert bad.value.field == "received_at"


def test_r_em_1_emergency_is_assessed_and_assigned_to_the_response_team_at_once(site, actors, now):
    result = tickets.record_complaint(
        site, actors["desk"],
        draft(emergency=True, owner_name="", phone="", description="水管爆裂，水漫楼道", unit="5-1-302"),
        now=now,
    )
    t = result.ticket
    assert t.status == "assigned" and t.emergency
    assert (t.department, t.severity, t.complexity) == ("engineering", "important", "simple")
    assert [e.kind for e in t.events] == ["received", "assess", "assign"]
    assert all(e.operator == "陈晓燕" for e in t.events)
    # R-EM-2: the clocks from the settings; the due time is the under-control time (R-DL-3a).
    assert t.on_site_due == (now + timedelta(minutes=10)).astimezone(site.tz)
    assert t.under_control_due == (now + timedelta(minutes=60)).astimezone(site.tz)
    assert t.due_at == t.under_control_due
    assert result.on_site_due == t.on_site_due


def test_r_em_1_emergency_is_not_held_up_by_an_open_duplicate(site, actors, now):
    first = tickets.record_complaint(site, actors["desk"], draft(), now=now)
    result = tickets.record_complaint(site, actors["desk"], draft(emergency=True), now=now)
    assert result.open_duplicates == (first.ticket_id,) and result.ticket_id != first.ticket_id


def test_r_ro_1_staff_record_own_finds_but_not_emergencies(site, actors, now):
    found = tickets.record_complaint(
        site, actors["san"], draft(channel="staff", category="sanitation", owner_name="", phone=""), now=now
    )
    assert found.ticket.channel == "staff"
    with pytest.raises(RuleError) as refused:
        tickets.record_complaint(site, actors["san"], draft(channel="phone", unit="1-1-101"), now=now)
    assert refused.value.rule == "R-RO-1"


def test_r_pd_1_r_pd_3_phones_masked_for_staff_and_nobody(site, actors, now):
    result = tickets.record_complaint(site, actors["desk"], draft(contact="13900001111 晚上"), now=now)
    assert result.ticket.phone == "13812345678"
    for reader in (None, actors["eng"]):
        view = tickets.get_ticket(site, reader, result.ticket_id, now=now)
        assert view.phone == "138****5678" and view.phone_masked
        assert "13900001111" not in view.contact
        (row,) = tickets.list_tickets(site, reader, now=now)
        assert row.phone == "138****5678"
    assert tickets.get_ticket(site, actors["assistant"], result.ticket_id, now=now).phone == "13812345678"
    assert tickets.get_ticket(site, None, result.ticket_id, now=now).allowed_actions == ()


def test_r_pd_3_phone_search_only_for_those_who_see_phones(site, actors, now):
    result = tickets.record_complaint(site, actors["desk"], draft(), now=now)
    assert [r.id for r in tickets.list_tickets(site, actors["desk"], now=now, search="12345678")] == [result.ticket_id]
    assert tickets.list_tickets(site, None, now=now, search="12345678") == []
    assert tickets.list_tickets(site, actors["eng"], now=now, search="5678") == []


def test_owner_history_by_unit_and_phone_and_register_lookup(site, actors, now):
    first = tickets.record_complaint(site, actors["desk"], draft(), now=now - timedelta(days=2))
    tickets.record_complaint(site, actors["desk"], draft(category="sanitation"), now=now)
    other = tickets.record_complaint(site, actors["desk"], draft(unit="1-1-101", phone="13900001111"), now=now)
    by_unit = tickets.owner_history(site, actors["desk"], now=now, unit="3-2-1201")
    assert [r.id for r in by_unit][-1] == first.ticket_id and len(by_unit) == 2
    by_phone = tickets.owner_history(site, actors["desk"], now=now, phone="139-0000-1111")
    assert [r.id for r in by_phone] == [other.ticket_id]
    with pytest.raises(RuleError):
        tickets.owner_history(site, actors["eng"], now=now, phone="13900001111")
    owners = tickets.lookup_owners(site, "3-2-1201", actor=actors["desk"])
    assert [(o.name, o.phone, o.unit) for o in owners] == [("王芳", "13812345678", "3-2-1201")]
    assert tickets.lookup_owners(site, "13812345678", actor=actors["desk"])[0].unit == "3-2-1201"
    assert tickets.lookup_owners(site, "3-2-1201")[0].phone == "138****5678"
