"""The escalation scan service on SQLite and PostgreSQL (R-DL-6, R-EM-2, R-LC-4, R-LC-5, R-SV-5, R-RO-2).

Tickets are written straight into the ticket table (independent of the intake service): each test
states exactly the clocks it needs. ``now`` is Wednesday 25 November 2026, 10:00 in Shanghai, a
working day during the day desk's hours.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from frontdesk_tui.config import Settings
from frontdesk_tui.data.tables import Building, InboxItem, Operator, Unit
from frontdesk_tui.data.tables_tickets import Escalation, Ticket, TicketEvent
from frontdesk_tui.domain import deadlines
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Complexity, Role
from frontdesk_tui.domain.errors import RuleError
from frontdesk_tui.i18n import set_language
from frontdesk_tui.services import tickets
from frontdesk_tui.services.site import Site, open_site
from frontdesk_tui.services.tickets import escalation as escalation_service
from frontdesk_tui.services.tickets.escalation import (
    calendar_warnings,
    inbox_for,
    mark_read,
    run_escalation_scan,
    timeline_note,
)
from frontdesk_tui.services.tickets.queries import get_ticket
from frontdesk_tui.services.uow import UnitOfWork

#: name -> (role, department)
STAFF = {
    "前台": ("receptionist", "service_centre"),
    "周师傅": ("staff", "engineering"),
    "总助": ("assistant", None),
    "工程助理": ("assistant", "engineering"),
    "物业助理": ("assistant", "property"),
    "主任": ("director", "property"),
    "值班甲": ("duty_officer", "service_centre"),
    "值班乙": ("duty_officer", "service_centre"),
    "离职助理": ("assistant", None),
}


class World:
    """A site with the operators of STAFF and two buildings' worth of units."""

    def __init__(self, db) -> None:
        self.db = db
        self.site: Site = open_site(Settings(db=db.url), db)
        self.tz = self.site.tz
        self.ops: dict[str, int] = {}
        with UnitOfWork(db) as uow:
            s = uow.session
            for name, (role, dept) in STAFF.items():
                op = Operator(
                    name=name,
                    role=role,
                    department=dept,
                    password_hash="x",
                    created_at=datetime(2026, 1, 1, tzinfo=UTC),
                    active=name != "离职助理",
                )
                s.add(op)
                s.flush()
                self.ops[name] = op.id
            building = Building(code="3", name="3号楼")
            s.add(building)
            s.flush()
            for room in ("1201", "1202", "1301"):
                s.add(Unit(building_id=building.id, entrance="2", room=room, label=f"3-2-{room}"))
            s.flush()
            self.units = {u.label: u.id for u in s.execute(select(Unit)).scalars()}
            uow.commit()

    def local(self, *args: int) -> datetime:
        return datetime(*args, tzinfo=self.tz)

    def ticket(
        self,
        *,
        received_at: datetime,
        status: str = "in_progress",
        category: str = "engineering",
        department: str = "engineering",
        location: str = "3-2-1201",
        complexity: str | None = "simple",
        severity: str | None = "minor",
        emergency: bool = False,
        handler: str | None = "周师傅",
        **values,
    ) -> int:
        """Insert a ticket with its deadline computed by the domain, and its ``received`` event."""
        cal = self.site.calendar
        cx = Complexity(complexity) if complexity else None
        clock = {
            "due_at": deadlines.due_at(received_at, cx, emergency=emergency, tz=self.tz, calendar=cal),
            "deadline_started_at": received_at,
        }
        if emergency:
            on_site, under_control = deadlines.emergency_clocks(received_at, 10, 60)
            clock.update(on_site_due=on_site, under_control_due=under_control)
        clock.update(values)
        desk = self.ops["前台"]
        with UnitOfWork(self.db) as uow:
            t = Ticket(
                status=status,
                channel="phone",
                category=category,
                severity=severity,
                complexity=complexity,
                emergency=emergency,
                unit_id=self.units.get(location),
                location=location,
                owner_name="王芳",
                phone="13812345678",
                received_at=received_at,
                description="卫生间漏水",
                department=department,
                handler_id=self.ops[handler] if handler else None,
                created_by=desk,
                updated_at=received_at,
                updated_by=desk,
                **clock,
            )
            uow.session.add(t)
            uow.session.flush()
            uow.session.add(TicketEvent(ticket_id=t.id, kind="received", at=received_at, operator_id=desk))
            uow.commit()
            return t.id

    def event(self, ticket_id: int, kind: str, at: datetime, **data) -> None:
        with UnitOfWork(self.db) as uow:
            uow.session.add(
                TicketEvent(
                    ticket_id=ticket_id, kind=kind, at=at, operator_id=self.ops["前台"], data=json.dumps(data)
                )
            )
            uow.commit()

    def set(self, ticket_id: int, **values) -> None:
        with UnitOfWork(self.db) as uow:
            uow.session.execute(update(Ticket).where(Ticket.id == ticket_id).values(**values))
            uow.commit()

    def get(self, ticket_id: int) -> Ticket:
        with UnitOfWork(self.db, write=False) as uow:
            return uow.session.get(Ticket, ticket_id)

    def scan(self, now: datetime):
        return run_escalation_scan(self.site, now=now)

    def inbox(self, kind: str | None = None, ticket_id: int | None = None) -> dict[str, list[str]]:
        """Operator name -> kinds received (optionally of one kind or ticket)."""
        names = {v: k for k, v in self.ops.items()}
        stmt = select(InboxItem.operator_id, InboxItem.kind)
        if kind:
            stmt = stmt.where(InboxItem.kind == kind)
        if ticket_id:
            stmt = stmt.where(InboxItem.ref_id == ticket_id)
        found: dict[str, list[str]] = {}
        with UnitOfWork(self.db, write=False) as uow:
            for op_id, k in uow.session.execute(stmt.order_by(InboxItem.id)):
                found.setdefault(names[op_id], []).append(k)
        return found

    def recipients(self, kind: str, ticket_id: int | None = None) -> set[str]:
        return set(self.inbox(kind, ticket_id))

    def events(self, ticket_id: int, kind: str = "escalation") -> list[TicketEvent]:
        with UnitOfWork(self.db, write=False) as uow:
            stmt = select(TicketEvent).where(TicketEvent.ticket_id == ticket_id, TicketEvent.kind == kind)
            return list(uow.session.execute(stmt.order_by(TicketEvent.id)).scalars())

    def count(self, table) -> int:
        with UnitOfWork(self.db, write=False) as uow:
            return uow.session.execute(select(func.count()).select_from(table)).scalar_one()

    def actor(self, name: str) -> Actor:
        role, dept = STAFF[name]
        return Actor(self.ops[name], name, Role(role), dept)


