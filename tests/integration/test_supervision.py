"""The app's timer: escalations, due rectifications and a changed holiday file (R-DL-6, R-DL-7)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

from frontdesk_tui.services.supervision.scans import run_periodic
from frontdesk_tui.services.tickets import get_ticket, record_complaint


def test_r_dl_6_periodic_scan_escalates_an_overdue_ticket_once(site, actors, now) -> None:
    received = now - timedelta(days=3)
    ticket = record_complaint(site, actors["desk"], draft(received_at=received), now=received).ticket_id
    result, _stamp = run_periodic(site, now=now, holiday_stamp=None)
    assert result.escalations > 0
    assert result.deadlines_moved is None
    again, _stamp = run_periodic(site, now=now, holiday_stamp=None)
    assert again.escalations == 0
    kinds = [e.kind for e in get_ticket(site, actors["assistant"], ticket, now=now).events]
    assert "escalation" in kinds


def test_r_dl_7_changed_holiday_file_recomputes_open_deadlines(site, actors, now, tmp_path: Path) -> None:
    holidays = tmp_path / "holidays.txt"
    holidays.write_text("# none yet\n", encoding="utf-8")
    site.settings = site.settings.model_copy(update={"holiday_file": holidays})
    ticket = record_complaint(site, actors["desk"], draft(complexity="moderate"), now=now).ticket_id
    before = get_ticket(site, actors["desk"], ticket, now=now).due_at
    _first, stamp = run_periodic(site, now=now, holiday_stamp=None)
    assert _first.deadlines_moved is None  # the first run only notes the file
    # The site closes for the day of the due date: every moderate deadline across it moves.
    due_day = (now + timedelta(days=3)).astimezone(site.tz).date()
    days = "\n".join(str(due_day - timedelta(days=i)) for i in range(3))
    holidays.write_text(days + "\n", encoding="utf-8")
    os.utime(holidays, (stamp + 10, stamp + 10))
    result, _stamp = run_periodic(site, now=now, holiday_stamp=stamp)
    assert result.deadlines_moved == 1
    after = get_ticket(site, actors["desk"], ticket, now=now).due_at
    assert after > before


def test_r_kp_2_supervision_view_lists_overdue_and_escalated_oldest_first(site, actors, now) -> None:
    from frontdesk_tui.services.supervision.board import supervision_board

    def list_tickets(site, actor, *, now, supervision):
        """The board's tickets (``ticket list --supervision`` lists the board since issue 11)."""
        return [
            i for i in supervision_board(site, actor, now=now, kinds=("overdue", "escalated")).items
            if i.ref_kind == "ticket"
        ]

    old = now - timedelta(days=5)
    late = record_complaint(site, actors["desk"], draft(received_at=old), now=old).ticket_id
    later = now - timedelta(days=2)
    other = record_complaint(
        site, actors["desk"], draft(unit="1-1-101", received_at=later), now=later
    ).ticket_id
    fresh = record_complaint(site, actors["desk"], draft(unit="5-1-302"), now=now).ticket_id
    listed = [t.ref_id for t in list_tickets(site, actors["assistant"], now=now, supervision=True)]
    assert listed == [late, other]
    assert fresh not in listed
    # Once the scan has escalated them they stay in the view even if their clock stops.
    run_periodic(site, now=now, holiday_stamp=None)
    assert [t.ref_id for t in list_tickets(site, actors["assistant"], now=now, supervision=True)] == [late, other]
