"""R-EM-4 (revised expected time), R-EM-5 (figures at the clocks) and R-IN-8a (the owner's
agreement, a supervisor called) through the ticket service, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

from frontdesk_tui.data import migrate
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables_duty import RosterDay
from frontdesk_tui.data.tables_tickets import Ticket
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.services import tickets
from frontdesk_tui.services.supervision import board
from frontdesk_tui.services.supervision.reports import monthly_report
from frontdesk_tui.services.tickets.queue import QueueFilter, load_page
from frontdesk_tui.services.uow import UnitOfWork

M = timedelta(minutes=1)
H = timedelta(hours=1)


def _emergency(site, actors, now) -> int:
    return tickets.record_complaint(site, actors["desk"], draft(emergency=True), now=now).ticket_id


def _revise(site, actor, t, at, expected, **extra):
    fields = {"expected_at": expected, "reason": "需要自来水公司抢修主管道", "owner_told": True, **extra}
    return tickets.act(site, actor, t, "revise-expected", fields, now=at)


def test_r_em_4_revised_time_after_a_missed_clock_keeps_every_clock(site, actors, now):
    t = _emergency(site, actors, now)
    before = tickets.get_ticket(site, actors["desk"], t, now=now)
    late = now + 70 * M  # both clocks missed: nobody on site, not under control
    view = _revise(site, actors["eng"], t, late, now + 5 * H)
    assert view.revised_expected_at == (now + 5 * H).astimezone(site.tz)
    assert (view.on_site_due, view.under_control_due, view.due_at) == (
        before.on_site_due, before.under_control_due, before.due_at
    )
    event = view.events[-1]
    assert (event.kind, event.operator, event.note) == ("revise-expected", "周师傅", "需要自来水公司抢修主管道")
    assert event.data["owner_told"] is True and event.data["missed"] == ["on_site", "under_control"]
    assert event.data["expected_at"] == (now + 5 * H).astimezone(site.tz).isoformat(timespec="seconds")
    # Extend and pause stay refused (R-EM-2, R-DL-7), and say what to do instead.
    with pytest.raises(RuleError) as extend:
        tickets.act(site, actors["assistant"], t, "extend", {"reason": "外部支援", "owner_told": True,
                                                             "working_days": 3}, now=late)
    assert extend.value.rule == "R-EM-2" and "revise-expected" in extend.value.reason
    with pytest.raises(RuleError) as pause:
        tickets.act(site, actors["eng"], t, "pause", {"reason": "等待"}, now=late)
    assert pause.value.rule == "R-DL-7"


def test_r_em_4_before_a_clock_is_missed_and_again_later(site, actors, now):
    t = _emergency(site, actors, now)
    tickets.act(site, actors["eng"], t, "on-site", {}, now=now + 6 * M)
    first = _revise(site, actors["desk"], t, now + 20 * M, now + 3 * H)
    assert first.events[-1].data["missed"] == []
    second = _revise(site, actors["desk"], t, now + 2 * H, now + 6 * H)
    assert second.revised_expected_at == (now + 6 * H).astimezone(site.tz)
    assert [e.kind for e in second.events].count("revise-expected") == 2  # the timeline keeps both


def test_r_em_4_bad_input_and_refusals(site, actors, now):
    t = _emergency(site, actors, now)
    for missing in ("owner_told", "reason", "expected_at"):
        fields = {"expected_at": now + 3 * H, "reason": "外部支援", "owner_told": True}
        fields.pop(missing)
        with pytest.raises(InputError) as bad:
            tickets.act(site, actors["desk"], t, "revise-expected", fields, now=now + M)
        assert bad.value.field == missing
    with pytest.raises(InputError) as past:
        _revise(site, actors["desk"], t, now + H, now + 30 * M)
    assert past.value.field == "expected_at" and "T" not in past.value.reason.split("(")[-1]
    with pytest.raises(InputError):
        _revise(site, actors["desk"], t, now + M, "tomorrow")
    # Text in the site's time is taken as such (the form's input).
    local = (now + 4 * H).astimezone(site.tz).strftime("%Y-%m-%d %H:%M")
    assert _revise(site, actors["desk"], t, now + M, local).revised_expected_at == (now + 4 * H).astimezone(site.tz)
    general = tickets.record_complaint(site, actors["desk"], draft(unit="1-1-101"), now=now).ticket_id
    with pytest.raises(RuleError) as not_emergency:
        _revise(site, actors["desk"], general, now + M, now + 3 * H)
    assert not_emergency.value.rule == "R-EM-4"
    assert "revise-expected" not in tickets.get_ticket(site, actors["desk"], general, now=now).allowed_actions
    tickets.act(site, actors["desk"], t, "withdraw", {"note": "业主自行处理"}, now=now + 2 * H)
    with pytest.raises(RuleError) as ended:
        _revise(site, actors["desk"], t, now + 3 * H, now + 5 * H)
    assert ended.value.rule == "R-EM-4"


def test_r_em_4_revised_time_in_the_queue_and_on_the_board(site, actors, now):
    t = _emergency(site, actors, now)
    _revise(site, actors["desk"], t, now + 70 * M, now + 5 * H)
    page = load_page(site.db, actors["desk"], QueueFilter(), now=now + 80 * M, tz=site.tz, calendar=site.calendar)
    row = next(r for r in page.rows if r.id == t)
    assert row.revised_expected_at == now + 5 * H
    items = board.supervision_board(site, actors["assistant"], now=now + 80 * M, kind=board.EMERGENCY).items
    assert [(i.ref_id, i.revised_expected_at) for i in items] == [(t, now + 5 * H)]
    assert items[0].to_json(site.tz)["revised_expected_at"] == (now + 5 * H).astimezone(site.tz).isoformat()


def test_r_em_5_a_revised_expected_time_changes_neither_emergency_figure(site, actors, now):
    # 25 November 2026 10:00 local. On site after 8 minutes (in the default 10: on time); under
    # control never within its hour: a revision at 10:50 to 15:00 does not make it on time. Hand count
    # at 30 November: on site 1 of 1, under control 0 of 1 (the clock ran out at 11:00).
    t = _emergency(site, actors, now)
    tickets.act(site, actors["eng"], t, "on-site", {}, now=now + 8 * M)
    _revise(site, actors["eng"], t, now + 50 * M, now + 5 * H)
    tickets.act(site, actors["eng"], t, "under-control", {}, now=now + 4 * H)
    q = monthly_report(site, 2026, 11, now=now + 5 * 24 * H).quality
    assert (q.emergency_on_site.part, q.emergency_on_site.whole) == (1, 1)
    assert (q.emergency_under_control.part, q.emergency_under_control.whole) == (0, 1)


# --- R-IN-8a ------------------------------------------------------------------------------------


def test_r_in_8a_escalate_records_the_owners_agreement_and_whom(site, actors, now):
    t = tickets.record_complaint(site, actors["desk"], draft(), now=now).ticket_id
    with pytest.raises(InputError) as bad:
        tickets.act(site, actors["desk"], t, "escalate", {"called": "李娜"}, now=now)
    assert bad.value.field == "owner_agreed"
    view = tickets.act(site, actors["desk"], t, "escalate", {"called": "李娜", "owner_agreed": True}, now=now + M)
    event = view.events[-1]
    assert (event.kind, event.data["called"], event.data["owner_agreed"], event.operator) == (
        "escalate", "李娜", True, "陈晓燕"
    )
    assert view.escalated


@pytest.mark.parametrize("called", ["张经理", "周师傅", "刘婷", "赵强", "老马"])
def test_r_in_8a_refuses_a_person_who_is_not_a_supervisor(site, actors, now, called):
    t = tickets.record_complaint(site, actors["desk"], draft(), now=now).ticket_id
    with pytest.raises(RuleError) as refused:  # 10:00 on a working day: the duty officer is not on duty
        tickets.act(site, actors["desk"], t, "escalate", {"called": called, "owner_agreed": True}, now=now)
    assert refused.value.rule == "R-IN-8a" and called in refused.value.reason
    assert [e.kind for e in tickets.get_ticket(site, actors["desk"], t, now=now).events] == ["received"]


def test_r_in_8a_off_duty_hours_the_officer_on_duty_may_be_called(site, actors, now):
    t = tickets.record_complaint(site, actors["desk"], draft(), now=now).ticket_id
    evening = now + 10 * H  # 20:00
    assert "赵强" not in tickets.eligible_supervisors(site, now=evening)  # nobody on the roster yet
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["desk"], t, "escalate", {"called": "赵强", "owner_agreed": True}, now=evening)
    assert refused.value.rule == "R-IN-8a" and "roster" in refused.value.reason
    with UnitOfWork(site.db) as uow:
        uow.session.add(RosterDay(day=evening.astimezone(site.tz).date(), officer_id=actors["duty"].id,
                                  set_by=actors["assistant"].id, set_at=now))
        uow.commit()
    assert tickets.eligible_supervisors(site, now=evening) == ("赵强", "李娜", "张建国")
    assert tickets.eligible_supervisors(site, now=now) == ("李娜", "张建国")
    view = tickets.act(site, actors["desk"], t, "escalate", {"called": "赵强", "owner_agreed": True}, now=evening)
    assert view.events[-1].data["called"] == "赵强"


def test_r_in_8a_a_supervisor_takes_over_in_their_own_name_claiming_no_agreement(site, actors, now):
    t = tickets.record_complaint(site, actors["desk"], draft(), now=now).ticket_id
    view = tickets.act(site, actors["assistant"], t, "escalate", {"taken_over": True}, now=now)
    event = view.events[-1]
    assert (event.data["called"], event.data["taken_over"], "owner_agreed" in event.data) == ("李娜", True, False)
    with pytest.raises(InputError):  # taking over is in one's own name
        tickets.act(site, actors["assistant"], t, "escalate", {"taken_over": True, "called": "张建国"}, now=now)
    with pytest.raises(RuleError) as refused:  # and only a supervisor takes over
        tickets.act(site, actors["desk"], t, "escalate", {"taken_over": True}, now=now)
    assert refused.value.rule == "R-IN-8a"


# --- migration 0010 -----------------------------------------------------------------------------


def test_r_em_4_migration_0010_keeps_every_ticket(db_url, now):
    database = Database(db_url)
    try:
        migrate.upgrade(database, "0009_performance")
        with database.write_engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO operator (id, name, role, department, password_hash, active, created_at) "
                "VALUES (1, '陈晓燕', 'receptionist', 'service_centre', 'x', true, :at)"), {"at": now})
        table = sa.Table("ticket", sa.MetaData(), autoload_with=database.write_engine)
        assert "revised_expected_at" not in table.columns
        rows = []
        for i in range(3):
            row = {}
            for col in table.columns:
                if col.primary_key or col.nullable or col.server_default is not None:
                    continue
                kind = type(col.type).__name__.upper()
                if "INT" in kind:
                    row[col.name] = 1
                elif "BOOL" in kind:
                    row[col.name] = False
                elif "DATE" in kind or "TIME" in kind:
                    row[col.name] = now - timedelta(hours=2)
                else:
                    row[col.name] = "x"
            row.update(status="assigned", channel="phone", category="engineering", department="engineering",
                       emergency=i == 0, description=f"第{i}单", due_at=now + timedelta(hours=i + 1),
                       on_site_due=now + timedelta(minutes=10) if i == 0 else None)
            rows.append(row)
        with database.write_engine.begin() as conn:
            ids = [conn.execute(sa.insert(table).values(**r)).inserted_primary_key[0] for r in rows]
        migrate.upgrade(database)
        assert not migrate.needs_upgrade(database)
        with UnitOfWork(database, write=False) as uow:
            found = uow.session.exec(
                sa.select(Ticket.id, Ticket.description, Ticket.emergency, Ticket.due_at, Ticket.revised_expected_at)
                .order_by(Ticket.id)
            ).all()
        assert [tuple(r) for r in found] == [
            (ids[i], f"第{i}单", i == 0, now + timedelta(hours=i + 1), None) for i in range(3)
        ]
    finally:
        database.dispose()
