"""``frontdesk violation …``: the violation register from the command line (issue 6, R-VI-1 … R-VI-8).

Writes need ``--as NAME``; ``show``, ``list`` and ``queue`` do not. Every command takes ``--json``.
Exit codes: 0 done, 1 refused by a rule (named), 2 bad input or an unknown id.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from frontdesk_tui.cli.common import (
    EXIT_OK,
    Context,
    add_json_flag,
    iso,
    parse_time,
    print_json,
    print_table,
)
from frontdesk_tui.domain import permissions
from frontdesk_tui.domain import violations as rules
from frontdesk_tui.domain.codes import Measure, ViolationClass, ViolationKind
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.domain.violations import ViolationFact
from frontdesk_tui.i18n import _, ngettext

KINDS = [k.value for k in ViolationKind]
MEASURES = [m.value for m in Measure]
FACTS = [f.value for f in ViolationFact]
CLASSES = [c.value for c in ViolationClass]
#: the register's status filter: the derived statuses, plus ``open`` (anything not closed)
STATUSES = [*rules.STATUSES, "open"]


def register(sub: argparse._SubParsersAction) -> None:
    v = sub.add_parser(
        "violation", help=_("the violation register: record, measures, sign-off, export, purge")
    )
    vs = v.add_subparsers(dest="violation_command", metavar="ACTION", required=True)

    p = vs.add_parser("new", help=_("record a violation (R-VI-6); the class is suggested unless given"))
    p.add_argument("--unit", required=True, metavar="U", help=_("the violator's unit, e.g. 3-2-1201"))
    p.add_argument("--violator", required=True, metavar="NAME")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument(
        "--facts", required=True, metavar="TEXT", help=_("what happened, as recorded and signed by you")
    )
    p.add_argument("--at", metavar="ISO", help=_("when it happened (default: now)"))
    p.add_argument(
        "--arrears-months",
        type=int,
        metavar="N",
        help=_("fee kind: months the fee has been refused; 12 or more is major (R-VI-2a)"),
    )
    cls = p.add_mutually_exclusive_group()
    cls.add_argument(
        "--general",
        dest="violation_class",
        action="store_const",
        const="general",
        help=_("confirm a general violation"),
    )
    cls.add_argument(
        "--major",
        dest="violation_class",
        action="store_const",
        const="major",
        help=_("confirm a major violation"),
    )
    p.add_argument(
        "--attach", action="extend", nargs="+", default=[], metavar="PATH", help=_("photo or file references")
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_new)

    p = vs.add_parser("propose", help=_("propose a measure with its basis (R-VI-3, R-VI-5)"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("measure", choices=MEASURES, metavar="MEASURE", help=" | ".join(MEASURES))
    p.add_argument("--basis", required=True, metavar="TEXT", help=_("the basis of the measure (处理依据)"))
    p.add_argument("--amount", metavar="YUAN", help=_("compensation, or the sum claimed in litigation"))
    p.add_argument("--notice-at", metavar="ISO", help=_("when the written notice is served"))
    p.add_argument(
        "--effective-at",
        "--deadline",
        dest="effective_at",
        metavar="ISO",
        help=_("a rectification's deadline (a date means the end of that day); else when it takes effect"),
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_propose)

    p = vs.add_parser("record", help=_("record a fact the measures depend on"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("fact", choices=FACTS, metavar="FACT", help=" | ".join(FACTS))
    p.add_argument("--note", default="", metavar="TEXT")
    add_json_flag(p)
    p.set_defaults(handler=cmd_record)

    for name, helptext, handler, note_flag in (
        ("sign", _("the director signs a proposed measure; it takes effect"), "cmd_sign", "--note"),
        ("decline", _("the director declines a proposed measure"), "cmd_decline", "--reason"),
        ("complete", _("record a signed rectification as done"), "cmd_complete", "--note"),
    ):
        p = vs.add_parser(name, help=helptext)
        p.add_argument("id", type=int, metavar="ID")
        p.add_argument("measure_id", type=int, metavar="MEASURE-ID")
        p.add_argument(note_flag, dest="note", default="", metavar="TEXT")
        add_json_flag(p)
        p.set_defaults(handler=globals()[handler])

    p = vs.add_parser("follow-up", help=_("record the follow-up that eases the relationship (R-VI-4)"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--note", default="", metavar="TEXT", help=_("the follow-up result"))
    add_json_flag(p)
    p.set_defaults(handler=cmd_follow_up)

    p = vs.add_parser("close", help=_("close a violation once nothing is pending"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--note", default="", metavar="TEXT")
    add_json_flag(p)
    p.set_defaults(handler=cmd_close)

    p = vs.add_parser("reclassify", help=_("the director changes the class (R-VI-2)"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("violation_class", choices=CLASSES, metavar="CLASS", help=" | ".join(CLASSES))
    p.add_argument("--note", default="", metavar="TEXT")
    add_json_flag(p)
    p.set_defaults(handler=cmd_reclassify)

    p = vs.add_parser("show", help=_("one violation with its measures and history"))
    p.add_argument("id", type=int, metavar="ID")
    add_json_flag(p)
    p.set_defaults(handler=cmd_show)

    p = vs.add_parser("list", help=_("the register (every record unless filtered)"))
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--class", dest="violation_class", choices=CLASSES)
    p.add_argument("--status", choices=STATUSES, metavar="STATUS", help=" | ".join(STATUSES))
    p.add_argument("--unit", metavar="U", help=_("a unit, or a building/entrance prefix such as 3 or 3-2"))
    p.add_argument("--month", metavar="YYYY-MM")
    p.add_argument("--search", default="", metavar="TEXT")
    add_json_flag(p)
    p.set_defaults(handler=cmd_list)

    p = vs.add_parser("queue", help=_("the director's sign-off queue"))
    add_json_flag(p)
    p.set_defaults(handler=cmd_queue)

    p = vs.add_parser(
        "due", help=_("rectification deadlines and follow-ups due; puts new ones into the inbox")
    )
    p.add_argument("--now", metavar="ISO", help=_("scan as of this time (a rehearsal; director only)"))
    add_json_flag(p)
    p.set_defaults(handler=cmd_due)

    p = vs.add_parser("export", help=_("the month's charges for finance (R-VI-7)"))
    p.add_argument("month", metavar="YYYY-MM")
    p.add_argument("--format", dest="fmt", choices=["csv", "xlsx"], required=True)
    p.add_argument("--out", required=True, metavar="FILE")
    add_json_flag(p)
    p.set_defaults(handler=cmd_export)

    p = vs.add_parser(
        "purge", help=_("remove records past retention: general 1 year, major 5 years (R-VI-8)")
    )
    p.add_argument(
        "--before", required=True, metavar="DATE", help=_("records whose retention ended before DATE")
    )
    p.add_argument("--dry-run", action="store_true", help=_("only list what would go"))
    add_json_flag(p)
    p.set_defaults(handler=cmd_purge)


# --------------------------------------------------------------------------------------------------
# Parsing


def _amount(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(value.strip().replace(",", ""))
    except InvalidOperation:
        raise InputError("amount", _("not a number of yuan: {value}").format(value=value)) from None
    return rules.check_amount(amount)


def _deadline(value: str | None, tz, field: str) -> datetime | None:
    """An ISO time; a bare date means the end of that day in the site's time zone."""
    if value is None:
        return None
    text = value.strip()
    if len(text) == 10:
        try:
            return rules.deadline_from_date(date.fromisoformat(text), tz)
        except ValueError:
            pass
    return parse_time(text, tz, field)


