"""R-DL-6, R-EM-2, R-SV-5, R-LC-4, R-LC-5: the escalation scan."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.codes import Complexity, Severity, Status
from frontdesk_tui.domain.deadlines import due_at, emergency_clocks, resume_shift
from frontdesk_tui.domain.tickets.escalation import (
    Escalation,
    EscalationSettings,
    TicketFacts,
    escalations_due,
)
from frontdesk_tui.i18n import current_language, set_language

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def ticket(**kw) -> TicketFacts:
    kw.setdefault("received_at", local(2025, 3, 3, 10))  # Monday
    kw.setdefault("complexity", Complexity.SIMPLE)
    kw.setdefault("emergency", False)
    if "due_at" not in kw:
        kw["due_at"] = due_at(
            kw["received_at"], kw["complexity"], emergency=kw["emergency"], tz=SH, calendar=CAL
        )
    base = dict(
        ticket_id=42,
        status=Status.IN_PROGRESS,
        severity=Severity.MINOR,
        department="engineering",
        handler_id=7,
    )
    base.update(kw)
    return TicketFacts(**base)


def scan(facts: TicketFacts, now: datetime, **kw) -> list[Escalation]:
    return escalations_due(facts, now, tz=SH, calendar=CAL, settings=EscalationSettings(), **kw)


def kinds(found: list[Escalation]) -> list[str]:
    return sorted(e.kind for e in found)


def only(found: list[Escalation], kind: str) -> Escalation:
    matching = [e for e in found if e.kind == kind]
    assert len(matching) == 1, found
    return matching[0]


def test_r_dl_6_warning_at_80_percent():
    t = ticket()  # simple, due Tue 10:00; 80 % of 24 h is 19 h 12 min
    assert scan(t, local(2025, 3, 4, 5, 11)) == []
    found = scan(t, local(2025, 3, 4, 5, 12))
    warning = only(found, "warning")
    assert warning.rule == "R-DL-6"
    assert warning.recipients == frozenset({"handler", "assistant"})
    assert "42" in warning.message
    assert not warning.upgrade_to_major


def test_r_dl_6_warning_of_working_day_deadline_counts_working_time():
    # Moderate from Thu 6 March: Fri 7, Mon 10, Tue 11 count; 80 % falls on Tuesday morning.
    t = ticket(
        received_at=local(2025, 3, 6, 15),
        complexity=Complexity.MODERATE,
        last_update_at=local(2025, 3, 10, 20),
    )
    assert scan(t, local(2025, 3, 10, 23)) == []
    assert kinds(scan(t, local(2025, 3, 11, 9, 36))) == ["warning"]


def test_r_dl_6_warning_ratio_is_configurable():
    t = ticket()
    cfg = EscalationSettings(warning_ratio=0.5)
    found = escalations_due(t, local(2025, 3, 3, 22, 1), tz=SH, calendar=CAL, settings=cfg)
    assert "50%" in only(found, "warning").message


def test_r_dl_6_overdue_to_assistants():
    t = ticket()
    found = scan(t, local(2025, 3, 4, 10, 0, 1))
    assert kinds(found) == ["overdue"]  # no late warning once overdue
    overdue = only(found, "overdue")
    assert overdue.recipients == frozenset({"assistant"})
    assert overdue.rule == "R-DL-6"


def test_r_dl_6_overdue_past_one_more_working_day_to_directors():
    # Simple from Thu 6 March 10:00: due Fri 10:00; one more working day is Mon 10 March 10:00.
    t = ticket(received_at=local(2025, 3, 6, 10))
    assert kinds(scan(t, local(2025, 3, 9, 23))) == ["overdue"]
    found = scan(t, local(2025, 3, 10, 10, 0, 1))
    assert kinds(found) == ["overdue", "overdue_director"]
    assert only(found, "overdue_director").recipients == frozenset({"director"})


def test_r_dl_6_once_per_ticket_rule_and_deadline():
    t = ticket(received_at=local(2025, 3, 6, 10))
    now = local(2025, 3, 11)
    first = scan(t, now)
    assert len(first) == 2
    again = replace(t, already=frozenset(e.key for e in first))
    assert scan(again, now) == []
    assert scan(again, now + timedelta(days=3)) == []


def test_r_dl_6_reopen_starts_a_new_deadline():
    t = ticket()
    first = scan(t, local(2025, 3, 5))
    assert kinds(first) == ["overdue"]
    reopened_at = local(2025, 3, 10, 9)
    reopened = replace(
        t,
        deadline_started_at=reopened_at,
        due_at=reopened_at + timedelta(hours=24),
        already=frozenset(e.key for e in first),
    )
    assert scan(reopened, local(2025, 3, 10, 12)) == []
    second = scan(reopened, local(2025, 3, 11, 9, 1))
    assert kinds(second) == ["overdue"]
    assert second[0].key != first[0].key


def test_r_dl_7_pause_moves_deadline_without_a_new_one():
    t = ticket()
    first = scan(t, local(2025, 3, 4, 10, 1))
    moved = resume_shift(t.due_at, local(2025, 3, 3, 12), local(2025, 3, 4, 12), None, SH, CAL)
    resumed = replace(t, due_at=moved, already=frozenset(e.key for e in first))
    assert scan(resumed, local(2025, 3, 5, 10, 1)) == []  # overdue again, but the same deadline


def test_r_dl_7_paused_ticket_does_not_escalate_its_deadline():
    t = ticket(paused=True)
    assert scan(t, local(2025, 3, 20)) == []


def test_r_dl_3a_reported_ticket_does_not_escalate():
    t = ticket(status=Status.RESULT_REPORTED, reported_at=local(2025, 3, 4, 9))
    assert scan(t, local(2025, 3, 10)) == []


def test_r_dl_6_closed_and_ended_tickets_do_not_escalate_deadlines():
    for status in (Status.CLOSED, Status.WITHDRAWN, Status.INVALID, Status.ANSWERED):
        t = ticket(status=status, follow_up_done=True)
        assert scan(t, local(2025, 3, 10)) == []


def test_r_dl_6_off_duty_everything_also_to_duty_officer():
    t = ticket(received_at=local(2025, 3, 6, 10))
    found = scan(t, local(2025, 3, 11), off_duty=True)
    assert len(found) == 2
    assert all("duty_officer" in e.recipients for e in found)
    assert only(found, "overdue").recipients == frozenset({"assistant", "duty_officer"})


def emergency(**kw) -> TicketFacts:
    received = kw.pop("received_at", local(2025, 3, 3, 2))
    on_site_due, under_control_due = emergency_clocks(received, 10, 60)
    return ticket(
        received_at=received,
        emergency=True,
        status=Status.ASSIGNED,
        on_site_due=on_site_due,
        under_control_due=under_control_due,
        **kw,
    )


def test_r_em_2_on_site_overdue_recipients():
    t = emergency()
    assert scan(t, local(2025, 3, 3, 2, 10)) == []
    found = scan(t, local(2025, 3, 3, 2, 10, 1))
    on_site = only(found, "on_site_overdue")
    assert on_site.rule == "R-EM-2"
    assert on_site.recipients == frozenset({"assistant", "director", "duty_officer"})
    assert kinds(found) == ["on_site_overdue"]


def test_r_em_2_under_control_overdue_to_directors():
    t = emergency(on_site_at=local(2025, 3, 3, 2, 8))
    found = scan(t, local(2025, 3, 3, 3, 0, 1))
    assert kinds(found) == ["under_control_overdue"]
    assert found[0].recipients == frozenset({"director"})
    assert found[0].rule == "R-EM-2"


def test_r_em_2_clocks_stop_when_recorded():
    t = emergency(on_site_at=local(2025, 3, 3, 2, 8), under_control_at=local(2025, 3, 3, 2, 50))
    assert scan(t, local(2025, 3, 3, 5)) == []


def test_r_em_2_emergency_due_is_not_escalated_twice():
    # The under-control clock is the emergency's deadline: no separate R-DL-6 overdue for it.
    t = emergency()
    found = scan(t, local(2025, 3, 3, 6))
    assert kinds(found) == ["on_site_overdue", "under_control_overdue"]


def test_r_em_2_reopened_emergency_has_an_ordinary_deadline():
    reopened_at = local(2025, 3, 5, 9)
    t = emergency(
        on_site_at=local(2025, 3, 3, 2, 8),
        under_control_at=local(2025, 3, 3, 2, 50),
        deadline_started_at=reopened_at,
        due_at=reopened_at + timedelta(hours=24),
    )
    assert kinds(scan(t, local(2025, 3, 6, 9, 1))) == ["overdue"]


def test_r_lc_4_no_update_warning():
    t = ticket(complexity=Complexity.COMPLEX, last_update_at=local(2025, 3, 4, 11))
    assert scan(t, local(2025, 3, 6, 11)) == []
    found = scan(t, local(2025, 3, 6, 11, 0, 1))
    no_update = only(found, "no_update")
    assert no_update.rule == "R-LC-4"
    assert no_update.recipients == frozenset({"assistant"})


def test_r_lc_4_counts_working_days():
    # Last update Friday 11:00: two working days later is Tuesday 11:00, not Sunday.
    t = ticket(
        received_at=local(2025, 3, 7, 10),
        complexity=Complexity.MODERATE,
        last_update_at=local(2025, 3, 7, 11),
    )
    assert scan(t, local(2025, 3, 10, 23)) == []
    assert "no_update" in kinds(scan(t, local(2025, 3, 11, 11, 1)))


def test_r_lc_4_without_any_update_counts_from_receipt():
    t = ticket(complexity=Complexity.MODERATE)  # received Mon 10:00
    assert "no_update" in kinds(scan(t, local(2025, 3, 5, 10, 1)))


def test_r_lc_4_simple_tickets_need_no_progress_updates():
    t = ticket(complexity=Complexity.SIMPLE, paused=True)
    assert scan(t, local(2025, 3, 10)) == []


def test_r_lc_4_new_contact_warns_again_later():
    t = ticket(complexity=Complexity.COMPLEX, last_update_at=local(2025, 3, 4, 11))
    first = scan(t, local(2025, 3, 6, 12))
    later = replace(t, last_update_at=local(2025, 3, 6, 13), already=frozenset(e.key for e in first))
    assert scan(later, local(2025, 3, 7, 12)) == []
    assert kinds(scan(later, local(2025, 3, 10, 13, 1))) == ["no_update"]


def test_r_lc_5_follow_up_due():
    # Closed Monday 15:00: the visit is due by Thursday 23:59:59.
    t = ticket(status=Status.CLOSED, reported_at=local(2025, 3, 3, 12), closed_at=local(2025, 3, 3, 15))
    assert scan(t, local(2025, 3, 6, 23, 59)) == []
    found = scan(t, local(2025, 3, 7, 0, 0, 1))
    follow = only(found, "follow_up_due")
    assert follow.rule == "R-LC-5"
    assert follow.recipients == frozenset({"assistant"})


def test_r_lc_5_follow_up_done_is_quiet():
    t = ticket(
        status=Status.CLOSED,
        reported_at=local(2025, 3, 3, 12),
        closed_at=local(2025, 3, 3, 15),
        follow_up_done=True,
    )
    assert scan(t, local(2025, 3, 20)) == []


def test_r_sv_5_upgrade_after_30_days():
    t = ticket(paused=True)
    assert scan(t, local(2025, 4, 2, 10)) == []  # exactly 30 days
    found = scan(t, local(2025, 4, 2, 10, 0, 1))
    upgrade = only(found, "upgrade_major")
    assert upgrade.rule == "R-SV-5"
    assert upgrade.upgrade_to_major
    assert upgrade.recipients == frozenset({"director"})
    assert upgrade.deadline_key == "R-SV-5a"


def test_r_sv_5_no_upgrade_when_major_invalid_or_closed():
    now = local(2025, 5, 1)
    assert scan(ticket(paused=True, severity=Severity.MAJOR), now) == []
    assert scan(ticket(paused=True, valid=False), now) == []
    assert scan(ticket(status=Status.CLOSED, follow_up_done=True), now) == []


def test_r_sv_5_third_raise_within_30_days_while_one_unresolved():
    base = dict(paused=True, same_unit_category_raises_30d=3, one_of_them_unresolved=True)
    found = scan(ticket(**base), local(2025, 3, 3, 11))
    upgrade = only(found, "upgrade_major")
    assert upgrade.upgrade_to_major
    assert upgrade.deadline_key == "R-SV-5b"
    assert scan(ticket(**{**base, "same_unit_category_raises_30d": 2}), local(2025, 3, 3, 11)) == []
    assert scan(ticket(**{**base, "one_of_them_unresolved": False}), local(2025, 3, 3, 11)) == []


def test_r_sv_5_upgrade_happens_once():
    t = ticket(paused=True, same_unit_category_raises_30d=3, one_of_them_unresolved=True)
    first = scan(t, local(2025, 3, 3, 11))
    assert scan(replace(t, already=frozenset(e.key for e in first)), local(2025, 3, 3, 12)) == []


def test_r_dl_6_messages_are_translated_when_read():
    """Issue 11: the message is kept as key and parameters and rendered in the READER's language,
    whatever the language of the scan that found it."""
    before = current_language()
    try:
        set_language("en")
        overdue = only(scan(ticket(), local(2025, 3, 4, 10, 1)), "overdue")
        set_language("zh-CN")
        assert "超时" in overdue.message
        set_language("en")
        assert overdue.message == "Ticket 42 is overdue: it was due 2025-03-04 10:00"
    finally:
        set_language(before)


_nows = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 1), timezones=st.just(SH))


@settings(max_examples=200, deadline=None)
@given(
    received=_nows,
    after=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)),
    complexity=st.sampled_from([None, *Complexity]),
    status=st.sampled_from(list(Status)),
    is_emergency=st.booleans(),
    off_duty=st.booleans(),
)
def test_r_dl_6_property_scan_is_idempotent(received, after, complexity, status, is_emergency, off_duty):
    on_site_due, under_control_due = emergency_clocks(received, 10, 60)
    t = ticket(
        received_at=received,
        complexity=complexity,
        emergency=is_emergency,
        status=status,
        on_site_due=on_site_due,
        under_control_due=under_control_due,
        closed_at=received + after / 2 if status == Status.CLOSED else None,
        same_unit_category_raises_30d=3,
        one_of_them_unresolved=True,
    )
    now = received + after
    found = scan(t, now, off_duty=off_duty)
    assert len({e.key for e in found}) == len(found)
    assert scan(replace(t, already=frozenset(e.key for e in found)), now, off_duty=off_duty) == []


# --- issue 15: the next check (the scan reads only tickets whose time has come) ----------------

_STATUSES = [Status.RECEIVED, Status.ASSESSED, Status.IN_PROGRESS, Status.RESULT_REPORTED, Status.CLOSED,
             Status.ANSWERED, Status.INVALID]


@st.composite
def _facts_and_now(draw):
    received = local(2025, 3, 3, 8) + timedelta(minutes=draw(st.integers(0, 60 * 24 * 20)))
    complexity = draw(st.sampled_from([Complexity.SIMPLE, Complexity.MODERATE, Complexity.COMPLEX]))
    emergency = draw(st.booleans())
    status = draw(st.sampled_from(_STATUSES))
    kw = dict(received_at=received, complexity=complexity, emergency=emergency, status=status)
    if emergency:
        on_site_due, under_control_due = emergency_clocks(received, on_site_minutes=10, under_control_minutes=60)
        kw.update(on_site_due=on_site_due, under_control_due=under_control_due)
        if draw(st.booleans()):
            kw["on_site_at"] = received + timedelta(minutes=draw(st.integers(1, 30)))
    if draw(st.booleans()):
        kw["last_update_at"] = received + timedelta(hours=draw(st.integers(1, 200)))
    if status == Status.CLOSED:
        kw["closed_at"] = received + timedelta(hours=draw(st.integers(1, 300)))
        kw["follow_up_done"] = draw(st.booleans())
    if status == Status.RESULT_REPORTED:
        kw["reported_at"] = received + timedelta(hours=draw(st.integers(1, 300)))
    kw["paused"] = draw(st.booleans()) and not emergency
    kw["severity"] = draw(st.sampled_from([Severity.MINOR, Severity.MAJOR]))
    kw["valid"] = status != Status.INVALID
    facts = ticket(**kw)
    # "now" anywhere in two months, or close to one of the ticket's clocks (where mistakes hide).
    anchors = [received, facts.due_at, facts.on_site_due or received, facts.closed_at or received]
    anchor = draw(st.sampled_from(anchors))
    offset = draw(st.one_of(st.integers(0, 60 * 24 * 60), st.integers(-600, 600)))
    now = max(received, anchor + timedelta(minutes=offset))
    later = [draw(st.integers(0, 60 * 24 * 90)) for _ in range(6)]
    return facts, now, later


def _after_scan(facts: TicketFacts, now: datetime) -> TicketFacts:
    found = scan(facts, now)
    upgraded = any(e.upgrade_to_major for e in found)
    return replace(
        facts,
        already=facts.already | {e.key for e in found},
        severity=Severity.MAJOR if upgraded else facts.severity,
    )


@settings(max_examples=500, deadline=None)
@given(_facts_and_now())
def test_next_check_is_never_late_and_never_early(case) -> None:
    """Nothing new is due between a scan and the next check it stores; at the next check there is."""
    from frontdesk_tui.domain.tickets.escalation import TICK, next_check_at

    facts, now, later = case
    after = _after_scan(facts, now)
    check = next_check_at(after, now, tz=SH, calendar=CAL, settings=EscalationSettings())
    if check is None:
        for minutes in later:
            assert scan(after, now + timedelta(minutes=minutes)) == []
        return
    assert check > now
    span = (check - now).total_seconds()
    times = [now + timedelta(seconds=span * (minutes / (60 * 24 * 90))) for minutes in later]
    times += [check - step for step in (TICK, timedelta(seconds=1), timedelta(minutes=1), timedelta(hours=1),
                                        timedelta(days=1), timedelta(days=3))]
    for t in times:
        if now <= t < check:
            assert scan(after, t) == [], (t, check)
    assert scan(after, check) != []


def test_next_check_of_a_ticket_that_cannot_escalate_is_none() -> None:
    from frontdesk_tui.domain.tickets.escalation import next_check_at

    done = ticket(status=Status.CLOSED, closed_at=local(2025, 3, 4, 10), follow_up_done=True, severity=Severity.MAJOR)
    assert next_check_at(done, local(2025, 3, 5, 10), tz=SH, calendar=CAL) is None
    answered = ticket(status=Status.ANSWERED, severity=Severity.MAJOR)
    assert next_check_at(answered, local(2025, 3, 5, 10), tz=SH, calendar=CAL) is None
