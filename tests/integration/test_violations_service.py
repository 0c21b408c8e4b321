"""The violation register's services on real SQLite and PostgreSQL (R-VI-1 … R-VI-8, R-RO-2/3, R-PD-2).

The services are called directly, with no screen: what the rules forbid is refused here.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from frontdesk_tui.config import Settings
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import AuditEntry, Building, InboxItem, Operator, Unit
from frontdesk_tui.data.tables_violations import Violation, ViolationEvent, ViolationMeasure
from frontdesk_tui.domain import violations as rules
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError, StaleError
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.uow import UnitOfWork

ROLES = {
    "director": ("张建国", Role.DIRECTOR, "property"),
    "assistant": ("李娜", Role.ASSISTANT, "property"),
    "receptionist": ("陈晓燕", Role.RECEPTIONIST, "service_centre"),
    "duty": ("赵强", Role.DUTY_OFFICER, "service_centre"),
    "staff": ("黄敏", Role.STAFF, "property"),
}
UNITS = ("1-1-101", "1-1-102", "3-2-1201", "3-2-1202", "12-1-101")


@pytest.fixture
def site(db: Database) -> Site:
    return Site(settings=Settings(db="sqlite:///unused"), db=db, calendar=WorkCalendar())


@pytest.fixture
def people(db: Database, now: datetime) -> dict[str, Actor]:
    actors = {}
    with UnitOfWork(db) as uow:
        s = uow.session
        for key, (name, role, department) in ROLES.items():
            row = Operator(
                name=name, role=role.value, department=department, password_hash="x", created_at=now
            )
            s.add(row)
            s.flush()
            actors[key] = Actor(row.id, name, role, department)
        buildings: dict[str, Building] = {}
        for label in UNITS:
            b, e, r = label.split("-")
            if b not in buildings:
                buildings[b] = Building(code=b)
                s.add(buildings[b])
                s.flush()
            s.add(Unit(building_id=buildings[b].id, entrance=e, room=r, label=label))
        uow.commit()
    return actors


def record(site, actor, now, *, unit="3-2-1201", kind="sanitation", facts="在楼道乱丢垃圾", **kw):
    """A violation recorded through the service (defaults: a littering in 3-2-1201)."""
    return vs.record_violation(
        site, actor, unit=unit, violator=kw.pop("violator", "王先生"), kind=kind, facts=facts, now=now, **kw
    ).violation


def major(site, people, now, **kw):
    return record(site, people["assistant"], now, kind="renovation", facts="擅自拆改承重墙", **kw)


# --------------------------------------------------------------------------------------------------
# R-VI-1, R-VI-2, R-VI-6: recording


def test_r_vi_1_every_kind_is_recorded_and_an_unknown_kind_is_refused(site, people, now) -> None:
    for kind in ("renovation", "fire", "sanitation", "order", "fee", "harm"):
        assert record(site, people["staff"], now, kind=kind).kind == kind
    with pytest.raises(InputError) as exc:
        record(site, people["staff"], now, kind="noise")
    assert exc.value.field == "kind"


def test_r_vi_2_class_is_suggested_from_the_facts_and_confirmed_by_a_person(site, people, now) -> None:
    result = vs.record_violation(
        site,
        people["assistant"],
        unit="1-1-101",
        violator="刘女士",
        kind="sanitation",
        facts="随地乱丢垃圾",
        now=now,
    )
    littering = result.violation
    assert (littering.suggested_class, littering.confirmed_class) == ("general", "general")
    assert result.class_reasons
    thrown = record(site, people["assistant"], now, facts="从12楼高空抛物")
    assert (thrown.suggested_class, thrown.confirmed_class) == ("major", "major")
    # The person's confirmation wins; both are kept.
    confirmed = record(site, people["assistant"], now, facts="从12楼高空抛物", violation_class="general")
    assert (confirmed.suggested_class, confirmed.confirmed_class) == ("major", "general")
    with pytest.raises(InputError):
        record(site, people["assistant"], now, violation_class="severe")


def test_r_vi_6_the_register_holds_every_field_of_the_paper_form(site, people, now, tmp_path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8")
    at = now - timedelta(hours=3)
    v = record(site, people["staff"], now, at=at, attachments=[str(photo)], violator="  王先生 ")
    shown = vs.get_violation(site, people["director"], v.id, now=now)
    assert shown.violator == "王先生"
    assert shown.unit == "3-2-1201"
    assert shown.at == at
    assert shown.recorder == "黄敏"  # facts recorded and signed by the recorder
    assert shown.attachments == (str(photo.resolve()),)
    assert shown.status == "recorded"
    assert [e.kind for e in shown.history] == ["recorded"]
    with pytest.raises(InputError) as exc:
        record(site, people["staff"], now, attachments=[str(tmp_path / "missing.jpg")])
    assert exc.value.field == "attachments"
    with pytest.raises(NotFound):
        record(site, people["staff"], now, unit="99-9-999")
    with pytest.raises(InputError) as exc:
        record(site, people["staff"], now, at=now + timedelta(hours=1))
    assert exc.value.field == "at"
    with pytest.raises(InputError):
        record(site, people["staff"], now, facts="   ")


def test_r_vi_6_the_form_hears_every_problem_at_once(site, people, now) -> None:
    problems = vs.draft_problems(
        site,
        people["staff"],
        unit="99-9-999",
        violator="",
        kind="noise",
        facts="x",
        now=now,
        at=now + timedelta(1),
    )
    assert {p.field for p in problems} == {"unit", "violator", "kind", "at"}
    assert (
        vs.draft_problems(
            site, people["staff"], unit="1-1-101", violator="王", kind="fire", facts="x", now=now
        )
        == []
    )


def test_r_vi_6_owner_text_is_cleaned_before_saving(site, people, now) -> None:
    v = record(site, people["staff"], now, facts="乱丢垃圾\x1b[2J\x07", violator="王\u202e先生")
    assert v.facts == "乱丢垃圾"
    assert v.violator == "王先生"


# --------------------------------------------------------------------------------------------------
# R-VI-3, R-VI-5: the measure ladder, refused in the domain


def test_r_vi_3_suspension_is_refused_for_every_role_citing_the_civil_code(site, people, now) -> None:
    general = record(site, people["assistant"], now, kind="fee", facts="拒交物业费")
    big = major(site, people, now)
    for v in (general, big):
        vs.record_fact(site, people["director"], v.id, "committee-support", now=now)
        vs.record_fact(site, people["director"], v.id, "mediation-failed", now=now)
    for actor in people.values():
        for v in (general, big):
            with pytest.raises(RuleError) as exc:
                vs.propose_measure(site, actor, v.id, "suspension", basis="拖欠物业费", now=now)
            assert exc.value.rule == "R-VI-3"
            assert "944" in exc.value.reason and "Civil Code" in exc.value.reason
    with UnitOfWork(site.db, write=False) as uow:
        assert uow.session.exec(select(ViolationMeasure)).all() == []


def test_r_vi_3_public_criticism_needs_the_clients_recorded_refusal(site, people, now) -> None:
    v = record(site, people["assistant"], now)
    vs.record_fact(site, people["assistant"], v.id, "committee-support", now=now)
    with pytest.raises(RuleError) as exc:
        vs.propose_measure(site, people["assistant"], v.id, "criticism", basis="不接受处理意见", now=now)
    assert exc.value.rule == "R-VI-3"
    # The refusal presupposes an opinion in effect.
    with pytest.raises(RuleError):
        vs.record_fact(site, people["assistant"], v.id, "refused-opinion", now=now)
    deadline = now + timedelta(days=3)
    m = vs.propose_measure(
        site, people["assistant"], v.id, "rectification", basis="《管理规约》", effective_at=deadline, now=now
    ).measure_id
    vs.sign_measure(site, people["director"], v.id, m, now=now)
    vs.record_fact(site, people["assistant"], v.id, "refused-opinion", note="拒绝签收", now=now)
    result = vs.propose_measure(site, people["assistant"], v.id, "criticism", basis="不接受处理意见", now=now)
    assert result.measure.measure == "criticism" and not result.measure.effective
    with pytest.raises(RuleError):
        vs.criticism_notice(site, v.id)  # not signed yet
    vs.sign_measure(site, people["director"], v.id, result.measure_id, now=now)
    notice = vs.criticism_notice(site, v.id)
    assert "3-2-1201" in notice and "乱丢垃圾" in notice


def test_r_vi_3_litigation_needs_a_failed_mediation(site, people, now) -> None:
    v = major(site, people, now)
    vs.record_fact(site, people["director"], v.id, "committee-support", now=now)
    with pytest.raises(RuleError) as exc:
        vs.propose_measure(site, people["director"], v.id, "litigation", basis="拒不赔偿", now=now)
    assert exc.value.rule == "R-VI-3"
    vs.record_fact(site, people["director"], v.id, "mediation-failed", note="业委会调解无效", now=now)
    result = vs.propose_measure(
        site, people["director"], v.id, "litigation", basis="拒不赔偿", amount=Decimal("5000.00"), now=now
    )
    assert result.measure.amount == Decimal("5000.00")


def test_r_vi_5_penalty_needs_the_committees_support_on_record(site, people, now) -> None:
    v = major(site, people, now)
    with pytest.raises(RuleError) as exc:
        vs.propose_measure(
            site,
            people["director"],
            v.id,
            "compensation",
            basis="损坏公共设施",
            amount=Decimal("800"),
            now=now,
        )
    assert exc.value.rule == "R-VI-5"
    vs.record_fact(site, people["director"], v.id, "committee-support", now=now)
    result = vs.propose_measure(
        site, people["director"], v.id, "compensation", basis="损坏公共设施", amount=Decimal("800"), now=now
    )
    assert result.measure.amount == Decimal("800.00")


def test_r_vi_5_authority_staff_persuade_assistant_general_director_major(site, people, now) -> None:
    general = record(site, people["staff"], now)
    big = major(site, people, now)
    deadline = now + timedelta(days=7)
    # Anyone may persuade; it is effective at once.
    for actor in people.values():
        m = vs.propose_measure(site, actor, general.id, "persuasion", basis="现场劝导", now=now).measure
        assert m.effective and m.signed_by is None
    for key in ("staff", "receptionist", "duty"):
        with pytest.raises(RuleError) as exc:
            vs.propose_measure(
                site,
                people[key],
                general.id,
                "rectification",
                basis="限期清理",
                effective_at=deadline,
                now=now,
            )
        assert exc.value.rule == "R-VI-5"
    with pytest.raises(RuleError) as exc:
        vs.propose_measure(
            site,
            people["assistant"],
            big.id,
            "rectification",
            basis="恢复原状",
            effective_at=deadline,
            now=now,
        )
    assert exc.value.rule == "R-VI-5" and "director" in exc.value.reason
    vs.propose_measure(
        site, people["director"], big.id, "rectification", basis="恢复原状", effective_at=deadline, now=now
    )


def test_r_vi_5_nothing_beyond_persuasion_takes_effect_until_the_director_signs(site, people, now) -> None:
    v = record(site, people["assistant"], now)
    deadline = now + timedelta(days=7)
    result = vs.propose_measure(
        site, people["assistant"], v.id, "rectification", basis="限期清理", effective_at=deadline, now=now
    )
    m = result.measure
    assert not m.effective and m.pending and result.violation.status == "awaiting_sign"
    assert result.violation.next_steps.sign == ()  # the assistant may not sign
    for key in ("assistant", "staff", "receptionist", "duty"):
        with pytest.raises(RuleError) as exc:
            vs.sign_measure(site, people[key], v.id, m.id, now=now)
        assert exc.value.rule == "R-VI-5"
    shown = vs.get_violation(site, people["director"], v.id, now=now)
    assert shown.next_steps.sign == (m.id,)
    signed = vs.sign_measure(site, people["director"], v.id, m.id, now=now + timedelta(minutes=5)).measure
    assert signed.effective and signed.signed_by == "张建国"
    assert signed.signed_at == now + timedelta(minutes=5)
    with pytest.raises(RuleError):
        vs.sign_measure(site, people["director"], v.id, m.id, now=now)  # already signed
    with pytest.raises(NotFound):
        vs.sign_measure(site, people["director"], v.id, 9999, now=now)


def test_r_vi_5_sign_off_queue_lists_proposals_until_signed_or_declined(site, people, now) -> None:
    a = record(site, people["assistant"], now, unit="1-1-101")
    b = record(site, people["assistant"], now, unit="1-1-102")
    deadline = now + timedelta(days=7)
    ma = vs.propose_measure(
        site, people["assistant"], a.id, "rectification", basis="限期清理", effective_at=deadline, now=now
    ).measure_id
    mb = vs.propose_measure(
        site,
        people["assistant"],
        b.id,
        "rectification",
        basis="限期清理",
        effective_at=deadline,
        now=now + timedelta(minutes=1),
    ).measure_id
    vs.propose_measure(site, people["staff"], b.id, "persuasion", basis="劝导", now=now)  # never queued
    queue = vs.signoff_queue(site)
    assert [(q.violation_id, q.measure_id) for q in queue] == [(a.id, ma), (b.id, mb)]
    assert queue[0].proposed_by == "李娜" and queue[0].unit == "1-1-101"
    assert vs.count_signoff_queue(site) == 2
    vs.sign_measure(site, people["director"], a.id, ma, now=now)
    declined = vs.decline_measure(site, people["director"], b.id, mb, reason="证据不足", now=now)
    assert declined.measure.declined_by == "张建国" and not declined.measure.effective
    assert vs.signoff_queue(site) == []


# --------------------------------------------------------------------------------------------------
# R-VI-3 deadlines and R-VI-4 follow-ups in the supervision inbox


def _inbox(db, kind):
    with UnitOfWork(db, write=False) as uow:
        return uow.session.exec(select(InboxItem).where(InboxItem.kind == kind).order_by(InboxItem.id)).all()


def test_r_vi_3_a_due_rectification_reaches_the_inbox_once_per_measure(site, people, now) -> None:
    v = record(site, people["assistant"], now)
    deadline = now + timedelta(days=3)
    m = vs.propose_measure(
        site, people["assistant"], v.id, "rectification", basis="限期清理", effective_at=deadline, now=now
    ).measure_id
    # Not signed: not tracked yet.
    assert vs.due_rectifications(site, deadline + timedelta(days=1)).due == ()
    vs.sign_measure(site, people["director"], v.id, m, now=now)
    assert vs.due_rectifications(site, deadline - timedelta(minutes=1)).due == ()
    later = deadline + timedelta(hours=1)
    scan = vs.due_rectifications(site, later)
    assert [(d.kind, d.violation_id, d.measure_id) for d in scan.due] == [("rectification_due", v.id, m)]
    items = _inbox(site.db, "rectification_due")
    assert {i.operator_id for i in items} == {people["director"].id, people["assistant"].id}
    assert all(i.rule == "R-VI-3" and i.ref_type == "violation" and i.ref_id == v.id for i in items)
    # Once per measure: a second scan still lists it as due but tells nobody again.
    again = vs.due_rectifications(site, later + timedelta(hours=1))
    assert len(again.due) == 1 and again.inbox_items == 0 and again.new == ()
    assert len(_inbox(site.db, "rectification_due")) == 2
    assert vs.get_violation(site, None, v.id, now=later).status == "rectification_due"
    assert [
        r.id for r in vs.list_violations(site, vs.ViolationFilter(status="rectification_due"), now=later).rows
    ] == [v.id]
    assert [d.measure_id for d in vs.rectifications_due_before(site, later)] == [m]
    # Recorded as done: no longer due.
    vs.complete_measure(site, people["assistant"], v.id, m, now=later)
    assert vs.due_rectifications(site, later + timedelta(days=1)).due == ()
    assert vs.get_violation(site, None, v.id, now=later).status == "in_effect"


def test_r_vi_4_after_a_penalty_a_follow_up_is_due(site, people, now) -> None:
    v = major(site, people, now)
    vs.record_fact(site, people["director"], v.id, "committee-support", note="业委会同意", now=now)
    m = vs.propose_measure(
        site, people["director"], v.id, "compensation", basis="恢复费用", amount=Decimal("1200.50"), now=now
    ).measure_id
    signed = vs.sign_measure(site, people["director"], v.id, m, now=now + timedelta(minutes=1))
    assert signed.violation.status == "follow_up_due"
    with pytest.raises(RuleError) as exc:
        vs.close_violation(site, people["director"], v.id, now=now + timedelta(minutes=2))
    assert exc.value.rule == "R-VI-4"
    scan = vs.due_rectifications(site, now + timedelta(minutes=3))
    assert [(d.kind, d.measure_id) for d in scan.due] == [("violation_follow_up_due", m)]
    items = _inbox(site.db, "violation_follow_up_due")
    assert [i.rule for i in items] == ["R-VI-4"] and items[0].operator_id == people["director"].id
    assert vs.due_rectifications(site, now + timedelta(minutes=4)).inbox_items == 0
    followed = vs.record_follow_up(
        site, people["staff"], v.id, note="上门沟通，关系缓和", now=now + timedelta(hours=1)
    )
    assert followed.violation.status == "in_effect"
    assert vs.due_rectifications(site, now + timedelta(hours=2)).due == ()
    closed = vs.close_violation(site, people["director"], v.id, now=now + timedelta(hours=2))
    assert closed.violation.status == "closed"
    with pytest.raises(RuleError):
        vs.record_fact(site, people["director"], v.id, "notice-served", now=now + timedelta(hours=3))


# --------------------------------------------------------------------------------------------------
# R-RO-2, R-RO-3


def test_r_ro_3_a_stale_copy_is_refused_naming_who_changed_it(site, people, now) -> None:
    v = record(site, people["assistant"], now)
    assert v.version == 1
    first = vs.propose_measure(
        site,
        people["staff"],
        v.id,
        "persuasion",
        basis="劝导",
        now=now + timedelta(minutes=1),
        expected_version=1,
    )
    assert first.violation.version == 2
    with pytest.raises(StaleError) as exc:
        vs.record_fact(
            site,
            people["assistant"],
            v.id,
            "notice-served",
            now=now + timedelta(minutes=2),
            expected_version=1,
        )
    assert exc.value.rule == "R-RO-3" and exc.value.by == "黄敏"
    shown = vs.get_violation(site, None, v.id, now=now)
    assert shown.version == 2 and shown.facts_recorded == ()
    # With the fresh version it goes through.
    vs.record_fact(site, people["assistant"], v.id, "notice-served", now=now, expected_version=2)


def test_r_ro_2_every_write_records_the_operator_and_a_refused_write_leaves_nothing(
    site, people, now
) -> None:
    v = record(site, people["assistant"], now)
    vs.propose_measure(
        site, people["staff"], v.id, "persuasion", basis="劝导", now=now + timedelta(minutes=1)
    )
    with UnitOfWork(site.db, write=False) as uow:
        row = uow.session.get(Violation, v.id)
        assert row.updated_by == people["staff"].id and row.version == 2
    with pytest.raises(RuleError):
        vs.propose_measure(
            site,
            people["staff"],
            v.id,
            "rectification",
            basis="x",
            effective_at=now + timedelta(days=1),
            now=now + timedelta(minutes=2),
        )
    shown = vs.get_violation(site, people["assistant"], v.id, now=now)
    assert shown.version == 2
    assert [(e.kind, e.by) for e in shown.history] == [("recorded", "李娜"), ("proposed", "黄敏")]
    assert shown.next_steps.facts and "rectification" in shown.next_steps.measures
    assert "suspension" in shown.next_steps.refused


# --------------------------------------------------------------------------------------------------
# The register: filters in SQL agree with the domain's derived status


def _build_register(site, people, now) -> dict[str, int]:
    d, a = people["director"], people["assistant"]
    ids = {}
    ids["recorded"] = record(site, a, now - timedelta(days=40), unit="1-1-101", violator="甲").id
    p = record(
        site, a, now - timedelta(days=3), unit="1-1-102", violator="乙", kind="order", facts="违章停车"
    )
    vs.propose_measure(site, a, p.id, "persuasion", basis="劝导", now=now - timedelta(days=3))
    ids["persuading"] = p.id
    w = record(site, a, now - timedelta(days=2), unit="3-2-1201", violator="丙")
    vs.propose_measure(
        site,
        a,
        w.id,
        "rectification",
        basis="限期",
        effective_at=now + timedelta(days=5),
        now=now - timedelta(days=2),
    )
    ids["awaiting_sign"] = w.id
    e = record(site, a, now - timedelta(days=1), unit="3-2-1202", violator="丁")
    m = vs.propose_measure(
        site,
        a,
        e.id,
        "rectification",
        basis="限期",
        effective_at=now + timedelta(days=5),
        now=now - timedelta(days=1),
    ).measure_id
    vs.sign_measure(site, d, e.id, m, now=now - timedelta(days=1))
    ids["in_effect"] = e.id
    r = record(site, a, now - timedelta(days=10), unit="12-1-101", violator="戊", facts="楼道堆放杂物")
    m = vs.propose_measure(
        site,
        a,
        r.id,
        "rectification",
        basis="限期",
        effective_at=now - timedelta(days=1),
        now=now - timedelta(days=10),
    ).measure_id
    vs.sign_measure(site, d, r.id, m, now=now - timedelta(days=9))
    ids["rectification_due"] = r.id
    f = record(
        site, a, now - timedelta(days=5), unit="1-1-101", violator="己", kind="renovation", facts="拆改承重墙"
    )
    vs.record_fact(site, d, f.id, "committee-support", now=now - timedelta(days=5))
    m = vs.propose_measure(
        site, d, f.id, "compensation", basis="赔偿", amount=Decimal("300"), now=now - timedelta(days=5)
    ).measure_id
    vs.sign_measure(site, d, f.id, m, now=now - timedelta(days=4))
    ids["follow_up_due"] = f.id
    c = record(site, a, now - timedelta(days=6), unit="3-2-1201", violator="庚")
    m = vs.propose_measure(site, a, c.id, "persuasion", basis="劝导", now=now - timedelta(days=6)).measure_id
    vs.close_violation(site, a, c.id, now=now - timedelta(days=5))
    ids["closed"] = c.id
    return ids


def test_register_status_filter_in_sql_matches_the_domain_status(site, people, now) -> None:
    ids = _build_register(site, people, now)
    for status, vid in ids.items():
        assert vs.get_violation(site, None, vid, now=now).status == status
        page = vs.list_violations(site, vs.ViolationFilter(status=status), now=now)
        assert [r.id for r in page.rows] == [vid], status
        assert page.rows[0].status == status
    everything = vs.list_violations(site, vs.ViolationFilter(), now=now)
    assert len(everything.rows) == len(ids)
    assert {r.id for r in vs.list_violations(site, vs.ViolationFilter(status="open"), now=now).rows} == set(
        ids.values()
    ) - {ids["closed"]}
    with pytest.raises(InputError):
        vs.list_violations(site, vs.ViolationFilter(status="pending"), now=now)


def test_register_filters_kind_class_unit_month_search_and_keyset_pages(site, people, now) -> None:
    ids = _build_register(site, people, now)
    F = vs.ViolationFilter

    def found(flt):
        return {r.id for r in vs.list_violations(site, flt, now=now).rows}

    assert found(F(kind="order")) == {ids["persuading"]}
    assert found(F(violation_class="major")) == {ids["follow_up_due"]}
    assert found(F(unit="1-1-101")) == {ids["recorded"], ids["follow_up_due"]}
    assert found(F(unit="3")) == {ids["awaiting_sign"], ids["in_effect"], ids["closed"]}
    assert found(F(unit="1")) == {ids["recorded"], ids["persuading"], ids["follow_up_due"]}  # not 12-…
    assert found(F(search="杂物")) == {ids["rectification_due"]}
    assert found(F(search="丙")) == {ids["awaiting_sign"]}
    assert found(F(search="12-1")) == {ids["rectification_due"]}
    assert found(F(search="100%")) == set()
    october = (now - timedelta(days=40)).astimezone(site.tz).strftime("%Y-%m")
    assert found(F(month=october)) == {ids["recorded"]}
    with pytest.raises(InputError):
        found(F(month="2026-13"))
    # Keyset pages: newest first, no row twice, none missing.
    seen, after = [], None
    while True:
        page = vs.list_violations(site, F(), now=now, after=after, limit=3)
        seen.extend(r.id for r in page.rows)
        if not page.has_after:
            break
        after = page.last_key
    assert sorted(seen) == sorted(ids.values()) and len(seen) == len(set(seen))
    ats = [vs.get_violation(site, None, i, now=now).at for i in seen]
    assert ats == sorted(ats, reverse=True)
    assert vs.count_violations(site, F(status="open"), now=now) == len(ids) - 1


# --------------------------------------------------------------------------------------------------
# R-VI-7 finance export


def test_r_vi_7_the_months_charges_by_sign_off_time_in_site_time(site, people, now, tmp_path) -> None:
    d = people["director"]
    # 23:30 on 30 November in Shanghai is still November there (15:30 UTC).
    signed_times = [datetime(2026, 11, 30, 15, 30, tzinfo=UTC), datetime(2026, 11, 30, 16, 30, tzinfo=UTC)]
    made = []
    for i, signed_at in enumerate(signed_times):
        v = major(site, people, now, unit=UNITS[i])
        vs.record_fact(site, d, v.id, "committee-support", now=now)
        m = vs.propose_measure(
            site, d, v.id, "compensation", basis="赔偿损失", amount=Decimal("1234.50") + i, now=now
        ).measure_id
        vs.sign_measure(site, d, v.id, m, now=signed_at)
        made.append((v.id, m))
    # A declined and an unsigned compensation never charge anyone.
    v = major(site, people, now, unit="12-1-101")
    vs.record_fact(site, d, v.id, "committee-support", now=now)
    m = vs.propose_measure(site, d, v.id, "compensation", basis="x", amount=Decimal("99"), now=now).measure_id
    vs.decline_measure(site, d, v.id, m, now=datetime(2026, 11, 20, tzinfo=UTC))
    vs.propose_measure(site, d, v.id, "compensation", basis="y", amount=Decimal("98"), now=now)
    rows = vs.finance_rows(site, d, 2026, 11)
    assert [(r.violation_id, r.measure_id, r.amount) for r in rows] == [
        (made[0][0], made[0][1], Decimal("1234.50"))
    ]
    assert rows[0].signed_by == "张建国" and rows[0].signed_at.hour == 23
    december = vs.finance_rows(site, people["assistant"], 2026, 12)
    assert [r.measure_id for r in december] == [made[1][1]]
    with pytest.raises(RuleError):
        vs.finance_rows(site, people["staff"], 2026, 11)

    xlsx = tmp_path / "nov.xlsx"
    vs.write_finance_xlsx(rows, xlsx, title="2026-11")
    ws = load_workbook(xlsx).active
    assert ws.cell(2, 2).value == "1-1-101"
    assert ws.cell(2, 6).value == pytest.approx(1234.5)
    assert ws.cell(2, 8).value == datetime(2026, 11, 30, 23, 30)
    assert ws.cell(3, 6).value == "=SUM(F2:F2)"
    out = tmp_path / "nov.csv"
    vs.write_finance_csv(rows, out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    assert (
        lines[1][1] == "1-1-101" and lines[1][5] == "1234.50" and lines[1][7] == "2026-11-30T23:30:00+08:00"
    )


# --------------------------------------------------------------------------------------------------
# R-VI-8, R-PD-2 retention


def test_r_pd_2_purge_dry_run_lists_and_the_real_purge_removes_and_logs(site, people, now) -> None:
    d, a = people["director"], people["assistant"]
    old = now - timedelta(days=800)
    general_old = record(site, a, old, at=old - timedelta(hours=1))
    m = vs.propose_measure(site, a, general_old.id, "persuasion", basis="劝导", now=old).measure_id
    vs.close_violation(site, a, general_old.id, now=old)
    major_old = major(site, people, old, at=old - timedelta(hours=1))  # kept 5 years
    general_new = record(site, a, now - timedelta(days=100))
    with UnitOfWork(site.db) as uow:  # an inbox item about the old record goes with it
        uow.session.add(
            InboxItem(operator_id=d.id, created_at=old, kind="x", ref_type="violation", ref_id=general_old.id)
        )
        uow.commit()
    before = now.astimezone(site.tz).date()
    with pytest.raises(RuleError):
        vs.purge_violations(site, a, before=before, now=now, dry_run=True)
    dry = vs.purge_violations(site, d, before=before, now=now, dry_run=True)
    assert [c.id for c in dry.candidates] == [general_old.id] and dry.removed == 0
    with UnitOfWork(site.db, write=False) as uow:
        assert uow.session.get(Violation, general_old.id) is not None
        assert uow.session.exec(select(AuditEntry).where(AuditEntry.action == "violation.purge")).all() == []
    done = vs.purge_violations(site, d, before=before, now=now, dry_run=False)
    assert done.removed == 1
    with UnitOfWork(site.db, write=False) as uow:
        s = uow.session
        assert s.get(Violation, general_old.id) is None
        assert s.get(ViolationMeasure, m) is None
        assert s.exec(select(ViolationEvent).where(ViolationEvent.violation_id == general_old.id)).all() == []
        assert s.exec(select(InboxItem).where(InboxItem.ref_id == general_old.id)).all() == []
        audit = s.exec(select(AuditEntry).where(AuditEntry.action == "violation.purge")).one()
        assert audit.operator_id == d.id and str(general_old.id) in audit.detail
        assert s.get(Violation, major_old.id) is not None and s.get(Violation, general_new.id) is not None
    # R-VI-8: a major record goes after 5 years.
    later = vs.purge_violations(site, d, before=date(2030, 12, 31), now=datetime(2030, 12, 31, tzinfo=UTC))
    assert major_old.id in {c.id for c in later.candidates}


def test_r_vi_8_keep_until_counts_from_closing(site, people, now) -> None:
    v = record(site, people["assistant"], now - timedelta(days=30))
    assert vs.get_violation(site, None, v.id, now=now).keep_until == rules.retention_until(
        "general", now - timedelta(days=30), tz=site.tz
    )
    vs.propose_measure(site, people["assistant"], v.id, "persuasion", basis="劝导", now=now)
    closed = vs.close_violation(site, people["assistant"], v.id, now=now).violation
    assert closed.keep_until == rules.retention_until("general", now, tz=site.tz)


def test_r_vi_2_reclassify_moves_the_case_to_the_director(site, people, now) -> None:
    v = record(site, people["assistant"], now)
    with pytest.raises(RuleError):
        vs.reclassify_violation(site, people["assistant"], v.id, "major", now=now)
    moved = vs.reclassify_violation(
        site, people["director"], v.id, "major", note="造成损失", now=now
    ).violation
    assert moved.confirmed_class == "major" and moved.suggested_class == "general"
    with pytest.raises(RuleError):
        vs.propose_measure(
            site,
            people["assistant"],
            v.id,
            "rectification",
            basis="x",
            effective_at=now + timedelta(days=1),
            now=now,
        )


def test_r_vi_7_an_empty_month_still_writes_the_header(tmp_path: Path) -> None:
    out = tmp_path / "empty.csv"
    vs.write_finance_csv([], out)
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("violation,")