@pytest.fixture
def w(db) -> World:
    return World(db)


ASSISTANTS_OF_ENGINEERING = {"总助", "工程助理"}


# --- R-DL-6 ---------------------------------------------------------------------------------------


def test_r_dl_6_warning_at_80_percent_reaches_handler_and_assistants(w, now):
    # Simple: 24 h; 80 % is 19 h 12 min after receipt.
    early = w.ticket(received_at=now - timedelta(hours=19))
    late = w.ticket(received_at=now - timedelta(hours=19, minutes=13))
    result = w.scan(now)
    assert [(a.ticket_id, a.kind) for a in result.applied] == [(late, "warning")]
    assert result.counts == {"warning": 1}
    assert w.recipients("warning", late) == {"周师傅"} | ASSISTANTS_OF_ENGINEERING
    assert w.inbox(ticket_id=early) == {}
    assert w.get(late).escalated and not w.get(early).escalated


def test_r_dl_6_overdue_to_assistants_then_directors_after_one_more_working_day(w, now):
    # Received Tuesday 24 Nov 08:00, simple: due Wednesday 08:00, overdue at 10:00.
    t = w.ticket(received_at=w.local(2026, 11, 24, 8))
    w.scan(now)
    assert w.recipients("overdue", t) == ASSISTANTS_OF_ENGINEERING  # not the handler
    assert w.recipients("overdue_director", t) == set()
    # One more working day after the due time: Thursday 08:00.
    w.scan(w.local(2026, 11, 26, 7, 59))
    assert w.recipients("overdue_director", t) == set()
    w.scan(w.local(2026, 11, 26, 9))  # after 08:30: the day desk, no duty officer
    assert w.recipients("overdue_director", t) == {"主任"}
    assert w.inbox(ticket_id=t)["总助"] == ["overdue"]  # the assistants are not told twice


def test_r_dl_6_director_day_counts_working_days_not_calendar_days(w):
    # Due Friday 27 Nov 12:00 (received Thu 12:00): directors on Monday 30 Nov 12:00, not Saturday.
    t = w.ticket(received_at=w.local(2026, 11, 26, 12))
    w.scan(w.local(2026, 11, 29, 20))  # Sunday: duty hours, so the officers on duty hear too
    assert w.recipients("overdue", t) == ASSISTANTS_OF_ENGINEERING | {"值班甲", "值班乙"}
    assert w.recipients("overdue_director", t) == set()
    w.scan(w.local(2026, 11, 30, 12, 1))
    assert w.recipients("overdue_director", t) == {"主任"}


def test_r_dl_6_assistant_with_a_department_receives_only_its_departments(w, now):
    eng = w.ticket(received_at=now - timedelta(hours=30))
    prop = w.ticket(received_at=now - timedelta(hours=30), category="service", department="property")
    san = w.ticket(received_at=now - timedelta(hours=30), category="sanitation", department="sanitation")
    w.scan(now)
    assert w.recipients("overdue", eng) == {"总助", "工程助理"}
    assert w.recipients("overdue", prop) == {"总助", "物业助理"}
    assert w.recipients("overdue", san) == {"总助"}