def _date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(field, _("not a date (YYYY-MM-DD): {value}").format(value=value)) from None


# --------------------------------------------------------------------------------------------------
# Output


def _print_violation(view, tz) -> None:
    print(
        _("Violation #{id} (version {version}) — {status}").format(
            id=view.id, version=view.version, status=view.status_label
        )
    )
    lines = [
        (_("Violator"), f"{view.violator}  {view.unit}"),
        (_("Time"), iso(view.at, tz)),
        (_("Kind"), view.kind_label),
        (
            _("Class"),
            view.class_label
            + (
                ""
                if view.suggested_class == view.confirmed_class
                else " " + _("(suggested: {cls})").format(cls=rules.class_label(view.suggested_class))
            ),
        ),
        (_("Facts"), view.facts),
        (_("Recorded by"), f"{view.recorder}  {iso(view.recorded_at, tz)}"),
    ]
    if view.attachments:
        lines.append((_("Attachments"), ", ".join(view.attachments)))
    if view.facts_recorded:
        lines.append(
            (
                _("On record"),
                "; ".join(
                    f"{f.fact} ({f.by} {iso(f.at, tz)}{': ' + f.note if f.note else ''})"
                    for f in view.facts_recorded
                ),
            )
        )
    if view.followed_up_at:
        lines.append((_("Followed up"), iso(view.followed_up_at, tz)))
    if view.closed_at:
        lines.append((_("Closed"), iso(view.closed_at, tz)))
    lines.append((_("Keep until"), view.keep_until.isoformat()))
    for label, value in lines:
        print(f"  {label}: {value}")
    if view.measures:
        print(_("Measures:"))
        print_table(
            [
                _("id"),
                _("measure"),
                _("basis"),
                _("amount"),
                _("deadline"),
                _("proposed by"),
                _("signed"),
                _("effective"),
            ],
            [
                (
                    m.id,
                    m.label,
                    m.basis,
                    "" if m.amount is None else f"{m.amount:.2f}",
                    iso(m.deadline, tz) or "",
                    m.proposed_by,
                    f"{m.signed_by} {iso(m.signed_at, tz)}"
                    if m.signed_at
                    else (
                        _("declined by {name}").format(name=m.declined_by)
                        if m.declined_at
                        else _("waiting")
                        if m.pending
                        else ""
                    ),
                    _("yes") if m.effective else _("no"),
                )
                for m in view.measures
            ],
        )
    steps = view.next_steps
    offers = []
    if steps.measures:
        offers.append(_("propose {measures}").format(measures=", ".join(steps.measures)))
    if steps.sign:
        offers.append(_("sign {ids}").format(ids=", ".join(map(str, steps.sign))))
    if steps.complete:
        offers.append(_("complete {ids}").format(ids=", ".join(map(str, steps.complete))))
    if steps.facts:
        offers.append(_("record {facts}").format(facts=", ".join(steps.facts)))
    if steps.follow_up:
        offers.append(_("follow-up"))
    if steps.close:
        offers.append(_("close"))
    if offers:
        print(_("Next: {steps}").format(steps="; ".join(offers)))


