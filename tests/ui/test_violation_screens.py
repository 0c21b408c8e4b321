"""Pilot tests of the violation register screens (issue 6 point 3) at 80x24, keyboard only.

The walk of issue 6: the assistant records a littering violation (general) and proposes a
rectification deadline; the director, after Ctrl+L and signing in, signs it in the sign-off queue;
a water/power suspension is refused citing the Civil Code. Plus the register's filters and paging,
literal owner text, and the stale-copy refusal (R-RO-3) explained with a reload.
"""

from __future__ import annotations

import io
import threading
from datetime import timedelta

import pytest
from desk_data import NOW, desk_settings
from desk_pilot import settle, sign_in_by_keyboard, until_screen
from rich.console import Console
from rich.text import Text
from sqlmodel import select
from textual.widgets import DataTable, Input, Static, TextArea
from violation_desk import ASSISTANT, DIRECTOR, actor, build_violation_db, site_of

from frontdesk_tui.data.tables_violations import Violation, ViolationMeasure
from frontdesk_tui.i18n import set_language
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.ui.app import make_app
from frontdesk_tui.ui.screens.signin import SignInScreen
from frontdesk_tui.ui.screens.violations.actions import ProposeMeasureModal, StepFormModal
from frontdesk_tui.ui.screens.violations.detail import ViolationDetailScreen
from frontdesk_tui.ui.screens.violations.filters import ViolationFilterModal
from frontdesk_tui.ui.screens.violations.form import ViolationFormScreen
from frontdesk_tui.ui.screens.violations.register import ViolationRegisterScreen
from frontdesk_tui.ui.screens.violations.signoff import ViolationSignoffScreen

SIZE = (80, 24)


@pytest.fixture
def violation_db(tmp_path):
    db, ids = build_violation_db(tmp_path / "violations.sqlite3")
    yield db, ids
    db.dispose()


@pytest.fixture
def make_violation_app(violation_db):
    db, _ids = violation_db

    def make(lang: str = "en"):
        set_language(lang)
        app = make_app(desk_settings(db), db, clock=lambda: NOW, poll_interval=3600)
        app.monotonic = lambda: 1000.0  # type: ignore[method-assign]
        return app

    return make