def test_r_dl_6_no_assistant_of_the_department_reaches_every_assistant(w, now):
    # (design) when only department assistants exist and none has this department, all receive it.
    with UnitOfWork(w.db) as uow:
        uow.session.execute(update(Operator).where(Operator.name == "总助").values(active=False))
        uow.commit()
    san = w.ticket(received_at=now - timedelta(hours=30), category="sanitation", department="sanitation")
    w.scan(now)
    assert w.recipients("overdue", san) == {"工程助理", "物业助理"}


def test_r_dl_6_inactive_operators_receive_nothing(w, now):
    t = w.ticket(received_at=now - timedelta(hours=30))
    w.scan(now)
    assert "离职助理" not in w.recipients("overdue", t)


def test_r_dl_6_off_duty_hours_every_escalation_also_reaches_the_officer_on_duty(w):
    # 20:00 on a working day is duty time (R-DU-2); without a roster every active duty officer.
    evening = w.local(2026, 11, 25, 20)
    t = w.ticket(received_at=evening - timedelta(hours=30))
    result = w.scan(evening)
    assert result.off_duty
    assert w.recipients("overdue", t) == ASSISTANTS_OF_ENGINEERING | {"值班甲", "值班乙"}


def test_r_dl_6_officer_on_duty_from_the_roster_when_there_is_one(w, monkeypatch):
    evening = w.local(2026, 11, 25, 20)
    monkeypatch.setattr(escalation_service, "_roster_officer", lambda site, now: w.ops["值班乙"])
    t = w.ticket(received_at=evening - timedelta(hours=30))
    w.scan(evening)
    assert w.recipients("overdue", t) == ASSISTANTS_OF_ENGINEERING | {"值班乙"}


def test_r_dl_6_paused_ticket_does_not_escalate_its_deadline(w, now):
    t = w.ticket(received_at=now - timedelta(hours=30), paused_at=now - timedelta(hours=10))
    assert w.scan(now).applied == ()
    assert w.inbox(ticket_id=t) == {}


def test_r_dl_6_reported_result_stops_the_clock(w, now):
    w.ticket(
        received_at=now - timedelta(hours=30), status="result_reported", reported_at=now - timedelta(hours=8)
    )
    assert w.scan(now).applied == ()


# --- R-EM-2 ---------------------------------------------------------------------------------------


def test_r_em_2_on_site_overdue_to_assistants_directors_and_duty_officer(w, now):
    t = w.ticket(received_at=now - timedelta(minutes=15), emergency=True, status="assigned", severity="major")
    result = w.scan(now)
    assert result.counts == {"on_site_overdue": 1}
    # 10:00 on a working day: the day desk works, nobody is on duty (R-DU-2).
    assert w.recipients("on_site_overdue", t) == ASSISTANTS_OF_ENGINEERING | {"主任"}
    [event] = w.events(t)
    assert event.rule == "R-EM-2"


def test_r_em_2_on_site_overdue_at_night_reaches_the_rostered_officer(w, monkeypatch):
    night = w.local(2026, 11, 25, 23)
    monkeypatch.setattr(escalation_service, "_roster_officer", lambda site, now: w.ops["值班甲"])
    t = w.ticket(
        received_at=night - timedelta(minutes=12), emergency=True, status="assigned", severity="major"
    )
    w.scan(night)
    assert w.recipients("on_site_overdue", t) == ASSISTANTS_OF_ENGINEERING | {"主任", "值班甲"}


def test_r_em_2_under_control_overdue_to_directors_only(w, now):
    t = w.ticket(
        received_at=now - timedelta(minutes=61),
        emergency=True,
        status="in_progress",
        severity="major",
        on_site_at=now - timedelta(minutes=55),
    )
    result = w.scan(now)
    assert result.counts == {"under_control_overdue": 1}
    assert w.recipients("under_control_overdue", t) == {"主任"}
    assert w.recipients("overdue", t) == set()  # an emergency's deadline is its under-control clock


def test_r_em_2_clocks_stopped_in_time_escalate_nothing(w, now):
    w.ticket(
        received_at=now - timedelta(minutes=90),
        emergency=True,
        severity="major",
        on_site_at=now - timedelta(minutes=85),
        under_control_at=now - timedelta(minutes=40),
    )
    assert w.scan(now).applied == ()


# --- R-LC-4, R-LC-5 -------------------------------------------------------------------------------


