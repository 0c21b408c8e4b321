"""R-DU-5: who acts as the officer on duty (domain)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.duty.on_duty import (
    OnDuty,
    Person,
    check_acts_on_duty,
    check_stand_in,
    check_writes_log,
    is_officer_on_duty,
)
from frontdesk_tui.domain.errors import InputError, RuleError

DAY = date(2026, 11, 24)
ZHAO = Actor(5, "赵强", Role.DUTY_OFFICER)
SUN = Actor(6, "孙伟", Role.DUTY_OFFICER)
CHEN = Actor(3, "陈晓燕", Role.RECEPTIONIST)
LI = Actor(2, "李娜", Role.ASSISTANT)
ZHANG = Actor(1, "张建国", Role.DIRECTOR)
ROSTERED = OnDuty(DAY, Person(5, "赵强"))


def test_r_du_5_only_the_rostered_officer_acts_off_duty_hours():
    check_writes_log(ZHAO, ROSTERED)
    check_acts_on_duty(ZHAO, ROSTERED, "assign")
    for other in (SUN, CHEN):
        with pytest.raises(RuleError) as err:
            check_writes_log(other, ROSTERED)
        assert err.value.rule == "R-DU-5" and "赵强" in err.value.reason


def test_r_du_5_the_day_desk_hours_are_not_the_rules_business():
    for actor in (ZHAO, SUN, CHEN):
        check_writes_log(actor, None)
        check_acts_on_duty(actor, None, "assign")


def test_r_du_5_a_stand_in_acts_and_the_label_shows_both():
    covered = OnDuty(DAY, Person(5, "赵强"), Person(6, "孙伟"), "生病")
    assert covered.label == "孙伟 (for 赵强)"
    check_writes_log(SUN, covered)
    with pytest.raises(RuleError):
        check_writes_log(ZHAO, covered)


def test_r_du_5_nobody_rostered_means_only_a_stand_in_or_a_manager():
    empty = OnDuty(DAY, None)
    with pytest.raises(RuleError) as err:
        check_writes_log(ZHAO, empty)
    assert "stand-in" in err.value.reason
    check_writes_log(LI, empty)
    check_writes_log(SUN, OnDuty(DAY, None, Person(6, "孙伟"), "临时安排"))


def test_r_du_5_stand_ins_are_recorded_by_a_manager_with_a_reason():
    check_stand_in(LI, SUN, Person(5, "赵强"), "生病")
    with pytest.raises(RuleError):
        check_stand_in(ZHAO, SUN, Person(5, "赵强"), "生病")
    with pytest.raises(RuleError):
        check_stand_in(LI, Actor(9, "周师傅", Role.STAFF, "engineering"), None, "生病")
    with pytest.raises(InputError):
        check_stand_in(LI, SUN, Person(5, "赵强"), " ")
    with pytest.raises(InputError):
        check_stand_in(LI, ZHAO, Person(5, "赵强"), "本来就是他")


people = st.sampled_from([ZHAO, SUN, CHEN, LI, ZHANG])
persons = st.one_of(st.none(), st.sampled_from([Person(5, "赵强"), Person(6, "孙伟"), Person(3, "陈晓燕")]))


@given(people, persons, persons)
def test_r_du_5_exactly_the_acting_officer_or_a_manager(actor, rostered, stand_in):
    on_duty = OnDuty(DAY, rostered, stand_in, "r" if stand_in else "")
    acting = stand_in or rostered
    expected = actor.role in (Role.ASSISTANT, Role.DIRECTOR) or (acting is not None and acting.id == actor.id)
    assert is_officer_on_duty(actor, on_duty) is expected
    try:
        check_writes_log(actor, on_duty)
        refused = False
    except RuleError:
        refused = True
    assert refused is not expected
