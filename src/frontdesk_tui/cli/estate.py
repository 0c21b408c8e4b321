"""``estate import``: load buildings, units and owners from the site's roster."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from frontdesk_tui.cli.common import EXIT_BAD_INPUT, EXIT_OK, Context, add_json_flag, print_json
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("estate", help=_("the estate: buildings, units and owners"))
    ps = p.add_subparsers(dest="estate_command", metavar="ACTION", required=True)
    imp = ps.add_parser("import", help=_("import the owner roster from .xlsx or .csv"))
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help=_("check and count, change nothing"))
    imp.add_argument("--skip-bad", action="store_true", help=_("import the good rows even if some are refused"))
    add_json_flag(imp)
    imp.set_defaults(handler=cmd_import)


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.site.estate import import_roster

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise InputError("FILE", _("no such file: {path}").format(path=path))  # one safe line (main)
    actor = ctx.actor if ctx.as_name else None
    report = import_roster(ctx.db, actor, path, now=ctx.now(), dry_run=args.dry_run, skip_bad=args.skip_bad)
    if args.json:
        print_json(report.to_json())
    else:
        for line, reason in report.refused:
            print(_("line {line}: refused: {reason}").format(line=line, reason=reason), file=sys.stderr)
        print(_("{rows} rows: {b} buildings, {u} units and {o} owners added, {p} owners' phones updated").format(
            rows=report.rows, b=report.buildings_added, u=report.units_added, o=report.owners_added, p=report.owners_updated))
        if args.dry_run:
            print(_("dry run: nothing was changed"))
        elif not report.imported:
            print(_("nothing imported: fix the refused rows or pass --skip-bad"), file=sys.stderr)
    if report.refused and not args.skip_bad:
        return EXIT_BAD_INPUT
    return EXIT_OK