def test_r_lc_4_no_owner_update_for_two_working_days_warns_the_assistants(w, now):
    # Moderate, received Monday 23 Nov 09:00: due Thursday 23:59:59, warning Thursday; no update
    # by Wednesday 09:00 is two working days.
    silent = w.ticket(received_at=w.local(2026, 11, 23, 9), complexity="moderate")
    told = w.ticket(
        received_at=w.local(2026, 11, 23, 9),
        complexity="moderate",
        last_update_at=w.local(2026, 11, 24, 16),
        location="3-2-1202",
    )
    simple = w.ticket(received_at=now - timedelta(hours=2), location="3-2-1301")
    result = w.scan(now)
    assert [(a.ticket_id, a.kind, a.rule) for a in result.applied] == [(silent, "no_update", "R-LC-4")]
    assert w.recipients("no_update", silent) == ASSISTANTS_OF_ENGINEERING
    assert w.inbox(ticket_id=told) == {} and w.inbox(ticket_id=simple) == {}


def test_r_lc_5_follow_up_visit_overdue_reaches_the_assistants(w, now):
    closed_at = w.local(2026, 11, 16, 15)  # Monday; follow-up due Thursday 19 Nov 23:59:59
    pending = w.ticket(
        received_at=closed_at - timedelta(hours=20),
        status="closed",
        reported_at=closed_at - timedelta(hours=2),
        closed_at=closed_at,
        follow_up_due_at=w.local(2026, 11, 19, 23, 59, 59),
    )
    done = w.ticket(
        received_at=closed_at - timedelta(hours=20),
        status="closed",
        reported_at=closed_at - timedelta(hours=2),
        closed_at=closed_at,
        follow_up_done=True,
    )
    recent = w.ticket(
        received_at=now - timedelta(hours=20),
        status="closed",
        reported_at=now - timedelta(hours=3),
        closed_at=now - timedelta(hours=2),
        follow_up_due_at=w.local(2026, 11, 30, 23, 59, 59),
    )
    result = w.scan(now)
    assert [(a.ticket_id, a.kind, a.rule) for a in result.applied] == [(pending, "follow_up_due", "R-LC-5")]
    assert w.recipients("follow_up_due", pending) == ASSISTANTS_OF_ENGINEERING
    assert w.inbox(ticket_id=done) == {} and w.inbox(ticket_id=recent) == {}
    # Once escalated, the pending follow-up is no longer scanned: closed tickets never pile up.
    assert w.scan(now + timedelta(minutes=1)).scanned == 0


# --- R-SV-5 ---------------------------------------------------------------------------------------


def test_r_sv_5a_open_more_than_30_days_is_upgraded_to_major_on_the_timeline(w, now):
    old = w.ticket(
        received_at=now - timedelta(days=30, minutes=1), complexity="complex", severity="important"
    )
    young = w.ticket(received_at=now - timedelta(days=29), complexity="complex", severity="important")
    before = w.get(old).version
    result = w.scan(now)
    assert result.upgraded == (old,)
    row = w.get(old)
    assert row.severity == "major" and row.version == before + 1 and row.escalated
    assert w.get(young).severity == "important"
    [upgrade] = [e for e in w.events(old) if e.rule == "R-SV-5"]
    assert upgrade.operator_id is None
    assert "Upgraded to major" in upgrade.note and "R-SV-5" in upgrade.note
    data = json.loads(upgrade.data)
    assert data["upgrade"] == {"from": "important", "to": "major", "rule": "R-SV-5a"}
    assert w.recipients("upgrade_major", old) == {"主任"}


def test_r_sv_5_a_copy_from_before_the_upgrade_is_refused_naming_the_upgrade(w, now):
    """R-RO-3 after R-SV-5: the scan, not the last person who touched the ticket, changed it."""
    old = w.ticket(received_at=now - timedelta(days=31), complexity="complex", severity="important")
    seen = w.get(old).version
    assert w.scan(now).upgraded == (old,)
    with pytest.raises(RuleError) as refused:
        tickets.act(w.site, w.actor("前台"), old, "note", {"note": "业主来电催促"}, now=now + timedelta(minutes=5),
                    expected_version=seen)
    assert refused.value.rule == "R-RO-3" and "R-SV-5" in refused.value.reason
    assert now.astimezone(w.tz).strftime("%H:%M") in refused.value.reason
    # A person's change is still named by name.
    tickets.act(w.site, w.actor("前台"), old, "note", {"note": "已回电"}, now=now + timedelta(minutes=6),
                expected_version=w.get(old).version)
    with pytest.raises(RuleError) as again:
        tickets.act(w.site, w.actor("前台"), old, "note", {"note": "再次催促"}, now=now + timedelta(minutes=7),
                    expected_version=seen)
    assert "R-SV-5" not in again.value.reason and "前台" in again.value.reason


