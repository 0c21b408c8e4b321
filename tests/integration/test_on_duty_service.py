"""R-DU-5: roster-bound duty — the log, the handover's duty side and the stand-in (SQLite, PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from test_duty_support import PASSWORD, add_people, add_roster, make_site

from frontdesk_tui.domain.duty.handover import Disposition, ItemCount
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.services.duty import handover, roster
from frontdesk_tui.services.duty import log as dutylog

SH = ZoneInfo("Asia/Shanghai")
NIGHT = datetime(2026, 11, 24, 22, 0, tzinfo=SH)  # Tuesday night: roster day 24 November
DAY = datetime(2026, 11, 25, 11, 0, tzinfo=SH)  # Wednesday 11:00: the day desk works


@pytest.fixture
def site(db):
    return make_site(db)


@pytest.fixture
def people(db, now):
    people = add_people(db, now)
    add_roster(db, people["李娜"], {date(2026, 11, 24): people["赵强"]})
    return people


def test_r_du_5_off_duty_hours_only_the_rostered_officer_writes_the_log(site, people):
    assert dutylog.add_entry(site, people["赵强"], "巡查正常", now=NIGHT).author == "赵强"
    for name in ("孙伟", "陈晓燕"):
        with pytest.raises(RuleError) as err:
            dutylog.add_entry(site, people[name], "我来值班", now=NIGHT)
        assert err.value.rule == "R-DU-5" and "赵强" in err.value.reason
    # The assistants and the director at any hour; the desk and duty officers in the day.
    dutylog.add_entry(site, people["李娜"], "主任助理巡查", now=NIGHT)
    dutylog.add_entry(site, people["陈晓燕"], "白班记录", now=DAY)
    dutylog.add_entry(site, people["孙伟"], "白天帮忙", now=DAY)
    # Nobody on the roster: nobody among the desk acts as the officer on duty.
    with pytest.raises(RuleError) as err:
        dutylog.add_entry(site, people["赵强"], "x", now=NIGHT + timedelta(days=1))
    assert err.value.rule == "R-DU-5" and "stand-in" in err.value.reason


def test_r_du_5_a_recorded_stand_in_acts_and_the_record_shows_both(site, people):
    with pytest.raises(RuleError) as err:  # only an assistant or the director records one
        roster.record_stand_in(site, people["赵强"], date(2026, 11, 24), "孙伟", "生病", now=NIGHT)
    assert err.value.rule == "R-DU-5"
    with pytest.raises(InputError):
        roster.record_stand_in(site, people["李娜"], date(2026, 11, 24), "孙伟", "  ", now=NIGHT)
    with pytest.raises(RuleError):
        roster.record_stand_in(site, people["李娜"], date(2026, 11, 24), "周师傅", "生病", now=NIGHT)
    view = roster.record_stand_in(site, people["李娜"], date(2026, 11, 24), "孙伟", "赵强生病", now=NIGHT)
    assert (view.officer, view.rostered, view.reason) == ("孙伟", "赵强", "赵强生病")
    assert dutylog.add_entry(site, people["孙伟"], "代班巡查", now=NIGHT).author == "孙伟"
    with pytest.raises(RuleError) as err:
        dutylog.add_entry(site, people["赵强"], "x", now=NIGHT)
    assert err.value.rule == "R-DU-5" and "孙伟 (for 赵强)" in err.value.reason
    assert roster.officer_on_duty(site, NIGHT).name == "孙伟"
    # The handover shows both; the stand-in signs the duty side, the rostered one may not.
    morning = datetime(2026, 11, 25, 8, 20, tzinfo=SH)
    view = handover.start_or_resume(site, people["孙伟"], now=morning)
    assert view.expected_outgoing == "孙伟 (for 赵强)"
    view = handover.record_counts(
        site, people["孙伟"], view.id, [ItemCount(c.name, c.expected, c.expected) for c in view.state.counts],
        now=morning,
    )
    view = handover.record_review(site, people["孙伟"], view.id, "", now=morning)
    for item in view.state.items:
        view = handover.dispose_item(
            site, people["孙伟"], view.id, item.kind, item.ref_id, Disposition.TAKEN_OVER, now=morning
        )
    with pytest.raises(RuleError) as err:
        handover.sign_outgoing(site, view.id, name="赵强", password=PASSWORD, now=morning)
    assert err.value.rule == "R-DU-5"
    view = handover.sign_outgoing(site, view.id, name="孙伟", password=PASSWORD, now=morning)
    view = handover.sign_incoming(site, view.id, name="陈晓燕", password=PASSWORD, now=morning)
    assert view.signed and view.outgoing == "孙伟"


def test_r_du_5_an_officer_not_on_the_roster_does_not_sign_the_duty_side(site, people):
    evening = datetime(2026, 11, 24, 17, 25, tzinfo=SH)  # the day desk hands over to 赵强
    view = handover.start_or_resume(site, people["陈晓燕"], now=evening)
    assert view.expected_incoming == "赵强"
    view = handover.record_counts(
        site, people["陈晓燕"], view.id, [ItemCount(c.name, c.expected, c.expected) for c in view.state.counts],
        now=evening,
    )
    view = handover.record_review(site, people["陈晓燕"], view.id, "", now=evening)
    for item in view.state.items:
        view = handover.dispose_item(
            site, people["陈晓燕"], view.id, item.kind, item.ref_id, Disposition.TAKEN_OVER, now=evening
        )
    view = handover.sign_outgoing(site, view.id, name="陈晓燕", password=PASSWORD, now=evening)
    with pytest.raises(RuleError) as err:
        handover.sign_incoming(site, view.id, name="孙伟", password=PASSWORD, now=evening)
    assert err.value.rule == "R-DU-5" and "赵强" in err.value.reason
    # A manager keeps every right: the assistant may sign the duty side.
    view = handover.sign_incoming(site, view.id, name="李娜", password=PASSWORD, now=evening)
    assert view.signed


def test_r_du_5_migration_0007_keeps_every_row_and_every_channel(db_url, now):
    from sqlalchemy import inspect
    from sqlmodel import select

    from frontdesk_tui.data import migrate
    from frontdesk_tui.data.db import Database
    from frontdesk_tui.data.tables_tickets import Ticket
    from frontdesk_tui.services.uow import UnitOfWork

    database = Database(db_url)
    try:
        migrate.upgrade(database, "0006_change_notify")
        people = add_people(database, now)
        # Rows as 0006 stored them: written with the columns that revision has, not the ORM of today.
        import sqlalchemy as sa

        table = sa.Table("ticket", sa.MetaData(), autoload_with=database.write_engine)
        ids = []
        with database.write_engine.begin() as conn:
            for i in range(3):
                row = {}
                for col in table.columns:
                    if col.primary_key or col.nullable or col.server_default is not None:
                        continue
                    kind = type(col.type).__name__.upper()
                    if "INT" in kind:
                        row[col.name] = people["陈晓燕"].id if col.name in ("created_by", "updated_by") else 1
                    elif "BOOL" in kind:
                        row[col.name] = False
                    elif "DATE" in kind or "TIME" in kind:
                        row[col.name] = now - timedelta(hours=2)
                    else:
                        row[col.name] = "x"
                row.update(status="assigned", channel="phone", category="engineering", department="engineering",
                           due_at=now + timedelta(hours=i + 1))
                ids.append(conn.execute(sa.insert(table).values(**row)).inserted_primary_key[0])
        with database.write_engine.begin() as conn:  # one of each channel, as 0006 stored them
            for ticket_id, channel in zip(ids, ("visit", "online", "staff"), strict=True):
                conn.exec_driver_sql(f"UPDATE ticket SET channel = '{channel}' WHERE id = {ticket_id}")
        migrate.upgrade(database)
        assert not migrate.needs_upgrade(database)
        with UnitOfWork(database, write=False) as uow:
            channels = dict(uow.session.exec(select(Ticket.id, Ticket.channel)).all())
        assert channels == dict(zip(ids, ("visit", "online", "staff"), strict=True))
        assert "roster_stand_in" in inspect(database.write_engine).get_table_names()
    finally:
        database.dispose()
