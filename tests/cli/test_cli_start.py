"""Issue 15: the CLI starts lazily. ``--version`` and ``--help`` import neither SQLAlchemy, pydantic
nor Alembic; a command loads only its own module; the schema check needs no Alembic at head.
No timings here (they are in bench/)."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

import pytest

_PROBE = """
import contextlib, io, json, sys
from frontdesk_tui.cli import main
HEAVY = ("sqlalchemy", "pydantic", "pydantic_settings", "sqlmodel", "alembic", "textual")
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
heavy = sorted({m.split('.')[0] for m in sys.modules} & set(HEAVY))
OWN = ("frontdesk_tui.data", "frontdesk_tui.config", "frontdesk_tui.services", "frontdesk_tui.ui")
own = sorted(m for m in sys.modules if m.startswith(OWN))
print(json.dumps({"code": code, "heavy": heavy, "own": own, "out": out.getvalue()}))
"""


def _probe(*args: str, env: dict[str, str] | None = None) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("--lang", "zh-CN", "--help"), ("ticket", "--help")])
def test_version_and_help_import_no_data_layer(args: tuple[str, ...]) -> None:
    result = _probe(*args)
    assert result["code"] == 0
    assert result["out"].strip()
    assert result["heavy"] == []
    assert result["own"] == []  # nor the project's data layer, settings, services or screens


def test_version_prints_the_version_with_and_without_options() -> None:
    from frontdesk_tui import __version__

    assert _probe("--version")["out"] == f"frontdesk {__version__}\n"
    assert _probe("--db", "/nonexistent/x.sqlite3", "--version")["out"] == f"frontdesk {__version__}\n"


def _help(argv: list[str], command: str | None) -> str:
    from frontdesk_tui.cli import ALL, build_parser

    parser = build_parser(ALL if command == ALL else command)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        parser.parse_args(argv)
    return out.getvalue()


def test_the_command_table_is_what_the_modules_register() -> None:
    """The lazy parser lists every command with the help its module gives it, in the same order."""
    from frontdesk_tui.cli import ALL, COMMANDS

    full = _help(["--help"], ALL)
    assert _help(["--help"], None) == full
    for word in COMMANDS:
        assert word in full
        assert _help([word, "--help"], word) == _help([word, "--help"], ALL)


def test_a_command_loads_only_its_own_module() -> None:
    from frontdesk_tui.cli import command_word

    assert command_word(["--db", "x.sqlite3", "--as", "王", "ticket", "list"]) == "ticket"
    assert command_word(["--db=x.sqlite3", "report", "monthly"]) == "report"
    assert command_word(["--lang", "en"]) is None
    probe = """
import sys
from frontdesk_tui.cli import build_parser
build_parser("ticket")
print(sorted(m for m in sys.modules if m.startswith("frontdesk_tui.cli.")))
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "frontdesk_tui.cli.tickets" in out
    assert "frontdesk_tui.cli.violations" not in out and "frontdesk_tui.cli.duty" not in out


def test_a_database_at_head_is_opened_without_alembic(tmp_path) -> None:
    """The first command upgrades a new database; the next finds it at head with one query."""
    db = tmp_path / "start.sqlite3"
    env = {"FRONTDESK_DB": str(db), "FRONTDESK_LANG": "en", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    import os

    env = {**{k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}, **env}
    first = """
import sys
from frontdesk_tui.cli import main
code = main(sys.argv[1:])
print("alembic" in sys.modules)
"""
    run = lambda: subprocess.run(  # noqa: E731
        [sys.executable, "-c", first, "ticket", "list", "--json"], capture_output=True, text=True, env=env, check=True
    ).stdout.strip().splitlines()[-1]
    assert run() == "True"  # a new database: upgraded through Alembic
    assert run() == "False"  # at head: not imported


_HELP_PROBE = """
import contextlib, io, json, sys
from frontdesk_tui.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(sys.argv[1:])
loaded = sorted({m.split('.')[0] for m in sys.modules} & {"argparse", "gettext", "shutil", "typing"})
print(json.dumps({"code": code, "loaded": loaded, "out": out.getvalue()}))
"""


@pytest.mark.parametrize(("lang", "columns"), [("en", "60"), ("zh-CN", "100"), ("zh-CN", "52")])
def test_top_help_is_argparses_text_kept_once_made(tmp_path, lang: str, columns: str) -> None:
    """Issue 15: ``frontdesk --help`` prints what argparse formats for that language and width;
    made once, it is read from the user cache dir without importing argparse, gettext or typing."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRONTDESK_", "LC_", "LANG"))}
    env.update(XDG_CACHE_HOME=str(tmp_path), COLUMNS=columns, LINES="24", FRONTDESK_LANG=lang)
    run = lambda *a: json.loads(  # noqa: E731
        subprocess.run([sys.executable, "-c", _HELP_PROBE, *a], capture_output=True, text=True, check=True, env=env)
        .stdout.strip().splitlines()[-1]
    )
    expected = subprocess.run(
        [sys.executable, "-c", "from frontdesk_tui.cli import build_parser; from frontdesk_tui import i18n;"
         f"i18n.set_language({lang!r}); print(build_parser(None).format_help(), end='')"],
        capture_output=True, text=True, check=True, env=env,
    ).stdout
    first, second = run("--help"), run("-h")
    assert first["code"] == second["code"] == 0
    assert first["out"] == second["out"] == expected
    assert "argparse" in first["loaded"]  # made by argparse the first time
    assert second["loaded"] == []
    assert run("--lang", "en", "--help")["out"].startswith("usage: frontdesk")
    assert len(list((tmp_path / "frontdesk-tui" / "help").glob("*.txt"))) == 2 - (lang == "en")


def test_a_read_command_loads_neither_the_settings_library_nor_the_other_areas(tmp_path, demo_template) -> None:
    """Issue 15: ``ticket list`` and ``ticket show`` on a database at head, with nothing configured
    (the database given by its flag), read the settings without pydantic-settings and load the
    reading side of tickets only (no actions, intake, roster tables). A file or a ``FRONTDESK_*``
    setting is read by pydantic-settings' sources (issue 10)."""
    import os

    db = tmp_path / "read.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    probe = """
import sys
from frontdesk_tui.cli import main
code = main(sys.argv[1:])
print(sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic_settings", "dotenv", "alembic")
             or m.startswith(("frontdesk_tui.services.tickets.", "frontdesk_tui.data.tables_", "frontdesk_tui.ui"))))
"""
    flags = ["--db", str(db), "--lang", "en"]
    from frontdesk_tui.data.backup import sqlite_backup

    sqlite_backup(demo_template, db)  # the demo site at head, as `init --demo` makes it
    for args in (["ticket", "list", "--json"], ["ticket", "show", "1", "--json"]):
        out = subprocess.run([sys.executable, "-c", probe, *flags, *args], capture_output=True, text=True, env=env,
                             check=True)
        loaded = out.stdout.strip().splitlines()[-1]
        assert loaded == "['frontdesk_tui.data.tables_tickets', 'frontdesk_tui.services.tickets.queries']", args
    configured = {**env, "FRONTDESK_DB": str(db)}
    out = subprocess.run([sys.executable, "-c", probe, "--lang", "en", "ticket", "list", "--json"],
                         capture_output=True, text=True, env=configured, check=True)
    assert "'pydantic_settings'" in out.stdout.strip().splitlines()[-1]
