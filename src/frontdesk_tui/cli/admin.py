"""``init``, ``db …`` and ``operator …``: setting a site up and keeping it healthy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from frontdesk_tui.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
    Context,
    add_json_flag,
    print_json,
    print_table,
    read_secret,
)
from frontdesk_tui.domain import labels
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help=_("create or upgrade the database; --demo loads the demo site"))
    p.add_argument("--demo", action="store_true", help=_("load the demo site (refused when real records exist)"))
    p.add_argument("--demo-password", default="demo", metavar="PW", help=_("password of every demo operator"))
    p.add_argument("--if-empty", action="store_true", help=_("with --demo: do nothing when the database has records"))
    p.set_defaults(handler=cmd_init)

    db = sub.add_parser("db", help=_("database upgrade, check, backup and restore"))
    dbs = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    dbs.add_parser("upgrade", help=_("upgrade the schema to the newest version")).set_defaults(handler=cmd_db_upgrade)
    c = dbs.add_parser("check", help=_("is the schema current and does it match the program?"))
    add_json_flag(c)
    c.set_defaults(handler=cmd_db_check)
    b = dbs.add_parser("backup", help=_("consistent copy of the SQLite database, safe while the app runs"))
    b.add_argument("path", metavar="PATH")
    b.set_defaults(handler=cmd_db_backup)
    r = dbs.add_parser("restore", help=_("replace the database with a backup (asks first)"))
    r.add_argument("path", metavar="PATH")
    r.add_argument("--yes", action="store_true", help=_("do not ask"))
    r.set_defaults(handler=cmd_db_restore)

    op = sub.add_parser("operator", help=_("operators: add, list, disable, passwd"))
    ops = op.add_subparsers(dest="op_command", metavar="ACTION", required=True)
    a = ops.add_parser("add", help=_("add an operator (the password is asked twice)"))
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=[r.value for r in Role])
    a.add_argument("--department", metavar="D")
    add_json_flag(a)
    a.set_defaults(handler=cmd_operator_add)
    ls = ops.add_parser("list", help=_("list operators"))
    add_json_flag(ls)
    ls.set_defaults(handler=cmd_operator_list)
    d = ops.add_parser("disable", help=_("disable an operator (nobody is deleted)"))
    d.add_argument("name")
    d.set_defaults(handler=cmd_operator_disable)
    u = ops.add_parser("unlock", help=_("lift a sign-in lock after wrong passwords (director, R-SEC-1)"))
    u.add_argument("name")
    u.set_defaults(handler=cmd_operator_unlock)
    pw = ops.add_parser("passwd", help=_("change an operator's password"))
    pw.add_argument("name")
    pw.set_defaults(handler=cmd_operator_passwd)


def cmd_init(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import demo

    db = ctx.db  # opening upgrades the schema
    if not args.demo:
        print(_("database ready: {url}").format(url=db.display_url))
        return EXIT_OK
    if demo.has_records(db):
        if args.if_empty:
            return EXIT_OK
        print(_("refused: the database already holds records; the demo site goes only into an empty one"), file=sys.stderr)
        return EXIT_REFUSED
    # The demo is thousands of small commits: load it without an fsync per commit, then checkpoint.
    from frontdesk_tui.data.db import Database

    bulk = Database(db.url, durable=False) if db.is_sqlite else db
    try:
        summary = demo.load_demo_site(bulk, now=ctx.now(), password=args.demo_password, settings=ctx.settings)
    finally:
        if bulk is not db:
            bulk.dispose()
    print(_("demo site loaded into {url}").format(url=db.display_url))
    for line in summary:
        print("  " + line)
    print(_("every demo operator's password: {pw}").format(pw=args.demo_password))
    return EXIT_OK


def cmd_db_upgrade(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.data import migrate

    db = ctx.raw_db()
    aside = migrate.upgrade(db)
    if aside:
        print(_("the previous database was copied to {path}").format(path=aside))
    print(_("schema is current"))
    return EXIT_OK


def cmd_db_check(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.data import migrate

    db = ctx.raw_db()
    pending = migrate.needs_upgrade(db)
    diffs = [] if pending else migrate.schema_differences(db)
    result = {"url": db.display_url, "current": not pending, "differences": [str(d) for d in diffs]}
    if getattr(args, "json", False):
        print_json(result)
    elif pending:
        print(_("the schema needs an upgrade: run `frontdesk db upgrade`"))
    elif diffs:
        print(_("the schema differs from the program:"))
        for d in diffs:
            print("  ", d)
    else:
        print(_("schema is current and matches the program"))
    return EXIT_OK if not pending and not diffs else EXIT_REFUSED


def _sqlite_file(ctx: Context) -> Path:
    db = ctx.db
    if db.sqlite_file is None:
        raise InputError("db", _("backup and restore work on SQLite files; for PostgreSQL use pg_dump / pg_restore"))
    return db.sqlite_file


def cmd_db_backup(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.data.backup import sqlite_backup

    source = _sqlite_file(ctx)
    target = Path(args.path).expanduser()
    if target.is_dir():
        target = target / f"frontdesk-{ctx.now().strftime('%Y%m%d-%H%M%S')}.sqlite3"
    try:
        sqlite_backup(source, target)
    except OSError as exc:
        raise InputError("PATH", str(exc)) from None
    print(_("backup written to {path}").format(path=target))
    return EXIT_OK


def cmd_db_restore(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.data import migrate
    from frontdesk_tui.data.backup import NotRestorable, check_restorable, sqlite_backup, sqlite_restore

    target = _sqlite_file(ctx)
    source = Path(args.path).expanduser()
    if not source.is_file():
        raise InputError("PATH", _("no such file: {path}").format(path=source))
    # Refuse a file that is not ours, damaged or newer before anything is touched.
    try:
        check_restorable(source, migrate.known_revisions())
    except NotRestorable as exc:
        raise InputError(
            "PATH", _("refused: {reason}; the database was not changed").format(reason=_restore_refusal(exc, source))
        ) from None
    except OSError as exc:
        raise InputError("PATH", str(exc)) from None
    if not args.yes:
        if not sys.stdin.isatty():
            raise InputError("--yes", _("restoring replaces every record; confirm with --yes"))
        answer = input(_("Replace every record in {db} with {src}? Type yes: ").format(db=target, src=source))
        if answer.strip().lower() not in ("yes", "y", "是"):
            print(_("nothing changed"))
            return EXIT_REFUSED
    ctx.db.dispose()
    safety = target.with_name(target.name + f".before-restore-{ctx.now().strftime('%Y%m%dT%H%M%S')}")
    sqlite_backup(target, safety)
    try:
        sqlite_restore(source, target)
    except (ValueError, OSError) as exc:
        raise InputError("PATH", str(exc)) from None
    print(_("restored from {src}; the replaced database was kept as {safety}").format(src=source, safety=safety))
    return EXIT_OK


def _restore_refusal(exc, source: Path) -> str:
    reasons = {
        "not_sqlite": _("{path} is not an SQLite database"),
        "damaged": _("{path} is damaged ({detail})"),
        "foreign": _("{path} is another application's database, not a frontdesk backup"),
        "newer": _("{path} comes from a newer frontdesk (schema {detail}): upgrade the program first"),
        "no_version": _("{path} has no schema version"),
    }
    return reasons.get(exc.kind, "{path}: {detail}").format(path=source, detail=exc.detail)


def _new_password() -> str:
    first = read_secret(_("New password: "))
    second = read_secret(_("Repeat the password: "))
    if first != second:
        raise InputError("password", _("the two passwords differ"))
    return first


def cmd_operator_add(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.site import operators

    db = ctx.db
    actor = ctx.actor if ctx.as_name else None
    if actor is None and operators.count_operators(db) > 0:
        from frontdesk_tui.domain.errors import RuleError

        raise RuleError("R-RO-1", _("sign in as a director to add operators (--as NAME)"))
    view = operators.add_operator(
        db, actor, name=args.name, role=args.role, department=args.department, password=_new_password(), now=ctx.now()
    )
    if args.json:
        print_json(view.to_json())
    else:
        print(_("operator {name} added as {role}").format(name=view.name, role=labels.role(view.role)))
    return EXIT_OK


def cmd_operator_list(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.site import operators

    views = operators.list_operators(ctx.db)
    if args.json:
        print_json([v.to_json() for v in views])
    else:
        print_table(
            [_("name"), _("role"), _("department"), _("active")],
            # Names in the reader's language, not codes (issue 11); --json keeps the codes.
            [
                (v.name, labels.role(v.role), labels.department_name(v.department) if v.department else "",
                 _("yes") if v.active else _("no"))
                for v in views
            ],
        )
    return EXIT_OK


def cmd_operator_disable(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.site import operators

    view = operators.disable_operator(ctx.db, ctx.require_actor(), args.name, now=ctx.now())
    print(_("operator {name} disabled").format(name=view.name))
    return EXIT_OK


def cmd_operator_unlock(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.site import operators

    had = operators.unlock_operator(ctx.db, ctx.require_actor(), args.name, now=ctx.now())
    if had:
        print(_("sign-in as {name} unlocked").format(name=args.name))
    else:
        print(_("sign-in as {name} was not locked").format(name=args.name))
    return EXIT_OK


def cmd_operator_passwd(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.site import operators

    actor = ctx.require_actor()
    operators.change_password(ctx.db, actor, args.name, _new_password(), now=ctx.now())
    print(_("password changed"))
    return EXIT_OK


__all__ = ["register", "EXIT_BAD_INPUT"]
