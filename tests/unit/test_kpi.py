"""R-KP-3 / R-EM-5: the one-ticket definitions the report's SQL implements."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.supervision import kpi

T0 = datetime(2026, 11, 2, 1, tzinfo=UTC)
minutes = st.integers(min_value=0, max_value=3 * 24 * 60)


def test_r_kp_3_a_rate_with_nothing_to_count_is_no_data():
    assert kpi.rate(0, 0) is None and kpi.rate(0, 3) == 0 and kpi.rate(3, 4) == 0.75


def test_r_kp_3_every_figure_is_defined_once_with_its_json_key():
    assert kpi.FIGURE_KEYS == (
        "repair_response_on_time_rate",
        "repair_pass_rate",
        "cleaning_satisfaction",
        "emergency_on_site_on_time_rate",
        "emergency_under_control_on_time_rate",
    )
    assert all(f.numerator and f.denominator and f.rule in ("R-KP-3", "R-EM-5") for f in kpi.FIGURES)


@given(step=minutes, report=minutes)
def test_r_kp_3_repair_response_is_the_first_step_within_24_hours(step, report):
    first = T0 + timedelta(minutes=step)
    got = kpi.repair_response_on_time(category="engineering", status="closed", received_at=T0, emergency=False,
                                      on_site_due=None, first_step_at=first, as_of=T0 + timedelta(days=30))
    assert got is (step <= 24 * 60)
    # Not a repair: never counts.
    assert kpi.repair_response_on_time(category="sanitation", status="closed", received_at=T0, emergency=False,
                                       on_site_due=None, first_step_at=first, as_of=T0) is None


@given(elapsed=minutes)
def test_r_kp_3_repair_response_without_a_step_counts_once_the_time_ran_out(elapsed):
    as_of = T0 + timedelta(minutes=elapsed)
    got = kpi.repair_response_on_time(category="engineering", status="assigned", received_at=T0, emergency=False,
                                      on_site_due=None, first_step_at=None, as_of=as_of)
    assert got is (None if elapsed <= 24 * 60 else False)
    withdrawn = kpi.repair_response_on_time(category="engineering", status="withdrawn", received_at=T0,
                                            emergency=False, on_site_due=None, first_step_at=None, as_of=as_of)
    assert withdrawn is None


def test_r_kp_3_an_emergency_repair_responds_within_its_on_site_minutes():
    due = T0 + timedelta(minutes=10)
    on_time = kpi.repair_response_on_time(category="engineering", status="closed", received_at=T0, emergency=True,
                                          on_site_due=due, first_step_at=T0 + timedelta(minutes=10), as_of=T0)
    late = kpi.repair_response_on_time(category="engineering", status="closed", received_at=T0, emergency=True,
                                       on_site_due=due, first_step_at=T0 + timedelta(minutes=11), as_of=T0)
    assert (on_time, late) == (True, False)


def test_r_kp_3_repair_pass_needs_no_reopen_and_only_satisfied_follow_ups():
    def passed(**kw):
        args = {"category": "engineering", "closed_in_month": True, "reopened": False, "follow_ups": ["satisfied"]}
        return kpi.repair_passed(**{**args, **kw})

    assert passed() is True
    assert passed(reopened=True) is False
    assert passed(follow_ups=["very_satisfied", "fair"]) is False
    assert passed(follow_ups=[]) is None and passed(closed_in_month=False) is None
    assert passed(category="security") is None
    assert kpi.cleaning_satisfied(category="sanitation", level="very_satisfied") is True
    assert kpi.cleaning_satisfied(category="sanitation", level="fair") is False
    assert kpi.cleaning_satisfied(category="engineering", level="fair") is None


@given(stopped=st.one_of(st.none(), minutes), elapsed=minutes)
def test_r_em_5_a_clock_stops_at_its_own_event(stopped, elapsed):
    due = T0 + timedelta(minutes=60)
    at = None if stopped is None else T0 + timedelta(minutes=stopped)
    as_of = T0 + timedelta(minutes=elapsed)
    got = kpi.emergency_clock_on_time(emergency=True, status="in_progress", due=due, stopped_at=at, as_of=as_of)
    if at is not None:
        assert got is (stopped <= 60)
    else:
        assert got is (None if elapsed <= 60 else False)
    assert kpi.emergency_clock_on_time(emergency=True, status="invalid", due=due, stopped_at=at, as_of=as_of) is None
    assert kpi.emergency_clock_on_time(emergency=False, status="closed", due=due, stopped_at=at, as_of=as_of) is None