def test_r_ro_2_the_r_sv_5_upgrade_is_the_systems_change_not_the_last_persons(w, now):
    """Issue 14: the upgrade leaves ``updated_by`` empty and names its rule; a person's next change
    is theirs again (the rule is cleared)."""
    old = w.ticket(received_at=now - timedelta(days=31), complexity="complex", severity="important")
    assert w.get(old).updated_by is not None
    assert w.scan(now).upgraded == (old,)
    row = w.get(old)
    assert row.updated_by is None and row.updated_by_rule == "R-SV-5"
    view = tickets.get_ticket(w.site, None, old, now=now)
    data = view.to_json()
    assert data["updated_by"] is None and data["updated_by_rule"] == "R-SV-5"
    assert all(e.operator_id is None for e in w.events(old) if e.rule == "R-SV-5")
    tickets.act(w.site, w.actor("前台"), old, "note", {"note": "已回电"}, now=now + timedelta(minutes=6),
                expected_version=row.version)
    row = w.get(old)
    assert row.updated_by == w.actor("前台").id and row.updated_by_rule is None
    data = tickets.get_ticket(w.site, None, old, now=now).to_json()
    assert data["updated_by"] == "前台" and data["updated_by_rule"] is None


def test_r_sv_5b_third_raise_of_unit_and_category_within_30_days_upgrades(w, now):
    first = w.ticket(
        received_at=now - timedelta(days=20),
        status="closed",
        reported_at=now - timedelta(days=19, hours=20),
        closed_at=now - timedelta(days=19),
        follow_up_done=True,
    )
    second = w.ticket(
        received_at=now - timedelta(days=10),
        status="closed",
        reported_at=now - timedelta(days=9, hours=20),
        closed_at=now - timedelta(days=9),
        follow_up_done=True,
        recurrence_of_id=first,
    )
    # Another unit and another category do not count.
    w.ticket(received_at=now - timedelta(days=5), location="3-2-1202", status="closed", closed_at=now)
    w.ticket(received_at=now - timedelta(days=5), category="sanitation", department="sanitation")
    third = w.ticket(received_at=now - timedelta(hours=1), recurrence_of_id=second)
    result = w.scan(now)
    assert result.upgraded == (third,)
    [upgrade] = [e for e in w.events(third) if e.rule == "R-SV-5"]
    assert json.loads(upgrade.data)["upgrade"]["rule"] == "R-SV-5b"
    assert "3 times within 30 days" in upgrade.note
    assert w.get(third).severity == "major"


def test_r_sv_5b_raises_attached_to_an_open_ticket_count(w, now):
    open_one = w.ticket(received_at=now - timedelta(days=6))
    w.event(open_one, "attach", now - timedelta(days=3))
    assert w.scan(now).upgraded == ()  # two raises
    w.event(open_one, "attach", now - timedelta(hours=1))
    # The intake bumps the ticket with the raise (R-IN-7): a write, which the scan looks at again.
    w.set(open_one, updated_at=now - timedelta(hours=1))
    assert w.scan(now).upgraded == (open_one,)


def test_r_sv_5b_raises_older_than_30_days_or_all_resolved_do_not_upgrade(w, now):
    w.ticket(received_at=now - timedelta(days=31), status="closed", closed_at=now - timedelta(days=30))
    w.ticket(received_at=now - timedelta(days=12), status="closed", closed_at=now - timedelta(days=11))
    current = w.ticket(received_at=now - timedelta(hours=1))
    assert w.scan(now).upgraded == ()
    assert w.get(current).severity == "minor"


# --- R-RO-2, idempotence, new deadlines -----------------------------------------------------------


def test_r_ro_2_automatic_escalations_record_the_rule_and_no_operator(w, now):
    # Moderate from Tuesday 17 Nov: due Friday 20, directors Monday 23, no update since Thursday 19.
    t = w.ticket(received_at=w.local(2026, 11, 17, 9), complexity="moderate")
    w.scan(now)
    events = w.events(t)
    assert {e.rule for e in events} == {"R-DL-6", "R-LC-4"}
    assert all(e.operator_id is None and e.note for e in events)
    with UnitOfWork(w.db, write=False) as uow:
        rows = uow.session.execute(
            select(Escalation.kind, Escalation.rule).where(Escalation.ticket_id == t)
        ).all()
    assert sorted(rows) == [("no_update", "R-LC-4"), ("overdue", "R-DL-6"), ("overdue_director", "R-DL-6")]
    with UnitOfWork(w.db, write=False) as uow:
        items = uow.session.execute(select(InboxItem).where(InboxItem.ref_id == t)).scalars().all()
    assert {(i.ref_type, i.rule) for i in items} == {("ticket", "R-DL-6"), ("ticket", "R-LC-4")}


