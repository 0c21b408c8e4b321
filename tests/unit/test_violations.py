"""The violation register's rules (docs/DOMAIN.md R-VI-1 … R-VI-8, R-PD-1/2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Measure, Role, ViolationClass, ViolationKind
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError
from frontdesk_tui.domain.violations import (
    KINDS,
    PENALTIES,
    STATUSES,
    MeasureFacts,
    ViolationDraft,
    ViolationFact,
    ViolationFacts,
    allowed_facts,
    allowed_measures,
    charges_in_month,
    check_close,
    check_complete,
    check_decline,
    check_follow_up,
    check_propose,
    check_reclassify,
    check_record_fact,
    check_sign,
    criticism_notice,
    deadline_from_date,
    explain_class,
    follow_up_due,
    is_effective,
    kind_label,
    purge_due,
    rectification_due,
    retention_start,
    retention_until,
    status_of,
    suggest_class,
    validate_draft,
)
from frontdesk_tui.i18n import set_language

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 6, 10, 10, 0, tzinfo=SH)

RECEPTIONIST = Actor(1, "Li", Role.RECEPTIONIST)
DUTY = Actor(2, "Zhou", Role.DUTY_OFFICER)
STAFF = Actor(3, "Wang", Role.STAFF, "property")
ASSISTANT = Actor(4, "Zhang", Role.ASSISTANT, "property")
DIRECTOR = Actor(5, "Chen", Role.DIRECTOR)
EVERYONE = (RECEPTIONIST, DUTY, STAFF, ASSISTANT, DIRECTOR)

ALL_FACTS = frozenset(ViolationFact)


def violation(
    cls: ViolationClass = ViolationClass.GENERAL,
    *,
    facts: frozenset[str] = frozenset(),
    measures: tuple[MeasureFacts, ...] = (),
    kind: ViolationKind = ViolationKind.SANITATION,
    **kw,
) -> ViolationFacts:
    return ViolationFacts(
        id=7,
        violation_class=cls,
        kind=kind,
        recorded_at=NOW - timedelta(days=3),
        facts_recorded=facts,
        measures=measures,
        unit=kw.pop("unit", "3-2-1201"),
        violator=kw.pop("violator", "Liu"),
        **kw,
    )


def signed(measure: Measure, mid: int = 1, *, at: datetime = NOW, **kw) -> MeasureFacts:
    return MeasureFacts(mid, measure, proposed_by=ASSISTANT.id, signed_by=DIRECTOR.id, signed_at=at, **kw)


def proposed(measure: Measure, mid: int = 1, **kw) -> MeasureFacts:
    return MeasureFacts(mid, measure, proposed_by=ASSISTANT.id, **kw)


def propose(actor: Actor, v: ViolationFacts, measure: Measure, **kw) -> None:
    kw.setdefault("basis", "装修管理规定 4.2.1")
    kw.setdefault("amount", Decimal("500") if measure is Measure.COMPENSATION else None)
    if measure is Measure.RECTIFICATION:
        kw.setdefault("deadline", NOW + timedelta(days=7))
    check_propose(actor, v, measure, **kw)


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


# R-VI-1 --------------------------------------------------------------------------------------------


def test_r_vi_1_every_kind_has_labels_and_seed_examples():
    assert set(KINDS) == set(ViolationKind)
    for kind, info in KINDS.items():
        assert info.kind is kind
        assert info.zh and info.en and info.examples
        assert all(zh and en for zh, en in info.examples)
    sanitation = [zh for zh, _ in KINDS[ViolationKind.SANITATION].examples]
    assert any("高空抛物" in zh for zh in sanitation)


def test_r_vi_1_labels_follow_the_language():
    assert kind_label("fire") == "Fire safety"
    set_language("zh-CN")
    assert kind_label(ViolationKind.RENOVATION) == KINDS[ViolationKind.RENOVATION].zh


# R-VI-2 --------------------------------------------------------------------------------------------


def test_r_vi_2_suggests_general_for_littering():
    assert suggest_class(ViolationKind.SANITATION, "乱丢垃圾、烟头", None, None) is ViolationClass.GENERAL
    assert suggest_class("order", "illegal parking in front of block 3", None, None) is ViolationClass.GENERAL


@pytest.mark.parametrize(
    ("kind", "facts"),
    [
        (ViolationKind.SANITATION, "12楼住户高空抛物, 砸中楼下车辆"),
        (ViolationKind.SANITATION, "bottles thrown from height onto the path"),
        (ViolationKind.FIRE, "堵塞消防通道"),
        (ViolationKind.HARM, "dog left loose in the playground"),
        (ViolationKind.ORDER, "存放易燃易爆物品"),
        (ViolationKind.RENOVATION, "凿开承重墙"),
    ],
)
def test_r_vi_2_suggests_major_for_threats_to_public_safety(kind, facts):
    cls, reasons = explain_class(kind, facts, None, None)
    assert cls is ViolationClass.MAJOR
    assert reasons


def test_r_vi_2_a_loss_makes_it_major():
    assert suggest_class("sanitation", "乱丢垃圾", Decimal("300"), False) is ViolationClass.MAJOR
    assert (
        suggest_class("renovation", "broke the lobby door, damage to the frame", None, None)
        is ViolationClass.MAJOR
    )


def test_r_vi_2_the_persons_explicit_answer_wins_over_the_kind():
    assert (
        suggest_class(ViolationKind.FIRE, "one extinguisher missing", Decimal("0"), False)
        is ViolationClass.GENERAL
    )
    assert suggest_class("sanitation", "乱丢垃圾", None, True) is ViolationClass.MAJOR


def test_r_vi_2_negative_loss_is_an_input_error():
    with pytest.raises(InputError) as e:
        suggest_class("fee", "arrears", Decimal("-1"), None)
    assert e.value.field == "loss_yuan"


# R-VI-3 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", EVERYONE)
def test_r_vi_3_suspension_always_refused_citing_civil_code(actor):
    v = violation(ViolationClass.MAJOR, facts=ALL_FACTS, kind=ViolationKind.FEE)
    with pytest.raises(RuleError) as e:
        propose(actor, v, Measure.SUSPENSION, amount=None)
    assert e.value.rule == "R-VI-3"
    assert "944" in e.value.message and "Civil Code" in e.value.message and "民法典" in e.value.message
    assert Measure.SUSPENSION not in allowed_measures(actor, v)


def test_r_vi_3_criticism_needs_refused_opinion():
    v = violation(ViolationClass.MAJOR, facts=frozenset({ViolationFact.COMMITTEE_SUPPORT}))
    with pytest.raises(RuleError) as e:
        propose(DIRECTOR, v, Measure.CRITICISM)
    assert e.value.rule == "R-VI-3"
    assert "refus" in e.value.reason
    ok = violation(
        ViolationClass.MAJOR,
        facts=frozenset({ViolationFact.COMMITTEE_SUPPORT, ViolationFact.REFUSED_OPINION}),
    )
    propose(DIRECTOR, ok, Measure.CRITICISM)


def test_r_vi_3_litigation_needs_failed_mediation():
    v = violation(ViolationClass.MAJOR, facts=frozenset({ViolationFact.COMMITTEE_SUPPORT}))
    with pytest.raises(RuleError) as e:
        propose(DIRECTOR, v, Measure.LITIGATION)
    assert e.value.rule == "R-VI-3"
    assert "mediation" in e.value.reason
    ok = violation(
        ViolationClass.MAJOR,
        facts=frozenset({ViolationFact.COMMITTEE_SUPPORT, ViolationFact.MEDIATION_FAILED}),
    )
    propose(DIRECTOR, ok, Measure.LITIGATION, amount=Decimal("12000"))


def test_r_vi_3_refused_opinion_presupposes_an_opinion_in_effect():
    v = violation(measures=(proposed(Measure.RECTIFICATION),))
    with pytest.raises(RuleError) as e:
        check_record_fact(ASSISTANT, v, "refused-opinion")
    assert e.value.rule == "R-VI-3"
    check_record_fact(ASSISTANT, violation(measures=(signed(Measure.RECTIFICATION),)), "refused-opinion")


def test_r_vi_3_compensation_needs_an_amount_above_zero():
    v = violation(ViolationClass.MAJOR, facts=ALL_FACTS)
    for amount in (None, Decimal("0"), Decimal("-5"), Decimal("1.234"), Decimal("NaN")):
        with pytest.raises(InputError) as e:
            check_propose(DIRECTOR, v, Measure.COMPENSATION, basis="damaged lift door", amount=amount)
        assert e.value.field == "amount"
    check_propose(DIRECTOR, v, Measure.COMPENSATION, basis="damaged lift door", amount=Decimal("1800.50"))


def test_r_vi_3_only_compensation_and_litigation_carry_an_amount():
    with pytest.raises(InputError) as e:
        check_propose(ASSISTANT, violation(), Measure.PERSUASION, basis="x", amount=Decimal("10"))
    assert e.value.field == "amount"


def test_r_vi_3_rectification_needs_a_deadline_in_the_future():
    v = violation()
    with pytest.raises(InputError) as e:
        check_propose(ASSISTANT, v, Measure.RECTIFICATION, basis="remove the clutter", amount=None)
    assert e.value.field == "deadline"
    with pytest.raises(InputError) as e:
        check_propose(
            ASSISTANT,
            v,
            Measure.RECTIFICATION,
            basis="x",
            amount=None,
            deadline=NOW - timedelta(hours=1),
            now=NOW,
        )
    assert e.value.field == "deadline"
    with pytest.raises(InputError) as e:
        check_propose(
            ASSISTANT, v, Measure.RECTIFICATION, basis="x", amount=None, deadline=datetime(2025, 6, 20, 12, 0)
        )
    assert e.value.field == "deadline"
    due = deadline_from_date(date(2025, 6, 17), SH)
    assert due == datetime(2025, 6, 17, 23, 59, 59, tzinfo=SH)
    check_propose(ASSISTANT, v, Measure.RECTIFICATION, basis="x", amount=None, deadline=due, now=NOW)


def test_r_vi_3_a_measure_needs_its_basis():
    for basis in ("", "   ", "x" * 501):
        with pytest.raises(InputError) as e:
            check_propose(ASSISTANT, violation(), Measure.PERSUASION, basis=basis, amount=None)
        assert e.value.field == "basis"


def test_r_vi_2_compensation_on_a_general_violation_asks_to_reclassify():
    v = violation(ViolationClass.GENERAL, facts=ALL_FACTS)
    with pytest.raises(RuleError) as e:
        propose(ASSISTANT, v, Measure.COMPENSATION)
    assert e.value.rule == "R-VI-2"
    assert "major" in e.value.reason


def test_r_vi_2_only_the_director_reclassifies():
    with pytest.raises(RuleError) as e:
        check_reclassify(ASSISTANT, violation(), "major")
    assert e.value.rule == "R-VI-2"
    check_reclassify(DIRECTOR, violation(), "major")
    with pytest.raises(InputError):
        check_reclassify(DIRECTOR, violation(), "general")


# R-VI-4 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("penalty", sorted(PENALTIES))
def test_r_vi_4_follow_up_due_after_penalty(penalty):
    before = violation(ViolationClass.MAJOR, facts=ALL_FACTS, measures=(proposed(penalty),))
    assert not follow_up_due(before)
    after = violation(ViolationClass.MAJOR, facts=ALL_FACTS, measures=(signed(penalty, at=NOW),))
    assert follow_up_due(after)
    assert status_of(after, NOW) == "follow_up_due"
    with pytest.raises(RuleError) as e:
        check_close(DIRECTOR, after)
    assert e.value.rule == "R-VI-4"
    done = violation(
        ViolationClass.MAJOR,
        facts=ALL_FACTS,
        measures=(signed(penalty, at=NOW),),
        followed_up_at=NOW + timedelta(days=2),
    )
    assert not follow_up_due(done)
    check_close(DIRECTOR, done)


def test_r_vi_4_a_later_penalty_needs_a_new_follow_up():
    v = violation(
        ViolationClass.MAJOR,
        facts=ALL_FACTS,
        measures=(
            signed(Measure.COMPENSATION, 1, at=NOW, amount=Decimal("100")),
            signed(Measure.CRITICISM, 2, at=NOW + timedelta(days=5)),
        ),
        followed_up_at=NOW + timedelta(days=1),
    )
    assert follow_up_due(v)


def test_r_vi_4_no_follow_up_due_after_rectification_alone():
    assert not follow_up_due(violation(measures=(signed(Measure.RECTIFICATION, deadline=NOW),)))


def test_r_vi_4_who_records_a_follow_up():
    v = violation(measures=(signed(Measure.RECTIFICATION, deadline=NOW + timedelta(days=1)),))
    for actor in (STAFF, ASSISTANT, DIRECTOR):
        check_follow_up(actor, v)
    for actor in (RECEPTIONIST, DUTY):
        with pytest.raises(RuleError) as e:
            check_follow_up(actor, v)
        assert e.value.rule == "R-VI-4"
    with pytest.raises(RuleError):
        check_follow_up(ASSISTANT, violation(measures=(proposed(Measure.RECTIFICATION),)))


def test_r_vi_4_criticism_notice_names_unit_and_facts_never_a_phone():
    v = violation(ViolationClass.MAJOR, facts=ALL_FACTS, measures=(signed(Measure.CRITICISM),))
    text = criticism_notice(
        v,
        "5-1-302",
        "多次在消防通道堆放杂物, 业主电话 13812345678 / 138-1234-5678, 座机 021-66668888, 身份证 11010519491231002X",
    )
    assert "5-1-302" in text and "消防通道堆放杂物" in text
    for secret in ("13812345678", "1234-5678", "66668888", "11010519491231002X", "491231"):
        assert secret not in text
    assert "Liu" not in text  # the violator's name is not needed by the notice


def test_r_vi_4_criticism_notice_needs_a_signed_criticism():
    v = violation(ViolationClass.MAJOR, facts=ALL_FACTS, measures=(proposed(Measure.CRITICISM),))
    with pytest.raises(RuleError) as e:
        criticism_notice(v, "5-1-302", "堆放杂物")
    assert e.value.rule == "R-VI-5"


# R-VI-5 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", (RECEPTIONIST, DUTY, STAFF))
def test_r_vi_5_staff_may_persuade_only(actor):
    v = violation(ViolationClass.GENERAL, facts=ALL_FACTS)
    propose(actor, v, Measure.PERSUASION)
    for measure in (Measure.RECTIFICATION, Measure.CRITICISM):
        with pytest.raises(RuleError) as e:
            propose(actor, v, measure)
        assert e.value.rule == "R-VI-5"
        assert "assistant" in e.value.reason  # R-RO-1: names the role needed
    assert allowed_measures(actor, v) == (Measure.PERSUASION,)
    assert allowed_facts(actor, v) == ()


def test_r_vi_5_major_needs_director():
    v = violation(ViolationClass.MAJOR, facts=ALL_FACTS)
    with pytest.raises(RuleError) as e:
        propose(ASSISTANT, v, Measure.RECTIFICATION)
    assert e.value.rule == "R-VI-5"
    assert "director" in e.value.reason
    propose(ASSISTANT, v, Measure.PERSUASION)
    propose(DIRECTOR, v, Measure.RECTIFICATION)
    assert allowed_measures(ASSISTANT, v) == (Measure.PERSUASION,)
    assert allowed_measures(DIRECTOR, v) == (
        Measure.PERSUASION,
        Measure.RECTIFICATION,
        Measure.COMPENSATION,
        Measure.CRITICISM,
        Measure.LITIGATION,
    )


def test_r_vi_5_assistant_handles_general_violations():
    v = violation(ViolationClass.GENERAL)
    propose(ASSISTANT, v, Measure.RECTIFICATION)
    assert allowed_measures(ASSISTANT, v) == (Measure.PERSUASION, Measure.RECTIFICATION)


@pytest.mark.parametrize("penalty", sorted(PENALTIES))
def test_r_vi_5_penalty_needs_committee_support(penalty):
    without = violation(ViolationClass.MAJOR, facts=ALL_FACTS - {ViolationFact.COMMITTEE_SUPPORT})
    with pytest.raises(RuleError) as e:
        propose(DIRECTOR, without, penalty)
    assert e.value.rule == "R-VI-5"
    assert "committee" in e.value.reason
    propose(DIRECTOR, violation(ViolationClass.MAJOR, facts=ALL_FACTS), penalty)


def test_r_vi_5_takes_effect_only_when_director_signs():
    pending = proposed(Measure.RECTIFICATION, deadline=NOW + timedelta(days=3))
    v = violation(measures=(pending,))
    assert not is_effective(pending)
    assert status_of(v, NOW) == "awaiting_sign"
    for actor in (RECEPTIONIST, DUTY, STAFF, ASSISTANT):
        with pytest.raises(RuleError) as e:
            check_sign(actor, v, pending.id)
        assert e.value.rule == "R-VI-5"
        assert "director" in e.value.reason
    assert check_sign(DIRECTOR, v, pending.id) is pending
    done = signed(Measure.RECTIFICATION, deadline=NOW + timedelta(days=3))
    assert is_effective(done)
    assert status_of(violation(measures=(done,)), NOW) == "in_effect"


def test_r_vi_5_persuasion_is_effective_at_once_and_needs_no_signature():
    m = MeasureFacts(1, Measure.PERSUASION, proposed_by=STAFF.id)
    assert is_effective(m)
    v = violation(measures=(m,))
    assert status_of(v, NOW) == "persuading"
    with pytest.raises(RuleError):
        check_sign(DIRECTOR, v, 1)


def test_r_vi_5_sign_refuses_twice_unknown_and_declined():
    v = violation(
        measures=(signed(Measure.RECTIFICATION, 1), proposed(Measure.RECTIFICATION, 2, declined_at=NOW))
    )
    with pytest.raises(RuleError):
        check_sign(DIRECTOR, v, 1)
    with pytest.raises(RuleError):
        check_sign(DIRECTOR, v, 2)
    with pytest.raises(NotFound):
        check_sign(DIRECTOR, v, 99)


def test_r_vi_5_sign_checks_the_prerequisites_again():
    # Proposed while general by the assistant, since reclassified major without the committee on record.
    v = violation(ViolationClass.MAJOR, measures=(proposed(Measure.COMPENSATION, amount=Decimal("10")),))
    with pytest.raises(RuleError) as e:
        check_sign(DIRECTOR, v, 1)
    assert e.value.rule == "R-VI-5"


def test_r_vi_5_director_declines_and_the_proposal_stops_waiting():
    pending = proposed(Measure.RECTIFICATION, deadline=NOW)
    with pytest.raises(RuleError):
        check_decline(ASSISTANT, violation(measures=(pending,)), 1)
    check_decline(DIRECTOR, violation(measures=(pending,)), 1)
    declined = proposed(Measure.RECTIFICATION, deadline=NOW, declined_at=NOW)
    assert not is_effective(declined)
    v = violation(measures=(declined,))
    assert status_of(v, NOW) == "persuading"  # nothing in effect but a record of handling
    check_close(ASSISTANT, v)


def test_r_vi_5_who_records_which_fact():
    general, major = violation(ViolationClass.GENERAL), violation(ViolationClass.MAJOR)
    for fact in ("committee-support", "mediation-failed", "notice-served"):
        assert check_record_fact(ASSISTANT, general, fact) is ViolationFact(fact)
        check_record_fact(DIRECTOR, major, fact)
        with pytest.raises(RuleError) as e:
            check_record_fact(ASSISTANT, major, fact)
        assert e.value.rule == "R-VI-5"
        for actor in (RECEPTIONIST, DUTY, STAFF):
            with pytest.raises(RuleError):
                check_record_fact(actor, general, fact)
    with pytest.raises(InputError) as e:
        check_record_fact(DIRECTOR, major, "bribe-offered")
    assert e.value.field == "fact"


# R-VI-3 deadlines: rectification in the supervision inbox ------------------------------------------


def test_r_vi_3_rectification_comes_due_at_its_deadline_once_signed():
    deadline = NOW + timedelta(days=7)
    running = signed(Measure.RECTIFICATION, deadline=deadline)
    assert not rectification_due(running, deadline - timedelta(seconds=1))
    assert rectification_due(running, deadline)
    assert status_of(violation(measures=(running,)), deadline) == "rectification_due"
    assert not rectification_due(proposed(Measure.RECTIFICATION, deadline=deadline), deadline)
    done = signed(Measure.RECTIFICATION, deadline=deadline, completed_at=deadline - timedelta(days=1))
    assert not rectification_due(done, deadline + timedelta(days=1))


def test_r_vi_3_rectification_is_recorded_done_by_the_handler_before_closing():
    v = violation(measures=(signed(Measure.RECTIFICATION, deadline=NOW),))
    with pytest.raises(RuleError) as e:
        check_close(ASSISTANT, v)
    assert e.value.rule == "R-VI-3"
    with pytest.raises(RuleError):
        check_complete(STAFF, v, 1)
    assert check_complete(ASSISTANT, v, 1).measure is Measure.RECTIFICATION
    with pytest.raises(RuleError):
        check_complete(ASSISTANT, violation(measures=(proposed(Measure.RECTIFICATION, deadline=NOW),)), 1)


def test_r_vi_6_closed_record_takes_nothing_more():
    v = violation(closed_at=NOW)
    assert status_of(v, NOW) == "closed"
    with pytest.raises(RuleError) as e:
        propose(STAFF, v, Measure.PERSUASION)
    assert e.value.rule == "R-VI-6"
    with pytest.raises(RuleError):
        check_record_fact(DIRECTOR, v, "notice-served")
    with pytest.raises(RuleError):
        check_close(DIRECTOR, v)
    assert allowed_measures(DIRECTOR, v) == ()


def test_status_set_is_documented():
    v = violation()
    assert status_of(v, NOW) == "recorded"
    assert {
        "recorded",
        "persuading",
        "awaiting_sign",
        "in_effect",
        "rectification_due",
        "follow_up_due",
        "closed",
    } == set(STATUSES)


# R-VI-6 --------------------------------------------------------------------------------------------


def draft(**kw) -> ViolationDraft:
    fields = dict(
        violator="刘先生",
        unit="3-2-1201",
        at=NOW - timedelta(hours=2),
        kind="sanitation",
        facts="在楼道堆放纸箱, 劝导后未清理",
        recorder_id=STAFF.id,
        recorder_name=STAFF.name,
        suggested_class="general",
        confirmed_class="general",
        attachments=("photos/2025-06-10/stair.jpg",),
    )
    fields.update(kw)
    return ViolationDraft(**fields)


def test_r_vi_6_a_complete_draft_is_valid():
    assert validate_draft(draft(), NOW) == []
    assert (
        validate_draft(draft(suggested_class="major", confirmed_class="general", attachments=()), NOW) == []
    )


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("violator", {"violator": ""}),
        ("violator", {"violator": "a\nb"}),
        ("unit", {"unit": " "}),
        ("unit", {"unit": "x" * 41}),
        ("at", {"at": None}),
        ("at", {"at": NOW + timedelta(minutes=1)}),
        ("at", {"at": datetime(2025, 6, 1, 9, 0)}),
        ("kind", {"kind": "noise"}),
        ("facts", {"facts": ""}),
        ("facts", {"facts": "x" * 2001}),
        ("facts", {"facts": "bell\x07"}),
        ("recorder", {"recorder_id": 0}),
        ("recorder", {"recorder_name": ""}),
        ("confirmed_class", {"confirmed_class": None}),
        ("suggested_class", {"suggested_class": "minor"}),
        ("attachments", {"attachments": ("",)}),
        ("attachments", {"attachments": ("https://example.com/a.jpg",)}),
        ("attachments", {"attachments": ("a.jpg", "a.jpg")}),
        ("attachments", {"attachments": tuple(f"p{i}.jpg" for i in range(21))}),
    ],
)
def test_r_vi_6_draft_problems_name_their_field(field, changes):
    errors = validate_draft(draft(**changes), NOW)
    assert [e.field for e in errors] == [field]


def test_r_vi_6_multiline_facts_are_fine():
    assert validate_draft(draft(facts="line one\nline two\twith tab"), NOW) == []


# R-VI-7 --------------------------------------------------------------------------------------------


def test_r_vi_7_month_charges_are_signed_compensations_by_site_month():
    # 2025-06-30 17:00 UTC is 2025-07-01 01:00 in Shanghai: a July charge.
    late_june_utc = datetime(2025, 6, 30, 17, 0, tzinfo=UTC)
    vs = [
        violation(
            ViolationClass.MAJOR,
            facts=ALL_FACTS,
            measures=(
                signed(
                    Measure.COMPENSATION, 1, at=datetime(2025, 7, 15, 9, 0, tzinfo=SH), amount=Decimal("800")
                ),
                signed(Measure.CRITICISM, 2, at=datetime(2025, 7, 16, 9, 0, tzinfo=SH)),
                proposed(Measure.COMPENSATION, 3, amount=Decimal("50")),
                signed(Measure.LITIGATION, 4, at=datetime(2025, 7, 20, tzinfo=SH), amount=Decimal("9000")),
            ),
        ),
        ViolationFacts(
            8,
            ViolationClass.MAJOR,
            ViolationKind.RENOVATION,
            recorded_at=NOW,
            measures=(signed(Measure.COMPENSATION, 5, at=late_june_utc, amount=Decimal("1200.5")),),
            unit="1-1-101",
            violator="Sun",
        ),
        violation(
            measures=(
                signed(
                    Measure.COMPENSATION, 6, at=datetime(2025, 6, 30, 9, 0, tzinfo=SH), amount=Decimal("1")
                ),
            )
        ),
    ]
    rows = charges_in_month(vs, 2025, 7, SH)
    assert [(r.violation_id, r.measure_id, r.amount) for r in rows] == [
        (8, 5, Decimal("1200.5")),
        (7, 1, Decimal("800")),
    ]
    assert rows[0].signed_at.utcoffset() == timedelta(hours=8)
    assert rows[0].unit == "1-1-101" and rows[0].violator == "Sun" and rows[0].signed_by == DIRECTOR.id
    assert [r.measure_id for r in charges_in_month(vs, 2025, 6, SH)] == [6]
    with pytest.raises(InputError):
        charges_in_month(vs, 2025, 13, SH)


# R-VI-8 --------------------------------------------------------------------------------------------


def test_r_vi_8_general_1_year_major_5_years():
    closed = datetime(2024, 3, 10, 15, 0, tzinfo=SH)
    assert retention_until("general", closed) == date(2025, 3, 10)
    assert retention_until(ViolationClass.MAJOR, closed) == date(2029, 3, 10)
    assert not purge_due("general", closed, date(2025, 3, 10))
    assert purge_due("general", closed, date(2025, 3, 11))
    assert not purge_due("major", closed, date(2025, 3, 11))
    assert purge_due("major", closed, date(2029, 3, 11))


def test_r_vi_8_retention_counts_site_days_and_leap_days():
    # 2024-02-28 20:00 UTC is 29 February in Shanghai.
    at = datetime(2024, 2, 28, 20, 0, tzinfo=UTC)
    assert retention_until("general", at) == date(2025, 2, 28)
    assert retention_until("general", at, tz=SH) == date(2025, 2, 28)
    assert retention_until("major", at, tz=SH) == date(2029, 2, 28)


def test_r_vi_8_retention_starts_at_closing_else_recording():
    open_v = violation()
    assert retention_start(open_v) == open_v.recorded_at
    assert retention_start(violation(closed_at=NOW)) == NOW


# Properties ----------------------------------------------------------------------------------------

roles = st.sampled_from(list(Role))
classes = st.sampled_from(list(ViolationClass))
kinds = st.sampled_from(list(ViolationKind))
fact_sets = st.frozensets(st.sampled_from(list(ViolationFact)))
times = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC))
measure_facts = st.builds(
    MeasureFacts,
    id=st.integers(1, 50),
    measure=st.sampled_from(list(Measure)),
    proposed_by=st.integers(1, 9),
    signed_by=st.none() | st.integers(1, 9),
    signed_at=st.none() | times,
    amount=st.none() | st.decimals(min_value=0, max_value=10_000, places=2),
    deadline=st.none() | times,
    completed_at=st.none() | times,
    declined_at=st.none() | times,
)
violations = st.builds(
    ViolationFacts,
    id=st.integers(1, 1000),
    violation_class=classes,
    kind=kinds,
    recorded_at=times,
    facts_recorded=fact_sets,
    measures=st.lists(measure_facts, max_size=5).map(tuple),
    followed_up_at=st.none() | times,
    closed_at=st.none() | times,
)


@given(role=roles, v=violations, amount=st.none() | st.decimals(min_value=0, max_value=10**6, places=2))
def test_r_vi_3_property_suspension_refused_for_every_role_and_every_record(role, v, amount):
    with pytest.raises(RuleError) as e:
        check_propose(Actor(1, "x", role), v, Measure.SUSPENSION, basis="arrears", amount=amount)
    assert e.value.rule == "R-VI-3" and "944" in e.value.message
    assert Measure.SUSPENSION not in allowed_measures(Actor(1, "x", role), v)


@given(m=measure_facts)
def test_r_vi_5_property_nothing_but_persuasion_is_effective_unsigned(m):
    if m.signed_at is None or m.signed_by is None:
        assert is_effective(m) == (m.measure is Measure.PERSUASION)
    if m.measure is Measure.SUSPENSION:
        assert not is_effective(m)


@given(role=roles, v=violations, measure_id=st.integers(1, 50))
def test_r_vi_5_property_only_the_director_signs(role, v, measure_id):
    if role is Role.DIRECTOR:
        return
    with pytest.raises(RuleError) as e:
        check_sign(Actor(1, "x", role), v, measure_id)
    assert e.value.rule == "R-VI-5"


@given(v=violations, now=times)
def test_status_of_is_always_one_of_the_documented_set(v, now):
    assert status_of(v, now) in STATUSES


def test_every_message_of_the_violation_rules_has_a_zh_cn_translation():
    import ast
    from pathlib import Path

    from frontdesk_tui.domain import violations as package
    from frontdesk_tui.i18n import catalog

    sources = [p.read_text(encoding="utf-8") for p in Path(package.__file__).parent.glob("*.py")]
    msgids = {
        node.args[0].value
        for source in sources
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("_", "N_")
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert msgids
    assert sorted(msgids - set(catalog("zh-CN"))) == []


def test_r_vi_3_suspension_refusal_in_chinese_cites_article_944():
    set_language("zh-CN")
    with pytest.raises(RuleError) as e:
        propose(DIRECTOR, violation(ViolationClass.MAJOR), Measure.SUSPENSION, amount=None)
    assert "《民法典》第944条" in e.value.message


def test_rules_accept_plain_code_strings_as_read_from_rows():
    director = Actor(5, "Chen", "director")  # type: ignore[arg-type]
    v = ViolationFacts(
        9,
        "major",  # type: ignore[arg-type]
        "fee",  # type: ignore[arg-type]
        recorded_at=NOW,
        facts_recorded=frozenset({"committee-support"}),
        measures=(MeasureFacts(1, "compensation", 4, amount=Decimal("20")),),  # type: ignore[arg-type]
    )
    check_propose(director, v, "compensation", basis="arrears", amount=Decimal("20"))
    check_sign(director, v, 1)
    with pytest.raises(RuleError):
        check_propose(
            Actor(4, "Zhang", "assistant"), v, "rectification", basis="x", amount=None, deadline=NOW
        )  # type: ignore[arg-type]
    with pytest.raises(InputError):
        check_reclassify(director, v, "major")
