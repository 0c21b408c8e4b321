"""The intake form's pure parts: times typed at the desk, the draft the fields make (hidden fields
are not saved), pasted control characters (R-IN-2, R-EM-1)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from desk_data import NOW

from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import set_language
from frontdesk_tui.ui.widgets import intake_fields as form


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")  # the messages below are the English ones, whatever a test before chose


TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("08:30", datetime(2026, 11, 25, 8, 30, tzinfo=TZ)),
        ("8：05", datetime(2026, 11, 25, 8, 5, tzinfo=TZ)),  # a full-width colon from a Chinese IME
        ("11-24 21:10", datetime(2026, 11, 24, 21, 10, tzinfo=TZ)),
        ("2026-10-01 07:00", datetime(2026, 10, 1, 7, 0, tzinfo=TZ)),
        ("  ", None),
    ],
)
def test_when_it_happened_is_read_in_the_sites_time_zone(typed, expected) -> None:
    assert form.parse_when(typed, TZ, NOW) == expected


@pytest.mark.parametrize("typed", ["noon", "25:99", "02-30 10:00", "10"])
def test_a_time_that_is_not_one_is_an_error_on_its_field(typed) -> None:
    with pytest.raises(InputError) as bad:
        form.parse_when(typed, TZ, NOW)
    assert bad.value.field == "happened_at"


VALUES = {
    "channel": "phone", "emergency": False, "category": "engineering", "unit": "3-2-1201", "phone": "13812345678",
    "owner_name": "王芳", "description": "漏水", "request": "上门维修", "against": "工程部", "equipment": "水管",
    "symptom": "滴水", "staff": "张三", "happened_at": "09:00", "place": "主卫", "contact": "微信", "complexity": "moderate",
    "received_at": "09:40",
}


def test_r_in_2_fields_of_another_category_are_not_saved() -> None:
    draft = form.make_draft(VALUES, TZ, NOW)
    assert (draft.equipment, draft.symptom, draft.staff) == ("水管", "滴水", "")
    service = form.make_draft({**VALUES, "category": "service"}, TZ, NOW)
    assert (service.equipment, service.symptom, service.staff) == ("", "", "张三")
    assert draft.complexity == "moderate" and draft.happened_at == datetime(2026, 11, 25, 9, 0, tzinfo=TZ)
    assert draft.received_at == datetime(2026, 11, 25, 9, 40, tzinfo=TZ)  # recorded late: when it came in


def test_r_em_1_the_emergency_path_keeps_only_what_the_team_needs() -> None:
    draft = form.make_draft({**VALUES, "emergency": True}, TZ, NOW)
    assert draft.emergency
    assert (draft.unit, draft.description, draft.owner_name, draft.phone) == ("3-2-1201", "漏水", "王芳", "13812345678")
    assert (draft.request, draft.against, draft.place, draft.contact, draft.equipment) == ("", "", "", "", "")
    assert draft.complexity is None and draft.happened_at is None and draft.received_at is None  # now


def test_a_form_with_only_the_default_channel_is_blank() -> None:
    assert form.is_blank({"channel": "phone", "emergency": False})
    assert not form.is_blank({"channel": "phone", "description": "x"})
    assert not form.is_blank({"emergency": True})


def test_pasted_escape_sequences_are_removed_and_typing_is_left_alone() -> None:
    assert form.cleaned_if_needed("王先生 ", multiline=False) is None  # a trailing space while typing stays
    assert form.cleaned_if_needed("[b]王[/b]\x1b[31m红", multiline=False) == "[b]王[/b]红"
    assert form.cleaned_if_needed("一行\n\x1b]0;title\x07两行", multiline=True) == "一行\n两行"