def _print_action(ctx: Context, args: argparse.Namespace, result, message: str) -> int:
    if args.json:
        print_json(result.to_json())
    else:
        print(message)
        print(_("status: {status}").format(status=result.violation.status_label))
    return EXIT_OK


# --------------------------------------------------------------------------------------------------
# Handlers


def cmd_new(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    actor = ctx.require_actor()
    tz = ctx.site.tz
    try:
        result = vs.record_violation(
            ctx.site,
            actor,
            unit=args.unit,
            violator=args.violator,
            kind=args.kind,
            facts=args.facts,
            at=parse_time(args.at, tz, "at") if args.at else None,
            violation_class=args.violation_class,
            attachments=args.attach,
            arrears_months=args.arrears_months,
            now=ctx.now(),
        )
    except InputError as exc:
        if exc.field != "arrears_months":
            raise
        raise InputError("--arrears-months", exc.reason) from None
    view = result.violation
    if args.json:
        print_json(result.to_json())
        return EXIT_OK
    print(
        _("violation #{id} recorded: {unit} {violator}, {kind}").format(
            id=view.id, unit=view.unit, violator=view.violator, kind=view.kind_label
        )
    )
    if args.violation_class is None:
        print(
            _("class: {cls} (suggested: {reasons}; the director may reclassify)").format(
                cls=view.class_label, reasons="; ".join(result.class_reasons)
            )
        )
    else:
        print(
            _("class: {cls} (confirmed; suggested {suggested})").format(
                cls=view.class_label, suggested=rules.class_label(view.suggested_class)
            )
        )
    return EXIT_OK


def cmd_propose(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    actor = ctx.require_actor()
    tz = ctx.site.tz
    result = vs.propose_measure(
        ctx.site,
        actor,
        args.id,
        args.measure,
        basis=args.basis,
        amount=_amount(args.amount),
        notice_at=_deadline(args.notice_at, tz, "notice_at"),
        effective_at=_deadline(args.effective_at, tz, "effective_at"),
        now=ctx.now(),
    )
    m = result.measure
    assert m is not None
    if m.effective:
        message = _("measure #{mid} on violation #{id}: {measure}, effective at once").format(
            mid=m.id, id=args.id, measure=m.label
        )
    else:
        message = _(
            "measure #{mid} proposed on violation #{id}: {measure}; it takes effect when the director signs it"
        ).format(mid=m.id, id=args.id, measure=m.label)
    return _print_action(ctx, args, result, message)


def cmd_record(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    result = vs.record_fact(ctx.site, ctx.require_actor(), args.id, args.fact, note=args.note, now=ctx.now())
    return _print_action(
        ctx, args, result, _("{fact} recorded on violation #{id}").format(fact=args.fact, id=args.id)
    )


def cmd_sign(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    result = vs.sign_measure(
        ctx.site, ctx.require_actor(), args.id, args.measure_id, note=args.note, now=ctx.now()
    )
    m = result.measure
    assert m is not None
    return _print_action(
        ctx,
        args,
        result,
        _("measure #{mid} ({measure}) signed at {at}; it is in effect").format(
            mid=m.id, measure=m.label, at=iso(m.signed_at, ctx.site.tz)
        ),
    )


def cmd_decline(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    result = vs.decline_measure(
        ctx.site, ctx.require_actor(), args.id, args.measure_id, reason=args.note, now=ctx.now()
    )
    return _print_action(ctx, args, result, _("measure #{mid} declined").format(mid=args.measure_id))


def cmd_complete(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    result = vs.complete_measure(
        ctx.site, ctx.require_actor(), args.id, args.measure_id, note=args.note, now=ctx.now()
    )
    return _print_action(
        ctx, args, result, _("rectification #{mid} recorded as done").format(mid=args.measure_id)
    )


def cmd_follow_up(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    result = vs.record_follow_up(ctx.site, ctx.require_actor(), args.id, note=args.note, now=ctx.now())
    return _print_action(ctx, args, result, _("follow-up recorded on violation #{id}").format(id=args.id))


def cmd_close(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    result = vs.close_violation(ctx.site, ctx.require_actor(), args.id, note=args.note, now=ctx.now())
    return _print_action(ctx, args, result, _("violation #{id} closed").format(id=args.id))


def cmd_reclassify(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    result = vs.reclassify_violation(
        ctx.site, ctx.require_actor(), args.id, args.violation_class, note=args.note, now=ctx.now()
    )
    return _print_action(
        ctx,
        args,
        result,
        _("violation #{id} is now a {cls}").format(id=args.id, cls=result.violation.class_label.lower()),
    )


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    actor = ctx.actor if ctx.as_name else None
    view = vs.get_violation(ctx.site, actor, args.id, now=ctx.now())
    if args.json:
        print_json(view.to_json())
    else:
        _print_violation(view, ctx.site.tz)
    return EXIT_OK


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    flt = vs.ViolationFilter(
        kind=args.kind,
        violation_class=args.violation_class,
        status=args.status,
        unit=args.unit,
        month=args.month,
        search=args.search,
    )
    now = ctx.now()
    rows = []
    after = None
    while True:
        page = vs.list_violations(ctx.site, flt, now=now, after=after, limit=500)
        rows.extend(page.rows)
        if not page.has_after:
            break
        after = page.last_key
    tz = ctx.site.tz
    if args.json:
        print_json([r.to_json() for r in rows])
        return EXIT_OK
    print_table(
        [_("id"), _("time"), _("unit"), _("violator"), _("kind"), _("class"), _("status"), _("last measure")],
        [
            (
                r.id,
                r.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                r.unit,
                r.violator,
                rules.kind_label(r.kind),
                rules.class_label(r.confirmed_class) if r.confirmed_class else "",
                vs.status_label(r.status),
                rules.measure_label(r.last_measure) if r.last_measure else "",
            )
            for r in rows
        ],
    )
    print(ngettext("{n} violation", "{n} violations", len(rows)).format(n=len(rows)))
    return EXIT_OK


def cmd_queue(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    items = vs.signoff_queue(ctx.site)
    if args.json:
        print_json([i.to_json() for i in items])
        return EXIT_OK
    tz = ctx.site.tz
    print_table(
        [
            _("violation"),
            _("measure id"),
            _("unit"),
            _("class"),
            _("measure"),
            _("amount"),
            _("deadline"),
            _("proposed by"),
            _("proposed at"),
        ],
        [
            (
                i.violation_id,
                i.measure_id,
                i.unit,
                rules.class_label(i.violation_class),
                rules.measure_label(i.measure),
                "" if i.amount is None else f"{i.amount:.2f}",
                iso(i.deadline, tz) or "",
                i.proposed_by,
                iso(i.proposed_at, tz),
            )
            for i in items
        ],
    )
    print(_("{n} waiting for the director's signature").format(n=len(items)))
    return EXIT_OK


def cmd_due(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    tz = ctx.site.tz
    if args.now:
        permissions.require(ctx.require_actor(), "escalation.rehearse")
        now = parse_time(args.now, tz, "now")
    else:
        now = ctx.now()
    scan = vs.due_rectifications(ctx.site, now)
    if args.json:
        print_json(scan.to_json())
        return EXIT_OK
    print_table(
        [_("violation"), _("measure id"), _("unit"), _("due"), _("since"), _("new")],
        [
            (
                d.violation_id,
                d.measure_id,
                d.unit,
                _("rectification deadline")
                if d.kind == vs.INBOX_RECTIFICATION_DUE
                else _("follow-up after penalty"),
                iso(d.due_at, tz),
                _("yes") if d.notified else "",
            )
            for d in scan.due
        ],
    )
    print(_("{n} due; {items} inbox items added").format(n=len(scan.due), items=scan.inbox_items))
    return EXIT_OK


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    actor = ctx.require_actor()
    year, month = vs.parse_month(args.month)
    rows = vs.finance_rows(ctx.site, actor, year, month)
    out = Path(args.out).expanduser()
    try:
        if args.fmt == "csv":
            vs.write_finance_csv(rows, out)
        else:
            vs.write_finance_xlsx(rows, out, title=f"{year:04d}-{month:02d}")
    except OSError as exc:
        raise InputError("out", f"{out}: {exc.strerror or exc}") from None
    total = sum((r.amount for r in rows), Decimal("0"))
    if args.json:
        print_json(
            {
                "month": f"{year:04d}-{month:02d}",
                "file": str(out),
                "format": args.fmt,
                "total": f"{total:.2f}",
                "rows": [r.to_json() for r in rows],
            }
        )
    else:
        print(
            _("{n} charges, {total} yuan in total, written to {path}").format(
                n=len(rows), total=f"{total:.2f}", path=out
            )
        )
    return EXIT_OK


def cmd_purge(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import violations as vs

    actor = ctx.require_actor()
    result = vs.purge_violations(
        ctx.site, actor, before=_date(args.before, "before"), now=ctx.now(), dry_run=args.dry_run
    )
    if args.json:
        print_json(result.to_json())
        return EXIT_OK
    tz = ctx.site.tz
    print_table(
        [_("id"), _("class"), _("unit"), _("violator"), _("recorded"), _("closed"), _("keep until")],
        [
            (
                c.id,
                rules.class_label(c.violation_class),
                c.unit,
                c.violator,
                iso(c.recorded_at, tz),
                iso(c.closed_at, tz) or "",
                c.keep_until.isoformat(),
            )
            for c in result.candidates
        ],
    )
    if result.dry_run:
        print(ngettext(
            "dry run: {n} violation would be purged (nothing removed)",
            "dry run: {n} violations would be purged (nothing removed)",
            len(result.candidates),
        ).format(n=len(result.candidates)))
    else:
        print(ngettext(
            "{n} violation purged; the purge is logged", "{n} violations purged; the purge is logged", result.removed
        ).format(n=result.removed))
    return EXIT_OK
