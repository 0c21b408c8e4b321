"""The follow-up call's script names the site's own service centre, as the phone greeting does
(R-IN-9, issue 13 walk: the greeting said 示范花园物业服务中心, the follow-up call 物业服务中心)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from frontdesk_tui.services.tickets.followups import FollowUpItem, follow_up_script

AT = datetime(2026, 11, 17, 9, 0, tzinfo=timezone(timedelta(hours=8)))
ITEM = FollowUpItem(id=3, version=1, unit="1-1-101", owner_name="王芳", phone="13812345678", contact="",
                    category="engineering", department="engineering", description="卫生间漏水", result="",
                    received_at=AT, closed_at=AT, follow_up_due_at=AT, overdue=False)


def test_the_script_names_the_site_and_without_a_name_the_service_centre() -> None:
    assert "我是示范花园物业服务中心的客服" in follow_up_script(ITEM, "示范花园物业服务中心")
    assert "我是物业服务中心的客服" in follow_up_script(ITEM)
    assert "我是物业服务中心的客服" in follow_up_script(ITEM, "  ")
