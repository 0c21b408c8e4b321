"""Issue 14, point 5: every role on every service action, on a real SQLite file (R-RO-1, R-LC-1, R-SV-4,
R-DU-5, R-HO-3, R-HO-4, R-VI-5, R-PD-2, R-SEC-1).

The expectations are docs/DOMAIN.md's tables written out here as data (``DOMAIN_*`` below), not read
from the code under test: the code's tables (``domain.permissions.PERMISSIONS`` and
``domain.tickets.lifecycle.LIFECYCLE``) only say *which* cases exist, and a case the data below does not
cover fails the test. Each case is tried through the services: an allowed role's action goes through,
a refused role's raises the rule (and changes nothing, since the next role tries the same row).

``now`` is 10:00 on Wednesday 25 November 2026 (office hours); the off-hours rows run at 20:00 the
same day, when 赵强 is the rostered duty officer and 孙伟, also a duty officer, is not (R-DU-5).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select
from test_duty_support import PASSWORD, add_roster
from test_tickets_fixtures import BASE_DRAFT
from test_tickets_fixtures import site as site  # noqa: F401  (fixture: the estate and a site)

from frontdesk_tui.data.tables import Operator
from frontdesk_tui.domain import permissions
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Action, Role, Status
from frontdesk_tui.domain.duty.handover import ItemCount
from frontdesk_tui.domain.errors import DomainError, RuleError
from frontdesk_tui.domain.tickets import lifecycle
from frontdesk_tui.services import tickets
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.duty import handover, roster
from frontdesk_tui.services.duty import log as dutylog
from frontdesk_tui.services.site import operators
from frontdesk_tui.services.site.passwords import hash_password
from frontdesk_tui.services.supervision import reports
from frontdesk_tui.services.uow import UnitOfWork

SH = ZoneInfo("Asia/Shanghai")
OFFICE = datetime(2026, 11, 25, 10, 0, tzinfo=SH)  # Wednesday, a working day: the day desk works
OFF_HOURS = datetime(2026, 11, 25, 20, 0, tzinfo=SH)  # duty hours (R-DU-2): 赵强 is on the roster
T0 = datetime(2026, 11, 18, 9, 0, tzinfo=SH)  # tickets are received a week earlier
STEP = timedelta(minutes=10)

#: The roles tried on every action (name, role, department). "staff" is staff of the tickets'
#: department (engineering); "staff_other" of another one; "duty_officer" is rostered tonight,
#: "duty_other" is a duty officer who is not.
PEOPLE: dict[str, tuple[str, Role, str]] = {
    "receptionist": ("陈晓燕", Role.RECEPTIONIST, "service_centre"),
    "duty_officer": ("赵强", Role.DUTY_OFFICER, "service_centre"),
    "duty_other": ("孙伟", Role.DUTY_OFFICER, "service_centre"),
    "staff": ("周师傅", Role.STAFF, "engineering"),
    "staff_other": ("吴秀兰", Role.STAFF, "sanitation"),
    "assistant": ("李娜", Role.ASSISTANT, "property"),
    "director": ("张建国", Role.DIRECTOR, "property"),
}
ROLES = tuple(PEOPLE)
#: Not tried as a role: the author of the events the ``correct`` rows correct, and a disabled operator.
AUTHOR = ("刘婷", Role.RECEPTIONIST, "service_centre")
DISABLED = ("老马", Role.STAFF, "engineering")

# --- docs/DOMAIN.md, written out ------------------------------------------------------------------
# "People and roles": desk = receptionist or duty officer; "staff" = staff of the ticket's department;
# assistant and director may do everything desk and staff may; the director all an assistant may.
_DESK = {"receptionist", "duty_officer", "duty_other"}
_STAFF = {"staff"}
_MANAGERS = {"assistant", "director"}
_OPEN = ("received", "assessed", "assigned", "investigating", "planned", "in_progress", "result_reported")
_ASSIGNED_TO_REPORTED = ("assigned", "investigating", "planned", "in_progress", "result_reported")
_ASSIGNED_TO_IN_PROGRESS = ("assigned", "investigating", "planned", "in_progress")

#: The lifecycle table: (from statuses, action, to (None: unchanged), who). "duty_off_hours" is the
#: duty officer off duty hours — under R-DU-5 only the rostered one (or the stand-in).
DOMAIN_LIFECYCLE: list[tuple[tuple[str, ...], str, str | None, set[str]]] = [
    (("received",), "answer", "answered", {"desk"}),
    (("received",), "assess", "assessed", {"desk"}),
    (("assessed",), "assign", "assigned", {"assistant", "duty_off_hours"}),
    (("assigned",), "investigate", "investigating", {"staff"}),
    (("investigating",), "plan", "planned", {"staff"}),
    (("planned",), "start", "in_progress", {"staff"}),
    (("in_progress",), "report", "result_reported", {"staff", "desk"}),
    (("result_reported",), "confirm", "closed", {"desk"}),
    (("result_reported",), "reopen", "planned", {"desk"}),
    (("result_reported",), "close-unreachable", "closed", {"assistant"}),
    (("closed",), "follow-up", None, {"desk"}),
    (("closed",), "reopen", "planned", {"assistant"}),
    (_OPEN, "withdraw", "withdrawn", {"desk"}),
    (_OPEN, "invalidate", "invalid", {"assistant"}),
    (_OPEN, "escalate", None, {"anyone"}),
    (_OPEN, "contact", None, {"anyone"}),
    (_OPEN, "note", None, {"anyone"}),
    (_ASSIGNED_TO_REPORTED, "reassign", None, {"assistant", "duty_off_hours"}),
    (_ASSIGNED_TO_IN_PROGRESS, "extend", None, {"assistant"}),
    (_ASSIGNED_TO_IN_PROGRESS, "pause", None, {"staff", "assistant"}),
    (_ASSIGNED_TO_IN_PROGRESS, "resume", None, {"staff", "assistant"}),
    (_ASSIGNED_TO_IN_PROGRESS, "on-site", None, {"desk", "staff"}),
    (_ASSIGNED_TO_IN_PROGRESS, "under-control", None, {"desk", "staff"}),
    (_OPEN, "revise-expected", None, {"desk", "staff"}),  # emergency, open (R-EM-4)
    (("in_progress", "result_reported", "closed"), "summary", None, {"assistant"}),
    (tuple(s.value for s in Status), "correct", None, {"author", "assistant"}),
]
#: R-SV-4: on a major ticket these need the director (the whole "who" of the row).
DOMAIN_MAJOR_DIRECTOR = {"assign", "reassign", "extend", "invalidate", "close-unreachable"}
#: "emergency, assigned … in_progress": only emergencies have these clocks.
DOMAIN_EMERGENCY_ONLY = {"on-site", "under-control", "revise-expected"}


def domain_allows(who: set[str], role: str, *, major: bool, action: str, off_hours: bool) -> bool:
    """Whether DOMAIN.md lets ``role`` take a lifecycle action whose "who" is ``who``."""
    if major and action in DOMAIN_MAJOR_DIRECTOR:
        return role == "director"
    allowed: set[str] = set(_MANAGERS) if who & {"desk", "staff", "anyone", "assistant"} else set()
    if "anyone" in who:
        allowed |= set(ROLES)
    if "desk" in who:
        allowed |= _DESK
    if "staff" in who:
        allowed |= _STAFF
    if "duty_off_hours" in who and off_hours:
        allowed.add("duty_officer")  # R-DU-5: the rostered one only, not duty_other
    return role in allowed


#: The other actions, from "People and roles", R-DU-*, R-HO-*, R-VI-*, R-PD-2 and the README's
#: security section (R-SEC-1). ``(design)`` marks what DOMAIN.md leaves to the permissions module's
#: documented decisions.
DOMAIN_ACTIONS: dict[str, set[str]] = {
    # desk take complaints on every channel; assistant and director all of the above.
    "ticket.intake": _DESK | _MANAGERS,
    # (design, R-IN-1 "found by staff"): staff record their own finds, not an emergency (R-EM-1).
    "ticket.intake.staff_channel": _DESK | _MANAGERS | {"staff", "staff_other"},
    "ticket.intake.emergency": _DESK | _MANAGERS,
    # R-DU-4 / R-DU-5: the desk writes the log during the day desk's hours …
    "duty_log.write": _DESK | _MANAGERS,
    # … off duty hours only the officer on duty among the desk; managers at any hour.
    "duty_log.write.off_hours": {"duty_officer"} | _MANAGERS,
    "duty_log.check": _MANAGERS,  # the assistant's morning check
    # R-HO-1…4: the day desk and the duty officer sign (the duty side: the rostered one, R-DU-5).
    "handover.start": _DESK | _MANAGERS,
    "handover.sign.day_desk_side": _DESK | _MANAGERS,
    "handover.sign.duty_side": {"duty_officer"} | _MANAGERS,
    "handover.override": _MANAGERS,  # R-HO-3
    "roster.set": _MANAGERS,  # R-DU-1
    "roster.approve_swap": _MANAGERS,  # R-DU-1
    "roster.stand_in": _MANAGERS,  # R-DU-5
    "violation.record": set(ROLES),  # R-VI-5: anyone on the staff
    "violation.persuade": set(ROLES),  # R-VI-5
    "violation.handle": _MANAGERS,  # general violations: the assistant
    "violation.handle_major": {"director"},
    "violation.sign": {"director"},  # every handling opinion beyond persuasion
    "violation.export": _MANAGERS,  # R-VI-7 (design: those who handle violations)
    "report.monthly": _MANAGERS,  # R-KP-1 (the assistant's and the director's; it assesses handlers)
    "records.purge": {"director"},  # R-PD-2 (design: the director)
    # (design) DOMAIN.md does not say who may look before a purge: the duty log's dry run needs no
    # sign-in (it lists entry ids), the violation register's lists violators' names: the director's.
    "records.purge.dry_run.duty_log": set(ROLES),
    "records.purge.dry_run.violations": {"director"},
    "operator.add": {"director"},
    "operator.disable": {"director"},
    "operator.unlock": {"director"},  # R-SEC-1
    "operator.passwd": {"director"},  # another operator's password …
    "operator.passwd.own": set(ROLES),  # … and everyone their own
}

#: Refusals name one of these rules (R-RO-1, and the rules that refine it).
REFUSAL_RULES = {"R-RO-1", "R-LC-3", "R-DU-5", "R-VI-5", "R-HO-3", "R-HO-4"}

#: Fields each lifecycle action records, valid for every case below.
FIELDS: dict[str, dict[str, Any]] = {
    "answer": {"note": "物业费标准已解释"},
    "assess": {"complexity": "moderate", "severity": "minor", "department": "engineering"},
    "assign": {"department": "engineering", "handler": "周师傅"},
    "investigate": {"note": "上门查看"},
    "plan": {"note": "明天更换"},
    "start": {},
    "report": {"note": "已更换", "how_told": "phone"},
    "confirm": {},
    "reopen": {"reason": "业主不满意"},
    "close-unreachable": {"note": "两次联系未果"},
    "follow-up": {"satisfaction": "satisfied"},
    "withdraw": {"note": "业主撤回"},
    "invalidate": {"reason": "非有效投诉"},
    "escalate": {"called": "李娜", "owner_agreed": True},  # R-IN-8a
    "contact": {"note": "已电话告知进展"},
    "note": {"note": "内部备注"},
    "reassign": {"department": "sanitation", "reason": "换人"},
    "extend": {"reason": "等配件", "owner_told": True, "working_days": 10},
    "pause": {"reason": "等业主在家"},
    "resume": {},
    "on-site": {},
    "under-control": {},
    "revise-expected": {"expected_at": OFFICE + timedelta(hours=4), "reason": "需外部支援", "owner_told": True},
    "summary": {"cause": "接头老化", "improvement": "定期巡检"},
}


# --- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch) -> None:
    """The matrix is about who may act, not about hashing: passwords hash and verify with cheap
    argon2 parameters here, as in the CLI fuzz test (the hashing itself: test_sign_in_security.py)."""
    from argon2 import PasswordHasher

    from frontdesk_tui.services.site import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def db(sqlite_db):
    """A real SQLite file (the matrix is about the rules, which do not depend on the engine)."""
    return sqlite_db


@pytest.fixture
def people(site) -> dict[str, Actor]:
    found: dict[str, Actor] = {}
    hashed = hash_password(PASSWORD)
    with UnitOfWork(site.db) as uow:
        for key, (name, role, dept) in {**PEOPLE, "author": AUTHOR, "disabled": DISABLED}.items():
            row = Operator(
                name=name,
                role=role.value,
                department=dept,
                password_hash=hashed,
                created_at=T0 - timedelta(days=30),
                active=key != "disabled",
            )
            uow.session.add(row)
            uow.session.flush()
            assert row.id is not None
            found[key] = Actor(row.id, name, role, dept)
        uow.commit()
    # R-DU-5: 赵强 is the rostered duty officer for the whole month; 孙伟 is on no day.
    add_roster(site.db, found["assistant"], {
        **{date(2026, 11, d): found["duty_officer"] for d in range(1, 31)},
        **{date(2026, 12, d): found["duty_officer"] for d in range(1, 6)},
    })
    return found


@dataclass
class Outcomes:
    """What happened against what DOMAIN.md says; every mismatch is listed at the end."""

    mismatches: list[str] = field(default_factory=list)
    tried: int = 0

    def check(self, case: str, role: str, expected: bool, attempt) -> Any:
        self.tried += 1
        try:
            result = attempt()
        except RuleError as exc:
            if expected:
                self.mismatches.append(f"{case}: {role} refused ({exc.rule}: {exc.reason[:120]}), DOMAIN.md allows")
            elif exc.rule not in REFUSAL_RULES:
                self.mismatches.append(f"{case}: {role} refused under {exc.rule}, not a role rule: {exc.reason[:120]}")
            return None
        except DomainError as exc:  # InputError, NotFound: the case itself is wrong
            self.mismatches.append(f"{case}: {role} got {type(exc).__name__} {exc}")
            return None
        if not expected:
            self.mismatches.append(f"{case}: {role} allowed, DOMAIN.md refuses")
        return result


# --- tickets ---------------------------------------------------------------------------------------


class Walker:
    """Brings a fresh ticket to a status through the services, acting as the table allows."""

    def __init__(self, site, people) -> None:
        self.site, self.p = site, people
        self.n = 0

    def ticket(self, status: str, *, major: bool = False, emergency: bool = False, **changes: Any) -> int:
        self.n += 1
        at = T0 + timedelta(minutes=self.n % 50)
        units = ("3-2-1201", "3-2-1202", "1-1-101", "5-1-302")
        changes.setdefault("unit", units[self.n % 4])
        draft = replace(
            BASE_DRAFT, description=f"卫生间漏水 {self.n}", emergency=emergency, received_at=at, **changes
        )
        tid = tickets.record_complaint(self.site, self.p["author"], draft, now=at, force_new=True).ticket_id
        severity = "major" if major else "minor"
        steps: list[tuple[str, str, dict[str, Any]]] = [] if emergency else [
            ("author", "assess", {**FIELDS["assess"], "severity": severity}),
            ("director", "assign", FIELDS["assign"]),
        ]
        steps += [
            ("staff", "investigate", FIELDS["investigate"]),
            ("staff", "plan", FIELDS["plan"]),
            ("staff", "start", {}),
            ("assistant", "summary", FIELDS["summary"]),
            ("staff", "report", FIELDS["report"]),
            ("author", "confirm", {}),
        ]
        current = tickets.get_ticket(self.site, self.p["director"], tid, now=at).status
        for who, action, fields in steps:
            if current == status:
                break
            if action == "summary" and not (major or emergency):
                continue
            at += STEP
            current = tickets.act(self.site, self.p[who], tid, action, fields, now=at).status
        assert current == status, (status, current)
        return tid

    def act(self, who: str, tid: int, action: str, fields: dict[str, Any], now: datetime) -> str:
        return tickets.act(self.site, self.p[who], tid, action, fields, now=now).status


def _ticket_cases() -> list[tuple[str, str, bool, bool, bool]]:
    """(status, action, major, emergency, off_hours) for every row of the code's lifecycle table:
    its first and last source status, minor and (R-SV-4) major, and the off-hours variant of the
    rows a duty officer may take off duty hours only."""
    cases = []
    for row in lifecycle.LIFECYCLE:
        action = row.action.value
        sources = [s.value for s in row.sources]
        if row.emergency_only:  # an emergency is assigned at intake (R-EM-1)
            sources = [s for s in sources if s not in ("received", "assessed")]
        picks = dict.fromkeys([sources[0], sources[-1]])
        emergency = row.emergency_only
        for status in picks:
            if status in ("answered", "withdrawn", "invalid") and action == "correct":
                continue  # an ended ticket: one is enough (closed is covered)
            cases.append((status, action, False, emergency, False))
            if row.major_director and status != "received":  # a severity is set at ``assess``
                cases.append((status, action, True, emergency, False))
            if lifecycle.Who.DUTY_OFF_HOURS in row.who:
                cases.append((status, action, False, emergency, True))
                cases.append((status, action, True, emergency, True))
    return cases


def _domain_row(status: str, action: str):
    rows = [r for r in DOMAIN_LIFECYCLE if r[1] == action and status in r[0]]
    assert len(rows) == 1, f"DOMAIN.md has {len(rows)} rows for {action} from {status}"
    return rows[0]


def _prepare(w: Walker, status: str, action: str, *, major: bool, emergency: bool) -> tuple[int, dict[str, Any]]:
    """A ticket at ``status`` on which ``action`` fails for no reason but the role."""
    tid = w.ticket(status, major=major, emergency=emergency)
    fields = dict(FIELDS.get(action, {}))
    late = T0 + timedelta(days=1)
    if action == "resume":
        w.act("assistant", tid, "pause", FIELDS["pause"], late)
    if action == "close-unreachable":  # (design) 2 contact attempts over 3 working days
        w.act("author", tid, "contact", FIELDS["contact"], late)
        w.act("author", tid, "contact", FIELDS["contact"], late + timedelta(days=1))
    if action == "reopen" and status == "closed":  # R-LC-5: after a 不满意 follow-up
        w.act("author", tid, "follow-up", {"satisfaction": "dissatisfied"}, late)
    if action == "under-control":
        pass
    if action == "correct":
        with UnitOfWork(w.site.db, write=False) as uow:
            from frontdesk_tui.data.tables_tickets import TicketEvent

            event = uow.session.exec(
                select(TicketEvent).where(TicketEvent.ticket_id == tid, TicketEvent.kind == "received")
            ).one()
        fields = {"corrects": event.id, "note": "时间记错"}
    return tid, fields


def _expected_after(status: str, action: str, target: str | None) -> str:
    return target if target is not None else status


def test_role_matrix_every_role_on_every_action_as_domain_md_says(site, people) -> None:
    """The one table-driven test of issue 14 point 5 (R-RO-1, R-LC-1, R-SV-4, R-DU-5, R-HO-3/4,
    R-VI-5, R-PD-2, R-SEC-1)."""
    out = Outcomes()
    # The code's tables are the ones DOMAIN.md writes out: same rows, same sources, same targets.
    code_rows = {(tuple(s.value for s in r.sources), r.action.value, r.target.value if r.target else None)
                 for r in lifecycle.LIFECYCLE}
    doc_rows = {(srcs, a, to) for srcs, a, to, _ in DOMAIN_LIFECYCLE}
    assert code_rows == doc_rows
    assert {r.action.value for r in lifecycle.LIFECYCLE if r.major_director} == DOMAIN_MAJOR_DIRECTOR
    assert {r.action.value for r in lifecycle.LIFECYCLE if r.emergency_only} == DOMAIN_EMERGENCY_ONLY
    assert set(FIELDS) | {"correct"} == {a.value for a in Action}

    # The handovers first, while the queue holds nothing important (R-HO-3 would block the signing).
    _handover_actions(site, people, out)
    # Tickets: every row, every role.
    w = Walker(site, people)
    for status, action, major, emergency, off_hours in _ticket_cases():
        _, _, target, who = _domain_row(status, action)
        now = OFF_HOURS if off_hours else OFFICE
        case = f"ticket {action} from {status}{' major' if major else ''}{' emergency' if emergency else ''}" + (
            " off hours" if off_hours else ""
        )
        expect = {r: domain_allows(who, r, major=major, action=action, off_hours=off_hours) for r in ROLES}
        shared, fields = _prepare(w, status, action, major=major, emergency=emergency)
        for role in ROLES:
            if expect[role]:
                continue
            out.check(case, role, False, partial(w.act, role, shared, action, fields, now))
        after = _expected_after(status, action, target)
        left = tickets.get_ticket(site, people["director"], shared, now=now).status
        if left != status:
            out.mismatches.append(f"{case}: the refusals left the ticket {left}")
        for role in ROLES:
            if not expect[role]:
                continue
            tid, fields = _prepare(w, status, action, major=major, emergency=emergency)
            got = out.check(case, role, True, partial(w.act, role, tid, action, fields, now))
            if got is not None and got != after:
                out.mismatches.append(f"{case}: {role} left it {got}, DOMAIN.md says {after}")
        if action == "correct":  # R-LC-3: the author of the event corrects it too
            tid, fields = _prepare(w, status, action, major=major, emergency=emergency)
            out.check(case, "author", True, partial(w.act, "author", tid, action, fields, now))

    _non_ticket_actions(site, people, out)
    assert out.tried > 500
    assert not out.mismatches, "\n".join(out.mismatches)


# --- everything else -------------------------------------------------------------------------------


def _each(out: Outcomes, people, name: str, attempt, roles=ROLES) -> None:
    for role in roles:
        out.check(name, role, role in DOMAIN_ACTIONS[name], lambda r=role: attempt(r, people[r]))


def _non_ticket_actions(site, people, out: Outcomes) -> None:
    # Every row of the code's permissions table has an expectation here (an action added there
    # without one fails), except the rehearsal scan, which only the command line offers.
    covered = {name.split(".")[0] + "." + name.split(".")[1] for name in DOMAIN_ACTIONS}
    missing = set(permissions.PERMISSIONS) - covered - {"escalation.rehearse", "violation.record"}
    assert not missing, f"actions with no DOMAIN.md expectation in this test: {sorted(missing)}"

    # Intake on every channel (R-IN-1, R-EM-1).
    n = iter(range(10_000))

    def intake(**changes):
        def attempt(role, actor):
            k = next(n)
            d = replace(BASE_DRAFT, unit=("1-1-101", "5-1-302")[k % 2], description=f"新投诉 {k}", **changes)
            return tickets.record_complaint(site, actor, d, now=OFFICE, force_new=True)

        return attempt

    _each(out, people, "ticket.intake", intake())
    _each(out, people, "ticket.intake.staff_channel", intake(channel="staff"))
    _each(out, people, "ticket.intake.emergency", intake(emergency=True))

    # The duty log (R-DU-4, R-DU-5), in office hours and off duty hours.
    _each(out, people, "duty_log.write", lambda r, a: dutylog.add_entry(site, a, f"{r} 巡查正常", now=OFFICE))
    _each(
        out,
        people,
        "duty_log.write.off_hours",
        lambda r, a: dutylog.add_entry(site, a, f"{r} 夜间巡查", now=OFF_HOURS),
    )
    _each(out, people, "duty_log.check", lambda r, a: dutylog.sign_log(site, a, now=OFFICE))

    # Roster (R-DU-1) and the stand-in (R-DU-5).
    december = {date(2026, 12, d): people["duty_officer"].id for d in range(1, 32)}
    _each(out, people, "roster.set", lambda r, a: roster.set_roster(site, a, 2026, 12, december, now=OFFICE))
    swaps: dict[str, int] = {}
    for role in ROLES:
        swaps[role] = roster.request_swap(
            site, people["duty_officer"], date(2026, 11, 27), people["duty_other"].id, now=OFFICE
        ).id
    _each(
        out,
        people,
        "roster.approve_swap",
        lambda r, a: roster.decide_swap(site, a, swaps[r], False, now=OFFICE, reason="不批"),
    )
    _each(
        out,
        people,
        "roster.stand_in",
        lambda r, a: roster.record_stand_in(site, a, date(2026, 11, 28), "孙伟", "赵强病假", now=OFFICE),
    )

    _violation_actions(site, people, out)
    _operator_actions(site, people, out)


def _counts(view):
    return [ItemCount(c.name, c.expected, c.expected) for c in view.state.counts]


def _handover_actions(site, people, out: Outcomes) -> None:
    """R-HO-1…4 at the 17:30 change (day desk → duty officer) of 25 November; R-DU-5 on the duty side."""
    before_change = datetime(2026, 11, 25, 17, 20, tzinfo=SH)
    _each(out, people, "handover.start", lambda r, a: handover.start_or_resume(site, a, now=before_change))
    view = handover.start_or_resume(site, people["receptionist"], now=before_change)
    view = handover.record_counts(site, people["receptionist"], view.id, _counts(view), now=before_change)
    view = handover.record_review(site, people["receptionist"], view.id, "", now=before_change)
    hid = view.id
    # The day desk's side: try every role; an allowed one is undone before the next tries.
    for role in ROLES:
        name = PEOPLE[role][0]
        got = out.check(
            "handover.sign.day_desk_side",
            role,
            role in DOMAIN_ACTIONS["handover.sign.day_desk_side"],
            lambda n=name: handover.sign_outgoing(site, hid, name=n, password=PASSWORD, now=before_change),
        )
        if got is not None:
            handover.withdraw_outgoing(site, people["director"], hid, now=before_change)
    handover.sign_outgoing(site, hid, name="陈晓燕", password=PASSWORD, now=before_change)
    # The duty side (R-DU-5): refused roles first; the allowed ones each on their own handover.
    for role in ROLES:
        if role in DOMAIN_ACTIONS["handover.sign.duty_side"]:
            continue
        name = PEOPLE[role][0]
        out.check(
            "handover.sign.duty_side",
            role,
            False,
            lambda n=name: handover.sign_incoming(site, hid, name=n, password=PASSWORD, now=before_change),
        )
    for k, role in enumerate(sorted(DOMAIN_ACTIONS["handover.sign.duty_side"])):
        # A handover of its own: the 17:30 change of a later working day.
        at = datetime.combine((date(2026, 11, 26), date(2026, 11, 27), date(2026, 12, 1))[k], time(17, 20), SH)
        v = handover.start_or_resume(site, people["receptionist"], now=at)
        v = handover.record_counts(site, people["receptionist"], v.id, _counts(v), now=at)
        v = handover.record_review(site, people["receptionist"], v.id, "", now=at)
        handover.sign_outgoing(site, v.id, name="陈晓燕", password=PASSWORD, now=at)
        out.check(
            "handover.sign.duty_side",
            role,
            True,
            lambda n=PEOPLE[role][0], h=v.id, t=at: handover.sign_incoming(site, h, name=n, password=PASSWORD, now=t),
        )
    # R-HO-4: a signature with someone else's password, or a disabled operator's, is refused.
    at = datetime(2026, 11, 30, 17, 20, tzinfo=SH)
    v = handover.start_or_resume(site, people["receptionist"], now=at)
    v = handover.record_counts(site, people["receptionist"], v.id, _counts(v), now=at)
    v = handover.record_review(site, people["receptionist"], v.id, "", now=at)
    with UnitOfWork(site.db) as uow:  # 刘婷's password is not 陈晓燕's
        row = uow.session.exec(select(Operator).where(Operator.name == "刘婷")).one()
        row.password_hash = hash_password("liu-ting-own")
        uow.commit()
    for name, password in (("陈晓燕", "liu-ting-own"), ("老马", PASSWORD), ("无此人", PASSWORD)):
        with pytest.raises(RuleError) as refused:
            handover.sign_outgoing(site, v.id, name=name, password=password, now=at)
        assert refused.value.rule == "R-HO-4", (name, refused.value)
    assert handover.get_handover(site, v.id).state.outgoing_id is None
    # R-HO-3: only an assistant or the director overrides, proved by their own password.
    for role in ROLES:
        out.check(
            "handover.override",
            role,
            role in DOMAIN_ACTIONS["handover.override"],
            lambda n=PEOPLE[role][0]: handover.set_override(
                site, v.id, name=n, password=PASSWORD, reason="紧急情况已交代", now=at
            ),
        )
    with pytest.raises(RuleError) as refused:
        handover.set_override(site, v.id, name="李娜", password="not-hers", reason="x", now=at)
    assert refused.value.rule == "R-HO-4"


def _violation_actions(site, people, out: Outcomes) -> None:
    """R-VI-5: anyone records and persuades; the assistant handles general, the director major
    violations and signs; R-VI-7 the export; R-VI-8/R-PD-2 the purge."""
    d = people["director"]

    def record(actor, *, major=False):
        kind, facts = ("renovation", "擅自拆改承重墙") if major else ("sanitation", "在楼道乱丢垃圾")
        return vs.record_violation(
            site, actor, unit="3-2-1201", violator="王先生", kind=kind, facts=facts, now=OFFICE
        ).violation

    _each(out, people, "violation.record", lambda r, a: record(a))
    general = record(d)
    _each(
        out,
        people,
        "violation.persuade",
        lambda r, a: vs.propose_measure(site, a, general.id, "persuasion", basis="现场劝导", now=OFFICE),
    )
    deadline = OFFICE + timedelta(days=7)
    _each(
        out,
        people,
        "violation.handle",
        lambda r, a: vs.propose_measure(
            site, a, record(d).id, "rectification", basis="限期清理", effective_at=deadline, now=OFFICE
        ),
    )
    _each(
        out,
        people,
        "violation.handle_major",
        lambda r, a: vs.propose_measure(
            site, a, record(d, major=True).id, "rectification", basis="恢复原状", effective_at=deadline, now=OFFICE
        ),
    )
    pending = []
    for _role in ROLES:
        v = record(d)
        m = vs.propose_measure(site, d, v.id, "rectification", basis="限期清理", effective_at=deadline, now=OFFICE)
        pending.append((v.id, m.measure_id))
    slots = dict(zip(ROLES, pending, strict=True))
    _each(
        out,
        people,
        "violation.sign",
        lambda r, a: vs.sign_measure(site, a, slots[r][0], slots[r][1], now=OFFICE),
    )
    # R-VI-7: a signed compensation to export.
    v = record(d, major=True)
    vs.record_fact(site, d, v.id, "committee-support", now=OFFICE)
    m = vs.propose_measure(site, d, v.id, "compensation", basis="赔偿", amount=Decimal("100"), now=OFFICE)
    vs.sign_measure(site, d, v.id, m.measure_id, now=OFFICE)
    _each(out, people, "violation.export", lambda r, a: vs.finance_rows(site, a, 2026, 11))
    _each(out, people, "report.monthly", lambda r, a: reports.monthly_report_for(site, a, 2026, 11, now=OFFICE))
    # R-PD-2: purges (nothing is old enough: the permission is what is tried).
    before = date(2026, 1, 1)
    _each(
        out,
        people,
        "records.purge.dry_run.violations",
        lambda r, a: vs.purge_violations(site, a, before=before, now=OFFICE, dry_run=True),
    )
    _each(
        out,
        people,
        "records.purge",
        lambda r, a: vs.purge_violations(site, a, before=before, now=OFFICE, dry_run=False),
    )
    old = datetime(2022, 1, 1, tzinfo=UTC)
    _each(out, people, "records.purge", lambda r, a: dutylog.purge(site, a, old, now=OFFICE, dry_run=False))
    _each(out, people, "records.purge.dry_run.duty_log", lambda r, a: dutylog.purge(site, a, old, now=OFFICE, dry_run=True))


def _operator_actions(site, people, out: Outcomes) -> None:
    """Operators: the director adds, disables and unlocks (R-SEC-1); a password is the director's to
    change, or one's own."""
    db = site.db
    _each(
        out,
        people,
        "operator.add",
        lambda r, a: operators.add_operator(
            db, a, name=f"新人{r}", role="receptionist", password="a-long-password", now=OFFICE,
            department="service_centre",
        ),
    )
    for role in ROLES:
        operators.add_operator(
            db, people["director"], name=f"临时{role}", role="staff", password="a-long-password", now=OFFICE,
            department="engineering",
        )
    _each(out, people, "operator.disable", lambda r, a: operators.disable_operator(db, a, f"临时{r}", now=OFFICE))
    _each(out, people, "operator.unlock", lambda r, a: operators.unlock_operator(db, a, "刘婷", now=OFFICE))
    _each(
        out,
        people,
        "operator.passwd",
        lambda r, a: operators.change_password(db, a, "刘婷", "another-long-one", now=OFFICE),
    )
    _each(
        out,
        people,
        "operator.passwd.own",
        lambda r, a: operators.change_password(db, a, a.name, PASSWORD, now=OFFICE),
    )


