"""The command line never prints a traceback (issue 14): pipes, interrupts, bugs, bad encodings."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from frontdesk_tui import cli
from frontdesk_tui.cli import crash


def _closed_pipe_run(fd, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.Popen(
        [sys.executable, "-m", "frontdesk_tui", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=fd.env,
    )
    proc.stdout.close()  # the reader is gone before the first line, as `| head -0` would be
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    return subprocess.CompletedProcess(args, proc.returncode, "", err)


@pytest.mark.parametrize("command", [("ticket", "list", "--status", "all", "--limit", "0"), ("ticket", "show", "1")])
def test_broken_pipe_ends_quietly(demo_fd, command) -> None:
    result = _closed_pipe_run(demo_fd, *command)
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr
    assert result.stderr == ""
    assert result.returncode == crash.EXIT_PIPE


def test_unexpected_error_is_one_line_and_a_private_report(monkeypatch, tmp_path: Path, capsys) -> None:
    from frontdesk_tui.cli import admin

    def boom(ctx, args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(admin, "cmd_operator_list", boom)
    monkeypatch.setenv("FRONTDESK_CRASH_DIR", str(tmp_path / "crashes"))
    monkeypatch.setenv("FRONTDESK_DB", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.setenv("FRONTDESK_PASSWORD", "secret-in-env")
    code = cli.main(["--lang", "en", "operator", "list"])
    err = capsys.readouterr().err
    assert code == crash.EXIT_CRASH
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    reports = list((tmp_path / "crashes").iterdir())
    assert len(reports) == 1 and str(reports[0]) in err
    assert stat.S_IMODE(reports[0].stat().st_mode) == 0o600
    text = reports[0].read_text()
    assert "ZeroDivisionError: a bug" in text and "Traceback" in text
    assert "secret-in-env" not in text


def test_undecodable_argument_is_bad_input(capsys) -> None:
    undecodable = os.fsdecode(b"\xff\xfe")
    code = cli.main(["--lang", "en", "ticket", "list", "--search", undecodable])
    err = capsys.readouterr().err
    assert code == 2
    assert "UTF-8" in err and len(err.strip().splitlines()) == 1


def test_interrupt_is_one_line(monkeypatch, capsys) -> None:
    def interrupted(argv):
        raise KeyboardInterrupt

    assert crash.guard(interrupted, []) == crash.EXIT_INTERRUPTED
    assert capsys.readouterr().err.strip().count("\n") == 0


def test_a_refusal_echoing_hostile_input_is_one_inert_line(demo_fd) -> None:
    """Newlines and escape sequences in a value come back as visible escapes, never acted on."""
    hostile = "a\nb\x1b[31mc\u202e"
    r = demo_fd("--as", "张建国", "roster", "swap", hostile, "--with", "x", env={"FRONTDESK_PASSWORD": "demo"})
    assert r.code == 2
    assert r.err.count("\n") == 1 and "\x1b" not in r.err and "\u202e" not in r.err
    assert "a\\x0ab\\x1b[31mc\\u202e" in r.err


def test_a_database_from_a_newer_frontdesk_is_refused_not_a_crash(demo_fd) -> None:
    import sqlite3

    con = sqlite3.connect(demo_fd.db_path)
    con.execute("UPDATE alembic_version SET version_num = '0099_future'")
    con.commit()
    con.close()
    def state():
        c = sqlite3.connect(demo_fd.db_path)
        try:
            return (c.execute("SELECT version_num FROM alembic_version").fetchall(),
                    c.execute("SELECT count(*) FROM ticket").fetchone(), c.execute("SELECT count(*) FROM audit").fetchone())
        finally:
            c.close()

    before = state()
    r = demo_fd("ticket", "list")
    assert r.code == 2 and "newer" in r.err and len(r.err.strip().splitlines()) == 1
    assert not list(demo_fd.db_path.parent.glob("*.before-upgrade-*"))
    assert state() == before


def test_search_wildcards_match_literally(demo_fd) -> None:
    import json

    env = {"FRONTDESK_PASSWORD": "demo"}
    r = demo_fd("--as", "陈晓燕", "ticket", "new", "--channel", "phone", "--category", "other", "--unit", "3-2-1201",
                "--name", "王芳", "--phone", "13812345678", "--description", r"折扣 50%_off\路灯", "--yes", env=env)
    assert r.code == 0, r.err
    for needle in ("%", "_", "\\", r"50%_off\路"):
        found = json.loads(demo_fd("ticket", "list", "--status", "all", "--limit", "0", "--search", needle,
                                   "--json").out)
        assert [t["description"] for t in found] == [r"折扣 50%_off\路灯"], needle
