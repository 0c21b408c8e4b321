"""The app's periodic supervision scan (R-DL-4 holiday file, R-SV escalations) from its worker."""

from __future__ import annotations

import os
import threading
from datetime import date

from desk_data import NOW, desk_settings
from desk_pilot import settle, signed_in_queue

from frontdesk_tui.ui import textual_compat
from frontdesk_tui.ui.app import make_app


async def test_r_dl_4_a_changed_holiday_file_reaches_the_app_on_its_own_thread(desk_db, tmp_path) -> None:
    holidays = tmp_path / "holidays.txt"
    holidays.write_text("# none yet\n", "utf-8")
    app = make_app(desk_settings(desk_db, holiday_file=holidays), desk_db, clock=lambda: NOW, poll_interval=3600)
    seen: list[tuple[bool, object]] = []
    done = app._supervision_done

    def spy(result, calendar, stamp) -> None:
        # what the app holds when the worker hands the new calendar over, and on which thread
        seen.append((threading.current_thread() is threading.main_thread(), app.calendar))
        done(result, calendar, stamp)

    app._supervision_done = spy  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        first = app.calendar
        app.run_supervision_scans()  # the first scan only notes the file's stamp
        await settle(pilot)
        assert app.calendar is first and not textual_compat.notifications(app)
        day_off = NOW.date().replace(day=1) if NOW.date().day != 1 else date(NOW.year, NOW.month, 2)
        holidays.write_text(f"{day_off.isoformat()}\n", "utf-8")
        stat = holidays.stat()
        os.utime(holidays, (stat.st_atime, stat.st_mtime + 10))
        app.run_supervision_scans()
        await settle(pilot)
        assert app.calendar is not first and not app.calendar.is_working_day(day_off)
        assert [main for main, _calendar in seen] == [True, True]
        assert seen[1][1] is first  # the worker did not assign it itself
        assert any("holiday file changed" in n.message for n in textual_compat.notifications(app))
