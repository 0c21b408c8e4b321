"""R-DU-3, R-DU-4, R-PD-2: the duty log service on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select
from test_duty_support import add_people, make_site

from frontdesk_tui.data.tables import AuditEntry
from frontdesk_tui.data.tables_duty import DutyLogEntry
from frontdesk_tui.domain.duty.log import GENESIS, BreakReason
from frontdesk_tui.domain.errors import NotFound, RuleError
from frontdesk_tui.services.duty import log as dutylog
from frontdesk_tui.services.uow import UnitOfWork


@pytest.fixture
def site(db):
    return make_site(db)


@pytest.fixture
def people(db, now):
    return add_people(db, now)


def _write(site, actor, now, n, start=0):
    return [
        dutylog.add_entry(site, actor, f"巡查 {i}", now=now + timedelta(minutes=i), follow_up="正常")
        for i in range(start, start + n)
    ]


def test_r_du_4_entries_form_a_chain_that_verifies(site, people, now):
    entries = _write(site, people["赵强"], now, 3)
    assert [e.id for e in entries] == [1, 2, 3]
    with UnitOfWork(site.db, write=False) as uow:
        rows = uow.session.exec(select(DutyLogEntry).order_by(DutyLogEntry.id)).all()
    assert rows[0].prev_hash == GENESIS
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    result = dutylog.verify(site)
    assert result.ok and result.checked == 3 and result.head_id == 3


def test_r_du_4_a_correction_is_a_new_entry_and_the_old_one_stays(site, people, now):
    duty = people["赵强"]
    first = dutylog.add_entry(site, duty, "3号楼电梯困人", now=now, important=True)
    fixed = dutylog.correct_entry(site, duty, first.id, "5号楼电梯困人", now=now + timedelta(minutes=2))
    assert fixed.id == 2 and fixed.corrects_id == first.id and fixed.important  # the mark is kept
    listed = dutylog.list_entries(site)
    assert [e.text for e in listed] == ["3号楼电梯困人", "5号楼电梯困人"]
    assert listed[0].corrected_by == (2,)
    # Only the author or a manager corrects (R-LC-3); an unknown id is refused.
    with pytest.raises(RuleError) as err:
        dutylog.correct_entry(site, people["孙伟"], first.id, "x", now=now)
    assert err.value.rule == "R-LC-3"
    dutylog.correct_entry(site, people["李娜"], first.id, "5号楼2单元电梯困人", now=now)
    with pytest.raises(NotFound):
        dutylog.correct_entry(site, duty, 99, "x", now=now)
    assert dutylog.verify(site).ok


def test_r_du_3_staff_do_not_keep_the_duty_log(site, people, now):
    with pytest.raises(RuleError) as err:
        dutylog.add_entry(site, people["周师傅"], "x", now=now)
    assert err.value.rule == "R-RO-1"
    # Owner-typed text is stored without escape sequences.
    entry = dutylog.add_entry(site, people["陈晓燕"], "业主来电\x1b[2J投诉噪音", now=now)
    assert entry.text == "业主来电投诉噪音"


def test_r_du_4_an_edit_behind_the_apps_back_names_the_entry(site, people, now):
    _write(site, people["赵强"], now, 4)
    with site.db.write_engine.begin() as conn:
        conn.execute(text("UPDATE duty_log SET text = '一切正常' WHERE id = 3"))
    result = dutylog.verify(site)
    assert not result.ok
    assert (result.broken_id, result.reason) == (3, BreakReason.EDITED)
    assert "3" in result.describe()


def test_r_du_4_a_deleted_middle_entry_is_caught_at_the_next_one(site, people, now):
    _write(site, people["赵强"], now, 4)
    with site.db.write_engine.begin() as conn:
        conn.execute(text("DELETE FROM duty_log WHERE id = 2"))
    result = dutylog.verify(site)
    assert (result.ok, result.broken_id, result.reason) == (False, 3, BreakReason.DELETED_BEFORE)


def test_r_du_4_cutting_off_the_newest_entries_after_a_signed_head_is_caught(site, people, now):
    _write(site, people["赵强"], now, 5)
    signed = dutylog.sign_log(site, people["李娜"], now=now + timedelta(hours=1), up_to=4)
    assert (signed.entry_id, signed.kind) == (4, "check")
    with site.db.write_engine.begin() as conn:
        conn.execute(text("DELETE FROM duty_log WHERE id >= 4"))
    result = dutylog.verify(site)
    assert (result.ok, result.broken_id, result.reason) == (False, 4, BreakReason.TRUNCATED)


def test_r_du_4_an_append_after_a_silent_deletion_of_the_head_shows_the_gap(site, people, now):
    _write(site, people["赵强"], now, 3)
    with site.db.write_engine.begin() as conn:
        conn.execute(text("DELETE FROM duty_log WHERE id = 3"))
    entry = dutylog.add_entry(site, people["赵强"], "继续巡查", now=now + timedelta(hours=1))
    assert entry.id == 4  # ids are never reused
    result = dutylog.verify(site)
    assert (result.broken_id, result.reason) == (4, BreakReason.DELETED_BEFORE)


def test_r_du_4_signing_needs_a_manager_and_an_intact_chain(site, people, now):
    _write(site, people["赵强"], now, 2)
    with pytest.raises(RuleError) as err:
        dutylog.sign_log(site, people["赵强"], now=now)
    assert err.value.rule == "R-RO-1"
    with site.db.write_engine.begin() as conn:
        conn.execute(text("UPDATE duty_log SET follow_up = '' WHERE id = 1"))
    with pytest.raises(RuleError) as err:
        dutylog.sign_log(site, people["李娜"], now=now)
    assert err.value.rule == "R-DU-4"


def test_r_du_4_two_terminals_appending_at_once_do_not_fork_the_chain(site, people, now):
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def terminal(actor, offset):
        try:
            barrier.wait()
            for i in range(8):
                dutylog.add_entry(site, actor, f"{actor.name} {i}", now=now + timedelta(seconds=offset + i))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=terminal, args=(people["赵强"], 0)),
        threading.Thread(target=terminal, args=(people["陈晓燕"], 100)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with UnitOfWork(site.db, write=False) as uow:
        rows = uow.session.exec(select(DutyLogEntry).order_by(DutyLogEntry.id)).all()
    assert [r.id for r in rows] == list(range(1, 17))
    assert len({r.prev_hash for r in rows}) == 16  # no two entries follow the same one
    assert dutylog.verify(site).ok


def test_r_pd_2_purge_keeps_three_years_and_the_anchor(site, people, now):
    # The assistant writes at any hour (R-DU-5): these entries need no roster.
    duty, director = people["李娜"], people["张建国"]
    old = now - timedelta(days=4 * 365)
    for i in range(3):
        dutylog.add_entry(site, duty, f"旧记录 {i}", now=old + timedelta(days=i))
    _write(site, duty, now - timedelta(days=30), 2)
    before = now - timedelta(days=3 * 365 + 10)
    # Within the three years: refused.
    with pytest.raises(RuleError) as err:
        dutylog.purge(site, director, now - timedelta(days=365), now=now)
    assert err.value.rule == "R-PD-2"
    dry = dutylog.purge(site, None, before, now=now, dry_run=True)
    assert dry.ids == (1, 2, 3) and dry.kept == 2
    assert len(dutylog.list_entries(site)) == 5
    with pytest.raises(RuleError):
        dutylog.purge(site, people["李娜"], before, now=now)  # only the director purges
    done = dutylog.purge(site, director, before, now=now)
    assert done.ids == (1, 2, 3) and done.anchor_id == 3 and done.anchor_hash == dry.anchor_hash
    assert [e.id for e in dutylog.list_entries(site)] == [4, 5]
    assert dutylog.verify(site).ok
    with UnitOfWork(site.db, write=False) as uow:
        audit = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "duty_log.purge")).one()
    assert audit.operator_id == director.id and dry.anchor_hash in audit.detail
    # The chain goes on from the anchor.
    assert dutylog.add_entry(site, duty, "新记录", now=now).id == 6
    assert dutylog.verify(site).ok


def test_r_du_4_list_filters_by_time(site, people, now):
    _write(site, people["赵强"], now, 4)
    listed = dutylog.list_entries(site, start=now + timedelta(minutes=1), end=now + timedelta(minutes=3))
    assert [e.id for e in listed] == [2, 3]
    newest = dutylog.list_entries(site, limit=2, newest_first=True)
    assert [e.id for e in newest] == [4, 3]
    assert newest[0].to_json(UTC)["id"] == 4


def test_r_du_4_times_are_aware(site, people):
    entry = dutylog.add_entry(site, people["李娜"], "x", now=datetime(2026, 1, 1, tzinfo=UTC))
    assert dutylog.get_entry(site, entry.id).at == datetime(2026, 1, 1, tzinfo=UTC)
