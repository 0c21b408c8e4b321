"""R-KP-1: the monthly report against a hand-made month, on SQLite and PostgreSQL.

October 2026 in Shanghai. Tickets are written straight into the tables, each with the clocks the
figure it tests needs; the expected figures are counted by hand in the comments.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from frontdesk_tui.config import Settings
from frontdesk_tui.data.tables import Operator
from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import _, set_language
from frontdesk_tui.services.site import open_site
from frontdesk_tui.services.supervision.reports import (
    month_bounds,
    monthly_report,
    parse_month,
    report_tables,
    write_csv,
    write_xlsx,
)
from frontdesk_tui.services.uow import UnitOfWork


class Month:
    def __init__(self, db) -> None:
        self.db = db
        self.site = open_site(Settings(db=db.url), db)
        self.tz = self.site.tz
        with UnitOfWork(db) as uow:
            op = Operator(
                name="前台",
                role="receptionist",
                password_hash="x",
                created_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
            uow.session.add(op)
            uow.session.flush()
            self.op = op.id
            uow.commit()

    def at(self, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
        return datetime(2026, month, day, hour, minute, tzinfo=self.tz)

    def ticket(
        self,
        received_at: datetime,
        *,
        category: str,
        channel: str,
        severity: str | None,
        department: str,
        location: str,
        status: str = "in_progress",
        due_at: datetime | None = None,
        **values,
    ) -> int:
        values.setdefault("deadline_started_at", received_at)
        with UnitOfWork(self.db) as uow:
            t = Ticket(
                status=status,
                channel=channel,
                category=category,
                severity=severity,
                complexity="simple",
                location=location,
                owner_name="业主",
                received_at=received_at,
                description="描述",
                department=department,
                due_at=due_at or received_at + timedelta(hours=24),
                created_by=self.op,
                updated_at=received_at,
                updated_by=self.op,
                **values,
            )
            uow.session.add(t)
            uow.session.flush()
            uow.session.add(TicketEvent(ticket_id=t.id, kind="received", at=received_at, operator_id=self.op))
            uow.commit()
            return t.id

    def event(self, ticket_id: int, kind: str, at: datetime, **data) -> None:
        with UnitOfWork(self.db) as uow:
            uow.session.add(
                TicketEvent(ticket_id=ticket_id, kind=kind, at=at, operator_id=self.op, data=json.dumps(data))
            )
            uow.commit()


@pytest.fixture
def october(db):
    """The hand-made month; returns (Month, ids by name)."""
    m = Month(db)
    at = m.at
    ids = {}
    # Closed in October on time, followed up very satisfied.
    ids["t1"] = m.ticket(
        at(10, 12, 10),
        category="engineering",
        channel="phone",
        severity="minor",
        department="engineering",
        location="3-2-1201",
        status="closed",
        reported_at=at(10, 12, 18),
        closed_at=at(10, 13, 9),
    )
    m.event(ids["t1"], "follow-up", at(10, 15, 10), satisfaction="very_satisfied")
    # Closed in October, reported a day late: overdue list ("late", 24 h); followed up dissatisfied.
    ids["t2"] = m.ticket(
        at(10, 14, 10),
        category="engineering",
        channel="visit",
        severity="important",
        department="engineering",
        location="3-2-1201",
        status="closed",
        reported_at=at(10, 16, 10),
        closed_at=at(10, 16, 12),
    )
    m.event(ids["t2"], "follow-up", at(10, 20, 10), satisfaction="dissatisfied")
    # Reopened, a fresh deadline met, closed on time; followed up satisfied.
    ids["t3"] = m.ticket(
        at(10, 20, 9),
        category="sanitation",
        channel="online",
        severity="minor",
        department="sanitation",
        location="5-1-302",
        status="closed",
        deadline_started_at=at(10, 21, 10),
        due_at=at(10, 22, 10),
        reported_at=at(10, 22, 9),
        closed_at=at(10, 22, 11),
    )
    m.event(ids["t3"], "reopen", at(10, 21, 10), reason="still leaking")
    m.event(ids["t3"], "follow-up", at(10, 23, 10), satisfaction="satisfied")
    # Emergency: on site in time; under control, but no result reported: overdue at month end.
    ids["t4"] = m.ticket(
        at(10, 25, 22),
        category="security",
        channel="phone",
        severity="major",
        department="security",
        location="地下车库",
        emergency=True,
        due_at=at(10, 25, 23),
        on_site_due=at(10, 25, 22, 10),
        on_site_at=at(10, 25, 22, 8),
        under_control_due=at(10, 25, 23),
        under_control_at=at(10, 25, 22, 50),
    )
    # Emergency: on site late; closed on time.
    ids["t5"] = m.ticket(
        at(10, 28, 10),
        category="engineering",
        channel="phone",
        severity="major",
        department="engineering",
        location="3-2-1201",
        emergency=True,
        status="closed",
        due_at=at(10, 28, 11),
        on_site_due=at(10, 28, 10, 10),
        on_site_at=at(10, 28, 10, 20),
        under_control_due=at(10, 28, 11),
        under_control_at=at(10, 28, 10, 50),
        reported_at=at(10, 28, 10, 55),
        closed_at=at(10, 28, 16),
    )
    m.event(ids["t5"], "follow-up", at(11, 1, 1), satisfaction="satisfied")  # November: not counted
    # Not assessed, due 31 Oct 09:00: overdue at month end by 15 h.
    ids["t6"] = m.ticket(
        at(10, 30, 9),
        category="service",
        channel="staff",
        severity=None,
        department="property",
        location="7-2-1802",
        status="received",
    )
    # Answered at the desk late on the last evening: received in October, never overdue.
    ids["t7"] = m.ticket(
        at(10, 31, 20),
        category="other",
        channel="phone",
        severity="minor",
        department="service_centre",
        location="5-1-302",
        status="answered",
    )
    # Received 30 September 23:00 local (15:00 UTC): not October's; closed on time in October.
    ids["t8"] = m.ticket(
        at(9, 30, 23),
        category="engineering",
        channel="phone",
        severity="minor",
        department="engineering",
        location="3-2-1201",
        status="closed",
        reported_at=at(10, 1, 9),
        closed_at=at(10, 2, 10),
    )
    m.event(ids["t8"], "follow-up", at(10, 5, 10), satisfaction="fair")
    # Received 1 November 01:00 local (31 October 17:00 UTC): November's.
    ids["t9"] = m.ticket(
        at(11, 1, 1),
        category="engineering",
        channel="phone",
        severity="minor",
        department="engineering",
        location="3-2-1201",
    )
    # From September, still open: overdue at month end.
    ids["t10"] = m.ticket(
        at(9, 1, 10),
        category="engineering",
        channel="phone",
        severity="minor",
        department="engineering",
        location="8-1-101",
        due_at=at(9, 4, 23, 59),
    )
    ids["t12"] = m.ticket(
        at(10, 15, 10),
        category="service",
        channel="visit",
        severity="minor",
        department="property",
        location="会所",
        status="withdrawn",
    )
    # Result reported a day late, not confirmed by month end: overdue ("open", 24 h).
    ids["t13"] = m.ticket(
        at(10, 26, 10),
        category="sanitation",
        channel="online",
        severity="important",
        department="sanitation",
        location="2-1-601",
        status="result_reported",
        reported_at=at(10, 28, 10),
        due_at=at(10, 27, 10),
    )
    # Reported in time, not confirmed yet: not overdue.
    ids["t14"] = m.ticket(
        at(10, 27, 10),
        category="engineering",
        channel="phone",
        severity="minor",
        department="engineering",
        location="1-1-101",
        status="result_reported",
        reported_at=at(10, 28, 9),
    )
    # Due 30 October 10:00, reported and closed only in November: open and overdue at month end (38 h).
    ids["t15"] = m.ticket(
        at(10, 29, 10),
        category="other",
        channel="visit",
        severity="minor",
        department="service_centre",
        location="3-2-1201",
        status="closed",
        reported_at=at(11, 2, 10),
        closed_at=at(11, 2, 12),
    )
    return m, ids


def test_r_kp_1_counts_by_category_severity_channel_and_department(october):
    m, _ids = october
    r = monthly_report(m.site, 2026, 10)
    assert r.received == 11  # t1-t7, t12-t15
    assert dict(r.by_category) == {"engineering": 4, "sanitation": 2, "security": 1, "service": 2, "other": 2}
    assert dict(r.by_severity) == {"minor": 6, "important": 2, "major": 2, "unassessed": 1}
    assert dict(r.by_channel) == {"visit": 3, "phone": 5, "online": 2, "letter": 0, "staff": 1}
    details = dict(r.by_channel_detail)  # R-IN-1a: rows written without a detail are the plain channels
    assert (details["phone"], details["online"], details["phone/hotline"], details["online/wechat"]) == (5, 2, 0, 0)
    assert dict(r.by_department) == {
        "engineering": 4,
        "sanitation": 2,
        "security": 1,
        "property": 2,
        "service_centre": 2,
    }
    assert [code for code, _n in r.by_category] == [
        "engineering",
        "sanitation",
        "security",
        "service",
        "other",
    ]


def test_r_kp_1_on_time_emergency_and_reopen_rates(october):
    m, _ids = october
    r = monthly_report(m.site, 2026, 10)
    # Closed in October: t1, t2 (late), t3, t5, t8.
    assert (r.closed, r.closed_on_time, r.on_time_rate) == (5, 4, 0.8)
    # Emergencies received in October: t4 (on site in time), t5 (late).
    assert (r.emergencies, r.emergencies_on_site_on_time, r.emergency_on_time_rate) == (2, 1, 0.5)
    assert (r.reopened, r.reopen_rate) == (1, 0.2)


def test_r_kp_1_follow_up_satisfaction(october):
    m, _ids = october
    r = monthly_report(m.site, 2026, 10)
    # t1 very satisfied, t2 dissatisfied, t3 satisfied, t8 fair; t5's is November's.
    assert dict(r.follow_ups) == {"very_satisfied": 1, "satisfied": 1, "fair": 1, "dissatisfied": 1}
    assert (r.follow_up_total, r.satisfied, r.satisfaction_rate) == (4, 2, 0.5)


def test_r_kp_1_repeated_units_and_locations(october):
    m, _ids = october
    r = monthly_report(m.site, 2026, 10)
    assert r.repeated == (("3-2-1201", 4), ("5-1-302", 2))  # t1 t2 t5 t15; t3 t7


def test_r_kp_1_overdue_list(october):
    m, ids = october
    r = monthly_report(m.site, 2026, 10)
    got = [(o.id, o.state, round(o.late_by.total_seconds() / 3600, 2)) for o in r.overdue]
    end = m.at(11, 1)
    assert got == [
        (ids["t10"], "open", round((end - m.at(9, 4, 23, 59)).total_seconds() / 3600, 2)),
        (ids["t2"], "late", 24.0),
        (ids["t4"], "open", 145.0),
        (ids["t13"], "open", 24.0),
        (ids["t15"], "open", 38.0),
        (ids["t6"], "open", 15.0),
    ]
    assert r.overdue[0].severity == "minor" and r.overdue[-1].severity == "unassessed"


def test_r_kp_1_the_running_month_lists_only_what_is_overdue_by_now(october):
    m, ids = october
    # On 27 October 12:00: t13 (due 27 Oct 10:00) is 2 h late; t15 and t6 are not due yet, and
    # t2 was closed late within the month already.
    r = monthly_report(m.site, 2026, 10, now=m.at(10, 27, 12))
    got = [(o.id, o.state, round(o.late_by.total_seconds() / 3600, 2)) for o in r.overdue]
    assert (ids["t13"], "open", 2.0) in got
    assert ids["t15"] not in {o.id for o in r.overdue} and ids["t6"] not in {o.id for o in r.overdue}
    assert (ids["t2"], "late", 24.0) in got
    # A time after the month changes nothing: month end is the cut.
    assert (
        monthly_report(m.site, 2026, 10, now=m.at(12, 1)).overdue == monthly_report(m.site, 2026, 10).overdue
    )


def test_r_kp_1_an_empty_month_has_no_rates(october):
    m, _ids = october
    r = monthly_report(m.site, 2026, 6)
    assert r.received == 0 and r.closed == 0
    assert r.on_time_rate is None and r.emergency_on_time_rate is None and r.reopen_rate is None
    assert r.satisfaction_rate is None and r.repeated == ()
    assert all(n == 0 for _code, n in r.by_category)
    # Before any ticket: nothing was overdue.
    assert monthly_report(m.site, 2026, 1).overdue == ()


def test_r_kp_1_json_csv_and_xlsx_carry_the_same_figures(october, tmp_path):
    m, ids = october
    r = monthly_report(m.site, 2026, 10)
    data = r.to_json(m.tz)
    json.dumps(data)
    assert data["month"] == "2026-10" and data["from"] == "2026-10-01T00:00:00+08:00"
    assert data["on_time_rate"] == 0.8 and data["overdue"][1]["late_hours"] == 24.0
    assert data["overdue"][1]["due_at"] == "2026-10-15T10:00:00+08:00"

    text = write_csv(r, m.tz)
    assert "closed on time / closed,4,5,80.0%" in text
    assert "\nBy category\ncategory,tickets\nEngineering,4\n" in text

    path = tmp_path / "report.xlsx"
    write_xlsx(r, m.tz, path)
    book = load_workbook(path)
    assert book.sheetnames == [t.title for t in report_tables(r)]
    summary = book["Summary"]
    assert [c.value for c in summary[1]] == ["figure", "count", "of", "rate"]
    assert summary["A1"].font.bold and summary.freeze_panes == "A2"
    on_time = summary[3]
    assert (on_time[1].value, on_time[2].value, on_time[3].value) == (4, 5, 0.8)
    assert on_time[3].number_format == "0.0%"
    overdue = book["Overdue"]
    row = [c for c in overdue[3]]  # t2
    assert row[0].value == ids["t2"]
    assert row[7].value == datetime(2026, 10, 15, 10, 0)  # site time, no zone
    assert row[7].is_date and row[10].value == 24.0


#: Codes a person should never meet in an export (the tables list every department and severity).
CODES = ("engineering", "service_centre", "sanitation", "unassessed", "result_reported", "very_satisfied")


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_r_kp_1_csv_and_xlsx_name_the_codes_in_the_readers_language_and_json_keeps_them(october, tmp_path, lang):
    """Issue 11: a spreadsheet is read by people: categories, severities, channels, departments,
    statuses, satisfaction levels and states by their names; JSON (read by scripts) keeps the codes."""
    m, ids = october
    try:
        set_language(lang)
        r = monthly_report(m.site, 2026, 10)
        text = write_csv(r, m.tz)
        path = tmp_path / "report.xlsx"
        write_xlsx(r, m.tz, path)
        engineering, engineering_dept = _("Engineering"), _("Engineering dept.")
        overdue_state = _("open")
    finally:
        set_language("en")
    cells = [str(c.value) for sheet in load_workbook(path) for row in sheet.iter_rows() for c in row if c.value]
    for code in CODES:
        assert f",{code}," not in text and f"\n{code}," not in text, code
        assert code not in cells, code
    assert f"\n{engineering},4\n" in text
    book = load_workbook(path)
    by_department = [row[0] for row in book.worksheets[5].iter_rows(min_row=2, values_only=True)]  # after "By channel detail"
    assert engineering_dept in by_department
    overdue = next(s for s in book.worksheets if s.max_column == 11)
    first = [c.value for c in overdue[2]]
    assert first[2] == engineering and first[9] == overdue_state
    if lang == "zh-CN":
        assert engineering != "Engineering" and "工程" in engineering
    data = json.loads(json.dumps(r.to_json(m.tz)))
    assert data["by_category"]["engineering"] == 4 and data["overdue"][0]["category"] == "engineering"


def test_r_kp_1_month_boundaries_are_local_midnights():
    tz = Settings(db="sqlite:///unused").tz
    start, end = month_bounds(2026, 12, tz)
    assert start == datetime(2026, 11, 30, 16, tzinfo=UTC)
    assert end == datetime(2026, 12, 31, 16, tzinfo=UTC)


@pytest.mark.parametrize("bad", ["2026-13", "2026-1", "26-11", "2026/11", "", "2026-00", "november"])
def test_r_kp_1_malformed_month_names_the_field(bad):
    with pytest.raises(InputError) as err:
        parse_month(bad)
    assert err.value.field == "month"
