"""R-PD-1, R-PD-3 on the command line: ``ticket list --json`` and ``ticket show --json`` — the whole
JSON, timeline included — show phones whole only to a signed-in desk, assistant or director."""

from __future__ import annotations

import json
import re

PW = {"FRONTDESK_PASSWORD": "demo"}
WHOLE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")  # a whole mobile number
MASKED = re.compile(r"1[3-9]\d\*{4}\d{4}")


def test_r_pd_3_json_of_list_and_show_masks_every_phone_for_staff_and_for_nobody_signed_in(demo_fd) -> None:
    fd = demo_fd
    listed = fd("ticket", "list", "--status", "all", "--limit", "0", "--json")
    assert listed.code == 0, listed.err
    rows = json.loads(listed.out)
    ids = [str(r["id"]) for r in rows if r["phone"]][:1]
    assert ids and not WHOLE.search(listed.out) and MASKED.search(listed.out)
    for tid in ids:
        for who in (None, "周师傅"):  # nobody signed in; staff
            args = ("--as", who) if who else ()
            shown = fd(*args, "ticket", "show", tid, "--json", env=PW)
            assert shown.code == 0, shown.err
            assert not WHOLE.search(shown.out), (who, tid, WHOLE.findall(shown.out))
            assert MASKED.search(shown.out)
        desk = fd("--as", "陈晓燕", "ticket", "show", tid, "--json", env=PW)
        assert WHOLE.search(json.loads(desk.out)["phone"]), tid
    desk_list = fd("--as", "李娜", "ticket", "list", "--status", "all", "--json", env=PW)
    assert WHOLE.search(desk_list.out) and not MASKED.search(desk_list.out)
