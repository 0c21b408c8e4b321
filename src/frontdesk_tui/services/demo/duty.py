"""Demo night duty: a roster for this and next month, two weeks of duty log, a signed handover and
one in progress. Everything goes through the services, so the log's hash chain is valid and the
handovers are exactly what the app would have written.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from frontdesk_tui.config import Settings
from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables_duty import RosterDay
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.duty import roster as duty
from frontdesk_tui.domain.duty.handover import Disposition, ItemCount
from frontdesk_tui.domain.duty.roster import DutyHours, ShiftKind
from frontdesk_tui.i18n import _
from frontdesk_tui.services.duty import handover, roster
from frontdesk_tui.services.duty import log as dutylog
from frontdesk_tui.services.site import Site, load_calendar
from frontdesk_tui.services.uow import UnitOfWork

#: Duty officers on working days and Saturdays; the assistant of engineering takes Sundays.
OFFICERS = ("赵强", "孙伟")
SUNDAY_OFFICER = "王磊"
DESK = "陈晓燕"
ASSISTANT = "李娜"
NIGHTS = 14

#: (local time, text, follow-up, important)
EVENTS = [
    (time(18, 40), "业主来电：3-2-1201 楼上漏水，已通知工程部值班电工上门查看", "19:30 关闭楼上总阀，明日维修", False),
    (time(19, 15), "快递员在小区东门滞留，已劝离", "", False),
    (time(20, 5), "5号楼地下车库入口积水，安排保安放置警示牌", "积水已排净", False),
    (time(21, 30), "业主投诉 2 号楼广场舞音量过大，已上门劝导", "21:50 音乐停止", False),
    (time(22, 10), "巡查客服中心门窗、监控正常", "", False),
    (time(23, 45), "7号楼电梯报警，维保单位已到场", "00:20 恢复运行", False),
    (time(0, 50), "访客车辆未登记进入，已补登记", "", False),
    (time(2, 20), "中心花园路灯 3 盏不亮，已记录报修", "待工程部白天处理", False),
    (time(4, 30), "巡查消防通道畅通，消防控制室值守正常", "", False),
    (time(6, 40), "垃圾站清运车辆提前到达，已协调保洁开门", "", False),
]
IMPORTANT = [
    (time(1, 10), "4号楼 2 单元消防栓漏水，已关阀，需工程部上午更换阀门", "", True),
    (time(3, 5), "1-1-302 独居老人家属来电联系不上老人，已请保安上门，无人应答", "已联系社区民警", True),
]


DESK_IMPORTANT = ("6-1-801 业主反映楼道有燃气味，已报燃气公司，抢修人员未到", "已开窗通风，禁止明火")


def _officer_for(day: date) -> str:
    if day.weekday() == 6:
        return SUNDAY_OFFICER
    return OFFICERS[day.toordinal() % 2]


def _month_entries(year: int, month: int) -> dict[date, str]:
    first = date(year, month, 1)
    days = (date(year + month // 12, month % 12 + 1, 1) - first).days
    return {first + timedelta(days=i): _officer_for(first + timedelta(days=i)) for i in range(days)}


def _next_month(today: date) -> tuple[int, int]:
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


def _actor(operators: dict[str, int], name: str, role: Role) -> Actor:
    return Actor(operators[name], name, role)


def _role_of(name: str) -> Role:
    return Role.ASSISTANT if name == SUNDAY_OFFICER else Role.DUTY_OFFICER


def _signer(change_side: ShiftKind, shift: duty.Shift, operators: dict[str, int]) -> Actor:
    if change_side is ShiftKind.DAY_DESK:
        return _actor(operators, DESK, Role.RECEPTIONIST)
    name = _officer_for(shift.day)
    return _actor(operators, name, _role_of(name))


def _walk(site: Site, view, actor: Actor, at: datetime, rng: random.Random) -> handover.HandoverView:
    counts = [ItemCount(c.name, c.expected, c.expected) for c in view.state.counts]
    if counts:
        first = counts[0]
        counts[0] = ItemCount(first.name, first.expected, max(0, first.expected - 1), "一台在工程部充电", False)
    view = handover.record_counts(site, actor, view.id, counts, now=at)
    anomalies = rng.choice(["", "", "客服中心东侧窗户插销松动，已报修"])
    return handover.record_review(site, actor, view.id, anomalies, now=at)


def load(db: Database, *, now: datetime, settings: Settings, operators: dict[str, int]) -> str:
    site = Site(settings=settings, db=db, calendar=load_calendar(settings))
    tz: ZoneInfo = site.tz
    rng = random.Random(20261126)
    hours = DutyHours.from_settings(settings)
    today = now.astimezone(tz).date()
    assistant = _actor(operators, ASSISTANT, Role.ASSISTANT)

    # R-DU-5: the roster of the days already past that the demo log and handovers cover, as the
    # assistant had set it then (the past is a record: set_roster no longer writes it).
    with UnitOfWork(db) as uow:
        for offset in range(NIGHTS + 2, 0, -1):
            past = today - timedelta(days=offset)
            if uow.session.get(RosterDay, past) is None:
                uow.session.add(RosterDay(day=past, officer_id=operators[_officer_for(past)],
                                          set_by=assistant.id, set_at=now - timedelta(days=30)))
        uow.commit()

    # R-DU-1: this month (made late, as a site starting today would) and next month.
    months = [(today.year, today.month), _next_month(today)]
    for year, month in months:
        roster.set_roster(site, assistant, year, month, _month_entries(year, month), now=now)

    # The handover done at the previous shift change is signed; the nearest one is under way.
    current = duty.nearest_change(now, tz, site.calendar, hours)
    day = current.at.astimezone(tz).date()
    earlier = [
        change
        for offset in (-2, -1, 0)
        for change in duty.handover_times(day + timedelta(days=offset), site.calendar, hours, tz)
        if change.at < current.at
    ]
    previous = max(earlier, key=lambda change: change.at)

    # R-DU-4: two weeks of nights, written in time order; the assistant signs every working morning.
    moments: list[tuple[datetime, str, str, bool, str]] = []
    for offset in range(NIGHTS, -1, -1):
        day = today - timedelta(days=offset)
        start, _end = duty.shift_for(day, site.calendar, hours, tz)
        officer = _officer_for(day)
        events = rng.sample(EVENTS, k=rng.randint(2, 4))
        if offset in (9, 3, 1, 0):
            events.append(IMPORTANT[offset % 2])
        for at_time, text, follow_up, important in events:
            moment_day = day if at_time >= start.time() else day + timedelta(days=1)
            moment = datetime.combine(moment_day, at_time, tzinfo=tz)
            if start <= moment < now:
                moments.append((moment, officer, text, important, follow_up))
    # The day desk marks one matter important during the shift now handing over.
    if current.outgoing.kind is ShiftKind.DAY_DESK:
        moment = current.outgoing.start + timedelta(hours=5, minutes=50)
        if moment < now:
            moments.append((moment, DESK, DESK_IMPORTANT[0], True, DESK_IMPORTANT[1]))
    moments.sort()

    written = 0
    signed_days: set[date] = set()
    handover_signed = False
    correction_done = False

    def sign_previous_handover() -> None:
        at = previous.at - timedelta(minutes=10)
        outgoing = _signer(previous.outgoing.kind, previous.outgoing, operators)
        incoming = _signer(previous.incoming.kind, previous.incoming, operators)
        view = handover.start_or_resume(site, outgoing, now=at)
        view = _walk(site, view, outgoing, at, rng)
        for item in view.state.items:
            taken = item.important or rng.random() < 0.6
            # R-HO-6: "finished" only for what is finished on its record (the random draws as before).
            finishable = view.finished_on_record(item)
            disposition = Disposition.TAKEN_OVER if taken or not finishable else Disposition.FINISHED
            view = handover.dispose_item(site, outgoing, view.id, item.kind, item.ref_id, disposition, now=at)
        view = handover._sign_outgoing(site, outgoing, view.id, now=previous.at - timedelta(minutes=2))
        handover._sign_incoming(site, incoming, view.id, now=previous.at + timedelta(minutes=3))

    for moment, officer, text, important, follow_up in moments:
        local = moment.astimezone(tz)
        check_at = datetime.combine(local.date(), time(9, 0), tzinfo=tz)
        if (
            local.time() > time(9, 0)
            and local.date() not in signed_days
            and site.calendar.is_working_day(local.date())
            and written
        ):
            dutylog.sign_log(site, assistant, now=check_at)
            signed_days.add(local.date())
        if not handover_signed and moment > previous.at:
            sign_previous_handover()
            handover_signed = True
        role = Role.RECEPTIONIST if officer == DESK else _role_of(officer)
        author = _actor(operators, officer, role)
        entry = dutylog.add_entry(site, author, text, now=moment, follow_up=follow_up, important=important)
        written += 1
        if not correction_done and written == 5:
            dutylog.correct_entry(
                site, author, entry.id, text.replace("已", "已于现场"), now=moment + timedelta(minutes=7)
            )
            written += 1
            correction_done = True
    if not handover_signed:
        sign_previous_handover()

    # The handover of the nearest change: counted and reviewed, the items still to hand over.
    outgoing = _signer(current.outgoing.kind, current.outgoing, operators)
    view = handover.start_or_resume(site, outgoing, now=now)
    _walk(site, view, outgoing, now, rng)

    local_prev, local_cur = previous.at.astimezone(tz), current.at.astimezone(tz)
    return _(
        "duty: roster for {m1} and {m2}; {n} duty-log entries over {nights} nights, signed every working "
        "morning; handover {prev} signed, {cur} in progress"
    ).format(
        m1=f"{months[0][0]}-{months[0][1]:02d}",
        m2=f"{months[1][0]}-{months[1][1]:02d}",
        n=written,
        nights=NIGHTS + 1,
        prev=local_prev.strftime("%m-%d %H:%M"),
        cur=local_cur.strftime("%m-%d %H:%M"),
    )
