"""``frontdesk ticket …`` as a subprocess, the README walk included (issue 3 point 7)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

PW = {"FRONTDESK_PASSWORD": "demo"}
NEW = (
    "ticket",
    "new",
    "--channel",
    "phone",
    "--category",
    "engineering",
    "--unit",
    "8-2-1802",
    "--name",
    "王芳",
    "--phone",
    "13812345678",
    "--description",
    "卫生间漏水，楼下天花板渗水",
    "--equipment",
    "卫生间上水管",
    "--symptom",
    "接头滴水",
)


def _as(name: str, *args: str) -> tuple[str, ...]:
    return ("--as", name, *args)


def _all_ids(fd) -> set[int]:
    result = fd("ticket", "list", "--status", "all", "--limit", "0", "--json")
    assert result.code == 0, result.err
    return {t["id"] for t in json.loads(result.out)}


def test_ticket_readme_walk_from_new_to_follow_up(demo_fd):
    fd = demo_fd
    # Without --yes the record is read back and the owner's "y" confirms it (R-IN-3); an "n" to a
    # possible R-IN-7 question opens a new ticket.
    new = fd(*_as("陈晓燕", *NEW, "--json"), env=PW, input="y\nn\n")
    assert new.code == 0, new.err
    assert "Read the record back" in new.err
    ticket = json.loads(new.out)
    tid = str(ticket["id"])
    assert (
        ticket["status"] == "received"
        and ticket["unit"] == "8-2-1802"
        and ticket["due_at"].endswith("+08:00")
    )
    assert str(ticket["id"]) in ticket["receipt"]  # R-IN-10

    steps = [
        ("陈晓燕", "assess", "--complexity", "moderate", "--severity", "minor"),
        ("王磊", "assign", "--handler", "周师傅"),
        ("周师傅", "investigate", "--note", "上水管接头老化"),
        ("周师傅", "plan", "--note", "明天上午更换接头"),
        ("周师傅", "start"),
        ("周师傅", "report", "--note", "已更换接头", "--how-told", "phone"),
        ("陈晓燕", "confirm"),
        ("陈晓燕", "follow-up", "--satisfaction", "satisfied", "--note", "业主满意"),
    ]
    for who, action, *options in steps:
        result = fd(*_as(who, "ticket", "act", tid, action, *options), env=PW)
        assert result.code == 0, (action, result.err)
    shown = fd("ticket", "show", tid, "--json")
    assert shown.code == 0, shown.err
    data = json.loads(shown.out)
    assert data["status"] == "closed" and data["follow_up_done"]
    assert [e["kind"] for e in data["events"]] == [
        "received",
        "assess",
        "assign",
        "investigate",
        "plan",
        "start",
        "report",
        "confirm",
        "follow-up",
    ]
    assert data["events"][2]["operator"] == "王磊"
    assert data["phone"] == "138****5678"  # R-PD-3: no sign-in, masked
    signed_in = json.loads(fd(*_as("陈晓燕", "ticket", "show", tid, "--json"), env=PW).out)
    assert signed_in["phone"] == "13812345678"
    text = fd("ticket", "show", tid)
    assert text.code == 0 and "Follow-up visit" in text.out and "周师傅" in text.out


def test_ticket_received_in_the_past_is_overdue_and_listed(demo_fd):
    fd = demo_fd
    past = (datetime.now().astimezone() - timedelta(days=3)).isoformat(timespec="minutes")
    new = fd(
        *_as(
            "刘婷",
            *NEW,
            "--unit",
            "中心花园",
            "--category",
            "sanitation",
            "--description",
            "草坪积水发臭",
            "--received-at",
            past,
            "--yes",
            "--json",
        ),
        env=PW,
    )
    assert new.code == 0, new.err
    tid = json.loads(new.out)["id"]
    overdue = json.loads(fd("ticket", "list", "--overdue", "--limit", "0", "--json").out)
    assert tid in [t["id"] for t in overdue] and all(t["overdue"] for t in overdue)
    table = fd("ticket", "list", "--overdue")
    assert table.code == 0 and str(tid) in table.out
    found = json.loads(fd("ticket", "list", "--search", "积水", "--json").out)  # two characters
    assert [t["id"] for t in found] == [tid]
    one = json.loads(fd("ticket", "list", "--search", "臭", "--json").out)  # one character
    assert tid in [t["id"] for t in one]
    assert len(json.loads(fd("ticket", "list", "--limit", "3", "--json").out)) == 3


def test_ticket_bad_input_exits_2_naming_the_field_and_writes_nothing(demo_fd):
    fd = demo_fd
    before = _all_ids(fd)
    future = (datetime.now().astimezone() + timedelta(days=1)).isoformat(timespec="minutes")
    for options, field in [
        (("--phone", "12345"), "--phone"),
        (("--unit", "9-9-9999"), "--unit"),
        (("--channel", "fax"), "--channel"),
        (("--received-at", future), "--received-at"),
        (("--received-at", "yesterday"), "--received-at"),
        (("--description", " "), "--description"),
    ]:
        result = fd(*_as("陈晓燕", *NEW, *options, "--yes"), env=PW)
        assert result.code == 2, (options, result.err)
        assert field in result.err and len(result.err.strip().splitlines()) == 1
    tid = str(json.loads(fd("ticket", "list", "--status", "received", "--json").out)[0]["id"])
    for args, field in [
        (("ticket", "act", tid, "fix"), "action"),
        (("ticket", "act", tid, "note"), "--note"),
        (("ticket", "act", "999999", "note", "--note", "x"), "id"),
    ]:
        result = fd(*_as("陈晓燕", *args), env=PW)
        assert result.code == 2 and field in result.err, (args, result.err)
    assert fd("ticket", "show", "999999").code == 2
    assert fd("ticket", "list", "--status", "done").code == 2
    assert _all_ids(fd) == before


def test_ticket_forbidden_exits_1_naming_the_rule(demo_fd):
    fd = demo_fd
    before = _all_ids(fd)
    declined = fd(*_as("陈晓燕", *NEW), env=PW, input="n\n")
    assert declined.code == 1 and "R-IN-3" in declined.err
    assert fd(*NEW, "--yes").code == 1  # a write needs --as (R-RO-2)
    assert _all_ids(fd) == before
    new = json.loads(
        fd(
            *_as("陈晓燕", *NEW, "--unit", "地下车库", "--category", "security", "--yes", "--json"), env=PW
        ).out
    )
    tid = str(new["id"])
    refused = fd(*_as("周师傅", "ticket", "act", tid, "assign"), env=PW)
    assert refused.code == 1 and "R-LC-1" in refused.err and "You may:" in refused.err
    refused = fd(*_as("陈晓燕", "ticket", "act", tid, "invalidate", "--reason", "x"), env=PW)
    assert refused.code == 1 and "R-RO-1" in refused.err
    # R-RO-3: a stale version is refused with who changed it.
    assert (
        fd(*_as("刘婷", "ticket", "act", tid, "note", "--note", "业主来电", "--version", "1"), env=PW).code
        == 0
    )
    stale = fd(*_as("陈晓燕", "ticket", "act", tid, "note", "--note", "x", "--version", "1"), env=PW)
    assert stale.code == 1 and "R-RO-3" in stale.err and "刘婷" in stale.err
    recompute = fd(*_as("陈晓燕", "ticket", "recompute"), env=PW)
    assert recompute.code == 1 and "R-RO-1" in recompute.err
    recompute = fd(*_as("张建国", "ticket", "recompute", "--json"), env=PW)
    assert recompute.code == 0 and json.loads(recompute.out) == {"moved": 0}


def test_ticket_duplicate_warns_attaches_or_opens_new(demo_fd):
    fd = demo_fd
    first = json.loads(
        fd(
            *_as("陈晓燕", *NEW, "--unit", "小区东门", "--category", "security", "--yes", "--json"), env=PW
        ).out
    )
    again = fd(
        *_as(
            "刘婷",
            *NEW,
            "--unit",
            "小区东门",
            "--category",
            "security",
            "--description",
            "门禁又坏了",
            "--attach",
            "--yes",
            "--json",
        ),
        env=PW,
    )
    assert again.code == 0, again.err
    assert "R-IN-7" in again.err
    attached = json.loads(again.out)
    assert attached["attached"] and attached["id"] == first["id"]
    assert [e["kind"] for e in attached["events"]][-1] == "attach"
    forced = fd(*_as("刘婷", *NEW, "--unit", "小区东门", "--category", "security", "--yes", "--json"), env=PW)
    assert forced.code == 0 and "R-IN-7" in forced.err
    assert json.loads(forced.out)["id"] != first["id"]
    emergency = fd(
        *_as(
            "陈晓燕",
            "ticket",
            "new",
            "--channel",
            "phone",
            "--category",
            "engineering",
            "--unit",
            "1-1-101",
            "--description",
            "水管爆裂",
            "--emergency",
            "--yes",
        ),
        env=PW,
    )
    assert emergency.code == 0 and "on site by" in emergency.out  # R-EM-1, R-EM-2


def test_r_pd_4_ticket_show_gives_the_assigned_handler_the_phone(demo_fd):
    fd = demo_fd
    new = fd(*_as("陈晓燕", *NEW, "--yes", "--json"), env=PW, input="n\n")
    assert new.code == 0, new.err
    tid = str(json.loads(new.out)["id"])
    for who, action, *options in (
        ("陈晓燕", "assess", "--complexity", "moderate", "--severity", "minor"),
        ("王磊", "assign", "--handler", "周师傅"),
    ):
        result = fd(*_as(who, "ticket", "act", tid, action, *options), env=PW)
        assert result.code == 0, (action, result.err)
    handler = json.loads(fd(*_as("周师傅", "ticket", "show", tid, "--json"), env=PW).out)
    assert handler["phone"] == "13812345678"
    other = json.loads(fd(*_as("吴秀兰", "ticket", "show", tid, "--json"), env=PW).out)
    assert other["phone"] == "138****5678"
    text = fd(*_as("周师傅", "ticket", "show", tid), env=PW)
    assert text.code == 0 and "13812345678" in text.out
    # his ticket list stays masked (R-PD-1: lists)
    listed = fd(*_as("周师傅", "ticket", "list", "--json"), env=PW)
    assert "13812345678" not in listed.out
