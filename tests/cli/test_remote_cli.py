"""``frontdesk ssh-login`` as an SSH account's ForceCommand (issue 11 point 5), without the network:
the command line the client sent arrives in ``SSH_ORIGINAL_COMMAND``. The real SSH session is in
``test_ssh_login_e2e.py``."""

from __future__ import annotations

import io
import json
import shlex

import pytest

from frontdesk_tui.cli.remote import Refused, remote_argv

PW = {"FRONTDESK_PASSWORD": "demo"}


@pytest.mark.parametrize(
    "command",
    [
        "--db /tmp/other.sqlite3 ticket list",
        "--db=/tmp/other.sqlite3 ticket list",
        "ticket list --config /tmp/evil.toml",
        "--config=/tmp/evil.toml ticket list",
        "init --demo",
        "frontdesk init",
        "db backup /tmp/x.sqlite3",
        "db restore /tmp/x.sqlite3",
        "--lang en db upgrade",
        "operator add 王五 --role director --department property",
        "--as 张建国 operator disable 李娜",
        "operator passwd 李娜",
        "estate import /etc/passwd",
        "serve --host 0.0.0.0",
        "ssh-login",
        "report monthly 2026-11 --format csv --out /home/frontdesk/.ssh/authorized_keys",
        "report monthly 2026-11 --format xlsx --out=/tmp/m.xlsx",
        "ticket list 'unclosed",
    ],
)
def test_host_commands_and_options_are_refused(command):
    with pytest.raises(Refused):
        remote_argv(command)


@pytest.mark.parametrize(
    ("command", "argv"),
    [
        ("report monthly 2026-11 --format json", ["report", "monthly", "2026-11", "--format", "json"]),
        ("frontdesk ticket list --supervision", ["ticket", "list", "--supervision"]),
        ("/usr/bin/frontdesk --lang en operator list", ["--lang", "en", "operator", "list"]),
        ("report monthly 2026-11 --format xlsx --out -", ["report", "monthly", "2026-11", "--format", "xlsx", "--out", "-"]),
        # Words are split as a shell would, but nothing is ever given to a shell.
        ("ticket list --search '漏水; rm -rf /'", ["ticket", "list", "--search", "漏水; rm -rf /"]),
        ("ticket list --search $(id)", ["ticket", "list", "--search", "$(id)"]),
        # "db" as a search word is not the db command.
        ("ticket list --search db", ["ticket", "list", "--search", "db"]),
    ],
)
def test_other_commands_pass_through_literally(command, argv):
    assert remote_argv(command) == argv


def _ssh(fd, command: str, *, input: str | None = None, env: dict[str, str] | None = None):
    return fd("ssh-login", input=input, env={"SSH_ORIGINAL_COMMAND": command, **(env or {})})


def test_ssh_login_runs_a_report_for_the_signed_in_director_and_its_json(demo_fd):
    result = _ssh(demo_fd, "--as 张建国 report monthly 2026-11 --format json", input="demo\n")
    assert result.code == 0, result.err
    assert json.loads(result.out)["month"] == "2026-11"


@pytest.mark.parametrize("who", [None, "陈晓燕"])
def test_r_kp_1_the_report_is_refused_to_a_key_alone_and_to_a_receptionist(demo_fd, who):
    """An SSH key is not a sign-in: the monthly figures assess each handler by name, so they are
    the assistants' and the director's (the statistics screen asks the same permission)."""
    command = "report monthly 2026-11 --format json"
    result = _ssh(demo_fd, f"--as {who} {command}" if who else command, input="demo\n")
    assert result.code == 1, result.err
    assert "R-RO-1" in result.err and result.err.strip().count("\n") == 0
    assert result.out == ""


def test_ssh_login_refusal_is_one_line_exit_2_and_runs_nothing(demo_fd, tmp_path):
    target = tmp_path / "copy.sqlite3"
    result = _ssh(demo_fd, f"db backup {target}")
    assert result.code == 2
    assert result.err.strip().count("\n") == 0 and "administrator" in result.err
    assert "Traceback" not in result.err
    assert not target.exists()


def test_ssh_login_refuses_to_switch_database(demo_fd, tmp_path):
    other = tmp_path / "other.sqlite3"
    result = _ssh(demo_fd, f"--db {other} init")
    assert result.code == 2 and "--db" in result.err
    assert not other.exists()


def test_ssh_login_xlsx_to_standard_output_is_a_workbook(demo_fd):
    from openpyxl import load_workbook

    proc = demo_fd.raw(
        "ssh-login",
        input=b"demo\n",
        env={"SSH_ORIGINAL_COMMAND": "--as 张建国 report monthly 2026-11 --format xlsx --out -"},
    )
    assert proc.returncode == 0, proc.stderr
    book = load_workbook(io.BytesIO(proc.stdout))
    assert book.sheetnames


def test_ssh_login_write_needs_the_operators_password_from_standard_input(demo_fd):
    new = (
        "--as 陈晓燕 ticket new --channel phone --category engineering --unit 8-2-1802 --name 王芳 "
        "--phone 13812345678 --description 卫生间漏水 --equipment 上水管 --symptom 滴水 --yes --json"
    )
    wrong = _ssh(demo_fd, new, input="not-the-password\n")
    assert wrong.code == 1 and "R-RO-1" in wrong.err
    done = _ssh(demo_fd, new, input="demo\n")
    assert done.code == 0, done.err
    ticket = json.loads(done.out)
    shown = _ssh(demo_fd, shlex.join(["ticket", "show", str(ticket["id"]), "--json"]))
    assert json.loads(shown.out)["description"] == "卫生间漏水"
