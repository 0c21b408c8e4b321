"""``ticket act ID revise-expected`` (R-EM-4) and ``ticket act ID escalate`` (R-IN-8a) as a
subprocess: bad input exits 2 in one line, a refusal exits 1 naming its rule, in local time."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

PW = {"FRONTDESK_PASSWORD": "demo"}
SH = ZoneInfo("Asia/Shanghai")
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def _new(fd, *extra: str) -> str:
    result = fd("--as", "陈晓燕", "ticket", "new", "--channel", "phone", "--category", "engineering",
                "--unit", "1-1-101", "--name", "王先生", "--phone", "13812345678",
                "--description", "水管爆裂，楼道积水", "--yes", "--json", *extra, env=PW)
    assert result.code == 0, result.err
    return str(json.loads(result.out)["id"])


def _later(hours: int) -> str:
    return (datetime.now(SH) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def test_r_em_4_revise_expected_from_the_command_line(demo_fd):
    fd = demo_fd
    t = _new(fd, "--emergency")
    expected = _later(6)
    done = fd("--as", "陈晓燕", "ticket", "act", t, "revise-expected", "--expected-at", expected,
              "--reason", "需要自来水公司关闭主阀", "--owner-told", env=PW)
    assert done.code == 0, done.err
    assert "R-EM-4" in done.out and expected.replace("T", " ")[:16] in done.out  # local time, not ISO
    assert not ISO.search(done.out)
    shown = json.loads(fd("ticket", "show", t, "--json").out)
    assert shown["revised_expected_at"].startswith(expected) and shown["events"][-1]["kind"] == "revise-expected"
    assert shown["under_control_due"] != shown["revised_expected_at"]  # the clock stays
    text = fd("ticket", "show", t).out
    assert "revised expected" in text and "Expected time revised" in text and not ISO.search(text)


def test_r_em_4_without_owner_told_or_reason_is_bad_input(demo_fd):
    fd = demo_fd
    t = _new(fd, "--emergency")
    base = ("--as", "陈晓燕", "ticket", "act", t, "revise-expected", "--expected-at", _later(5))
    for args in ((*base, "--reason", "外部支援"), (*base, "--owner-told"), (*base[:-2], "--reason", "r", "--owner-told")):
        bad = fd(*args, env=PW)
        assert bad.code == 2, (args, bad.err)
        assert len(bad.err.strip().splitlines()) == 1
    assert "--owner-told" in fd(*base, "--reason", "外部支援", env=PW).err
    garbled = fd(*base[:-1], "tomorrow", "--reason", "r", "--owner-told", env=PW)
    assert garbled.code == 2 and "--expected-at" in garbled.err


def test_r_em_4_refused_on_a_general_or_ended_ticket_naming_the_rule(demo_fd):
    fd = demo_fd
    general = _new(fd)
    refused = fd("--as", "陈晓燕", "ticket", "act", general, "revise-expected", "--expected-at", _later(5),
                 "--reason", "外部支援", "--owner-told", env=PW)
    assert refused.code == 1 and "R-EM-4" in refused.err
    t = _new(fd, "--emergency")
    assert fd("--as", "陈晓燕", "ticket", "act", t, "withdraw", "--note", "业主已自行关阀", env=PW).code == 0
    ended = fd("--as", "陈晓燕", "ticket", "act", t, "revise-expected", "--expected-at", _later(5),
               "--reason", "外部支援", "--owner-told", env=PW)
    assert ended.code == 1 and "R-EM-4" in ended.err
    extend = fd("--as", "李娜", "ticket", "act", _new(fd, "--emergency"), "extend", "--reason", "外部支援",
                "--owner-told", "--working-days", "3", env=PW)
    assert extend.code == 1 and "revise-expected" in extend.err


def test_r_em_2_a_second_on_site_is_refused_in_local_words(demo_fd):
    fd = demo_fd
    t = _new(fd, "--emergency")
    assert fd("--as", "陈晓燕", "ticket", "act", t, "on-site", env=PW).code == 0
    again = fd("--as", "陈晓燕", "ticket", "act", t, "on-site", env=PW)
    assert again.code == 1 and "R-EM-2" in again.err and not ISO.search(again.err)


def test_r_in_8a_escalate_needs_the_owners_agreement_and_a_supervisor(demo_fd):
    fd = demo_fd
    t = _new(fd)
    missing = fd("--as", "陈晓燕", "ticket", "act", t, "escalate", "--called", "李娜", env=PW)
    assert missing.code == 2 and "--owner-agreed" in missing.err and len(missing.err.strip().splitlines()) == 1
    stranger = fd("--as", "陈晓燕", "ticket", "act", t, "escalate", "--called", "张经理", "--owner-agreed", env=PW)
    assert stranger.code == 1 and "R-IN-8a" in stranger.err and "张经理" in stranger.err
    staff = fd("--as", "陈晓燕", "ticket", "act", t, "escalate", "--called", "周师傅", "--owner-agreed", env=PW)
    assert staff.code == 1 and "R-IN-8a" in staff.err
    done = fd("--as", "陈晓燕", "ticket", "act", t, "escalate", "--called", "李娜", "--owner-agreed", "--json",
              env=PW)
    assert done.code == 0, done.err
    event = json.loads(done.out)["events"][-1]
    assert (event["kind"], event["data"]["called"], event["data"]["owner_agreed"]) == ("escalate", "李娜", True)
    taken = fd("--as", "张建国", "ticket", "act", t, "escalate", "--taken-over", "--json", env=PW)
    assert taken.code == 0, taken.err
    data = json.loads(taken.out)["events"][-1]["data"]
    assert data == {"called": "张建国", "taken_over": True}