def test_r_dl_6_two_scans_at_the_same_now_create_nothing_new(w, now):
    w.ticket(received_at=now - timedelta(hours=30))
    w.ticket(received_at=now - timedelta(days=31), severity="important")
    first = w.scan(now)
    assert first.total > 0
    counts = (w.count(Escalation), w.count(TicketEvent), w.count(InboxItem))
    second = w.scan(now)
    assert second.applied == ()
    assert (w.count(Escalation), w.count(TicketEvent), w.count(InboxItem)) == counts


def test_r_dl_6_a_concurrent_scan_that_got_there_first_is_skipped(w, now, monkeypatch):
    t = w.ticket(received_at=now - timedelta(hours=30))
    w.scan(now)
    counts = (w.count(Escalation), w.count(TicketEvent), w.count(InboxItem))
    # As if the other scan committed after this one read the ticket (still due: issue 15's next
    # check not yet stored) and its escalations: the unique key refuses it.
    w.set(t, next_check_at=None)
    monkeypatch.setattr(escalation_service, "_already", lambda session, ids: {})
    result = w.scan(now)
    assert result.applied == () and result.skipped_concurrent == 1
    assert (w.count(Escalation), w.count(TicketEvent), w.count(InboxItem)) == counts
    assert w.get(t).escalated


def test_r_dl_6_two_scans_running_at_once_escalate_each_ticket_once(w, now):
    from concurrent.futures import ThreadPoolExecutor

    for hours in (30, 31, 32):
        w.ticket(received_at=now - timedelta(hours=hours), location=f"3-2-{1200 + hours}")
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _i: w.scan(now), range(2)))
    assert sum(r.total for r in results) == 3
    assert w.count(Escalation) == 3
    reminders = [r for result in results for r in result.reminders]  # R-KP-4, by one of the two scans
    assert len({(r.kind, r.ref_id) for r in reminders}) == len(reminders)
    written = sum(len(r.recipient_ids) for r in reminders)
    assert w.count(InboxItem) == 3 * len(ASSISTANTS_OF_ENGINEERING) + written


def test_r_dl_6_a_reopened_ticket_has_a_new_deadline_that_escalates_again(w, now):
    t = w.ticket(received_at=now - timedelta(hours=30))
    w.scan(now)
    assert len(w.inbox("overdue", t)["总助"]) == 1
    # Reported, then reopened: a fresh 24 h deadline from the reopening (R-DL-7).
    reopened = now + timedelta(hours=1)
    w.set(
        t,
        status="planned",
        reported_at=None,
        deadline_started_at=reopened,
        due_at=reopened + timedelta(hours=24),
    )
    assert w.scan(now + timedelta(hours=2)).applied == ()
    w.scan(reopened + timedelta(hours=25))
    assert len(w.inbox("overdue", t)["总助"]) == 2
    assert len({k for k in _keys(w, t, "overdue")}) == 2


def test_r_dl_6_an_extension_starts_a_new_deadline_but_a_pause_does_not(w, now):
    received = w.local(2026, 11, 10, 9)
    due = deadlines.due_at(
        received, Complexity.COMPLEX, emergency=False, tz=w.tz, calendar=w.site.calendar, working_days=5
    )
    t = w.ticket(received_at=received, complexity="complex", working_days=5, due_at=due)
    w.scan(now)
    assert w.recipients("overdue", t) == ASSISTANTS_OF_ENGINEERING
    # A resumed pause moves the same deadline: still the same key, nothing new once overdue again.
    w.set(t, due_at=now - timedelta(hours=1))
    w.scan(now + timedelta(minutes=5))
    assert len(_keys(w, t, "overdue")) == 1
    # An extension starts a new deadline (R-DL-6): escalates again when it passes.
    extended_at = now + timedelta(minutes=10)
    w.set(t, deadline_started_at=extended_at, due_at=w.local(2026, 11, 27, 23, 59, 59))
    w.scan(w.local(2026, 11, 28, 0, 0, 1))
    assert len(_keys(w, t, "overdue")) == 2


def _keys(w: World, ticket_id: int, kind: str) -> set[str]:
    with UnitOfWork(w.db, write=False) as uow:
        rows = uow.session.execute(
            select(Escalation.deadline_key).where(Escalation.ticket_id == ticket_id, Escalation.kind == kind)
        )
        return {r[0] for r in rows}


def test_scan_loads_only_open_tickets_and_pending_follow_ups(w, now):
    w.ticket(received_at=now - timedelta(days=3), status="answered")
    w.ticket(received_at=now - timedelta(days=3), status="withdrawn")
    w.ticket(received_at=now - timedelta(days=3), status="closed", closed_at=now, follow_up_done=True)
    w.ticket(received_at=now - timedelta(hours=1))
    assert w.scan(now).scanned == 1


def test_scan_refuses_a_naive_now(w):
    from frontdesk_tui.domain.errors import InputError

    with pytest.raises(InputError) as err:
        run_escalation_scan(w.site, now=datetime(2026, 11, 25, 10))
    assert err.value.field == "now"


