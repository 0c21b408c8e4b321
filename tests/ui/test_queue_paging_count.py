"""Issue 15: moving to the next page of the same list counts nothing again (the total is on screen);
a change at another desk, a reload or another filter counts anew."""

from __future__ import annotations

from dataclasses import replace

from desk_data import TicketSpec, add_tickets
from desk_pilot import settle, signed_in_queue

from frontdesk_tui.services.tickets import queue as queue_service


async def test_paging_does_not_count_again_but_a_change_does(make_desk_app, desk_db, monkeypatch) -> None:
    add_tickets(desk_db, [
        TicketSpec(f"6-1-{i:04d}", "业主", "13800000000", "other", f"第{i}号", due_in_hours=2 + i)
        for i in range(120)
    ])
    counts: list[queue_service.QueueFilter] = []
    count = queue_service.count_tickets

    def counting(db, actor, flt, **kw):
        counts.append(flt)
        return count(db, actor, flt, **kw)

    monkeypatch.setattr(queue_service, "count_tickets", counting)
    app = make_desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)
        assert "1-50 of 127" in str(screen.summary.render())
        counted = len(counts)
        screen.table.move_cursor(row=49)
        await pilot.press("down")  # past the last row: the next page
        await settle(pilot)
        assert "51-100 of 127" in str(screen.summary.render())
        screen.table.move_cursor(row=0)
        await pilot.press("up")  # and back
        await settle(pilot)
        assert "1-50 of 127" in str(screen.summary.render())
        assert len(counts) == counted
        app.data_generation += 1  # another desk committed
        await settle(pilot)
        assert len(counts) == counted + 1
        await pilot.press("r")  # reload
        await settle(pilot)
        assert len(counts) == counted + 2
        screen._apply(replace(screen.filter, sort="received"))  # another list
        await settle(pilot)
        assert len(counts) == counted + 3 and counts[-1].sort == "received"
