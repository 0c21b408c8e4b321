"""Ticket actions (R-LC-*, R-SV-4, R-DL-3/7, R-EM-2/3, R-IN-6/8, R-RO-2/3) on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlmodel import select
from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

from frontdesk_tui.data.tables import InboxItem
from frontdesk_tui.data.tables_duty import RosterDay
from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError
from frontdesk_tui.services import tickets
from frontdesk_tui.services.uow import UnitOfWork

H = timedelta(hours=1)


def _new(site, actors, now, **changes) -> int:
    return tickets.record_complaint(site, actors["desk"], draft(**changes), now=now).ticket_id


def _walk(site, actors, ticket_id, now, *, to: str, complexity="moderate", severity="minor") -> datetime:
    """Take the ticket through the table up to ``to``; returns the time of the last step."""
    steps = [
        ("desk", "assess", {"complexity": complexity, "severity": severity}),
        ("director" if severity == "major" else "assistant", "assign", {"handler": "周师傅"}),
        ("eng", "investigate", {"note": "上门查看，上水管接头老化"}),
        ("eng", "plan", {"note": "周师傅明天更换接头"}),
        ("eng", "start", {}),
        ("eng", "report", {"note": "已更换接头，不再漏水", "how_told": "phone"}),
        ("desk", "confirm", {}),
    ]
    at = now
    for who, action, fields in steps:
        at += H
        view = tickets.act(site, actors[who], ticket_id, action, fields, now=at)
        if view.status == to:
            break
    return at


def _rows(site, stmt):
    with UnitOfWork(site.db, write=False) as uow:
        return list(uow.session.exec(stmt))


def test_r_lc_1_the_whole_table_to_a_follow_up_visit(site, actors, now):
    t = _new(site, actors, now)
    at = _walk(site, actors, t, now, to="closed")
    view = tickets.act(site, actors["desk"], t, "follow-up", {"satisfaction": "very_satisfied", "note": "很满意"}, now=at + H)
    assert view.status == "closed" and view.follow_up_done and not view.follow_up_flagged
    assert [e.kind for e in view.events] == [
        "received", "assess", "assign", "investigate", "plan", "start", "report", "confirm", "follow-up",
    ]
    assert view.handler == "周师傅" and view.severity == "minor" and view.complexity == "moderate"
    assert view.reported_at is not None and view.closed_at is not None
    assert not view.overdue


def test_r_lc_1_refusal_names_the_rule_and_what_this_operator_may_do(site, actors, now):
    t = _new(site, actors, now)
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["desk"], t, "start", {}, now=now + H)
    assert refused.value.rule == "R-LC-1"
    assert "You may:" in refused.value.reason and "assess" in refused.value.reason
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["eng"], t, "assess", {"complexity": "simple", "severity": "minor"}, now=now + H)
    assert refused.value.rule == "R-RO-1"


def test_r_lc_1_staff_of_another_department_may_not_work_the_ticket(site, actors, now):
    t = _new(site, actors, now)
    _walk(site, actors, t, now, to="assigned")
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["san"], t, "investigate", {"note": "看看"}, now=now + 5 * H)
    assert refused.value.rule == "R-RO-1"
    assert tickets.get_ticket(site, actors["san"], t, now=now).status == "assigned"


def test_r_lc_1_unknown_action_and_missing_fields_name_the_field(site, actors, now):
    t = _new(site, actors, now)
    with pytest.raises(InputError) as bad:
        tickets.act(site, actors["desk"], t, "fix", {}, now=now)
    assert bad.value.field == "action"
    with pytest.raises(InputError) as bad:
        tickets.act(site, actors["desk"], t, "assess", {"complexity": "simple"}, now=now)
    assert bad.value.field == "severity"
    with pytest.raises(InputError) as bad:
        tickets.act(site, actors["desk"], t, "assess", {"complexity": "hard", "severity": "minor"}, now=now)
    assert bad.value.field == "complexity"
    with pytest.raises(NotFound):
        tickets.act(site, actors["desk"], 9999, "note", {"note": "x"}, now=now)
    assert [e.kind for e in tickets.get_ticket(site, None, t, now=now).events] == ["received"]


def test_r_lc_1_assign_checks_the_handler(site, actors, now):
    t = _new(site, actors, now)
    tickets.act(site, actors["desk"], t, "assess", {"complexity": "simple", "severity": "minor"}, now=now)
    for handler in ("吴秀兰", "老马", "nobody"):  # other department, disabled, unknown
        with pytest.raises(InputError) as bad:
            tickets.act(site, actors["assistant"], t, "assign", {"handler": handler}, now=now)
        assert bad.value.field == "handler"
    view = tickets.act(site, actors["assistant"], t, "assign", {"department": "sanitation", "handler": "吴秀兰"}, now=now)
    assert (view.department, view.handler) == ("sanitation", "吴秀兰")


def test_r_du_5_r_lc_1_duty_officer_assigns_only_off_duty_hours_and_only_on_the_roster(site, actors, now):
    t = _new(site, actors, now)
    tickets.act(site, actors["desk"], t, "assess", {"complexity": "simple", "severity": "minor"}, now=now)
    with pytest.raises(RuleError):
        tickets.act(site, actors["duty"], t, "assign", {}, now=now + H)  # 11:00 on a Wednesday
    evening = now + 10 * H  # 20:00
    with pytest.raises(RuleError) as err:  # R-DU-5: nobody is on the roster that evening
        tickets.act(site, actors["duty"], t, "assign", {}, now=evening)
    assert err.value.rule == "R-DU-5"
    assert "assign" not in tickets.get_ticket(site, actors["duty"], t, now=evening).allowed_actions
    with UnitOfWork(site.db) as uow:  # the roster names the duty officer for that day
        uow.session.add(RosterDay(day=evening.astimezone(site.tz).date(), officer_id=actors["duty"].id,
                                  set_by=actors["assistant"].id, set_at=now))
        uow.commit()
    assert "assign" in tickets.get_ticket(site, actors["duty"], t, now=evening).allowed_actions
    assert tickets.act(site, actors["duty"], t, "assign", {}, now=evening).status == "assigned"


def test_r_lc_2_ends_keep_everything(site, actors, now):
    a = _new(site, actors, now)
    w = _new(site, actors, now, unit="3-2-1202")
    i = _new(site, actors, now, unit="1-1-101")
    tickets.act(site, actors["desk"], w, "withdraw", {"note": "业主说自己修好了"}, now=now + H)
    tickets.act(site, actors["assistant"], i, "invalidate", {"reason": "不属于物业管理范围"}, now=now + H)
    view = tickets.act(site, actors["desk"], a, "answer", {"note": "停水通知已张贴，明早恢复"}, now=now + H)
    assert view.status == "answered"  # R-IN-6
    statuses = {r.id: r.status for r in tickets.list_tickets(site, None, now=now, status="all")}
    assert statuses == {a: "answered", w: "withdrawn", i: "invalid"}
    assert tickets.list_tickets(site, None, now=now) == []  # none open
    for ticket_id in (a, w, i):
        view = tickets.get_ticket(site, None, ticket_id, now=now + 100 * H)
        assert len(view.events) == 2 and not view.overdue
        with pytest.raises(RuleError):
            tickets.act(site, actors["director"], ticket_id, "note", {"note": "x"}, now=now + 2 * H)


def test_r_in_6_answer_at_the_desk_records_the_explanation(site, actors, now):
    t = _new(site, actors, now)
    view = tickets.act(site, actors["desk"], t, "answer", {"note": "这是市政停水，已告知恢复时间"}, now=now + H)
    assert view.status == "answered" and view.events[-1].note == "这是市政停水，已告知恢复时间"
    with pytest.raises(InputError) as bad:
        tickets.act(site, actors["desk"], _new(site, actors, now, unit="1-1-101"), "answer", {}, now=now)
    assert bad.value.field == "note"


def test_r_lc_3_corrections_are_new_events_by_the_author_or_assistant(site, actors, now):
    t = _new(site, actors, now)
    view = tickets.act(site, actors["desk"], t, "note", {"note": "业主下午在家"}, now=now + H)
    note_id = view.events[-1].id
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["desk2"], t, "correct", {"corrects": note_id, "note": "上午"}, now=now + 2 * H)
    assert refused.value.rule == "R-LC-3"
    view = tickets.act(site, actors["desk"], t, "correct", {"corrects": note_id, "note": "应为上午在家"}, now=now + 2 * H)
    assert view.events[-1].corrects == note_id and view.events[1].note == "业主下午在家"
    view = tickets.act(site, actors["assistant"], t, "correct", {"corrects": note_id, "note": "核实：全天在家"}, now=now + 3 * H)
    assert [e.kind for e in view.events] == ["received", "note", "correct", "correct"]
    with pytest.raises(NotFound) as bad:
        tickets.act(site, actors["desk"], t, "correct", {"corrects": 9999, "note": "x"}, now=now)
    assert bad.value.field == "corrects"


def test_r_lc_3_r_ro_2_timeline_is_append_only_and_names_every_operator(site, actors, now):
    t = _new(site, actors, now)
    at = _walk(site, actors, t, now, to="closed")
    events = _rows(site, select(TicketEvent).where(TicketEvent.ticket_id == t).order_by(TicketEvent.id))
    assert all(e.operator_id is not None for e in events)
    assert [e.at for e in events] == sorted(e.at for e in events)
    (row,) = _rows(site, select(Ticket).where(Ticket.id == t))
    assert row.updated_by == actors["desk"].id and row.updated_at == at
    assert row.version == 1 + 7  # every action bumped it once


def test_r_lc_4_contact_and_note_are_the_owner_facing_update(site, actors, now):
    t = _new(site, actors, now)
    view = tickets.act(site, actors["eng"], t, "contact", {"note": "电话告知业主明天上门"}, now=now + H)
    assert view.last_update_at == (now + H).astimezone(site.tz)


def test_r_lc_5_dissatisfied_follow_up_flags_for_the_assistant_who_may_reopen(site, actors, now):
    t = _new(site, actors, now)
    at = _walk(site, actors, t, now, to="closed")
    closed = tickets.get_ticket(site, actors["desk"], t, now=at)
    # Closed on Wednesday 17:00: 3 working days later is Monday 30 Nov, end of day.
    assert closed.follow_up_due_at == datetime(2026, 11, 30, 23, 59, 59, tzinfo=site.tz)
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["assistant"], t, "reopen", {"reason": "x"}, now=at + H)
    assert refused.value.rule == "R-LC-5"
    with pytest.raises(InputError) as bad:
        tickets.act(site, actors["desk"], t, "follow-up", {"satisfaction": "meh"}, now=at + H)
    assert bad.value.field == "satisfaction"
    view = tickets.act(site, actors["desk"], t, "follow-up", {"satisfaction": "dissatisfied", "note": "又滴水了"}, now=at + H)
    assert view.follow_up_flagged
    inbox = _rows(site, select(InboxItem).where(InboxItem.rule == "R-LC-5"))
    assert [(i.operator_id, i.ref_id, i.kind) for i in inbox] == [(actors["assistant"].id, t, "follow_up_dissatisfied")]
    with pytest.raises(RuleError):  # the desk may not reopen a closed ticket
        tickets.act(site, actors["desk"], t, "reopen", {"reason": "又漏"}, now=at + 2 * H)
    view = tickets.act(site, actors["assistant"], t, "reopen", {"reason": "接头仍滴水"}, now=at + 2 * H)
    assert view.status == "planned" and view.closed_at is None and not view.follow_up_flagged


def test_r_lc_5_desk_reopens_a_reported_ticket_with_a_fresh_deadline(site, actors, now):
    t = _new(site, actors, now, received_at=now - timedelta(days=10))
    at = _walk(site, actors, t, now, to="result_reported")
    before = tickets.get_ticket(site, actors["desk"], t, now=at)
    assert before.overdue  # reported after its due time
    view = tickets.act(site, actors["desk"], t, "reopen", {"reason": "业主不满意"}, now=at + H)
    # R-DL-7: a fresh deadline from the reopening, not an instant false "overdue".
    assert view.status == "planned" and not view.overdue and view.reported_at is None
    assert view.deadline_started_at == (at + H).astimezone(site.tz)
    assert view.due_at == datetime(2026, 11, 30, 23, 59, 59, tzinfo=site.tz)


def test_r_lc_6_major_ticket_needs_a_summary_before_closing(site, actors, now):
    t = _new(site, actors, now)
    at = _walk(site, actors, t, now, to="result_reported", severity="major")
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["desk"], t, "confirm", {}, now=at + H)
    assert refused.value.rule == "R-LC-6"
    with pytest.raises(InputError) as bad:
        tickets.act(site, actors["assistant"], t, "summary", {"cause": "接头老化"}, now=at + H)
    assert bad.value.field == "improvement"
    tickets.act(site, actors["assistant"], t, "summary", {"cause": "接头老化", "improvement": "全楼排查"}, now=at + H)
    assert tickets.act(site, actors["desk"], t, "confirm", {}, now=at + 2 * H).status == "closed"


def test_r_sv_4_major_ticket_assign_needs_the_director(site, actors, now):
    t = _new(site, actors, now)
    tickets.act(site, actors["desk"], t, "assess", {"complexity": "complex", "severity": "major"}, now=now)
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["assistant"], t, "assign", {}, now=now + H)
    assert refused.value.rule == "R-RO-1" and "director" in refused.value.reason
    assert tickets.act(site, actors["director"], t, "assign", {}, now=now + H).status == "assigned"
    with pytest.raises(RuleError):
        tickets.act(site, actors["assistant"], t, "extend", {"working_days": 10, "reason": "x", "owner_told": True}, now=now)


def test_r_sv_4_severity_is_set_at_assessment(site, actors, now):
    t = _new(site, actors, now)
    view = tickets.act(site, actors["desk"], t, "assess", {"complexity": "simple", "severity": "important",
                                                          "responsibility": "工程部"}, now=now)
    assert view.severity == "important" and view.events[-1].data["responsibility"] == "工程部"
    with pytest.raises(InputError) as bad:
        tickets.act(site, actors["desk"], _new(site, actors, now, unit="1-1-101"), "assess",
                    {"complexity": "simple", "severity": "huge"}, now=now)
    assert bad.value.field == "severity"


def test_r_dl_3_extend_needs_reason_owner_told_and_never_passes_15_working_days(site, actors, now):
    t = _new(site, actors, now)
    tickets.act(site, actors["desk"], t, "assess", {"complexity": "complex", "severity": "minor"}, now=now)
    view = tickets.act(site, actors["assistant"], t, "assign", {"working_days": 5}, now=now + H)
    assert view.due_at == datetime(2026, 12, 2, 23, 59, 59, tzinfo=site.tz)  # 5 working days after Wed
    with pytest.raises(InputError) as bad:
        tickets.act(site, actors["assistant"], t, "extend", {"working_days": 10, "reason": "等物业公司批准"}, now=now + 2 * H)
    assert bad.value.field == "owner_told"
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["assistant"], t, "extend",
                    {"working_days": 16, "reason": "x", "owner_told": True}, now=now + 2 * H)
    assert refused.value.rule == "R-DL-3"
    view = tickets.act(site, actors["assistant"], t, "extend",
                       {"working_days": 15, "reason": "需业委会决定", "owner_told": True}, now=now + 2 * H)
    assert view.due_at == datetime(2026, 12, 16, 23, 59, 59, tzinfo=site.tz)
    assert view.deadline_started_at == (now + 2 * H).astimezone(site.tz)  # a new deadline (R-DL-6)
    assert view.events[-1].data["due_from"] == "2026-12-02T23:59:59+08:00"


def test_r_dl_3_extending_a_moderate_ticket_makes_it_complex(site, actors, now):
    t = _new(site, actors, now)
    _walk(site, actors, t, now, to="assigned")
    view = tickets.act(site, actors["assistant"], t, "extend",
                       {"working_days": 8, "reason": "需要订购配件", "owner_told": True}, now=now + 3 * H)
    assert view.complexity == "complex" and view.events[-1].data["complexity_from"] == "moderate"


def test_r_dl_7_pause_moves_the_deadline_by_the_paused_time(site, actors, now):
    t = _new(site, actors, now)
    _walk(site, actors, t, now, to="assigned")  # moderate: due Monday 30 Nov 23:59:59
    with pytest.raises(InputError) as bad:
        tickets.act(site, actors["eng"], t, "pause", {}, now=now + 3 * H)
    assert bad.value.field == "reason"
    paused = tickets.act(site, actors["eng"], t, "pause", {"reason": "等业主开门"}, now=now + 3 * H)
    assert paused.paused
    # Paused from Wednesday 13:00 to Friday 09:00: Thursday and Friday were touched (Wednesday is
    # the day of receipt and never counts), so the deadline moves two working days.
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=site.tz)
    view = tickets.act(site, actors["eng"], t, "resume", {}, now=friday)
    assert not view.paused and view.due_at == datetime(2026, 12, 2, 23, 59, 59, tzinfo=site.tz)
    assert view.working_days == 5


def test_r_dl_7_a_24_hour_deadline_moves_by_the_hours_paused(site, actors, now):
    t = _new(site, actors, now)
    _walk(site, actors, t, now, to="assigned", complexity="simple")
    tickets.act(site, actors["assistant"], t, "pause", {"reason": "等配件"}, now=now + 3 * H)
    view = tickets.act(site, actors["assistant"], t, "resume", {}, now=now + 8 * H)
    assert view.due_at == (now + 24 * H + 5 * H).astimezone(site.tz)


def test_r_dl_7_a_paused_ticket_is_not_overdue_while_paused(site, actors, now):
    t = _new(site, actors, now)
    _walk(site, actors, t, now, to="assigned", complexity="simple")
    tickets.act(site, actors["eng"], t, "pause", {"reason": "等业主回国"}, now=now + 3 * H)
    later = now + 72 * H
    assert not tickets.get_ticket(site, None, t, now=later).overdue
    assert tickets.list_tickets(site, None, now=later, overdue=True) == []


def test_r_dl_7_emergencies_never_pause(site, actors, now):
    t = tickets.record_complaint(site, actors["desk"], draft(emergency=True), now=now).ticket_id
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["eng"], t, "pause", {"reason": "x"}, now=now + H)
    assert refused.value.rule == "R-DL-7"


def test_r_dl_7_recompute_after_the_holiday_file_changed(site, actors, now):
    moderate = _new(site, actors, now, complexity="moderate")
    simple = _new(site, actors, now, unit="1-1-101")
    paused = _new(site, actors, now, unit="3-2-1202")
    _walk(site, actors, paused, now, to="assigned")
    tickets.act(site, actors["eng"], paused, "pause", {"reason": "等配件"}, now=now + 3 * H)
    site.calendar = WorkCalendar(extra_holidays=[datetime(2026, 11, 27).date()])  # Friday off
    with pytest.raises(RuleError):
        tickets.recompute_open_deadlines(site, now=now + 4 * H, actor=actors["desk"])
    assert tickets.recompute_open_deadlines(site, now=now + 4 * H, actor=actors["assistant"]) == 1
    view = tickets.get_ticket(site, None, moderate, now=now)
    assert view.due_at == datetime(2026, 12, 1, 23, 59, 59, tzinfo=site.tz)
    assert view.events[-1].kind == "recompute" and view.events[-1].rule == "R-DL-7"
    assert tickets.get_ticket(site, None, simple, now=now).due_at == (now + 24 * H).astimezone(site.tz)
    assert tickets.recompute_open_deadlines(site, now=now + 5 * H) == 0  # nothing moves twice


def test_r_em_2_on_site_and_under_control_stop_the_clocks(site, actors, now):
    t = tickets.record_complaint(site, actors["desk"], draft(emergency=True), now=now).ticket_id
    normal = _new(site, actors, now, unit="1-1-101")
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["desk"], normal, "on-site", {}, now=now)
    assert refused.value.rule == "R-LC-1"
    view = tickets.act(site, actors["eng"], t, "on-site", {}, now=now + timedelta(minutes=8))
    assert view.on_site_at == (now + timedelta(minutes=8)).astimezone(site.tz)
    with pytest.raises(RuleError):
        tickets.act(site, actors["eng"], t, "on-site", {}, now=now + timedelta(minutes=9))
    view = tickets.act(site, actors["eng"], t, "under-control", {}, now=now + timedelta(minutes=40))
    assert view.under_control_at == (now + timedelta(minutes=40)).astimezone(site.tz)
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["assistant"], t, "extend", {"working_days": 3, "reason": "x", "owner_told": True},
                    now=now + H)
    assert refused.value.rule == "R-EM-2"


def test_r_em_3_emergency_needs_a_summary_before_closing(site, actors, now):
    t = tickets.record_complaint(site, actors["desk"], draft(emergency=True), now=now).ticket_id
    at = now
    for who, action, fields in [
        ("eng", "under-control", {}),
        ("eng", "investigate", {"note": "主管道接头爆裂"}),
        ("eng", "plan", {"note": "更换主管道接头"}),
        ("eng", "start", {}),
        ("eng", "report", {"note": "已修复", "how_told": "visit"}),
    ]:
        at += timedelta(minutes=20)
        tickets.act(site, actors[who], t, action, fields, now=at)
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["desk"], t, "confirm", {}, now=at + H)
    assert refused.value.rule == "R-EM-3"
    tickets.act(site, actors["assistant"], t, "summary", {"cause": "管道老化", "improvement": "每季度巡检"}, now=at + H)
    assert tickets.act(site, actors["desk"], t, "confirm", {}, now=at + 2 * H).status == "closed"


def test_r_in_8_escalate_records_who_was_called_and_when(site, actors, now):
    t = _new(site, actors, now)
    with pytest.raises(InputError) as bad:
        tickets.act(site, actors["desk"], t, "escalate", {}, now=now)
    assert bad.value.field == "called"
    view = tickets.act(site, actors["desk"], t, "escalate", {"called": "李娜", "owner_agreed": True, "note": "业主情绪激动"}, now=now + H)
    event = view.events[-1]
    assert (event.kind, event.data["called"], event.at, event.operator) == (
        "escalate", "李娜", (now + H).astimezone(site.tz), "陈晓燕"
    )
    assert view.escalated


def test_close_unreachable_needs_two_attempts_over_three_working_days(site, actors, now):
    t = _new(site, actors, now)
    at = _walk(site, actors, t, now, to="result_reported")
    tickets.act(site, actors["desk"], t, "contact", {"note": "电话无人接听"}, now=at + H)
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["assistant"], t, "close-unreachable", {"note": "联系不上"}, now=at + 2 * H)
    assert refused.value.rule == "R-LC-1" and "1" in refused.value.reason
    monday = datetime(2026, 11, 30, 10, 0, tzinfo=site.tz)
    tickets.act(site, actors["desk"], t, "contact", {"note": "再次无人接听"}, now=monday)
    view = tickets.act(site, actors["assistant"], t, "close-unreachable", {"note": "联系不上"}, now=monday + H)
    assert view.status == "closed" and view.events[-1].data["contact_attempts"] == 2


def test_r_ro_3_stale_version_is_refused_naming_who_and_when(site, actors, now):
    t = _new(site, actors, now)
    seen = tickets.get_ticket(site, actors["desk"], t, now=now).version
    tickets.act(site, actors["desk2"], t, "note", {"note": "业主来电催促"}, now=now + H, expected_version=seen)
    with pytest.raises(RuleError) as refused:
        tickets.act(site, actors["desk"], t, "assess", {"complexity": "simple", "severity": "minor"},
                    now=now + 2 * H, expected_version=seen)
    assert refused.value.rule == "R-RO-3"
    assert "刘婷" in refused.value.reason and (now + H).astimezone(site.tz).strftime("%H:%M") in refused.value.reason
    view = tickets.get_ticket(site, actors["desk"], t, now=now)
    assert view.status == "received" and [e.kind for e in view.events] == ["received", "note"]


def test_event_data_is_json_with_the_fields(site, actors, now):
    t = _new(site, actors, now)
    tickets.act(site, actors["desk"], t, "assess", {"complexity": "simple", "severity": "minor"}, now=now)
    (event,) = _rows(site, select(TicketEvent).where(TicketEvent.ticket_id == t, TicketEvent.kind == "assess"))
    data = json.loads(event.data)
    assert data["complexity"] == "simple" and data["department"] == "engineering"
