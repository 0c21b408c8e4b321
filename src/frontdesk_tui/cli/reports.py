"""``escalate`` (the escalation scan, for cron) and ``report monthly`` (R-KP-1)."""

from __future__ import annotations

import argparse
import io
import json
import sys
from datetime import timedelta
from pathlib import Path

from frontdesk_tui.cli.common import (
    EXIT_OK,
    Context,
    add_json_flag,
    iso,
    parse_time,
    print_json,
    print_table,
    write_binary_stdout,
)
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.i18n import _

#: A ``--now`` this close to the clock is "the present" (cron may pass ``$(date -Iseconds)``).
PRESENT_TOLERANCE = timedelta(minutes=1)
FORMATS = ("table", "json", "csv", "xlsx")


def register(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser(
        "escalate",
        help=_("run the escalation scan once (for cron): warnings, overdue, upgrades, inbox items"),
    )
    e.add_argument(
        "--now",
        metavar="ISO",
        help=_("scan as if it were this time (rehearsals and tests; needs a signed-in director)"),
    )
    add_json_flag(e)
    e.set_defaults(handler=cmd_escalate)

    r = sub.add_parser("report", help=_("reports: the monthly statistics (R-KP-1)"))
    rs = r.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    m = rs.add_parser("monthly", help=_("the month's complaint statistics"))
    m.add_argument("month", metavar="YYYY-MM")
    m.add_argument("--format", choices=FORMATS, default="table", help=_("output format (default: table)"))
    m.add_argument(
        "--out",
        metavar="FILE",
        help=_("write to FILE instead of standard output (required for xlsx; - is standard output)"),
    )
    m.set_defaults(handler=cmd_report_monthly)


def cmd_escalate(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.site.inbox import kind_label
    from frontdesk_tui.services.tickets.escalation import calendar_warnings, run_escalation_scan

    site = ctx.site
    present = ctx.now()
    now = present
    if args.now:
        now = parse_time(args.now, site.tz, "now")
        if abs(now - present) > PRESENT_TOLERANCE:
            actor = ctx.actor
            if actor is None or actor.role != Role.DIRECTOR:
                raise RuleError(
                    "R-RO-1",
                    _(
                        "a scan at another time than now is a rehearsal: it needs a director signed in with --as"
                    ),
                )
    result = run_escalation_scan(site, now=now, actor=ctx.actor)
    # Rectification deadlines and post-penalty follow-ups (R-VI-3, R-VI-4) reach the same
    # supervision inbox on the same schedule.
    from frontdesk_tui.services.violations import due_rectifications

    violations_due = due_rectifications(site, now)
    for warning in calendar_warnings(site, today=now.astimezone(site.tz).date()):
        sys.stderr.write(_("frontdesk: warning: {message}").format(message=warning) + "\n")
    if args.json:
        data = result.to_json(site.tz)
        data["violations_due"] = violations_due.to_json()
        print_json(data)
        return EXIT_OK
    print(
        _(
            "Escalation scan at {now}: {scanned} tickets looked at, {total} escalations, {items} inbox items"
        ).format(now=iso(now, site.tz), scanned=result.scanned, total=result.total, items=result.inbox_items)
    )
    if result.applied:
        print_table(
            [_("ticket"), _("kind"), _("rule"), _("recipients"), _("message")],
            [
                (a.ticket_id, kind_label(a.kind), a.rule, ", ".join(a.recipient_names) or "-", a.message)
                for a in result.applied
            ],
        )
        # Kinds by name, as the inbox shows them (issue 11); --json keeps the codes.
        print(", ".join(f"{kind_label(kind)} {n}" for kind, n in result.counts.items()))
    for reminder in result.reminders:  # R-KP-4
        print(
            _("Reminder ({rule}) to {n} supervisors: {message}").format(
                rule="R-KP-4", n=len(reminder.recipient_ids), message=reminder.text
            )
        )
    if violations_due.due:
        print(
            _("Violations: {due} rectifications or follow-ups due, {items} new inbox items").format(
                due=len(violations_due.due), items=violations_due.inbox_items
            )
        )
    return EXIT_OK


def cmd_report_monthly(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.supervision import reports

    year, month = reports.parse_month(args.month)
    if args.format == "xlsx" and not args.out:
        raise InputError("out", _("an XLSX workbook needs --out FILE"))
    site = ctx.site
    report = reports.monthly_report_for(site, ctx.actor, year, month, now=ctx.now())
    tz = site.tz
    if args.format == "xlsx" and args.out == "-":
        # A workbook through a pipe or an SSH channel (``ssh -t host report monthly … --out - > m.xlsx``).
        buffer = io.BytesIO()
        reports.write_xlsx(report, tz, buffer)
        write_binary_stdout(buffer.getvalue())
        return EXIT_OK
    if args.out and args.out != "-" and args.format in reports.EXPORT_FORMATS:
        # The statistics screen's export: one implementation, the file private (0600).
        try:
            reports.save_report(report, tz, Path(args.out), args.format, overwrite=True)
        except OSError as exc:
            raise InputError(
                "out", _("cannot write {path}: {err}").format(path=args.out, err=exc.strerror)
            ) from None
        print(_("written: {path}").format(path=args.out))
        return EXIT_OK
    if args.format == "json":
        text = json.dumps(report.to_json(tz), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "csv":
        if not args.out or args.out == "-":
            reports.write_csv(report, tz, sys.stdout)  # row by row: the whole overdue list, streamed
            return EXIT_OK
        text = reports.write_csv(report, tz) or ""
    else:
        text = _table_text(report, tz)
    if args.out and args.out != "-":
        try:
            Path(args.out).write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise InputError(
                "out", _("cannot write {path}: {err}").format(path=args.out, err=exc.strerror)
            ) from None
        print(_("written: {path}").format(path=args.out))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _table_text(report, tz) -> str:
    # The screen's readable view (names, not codes; the overdue list in 80 columns): one implementation.
    from frontdesk_tui.ui.report_view import text_report

    return text_report(report, tz)
