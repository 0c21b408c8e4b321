"""R-DU-1, R-DU-2: the roster service on SQLite and PostgreSQL."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from test_duty_support import add_people, make_site

from frontdesk_tui.domain.duty.roster import ShiftKind
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.services.duty import roster

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def site(db):
    return make_site(db)


@pytest.fixture
def people(db, now):
    return add_people(db, now)


def _month(year, month, names=("赵强", "孙伟")):
    days = calendar.monthrange(year, month)[1]
    return {date(year, month, d): names[d % len(names)] for d in range(1, days + 1)}


def test_r_du_1_assistant_sets_next_months_roster(site, people, now):
    view = roster.set_roster(site, people["李娜"], 2026, 12, _month(2026, 12), now=now)
    assert view.complete and not view.late and len(view.days) == 31
    assert view.days[0].officer == "孙伟" and view.days[1].officer == "赵强"
    shown = roster.show_roster(site, 2026, 12)
    assert [d.officer for d in shown.days] == [d.officer for d in view.days]
    # A later change of one day keeps the others.
    roster.set_roster(site, people["李娜"], 2026, 12, {date(2026, 12, 5): "李娜"}, now=now)
    shown = roster.show_roster(site, 2026, 12)
    assert shown.days[4].officer == "李娜" and shown.days[5].officer == "赵强"


def test_r_du_1_roster_refusals(site, people, now):
    with pytest.raises(RuleError) as err:
        roster.set_roster(site, people["赵强"], 2026, 12, _month(2026, 12), now=now)
    assert err.value.rule == "R-RO-1"
    partial = _month(2026, 12)
    del partial[date(2026, 12, 24)]
    with pytest.raises(InputError) as bad:
        roster.set_roster(site, people["李娜"], 2026, 12, partial, now=now)
    assert bad.value.field == "2026-12-24"
    with pytest.raises(InputError) as bad:  # a receptionist does not take a duty shift
        roster.set_roster(site, people["李娜"], 2026, 12, _month(2026, 12, ("陈晓燕",)), now=now)
    assert "2026-12-01" in str(bad.value)
    with pytest.raises(InputError) as bad:
        roster.set_roster(site, people["李娜"], 2027, 2, _month(2027, 2), now=now)
    assert bad.value.field == "month"
    with pytest.raises(InputError):
        roster.set_roster(site, people["李娜"], 2026, 12, {date(2026, 12, 1): "无此人"}, now=now)


def test_r_du_1_the_running_month_is_late_and_past_days_are_kept(site, people, now):
    # 25 November: days already past need nobody; from today on every day needs an officer.
    days = {d: n for d, n in _month(2026, 11).items() if d >= date(2026, 11, 25)}
    view = roster.set_roster(site, people["李娜"], 2026, 11, days, now=now)
    assert view.late
    assert view.days[0].officer is None and view.days[24].officer is not None


def test_r_du_1_a_swap_changes_the_roster_only_once_approved(site, people, now):
    roster.set_roster(site, people["李娜"], 2026, 12, _month(2026, 12), now=now)
    day = date(2026, 12, 2)  # 赵强's
    swap = roster.request_swap(site, people["赵强"], day, "孙伟", now=now)
    assert swap.status == "requested" and swap.officer == "赵强" and swap.substitute == "孙伟"
    assert roster.show_roster(site, 2026, 12).days[1].officer == "赵强"
    assert [s.id for s in roster.pending_swaps(site, day)] == [swap.id]
    with pytest.raises(RuleError) as err:
        roster.decide_swap(site, people["赵强"], swap.id, True, now=now)
    assert err.value.rule == "R-RO-1"
    with pytest.raises(InputError):
        roster.decide_swap(site, people["李娜"], swap.id, False, now=now)  # a refusal says why
    decided = roster.decide_swap(site, people["李娜"], swap.id, True, now=now)
    assert decided.status == "approved" and decided.decided_by == "李娜"
    assert roster.show_roster(site, 2026, 12).days[1].officer == "孙伟"
    assert roster.pending_swaps(site) == []
    # Someone not on duty that day may not ask for it; an exchange of two days swaps both.
    with pytest.raises(RuleError):
        roster.request_swap(site, people["赵强"], date(2026, 12, 3), "孙伟", now=now)
    exchange = roster.request_swap(
        site, people["李娜"], date(2026, 12, 4), "孙伟", now=now, other_day=date(2026, 12, 5)
    )
    roster.decide_swap(site, people["张建国"], exchange.id, True, now=now)
    shown = roster.show_roster(site, 2026, 12)
    assert (shown.days[3].officer, shown.days[4].officer) == ("孙伟", "赵强")


def test_r_du_2_who_is_on_duty_now_and_next(site, people, now):
    days = {d: "赵强" for d in _month(2026, 11) if d.day >= 23} | {date(2026, 11, 25): "孙伟"}
    roster.set_roster(site, people["李娜"], 2026, 11, days, now=now - timedelta(days=2))
    # Wednesday 25 November 03:00 belongs to Tuesday's roster day.
    night = datetime(2026, 11, 25, 3, 0, tzinfo=SH)
    assert roster.officer_on_duty(site, night).name == "赵强"
    assert roster.officer_next(site, night).name == "孙伟"
    # 10:00 is the day desk's: nobody from the roster is on duty.
    assert roster.officer_on_duty(site, now) is None
    status = roster.duty_now(site, now)
    assert status.shift_kind is ShiftKind.DAY_DESK and status.next_officer.name == "孙伟"
    evening = datetime(2026, 11, 25, 18, 0, tzinfo=SH)
    assert roster.officer_on_duty(site, evening).name == "孙伟"


def test_r_du_2_holidays_are_24_hour_duty(site, people):
    september = datetime(2026, 9, 20, 2, 0, tzinfo=UTC)
    view = roster.set_roster(site, people["李娜"], 2026, 10, _month(2026, 10), now=september)
    national_day = view.days[1]  # 2 October
    assert not national_day.working_day
    assert national_day.start.hour == 8 and national_day.end.hour == 8
    noon = datetime(2026, 10, 2, 12, 0, tzinfo=SH)
    assert roster.officer_on_duty(site, noon).name == national_day.officer


def test_r_du_1_printable_month_like_the_paper_form(site, people, now):
    days = _month(2026, 12) | {date(2026, 12, 12): "李娜"}
    view = roster.set_roster(site, people["李娜"], 2026, 12, days, now=now)
    text = roster.render_text(view, site_name="示范花园", made_on=date(2026, 11, 25))
    lines = text.splitlines()
    row = next(line for line in lines if line.startswith("|  1"))
    assert "12" in row and "23" in row and "李娜" in row  # days 1, 12 and 23 share a row
    assert "2026-11-25" in text and "Customer service centre duty roster" in text
    assert " 5*" in text  # 5 December is a Saturday: 24-hour duty
    page = roster.render_html(view, site_name="<b>示范</b>")
    assert "&lt;b&gt;示范&lt;/b&gt;" in page and "<table>" in page and page.count("<tr>") == 12
