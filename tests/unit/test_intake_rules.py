"""Complaint intake (R-IN-1…10, R-EM-1) and mainland phone numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.codes import Category, Channel, Status
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.domain.phones import normalise_phone, parse_phone
from frontdesk_tui.domain.tickets.intake import (
    STANDARD_PHRASES,
    TWELVE_CHARACTERS,
    ComplaintDraft,
    check_draft,
    clean_draft,
    default_department,
    draft_warnings,
    duplicate_decision,
    emergency_assessment,
    emergency_minimum_fields,
    intake_status,
    parse_unit,
    receipt_phrase,
    validate_draft,
)

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=CST)


def good_draft(**changes: object) -> ComplaintDraft:
    draft = ComplaintDraft(
        owner_name="王先生",
        phone="138 1234 5678",
        unit="3-2-1201",
        received_at=NOW - timedelta(minutes=5),
        channel=Channel.PHONE,
        category=Category.SANITATION,
        description="楼道垃圾两天没有清理",
        request="尽快清理",
        read_back_confirmed=True,
    )
    return replace(draft, **changes)


def fields_of(errors: list[InputError]) -> list[str]:
    return [e.field for e in errors]


def test_r_in_2_complete_draft_passes() -> None:
    assert validate_draft(good_draft(), NOW) == []
    check_draft(good_draft(), NOW)


def test_r_in_2_description_is_required() -> None:
    assert fields_of(validate_draft(good_draft(description="  "), NOW)) == ["description"]


def test_r_in_2_all_field_errors_at_once() -> None:
    draft = good_draft(owner_name="", phone="12", unit="", channel="fax", description="")
    assert set(fields_of(validate_draft(draft, NOW))) == {
        "owner_name",
        "phone",
        "unit",
        "channel",
        "description",
    }


def test_r_in_2_owner_reachable_by_phone_or_other_contact() -> None:
    assert fields_of(validate_draft(good_draft(phone=""), NOW)) == ["phone"]
    assert validate_draft(good_draft(phone="", contact="微信 wang_3201"), NOW) == []


@pytest.mark.parametrize(
    ("name", "limit"), [("owner_name", 40), ("description", 2000), ("request", 1000), ("place", 200)]
)
def test_r_in_2_length_limits_say_the_limit(name: str, limit: int) -> None:
    assert validate_draft(good_draft(**{name: "长" * limit}), NOW) == []
    errors = validate_draft(good_draft(**{name: "长" * (limit + 1)}), NOW)
    assert fields_of(errors) == [name]
    assert str(limit) in errors[0].reason


def test_r_in_2_unknown_codes_name_the_field() -> None:
    errors = validate_draft(good_draft(category="plumbing", complexity="hard"), NOW)
    assert fields_of(errors) == ["category", "complexity"]
    assert "engineering" in errors[0].reason


def test_r_in_2_engineering_details_are_recommended_not_required() -> None:
    draft = good_draft(category=Category.ENGINEERING)
    assert validate_draft(draft, NOW) == []
    assert fields_of(draft_warnings(draft)) == ["equipment", "symptom"]
    assert draft_warnings(replace(draft, equipment="2号电梯", symptom="异响")) == []
    assert draft_warnings(replace(draft, emergency=True)) == []


def test_r_in_2_service_complaint_recommends_the_staff_involved() -> None:
    draft = good_draft(category=Category.SERVICE)
    assert fields_of(draft_warnings(draft)) == ["staff"]
    assert draft_warnings(replace(draft, staff="北门保安")) == []


def test_r_dl_3a_received_at_in_the_future_is_refused() -> None:
    errors = validate_draft(good_draft(received_at=NOW + timedelta(minutes=1)), NOW)
    assert fields_of(errors) == ["received_at"]
    assert validate_draft(good_draft(received_at=NOW), NOW) == []
    assert validate_draft(good_draft(received_at=None), NOW) == []


def test_r_in_2_times_need_a_zone_and_happen_before_receipt() -> None:
    naive = datetime(2026, 3, 10, 9, 0)
    assert fields_of(validate_draft(good_draft(received_at=naive), NOW)) == ["received_at"]
    later = good_draft(happened_at=NOW - timedelta(minutes=1), received_at=NOW - timedelta(minutes=10))
    assert fields_of(validate_draft(later, NOW)) == ["happened_at"]
    assert validate_draft(good_draft(happened_at=NOW - timedelta(days=1)), NOW) == []


def test_r_in_3_read_back_must_be_confirmed_before_saving() -> None:
    with pytest.raises(RuleError) as refused:
        check_draft(good_draft(read_back_confirmed=False), NOW)
    assert refused.value.rule == "R-IN-3"


def test_r_in_3_field_errors_come_before_the_read_back() -> None:
    with pytest.raises(InputError) as bad:
        check_draft(good_draft(description="", read_back_confirmed=False), NOW)
    assert bad.value.field == "description"


@pytest.mark.parametrize(
    ("category", "department"),
    [
        ("engineering", "engineering"),
        ("sanitation", "sanitation"),
        ("security", "security"),
        ("service", "property"),
        ("other", "service_centre"),
    ],
)
def test_r_in_5_default_department_by_category(category: str, department: str) -> None:
    assert default_department(category) == department


def test_r_in_5_unknown_category_is_an_input_error() -> None:
    with pytest.raises(InputError) as bad:
        default_department("plumbing")
    assert bad.value.field == "category"


def test_r_em_1_emergency_needs_only_the_minimum() -> None:
    minimum = set(emergency_minimum_fields())
    assert {"unit", "description"} <= minimum
    draft = ComplaintDraft(
        channel=Channel.PHONE,
        category=Category.ENGINEERING,
        unit="2号楼电梯",
        description="电梯困人",
        emergency=True,
        read_back_confirmed=True,
    )
    assert validate_draft(draft, NOW) == []
    missing = validate_draft(replace(draft, unit="", description=""), NOW)
    assert set(fields_of(missing)) <= minimum


def test_r_em_1_emergency_starts_assessed_and_assigned() -> None:
    draft = good_draft(category=Category.ENGINEERING, emergency=True)
    assert intake_status(draft) == Status.ASSIGNED
    assert intake_status(good_draft()) == Status.RECEIVED
    assessment = emergency_assessment(draft)
    assert assessment == {"complexity": "simple", "severity": "important", "department": "engineering"}
    assert emergency_assessment(replace(draft, department="security"))["department"] == "security"


def test_r_in_1_staff_finds_need_no_owner() -> None:
    draft = good_draft(channel=Channel.STAFF, owner_name="", phone="")
    assert validate_draft(draft, NOW) == []


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("3-2-1201", ("3", "2", "1201")),
        (" 3 - 2 - 1201 ", ("3", "2", "1201")),
        ("a-1-101", ("A", "1", "101")),
        ("３－２－１２０１", ("3", "2", "1201")),
        ("3栋2单元1201室", ("3", "2", "1201")),
        ("12号楼1单元302", ("12", "1", "302")),
        ("中心花园", None),
        ("3-2", None),
        ("", None),
    ],
)
def test_r_in_2_unit_shape(text: str, parts: tuple[str, str, str] | None) -> None:
    assert parse_unit(text) == parts


def test_r_in_2_clean_draft_canonicalises() -> None:
    draft = clean_draft(
        good_draft(
            owner_name=" 王\n先生 ",
            phone="+86 138-1234-5678",
            unit="3栋2单元1201",
            description="漏水\x1b[2J\r\n很严重 ",
        )
    )
    assert draft.owner_name == "王 先生"
    assert draft.phone == "13812345678"
    assert draft.unit == "3-2-1201"
    assert draft.description == "漏水\n很严重"


def test_r_in_2_clean_draft_keeps_a_bad_phone_for_the_error() -> None:
    draft = clean_draft(good_draft(phone="12345"))
    assert draft.phone == "12345"
    assert fields_of(validate_draft(draft, NOW)) == ["phone"]


# --- R-IN-7 ----------------------------------------------------------------------------------------


def test_r_in_7_open_ticket_of_same_unit_and_category_warns_and_offers_attach() -> None:
    decision = duplicate_decision([(4, NOW - timedelta(days=9)), (7, NOW - timedelta(days=2))], [], NOW)
    assert decision.warn
    assert decision.attach_to == 7
    assert decision.open_ticket_ids == (7, 4)
    assert "7" in decision.warning()


def test_r_in_7_recurrence_links_to_ticket_closed_within_30_days() -> None:
    closed = [(1, NOW - timedelta(days=40)), (2, NOW - timedelta(days=29)), (3, NOW - timedelta(days=3))]
    decision = duplicate_decision([], closed, NOW)
    assert not decision.warn and decision.attach_to is None and decision.warning() == ""
    assert decision.recurrence_of == 3
    assert duplicate_decision([], closed[:1], NOW).recurrence_of is None
    assert duplicate_decision([], [(9, NOW - timedelta(days=30))], NOW).recurrence_of == 9


# --- R-IN-9, R-IN-10 -------------------------------------------------------------------------------


def test_r_in_9_standard_phrases_and_twelve_characters_are_at_hand() -> None:
    assert TWELVE_CHARACTERS == "礼貌、乐观、热情、友善、耐心、平等"
    situations = " ".join(s for s, _ in STANDARD_PHRASES)
    assert "Greeting" in situations and "Apology" in situations and "Hand-over" in situations
    assert all(phrase for _, phrase in STANDARD_PHRASES)


def test_r_in_10_receipt_names_number_and_expected_time() -> None:
    text = receipt_phrase(1024, "3月11日 09:30")
    assert "1024" in text and "3月11日 09:30" in text


# --- phones ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("19912345678", "19912345678"),
        ("010-12345678", "010-12345678"),
        ("0755-1234567", "0755-1234567"),
        ("021 1234 5678", "021-12345678"),
        ("(0755) 8765 4321", "0755-87654321"),
        ("010-12345678-123", "010-12345678-123"),
        ("010-12345678转123", "010-12345678-123"),
        ("0571 8888 6666 ext 9", "0571-88886666-9"),
        ("+86 10 6512 3456", "010-65123456"),
        ("400-123-4567", "400-123-4567"),
        ("800 8208820", "800-820-8820"),
    ],
)
def test_r_in_2_phone_formats(text: str, canonical: str) -> None:
    assert normalise_phone(text) == canonical


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("", "enter"),
        ("12345678", "area code"),
        ("1381234567", "11 digits"),
        ("12812345678", "13-19"),
        ("010-1234567", "area code"),
        ("0111-1234567", "area code"),
        ("0755-0123456", "area code"),
        ("phone me", "digits"),
        ("138+1234", "digits"),
    ],
)
def test_r_in_2_bad_phone_says_what_is_accepted(text: str, hint: str) -> None:
    with pytest.raises(InputError) as bad:
        normalise_phone(text)
    assert bad.value.field == "phone"
    assert hint in bad.value.reason


_mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
_landlines = st.one_of(
    st.from_regex(r"0(10|2[0-9])-[1-9][0-9]{7}(-[0-9]{1,4})?", fullmatch=True),
    st.from_regex(r"0[3-9][0-9]{2}-[1-9][0-9]{6,7}(-[0-9]{1,4})?", fullmatch=True),
)
_separators = st.sampled_from(["", " ", "-", "  "])


@given(st.one_of(_mobiles, _landlines, st.from_regex(r"[48]00[0-9]{7}", fullmatch=True)))
def test_normalise_phone_is_idempotent(text: str) -> None:
    once = normalise_phone(text)
    assert normalise_phone(once) == once


@given(_mobiles, _separators, st.sampled_from(["", "+86 ", "0086"]))
def test_normalise_phone_ignores_separators_and_country_code(mobile: str, sep: str, prefix: str) -> None:
    typed = prefix + sep.join([mobile[:3], mobile[3:7], mobile[7:]])
    assert normalise_phone(typed) == mobile
    assert parse_phone(typed).kind == "mobile"


@given(st.text(max_size=30))
def test_normalise_phone_only_raises_input_errors(text: str) -> None:
    try:
        once = normalise_phone(text)
    except InputError as bad:
        assert bad.field == "phone"
    else:
        assert normalise_phone(once) == once


def test_r_in_9_the_phone_greeting_names_the_site_not_a_placeholder() -> None:
    from frontdesk_tui.domain.tickets.intake import standard_phrases

    phrases = dict(standard_phrases("示范花园物业服务中心"))
    assert phrases["Greeting (phone answered within three rings)"] == "您好，示范花园物业服务中心，请问有什么可以帮您？"
    assert all("××物业服务中心" not in p for p in phrases.values())
    assert "××部" in phrases["Apology on behalf of the department complained about"]  # chosen by the desk
    assert dict(standard_phrases("  "))["Greeting (phone answered within three rings)"].startswith("您好，××物业")