# --- inbox ----------------------------------------------------------------------------------------


def test_inbox_lists_own_unread_items_newest_first_and_marks_them_read(w, now):
    a = w.ticket(received_at=now - timedelta(hours=30))
    w.scan(now)
    b = w.ticket(received_at=now - timedelta(hours=29))
    w.scan(now + timedelta(minutes=1))
    with UnitOfWork(w.site.db) as uow:  # the 25th's R-KP-4 reminders aside (test_reminders.py has them)
        uow.session.execute(InboxItem.__table__.delete().where(InboxItem.rule == "R-KP-4"))
        uow.commit()
    me = w.actor("工程助理")
    items = inbox_for(w.site, me)
    assert [i.ref_id for i in items] == [b, a]
    assert all(i.kind == "overdue" and i.rule == "R-DL-6" and i.read_at is None for i in items)
    assert len(inbox_for(w.site, me, limit=1)) == 1
    # Someone else's item is not mine to mark.
    theirs = inbox_for(w.site, w.actor("总助"))[0].id
    assert mark_read(w.site, me, [items[0].id, theirs], now=now) == 1
    assert [i.ref_id for i in inbox_for(w.site, me)] == [a]
    assert len(inbox_for(w.site, me, unread_only=False)) == 2
    assert escalation_service.unread_count(w.site, me) == 1
    assert len(inbox_for(w.site, w.actor("总助"))) == 2
    assert mark_read(w.site, me, [items[0].id], now=now) == 0  # already read


# --- calendar warnings (R-DL-4) -------------------------------------------------------------------


def test_r_dl_4_next_years_missing_holiday_data_warns_from_1_november(w):
    covered_next = w.site.calendar.covers(2027)
    assert calendar_warnings(w.site, today=date(2026, 10, 31)) == []
    found = calendar_warnings(w.site, today=date(2026, 11, 1))
    if covered_next:  # a newer chinese-calendar covering 2027: nothing to say
        assert found == []
    else:
        assert len(found) == 1 and "2027" in found[0]


def test_r_dl_4_fallback_warnings_of_the_calendar_are_passed_on(w):
    w.site.calendar.add_working_days(date(2099, 12, 1), 3)
    found = calendar_warnings(w.site, today=date(2026, 6, 1))
    assert any("2099" in message for message in found)
    assert len(found) == len(set(found))


# --- with the ticket services ---------------------------------------------------------------------


def _complain(w: World, received_at: datetime, **kw):
    from frontdesk_tui.services.tickets import ComplaintDraft, record_complaint

    draft = ComplaintDraft(
        owner_name="王芳",
        phone="13812345678",
        unit="3-2-1201",
        channel="phone",
        category="engineering",
        description="卫生间漏水，楼下天花板渗水",
        received_at=received_at,
        read_back_confirmed=True,
    )
    return record_complaint(w.site, w.actor("前台"), draft, now=received_at, **kw)


def test_r_dl_6_through_the_ticket_services_a_reopening_escalates_again(w, now):
    from frontdesk_tui.services.tickets import act

    received = now - timedelta(hours=30)
    t = _complain(w, received).ticket_id
    w.scan(now)
    assert w.recipients("overdue", t) == ASSISTANTS_OF_ENGINEERING
    desk, assistant, staff = w.actor("前台"), w.actor("工程助理"), w.actor("周师傅")
    steps = [
        (desk, "assess", {"complexity": "simple", "severity": "minor", "department": "engineering"}),
        (assistant, "assign", {"handler": "周师傅"}),
        (staff, "investigate", {"note": "阀门老化"}),
        (staff, "plan", {"note": "今天更换阀门"}),
        (staff, "start", {}),
        (staff, "report", {"note": "已更换", "how_told": "phone"}),
        (desk, "reopen", {"reason": "仍然漏水"}),
    ]
    for i, (who, action, fields) in enumerate(steps, start=1):
        act(w.site, who, t, action, fields, now=now + timedelta(minutes=i))
    assert w.scan(now + timedelta(hours=1)).applied == ()  # a fresh deadline, not a false overdue
    found = w.scan(now + timedelta(hours=25))
    assert [(a.ticket_id, a.kind) for a in found.applied] == [(t, "overdue")]
    assert len(_keys(w, t, "overdue")) == 2
    assert w.inbox("overdue", t)["总助"] == ["overdue", "overdue"]
    assert "周师傅" not in w.recipients("overdue", t)


def test_r_sv_5b_through_intake_attached_raises_upgrade_the_open_ticket(w, now):
    from frontdesk_tui.services.tickets import DuplicateFound

    first = _complain(w, now - timedelta(days=2)).ticket_id
    with pytest.raises(DuplicateFound):
        _complain(w, now - timedelta(days=1))
    _complain(w, now - timedelta(days=1), attach_to=first)
    assert w.scan(now - timedelta(hours=20)).upgraded == ()  # two raises
    _complain(w, now - timedelta(hours=2), attach_to=first)
    result = w.scan(now)
    assert result.upgraded == (first,)
    assert w.get(first).severity == "major"
    assert w.recipients("upgrade_major", first) == {"主任"}