def plain(widget: Static) -> str:
    """What a Static shows, as plain text (its Text or Rich renderable printed without wrapping)."""
    console = Console(width=400, record=True, color_system=None, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


async def open_register(pilot, name: str) -> ViolationRegisterScreen:
    await sign_in_by_keyboard(pilot, name)
    await pilot.press("f7")
    await until_screen(pilot, ViolationRegisterScreen)
    await settle(pilot)
    return pilot.app.screen


def measures_of(db, violation_id: int) -> list[ViolationMeasure]:
    with UnitOfWork(db, write=False) as uow:
        return list(uow.session.exec(select(ViolationMeasure).where(ViolationMeasure.violation_id == violation_id)
                                     .order_by(ViolationMeasure.id)))


async def test_r_vi_5_assistant_records_littering_proposes_rectification_director_signs_it(
    make_violation_app, violation_db
) -> None:
    db, _ids = violation_db
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot, ASSISTANT)
        # The record form: unit, violator, kind (with the seed's examples), facts.
        await pilot.press("n")
        await until_screen(pilot, ViolationFormScreen)
        form = app.screen
        await type_text(pilot, "5-1-302")
        await pilot.press("tab")
        await type_text(pilot, "刘先生")
        await pilot.press("tab", "tab")  # past the time (empty: now) to the kind
        await pilot.press("enter")
        await pilot.press("down", "down", "down", "enter")  # prompt, renovation, fire, sanitation
        await settle(pilot)
        assert "littering" in plain(form.query_one("#vform-examples", Static))  # R-VI-1: the seed's examples
        await pilot.press("tab")
        assert app.focused is form.query_one("#vform-facts", TextArea)
        await type_text(pilot, "在楼道乱丢垃圾")
        await settle(pilot)
        suggestion = plain(form.query_one("#vform-suggestion", Static))
        assert "General violation" in suggestion and "no loss and no threat" in suggestion  # R-VI-2
        await pilot.press("ctrl+s")
        await until_screen(pilot, ViolationDetailScreen)
        await settle(pilot)
        detail = app.screen
        view = detail.view
        assert view is not None and view.kind == "sanitation" and view.confirmed_class == "general"
        assert view.recorder == ASSISTANT and view.unit == "5-1-302"
        # Propose a rectification by a deadline: p, down to rectification, basis, deadline, Ctrl+S.
        await pilot.press("p")
        await until_screen(pilot, ProposeMeasureModal)
        await pilot.press("down", "enter")
        await type_text(pilot, "《管理规约》，限期清理")
        await pilot.press("tab")
        await type_text(pilot, "2026-11-30")
        await pilot.press("ctrl+s")
        await until_screen(pilot, ViolationDetailScreen)
        await settle(pilot)
        view = detail.view
        assert [m.measure for m in view.measures] == ["rectification"]
        assert view.measures[0].pending and not view.measures[0].effective  # R-VI-5: waits for the director
        assert view.status == "awaiting_sign"
        violation_id = view.id
        # Ctrl+L, the director signs in and signs it in the sign-off queue.
        await pilot.press("ctrl+l")
        await sign_in_by_keyboard(pilot, DIRECTOR)
        await pilot.press("f8")
        await until_screen(pilot, ViolationSignoffScreen)
        await settle(pilot)
        queue = app.screen
        mine = [i for i in queue.items if i.violation_id == violation_id]
        assert len(mine) == 1 and mine[0].measure == "rectification" and mine[0].proposed_by == ASSISTANT
        queue.table.move_cursor(row=queue.items.index(mine[0]))
        await settle(pilot)
        await pilot.press("s")
        await until_screen(pilot, StepFormModal)
        await pilot.press("enter")  # the confirmation
        await until_screen(pilot, ViolationSignoffScreen)
        await settle(pilot)
        assert all(i.violation_id != violation_id for i in queue.items)
    signed = measures_of(db, violation_id)
    assert signed[0].signed_at is not None and signed[0].signed_by == actor(db, DIRECTOR).id
    deadline = signed[0].deadline.astimezone(desk_settings(db).tz)
    assert (deadline.date().isoformat(), deadline.hour, deadline.minute) == ("2026-11-30", 23, 59)


async def test_signoff_keeps_the_cursor_on_the_next_row_after_a_signature(make_violation_app, violation_db) -> None:
    db, _ids = violation_db
    site, assistant = site_of(db), actor(db, ASSISTANT)
    v = vs.record_violation(site, assistant, unit="5-1-302", violator="李磊", kind="order",
                            facts="在消防车道违章停车", now=NOW - timedelta(hours=2)).violation
    vs.propose_measure(site, assistant, v.id, "rectification", basis="《停车管理规定》，限期移车",
                       effective_at=NOW + timedelta(days=2), now=NOW - timedelta(hours=1))
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_by_keyboard(pilot, DIRECTOR)
        await pilot.press("f8")
        await until_screen(pilot, ViolationSignoffScreen)
        await settle(pilot)
        queue = app.screen
        assert len(queue.items) == 3
        await pilot.press("down")  # the middle row
        await settle(pilot)
        signed, following = queue.items[1], queue.items[2]
        assert queue.current() is signed
        await pilot.press("s")
        await until_screen(pilot, StepFormModal)
        await pilot.press("enter")
        await until_screen(pilot, ViolationSignoffScreen)
        await settle(pilot)
        assert signed.measure_id not in [i.measure_id for i in queue.items]
        assert queue.current().measure_id == following.measure_id  # the next row, not the top
        assert queue.table.cursor_row == 1


