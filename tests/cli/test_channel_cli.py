"""R-IN-1a from the command line: ``ticket new --channel online --via …``, ``--channel phone
--hotline``, ``--channel letter``; bad combinations are bad input; ``report monthly`` counts each
channel detail in every format (issue 12 point 7)."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook
from test_escalate_report_cli import PW, site  # noqa: F401  (the fixture)

BASE = ("--category", "sanitation", "--name", "王芳", "--phone", "13812345678", "--description", "楼道垃圾未清")
WHEN = ("--received-at", "2026-11-20T09:00:00+08:00", "--yes", "--json")



def as_director(fd, *args: str, **kw):
    """``report monthly`` is the assistants' and the director's (R-KP-1): signed in as 张建国."""
    return fd("--as", "张建国", *args, env={"FRONTDESK_PASSWORD": "demo", **kw.pop("env", {})}, **kw)

def _new(fd, unit: str, *channel: str):
    return fd("--as", "陈晓燕", "ticket", "new", "--unit", unit, *channel, *BASE, *WHEN, env=PW)


def _estate(fd) -> None:
    from frontdesk_tui.data.db import Database
    from frontdesk_tui.data.tables import Building, Unit
    from frontdesk_tui.services.uow import UnitOfWork

    db = Database(f"sqlite:///{fd.db_path}")
    try:
        with UnitOfWork(db) as uow:
            building = Building(code="3", name="3号楼")
            uow.session.add(building)
            uow.session.flush()
            for room in ("1201", "1202", "1203", "1204", "1205"):
                uow.session.add(Unit(building_id=building.id, entrance="2", room=room, label=f"3-2-{room}"))
            uow.commit()
    finally:
        db.dispose()


def test_r_in_1a_ticket_new_keeps_the_channel_detail_and_the_report_counts_each(site, tmp_path):  # noqa: F811
    _estate(site)
    made = {
        "3-2-1201": ("--channel", "online", "--via", "wechat"),
        "3-2-1202": ("--channel", "online", "--via", "website"),
        "3-2-1203": ("--channel", "phone", "--hotline"),
        "3-2-1204": ("--channel", "letter"),
        "3-2-1205": ("--channel", "phone"),
    }
    shown = {}
    for unit, channel in made.items():
        result = _new(site, unit, *channel)
        assert result.code == 0, result.err
        ticket = json.loads(result.out)
        shown[unit] = (ticket["channel"], ticket["channel_detail"])
    assert shown == {
        "3-2-1201": ("online", "wechat"),
        "3-2-1202": ("online", "website"),
        "3-2-1203": ("phone", "hotline"),
        "3-2-1204": ("letter", ""),
        "3-2-1205": ("phone", ""),
    }

    report = as_director(site, "report", "monthly", "2026-11", "--format", "json")
    assert report.code == 0, report.err
    data = json.loads(report.out)
    assert data["by_channel"] == {"visit": 0, "phone": 2, "online": 2, "letter": 1, "staff": 0}
    assert data["by_channel_detail"] == {
        "visit": 0,
        "phone": 1,
        "phone/hotline": 1,
        "online": 0,
        "online/website": 1,
        "online/app": 0,
        "online/wechat": 1,
        "online/email": 0,
        "letter": 1,
        "staff": 0,
    }

    table = as_director(site, "report", "monthly", "2026-11")
    assert table.code == 0, table.err
    section = table.out.split("== By channel detail ==")[1].split("==")[0]
    lines = {" ".join(line.split()) for line in section.splitlines()}
    assert {"Phone 24-hour hotline 1", "Online WeChat 1", "Online Website 1", "Letter 1"} <= lines

    text = as_director(site, "report", "monthly", "2026-11", "--format", "csv").out
    rows = list(csv.reader(io.StringIO(text)))
    start = rows.index(["By channel detail"])
    assert rows[start + 1] == ["channel", "via", "tickets"]
    counted = {(r[0], r[1]): r[2] for r in rows[start + 2 : start + 12]}  # names, as a person reads them
    assert counted[("Phone", "24-hour hotline")] == "1" and counted[("Online", "WeChat")] == "1"
    assert counted[("Letter", "")] == "1" and counted[("Online", "E-mail")] == "0"

    out = tmp_path / "m.xlsx"
    assert as_director(site, "report", "monthly", "2026-11", "--format", "xlsx", "--out", str(out)).code == 0
    sheet = load_workbook(out)["By channel detail"]
    cells = {(r[0], r[1] or ""): r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells[("Phone", "24-hour hotline")] == 1 and cells[("Online", "Website")] == 1 and cells[("Letter", "")] == 1


def test_r_in_1a_a_detail_the_channel_cannot_carry_is_bad_input_in_one_line(site):  # noqa: F811
    _estate(site)
    for channel, flag in (
        (("--channel", "phone", "--via", "website"), "--via"),
        (("--channel", "visit", "--hotline"), "--hotline"),
        (("--channel", "letter", "--via", "email"), "--via"),
        (("--channel", "online", "--hotline"), "--hotline"),
        (("--channel", "online", "--via", "fax"), "--via"),
        (("--channel", "online", "--via", "app", "--hotline"), "--via"),
    ):
        result = _new(site, "3-2-1201", *channel)
        assert result.code == 2, (channel, result.err)
        assert result.err.count("\n") == 1 and result.err.startswith(f"frontdesk: {flag}: "), result.err
        assert "R-IN-1a" in result.err or "not both" in result.err
    listed = site("ticket", "list", "--status", "all", "--json")
    assert json.loads(listed.out) == []
