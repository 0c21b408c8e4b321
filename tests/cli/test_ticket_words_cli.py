"""``ticket new`` and ``ticket show`` in text read as the desk reads the ticket screen (issue 13
leftovers): local times to the minute, never raw ISO; every timeline event in words — the
escalation scan's (R-DL-6, R-SV-5) and a handover's take-over (R-HO-5) included. JSON keeps ISO."""

from __future__ import annotations

import json
import re

PW = {"FRONTDESK_PASSWORD": "demo"}
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
RAW = re.compile(r"deadline_key|recipients|handover_id|\w+=|\{|'from'")
EMERGENCY = ("--as", "陈晓燕", "ticket", "new", "--channel", "phone", "--category", "engineering", "--unit",
             "1-1-101", "--name", "王先生", "--phone", "13812345678", "--description", "水管爆裂，楼道积水",
             "--yes", "--emergency")


def test_an_emergency_from_the_command_line_prints_local_times(demo_fd):
    text = demo_fd("--lang", "en", *EMERGENCY, env=PW)
    assert text.code == 0, text.err
    assert "due at " in text.out and "on site by " in text.out
    assert not ISO.search(text.out), text.out
    assert re.search(r"on site by \d{4}-\d\d-\d\d \d\d:\d\d \(R-EM-2\)", text.out)
    data = json.loads(demo_fd(*EMERGENCY, "--json", env=PW).out)
    assert ISO.match(data["due_at"]) and data["due_at"].endswith("+08:00")  # JSON keeps ISO


def _ticket_with(demo_fd, kinds: set[str]) -> int:
    for t in json.loads(demo_fd("ticket", "list", "--status", "all", "--limit", "0", "--json").out):
        shown = json.loads(demo_fd("ticket", "show", str(t["id"]), "--json").out)
        if kinds <= {e["kind"] for e in shown["events"]}:
            return t["id"]
    raise AssertionError(f"the demo has no ticket with {kinds}")


def test_ticket_show_says_every_event_in_words_in_local_time(demo_fd):
    tid = str(_ticket_with(demo_fd, {"escalation", "handover"}))
    for lang, words in (("en", ("Escalation: ", "Told: ", "Taken over at a handover", "taken over at the handover by")),
                        ("zh-CN", ("升级：", "已通知：", "交接班接手", "交接班时由"))):
        text = demo_fd("--lang", lang, "--as", "张建国", "ticket", "show", tid, env=PW)
        assert text.code == 0, text.err
        assert not ISO.search(text.out), text.out
        timeline = text.out.split("\n", text.out.count("\n"))
        events = [line for line in timeline if line.startswith("  #")]
        assert events and not any(RAW.search(line) for line in events), "\n".join(events)
        for word in words:
            assert word in text.out, (lang, word)
