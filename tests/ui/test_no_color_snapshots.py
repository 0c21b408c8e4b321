"""Every form at 80x24 under NO_COLOR (issue 13 point 2): the focused field is in reverse video,
checkboxes read [X]/[ ] and radios (●)/( ), so where the keys go and what is chosen show without
colour. Fixed clock and data, no blinking cursor. Look at a changed SVG before ``--snapshot-update``."""

from __future__ import annotations

import pytest
from desk_data import NOW, build_desk_db, desk_settings
from desk_pilot import (
    open_duty_entry,
    open_follow_up_form,
    open_handover_counts,
    open_violation_form,
    settle,
    signed_in_queue,
    until_screen,
)
from test_duty_data import build_duty_db, duty_app
from test_flows_support import closed_ticket, no_blink, open_intake, ticket_screen_routed  # noqa: F401
from textual.pilot import Pilot
from violation_desk import build_violation_db

from frontdesk_tui.i18n import set_language
from frontdesk_tui.ui.app import make_app
from frontdesk_tui.ui.screens.signin import SignInScreen

LANGS = [pytest.param("en", id="en"), pytest.param("zh-CN", id="zh")]


@pytest.fixture
def no_color_app(monkeypatch, tmp_path):
    """An app made with NO_COLOR set (Textual reads it, and removes it, when the app is made)."""

    def make(kind: str, lang: str):
        monkeypatch.setenv("NO_COLOR", "1")
        if kind == "duty":
            return duty_app(build_duty_db(tmp_path / "duty.sqlite3"), lang)
        if kind == "violations":
            db, _ids = build_violation_db(tmp_path / "violations.sqlite3")
        else:
            db = build_desk_db(tmp_path / "desk.sqlite3")
            if kind == "follow-up":
                closed_ticket(db)
        set_language(lang)
        app = make_app(desk_settings(db), db, clock=lambda: NOW, poll_interval=3600)
        app.monotonic = lambda: 1000.0  # type: ignore[method-assign]
        return app

    return make


async def _sign_in(pilot: Pilot) -> None:
    await until_screen(pilot, SignInScreen)
    await settle(pilot)
    await pilot.press(*"陈晓")


async def _intake(pilot: Pilot) -> None:
    await signed_in_queue(pilot)
    screen = await open_intake(pilot)
    screen.field("emergency").value = True
    screen.field("unit").focus()
    await settle(pilot)
    await pilot.press(*"3-2-1201")
    screen.lookup_now()  # what the pause after typing does: the unit's earlier ticket beside the form


async def _duty_entry(pilot: Pilot) -> None:
    await signed_in_queue(pilot, "赵强")
    await open_duty_entry(pilot)
    await pilot.press(*"3号楼")


async def _handover_counts(pilot: Pilot) -> None:
    await signed_in_queue(pilot, "赵强")
    await open_handover_counts(pilot)
    await pilot.press("2")


async def _violation_form(pilot: Pilot) -> None:
    await signed_in_queue(pilot, "李娜")
    await open_violation_form(pilot)
    await pilot.press(*"1-1-502")


async def _follow_up_form(pilot: Pilot) -> None:
    await signed_in_queue(pilot)
    await open_follow_up_form(pilot)
    await pilot.press("2")  # 满意: (●) beside it, ( ) beside the others
    await settle(pilot)


FORMS = {
    "sign-in": (_sign_in, "desk"),
    "intake": (_intake, "desk"),
    "duty-entry": (_duty_entry, "duty"),
    "handover-counts": (_handover_counts, "duty"),
    "violation-form": (_violation_form, "violations"),
    "follow-up-form": (_follow_up_form, "follow-up"),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("form", FORMS)
def test_every_form_shows_focus_and_state_without_colour(snap_compare, no_color_app, form, lang):
    steps, kind = FORMS[form]

    async def run_before(pilot: Pilot) -> None:
        await steps(pilot)
        await settle(pilot)
        no_blink(pilot)

    assert snap_compare(no_color_app(kind, lang), terminal_size=(80, 24), run_before=run_before)


def _reversed(widget, line: int = 0) -> bool:
    return any(seg.style is not None and seg.style.reverse for seg in widget.render_line(line))


@pytest.mark.parametrize("form", FORMS)
async def test_the_focused_field_of_every_form_is_in_reverse_video(no_color_app, form) -> None:
    steps, kind = FORMS[form]
    app = no_color_app(kind, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await steps(pilot)
        await settle(pilot)
        focused = app.focused
        assert focused is not None
        line = focused.cursor_location[0] if hasattr(focused, "cursor_location") else 0
        if form == "follow-up-form":  # the radio set: the chosen button's label
            focused = focused.query("StateRadioButton").filter(".-selected").first()
        assert _reversed(focused, line), (form, focused)
        others = [w for w in app.screen.query("Input") if w is not app.focused]
        assert not any(_reversed(w) for w in others)