@pytest.mark.parametrize("name", [ASSISTANT, DIRECTOR])
async def test_r_vi_3_suspension_refused_citing_the_civil_code(make_violation_app, violation_db, name) -> None:
    db, ids = violation_db
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot, name)
        register.table.move_cursor(row=[r.id for r in register.page.rows].index(ids["rect_pending"]))
        await pilot.press("enter")
        await until_screen(pilot, ViolationDetailScreen)
        await settle(pilot)
        detail = app.screen
        # The detail lists the refusal with the rule's reason before anyone tries.
        refused = plain(detail.query_one("#vdetail-refused", Static))
        assert "Water/power suspension" in refused and "944" in refused and "民法典" in refused
        await pilot.press("p")
        await until_screen(pilot, ProposeMeasureModal)
        modal = app.screen
        await pilot.press("end")  # the last: water/power suspension
        await settle(pilot)
        assert modal.chosen() == "suspension"
        assert "944" in plain(modal.query_one("#vstep-measure-hint", Static))
        await pilot.press("enter")
        await type_text(pilot, "欠费三个月")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProposeMeasureModal)  # the form stays open, refused
        message = plain(modal.query_one("#vstep-message", Static))
        assert "Civil Code" in message and "944" in message and "R-VI-3" in message
    assert [m.measure for m in measures_of(db, ids["rect_pending"])] == ["rectification"]


async def test_r_vi_6_record_form_shows_every_problem_next_to_its_field(make_violation_app, violation_db) -> None:
    db, _ids = violation_db
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot, ASSISTANT)
        total = register.total
        await pilot.press("n")
        await until_screen(pilot, ViolationFormScreen)
        form = app.screen
        await type_text(pilot, "9-9-999")
        await pilot.press("tab", "tab")
        await type_text(pilot, "yesterday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ViolationFormScreen)
        for name in ("unit", "violator", "at", "kind", "facts"):
            slot = form.query_one(f"#verr-{name}", Static)
            assert slot.display and plain(slot).strip(), name
        assert "9-9-999" in plain(form.query_one("#verr-unit", Static))
        # Escape keeps the draft: back to the register and again to the form.
        await pilot.press("escape")
        await until_screen(pilot, ViolationRegisterScreen)
        await pilot.press("n")
        await until_screen(pilot, ViolationFormScreen)
        assert app.screen.query_one("#vform-unit", Input).value == "9-9-999"
    site = site_of(db)
    assert vs.count_violations(site, vs.ViolationFilter(), now=NOW) == total


async def test_r_vi_2_major_suggestion_follows_the_facts_and_the_person_confirms(make_violation_app) -> None:
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot, ASSISTANT)
        await pilot.press("n")
        await until_screen(pilot, ViolationFormScreen)
        form = app.screen
        form.query_one("#vform-kind").value = "sanitation"
        form.query_one("#vform-facts", TextArea).text = "从高层高空抛物"
        await settle(pilot)
        assert "Major violation" in plain(form.query_one("#vform-suggestion", Static))
        assert form.confirmed_class() == "major"
        # The person overrides it, and the override survives a change of the facts.
        form.query_one("#vform-class").value = "general"
        await settle(pilot)
        form.query_one("#vform-facts", TextArea).text = "从高层高空抛物，砸坏车辆"
        await settle(pilot)
        assert form.confirmed_class() == "general"


async def test_r_vi_2a_the_form_says_a_year_of_refused_fees_is_why_it_suggests_major(make_violation_app) -> None:
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot, ASSISTANT)
        await pilot.press("n")
        await until_screen(pilot, ViolationFormScreen)
        form = app.screen
        form.query_one("#vform-kind").value = "fee"
        form.query_one("#vform-facts", TextArea).text = "业主无特殊原因拒交物业费"
        await settle(pilot)
        assert "General violation" in plain(form.query_one("#vform-suggestion", Static))
        form.query_one("#vform-facts", TextArea).text = "业主无特殊原因，一年多没交物业费"
        await settle(pilot)
        said = " ".join(plain(form.query_one("#vform-suggestion", Static)).split())
        assert "Major violation" in said and "a year or more is major (R-VI-2a)" in said
        assert form.confirmed_class() == "major"


