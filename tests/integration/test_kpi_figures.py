"""R-KP-3 and R-EM-5: the quality figures of the monthly assessment on a hand-built November 2026,
on SQLite and PostgreSQL. Every expected number is counted by hand in the comments, from the
tickets listed in the fixture (all times Shanghai local).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from test_reports import Month

from frontdesk_tui.data.tables import Operator
from frontdesk_tui.domain.supervision import kpi
from frontdesk_tui.services.supervision.reports import monthly_report, monthly_trend, write_csv, write_xlsx
from frontdesk_tui.services.uow import UnitOfWork


def _operator(m: Month, name: str, department: str) -> int:
    with UnitOfWork(m.db) as uow:
        op = Operator(name=name, role="staff", department=department, password_hash="x",
                      created_at=datetime(2026, 1, 1, tzinfo=UTC))
        uow.session.add(op)
        uow.session.flush()
        uow.commit()
        return op.id


@pytest.fixture
def november(db):
    m = Month(db)
    at = m.at
    wang = _operator(m, "王师傅", "engineering")
    li = _operator(m, "李保洁", "sanitation")
    ids: dict[str, int] = {}

    def eng(name, received, **values):
        values.setdefault("handler_id", wang)
        ids[name] = m.ticket(received, category="engineering", channel="phone", severity="minor",
                             department="engineering", location=f"1-1-{len(ids) + 101}", **values)
        return ids[name]

    def san(name, received, **values):
        values.setdefault("handler_id", li)
        ids[name] = m.ticket(received, category="sanitation", channel="phone", severity="minor",
                             department="sanitation", location=f"2-1-{len(ids) + 101}", **values)
        return ids[name]

    def emergency(name, received, **values):
        values.setdefault("status", "assigned")
        ids[name] = m.ticket(received, category="security", channel="phone", severity="major",
                             department="security", location="地下车库", emergency=True, **values)
        return ids[name]

    # r0: October's, closed in October on time; its follow-up is November's (satisfied).
    eng("r0", at(10, 28, 10), status="closed", reported_at=at(10, 29, 9), closed_at=at(10, 30, 10))
    m.event(ids["r0"], "follow-up", at(11, 2, 10), satisfaction="satisfied")
    # r1: first step after 6 h; reported on time; very satisfied, never reopened: passes.
    eng("r1", at(11, 2, 9), status="closed", reported_at=at(11, 3, 8), closed_at=at(11, 4, 10))
    m.event(ids["r1"], "investigate", at(11, 2, 15))
    m.event(ids["r1"], "follow-up", at(11, 5, 10), satisfaction="very_satisfied")
    # r2: first step after 25 h (late); reopened; reported late; satisfied but reopened: fails.
    eng("r2", at(11, 3, 10), status="closed", reported_at=at(11, 5, 15), closed_at=at(11, 6, 10))
    m.event(ids["r2"], "plan", at(11, 4, 11))
    m.event(ids["r2"], "reopen", at(11, 5, 12), reason="still dripping")
    m.event(ids["r2"], "follow-up", at(11, 7, 10), satisfaction="satisfied")
    # r3: first step exactly 24 h after receipt (on time); reported at its due time (on time); fair: fails.
    eng("r3", at(11, 5, 10), status="closed", reported_at=at(11, 6, 10), closed_at=at(11, 8, 10))
    m.event(ids["r3"], "start", at(11, 6, 10))
    m.event(ids["r3"], "follow-up", at(11, 9, 10), satisfaction="fair")
    # r4: an engineering emergency: on site in 8 of its 10 minutes, under control in 48 of 60, its
    # work reported hours later (late for the on-time rate, on time for both emergency clocks).
    eng("r4", at(11, 10, 20), emergency=True, status="closed", due_at=at(11, 10, 21),
        on_site_due=at(11, 10, 20, 10), on_site_at=at(11, 10, 20, 8),
        under_control_due=at(11, 10, 21), under_control_at=at(11, 10, 20, 48),
        reported_at=at(11, 10, 23, 30), closed_at=at(11, 11, 9))
    m.event(ids["r4"], "on-site", at(11, 10, 20, 8))
    m.event(ids["r4"], "under-control", at(11, 10, 20, 48))
    # r5: an engineering emergency, no handler: on site after 25 minutes, under control after 90.
    eng("r5", at(11, 12, 8), emergency=True, handler_id=None, status="in_progress",
        due_at=at(11, 12, 9), on_site_due=at(11, 12, 8, 10), on_site_at=at(11, 12, 8, 25),
        under_control_due=at(11, 12, 9), under_control_at=at(11, 12, 9, 30))
    m.event(ids["r5"], "on-site", at(11, 12, 8, 25))
    # r6: no step at all, its 24 h ran out long before month end: late.
    eng("r6", at(11, 20, 10), status="assigned")
    # r7: no step yet, but its 24 h run until 1 December 20:00: not counted yet.
    eng("r7", at(11, 30, 20), status="assigned")
    # r8: withdrawn before any step: not a repair to respond to.
    eng("r8", at(11, 15, 10), handler_id=None, status="withdrawn")
    # r10: step after 2 h; reported on time; its follow-up (satisfied) came in December: passes.
    eng("r10", at(11, 27, 10), status="closed", reported_at=at(11, 28, 9), closed_at=at(11, 29, 10))
    m.event(ids["r10"], "investigate", at(11, 27, 12))
    m.event(ids["r10"], "follow-up", at(12, 2, 10), satisfaction="satisfied")

    # Sanitation: s1 on time, satisfied; s2 late, dissatisfied; s3 on time, very satisfied;
    # s4 is October's (its follow-up on 31 October 23:00 local is October's too).
    san("s1", at(11, 2, 10), status="closed", reported_at=at(11, 2, 16), closed_at=at(11, 3, 10))
    m.event(ids["s1"], "investigate", at(11, 2, 11))
    m.event(ids["s1"], "follow-up", at(11, 4, 10), satisfaction="satisfied")
    san("s2", at(11, 8, 10), status="closed", reported_at=at(11, 10, 10), closed_at=at(11, 10, 12))
    m.event(ids["s2"], "follow-up", at(11, 10, 15), satisfaction="dissatisfied")
    san("s3", at(11, 11, 10), status="closed", reported_at=at(11, 11, 18), closed_at=at(11, 12, 9))
    m.event(ids["s3"], "follow-up", at(11, 12, 10), satisfaction="very_satisfied")
    san("s4", at(10, 29, 10), status="closed", reported_at=at(10, 29, 16), closed_at=at(10, 30, 10))
    m.event(ids["s4"], "follow-up", at(10, 31, 23), satisfaction="satisfied")

    # Security emergencies. e3: 23:55 on the last evening, its clocks still run at month end.
    emergency("e3", at(11, 30, 23, 55), due_at=at(12, 1, 0, 55), on_site_due=at(12, 1, 0, 5),
              under_control_due=at(12, 1, 0, 55))
    # e4: invalid (not a real emergency): never counts, however late.
    emergency("e4", at(11, 14, 10), status="invalid", due_at=at(11, 14, 11), on_site_due=at(11, 14, 10, 10),
              on_site_at=at(11, 14, 10, 40), under_control_due=at(11, 14, 11))
    # e5: nobody ever on site, nothing under control: late on both clocks.
    emergency("e5", at(11, 18, 14), due_at=at(11, 18, 15), on_site_due=at(11, 18, 14, 10),
              under_control_due=at(11, 18, 15))
    # e6: on site after 5 minutes (on time), under control after 90 (late).
    emergency("e6", at(11, 22, 9), status="in_progress", due_at=at(11, 22, 10), on_site_due=at(11, 22, 9, 10),
              on_site_at=at(11, 22, 9, 5), under_control_due=at(11, 22, 10), under_control_at=at(11, 22, 10, 30))
    return m, ids


def test_r_kp_3_repair_response_on_time_rate(november):
    m, _ids = november
    q = monthly_report(m.site, 2026, 11).quality
    # Counted: r1 (6 h) yes, r2 (25 h) no, r3 (24 h exactly) yes, r4 (on site in 8 of 10 min) yes,
    # r5 (25 of 10 min) no, r6 (no step, time ran out) no, r10 (2 h) yes; r7 (time still running at
    # month end), r8 (withdrawn) and r0 (October's) not counted; sanitation's s1 is no repair.
    assert (q.repair_response.part, q.repair_response.whole) == (4, 7)
    assert q.repair_response.rate == pytest.approx(4 / 7)


def test_r_kp_3_repair_pass_rate(november):
    m, _ids = november
    q = monthly_report(m.site, 2026, 11).quality
    # Engineering closed in November with a follow-up: r1 (very satisfied) passes, r2 (reopened)
    # fails, r3 (fair) fails, r10 (satisfied, in December) passes; r4 has no follow-up; r0 closed
    # in October. 2 / 4.
    assert (q.repair_pass.part, q.repair_pass.whole, q.repair_pass.rate) == (2, 4, 0.5)


def test_r_kp_3_cleaning_satisfaction(november):
    m, _ids = november
    q = monthly_report(m.site, 2026, 11).quality
    # Sanitation follow-ups recorded in November: s1 satisfied, s2 dissatisfied, s3 very satisfied
    # (s4's is October's). 2 / 3.
    assert (q.cleaning.part, q.cleaning.whole) == (2, 3)
    assert q.cleaning.rate == pytest.approx(2 / 3)


def test_r_em_5_emergency_on_site_and_under_control_on_time_rates(november):
    m, _ids = november
    r = monthly_report(m.site, 2026, 11)
    q = r.quality
    # Emergencies received in November, not invalid: r4, r5, e3, e5, e6 (e4 invalid).
    # On site: r4 yes (8 min), r5 no (25), e5 no (never, due passed), e6 yes (5); e3's clock still
    # runs at month end. 2 / 4.
    assert (q.emergency_on_site.part, q.emergency_on_site.whole, q.emergency_on_site.rate) == (2, 4, 0.5)
    # Under control: r4 yes (48 of 60 min, reported at 23:30: the report does not count), r5 no
    # (90), e5 no (never), e6 no (90). 1 / 4.
    assert (q.emergency_under_control.part, q.emergency_under_control.whole) == (1, 4)
    assert q.emergency_under_control.rate == 0.25
    # The report's own emergency rate is the same figure (one definition).
    assert r.emergency_on_time_rate == 0.5


def test_r_em_5_a_clock_running_at_report_time_counts_once_it_has_run_out(november):
    m, _ids = november
    # Made on 1 December 01:00, e3 (due 00:05 and 00:55, nobody on site) now counts, late on both;
    # and r7 is still inside its 24 hours.
    q = monthly_report(m.site, 2026, 11, now=m.at(12, 1, 1)).quality
    assert (q.emergency_on_site.part, q.emergency_on_site.whole) == (2, 5)
    assert (q.emergency_under_control.part, q.emergency_under_control.whole) == (1, 5)
    assert (q.repair_response.part, q.repair_response.whole) == (4, 7)


def test_r_kp_3_assessment_by_department_and_by_handler(november):
    m, _ids = november
    q = monthly_report(m.site, 2026, 11).quality
    dept = {g.key: g for g in q.by_department}
    assert list(dept) == ["engineering", "sanitation", "security", "property", "service_centre"]
    e = dept["engineering"]
    # Received: r1 r2 r3 r4 r5 r6 r7 r8 r10 = 9. Closed: r1 r2 r3 r4 r10 = 5, on time r1 r3 r10 = 3
    # (r2 reported late, r4 at 23:30 past its 21:00). Follow-ups in November: r0 r1 r2 r3 = 4,
    # satisfied r0 r1 r2 = 3.
    assert (e.received, e.closed, e.closed_on_time, e.follow_ups, e.satisfied) == (9, 5, 3, 4, 3)
    assert (e.on_time_rate, e.satisfaction) == (0.6, 0.75)
    s = dept["sanitation"]
    # s1 s2 s3 received and closed, on time s1 s3; follow-ups s1 s2 s3, satisfied s1 s3.
    assert (s.received, s.closed, s.closed_on_time, s.follow_ups, s.satisfied) == (3, 3, 2, 3, 2)
    sec = dept["security"]
    # e3 e4 e5 e6 received, none closed, no follow-up: no data, not 0 %.
    assert (sec.received, sec.closed, sec.on_time_rate, sec.satisfaction) == (4, 0, None, None)
    assert dept["property"].received == 0 and dept["property"].on_time_rate is None

    handlers = [(g.key, g.received, g.closed, g.closed_on_time, g.follow_ups, g.satisfied) for g in q.by_handler]
    # 王师傅: r1 r2 r3 r4 r6 r7 r10 received (r5, r8 have no handler), the engineering closures and
    # follow-ups as above. 李保洁: s1-s3.
    assert handlers == [("王师傅", 7, 5, 3, 4, 3), ("李保洁", 3, 3, 2, 3, 2)]


def test_r_kp_1_received_per_day_and_the_twelve_month_trend(november):
    m, _ids = november
    r = monthly_report(m.site, 2026, 11)
    assert len(r.daily) == 30 and sum(r.daily) == r.received == 16
    # 2 Nov: r1 s1; 30 Nov: r7 and e3 (23:55 local is still the 30th).
    assert (r.daily[1], r.daily[29], r.daily[0]) == (2, 2, 0)
    points = monthly_trend(m.site, 2026, 11)
    assert [p.label for p in points][0] == "2025-12" and points[-1].label == "2026-11" and len(points) == 12
    october, nov = points[-2], points[-1]
    # October: r0 and s4 closed on time; s4's follow-up satisfied.
    assert (october.on_time_rate, october.satisfaction) == (1.0, 1.0)
    # November: 8 closed (r1 r2 r3 r4 r10 s1 s2 s3), on time r1 r3 r10 s1 s3 = 5; 7 follow-ups
    # (r0 r1 r2 r3 s1 s2 s3), satisfied r0 r1 r2 s1 s3 = 5.
    assert (nov.closed, nov.closed_on_time, nov.follow_ups, nov.satisfied) == (8, 5, 7, 5)
    assert nov.on_time_rate == r.on_time_rate and nov.satisfaction == r.satisfaction_rate
    assert points[0].on_time_rate is None and points[0].satisfaction is None


def test_r_kp_3_json_csv_and_xlsx_carry_the_same_figures(november, tmp_path):
    m, _ids = november
    r = monthly_report(m.site, 2026, 11)
    data = json.loads(json.dumps(r.to_json(m.tz)))
    assert data["repair_response_on_time_rate"] == pytest.approx(4 / 7)
    assert data["repair_pass_rate"] == 0.5
    assert data["cleaning_satisfaction"] == pytest.approx(2 / 3)
    assert data["emergency_on_site_on_time_rate"] == 0.5
    assert data["emergency_under_control_on_time_rate"] == 0.25
    for key in kpi.FIGURE_KEYS:
        value = data[key]
        assert value is None or 0 <= value <= 1
    first = data["by_department"][0]
    assert first == {"code": "engineering", "name": "工程维修部", "received": 9, "closed": 5,
                     "on_time_rate": 0.6, "satisfaction": 0.75}
    assert data["by_department"][2]["on_time_rate"] is None
    assert data["by_handler"][0] == {"name": "王师傅", "received": 7, "closed": 5, "on_time_rate": 0.6,
                                     "satisfaction": 0.75}

    path = tmp_path / "report.xlsx"
    write_xlsx(r, m.tz, path)
    book = load_workbook(path)
    sheet = book["Quality figures"]
    xlsx = {row[0].value: (row[1].value, row[2].value, row[3].value) for row in sheet.iter_rows(min_row=2)}
    for figure in kpi.FIGURES:
        part, whole, value = xlsx[figure.title]
        assert value == data[figure.key]
        assert (part, whole) == (data["quality_counts"][figure.key]["part"],
                                 data["quality_counts"][figure.key]["whole"])
    assert sheet["D2"].number_format == "0.0%"
    by_department = book["Assessment by department"]
    assert [c.value for c in by_department[2]] == ["Engineering dept.", 9, 5, 0.6, 0.75]  # its name, not its code
    assert [c.value for c in book["Assessment by handler"][2]] == ["王师傅", 7, 5, 0.6, 0.75]

    text = write_csv(r, m.tz)
    assert "repair pass rate,2,4,50.0%" in text
    assert "emergency under control on time,1,4,25.0%" in text


def test_r_kp_3_an_empty_month_has_no_data_never_zero(november):
    m, _ids = november
    q = monthly_report(m.site, 2026, 6).quality
    assert all(ratio.whole == 0 and ratio.rate is None for ratio in q.ratios().values())
    assert q.by_handler == () and all(g.on_time_rate is None for g in q.by_department)
