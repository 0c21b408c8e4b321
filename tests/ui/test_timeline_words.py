"""Every timeline event in words, in the reader's language (issue 13 leftovers): the escalation
scan's events (R-DL-6, R-SV-5) and a handover's take-over (R-HO-5) no longer print their stored data
(the escalation kind's code, the deadline key, recipient ids, a dict, an ISO time)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from desk_data import NOW
from test_flows_support import plain
from test_ticket_detail_panels import event, view

from frontdesk_tui.i18n import set_language
from frontdesk_tui.ui.widgets import ticket_panels

TZ = NOW.tzinfo
RAW = re.compile(r"\d{4}-\d\d-\d\dT|[{}\[\]]|deadline_key|recipients|handover_id|upgrade_major|'from'|\bitem\b")


def automatic(i: int, data: dict, note: str, rule: str, told=()):
    from dataclasses import replace

    return replace(event(i, "escalation", operator="", rule=rule, note=note, data=data), told=tuple(told))


EVENTS = (
    automatic(1, {"kind": "overdue", "deadline_key": "2026-10-08T02:26:13.744247+00:00", "recipients": [2, 3]},
              "投诉单 7 已超时", "R-DL-6", told=("李娜", "王磊")),
    automatic(2, {"kind": "upgrade_major", "deadline_key": "R-SV-5a", "recipients": [1],
                  "upgrade": {"from": "important", "to": "major", "rule": "R-SV-5a"}},
              "投诉单 7：升级为重大投诉", "R-SV-5", told=("张建国",)),
    event(3, "handover", operator="王磊", note="交接班时由 王磊 从 孙伟 接手",
          data={"handover_id": 4, "from": "孙伟", "item": "follow_up"}),
    event(4, "recompute", operator="", rule="R-DL-7",
          data={"due_from": (NOW - timedelta(days=3)).isoformat(), "due_at": (NOW + timedelta(days=2)).isoformat()}),
)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_no_event_kind_prints_its_data_raw(lang: str) -> None:
    set_language(lang)
    try:
        text = plain(ticket_panels.timeline(view(events=EVENTS), TZ))
    finally:
        set_language("en")
    assert not RAW.search(text), text


def test_escalations_say_which_and_whom_they_told_and_a_handover_says_who_took_over() -> None:
    set_language("en")
    text = plain(ticket_panels.timeline(view(events=EVENTS), TZ))
    assert "Escalation: Overdue" in text and "Told: 李娜, 王磊" in text
    assert "Escalation: Upgraded to major" in text and "Severity: Important → Major" in text
    assert "Taken over at a handover" in text and "Handover: #4" in text and "follow-up visit" in text
    # the stored note is in the signer's language; the reader's is built from the data
    assert "taken over at the handover by 王磊 from 孙伟" in text and "交接班时" not in text
    assert f"Was due: {(NOW - timedelta(days=3)).strftime('%Y-%m-%d %H:%M')}" in text  # local, to the minute


def test_in_chinese_the_same_events_read_in_chinese() -> None:
    set_language("zh-CN")
    try:
        text = plain(ticket_panels.timeline(view(events=EVENTS), TZ))
    finally:
        set_language("en")
    assert "交接班接手" in text and "交接班时由 王磊 从 孙伟 接手" in text and "接手事项: 回访" in text
    assert "已通知：李娜, 王磊" in text and "重要 → 重大" in text
    for english in ("Escalation", "Told", "Taken over", "Handover", "Severity"):
        assert english not in text


def test_an_emergency_clock_kept_reads_on_time_not_reported_on_time_in_chinese() -> None:
    """On site within the 10 minutes is 按时 (kept), not the deadline's 按时反馈 (reported on time)."""
    from test_ticket_detail_panels import PALETTE

    emergency = view(emergency=True, on_site_due=NOW + timedelta(minutes=10), on_site_at=NOW + timedelta(minutes=2),
                     under_control_due=NOW + timedelta(hours=1), under_control_at=NOW + timedelta(hours=2),
                     due_at=NOW + timedelta(hours=1))
    set_language("zh-CN")
    try:
        text = plain(ticket_panels.clocks(emergency, NOW, TZ, PALETTE))
    finally:
        set_language("en")
    on_site, under_control = text.splitlines()[:2]
    assert on_site.endswith("按时") and under_control.endswith("超时"), text
    assert "反馈" not in on_site + under_control