def test_disabled_operator_and_wrong_passwords_are_refused_everywhere(site, people) -> None:
    """R-SEC-1, R-RO-1: a disabled operator does not sign in (the app, ``--as``, the handover), is no
    stand-in and no handler; a wrong password never signs anyone in."""
    from frontdesk_tui.services.site.operators import SignInFailed

    db = site.db
    for name, password in (("老马", PASSWORD), ("陈晓燕", "wrong"), ("陈晓燕", ""), ("无此人", PASSWORD)):
        with pytest.raises(SignInFailed):
            operators.sign_in(db, name, password, tz=site.tz)
    assert operators.sign_in(db, "陈晓燕", PASSWORD, tz=site.tz).name == "陈晓燕"
    with pytest.raises(DomainError):
        roster.record_stand_in(site, people["assistant"], date(2026, 11, 28), "老马", "病假", now=OFFICE)
    w = Walker(site, people)
    tid = w.ticket("assessed")
    with pytest.raises(DomainError):
        tickets.act(
            site, people["assistant"], tid, "assign", {"department": "engineering", "handler": "老马"}, now=OFFICE
        )
    # Disabling takes effect at the next sign-in: the director disables 陈晓燕, who can no longer.
    operators.disable_operator(db, people["director"], "陈晓燕", now=OFFICE)
    with pytest.raises(SignInFailed):
        operators.sign_in(db, "陈晓燕", PASSWORD, tz=site.tz)
