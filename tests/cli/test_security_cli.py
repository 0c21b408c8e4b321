"""R-SEC-1 from the command line: `--as` with a wrong FRONTDESK_PASSWORD cannot be looped (issue 14)."""

from __future__ import annotations


def test_r_sec_1_as_loop_locks_then_director_unlocks(demo_fd) -> None:
    fd = demo_fd
    for _ in range(4):
        r = fd("--as", "陈晓燕", "ticket", "list", env={"FRONTDESK_PASSWORD": "guess"})
        assert r.code == 1 and "R-RO-1" in r.err
    r = fd("--as", "陈晓燕", "ticket", "list", env={"FRONTDESK_PASSWORD": "guess"})
    assert r.code == 1
    assert "R-SEC-1" in r.err and "locked until" in r.err
    assert len(r.err.strip().splitlines()) == 1
    # even the right password is refused now
    r = fd("--as", "陈晓燕", "ticket", "list", env={"FRONTDESK_PASSWORD": "demo"})
    assert r.code == 1 and "R-SEC-1" in r.err
    # an assistant may not unlock; the director may
    r = fd("--as", "李娜", "operator", "unlock", "陈晓燕", env={"FRONTDESK_PASSWORD": "demo"})
    assert r.code == 1
    r = fd("--as", "张建国", "operator", "unlock", "陈晓燕", env={"FRONTDESK_PASSWORD": "demo"})
    assert r.code == 0, r.err
    r = fd("--as", "陈晓燕", "ticket", "list", "--limit", "1", env={"FRONTDESK_PASSWORD": "demo"})
    assert r.code == 0, r.err
