"""The TUI figures of issue 15, headless (Textual's own headless driver; never in the tests):

    python bench/tui.py URL [--runs N]

- **launch to sign-in**: a whole process started N times, interleaved with its floor, a bare
  Textual app showing one DataTable; both run headless and, once their first screen is up and
  painted (the app: the sign-in screen), print the time and end at once (the app is still opening
  its database in a worker then: that is after the launch). Median wall time of each, and the median of the pair ratios.
- **sign-in to first queue page**, **a search keystroke to the updated page** (from the moment
  the search is applied, what the typing pause's timer calls, to the new page on screen; the
  pause itself is the screen's design, not a cost), **paging** (Down on the last row to the next
  page painted): in one process driven by Pilot, as 陈晓燕 on an 80×24 screen; the median of N,
  wall time and the process's CPU time (see ``_Painted``).
- **peak RSS with the queue open**: that process's peak after the figures above.

Prints one Markdown table. Asserts nothing.
"""

from __future__ import annotations

import asyncio
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))


async def _until(pilot, done, limit: float = 60.0) -> None:
    deadline = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > deadline:
            raise SystemExit("the app never got there")
        await pilot.pause(0.001)


def _shown() -> None:
    """The first screen is up: say when (the parent's clock) and end the process at once. The app
    goes on opening the database in a worker after this point; that is not launch time."""
    os.write(1, f"{time.time()!r}\n".encode())  # not sys.stdout: a running app captures it
    os._exit(0)


def _launch(url: str) -> None:
    """One process: the app as ``frontdesk`` starts it (``cli.app.run_app_deferred``, what
    ``frontdesk --db URL`` calls), until the sign-in screen is painted: when the screen's
    after-refresh callbacks run (Textual runs them once the screen is painted and idle), the one
    that starts opening the database first."""
    from frontdesk_tui.cli.app import run_app_deferred
    from frontdesk_tui.ui.app import FrontdeskApp

    FrontdeskApp.open_site = lambda self: _shown()  # type: ignore[method-assign]
    run_app_deferred(None, {"db": url}, headless=True, size=(80, 24))