async def test_the_open_kind_list_is_a_framed_box_not_rows_in_the_facts_field(make_violation_app) -> None:
    from textual.widgets import Select
    from textual.widgets._select import SelectOverlay

    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot, ASSISTANT)
        await pilot.press("n")
        await until_screen(pilot, ViolationFormScreen)
        kind = app.screen.query_one("#vform-kind", Select)
        kind.focus()
        await pilot.press("enter")
        await settle(pilot)
        overlay = kind.query_one(SelectOverlay)
        assert kind.expanded and overlay.display
        assert overlay.styles.border_top[0] == "round" and overlay.styles.background.a == 1
        shot = app.export_screenshot().replace("&#160;", " ")
        assert "╭" in shot and "╰" in shot  # its frame is drawn over the facts field
        await pilot.press("escape")


async def test_register_filters_by_class_and_status_and_shows_the_count(make_violation_app, violation_db) -> None:
    _db, ids = violation_db
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot, ASSISTANT)
        assert register.total == 5 and "1-5 of 5" in plain(register.query_one("#violation-summary", Static))
        assert [r.id for r in register.page.rows][0] == ids["markup"]  # newest first
        await pilot.press("f")
        await until_screen(pilot, ViolationFilterModal)
        modal = app.screen
        modal.query_one("#vf-class").value = "major"
        modal.query_one("#vf-status").value = "awaiting_sign"
        await pilot.press("ctrl+s")
        await until_screen(pilot, ViolationRegisterScreen)
        await settle(pilot)
        assert [r.id for r in register.page.rows] == [ids["major_pending"]]
        assert "1-1 of 1" in plain(register.query_one("#violation-summary", Static))
        # A month that is not YYYY-MM stays in the form with its error.
        await pilot.press("f")
        await until_screen(pilot, ViolationFilterModal)
        modal = app.screen
        modal.query_one("#vf-month", Input).value = "11/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ViolationFilterModal)
        assert "YYYY-MM" in plain(modal.query_one("#vf-error", Static))
        await pilot.press("ctrl+r")  # clear every filter
        await until_screen(pilot, ViolationRegisterScreen)
        await settle(pilot)
        assert register.total == 5
        # Search: / types into the search field; a unit prefix finds its record.
        await pilot.press("slash")
        await type_text(pilot, "3-2-12")
        await pilot.press("enter")
        await settle(pilot)
        assert [r.id for r in register.page.rows] == [ids["major_pending"]]
        assert isinstance(app.focused, DataTable)


async def test_register_clears_the_old_count_while_a_new_filter_loads(make_violation_app, monkeypatch) -> None:
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot, ASSISTANT)
        summary = register.query_one("#violation-summary", Static)
        assert "1-5 of 5" in plain(summary)
        counted = threading.Event()
        real = vs.count_violations

        def held_count(*args, **kwargs) -> int:
            counted.wait(10)  # the page of the new filter stays on its way until the test lets it go
            return real(*args, **kwargs)

        monkeypatch.setattr(vs, "count_violations", held_count)
        await pilot.press("slash", *"3-2-12", "enter")
        assert register.total is None and " of " not in plain(summary)  # not the old filter's 5
        counted.set()
        await settle(pilot)
        assert register.total == 1 and "1-1 of 1" in plain(summary)


async def test_escape_leaves_the_search_and_is_offered_only_there(make_violation_app) -> None:
    def offers_leave_search(screen) -> bool:
        return any(b.binding.action == "leave_search" for b in screen.active_bindings.values())

    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot, ASSISTANT)
        assert app.focused is register.table
        assert not offers_leave_search(register)
        await pilot.press("slash")
        assert app.focused is register.search_input and offers_leave_search(register)
        await pilot.press("escape")
        assert app.focused is register.table and not offers_leave_search(register)
        assert isinstance(app.screen, ViolationRegisterScreen)


