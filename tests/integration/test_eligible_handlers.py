"""R-IN-5 (issue 10): the action form offers as handlers exactly whom the service accepts."""

from __future__ import annotations

import pytest
from test_tickets_fixtures import *  # noqa: F403  (fixtures: site, actors)
from test_tickets_fixtures import draft

from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.services import tickets


def test_r_in_5_eligible_handlers_are_the_active_operators_of_the_department(site, actors):
    offered = tickets.eligible_handlers(site, ["engineering", "property", "sanitation"])
    # any active operator of the department, not only its staff: the assistant and the director of
    # property are offered; the disabled engineer 老马 is not.
    assert offered == {"engineering": ("周师傅",), "property": ("李娜", "张建国"), "sanitation": ("吴秀兰",)}


def test_r_in_5_the_service_accepts_each_one_offered_and_refuses_the_others(site, actors, now):
    ticket = tickets.record_complaint(site, actors["desk"], draft(), now=now).ticket_id
    tickets.act(site, actors["desk"], ticket, "assess", {"complexity": "simple", "severity": "minor"}, now=now)
    for name in tickets.eligible_handlers(site, ["property"])["property"]:
        view = tickets.act(site, actors["director"], ticket, "reassign" if name != "李娜" else "assign",
                           {"department": "property", "handler": name, "reason": "r"}, now=now)
        assert view.handler == name
    for name in ("老马", "周师傅"):
        with pytest.raises(InputError) as err:
            tickets.act(site, actors["director"], ticket, "reassign",
                        {"department": "property", "handler": name, "reason": "r"}, now=now)
        assert err.value.field == "handler"
