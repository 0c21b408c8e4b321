"""``frontdesk escalate`` and ``frontdesk report monthly`` as cron and the supervisor run them."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import Operator
from frontdesk_tui.data.tables_tickets import Ticket, TicketEvent
from frontdesk_tui.services.site.passwords import hash_password
from frontdesk_tui.services.uow import UnitOfWork

PW = {"FRONTDESK_PASSWORD": "demo"}
#: Wednesday 25 November 2026, 10:00 in Shanghai.
REHEARSAL = "2026-11-25T10:00:00+08:00"
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


#: The operators of these tests (password ``demo``): name -> (role, department).
OPERATORS = {
    "张建国": ("director", "property"),
    "李娜": ("assistant", "property"),
    "王磊": ("assistant", "engineering"),
    "陈晓燕": ("receptionist", "service_centre"),
}



def as_director(fd, *args: str, **kw):
    """``report monthly`` is the assistants' and the director's (R-KP-1): signed in as 张建国."""
    return fd("--as", "张建国", *args, env={"FRONTDESK_PASSWORD": "demo", **kw.pop("env", {})}, **kw)

@pytest.fixture
def site(fd):
    """A fresh site with OPERATORS and no other records (so the month's figures are ours alone)."""
    assert fd("init").code == 0
    db = Database(f"sqlite:///{fd.db_path}")
    try:
        with UnitOfWork(db) as uow:
            pw = hash_password("demo")
            for name, (role, dept) in OPERATORS.items():
                uow.session.add(
                    Operator(name=name, role=role, department=dept, password_hash=pw, created_at=NOW)
                )
            uow.commit()
    finally:
        db.dispose()
    return fd


def add_overdue_tickets(fd) -> list[int]:
    """Two tickets of November straight into the database: one overdue, one closed on time."""
    db = Database(f"sqlite:///{fd.db_path}")
    ids = []
    try:
        with UnitOfWork(db) as uow:
            s = uow.session
            desk = s.execute(select(Operator.id).where(Operator.name == "陈晓燕")).scalar_one()
            for hours_ago, status, reported in ((30, "assigned", None), (50, "closed", 40)):
                received = NOW - timedelta(hours=hours_ago)
                t = Ticket(
                    status=status,
                    channel="phone",
                    category="engineering",
                    severity="minor",
                    complexity="simple",
                    location="3-2-1201",
                    owner_name="王芳",
                    phone="13812345678",
                    received_at=received,
                    description="卫生间漏水",
                    department="engineering",
                    due_at=received + timedelta(hours=24),
                    deadline_started_at=received,
                    reported_at=NOW - timedelta(hours=reported) if reported else None,
                    closed_at=NOW - timedelta(hours=reported - 1) if reported else None,
                    follow_up_done=bool(reported),
                    created_by=desk,
                    updated_at=received,
                    updated_by=desk,
                )
                s.add(t)
                s.flush()
                s.add(TicketEvent(ticket_id=t.id, kind="received", at=received, operator_id=desk))
                ids.append(t.id)
            uow.commit()
    finally:
        db.dispose()
    return ids


def test_escalate_now_other_than_the_present_needs_a_director(site):
    overdue, _closed = add_overdue_tickets(site)
    refused = site("escalate", "--now", REHEARSAL)
    assert refused.code == 1
    assert "R-RO-1" in refused.err and "director" in refused.err
    assistant = site("--as", "李娜", "escalate", "--now", REHEARSAL, env=PW)
    assert assistant.code == 1 and "R-RO-1" in assistant.err

    done = site("--as", "张建国", "escalate", "--now", REHEARSAL, "--json", env=PW)
    assert done.code == 0, done.err
    data = json.loads(done.out)
    assert data["now"] == REHEARSAL
    assert data["counts"] == {"overdue": 1}
    [esc] = data["escalations"]
    assert esc["ticket_id"] == overdue and esc["rule"] == "R-DL-6"
    assert "王磊" in esc["recipients"]  # the engineering assistant

    again = site("--as", "张建国", "escalate", "--now", REHEARSAL, env=PW)
    assert again.code == 0
    assert "0 escalations" in again.out


@pytest.mark.parametrize(("lang", "word"), [("en", "Overdue"), ("zh-CN", "逾期")])
def test_escalate_text_names_the_kinds_not_their_codes(site, lang, word):
    """Issue 11 point 2: the table and the counts line say "Overdue 1", not "overdue 1"."""
    add_overdue_tickets(site)
    done = site("--lang", lang, "--as", "张建国", "escalate", "--now", REHEARSAL, env=PW)
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    assert lines[2].split()[1] == word, done.out  # the table's kind column
    assert lines[3] == f"{word} 1"  # the counts line


def test_escalate_from_cron_runs_at_the_present_and_warns_on_stderr(site):
    result = site("escalate")
    assert result.code == 0, result.err
    assert "Escalation scan at" in result.out
    # Warnings (such as a missing holiday year) go to standard error, one line each.
    for line in result.err.splitlines():
        assert line.startswith("frontdesk: warning: ")
    bad = site("escalate", "--now", "yesterday")
    assert bad.code == 2 and bad.err.startswith("frontdesk: now:")


def test_report_monthly_xlsx_has_one_sheet_per_table_and_numeric_cells(site, tmp_path):
    add_overdue_tickets(site)
    out = tmp_path / "f.xlsx"
    result = as_director(site, "report", "monthly", "2026-11", "--format", "xlsx", "--out", str(out))
    assert result.code == 0, result.err
    book = load_workbook(out)
    assert book.sheetnames == [
        "Summary",
        "By category",
        "By severity",
        "By channel",
        "By channel detail",
        "By department",
        "Follow-up satisfaction",
        "Repeated locations",
        "Overdue",
        "Quality figures",
        "Assessment by department",
        "Assessment by handler",
        "Received per day",
    ]
    summary = book["Summary"]
    assert summary["B2"].value == 2 and isinstance(summary["B2"].value, int)  # received
    assert summary["D3"].value == 1.0 and summary["D3"].number_format == "0.0%"  # on time
    assert book["By category"]["B2"].value == 2
    overdue = book["Overdue"]
    assert isinstance(overdue["A2"].value, int) and overdue["G2"].is_date
    assert overdue["G2"].value.tzinfo is None

    needs_out = as_director(site, "report", "monthly", "2026-11", "--format", "xlsx")
    assert needs_out.code == 2 and needs_out.err.startswith("frontdesk: out:")


def test_report_monthly_json_csv_and_table(site):
    add_overdue_tickets(site)
    as_json = as_director(site, "report", "monthly", "2026-11", "--format", "json")
    assert as_json.code == 0, as_json.err
    data = json.loads(as_json.out)
    assert data["month"] == "2026-11" and data["received"] == 2
    assert data["on_time_rate"] == 1.0 and data["by_category"]["engineering"] == 2
    assert data["overdue"][0]["state"] == "open"

    as_csv = as_director(site, "report", "monthly", "2026-11", "--format", "csv")
    rows = list(csv.reader(io.StringIO(as_csv.out)))
    assert ["closed on time / closed", "1", "1", "100.0%"] in rows

    table = as_director(site, "report", "monthly", "2026-11")
    assert table.code == 0 and "== By category ==" in table.out


def test_report_monthly_csv_and_xlsx_name_the_codes_in_the_chosen_language(site, tmp_path):
    """Issue 11: the spreadsheets carry names (here Chinese), JSON the codes."""
    add_overdue_tickets(site)
    as_csv = as_director(site, "--lang", "zh-CN", "report", "monthly", "2026-11", "--format", "csv")
    assert as_csv.code == 0, as_csv.err
    cells = {c for row in csv.reader(io.StringIO(as_csv.out)) for c in row}
    out = tmp_path / "zh.xlsx"
    assert as_director(site, "--lang", "zh-CN", "report", "monthly", "2026-11", "--format", "xlsx", "--out", str(out)).code == 0
    cells |= {str(c.value) for sheet in load_workbook(out) for row in sheet.iter_rows() for c in row if c.value}
    for code in ("engineering", "service_centre", "phone", "assigned", "unassessed", "open"):
        assert code not in cells, code
    as_json = json.loads(as_director(site, "report", "monthly", "2026-11", "--format", "json").out)
    assert as_json["by_category"]["engineering"] == 2 and as_json["overdue"][0]["state"] == "open"


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_r_kp_1_report_monthly_text_fits_80_columns_with_names_not_codes(site, lang):
    from rich.cells import cell_len

    add_overdue_tickets(site)
    table = as_director(site, "--lang", lang, "report", "monthly", "2026-11")
    assert table.code == 0, table.err
    assert max(cell_len(line) for line in table.out.splitlines()) <= 80
    for code in ("service_centre", "engineering", "result_reported", "very_satisfied", "unassessed"):
        assert code not in table.out
    overdue = table.out.split("== Overdue ==" if lang == "en" else "== 逾期 ==")[1]
    assert ("Eng. dept" if lang == "en" else "工程部") in overdue


def test_r_kp_3_report_monthly_json_has_the_quality_figures_at_the_top(site):
    add_overdue_tickets(site)
    data = json.loads(as_director(site, "report", "monthly", "2026-11", "--format", "json").out)
    for key in (
        "repair_response_on_time_rate",
        "repair_pass_rate",
        "cleaning_satisfaction",
        "emergency_on_site_on_time_rate",
        "emergency_under_control_on_time_rate",
    ):
        assert key in data and (data[key] is None or 0 <= data[key] <= 1)
    assert data["repair_pass_rate"] is None  # no follow-up visit in this month: no data, not 0 %
    assert [d["code"] for d in data["by_department"]][:2] == ["engineering", "sanitation"]
    assert set(data["by_department"][0]) == {"code", "name", "received", "closed", "on_time_rate", "satisfaction"}
    assert all(set(h) == {"name", "received", "closed", "on_time_rate", "satisfaction"} for h in data["by_handler"])


@pytest.mark.parametrize("bad", ["2026-13", "November"])
def test_report_monthly_malformed_month_exit_2_names_the_field(fd, bad):
    result = fd("report", "monthly", bad)
    assert result.code == 2
    assert result.err.startswith("frontdesk: month:") and len(result.err.strip().splitlines()) == 1


def test_r_vi_3_escalate_from_cron_also_brings_due_rectifications_to_the_inbox_once(demo_fd):
    first = demo_fd("escalate", "--json")
    assert first.code == 0, first.err
    due = json.loads(first.out)["violations_due"]
    assert due["due"], "the demo site has rectifications past their deadline"
    # The demo already told the inbox of what was due when it was made; a scan tells each once.
    again = json.loads(demo_fd("escalate", "--json").out)["violations_due"]
    assert again["inbox_items"] == 0
    assert len(again["due"]) == len(due["due"])
