"""Every command and option with hostile values never shows a traceback (issue 14).

The commands are discovered from the argparse parser (``cli.build_parser``), so a command added
later is fuzzed without touching this file. Each example runs ``frontdesk`` in this process (a
subprocess per example would allow a few hundred, not ten thousand) on a copy of the demo site,
sometimes signed in as the director, and asserts:

* no traceback, exit 0, 1 or 2 (never 3, the internal error);
* a refusal (1 or 2) is one line on standard error;
* after a refusal the database is unchanged: every table's row count and the duty log chain.

``make test`` runs ``FUZZ_EXAMPLES`` examples (default 40); by hand, e.g.
``FRONTDESK_FUZZ_EXAMPLES=10000 .venv/bin/python -m pytest -q -p no:xdist tests/cli/test_cli_fuzz.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdesk_tui import cli
from frontdesk_tui.data.backup import sqlite_backup

FUZZ_EXAMPLES = int(os.environ.get("FRONTDESK_FUZZ_EXAMPLES", "40"))
DIRECTOR = "张建国"

#: Values that have broken command lines before: encodings, sizes, markup, escapes, SQL, numbers,
#: dates and zones, wildcards, ids that name nothing.
HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    os.fsdecode(b"\xff\xfe\xfd"),  # invalid UTF-8 from the terminal, as Python passes it on
    "x" * 1_000_000,
    "\x1b[31m红\x1b[0m",
    "\x1b]0;title\x07",
    "\r\n\t\x7f\x08",
    "\u202e1021-2-3",
    "[bold]急[/bold]",
    "[link=file:///etc/passwd]x[/link]",
    "[/]",
    "%",
    "_",
    "\\",
    "%_\\",
    "' OR 1=1 --",
    "'; DROP TABLE ticket; --",
    '"; DELETE FROM operator; --',
    "-1",
    "0",
    "1",
    "201",
    "999999999",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "1e309",
    "NaN",
    "inf",
    "１２３",
    "2026-13-45",
    "2026-02-30T25:61",
    "2026-11-25T10:00+25:00",
    "2026-11-25T10:00",
    "0000-00-00",
    "9999-12-31T23:59:59",
    "2026-11",
    "2026-00",
    "Mars/Olympus",
    "Asia/Shanghai",
    "3-2-1201",
    "3栋2单元1201",
    "地下车库",
    "#1",
    "陈晓燕",
    DIRECTOR,
    "nobody",
    "--yes",
    "-",
    "../../../../etc/passwd",
]

#: Options whose value names a file: kept inside the test's directory (the hostile part stays
#: in the name), so a fuzzed export cannot write anywhere else on the machine.
PATH_DESTS = {"out", "file", "path", "attach", "files"}


@dataclass(frozen=True)
class Command:
    words: tuple[str, ...]
    parser: argparse.ArgumentParser


def _commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> list[Command]:
    found: list[Command] = []
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [Command(words, parser)]
    for sub in subs:
        seen: set[int] = set()
        for name, child in sub.choices.items():
            if id(child) in seen:  # an alias
                continue
            seen.add(id(child))
            found.extend(_commands(child, (*words, name)))
    return found


def _parser() -> argparse.ArgumentParser:
    return cli.build_parser()


#: Commands that run until a person (or a signal) stops them, whatever their arguments: ``serve``
#: listens for browsers, ``ssh-login`` with no client command starts the app. The fuzz gives
#: ``ssh-login`` a client command line instead (``SSH_ORIGINAL_COMMAND``, always with a command
#: word, so never the app) and leaves ``serve`` to tests/cli/test_serve.py.
INTERACTIVE = {("serve",)}
COMMANDS = [c for c in _commands(_parser()) if c.words not in INTERACTIVE]
#: The client's command lines an ``ssh-login`` example is given: a command word, then a hostile value.
SSH_COMMANDS = ["ticket show", "ticket list --search", "report monthly", "duty now", "db backup", "--db x ticket list"]


def test_the_fuzz_finds_the_commands() -> None:
    names = {" ".join(c.words) for c in COMMANDS}
    assert {"ticket list", "ticket new", "ticket act", "duty log add", "db restore", "operator unlock", "ssh-login"} <= names
    assert "serve" not in names  # it would listen until stopped
    assert len(names) >= 40


def _safe_path(base: Path, value: str) -> str:
    name = value.replace("/", "_").replace("\x00", "_")[:100] or "empty"
    return str(base / ("f-" + name))


def _value(draw, action: argparse.Action, base: Path) -> str:
    if action.choices and draw(st.booleans()):
        value = str(draw(st.sampled_from(list(action.choices))))
    else:
        value = draw(
            st.one_of(
                st.sampled_from(HOSTILE),
                st.text(max_size=30),
                st.integers(min_value=-(10**30), max_value=10**30).map(str),
            )
        )
    if action.dest in PATH_DESTS:
        value = _safe_path(base, value)
    return value


@st.composite
def invocations(draw, base: Path) -> list[str]:
    command = draw(st.sampled_from(COMMANDS))
    argv: list[str] = ["--lang", draw(st.sampled_from(["en", "zh-CN"]))]
    if draw(st.booleans()):
        argv += ["--as", DIRECTOR]
    argv += list(command.words)
    if command.words == ("ssh-login",):
        import shlex

        value = draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30)))
        line = f"{draw(st.sampled_from(SSH_COMMANDS))} {shlex.quote(value.replace(chr(0), ''))}"
        argv = [f"{SSH_ENV}={line}", *argv]
    for action in command.parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._VersionAction):
            continue
        if not action.option_strings:  # a positional
            count = 1 if action.nargs in (None, "?") else draw(st.integers(0 if action.nargs in ("*",) else 1, 3))
            if action.nargs == "?" and draw(st.booleans()):
                count = 0
            argv += [_value(draw, action, base) for _ in range(count)]
            continue
        if not (action.required or draw(st.integers(0, 2)) == 0):
            continue
        flag = draw(st.sampled_from(action.option_strings))
        if action.nargs == 0:
            argv.append(flag)
        elif action.nargs in ("*", "+"):
            argv += [flag, *[_value(draw, action, base) for _ in range(draw(st.integers(1, 2)))]]
        else:
            argv += [flag, _value(draw, action, base)]
    return argv


#: What a refusal may write: a failed sign-in (a hostile ``handover sign --as NAME``) is audited and
#: counted towards the lock (R-SEC-1), as it must be.
REFUSALS_RECORDED = {"audit", "sign_in_throttle"}


def _snapshot(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if r[0] not in REFUSALS_RECORDED
        ]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


SSH_ENV = "SSH_ORIGINAL_COMMAND"


def _run(argv: list[str]) -> tuple[int, str, str]:
    """``frontdesk argv`` in this process; a leading ``SSH_ORIGINAL_COMMAND=…`` is its environment."""
    if argv and argv[0].startswith(SSH_ENV + "="):
        os.environ[SSH_ENV] = argv[0].split("=", 1)[1]
        try:
            return _run(argv[1:])
        finally:
            del os.environ[SSH_ENV]
    out, err = io.StringIO(), io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.StringIO("")  # not a terminal, nothing to read: prompts must refuse, not hang
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # argparse: bad flags (2)
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin = stdin
    return code, out.getvalue(), err.getvalue()


def _chain_ok() -> bool:
    code, _out, _err = _run(["--lang", "en", "duty", "verify"])
    return code == 0


@pytest.fixture
def fuzz_site(demo_template: Path, tmp_path: Path, monkeypatch) -> Path:
    """A private demo site; the director signs in with a cheap hash (hashing is not fuzzed here)."""
    from argon2 import PasswordHasher

    from frontdesk_tui.services.site import passwords

    db_path = tmp_path / "fuzz.sqlite3"
    sqlite_backup(demo_template, db_path)
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", cheap)
    con = sqlite3.connect(db_path)
    con.execute("UPDATE operator SET password_hash = ? WHERE name = ?", (cheap.hash("demo"), DIRECTOR))
    con.commit()
    con.close()
    monkeypatch.setenv("FRONTDESK_DB", f"sqlite:///{db_path}")
    monkeypatch.setenv("FRONTDESK_PASSWORD", "demo")
    monkeypatch.setenv("FRONTDESK_CRASH_DIR", str(tmp_path / "crashes"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "files").mkdir()
    return db_path


def test_every_command_with_hostile_values_refuses_in_one_line_or_succeeds(fuzz_site: Path, tmp_path: Path) -> None:
    base = tmp_path / "files"

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(argv=invocations(base))
    def check(argv: list[str]) -> None:
        before = _snapshot(fuzz_site)
        code, out, err = _run(argv)
        shown = f"argv={[a[:60] for a in argv]!r}\nexit={code}\nstderr={err[:2000]!r}"
        assert "Traceback" not in out + err, shown
        assert code in (0, 1, 2), shown
        if code != 0:
            lines = err.strip().splitlines()
            assert len(lines) == 1, shown
            assert _snapshot(fuzz_site) == before, shown
            assert _chain_ok(), shown

    check()
    assert not (tmp_path / "crashes").exists() or not list((tmp_path / "crashes").iterdir())
