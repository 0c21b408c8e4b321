"""The statistics screen (R-KP-1, R-KP-3): one month's report as readable tables and terminal charts,
and its export to XLSX or CSV.

Everything shown comes from the report service (``services/supervision/reports``), the same
figures ``report monthly`` prints and exports; the tables are the view of ``ui/report_view``
(names, not codes). The charts are drawn by textual-plotext: plotext counts characters, not
terminal cells, so labels with Chinese characters are numbered on the chart and named in a legend
under it. Assistants and the director (the permission of ``report monthly``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import ClassVar

import platformdirs
from rich import box
from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from frontdesk_tui.domain.permissions import may
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services.supervision import reports
from frontdesk_tui.services.supervision.figures import TrendPoint
from frontdesk_tui.services.supervision.reports import MonthlyReport
from frontdesk_tui.ui import labels
from frontdesk_tui.ui.labels import department_name
from frontdesk_tui.ui.messages import TicketSelected
from frontdesk_tui.ui.report_view import ViewTable, readable_tables
from frontdesk_tui.ui.screens.base import DeskModal, DeskScreen, caught_up
from frontdesk_tui.ui.widgets import ticket_text as tt
from frontdesk_tui.ui.widgets.footer import DeskFooter
from frontdesk_tui.ui.widgets.header import DeskHeader

#: The tabs, in order (keys 1-8 show them): pane id and English title.
TABS = (
    ("tab-figures", N_("Figures")),
    ("tab-counts", N_("Counts")),
    ("tab-assessment", N_("Assessment")),
    ("tab-overdue", N_("Overdue")),
    ("tab-daily", N_("Per day")),
    ("tab-categories", N_("Categories")),
    ("tab-departments", N_("Depts.")),
    ("tab-trend", N_("Trend")),
)
COUNT_TABLES = (
    "by_category",
    "by_severity",
    "by_channel",
    "by_channel_detail",
    "by_department",
    "satisfaction",
    "repeated",
)
ASSESSMENT_TABLES = ("assessment_department", "assessment_handler")
#: Markers of the trend's two lines: told apart without colour (NO_COLOR, monochrome terminals).
ON_TIME_MARKER, SATISFACTION_MARKER = "o", "x"


@dataclass(frozen=True)
class Snapshot:
    report: MonthlyReport
    trend: tuple[TrendPoint, ...]


def last_complete_month(now: datetime, tz) -> tuple[int, int]:
    today = now.astimezone(tz).date()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def export_dir() -> Path:
    """The user's documents folder, else downloads, else home: where an export goes by default."""
    for where in (platformdirs.user_documents_dir, platformdirs.user_downloads_dir):
        path = Path(where())
        if path.is_dir():
            return path
    return Path.home()


def chart_labels(names: list[str]) -> tuple[list[str], str]:
    """Bar labels for plotext and a legend: the names themselves when every character is one cell
    wide, else numbers on the chart and ``1 name · 2 name`` under it."""
    if all(cell_len(name) == len(name) for name in names):
        return names, ""
    return [str(i) for i in range(1, len(names) + 1)], "  ".join(
        f"{i} {name}" for i, name in enumerate(names, start=1)
    )


def rich_table(view: ViewTable) -> Table:
    """A report table for the screen: never wraps (long cells end in …), numbers right-aligned."""
    table = Table(
        title=view.title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        expand=False,
    )
    for header, numeric in zip(view.headers, view.numeric, strict=True):
        table.add_column(header, justify="right" if numeric else "left", no_wrap=True, overflow="ellipsis")
    for row in view.rows:
        table.add_row(*(Text(cell) for cell in row))  # owner text (places) literally, never markup
    if not view.rows:
        table.add_row(Text(_("(none)"), style="dim"))
    return table


