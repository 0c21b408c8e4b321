"""R-PD-1, R-PD-3 on the screen (issue 14, point 5, second table): a draft left on the intake screen
at Ctrl+L shows the owner's phone masked to a next operator who may not see phones."""

from __future__ import annotations

from desk_pilot import settle, sign_in_by_keyboard, signed_in_queue, until_screen
from test_flows_support import open_intake, type_into

from frontdesk_tui.ui.screens.signin import SignInScreen
from frontdesk_tui.ui.screens.tickets.intake import IntakeScreen

PHONE = "13912345678"


async def test_r_pd_1_a_draft_left_at_a_lock_shows_the_phone_masked_to_staff(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)  # 陈晓燕, receptionist: sees phones whole
        screen = await open_intake(pilot)
        await type_into(pilot, screen.field("phone"), PHONE)
        await settle(pilot)
        assert PHONE in app.export_screenshot()
        await pilot.press("ctrl+l")
        await until_screen(pilot, SignInScreen)
        await sign_in_by_keyboard(pilot, "周师傅")  # staff: phones masked (R-PD-3)
        await until_screen(pilot, IntakeScreen)
        await settle(pilot)
        assert PHONE not in app.export_screenshot()
