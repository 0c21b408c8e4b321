"""``frontdesk --as NAME inbox list|read`` and ``ticket list --supervision`` on the demo site."""

from __future__ import annotations

import json

PW = {"FRONTDESK_PASSWORD": "demo"}
KEYS = {"id", "kind", "at", "message", "ref_kind", "ref_id", "read"}


def _items(fd, *flags: str) -> list[dict]:
    result = fd("--as", "张建国", "inbox", "list", *flags, "--json", env=PW)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_inbox_list_json_read_and_all(demo_fd) -> None:
    assert demo_fd("escalate").code == 0
    unread = _items(demo_fd)
    assert unread and all(set(i) >= KEYS and i["read"] is False for i in unread)
    assert any(i["ref_kind"] == "ticket" and isinstance(i["ref_id"], int) for i in unread)
    first, second = unread[0]["id"], unread[1]["id"]
    done = demo_fd("--as", "张建国", "inbox", "read", str(first), str(second), env=PW)
    assert done.code == 0 and "2" in done.out
    after = _items(demo_fd)
    assert {first, second}.isdisjoint(i["id"] for i in after)
    everything = _items(demo_fd, "--all")
    read = [i for i in everything if i["id"] in (first, second)]
    assert len(read) == 2 and all(i["read"] for i in read)
    # unread first
    flags = [i["read"] for i in everything]
    assert flags == sorted(flags)
    assert demo_fd("--as", "张建国", "inbox", "read", "--all", env=PW).code == 0
    assert _items(demo_fd) == []
    table = demo_fd("--as", "张建国", "inbox", "list", env=PW)
    assert table.code == 0 and "Nothing unread" in table.out


def test_inbox_refusals(demo_fd) -> None:
    no_name = demo_fd("inbox", "list")
    assert no_name.code == 2 and "--as" in no_name.err
    assert demo_fd("--as", "张建国", "inbox", "read", env=PW).code == 2
    both = demo_fd("--as", "张建国", "inbox", "read", "1", "--all", env=PW)
    assert both.code == 2 and "not both" in both.err
    # someone else's item is not yours to mark
    assert demo_fd("escalate").code == 0
    hers = json.loads(demo_fd("--as", "李娜", "inbox", "list", "--json", env=PW).out)
    mine = {i["id"] for i in _items(demo_fd, "--all")}
    theirs = next(i["id"] for i in hers if i["id"] not in mine)
    refused = demo_fd("--as", "张建国", "inbox", "read", str(theirs), env=PW)
    assert refused.code == 2 and str(theirs) in refused.err
    assert demo_fd("--as", "张建国", "inbox", "list", env={"FRONTDESK_PASSWORD": "wrong"}).code == 1


def test_r_kp_2_ticket_list_supervision_is_the_board(demo_fd) -> None:
    result = demo_fd("ticket", "list", "--supervision", "--json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert rows and {"kind", "at", "ref_kind", "ref_id", "also"} <= set(rows[0])
    ats = [r["at"] for r in rows]
    assert ats == sorted(ats)  # oldest first
    assert any(r["kind"] == "overdue" or "overdue" in r["also"] for r in rows)
    assert demo_fd("ticket", "list", "--supervision", "--unit", "1-1-101").code == 2


def test_inbox_items_render_in_the_readers_language(demo_fd) -> None:
    """Issue 11: the scan runs in English, the desk reads Chinese: each reader sees their own language."""
    assert demo_fd("--lang", "en", "escalate").code == 0
    english = demo_fd("--lang", "en", "--as", "张建国", "inbox", "list", "--json", env=PW)
    chinese = demo_fd("--lang", "zh-CN", "--as", "张建国", "inbox", "list", "--json", env=PW)
    assert english.code == 0 and chinese.code == 0, (english.err, chinese.err)
    en = {i["id"]: i["message"] for i in json.loads(english.out)}
    zh = {i["id"]: i["message"] for i in json.loads(chinese.out)}
    assert en.keys() == zh.keys() and en
    overdue = [i for i in en if " overdue: it was due " in en[i]]
    upgraded = [i for i in en if "Upgraded to major" in en[i]]  # a translated reason inside
    assert overdue and upgraded, en
    for item in en:
        assert zh[item] != en[item] and "Ticket" not in zh[item] and "Upgraded" not in zh[item], zh[item]
    assert all("超时" in zh[i] for i in overdue)
    table = demo_fd("--lang", "zh-CN", "--as", "张建国", "inbox", "list", env=PW)
    assert table.code == 0 and "Ticket " not in table.out and "it was due" not in table.out
    # the kind and the record by name too: a person reads the table (JSON keeps the codes)
    assert "overdue_director" not in table.out and "ticket 24" not in table.out and "投诉 24" in table.out
    assert any(i["kind"] == "overdue_director" for i in json.loads(chinese.out))


def test_ticket_list_supervision_names_kinds_and_records_in_the_readers_language(demo_fd) -> None:
    """Issue 11 point 2: the text board shows what F6 shows (names), not codes; --json keeps codes."""
    en = demo_fd("--lang", "en", "ticket", "list", "--supervision")
    zh = demo_fd("--lang", "zh-CN", "ticket", "list", "--supervision")
    assert en.code == 0 and zh.code == 0, en.err + zh.err
    for text in (en.out, zh.out):
        for code in ("overdue", "follow_up", "no_update", "violation_follow_up", "ticket ", "violation "):
            assert code not in text, code
    assert "Overdue" in en.out and "Ticket " in en.out
    assert "逾期" in zh.out and "投诉 " in zh.out and "Overdue" not in zh.out


def test_an_english_scans_timeline_notes_read_in_chinese(demo_fd) -> None:
    """Issue 11 point 1, from the outside: ``escalate`` in English, ``ticket show`` in Chinese."""
    assert demo_fd("--lang", "en", "escalate").code == 0
    board = json.loads(demo_fd("ticket", "list", "--supervision", "--json").out)
    ticket = next(r["ref_id"] for r in board if r["kind"] == "overdue")
    zh = json.loads(demo_fd("--lang", "zh-CN", "ticket", "show", str(ticket), "--json").out)
    en = json.loads(demo_fd("--lang", "en", "ticket", "show", str(ticket), "--json").out)
    zh_notes = [e["note"] for e in zh["events"] if e["kind"] == "escalation"]
    en_notes = [e["note"] for e in en["events"] if e["kind"] == "escalation"]
    assert zh_notes and len(zh_notes) == len(en_notes)
    assert all(n.startswith(f"投诉单 {ticket}") for n in zh_notes), zh_notes
    assert all(n.startswith(f"Ticket {ticket}") for n in en_notes), en_notes
