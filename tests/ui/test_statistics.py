"""The statistics screen (R-KP-1, R-KP-3): month change, the figures it shows equal to the JSON and
the XLSX, the export to XLSX and CSV (private, overwrite asks), who may see it, and snapshots of
its tables and charts at 80x24 in English and Chinese.

The desk's clock is 25 November 2026, so the screen opens on October, which these tests fill with
a few tickets of their own (closed, followed up, one emergency) on the desk database.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from desk_data import NOW, PASSWORD
from desk_pilot import settle, signed_in_queue, still, until_screen
from openpyxl import load_workbook
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from frontdesk_tui.domain import labels
from frontdesk_tui.domain.supervision.kpi import FIGURE_KEYS
from frontdesk_tui.services.supervision import reports
from frontdesk_tui.ui.commands import DeskCommands
from frontdesk_tui.ui.screens.supervision import statistics
from frontdesk_tui.ui.screens.supervision.statistics import ExportPathModal, OverwriteModal, StatisticsScreen

# The hand-built months of the report tests write tickets with every clock the figures read.
sys.path.insert(0, str(Path(__file__).parents[1] / "integration"))
from test_reports import Month  # noqa: E402

SIZE = (80, 24)
LANGS = [pytest.param("en", id="en"), pytest.param("zh-CN", id="zh")]


def fill_october(db) -> Month:
    """Engineering: o1 on time, step after 3 h, very satisfied; o2 late, step after 30 h,
    dissatisfied. Sanitation: o3 on time, satisfied. An emergency on site in 7 of 10 minutes and
    under control in 40 of 60. September: one closed on time (for the trend)."""
    m = Month(db)
    at = m.at
    o1 = m.ticket(at(10, 5, 9), category="engineering", channel="phone", severity="minor", department="engineering",
                  location="3-2-1201", status="closed", reported_at=at(10, 5, 17), closed_at=at(10, 6, 9))
    m.event(o1, "investigate", at(10, 5, 12))
    m.event(o1, "follow-up", at(10, 8, 10), satisfaction="very_satisfied")
    o2 = m.ticket(at(10, 12, 9), category="engineering", channel="visit", severity="important",
                  department="engineering", location="5-1-302", status="closed", reported_at=at(10, 14, 9),
                  closed_at=at(10, 14, 12))
    m.event(o2, "plan", at(10, 13, 15))
    m.event(o2, "follow-up", at(10, 16, 10), satisfaction="dissatisfied")
    o3 = m.ticket(at(10, 12, 14), category="sanitation", channel="online", severity="minor",
                  department="sanitation", location="中心花园", status="closed", reported_at=at(10, 12, 18),
                  closed_at=at(10, 13, 9))
    m.event(o3, "follow-up", at(10, 15, 10), satisfaction="satisfied")
    m.ticket(at(10, 20, 22), category="security", channel="phone", severity="major", department="security",
             location="地下车库", emergency=True, status="in_progress", due_at=at(10, 20, 23),
             on_site_due=at(10, 20, 22, 10), on_site_at=at(10, 20, 22, 7), under_control_due=at(10, 20, 23),
             under_control_at=at(10, 20, 22, 40))
    m.ticket(at(9, 10, 9), category="engineering", channel="phone", severity="minor", department="engineering",
             location="8-1-101", status="closed", reported_at=at(9, 10, 15), closed_at=at(9, 11, 9))
    return m


@pytest.fixture
def stats_app(make_desk_app, desk_db, monkeypatch, tmp_path):
    month = fill_october(desk_db)
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(statistics, "export_dir", lambda: documents)

    def make(lang: str = "en"):
        return make_desk_app(lang)

    make.documents = documents  # type: ignore[attr-defined]
    make.month = month  # type: ignore[attr-defined]
    return make


async def open_statistics(pilot: Pilot, name: str = "李娜") -> StatisticsScreen:
    await signed_in_queue(pilot, name)
    await pilot.press("f11")
    await until_screen(pilot, StatisticsScreen)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StatisticsScreen)
    return screen


def month_line(screen: StatisticsScreen) -> str:
    return str(screen.query_one("#statistics-month", Static).render())


def figure_rate(screen: StatisticsScreen, key: str) -> str:
    table = screen.query_one("#statistics-figures", DataTable)
    return str(table.get_row(key)[3])


async def test_r_kp_1_statistics_opens_on_the_last_complete_month_and_brackets_move_it(stats_app) -> None:
    app = stats_app("en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statistics(pilot)
        # 25 November: the last complete month is October.
        assert (screen.year, screen.month) == (2026, 10)
        assert "2026-10" in month_line(screen) and "received 4" in month_line(screen)
        assert figure_rate(screen, "repair_pass_rate") == "50.0%"  # o1 passes, o2 does not
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert (screen.year, screen.month) == (2026, 9) and "received 1" in month_line(screen)
        assert figure_rate(screen, "repair_pass_rate") == "—"  # no follow-up in September: no data
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert (screen.year, screen.month) == (2026, 11) and "2026-11" in month_line(screen)
        # The keys for previous and next month are in the footer.
        shown = {b.description for _n, b, _e, _t in screen.active_bindings.values() if b.show}
        assert {"Prev. month", "Next month", "XLSX", "Help"} <= shown
        everything = {b.description for _n, b, _e, _t in screen.active_bindings.values()}
        assert "CSV" in everything  # c: in the help and the palette


async def test_r_kp_3_the_screen_json_and_xlsx_show_the_same_figures(stats_app, desk_db, tmp_path) -> None:
    app = stats_app("en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statistics(pilot)
        report = screen.report
        assert report is not None
        data = json.loads(json.dumps(report.to_json(app.settings.tz)))
        path = reports.save_report(report, app.settings.tz, tmp_path / "same.xlsx", "xlsx")
        sheet = load_workbook(path)["Quality figures"]
        xlsx = [row[3].value for row in sheet.iter_rows(min_row=2)]
        for key, in_xlsx in zip(FIGURE_KEYS, xlsx, strict=True):
            expected = data[key]
            assert in_xlsx == expected
            shown = figure_rate(screen, key)
            assert shown == ("—" if expected is None else reports.format_cell(expected, reports.RATE, app.settings.tz))
        # By hand: repair response o1 (3 h) yes, o2 (30 h) no; cleaning o3 satisfied; the emergency
        # on site in 7 of 10 minutes, under control in 40 of 60.
        assert (data["repair_response_on_time_rate"], data["cleaning_satisfaction"]) == (0.5, 1.0)
        assert (data["emergency_on_site_on_time_rate"], data["emergency_under_control_on_time_rate"]) == (1.0, 1.0)


def _cli(capsys, desk_db, tmp_path, *argv: str) -> str:
    """``frontdesk …`` in this process, on the desk database, as a script (or ``ssh … report``) runs it."""
    from frontdesk_tui.cli import main
    from frontdesk_tui.i18n import current_language, set_language

    before = current_language()
    capsys.readouterr()
    kept = os.environ.get("FRONTDESK_PASSWORD")
    os.environ["FRONTDESK_PASSWORD"] = PASSWORD  # the statistics are the assistant's (R-KP-1)
    try:
        code = main(
            ["--db", desk_db.url, "--config", str(tmp_path / "none.toml"), "--lang", "en", "--as", "李娜", *argv]
        )
    finally:
        if kept is None:
            del os.environ["FRONTDESK_PASSWORD"]
        else:
            os.environ["FRONTDESK_PASSWORD"] = kept
        set_language(before)
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def _assessment_lines(screen: StatisticsScreen) -> list[str]:
    """The assessment tab as the terminal shows it, line by line."""
    import io

    from rich.console import Console

    console = Console(width=80, record=True, file=io.StringIO(), color_system=None)
    console.print(screen.query_one("#statistics-assessment", Static).content)
    return [line.strip() for line in console.export_text().splitlines()]


def _row_cells(lines: list[str], name: str) -> list[str]:
    """The cells after ``name`` in the first line that starts with it."""
    found = [line for line in lines if line.startswith(name + " ")]
    assert found, (name, lines)
    line = found[0]
    return line[len(name):].split()


async def test_issue_11_one_figure_is_equal_on_the_screen_in_report_json_and_in_report_xlsx(
    stats_app, desk_db, tmp_path, capsys
) -> None:
    """Issue 11 Done-when, from the outside: the month on the screen, ``report monthly --format json``
    and ``report monthly --format xlsx`` (the commands a script or ``ssh`` runs, not the screen's own
    report object) carry the same figures: R-KP-3/R-EM-5, the summary's on-time rate and
    satisfaction, and each department's and handler's assessment (考核)."""
    from sqlalchemy import select, update

    from frontdesk_tui.data.tables import Operator
    from frontdesk_tui.data.tables_tickets import Ticket
    from frontdesk_tui.services.uow import UnitOfWork

    m = stats_app.month  # o4: engineering, closed on time, no follow-up yet (rates that differ)
    m.ticket(m.at(10, 26, 9), category="engineering", channel="phone", severity="minor", department="engineering",
             location="3-2-1202", status="closed", reported_at=m.at(10, 26, 15), closed_at=m.at(10, 27, 9))
    with UnitOfWork(desk_db) as uow:  # October's engineering tickets were 周师傅's: the handler table too
        zhou = uow.session.execute(select(Operator.id).where(Operator.name == "周师傅")).scalar_one()
        uow.session.execute(update(Ticket).where(Ticket.category == "engineering").values(handler_id=zhou))
        uow.commit()
    data = json.loads(_cli(capsys, desk_db, tmp_path, "report", "monthly", "2026-10", "--format", "json"))
    out = tmp_path / "cli.xlsx"
    _cli(capsys, desk_db, tmp_path, "report", "monthly", "2026-10", "--format", "xlsx", "--out", str(out))
    book = load_workbook(out)
    app = stats_app("en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statistics(pilot)
        assert (screen.year, screen.month) == (2026, 10)
        tz = app.settings.tz

        def pct(value) -> str:
            return "—" if value is None else reports.format_cell(value, reports.RATE, tz)

        quality = [row[3].value for row in book["Quality figures"].iter_rows(min_row=2)]
        for key, in_xlsx in zip(FIGURE_KEYS, quality, strict=True):
            assert in_xlsx == data[key], key
            assert figure_rate(screen, key) == pct(data[key]), key
        # The summary's rates: closed on time / closed, satisfied / follow-ups.
        summary = {row[0].value: row[3].value for row in book["Summary"].iter_rows(min_row=2)}
        assert summary["closed on time / closed"] == data["on_time_rate"]
        assert summary["satisfied or very satisfied / follow-ups"] == data["satisfaction_rate"]
        table = screen.query_one("#statistics-figures", DataTable)
        shown = {str(table.get_row(f"summary-{i}")[0]): str(table.get_row(f"summary-{i}")[3])
                 for i in range(len(summary))}
        assert shown["closed on time / closed"] == pct(data["on_time_rate"])
        assert shown["satisfied or very satisfied / follow-ups"] == pct(data["satisfaction_rate"])
        # Each department's and handler's assessment, by name.
        on_screen = _assessment_lines(screen)
        for sheet, groups, name_of in (
            ("Assessment by department", data["by_department"], lambda g: g["name"]),
            ("Assessment by handler", data["by_handler"], lambda g: g["name"]),
        ):
            xlsx_rows = {r[0].value: [c.value for c in r[1:]] for r in book[sheet].iter_rows(min_row=2)}
            assert groups, sheet
            for g in groups:
                name = name_of(g)
                label = labels.department_name(g["code"], name) if "code" in g else name
                expected = [g["received"], g["closed"], g["on_time_rate"], g["satisfaction"]]
                assert xlsx_rows[label] == expected, (sheet, label)
                cells = _row_cells(on_screen, label)
                assert cells[:2] == [str(g["received"]), str(g["closed"])], (sheet, label)
                assert cells[2:] == [pct(v) for v in expected[2:] if v is not None], (sheet, label, cells)
        # By hand (fill_october): engineering o1 on time and very satisfied, o2 late and
        # dissatisfied, o4 (below) on time without a follow-up: 3 received, 3 closed, two of three on
        # time, one of two satisfied; all 周师傅's.
        engineering = next(g for g in data["by_department"] if g["code"] == "engineering")
        zhou_row = next(g for g in data["by_handler"] if g["name"] == "周师傅")
        for g in (engineering, zhou_row):
            assert (g["received"], g["closed"], g["on_time_rate"], g["satisfaction"]) == (3, 3, 2 / 3, 0.5)


async def test_r_kp_1_export_xlsx_and_csv_private_and_overwrite_asks(stats_app) -> None:
    app = stats_app("en")
    documents: Path = stats_app.documents
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statistics(pilot)
        await pilot.press("x")
        await until_screen(pilot, ExportPathModal)
        field = app.screen.query_one(Input)
        target = documents / "monthly-report-2026-10.xlsx"
        assert field.value == str(target)  # the default: the documents folder
        await pilot.press("enter")
        await until_screen(pilot, StatisticsScreen)
        await settle(pilot)
        assert target.exists() and stat.S_IMODE(target.stat().st_mode) == 0o600
        book = load_workbook(target)
        assert book["Summary"]["B2"].value == screen.report.received == 4
        written = target.read_bytes()

        # Again: the file exists, so it asks; n keeps it as it was, y overwrites.
        target.write_bytes(b"kept")
        await pilot.press("x")
        await until_screen(pilot, ExportPathModal)
        await pilot.press("enter")
        await until_screen(pilot, OverwriteModal)
        await pilot.press("n")
        await until_screen(pilot, StatisticsScreen)
        assert target.read_bytes() == b"kept"
        await pilot.press("x")
        await until_screen(pilot, ExportPathModal)
        await pilot.press("enter")
        await until_screen(pilot, OverwriteModal)
        await pilot.press("y")
        await until_screen(pilot, StatisticsScreen)
        await settle(pilot)
        assert target.read_bytes()[:2] == written[:2] == b"PK" and stat.S_IMODE(target.stat().st_mode) == 0o600
        assert load_workbook(target)["Quality figures"]["D3"].value == 0.5  # repair pass rate, rewritten

        # CSV: the same text the report command writes, with a byte-order mark.
        await pilot.press("c")
        await until_screen(pilot, ExportPathModal)
        await pilot.press("enter")
        await until_screen(pilot, StatisticsScreen)
        await settle(pilot)
        csv_file = documents / "monthly-report-2026-10.csv"
        assert stat.S_IMODE(csv_file.stat().st_mode) == 0o600
        assert csv_file.read_text(encoding="utf-8-sig") == reports.write_csv(screen.report, app.settings.tz)
        assert "repair pass rate,1,2,50.0%" in csv_file.read_text(encoding="utf-8-sig")


async def test_r_kp_1_statistics_are_for_assistants_and_the_director(stats_app) -> None:
    app = stats_app("en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statistics(pilot, "陈晓燕")
        assert "for assistants and the director" in month_line(screen)
        assert screen.report is None
        await pilot.press("x")
        await settle(pilot)
        assert app.screen is screen  # nothing to export


@pytest.mark.parametrize(("lang", "query"), [("en", "statistics"), ("en", "report"), ("zh-CN", "统计"),
                                             ("zh-CN", "report")])
async def test_the_palette_finds_the_statistics(stats_app, lang, query) -> None:
    app = stats_app(lang)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_queue(pilot, "李娜")
        provider = DeskCommands(app.screen)
        hits = [hit async for hit in provider.search(query)]
        assert any("统计" in str(hit.text) or "Statistics" in str(hit.text) for hit in hits)


def _snapshot(stats_app, lang, tab: str):
    async def run_before(pilot: Pilot) -> None:
        await open_statistics(pilot, "李娜")
        await pilot.press(tab)
        await settle(pilot)
        still(pilot)

    return stats_app(lang), run_before


@pytest.mark.parametrize("lang", LANGS)
def test_statistics_figures_snapshot(snap_compare, stats_app, lang) -> None:
    app, run_before = _snapshot(stats_app, lang, "1")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_statistics_category_chart_snapshot(snap_compare, stats_app, lang) -> None:
    app, run_before = _snapshot(stats_app, lang, "6")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_statistics_trend_chart_snapshot(snap_compare, stats_app, lang) -> None:
    app, run_before = _snapshot(stats_app, lang, "8")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_the_statistics_open_on_the_last_complete_month() -> None:
    assert statistics.last_complete_month(NOW, _tz()) == (2026, 10)
    assert statistics.shift_month(2026, 1, -1) == (2025, 12) and statistics.shift_month(2026, 12, 1) == (2027, 1)


def _tz():
    from frontdesk_tui.config import Settings

    return Settings(db="sqlite:///unused").tz
