"""The forked command (``zygote.py``) answers as a new interpreter does: the same exit status,
standard output and standard error, its own environment and standard input."""

from __future__ import annotations

import subprocess
import sys

import pytest

COMMANDS = [
    ("ticket", "list", "--json"),  # 0
    ("ticket", "list", "--limit", "many"),  # 2, bad input
    ("--as", "刘婷", "violation", "sign-off", "1", "--decision", "approve"),  # a refusal or bad input
    ("roster", "show", "26-03"),  # 2: a month is YYYY-MM
    ("--lang", "zh-CN", "handover", "status"),
    ("nonsense",),
]


def _fresh(fd, *args: str, input: str | None = None, env: dict[str, str] | None = None):
    proc = subprocess.run(
        [sys.executable, "-m", "frontdesk_tui", *args], input=input, capture_output=True, text=True,
        env={**fd.env, **(env or {})}, timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_a_forked_command_answers_as_a_new_interpreter_does(demo_fd, args) -> None:
    forked = demo_fd(*args, env={"FRONTDESK_PASSWORD": "demo"})
    assert forked.forked  # it really was forked
    assert (forked.code, forked.out, forked.err) == _fresh(demo_fd, *args, env={"FRONTDESK_PASSWORD": "demo"})


def test_the_child_has_the_callers_environment_and_standard_input(demo_fd) -> None:
    # The password comes from standard input when FRONTDESK_PASSWORD is not set.
    assert demo_fd("--version").forked
    wrong = demo_fd("--as", "刘婷", "inbox", "list", "--json", input="nope\n")
    right = demo_fd("--as", "刘婷", "inbox", "list", "--json", input="demo\n")
    assert wrong.code == 1 and right.code == 0, (wrong.err, right.err)
    chinese = demo_fd("roster", "show", "26-03", env={"FRONTDESK_LANG": "zh-CN"})
    english = demo_fd("roster", "show", "26-03")
    assert chinese.code == english.code == 2 and chinese.err != english.err
    assert (chinese.code, chinese.out, chinese.err) == _fresh(
        demo_fd, "roster", "show", "26-03", env={"FRONTDESK_LANG": "zh-CN"}
    )


def test_a_start_up_variable_gets_a_new_interpreter(demo_fd) -> None:
    result = demo_fd("ticket", "list", "--limit", "many", env={"PYTHONIOENCODING": "ascii:backslashreplace"})
    assert result.code == 2 and not result.forked
    assert demo_fd("ticket", "list", "--limit", "many").forked