class ExportPathModal(DeskModal[Path | None]):
    """Where to write the export: a path, with the default in the user's documents folder."""

    CSS_PATH = "statistics.tcss"
    SCREEN_TITLE = N_("Export")
    BINDINGS: ClassVar = [
        Binding("escape", "cancel", N_("Back"), id="statistics-export-cancel"),
        Binding("enter", "save", N_("Export"), id="statistics-export-save", priority=True),
    ]

    def __init__(self, default: Path, fmt: str) -> None:
        super().__init__(id="statistics-export")
        self.default = default
        self.fmt = fmt

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box") as box_:
            box_.border_title = _("Export the month as {format}").format(format=self.fmt.upper())
            yield Label(_("File"), classes="form-label")
            yield Input(value=str(self.default), id="statistics-export-path", compact=True)
            yield Static(_("The file holds owners' data: only you can read it (0600)."), classes="form-hint")
            yield Static("", id="statistics-export-message", classes="form-message")
            yield Static(_("Enter: export · Esc: back"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    async def action_save(self) -> None:
        await caught_up(self)
        value = self.query_one(Input).value.strip()
        if not value:
            self.query_one("#statistics-export-message", Static).update(_("Give a file name."))
            return
        self.dismiss(Path(value).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)


class OverwriteModal(DeskModal[bool]):
    """The file exists: y or Enter overwrites it, n or Escape does not."""

    CSS_PATH = "statistics.tcss"
    SCREEN_TITLE = N_("Confirm")
    BINDINGS: ClassVar = [
        Binding("y,enter", "answer(True)", N_("Overwrite"), id="statistics-overwrite-yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="statistics-overwrite-no"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__(id="statistics-overwrite")
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box") as box_:
            box_.border_title = _("Confirm")
            yield Static(Text(_("{path} exists. Overwrite it?").format(path=self.path)), classes="form-summary")
            yield Static(_("y or Enter: overwrite · n or Esc: no"), classes="form-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class StatisticsScreen(DeskScreen):
    SCREEN_TITLE = N_("Statistics")
    CSS_PATH = "statistics.tcss"
    HELP = N_(
        "The month's complaint statistics (R-KP-1) and the quality figures of the monthly assessment "
        "(R-KP-3, R-EM-5), the same figures `frontdesk report monthly` prints. It opens on the last "
        "complete month; [ and ] show the previous and next month.\n\n"
        "Tabs (keys 1-8): figures; counts by category, severity, channel and department, follow-up "
        "satisfaction and repeated places; the assessment per department and per handler; the "
        "overdue list (Enter opens a ticket); charts of the complaints per day, by category and by "
        "department, and the 12-month trend of the on-time rate (o) and satisfaction (x); a month "
        "with nothing to count has no point.\n\n"
        "A rate with nothing to count shows as —, never 0 %.\n\n"
        "x exports the month as an XLSX workbook, c as CSV: the path proposed is in your documents "
        "folder; an existing file is overwritten only when you say so. The file is private (0600): "
        "it holds owners' data. For assistants and the director."
    )
    BINDINGS: ClassVar = [
        # Short labels: with the inbox key (F10) the footer must still fit 80 columns with F1.
        Binding("left_square_bracket", "month(-1)", N_("Prev. month"), id="statistics-previous"),
        Binding("right_square_bracket", "month(1)", N_("Next month"), id="statistics-next"),
        Binding("x", "export('xlsx')", N_("XLSX"), id="statistics-xlsx"),
        Binding("c", "export('csv')", N_("CSV"), id="statistics-csv", show=False),  # in the help and palette
        Binding("r", "reload", N_("Reload"), id="statistics-reload", show=False),
        *(Binding(str(i), f"tab({i - 1})", show=False) for i in range(1, len(TABS) + 1)),
    ]

    class Loaded(Message):
        def __init__(self, snapshot: Snapshot) -> None:
            super().__init__()
            self.snapshot = snapshot

    def __init__(self) -> None:
        super().__init__(id="statistics")
        self.year = 0
        self.month = 0
        self.snapshot: Snapshot | None = None

    @property
    def report(self) -> MonthlyReport | None:
        return self.snapshot.report if self.snapshot else None

    def compose(self) -> ComposeResult:
        yield DeskHeader(self.title_text)
        yield Static("", id="statistics-month")
        with TabbedContent(id="statistics-tabs"):
            with TabPane(_(TABS[0][1]), id=TABS[0][0]):
                yield DataTable(id="statistics-figures", cursor_type="row", zebra_stripes=False)
            with TabPane(_(TABS[1][1]), id=TABS[1][0]), VerticalScroll(id="statistics-counts-scroll"):
                yield Static("", id="statistics-counts")
            with TabPane(_(TABS[2][1]), id=TABS[2][0]), VerticalScroll(id="statistics-assessment-scroll"):
                yield Static("", id="statistics-assessment")
            with TabPane(_(TABS[3][1]), id=TABS[3][0]):
                yield DataTable(id="statistics-overdue", cursor_type="row", zebra_stripes=False)
            for pane, title in TABS[4:]:
                name = pane.removeprefix("tab-")
                with TabPane(_(title), id=pane):
                    yield Static("", id=f"chart-{name}-title", classes="chart-title")
                    yield PlotextPlot(id=f"chart-{name}")
                    yield Static("", id=f"chart-{name}-legend", classes="chart-legend")
        yield DeskFooter()

    def on_mount(self) -> None:
        figures = self.query_one("#statistics-figures", DataTable)
        for key, header in (("figure", _("figure")), ("count", _("count")), ("of", _("of")), ("rate", _("rate"))):
            figures.add_column(header, key=key)
        now = self.desk.now()
        self.year, self.month = last_complete_month(now, self.desk.settings.tz)
        self.reload()

    def on_signed_in(self) -> None:
        self.reload()

    def on_data_changed(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    # -- month and tabs -------------------------------------------------------------------------
    def action_month(self, step: int) -> None:
        self.year, self.month = shift_month(self.year, self.month, step)
        self.reload()

    def action_tab(self, index: int) -> None:
        self.query_one(TabbedContent).active = TABS[index][0]

    def action_reload(self) -> None:
        self.reload()

    def allowed(self) -> bool:
        return may(self.desk.actor, "report.monthly")

    def reload(self) -> None:
        if self.desk.actor is None or not self.year:
            return
        label = f"{self.year:04d}-{self.month:02d}"
        if not self.allowed():
            self.query_one("#statistics-month", Static).update(
                Text(" " + _("The statistics are for assistants and the director."), style="bold")
            )
            return
        self.query_one("#statistics-month", Static).update(Text(" " + label + "  " + _("loading…")))
        self._load(self.year, self.month)

    @work(thread=True, exclusive=True, group="statistics", exit_on_error=False)
    def _load(self, year: int, month: int) -> None:
        site = tt.desk_site(self.desk)
        report = reports.monthly_report_for(site, self.desk.actor, year, month, now=self.desk.now())
        trend = reports.monthly_trend(site, year, month)
        self.post_message(self.Loaded(Snapshot(report, trend)))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        snapshot = event.snapshot
        r = snapshot.report
        if (r.year, r.month) != (self.year, self.month):
            return  # an older month's answer, arriving after [ or ] moved on
        self.snapshot = snapshot
        tz = self.desk.settings.tz
        views = {v.key: v for v in readable_tables(r, tz)}
        self._month_line(r)
        self._figures(views)
        self.query_one("#statistics-counts", Static).update(
            Group(*(rich_table(views[key]) for key in COUNT_TABLES if key in views))
        )
        self.query_one("#statistics-assessment", Static).update(
            Group(*(rich_table(views[key]) for key in ASSESSMENT_TABLES if key in views))
        )
        self._overdue(views["overdue"])
        self._charts(snapshot)

    def _month_line(self, r: MonthlyReport) -> None:
        line = Text(" ")
        line.append(r.label, style="bold")
        line.append("  " + _("received {received} · closed {closed} · overdue {overdue}").format(
            received=r.received, closed=r.closed, overdue=r.overdue_total))
        self.query_one("#statistics-month", Static).update(line)

    def _figures(self, views: dict[str, ViewTable]) -> None:
        table = self.query_one("#statistics-figures", DataTable)
        table.clear()
        from frontdesk_tui.domain.supervision.kpi import FIGURE_KEYS

        for i, row in enumerate(views["summary"].rows):
            table.add_row(*self._figure_cells(row), key=f"summary-{i}")
        for key, row in zip(FIGURE_KEYS, views["quality"].rows, strict=True):
            table.add_row(*self._figure_cells(row), key=key)

    @staticmethod
    def _figure_cells(row: tuple[str, ...]) -> list[Text]:
        name, count, whole, rate = row
        shown_rate = rate or ("—" if whole else "")
        return [
            Text(name),
            Text(count, justify="right"),
            Text(whole, justify="right"),
            Text(shown_rate, justify="right", style="bold" if rate else "dim"),
        ]

    def _overdue(self, view: ViewTable) -> None:
        table = self.query_one("#statistics-overdue", DataTable)
        table.clear(columns=True)
        for i, header in enumerate(view.headers):
            table.add_column(header, key=f"c{i}")
        for row in view.rows:
            table.add_row(
                *(Text(cell, justify="right" if numeric else "left") for cell, numeric in zip(row, view.numeric,
                                                                                             strict=True)),
                key=row[0],
            )

    @on(DataTable.RowSelected, "#statistics-overdue")
    def _open_ticket(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value and event.row_key.value.isdigit():
            self.post_message(TicketSelected(int(event.row_key.value)))

    # -- charts ---------------------------------------------------------------------------------
    def _charts(self, snapshot: Snapshot) -> None:
        r = snapshot.report
        self._daily(r)
        self._bars("categories", _("Complaints by category"), [labels.category(c) for c, _n in r.by_category],
                   [n for _c, n in r.by_category])
        self._bars("departments", _("Complaints by department"),
                   [department_name(c, r.department_names.get(c, c)) for c, _n in r.by_department],
                   [n for _c, n in r.by_department])
        self._trend(snapshot.trend)

    def _title(self, name: str, text: str) -> None:
        self.query_one(f"#chart-{name}-title", Static).update(Text(" " + text, style="bold"))

    def _legend(self, name: str, text: str) -> None:
        self.query_one(f"#chart-{name}-legend", Static).update(Text(" " + text) if text else "")

    def _daily(self, r: MonthlyReport) -> None:
        self._title("daily", _("Complaints received per day, {month}").format(month=r.label))
        plot = self.query_one("#chart-daily", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        days = list(range(1, len(r.daily) + 1))
        plt.bar(days, list(r.daily), marker="hd")
        plt.xticks([d for d in days if d == 1 or d % 5 == 0])
        top = max(r.daily, default=0)
        plt.yticks(_integer_ticks(top))
        plt.ylim(0, max(top, 1))
        self._legend("daily", _("{total} tickets; the busiest day had {top}").format(total=sum(r.daily), top=top))
        plot.refresh()

    def _bars(self, name: str, title: str, names: list[str], values: list[int]) -> None:
        self._title(name, title)
        plot = self.query_one(f"#chart-{name}", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        shown, legend = chart_labels(names)
        # plotext draws the first bar at the bottom: reversed, the first is on top, as in the tables.
        plt.bar(shown[::-1], values[::-1], orientation="horizontal", width=0.6, marker="hd")
        top = max(values, default=0)
        plt.xticks(_integer_ticks(top))
        plt.xlim(0, max(top, 1))
        counts = "  ".join(f"{label} {n}" for label, n in zip(shown, values, strict=True)) if legend else ""
        self._legend(name, "\n ".join(part for part in (legend, counts) if part))
        plot.refresh()

    def _trend(self, points: tuple[TrendPoint, ...]) -> None:
        self._title("trend", _("On-time rate and satisfaction, the 12 months to {month}").format(
            month=points[-1].label if points else ""))
        plot = self.query_one("#chart-trend", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        xs = list(range(1, len(points) + 1))
        for values, marker in (
            ([p.on_time_rate for p in points], ON_TIME_MARKER),
            ([p.satisfaction for p in points], SATISFACTION_MARKER),
        ):
            known = [(x, v * 100) for x, v in zip(xs, values, strict=True) if v is not None]
            if known:
                plt.plot([x for x, _v in known], [v for _x, v in known], marker=marker)
        plt.xticks(xs, [p.label[5:] for p in points])
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        plt.xlim(0.5, len(points) + 0.5)
        latest = points[-1] if points else None
        legend = _("{o} on-time rate   {x} satisfaction").format(
            o=ON_TIME_MARKER, x=SATISFACTION_MARKER)
        if latest is not None:
            legend += "\n " + _("{month}: on time {on_time}, satisfaction {satisfaction}").format(
                month=latest.label, on_time=_percent(latest.on_time_rate), satisfaction=_percent(latest.satisfaction))
        self._legend("trend", legend)
        plot.refresh()

    # -- export ---------------------------------------------------------------------------------
    def action_export(self, fmt: str) -> None:
        report = self.report
        if report is None or not self.allowed():
            return
        default = export_dir() / reports.export_file_name(report, fmt)

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.export_to(report, path, fmt, overwrite=False)

        self.app.push_screen(ExportPathModal(default, fmt), chosen)

    def export_to(self, report: MonthlyReport, path: Path, fmt: str, *, overwrite: bool) -> None:
        try:
            written = reports.save_report(report, self.desk.settings.tz, path, fmt, overwrite=overwrite)
        except FileExistsError:

            def answered(yes: bool | None) -> None:
                if yes:
                    self.export_to(report, path, fmt, overwrite=True)

            self.app.push_screen(OverwriteModal(path), answered)
            return
        except OSError as exc:
            self.notify(_("Cannot write {path}: {err}").format(path=path, err=exc.strerror or exc),
                        severity="error")
            return
        self.notify(_("Exported {month} to {path}").format(month=report.label, path=written))


def _integer_ticks(top: int) -> list[int]:
    """0 … ``top`` in round steps (1, 2, 5, 10, 20, 50 …), at most about six ticks."""
    step = 1
    while top / step > 5:
        for factor in (2, 5 / 2, 2):
            step = int(step * factor)
            if top / step <= 5:
                break
    return list(range(0, max(top, 1) + 1, step))


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
