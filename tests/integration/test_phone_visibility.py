"""Issue 14, point 5, second table: what each role sees of an owner's phone (R-PD-1, R-PD-3) in every
list, view, export and JSON the services give, on a real SQLite file.

R-PD-3 written out: a signed-in role that needs phones (desk, assistant, director) sees them whole;
staff and nobody signed in see them masked (138****5678). Surfaces that carry no phone (reports, the
violation register, the inbox, the supervision board) must not show one in any form.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, is_dataclass
from typing import Any

import openpyxl
import pytest
from test_role_matrix import OFFICE, PEOPLE, Walker
from test_role_matrix import db as db  # noqa: F401  (fixtures)
from test_role_matrix import people as people  # noqa: F401
from test_role_matrix import site as site  # noqa: F401

from frontdesk_tui.services import tickets
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.site.inbox import list_inbox
from frontdesk_tui.services.supervision import reports
from frontdesk_tui.services.supervision.board import supervision_board
from frontdesk_tui.services.tickets import escalation, followups, queue

PHONE, PHONE_MASKED = "13812345678", "138****5678"  # the owner's (BASE_DRAFT, and 王芳 in the estate)
CONTACT, CONTACT_MASKED = "13900001111", "139****1111"  # "how to reach them" (R-IN-2)

#: R-PD-3, written out: who sees phones whole. Everyone else (and ``None``, nobody signed in) masked.
DOMAIN_SEES_WHOLE = {"receptionist", "duty_officer", "duty_other", "assistant", "director"}
VIEWERS = (*PEOPLE, None)


def _text(value: Any) -> str:
    """Everything a surface hands out, as text (its JSON when it has one)."""
    if hasattr(value, "to_json"):
        try:
            return json.dumps(value.to_json(), ensure_ascii=False, default=str)
        except TypeError:
            return json.dumps(value.to_json(OFFICE.tzinfo), ensure_ascii=False, default=str)
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return json.dumps(asdict(value), ensure_ascii=False, default=str)
    return str(value)


def _forms(text: str) -> set[str]:
    """Which forms of the two numbers a text holds."""
    found = set()
    digits = text.replace(" ", "").replace("-", "")
    if PHONE in digits or CONTACT in digits:
        found.add("whole")
    if PHONE_MASKED in text or CONTACT_MASKED in text:
        found.add("masked")
    return found


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        " ".join(str(c) for c in row if c is not None) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
    )


@pytest.fixture
def world(site, people):
    """An open ticket assigned to 周师傅 (overdue, so it reaches inboxes and the board), a closed one
    whose follow-up visit is due, a violation of the same unit, and the escalation scan run."""
    w = Walker(site, people)
    open_id = w.ticket("in_progress", contact=CONTACT, unit="3-2-1201")
    closed_id = w.ticket("closed", contact=CONTACT, unit="3-2-1201")
    vs.record_violation(
        site, people["director"], unit="3-2-1201", violator="王芳", kind="sanitation", facts="楼道堆物", now=OFFICE
    )
    escalation.run_escalation_scan(site, now=OFFICE)
    return {"open": open_id, "closed": closed_id}


def _surfaces(site, actor, world) -> dict[str, tuple[str, bool]]:
    """surface -> (what it hands ``actor``, whether it carries the owner's phone at all)."""
    out: dict[str, tuple[str, bool]] = {}
    page = queue.load_page(site.db, actor, queue.QueueFilter(), now=OFFICE, tz=site.tz, calendar=site.calendar)
    out["queue"] = (_text(list(page.rows)), True)
    view = tickets.get_ticket(site, actor, world["open"], now=OFFICE)
    out["ticket show (view)"] = (_text(view), True)
    out["ticket show --json"] = (json.dumps(view.to_json(), ensure_ascii=False, default=str), True)
    listed = tickets.list_tickets(site, actor, now=OFFICE, status="all")
    out["ticket list --json"] = (json.dumps([t.to_json() for t in listed], ensure_ascii=False, default=str), True)
    out["owner history (intake)"] = (_text(tickets.owner_history(site, actor, now=OFFICE, unit="3-2-1201")), True)
    out["owner lookup (intake)"] = (_text(tickets.lookup_owners(site, "3-2-1201", actor=actor)), True)
    due = followups.follow_ups_due(site, actor, now=OFFICE)
    out["follow-ups"] = (_text(due), True)
    out["follow-up script"] = ("\n".join(followups.follow_up_script(i) for i in due), False)  # read out, no phone
    report = reports.monthly_report(site, 2026, 11, now=OFFICE)
    out["report json"] = (json.dumps(report.to_json(site.tz), ensure_ascii=False, default=str), False)
    out["report csv"] = (reports.write_csv(report, site.tz), False)
    buffer = io.BytesIO()
    reports.write_xlsx(report, site.tz, buffer)
    out["report xlsx"] = (_xlsx_text(buffer.getvalue()), False)
    listed_v = vs.list_violations(site, vs.ViolationFilter(), now=OFFICE)
    out["violation register"] = (_text(listed_v), False)
    if actor is not None:
        out["inbox"] = (_text(list_inbox(site.db, actor, include_read=True)), False)
        out["supervision board"] = (_text(supervision_board(site, actor, now=OFFICE)), False)
    return out


def test_role_visibility_of_phones_in_every_surface_as_r_pd_3_says(site, people, world) -> None:
    mismatches = []
    seen_whole_somewhere = False
    for viewer in VIEWERS:
        actor = people[viewer] if viewer else None
        for surface, (text, carries) in _surfaces(site, actor, world).items():
            forms = _forms(text)
            if viewer == "staff" and surface.startswith("ticket show"):
                expected = "whole"  # 周师傅 handles world["open"]: R-PD-1, minimum necessary (below)
            else:
                expected = "whole" if viewer in DOMAIN_SEES_WHOLE else "masked"
            who = viewer or "nobody signed in"
            if not carries:
                if forms:
                    mismatches.append(f"{surface}: {who} sees the phone {forms}; it carries none")
                continue
            if expected == "masked" and "whole" in forms:
                mismatches.append(f"{surface}: {who} sees a whole phone (R-PD-1: masked)")
            if expected == "whole" and "masked" in forms and surface not in ("ticket show (view)",):
                mismatches.append(f"{surface}: {who} sees a masked phone (R-PD-3: whole)")
            if not forms:
                mismatches.append(f"{surface}: {who} sees no phone at all")
            seen_whole_somewhere |= "whole" in forms
    assert seen_whole_somewhere
    assert not mismatches, "\n".join(mismatches)


def test_r_pd_3_a_masked_phone_cannot_be_found_digit_by_digit(site, people, world) -> None:
    """A search by phone finds the ticket for those who see phones, and nothing for the others
    (otherwise the search would tell the masked digits one by one)."""
    for viewer in VIEWERS:
        actor = people[viewer] if viewer else None
        for query in (PHONE, "1381234"):
            listed = {t.id for t in tickets.list_tickets(site, actor, now=OFFICE, status="all", search=query)}
            page = queue.load_page(
                site.db, actor, queue.QueueFilter(search=query), now=OFFICE, tz=site.tz, calendar=site.calendar
            )
            queued = {r.id for r in page.rows}
            if viewer in DOMAIN_SEES_WHOLE:
                assert world["open"] in listed, (viewer, query)
            else:
                assert world["open"] not in listed and world["open"] not in queued, (viewer, query)
        if actor is None or viewer not in DOMAIN_SEES_WHOLE:
            with pytest.raises(Exception) as refused:
                tickets.owner_history(site, actor, now=OFFICE, phone=PHONE)
            assert getattr(refused.value, "rule", None) == "R-PD-3"


def test_r_pd_1_the_assigned_handler_sees_the_phone_on_their_own_ticket(site, people, world) -> None:
    handler = people["staff"]  # 周师傅, the handler of world["open"]
    view = tickets.get_ticket(site, handler, world["open"], now=OFFICE)
    assert view.handler == handler.name
    assert PHONE in json.dumps(view.to_json(), ensure_ascii=False)
    # … and only on their own: another staff member of the department still sees it masked.
    other = tickets.get_ticket(site, people["staff_other"], world["open"], now=OFFICE)
    assert PHONE not in json.dumps(other.to_json(), ensure_ascii=False)