def test_r_sv_5b_a_scan_leaves_a_ticket_received_after_its_now_to_the_next_scan(w, now):
    """A scan waiting for the write lock while the desk records the third raise must not put the
    upgrade before the ticket's ``received`` on its timeline (found by the 8-process load test)."""
    w.ticket(received_at=now - timedelta(days=20), status="closed", closed_at=now - timedelta(days=19),
             follow_up_done=True)
    w.ticket(received_at=now - timedelta(days=10))
    w.ticket(received_at=now - timedelta(days=5))  # the third raise: the unit's tickets are upgraded …
    third = w.ticket(received_at=now + timedelta(seconds=1))  # … and a fourth comes just after the scan's now
    assert third not in w.scan(now).upgraded
    assert [e for e in w.events(third) if e.rule == "R-SV-5"] == []
    assert third in w.scan(now + timedelta(seconds=2)).upgraded
    timeline = sorted(w.events(third), key=lambda e: (e.at, e.id))
    assert all(e.at >= w.get(third).received_at for e in timeline)


# --- issue 11: the timeline's notes in the READER's language ------------------------------------
# The scan (cron, or an app in English) wrote its note in its own language: a desk reading Chinese
# saw English. The event keeps the message's key and parameters and the timeline renders them when
# it is read; an event written before that (no key in its data) shows its note as written.


@pytest.fixture
def english_after():
    yield
    set_language("en")


def _notes(w: World, ticket_id: int, now, lang: str) -> list[str]:
    set_language(lang)
    view = get_ticket(w.site, w.actor("主任"), ticket_id, now=now)
    return [e.note for e in view.events if e.kind == "escalation"]


@pytest.mark.parametrize("scan_lang", ["en", "zh-CN"])
def test_an_escalation_note_reads_in_each_readers_language_whatever_the_scans(w, now, scan_lang, english_after):
    old = w.ticket(received_at=now - timedelta(days=30, minutes=1), complexity="complex", severity="important")
    set_language(scan_lang)
    assert w.scan(now).upgraded == (old,)
    en = _notes(w, old, now, "en")
    zh = _notes(w, old, now, "zh-CN")
    upgrade_en = next(n for n in en if "R-SV-5" in n)
    assert upgrade_en.startswith(f"Ticket {old}: Upgraded to major")
    assert all(n.startswith(f"投诉单 {old}") for n in zh), zh
    upgrade_zh = next(n for n in zh if "R-SV-5" in n)
    assert "Upgraded" not in upgrade_zh and "30" in upgrade_zh
    assert not any("Ticket" in n or "overdue" in n for n in zh)
    assert len(en) == len(zh) >= 2  # the deadline's escalations too, each once


def test_the_stored_message_is_the_note_not_a_detail_of_its_own(w, now, english_after):
    old = w.ticket(received_at=now - timedelta(days=30, minutes=1), complexity="complex", severity="important")
    w.scan(now)
    set_language("zh-CN")
    view = get_ticket(w.site, w.actor("主任"), old, now=now)
    shown = [e for e in view.events if e.kind == "escalation"]
    assert shown and all("message" not in e.data and "kind" in e.data for e in shown)
    stored = json.loads(w.events(old)[0].data)
    assert stored["message"]["key"] and isinstance(stored["message"]["params"], dict)


def test_an_escalation_written_before_the_key_was_stored_shows_its_note(w, now, english_after):
    t = w.ticket(received_at=now - timedelta(hours=1))
    with UnitOfWork(w.db) as uow:
        uow.session.add(
            TicketEvent(
                ticket_id=t, kind="escalation", at=now, operator_id=None, rule="R-DL-6",
                note="Ticket 1 is overdue: it was due 2026-11-03 23:59",
                data=json.dumps({"kind": "overdue", "deadline_key": "x", "recipients": []}),
            )
        )
        uow.commit()
    for lang in ("zh-CN", "en"):
        assert _notes(w, t, now, lang) == ["Ticket 1 is overdue: it was due 2026-11-03 23:59"]


def test_a_stored_key_that_no_longer_fits_shows_the_note_as_written():
    data = {"message": {"key": "Ticket {id} is overdue: it was due {due}", "params": {"id": 8}}}
    assert timeline_note("escalation", "as written", data) == "as written"
    assert timeline_note("escalation", "as written", "not json") == "as written"
    assert timeline_note("escalation", "as written", json.dumps(data)) == "as written"
    assert timeline_note("report", "owner's words", {"message": {"key": "Overdue"}}) == "owner's words"