async def test_register_pages_in_sql_forward_and_back(make_violation_app, violation_db, monkeypatch) -> None:
    monkeypatch.setattr(vs, "PAGE_SIZE", 2)
    real = vs.list_violations
    monkeypatch.setattr(vs, "list_violations", lambda site, flt, *, now, after=None: real(site, flt, now=now,
                                                                                          after=after, limit=2))
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot, ASSISTANT)
        first = [r.id for r in register.page.rows]
        assert len(first) == 2 and register.table.row_count == 2 and register.page.has_after
        await pilot.press("down", "down")  # past the last row: the next page
        await settle(pilot)
        second = [r.id for r in register.page.rows]
        assert register.page_index == 1 and len(second) == 2 and not set(first) & set(second)
        assert "3-4 of 5" in plain(register.query_one("#violation-summary", Static))
        await pilot.press("down", "down")
        await settle(pilot)
        assert register.page_index == 2 and len(register.page.rows) == 1
        await pilot.press("up")  # above the first row: back a page, cursor on its last row
        await settle(pilot)
        assert [r.id for r in register.page.rows] == second and register.current_id() == second[-1]


async def test_owner_text_shows_literally(make_violation_app, violation_db) -> None:
    _db, ids = violation_db
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot, ASSISTANT)
        assert register.current_id() == ids["markup"]
        preview = plain(register.query_one("#violation-preview", Static))
        assert "[bold]乱丢[/bold] 垃圾 [/ 在楼道 红字" in preview and "\x1b" not in preview
        assert "孙丽 [i]" in preview
        cell = register.table.get_cell(str(ids["markup"]), "violator")
        assert isinstance(cell, Text) and cell.plain.startswith("孙丽 [i]")
        await pilot.press("enter")
        await until_screen(pilot, ViolationDetailScreen)
        await settle(pilot)
        record = plain(app.screen.query_one("#vdetail-record", Static))
        assert "[bold]乱丢[/bold] 垃圾 [/ 在楼道 红字" in record and "\x1b" not in record


async def test_r_ro_3_stale_copy_refused_explained_and_reloaded(make_violation_app, violation_db) -> None:
    db, ids = violation_db
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot, DIRECTOR)
        register.table.move_cursor(row=[r.id for r in register.page.rows].index(ids["rect_pending"]))
        await pilot.press("enter")
        await until_screen(pilot, ViolationDetailScreen)
        await settle(pilot)
        detail = app.screen
        shown = detail.view.version
        # Meanwhile the assistant records a fact at another desk (no poll: this screen keeps its copy).
        vs.record_fact(site_of(db), actor(db, ASSISTANT), ids["rect_pending"], "notice-served",
                       now=NOW - timedelta(minutes=5))
        await pilot.press("s")
        await until_screen(pilot, StepFormModal)
        await pilot.press("enter")
        await until_screen(pilot, ViolationDetailScreen)
        await settle(pilot)
        banner = detail.query_one("#vdetail-banner", Static)
        assert banner.display
        assert ASSISTANT in plain(banner) and "R-RO-3" in plain(banner)
        assert detail.view.version > shown  # reloaded as it is now
        assert [f.fact for f in detail.view.facts_recorded] == ["notice-served"]
    assert measures_of(db, ids["rect_pending"])[0].signed_at is None  # nothing was signed


async def test_r_vi_5_only_the_director_signs_in_the_queue(make_violation_app, violation_db) -> None:
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_by_keyboard(pilot, ASSISTANT)
        await pilot.press("f8")
        await until_screen(pilot, ViolationSignoffScreen)
        await settle(pilot)
        queue = app.screen
        assert len(queue.items) == 2  # oldest first
        assert queue.items[0].proposed_at <= queue.items[1].proposed_at
        assert "Only the director signs" in plain(queue.query_one("#signoff-summary", Static))
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ViolationSignoffScreen)  # the key does nothing for the assistant
        assert not queue.check_action("sign", ())


