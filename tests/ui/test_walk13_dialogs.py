"""The Ctrl+N question is a dialog like the Escape one (issue 13 walk): framed, in the middle of the
screen, over the form it asks about — it was drawn unstyled in the top-left corner, the form gone."""

from __future__ import annotations

from desk_pilot import settle, signed_in_queue, until_screen
from test_flows_support import open_intake

from frontdesk_tui.ui.widgets.intake_dialogs import ClearFormModal, LeaveDraftModal


async def test_the_clear_form_question_is_framed_and_centred_like_the_leave_question(make_desk_app) -> None:
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        screen = await open_intake(pilot)
        screen.field("description").focus()
        await pilot.press(*"楼道灯不亮")
        boxes = {}
        for key, modal in (("ctrl+n", ClearFormModal), ("escape", LeaveDraftModal)):
            await pilot.press(key)
            await until_screen(pilot, modal)
            await settle(pilot)
            box = app.screen.query_one(".intake-dialog")
            boxes[modal] = (box.region, box.styles.border_top[0])
            await pilot.press("n" if modal is ClearFormModal else "escape")
            await settle(pilot)
        region, border = boxes[ClearFormModal]
        assert border == boxes[LeaveDraftModal][1] and border not in ("", "none")
        assert region.width == boxes[LeaveDraftModal][0].width and region.x > 0 and region.y > 0
        assert region.height < 24 // 2  # a box in the middle, the form in sight around it
