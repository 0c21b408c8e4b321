"""Intake service (R-IN-*, R-EM-1, R-DL-3a) on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

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
