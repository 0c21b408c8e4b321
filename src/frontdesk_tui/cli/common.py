"""What every command shares: the context (settings, database, clock, signed-in operator) and output."""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.i18n import _

if TYPE_CHECKING:  # the data layer and the settings load when a command needs them (issue 15)
    from frontdesk_tui.config import Settings
    from frontdesk_tui.data.db import Database
    from frontdesk_tui.domain.actors import Actor

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2

Handler = Callable[["Context", argparse.Namespace], int]


@dataclass
class Context:
    settings: Settings
    as_name: str | None = None
    _db: Database | None = field(default=None, repr=False)
    _actor: Actor | None = field(default=None, repr=False)
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    @property
    def db(self) -> Database:
        if self._db is None:
            from frontdesk_tui.data import revisions
            from frontdesk_tui.data.db import Database

            db = Database(self.settings.db)
            db.check()
            if not revisions.at_head(db):  # one cheap query; Alembic only for an old schema
                from frontdesk_tui.data import migrate

                migrate.upgrade(db)
            self._db = db
        return self._db

    @property
    def site(self):
        """The site (settings, database, calendar) for services."""
        if getattr(self, "_site", None) is None:
            from frontdesk_tui.services.site import open_site

            self._site = open_site(self.settings, self.db)
        return self._site

    def raw_db(self) -> Database:
        """The database without the automatic upgrade (for `db check` and `db upgrade`)."""
        if self._db is None:
            from frontdesk_tui.data.db import Database

            db = Database(self.settings.db)
            db.check()
            return db
        return self._db

    def now(self) -> datetime:
        return self.clock()

    @property
    def actor(self) -> Actor | None:
        """The operator named by ``--as`` (signed in once), or None for read-only commands."""
        if self._actor is None and self.as_name:
            from frontdesk_tui.services.site.operators import SignInFailed, sign_in

            password = os.environ.get("FRONTDESK_PASSWORD")
            if password is None:
                password = read_secret(_("Password for {name}: ").format(name=self.as_name))
            try:
                self._actor = sign_in(self.db, self.as_name, password, now=self.now(), tz=self.settings.tz)
            except SignInFailed as exc:
                raise RuleError(exc.rule, str(exc)) from None
        return self._actor

    def require_actor(self) -> Actor:
        actor = self.actor
        if actor is None:
            raise RuleError("R-RO-2", _("this command writes: sign in with --as NAME"))
        return actor

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


def read_secret(prompt: str) -> str:
    """A password: typed without echo at a terminal, else one line of standard input."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise InputError("password", _("no password given on standard input"))
    return line.rstrip("\r\n")


def write_binary_stdout(data: bytes) -> None:
    """Bytes (a workbook) to standard output unchanged. At a terminal — ``ssh -t`` gives one — the
    terminal's output processing (newline → CR LF) is switched off while writing, so a redirect on
    the far side receives the file byte for byte."""
    out = sys.stdout
    out.flush()
    fd = out.fileno()
    if not os.isatty(fd):
        out.buffer.write(data)
        out.buffer.flush()
        return
    import termios

    saved = termios.tcgetattr(fd)
    raw = list(saved)
    raw[1] &= ~termios.OPOST
    termios.tcsetattr(fd, termios.TCSADRAIN, raw)
    try:
        out.buffer.write(data)
        out.buffer.flush()
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def parse_time(value: str, tz, field_name: str) -> datetime:
    """An ISO 8601 time; without an offset it is taken in the site's time zone."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(field_name, _("not an ISO 8601 time: {value}").format(value=value)) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def iso(value: datetime | None, tz) -> str | None:
    """Times are shown and exported with the site's offset (R-DL-5)."""
    return None if value is None else value.astimezone(tz).isoformat(timespec="seconds")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A plain aligned table; wide (CJK) characters count double."""
    rows = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in rows:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], display_width(v))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (widths[i] - display_width(c)) for i, c in enumerate(cells)).rstrip()

    print(line(headers))
    for row in rows:
        print(line(row))


def write_csv(path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(rows)


def display_width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


#: The largest integer both databases store (a signed 64-bit INTEGER / BIGINT).
MAX_INT = 2**63 - 1


def bounded_int(value: str) -> int:
    """An integer option: what ``int`` takes, but refused (exit 2) beyond what a database stores."""
    number = int(value)
    if not -MAX_INT <= number <= MAX_INT:
        raise argparse.ArgumentTypeError(_("{value}: a number out of range").format(value=value[:40]))
    return number


bounded_int.__name__ = "int"  # argparse names the type in its message: "invalid int value"


def bound_integers(parser: argparse.ArgumentParser) -> None:
    """Every ``type=int`` option of ``parser`` and its subcommands becomes :func:`bounded_int`, so a
    command added later cannot pass a 30-digit id into SQL (issue 14's fuzz found that)."""
    for action in parser._actions:
        if action.type is int:
            action.type = bounded_int
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                if isinstance(child, argparse.ArgumentParser):  # not a command listed only by name
                    bound_integers(child)


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print records as JSON"))
