"""Figures timed inside one process (where a whole process would time the start instead):

    python bench/inproc.py scan|intake URL [--runs N]

``scan``: the escalation scan at the current time, as the app's timer and cron run it; the first
run (after the generator, every ticket is new to the scan) is printed apart, then the median of N.
``intake``: one complaint recorded (form submit to committed, with its timeline event) by a
receptionist; the median of N. Prints ``first_ms median_ms peak_MiB`` on one line.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> int:
    what, url = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    from frontdesk_tui.config import Settings
    from frontdesk_tui.data.db import Database
    from frontdesk_tui.services.site import open_site

    db = Database(url)
    site = open_site(Settings(db=url), db)
    times: list[float] = []
    if what == "scan":
        from frontdesk_tui.services.tickets.escalation import run_escalation_scan

        def once() -> None:
            run_escalation_scan(site, now=datetime.now(UTC))
    elif what == "intake":
        from frontdesk_tui.domain.tickets.intake import ComplaintDraft
        from frontdesk_tui.services import tickets
        from frontdesk_tui.services.site.operators import sign_in

        actor = sign_in(db, "陈晓燕", "demo")
        counter = iter(range(10**6))

        def once() -> None:
            n = next(counter)
            draft = ComplaintDraft(
                owner_name="王芳", phone="13812345678", unit=f"{1 + n % 30}-1-{1 + n % 30}01", channel="phone",
                category="engineering", description="卫生间漏水，楼下天花板渗水", request="尽快上门维修",
                read_back_confirmed=True,
            )
            tickets.record_complaint(site, actor, draft, now=datetime.now(UTC), force_new=True)
    else:
        raise SystemExit(f"unknown figure {what}")
    start = time.perf_counter()
    once()
    first = (time.perf_counter() - start) * 1000
    for _ in range(runs):
        start = time.perf_counter()
        once()
        times.append((time.perf_counter() - start) * 1000)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{first:.1f} {statistics.median(times) if times else first:.1f} {peak:.0f}")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
