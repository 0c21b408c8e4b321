"""R-VI-2a: refusing the property fee for a year or more is major, and litigation (after a failed
mediation) is then open to it. The facts are read as recorders write them; the number parsing is
checked with hypothesis for Arabic and Chinese numerals (issue 12 point 8)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Measure, Role, ViolationClass, ViolationKind
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.domain.violations import (
    ARREARS_MAJOR_MONTHS,
    ViolationFact,
    ViolationFacts,
    arrears_months,
    check_propose,
    chinese_number,
    explain_class,
)

DIRECTOR = Actor(1, "张建国", Role.DIRECTOR, None)
AT = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("facts", "months"),
    [
        ("业主无特殊原因拒交物业费一年以上", 12),
        ("欠费12个月", 12),
        ("两年未交", 24),
        ("一年多没交物业费", 12),
        ("业主拒交物业费，已拖欠二十四个月。", 24),
        ("欠缴十八个月物业管理费", 18),
        ("一年半未缴物业费", 18),
        ("1.5年没交物业费", 18),
        ("物业费已三年没交", 36),
        ("欠费半年", 6),
        ("近一年未交物业费", 11),
        ("不到一年没交物业费", 11),
        ("12 months unpaid", 12),
        ("refused the fee for two years", 24),
    ],
)
def test_r_vi_2a_reads_the_months_as_recorders_write_them(facts, months):
    assert arrears_months(facts) == months


@pytest.mark.parametrize(
    "facts",
    [
        "自2025年3月起未交物业费",  # a date, not a duration
        "三月起没交物业费",  # a month of the year
        "装修两年未完工",  # a duration, but not of unpaid fees
        "3年前买的房，现拒交物业费",  # years ago, not years unpaid
        "两个月前开始不交物业费",
        "业主拒交物业费",  # no duration said
        "",
    ],
)
def test_r_vi_2a_reads_no_months_where_none_are_said(facts):
    assert arrears_months(facts) is None


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    tail = ""
    if rest:
        tail = ("零" + digits[rest]) if rest < 10 else (digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else ""))
    return digits[hundreds] + "百" + tail


@given(st.integers(min_value=0, max_value=999))
def test_r_vi_2a_chinese_numerals_read_back_as_their_number(n):
    assert chinese_number(_chinese(n)) == n
    assert chinese_number(str(n)) == n


@given(
    months=st.integers(min_value=1, max_value=240),
    chinese=st.booleans(),
    words=st.sampled_from(["欠费{d}个月", "拒交物业费{d}个月", "已{d}个月未交物业费", "拖欠物业费{d}个月以上"]),
)
def test_r_vi_2a_months_in_any_numeral_and_the_year_threshold(months, chinese, words):
    number = _chinese(months) if chinese else str(months)
    facts = words.format(d=number)
    assert arrears_months(facts) == months
    suggested, reasons = explain_class(ViolationKind.FEE, facts, None, None)
    assert (suggested == ViolationClass.MAJOR) == (months >= ARREARS_MAJOR_MONTHS)
    assert any("R-VI-2a" in r for r in reasons) == (months >= ARREARS_MAJOR_MONTHS)


@given(years=st.integers(min_value=1, max_value=20), chinese=st.booleans(), more=st.sampled_from(["", "多", "半"]))
def test_r_vi_2a_years_count_twelve_months_each(years, chinese, more):
    number = ("两" if years == 2 else _chinese(years)) if chinese else str(years)
    facts = f"业主{number}年{more}未交物业费"
    assert arrears_months(facts) == years * 12 + (6 if more == "半" else 0)
    assert explain_class(ViolationKind.FEE, facts, None, None)[0] == ViolationClass.MAJOR


@given(n=st.integers(min_value=0, max_value=600))
def test_r_vi_2a_stated_months_decide_exactly(n):
    # The recorder's number wins over the words of the facts, both ways.
    facts = "两年未交物业费" if n < ARREARS_MAJOR_MONTHS else "业主拒交物业费"
    suggested, reasons = explain_class(ViolationKind.FEE, facts, None, None, n)
    assert (suggested == ViolationClass.MAJOR) == (n >= ARREARS_MAJOR_MONTHS)
    if n >= ARREARS_MAJOR_MONTHS:
        assert reasons[0] == f"the fee refused for {n} months: a year or more is major (R-VI-2a)"


def test_r_vi_2a_is_major_even_when_no_loss_in_yuan_is_given():
    # A year of refused fees is itself the company's loss: "no loss" (0 yuan) does not make it general.
    suggested, reasons = explain_class(ViolationKind.FEE, "拒交物业费一年以上", None, False, None)
    assert suggested == ViolationClass.MAJOR and "R-VI-2a" in reasons[0] and "12 months" in reasons[0]


def test_r_vi_2a_arrears_months_must_be_a_sane_number():
    for bad in (-1, 601):
        with pytest.raises(InputError) as err:
            explain_class(ViolationKind.FEE, "", None, None, bad)
        assert err.value.field == "arrears_months"


def _fee(cls: ViolationClass, *facts: str) -> ViolationFacts:
    return ViolationFacts(1, cls, ViolationKind.FEE, AT, frozenset(facts))


def test_r_vi_2a_then_litigation_after_a_failed_mediation_is_open():
    major = _fee(ViolationClass.MAJOR, ViolationFact.COMMITTEE_SUPPORT, ViolationFact.MEDIATION_FAILED)
    check_propose(DIRECTOR, major, Measure.LITIGATION, basis="调解无效，依法起诉追缴", amount=None)
    with pytest.raises(RuleError) as err:  # not before the mediation failed (R-VI-3)
        check_propose(DIRECTOR, _fee(ViolationClass.MAJOR, ViolationFact.COMMITTEE_SUPPORT),
                      Measure.LITIGATION, basis="起诉", amount=None)
    assert err.value.rule == "R-VI-3"
    general = _fee(ViolationClass.GENERAL, ViolationFact.COMMITTEE_SUPPORT, ViolationFact.MEDIATION_FAILED)
    with pytest.raises(RuleError) as err:  # a general fee violation: the refusal points at R-VI-2a
        check_propose(DIRECTOR, general, Measure.LITIGATION, basis="起诉", amount=None)
    assert err.value.rule == "R-VI-2a" and "a year or more" in err.value.reason
    with pytest.raises(RuleError) as err:  # and never the water/power suspension
        check_propose(DIRECTOR, major, Measure.SUSPENSION, basis="停水", amount=None)
    assert err.value.rule == "R-VI-3"