async def test_detail_steps_follow_the_role(make_violation_app, violation_db) -> None:
    _db, ids = violation_db
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot, ASSISTANT)
        register.table.move_cursor(row=[r.id for r in register.page.rows].index(ids["major_pending"]))
        await pilot.press("enter")
        await until_screen(pilot, ViolationDetailScreen)
        await settle(pilot)
        detail = app.screen
        # A major violation: the assistant may only persuade (R-VI-5); no sign, no fact.
        assert detail.view.next_steps.measures == ("persuasion",)
        assert detail.check_action("propose", ()) and not detail.check_action("sign", ())
        assert not detail.check_action("fact", ())
        refused = plain(detail.query_one("#vdetail-refused", Static))
        assert "Compensation for loss" in refused and "needs the director" in refused
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is detail
        await pilot.press("escape")
        await until_screen(pilot, ViolationRegisterScreen)


async def test_lock_and_sign_in_keep_the_register_screen(make_violation_app) -> None:
    app = make_violation_app("zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot, ASSISTANT)
        await pilot.press("ctrl+l")
        await until_screen(pilot, SignInScreen)
        await sign_in_by_keyboard(pilot, DIRECTOR)
        await until_screen(pilot, ViolationRegisterScreen)
        await settle(pilot)
        assert app.screen is register and register.table.row_count == 5
        assert "违章" in plain(register.query_one("#violation-preview", Static))


async def test_palette_lists_the_violation_screens(make_violation_app) -> None:
    from frontdesk_tui.ui.commands import DeskCommands

    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot, ASSISTANT)
        provider = DeskCommands(app.screen)
        titles = [title for title, _help, _cb in provider.commands()]
        for title in ("Go to: Violation register", "Go to: Record a violation", "Go to: Violation sign-off",
                      "Record new", "Filter", "Sign-off"):
            assert title in titles
        help_screen = app.help_for(app.screen)
        assert "R-VI-2" in help_screen.help_text and any(d == "Record new" for _k, d in help_screen.keys)


def test_r_pd_1_phones_in_owner_text_masked_for_staff(violation_db) -> None:
    from frontdesk_tui.ui.widgets.violation_cells import shown_text

    db, _ids = violation_db
    text = "业主电话 13812345678，要求[bold]整改[/bold]"
    assert shown_text(text, actor(db, "周师傅")) == "业主电话 138****5678，要求[bold]整改[/bold]"
    assert shown_text(text, actor(db, ASSISTANT)) == text  # R-PD-3: the assistant sees it whole


async def test_r_vi_3_director_records_rectification_done_then_closes_by_keyboard(
    make_violation_app, violation_db
) -> None:
    db, ids = violation_db
    app = make_violation_app("en")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot, DIRECTOR)
        row = next(r for r in register.page.rows if r.id == ids["fire_due"])
        assert row.status == "rectification_due"  # the deadline passed yesterday
        register.table.move_cursor(row=register.page.rows.index(row))
        await pilot.press("enter")
        await until_screen(pilot, ViolationDetailScreen)
        await settle(pilot)
        detail = app.screen
        assert detail.view.measures[0].due and not detail.check_action("close", ())
        await pilot.press("c")
        await until_screen(pilot, StepFormModal)
        await type_text(pilot, "已清理")
        await pilot.press("enter")
        await until_screen(pilot, ViolationDetailScreen)
        await settle(pilot)
        assert detail.view.measures[0].completed_at is not None and detail.view.status == "in_effect"
        await pilot.press("x")
        await until_screen(pilot, StepFormModal)
        await pilot.press("enter")
        await until_screen(pilot, ViolationDetailScreen)
        await settle(pilot)
        assert detail.view.status == "closed" and not detail.check_action("propose", ())
        assert "nothing more you may do" in plain(detail.query_one("#vdetail-next", Static))
        await pilot.press("escape")
        await until_screen(pilot, ViolationRegisterScreen)
        await settle(pilot)
        assert next(r for r in register.page.rows if r.id == ids["fire_due"]).status == "closed"
    with UnitOfWork(db, write=False) as uow:
        assert uow.session.get(Violation, ids["fire_due"]).closed_at is not None
