"""What the app runs on a timer (and cron runs as ``frontdesk escalate``): the supervision scans.

- the escalation scan (R-DL-6, R-EM-2, R-SV-5, R-LC-4, R-LC-5);
- due rectifications and post-penalty follow-ups of the violation register (R-VI-3, R-VI-4);
- when the site holiday file changed since the last run, the deadlines of open tickets are
  recomputed and the number that moved is reported (R-DL-7).

Every scan is idempotent (once per ticket, rule and deadline), so several terminals running it
at once create nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from frontdesk_tui.services import violations
from frontdesk_tui.services.site import Site, load_calendar
from frontdesk_tui.services.tickets import escalation, recompute_open_deadlines


@dataclass(frozen=True)
class PeriodicResult:
    escalations: int
    violations_due: int
    deadlines_moved: int | None
    """How many open deadlines moved because the holiday file changed (None: it did not change)."""


def holiday_file_stamp(site: Site) -> float | None:
    path = site.settings.holiday_file
    if path is None:
        return None
    try:
        return Path(path).expanduser().stat().st_mtime
    except OSError:
        return None


def run_periodic(site: Site, *, now: datetime, holiday_stamp: float | None) -> tuple[PeriodicResult, float | None]:
    """Run the scans; ``holiday_stamp`` is what the caller saw last time (returned anew)."""
    moved: int | None = None
    stamp = holiday_file_stamp(site)
    if stamp != holiday_stamp and holiday_stamp is not None:
        site.calendar = load_calendar(site.settings, site.warnings)
        moved = recompute_open_deadlines(site, now=now)
    scan = escalation.run_escalation_scan(site, now=now)
    due = violations.due_rectifications(site, now)
    return PeriodicResult(scan.total, due.inbox_items, moved), stamp
