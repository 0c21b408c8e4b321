"""`frontdesk duty …`, `roster …` and `handover …` as a site scripts them (R-DU-1…4, R-HO-*, R-PD-2)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

PW = {"FRONTDESK_PASSWORD": "demo"}
SH = ZoneInfo("Asia/Shanghai")


def _sql(fd, statement: str, *params) -> None:
    """Plain SQL behind the app's back, the way someone with the file and sqlite3 would."""
    with sqlite3.connect(fd.db_path) as conn:
        conn.execute(statement, params)


def _entries(fd) -> list[dict]:
    result = fd("duty", "log", "list", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_r_du_4_duty_verify_names_an_entry_edited_or_deleted_with_sqlite3(demo_fd):
    assert demo_fd("duty", "verify").code == 0
    added = [
        json.loads(demo_fd("--as", "李娜", "duty", "log", "add", text, "--json", env=PW).out)["id"]
        for text in ("巡查 3 号楼", "巡查 5 号楼", "巡查车库")
    ]
    ids = [e["id"] for e in _entries(demo_fd)]
    assert ids[-3:] == added
    # The sqlite3 program, as someone with shell access to the file would use it (or the same SQL
    # through Python's sqlite3 where the program is not installed).
    edit = f"UPDATE duty_log SET text = '一切正常' WHERE id = {added[1]}"
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", str(demo_fd.db_path), edit], check=True)
    else:
        _sql(demo_fd, edit)
    result = demo_fd("duty", "verify")
    assert result.code == 1
    assert f"entry {added[1]}" in result.out and "edited" in result.out
    verdict = json.loads(demo_fd("duty", "verify", "--json").out)
    assert (verdict["ok"], verdict["id"], verdict["reason"]) == (False, added[1], "edited")
    # Put the text back: the hash matches again. Then delete a middle row: the next one is named.
    _sql(demo_fd, "UPDATE duty_log SET text = '巡查 5 号楼' WHERE id = ?", added[1])
    assert demo_fd("duty", "verify").code == 0
    _sql(demo_fd, "DELETE FROM duty_log WHERE id = ?", added[1])
    result = demo_fd("duty", "verify", "--json")
    assert result.code == 1
    verdict = json.loads(result.out)
    assert (verdict["id"], verdict["reason"]) == (added[2], "deleted_before")


def test_r_du_4_cutting_off_entries_after_the_morning_check_is_caught(demo_fd):
    for text in ("巡查一", "巡查二"):  # the assistant writes at any hour (R-DU-5)
        assert demo_fd("--as", "李娜", "duty", "log", "add", text, env=PW).code == 0
    head = _entries(demo_fd)[-1]["id"]
    refused = demo_fd("--as", "孙伟", "duty", "log", "sign", env=PW)
    assert refused.code == 1 and "R-RO-1" in refused.err
    signed = demo_fd("--as", "李娜", "duty", "log", "sign", "--json", env=PW)
    assert signed.code == 0 and json.loads(signed.out)["entry_id"] == head
    _sql(demo_fd, "DELETE FROM duty_log WHERE id >= ?", head - 1)
    result = demo_fd("duty", "verify")
    assert result.code == 1 and f"entry {head}" in result.out and "truncated" in result.out


def test_r_du_3_log_add_list_correct_and_refusals(demo_fd):
    now = datetime.now(SH)
    added = demo_fd(
        "--as",
        "李娜",  # the assistant writes at any hour; the demo's officer on duty follows the clock (R-DU-5)
        "duty",
        "log",
        "add",
        "7号楼电梯困人",
        "--follow-up",
        "维保已到场",
        "--important",
        "--json",
        env=PW,
    )
    assert added.code == 0, added.err
    entry = json.loads(added.out)
    assert entry["important"] and entry["follow_up"] == "维保已到场" and entry["author"] == "李娜"
    fixed = demo_fd(
        "--as", "李娜", "duty", "log", "correct", str(entry["id"]), "8号楼电梯困人", "--json", env=PW
    )
    assert fixed.code == 0 and json.loads(fixed.out)["corrects_id"] == entry["id"]
    today = now.date().isoformat()
    listed = json.loads(demo_fd("duty", "log", "list", "--from", today, "--to", today, "--json").out)
    by_id = {e["id"]: e for e in listed}
    assert by_id[entry["id"]]["text"] == "7号楼电梯困人"  # the old entry stays as written
    assert by_id[entry["id"]]["corrected_by"] == [entry["id"] + 1]
    table = demo_fd("duty", "log", "list", "--from", today)
    assert "8号楼电梯困人" in table.out and f"corrects {entry['id']}" in table.out
    staff = demo_fd("--as", "周师傅", "duty", "log", "add", "x", env=PW)
    assert staff.code == 1 and "R-RO-1" in staff.err
    empty = demo_fd("--as", "李娜", "duty", "log", "add", "  ", env=PW)
    assert empty.code == 2 and "text" in empty.err
    unknown = demo_fd("--as", "李娜", "duty", "log", "correct", "9999", "x", env=PW)
    assert unknown.code == 2
    unsigned = demo_fd("duty", "log", "add", "x")
    assert unsigned.code == 1 and "R-RO-2" in unsigned.err


def test_r_pd_2_purge_is_explicit_and_keeps_three_years(demo_fd):
    recent = (datetime.now(SH) - timedelta(days=30)).date().isoformat()
    refused = demo_fd("--as", "张建国", "duty", "log", "purge", "--before", recent, env=PW)
    assert refused.code == 1 and "R-PD-2" in refused.err
    old = (datetime.now(SH) - timedelta(days=4 * 366)).date().isoformat()
    dry = demo_fd("duty", "log", "purge", "--before", old, "--dry-run", "--json")
    assert dry.code == 0 and json.loads(dry.out)["count"] == 0 and json.loads(dry.out)["dry_run"]
    assistant = demo_fd("--as", "李娜", "duty", "log", "purge", "--before", old, env=PW)
    assert assistant.code == 1 and "R-RO-1" in assistant.err


def _next_month(today: date) -> tuple[int, int]:
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


def test_r_du_1_roster_set_show_swap(demo_fd, tmp_path):
    year, month = _next_month(datetime.now(SH).date())
    label = f"{year}-{month:02d}"
    csv_file = tmp_path / "roster.csv"
    csv_file.write_text(
        "日期,值班人\n"
        + "".join(
            f"{day},{'赵强' if day % 2 else '孙伟'}\n"
            for day in range(1, 32)
            if day <= (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        ),
        encoding="utf-8",
    )
    refused = demo_fd("--as", "赵强", "roster", "set", label, "--file", str(csv_file), env=PW)
    assert refused.code == 1 and "R-RO-1" in refused.err
    done = demo_fd("--as", "李娜", "roster", "set", label, "--file", str(csv_file), "--json", env=PW)
    assert done.code == 0, done.err
    one = demo_fd("--as", "李娜", "roster", "set", label, "--day", "3=王磊", env=PW)
    assert one.code == 0, one.err
    shown = json.loads(demo_fd("roster", "show", label, "--json").out)
    officers = [d["officer"] for d in shown["days"]]
    assert officers[:4] == ["赵强", "孙伟", "王磊", "孙伟"]
    bad = demo_fd("--as", "李娜", "roster", "set", label, "--day", "4=刘婷", env=PW)
    assert bad.code == 2 and "cannot take a duty shift" in bad.err
    # A swap: asked by the officer, approved by the assistant.
    day2 = f"{label}-02"
    asked = demo_fd("--as", "孙伟", "roster", "swap", day2, "--with", "赵强", "--json", env=PW)
    assert asked.code == 0 and json.loads(asked.out)["status"] == "requested", asked.err
    no_reason = demo_fd("--as", "李娜", "roster", "swap", day2, "--with", "赵强", "--refuse", env=PW)
    assert no_reason.code == 2
    approved = demo_fd(
        "--as", "李娜", "roster", "swap", day2, "--with", "赵强", "--approve", "--json", env=PW
    )
    assert approved.code == 0 and json.loads(approved.out)["status"] == "approved", approved.err
    page = tmp_path / "roster.html"
    printed = demo_fd("roster", "show", label, "--format", "html", "--out", str(page))
    assert printed.code == 0 and "<table>" in page.read_text(encoding="utf-8")
    text = demo_fd("--lang", "zh-CN", "roster", "show", label)
    assert "客户服务中心值班安排表" in text.out and "赵强" in text.out


def test_r_ho_handover_status_and_show(demo_fd):
    listed = json.loads(demo_fd("handover", "list", "--json").out)
    signed = [h for h in listed if h["stage"] == "signed"]
    assert signed and signed[0]["outgoing"] and signed[0]["incoming"]
    assert signed[0]["outgoing"] != signed[0]["incoming"]
    assert signed[0]["log_head"]["id"] > 0
    shown = demo_fd("handover", "show", str(signed[0]["id"]))
    assert shown.code == 0 and "signed by both" in shown.out
    status = json.loads(demo_fd("handover", "status", "--json").out)
    assert status["started"] and status["handover"]["stage"] == "items"
    missing = demo_fd("handover", "show", "999")
    assert missing.code == 2
    now = demo_fd("duty", "now", "--json")
    assert now.code == 0 and json.loads(now.out)["next_officer"]


def test_r_du_5_the_demo_roster_covers_every_day_of_its_duty_log_and_handovers(demo_fd) -> None:
    """Issue 12: a new user sees real names on the demo — every day of the demo duty log and every
    handover has a rostered officer, and `duty now` / `handover status` name them."""
    import json as _json
    from datetime import timedelta as _td

    from sqlalchemy import select as _select

    from frontdesk_tui.data.db import Database
    from frontdesk_tui.data.tables_duty import DutyLogEntry, Handover, RosterDay
    from frontdesk_tui.services.uow import UnitOfWork

    db = Database(f"sqlite:///{demo_fd.db_path}")
    try:
        with UnitOfWork(db, write=False) as uow:
            s = uow.session
            log_times = list(s.execute(_select(DutyLogEntry.at)).scalars())
            handover_times = list(s.execute(_select(Handover.at)).scalars())
            rostered = set(s.execute(_select(RosterDay.day)).scalars())
    finally:
        db.dispose()
    assert log_times and handover_times
    from zoneinfo import ZoneInfo

    sh = ZoneInfo("Asia/Shanghai")
    # A moment belongs to the roster day it falls on or (before 08:30) the day before: both rostered.
    days = {(t.astimezone(sh) - _td(hours=8, minutes=30)).date() for t in log_times + handover_times}
    days |= {t.astimezone(sh).date() for t in log_times + handover_times}
    assert sorted(days - rostered) == []
    now = _json.loads(demo_fd("duty", "now", "--json").out)
    assert now["next_officer"]
    status = demo_fd("handover", "status", "--json")
    assert status.code == 0, status.err
    handover = _json.loads(status.out)["handover"]
    for side in ("outgoing", "incoming"):  # a duty side names its rostered officer
        if handover[f"{side}_side"] == "duty":
            assert handover[f"expected_{side}"], handover
