"""``frontdesk violation …`` as a site scripts it: the "Done when" of issue 6, walked in subprocesses."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

SH = ZoneInfo("Asia/Shanghai")
PW = {"FRONTDESK_PASSWORD": "demo"}
ROLES = ("张建国", "李娜", "陈晓燕", "赵强", "黄敏")  # director, assistant, receptionist, duty officer, staff


def ok(result):
    assert result.code == 0, result.err
    return json.loads(result.out)


def as_(fd, name, *args):
    return fd("--as", name, "violation", *args, env=PW)


def test_r_vi_3_r_vi_5_littering_rectification_signed_by_the_director_then_comes_due(demo_fd) -> None:
    fd = demo_fd
    new = ok(
        as_(
            fd,
            "李娜",
            "new",
            "--unit",
            "3-2-1201",
            "--violator",
            "王先生",
            "--kind",
            "sanitation",
            "--facts",
            "在楼道乱丢垃圾",
            "--json",
        )
    )
    vid = new["id"]
    assert new["class"] == "general" and new["suggested_class"] == "general" and new["recorder"] == "李娜"
    deadline = (datetime.now(SH) + timedelta(days=3)).date()
    proposed = ok(
        as_(
            fd,
            "李娜",
            "propose",
            str(vid),
            "rectification",
            "--basis",
            "《管理规约》第十二条",
            "--effective-at",
            deadline.isoformat(),
            "--json",
        )
    )
    mid = proposed["measure"]["id"]
    assert proposed["measure"]["effective"] is False and proposed["status"] == "awaiting_sign"
    # R-VI-5: the assistant may not sign her own proposal.
    refused = as_(fd, "李娜", "sign", str(vid), str(mid))
    assert refused.code == 1 and "R-VI-5" in refused.err
    queue = ok(fd("violation", "queue", "--json"))
    assert (vid, mid) in {(q["violation_id"], q["measure_id"]) for q in queue}

    signed = ok(as_(fd, "张建国", "sign", str(vid), str(mid), "--json"))
    assert signed["status"] == "in_effect"
    shown = ok(fd("violation", "show", str(vid), "--json"))
    (m,) = shown["measures"]
    assert (m["id"], m["measure"], m["proposed_by"], m["signed_by"], m["effective"]) == (
        mid,
        "rectification",
        "李娜",
        "张建国",
        True,
    )
    assert m["signed_at"] is not None
    assert [e["kind"] for e in shown["history"]] == ["recorded", "proposed", "signed"]

    # Later the deadline has come: the director's rehearsal scan puts it into the inbox, once.
    later = (datetime.combine(deadline, datetime.min.time(), SH) + timedelta(days=1, hours=9)).isoformat()
    scan = ok(as_(fd, "张建国", "due", "--now", later, "--json"))
    mine = [d for d in scan["due"] if d["measure_id"] == mid]
    assert mine and mine[0]["kind"] == "rectification_due" and mine[0]["notified"]
    again = ok(as_(fd, "张建国", "due", "--now", later, "--json"))
    assert [d["notified"] for d in again["due"] if d["measure_id"] == mid] == [[]]


def test_r_vi_5_r_vi_7_major_violation_compensation_with_committee_support_and_finance_export(
    demo_fd, tmp_path: Path
) -> None:
    fd = demo_fd
    new = ok(
        as_(
            fd,
            "李娜",
            "new",
            "--unit",
            "1-1-101",
            "--violator",
            "赵先生",
            "--kind",
            "renovation",
            "--facts",
            "装修时擅自拆除阳台栏杆",
            "--major",
            "--json",
        )
    )
    vid = str(new["id"])
    assert new["class"] == "major" and new["suggested_class"] == "general"
    refused = as_(fd, "李娜", "propose", vid, "compensation", "--basis", "恢复原状", "--amount", "2000.50")
    assert refused.code == 1 and "R-VI-5" in refused.err and "director" in refused.err
    refused = as_(fd, "张建国", "propose", vid, "compensation", "--basis", "恢复原状", "--amount", "2000.50")
    assert refused.code == 1 and "R-VI-5" in refused.err and "committee" in refused.err
    ok(as_(fd, "张建国", "record", vid, "committee-support", "--note", "业委会书面同意", "--json"))
    bad = as_(fd, "张建国", "propose", vid, "compensation", "--basis", "恢复原状", "--amount", "两千")
    assert bad.code == 2 and "amount" in bad.err
    proposed = ok(
        as_(
            fd,
            "张建国",
            "propose",
            vid,
            "compensation",
            "--basis",
            "恢复原状",
            "--amount",
            "2000.50",
            "--json",
        )
    )
    mid = proposed["measure"]["id"]
    assert proposed["measure"]["effective"] is False
    signed = ok(as_(fd, "张建国", "sign", vid, str(mid), "--json"))
    assert signed["measure"]["effective"] is True and signed["status"] == "follow_up_due"  # R-VI-4
    signed_at = datetime.fromisoformat(signed["measure"]["signed_at"])
    month = signed_at.strftime("%Y-%m")

    xlsx, csv_path = tmp_path / "charges.xlsx", tmp_path / "charges.csv"
    exported = ok(as_(fd, "李娜", "export", month, "--format", "xlsx", "--out", str(xlsx), "--json"))
    assert mid in [r["measure_id"] for r in exported["rows"]]
    ws = load_workbook(xlsx).active
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == int(vid)]
    assert len(rows) == 1
    _id, unit, violator, kind, measure, amount, signer, when = rows[0]
    # Issue 11: the finance department reads names (the CLI's language here: en), never codes.
    assert measure == "Compensation for loss" and kind and "_" not in kind and kind != exported["rows"][0]["kind"]
    assert (unit, violator, signer) == ("1-1-101", "赵先生", "张建国")
    assert isinstance(amount, float | int) and amount == 2000.5
    assert isinstance(when, datetime) and when == signed_at.replace(tzinfo=None, microsecond=0)
    assert as_(fd, "李娜", "export", month, "--format", "csv", "--out", str(csv_path)).code == 0
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        lines = [r for r in csv.reader(fh) if r[0] == vid]
    assert lines[0][5] == "2000.50"
    zh_csv = tmp_path / "charges-zh.csv"
    assert fd("--lang", "zh-CN", "--as", "李娜", "violation", "export", month, "--format", "csv", "--out",
              str(zh_csv), env=PW).code == 0
    with open(zh_csv, encoding="utf-8-sig", newline="") as fh:
        header, *zh_lines = list(csv.reader(fh))
    zh_row = next(r for r in zh_lines if r[0] == vid)
    assert zh_row[4] == "赔偿经济损失" and header[4] != "measure"  # the measure's name, in Chinese


def test_r_vi_3_a_suspension_is_refused_for_every_role_citing_the_civil_code(demo_fd) -> None:
    fd = demo_fd
    for name in ROLES:
        result = as_(fd, name, "propose", "1", "suspension", "--basis", "拖欠物业费")
        assert result.code == 1, (name, result.err)
        assert "R-VI-3" in result.err and "Civil Code" in result.err and "944" in result.err
    zh = fd(
        "--lang", "zh-CN", "--as", "张建国", "violation", "propose", "1", "suspension", "--basis", "x", env=PW
    )
    assert zh.code == 1 and "民法典" in zh.err and "944" in zh.err


def test_r_vi_8_r_pd_2_register_listing_bad_input_and_logged_purge(demo_fd) -> None:
    fd = demo_fd
    everything = ok(fd("violation", "list", "--json"))
    assert len(everything) == 40  # every record unless filtered
    assert {r["kind"] for r in everything} >= {"sanitation", "renovation", "fire", "order", "fee", "harm"}
    fire = ok(fd("violation", "list", "--kind", "fire", "--json"))
    assert fire and all(r["kind"] == "fire" for r in fire)
    waiting = ok(fd("violation", "list", "--status", "awaiting_sign", "--json"))
    assert waiting and all(r["status"] == "awaiting_sign" for r in waiting)
    text = fd("violation", "list")
    assert text.code == 0 and "40" in text.out.splitlines()[-1]
    assert fd("violation", "show", "9999").code == 2
    assert (
        as_(
            fd, "李娜", "new", "--unit", "99-9-999", "--violator", "某人", "--kind", "fire", "--facts", "x"
        ).code
        == 2
    )
    unsigned = fd(
        "violation", "new", "--unit", "1-1-101", "--violator", "某人", "--kind", "fire", "--facts", "x"
    )
    assert unsigned.code == 1 and "R-RO-2" in unsigned.err

    today = datetime.now(SH).date().isoformat()
    assert as_(fd, "李娜", "purge", "--before", today, "--dry-run").code == 1  # director only
    dry = ok(as_(fd, "张建国", "purge", "--before", today, "--dry-run", "--json"))
    gone = {c["id"] for c in dry["candidates"]}
    assert len(gone) == 2 and dry["removed"] == 0  # the demo's two closed general records from last year
    assert len(ok(fd("violation", "list", "--json"))) == 40
    done = ok(as_(fd, "张建国", "purge", "--before", today, "--json"))
    assert done["removed"] == 2
    left = {r["id"] for r in ok(fd("violation", "list", "--json"))}
    assert len(left) == 38 and not gone & left


def test_r_vi_2a_arrears_of_a_year_are_major_and_lead_to_litigation_after_mediation(demo_fd) -> None:
    fd = demo_fd
    base = ("new", "--unit", "3-2-1201", "--violator", "王先生", "--kind", "fee")
    # From the facts as the recorder writes them.
    read = ok(as_(fd, "李娜", *base, "--facts", "业主无特殊原因，两年未交物业费", "--json"))
    assert read["class"] == "major" and read["suggested_class"] == "major"
    # Stated exactly: --arrears-months wins over the words, both ways.
    stated = ok(as_(fd, "李娜", *base, "--facts", "业主拒交物业费", "--arrears-months", "12", "--json"))
    assert stated["class"] == "major"
    short = as_(fd, "李娜", *base, "--facts", "两年未交物业费", "--arrears-months", "11")
    assert short.code == 0 and "General violation" in short.out
    text = as_(fd, "李娜", *base, "--facts", "欠费十四个月")
    assert text.code == 0 and "refused for 14 months: a year or more is major (R-VI-2a)" in text.out
    for bad in (("--kind", "order", "--arrears-months", "12"), ("--kind", "fee", "--arrears-months", "-3")):
        args = ("new", "--unit", "3-2-1201", "--violator", "王先生", "--facts", "x", *bad)
        result = as_(fd, "李娜", *args)
        assert result.code == 2 and result.err.startswith("frontdesk: --arrears-months: "), result.err
        assert result.err.count("\n") == 1
    # The ladder: litigation once the committee supports it and its mediation failed (R-VI-3).
    vid = str(read["id"])
    early = as_(fd, "张建国", "propose", vid, "litigation", "--basis", "起诉追缴")
    assert early.code == 1 and "R-VI-5" in early.err
    for fact in ("committee-support", "mediation-failed"):
        assert as_(fd, "张建国", "record", vid, fact).code == 0
    sued = as_(fd, "张建国", "propose", vid, "litigation", "--basis", "业主委员会调解无效，依法起诉追缴物业费")
    assert sued.code == 0, sued.err