def _bare() -> None:
    """The floor: a bare Textual app showing one DataTable, measured the same way (its table's
    after-refresh callback)."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("a", "b")
            table.add_row("1", "2")
            table.call_after_refresh(_shown)

    Bare().run(headless=True, size=(80, 24))


def _wall(cmd: list[str]) -> float:
    """From starting ``cmd`` to the moment it says its first screen is up."""
    start = time.time()
    done = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return float(done.stdout.strip().splitlines()[-1]) - start


def launch_pair(url: str, runs: int) -> dict:
    app = [sys.executable, __file__, "--launch", url]
    bare = [sys.executable, __file__, "--bare"]
    _wall(app), _wall(bare)
    a, b = [], []
    for _ in range(runs):
        a.append(_wall(app))
        b.append(_wall(bare))
    return {"app": statistics.median(a), "bare": statistics.median(b),
            "ratio": statistics.median(x / y for x, y in zip(a, b, strict=True))}


class _Painted:
    """The queue's pages as they reach the screen: ``QueueScreen._fill`` wrapped so that, once the
    screen has been painted after it (its after-refresh callbacks run), an event fires. The figures
    wait on it (no polling: a Pilot pause repaints the whole screen each time it is called, which
    under load cost more than the page itself). Wall time and the process's CPU time (both threads:
    the worker's SQL and the screen's rows), the CPU being the steadier figure on a shared machine."""

    def __init__(self) -> None:
        from frontdesk_tui.ui.screens.tickets.queue import QueueScreen

        self.event = asyncio.Event()
        original = QueueScreen._fill
        painted = self

        def _fill(screen, *args, **kwargs):
            original(screen, *args, **kwargs)
            screen.call_after_refresh(painted.event.set)

        QueueScreen._fill = _fill  # type: ignore[method-assign]

    def arm(self) -> tuple[float, float]:
        self.event.clear()
        return time.perf_counter(), time.process_time()

    async def wait(self, since: tuple[float, float], limit: float = 60.0) -> tuple[float, float]:
        await asyncio.wait_for(self.event.wait(), limit)
        return time.perf_counter() - since[0], time.process_time() - since[1]


async def _in_process(url: str, runs: int) -> dict:
    from frontdesk_tui.config import Settings
    from frontdesk_tui.data.db import Database
    from frontdesk_tui.services.site.operators import sign_in
    from frontdesk_tui.ui.app import make_app
    from frontdesk_tui.ui.screens.signin import SignInScreen
    from frontdesk_tui.ui.screens.tickets.queue import QueueScreen

    db = Database(url)
    app = make_app(Settings(db=url), db, poll_interval=3600)
    actor = sign_in(db, "陈晓燕", "demo")
    painted = _Painted()
    first, search, paging, reloads = [], [], [], []
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, SignInScreen) and app.screen.is_mounted)
        await pilot.pause(0.2)
        since = painted.arm()
        app.screen.dismiss(actor)  # what the sign-in screen does once the password is checked
        first.append(await painted.wait(since))
        await _until(pilot, lambda: isinstance(app.screen, QueueScreen) and app.screen.table.row_count > 0)
        screen = app.screen
        for _ in range(runs):
            for word in ("漏水", "梯", "化粪池"):
                await pilot.press("slash", "ctrl+u", *word)
                await pilot.pause(0.05)
                since = painted.arm()
                screen.apply_search()
                search.append(await painted.wait(since))
                await pilot.press("escape")
            await pilot.press("slash", "ctrl+u", "enter")
            await _until(pilot, lambda: not screen.filter.search and screen.page is not None)
            await pilot.pause(0.2)
            for _page in range(2):
                screen.table.move_cursor(row=screen.table.row_count - 1)
                await pilot.pause(0.2)  # the count of the page before is done
                since = painted.arm()
                await pilot.press("down")
                paging.append(await painted.wait(since))
            # The first page again (what sign-in shows), timed like the rest.
            await pilot.pause(0.2)
            since = painted.arm()
            screen.reload(first_page=True)
            reloads.append(await painted.wait(since))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    db.dispose()

    def median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)

    return {"first": first[0], "reload": median(reloads), "search": median(search),
            "paging": median(paging), "peak": peak}


async def _bare_paging(runs: int) -> tuple[float, float]:
    """The floor of paging: a bare Textual app whose DataTable (the queue's 8 columns, 80×24) gets
    50 new rows of similar cells on a key, painted; timed as the app's paging (wall, CPU)."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import DataTable

    done = asyncio.Event()
    page = [0]

    def rows() -> list[list[Text]]:
        page[0] += 1
        base = page[0] * 50
        return [[Text(str(base + i)), Text("11-25 09:10"), Text(f"3-2-{1201 + i}"), Text("Eng."), Text("Minor"),
                 Text("Planned"), Text("Eng. dept"), Text(f"-{i}d 5h", style="bold red")] for i in range(50)]

    class Bare(App[None]):
        BINDINGS = [Binding("n", "next_page")]

        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            for key in ("no", "received", "unit", "cat", "sev", "status", "dept", "left"):
                table.add_column(key, key=key)
            self.action_next_page()

        def action_next_page(self) -> None:
            table = self.query_one(DataTable)
            table.clear()
            for i, cells in enumerate(rows()):
                table.add_row(*cells, key=str(i))
            table.move_cursor(row=0)
            table.call_after_refresh(done.set)

    out = []
    async with Bare().run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        for _ in range(runs):
            await pilot.pause(0.2)
            done.clear()
            start = time.perf_counter(), time.process_time()
            await pilot.press("n")
            await asyncio.wait_for(done.wait(), 60)
            out.append((time.perf_counter() - start[0], time.process_time() - start[1]))
    return statistics.median(p[0] for p in out), statistics.median(p[1] for p in out)


def main() -> int:
    if "--launch" in sys.argv:
        _launch(sys.argv[sys.argv.index("--launch") + 1])
        return 0
    if "--bare" in sys.argv:
        _bare()
        return 0
    url = sys.argv[1]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    os.environ.setdefault("FRONTDESK_LANG", "en")
    launch = launch_pair(url, runs)
    inproc = asyncio.run(_in_process(url, runs))
    bare_paging = asyncio.run(_bare_paging(max(runs * 2, 5)))
    def ms(pair: tuple[float, float]) -> str:
        return f"{pair[0] * 1000:.0f} ms (CPU {pair[1] * 1000:.0f} ms)"

    print(f"| TUI figure ({url.rsplit('/', 1)[-1]}) | app | floor | app/floor | target |")
    print("|---|---|---|---|---|")
    print(f"| launch to sign-in | {launch['app'] * 1000:.0f} ms | {launch['bare'] * 1000:.0f} ms (bare DataTable app) | "
          f"{launch['ratio']:.2f}× | ≤ 1.5× |")
    print(f"| sign-in to first queue page | {ms(inproc['first'])} (once; the first page again: "
          f"{ms(inproc['reload'])}) | — | — | ≤ 200 ms at 1M |")
    print(f"| search applied to updated page | {ms(inproc['search'])} | — | — | ≤ 100 ms at 1M |")
    print(f"| paging (past the last row) | {ms(inproc['paging'])} | {ms(bare_paging)} (bare DataTable, 50 new rows) "
          f"| {inproc['paging'][1] / bare_paging[1]:.2f}× CPU | ≤ 50 ms |")
    print(f"| peak RSS with the queue open | {inproc['peak']:.0f} MiB | — | — | ≤ 200 MB at 1M |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
