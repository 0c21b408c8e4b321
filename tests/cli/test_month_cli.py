"""One month parser for every command (issue 10): ``YYYY-MM`` only, refused the same way everywhere."""

from __future__ import annotations

import pytest

PW = {"FRONTDESK_PASSWORD": "demo"}

COMMANDS = {
    "roster show": ("roster", "show"),
    "report monthly": ("report", "monthly"),
    "violation export": ("--as", "李娜", "violation", "export"),
}


@pytest.mark.parametrize(
    ("command", "bad"),
    [("roster show", "26-03"), ("report monthly", "2026-3"), ("violation export", "2026-3")],
)
def test_r_kp_1_every_command_refuses_a_month_that_is_not_yyyy_mm_the_same_way(demo_fd, command, bad):
    extra = ("--format", "csv", "--out", "/tmp/unused.csv") if command == "violation export" else ()
    result = demo_fd(*COMMANDS[command], bad, *extra, env=PW)
    assert result.code == 2, result.err
    assert result.err.strip() == f"frontdesk: month: expected YYYY-MM, e.g. 2026-11, got '{bad}'"


def test_r_kp_1_the_month_refusal_is_in_the_users_language(demo_fd):
    result = demo_fd("--lang", "zh-CN", "roster", "show", "26-03")
    assert result.code == 2
    assert "应为 YYYY-MM" in result.err and "26-03" in result.err
