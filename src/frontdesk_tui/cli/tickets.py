"""``ticket new|show|list|act|recompute``: complaints from the command line.

``ticket new`` shows the record and asks for the read-back confirmation (R-IN-3) unless ``--yes``
says it was read back and confirmed; an open ticket of the same unit and category (R-IN-7) is
warned about on standard error, ``--attach`` adds the raise to it, ``--yes`` alone opens a new one.
Read-only commands need no ``--as`` and then show phones masked (R-PD-3).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, tzinfo
from typing import Any

from frontdesk_tui.cli.common import (
    EXIT_OK,
    EXIT_REFUSED,
    Context,
    add_json_flag,
    iso,
    parse_time,
    print_json,
    print_table,
)
from frontdesk_tui.domain.codes import (
    CHANNEL_DETAILS,
    Action,
    Category,
    Channel,
    Complexity,
    Satisfaction,
    Severity,
)
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.domain.text import clean_line
from frontdesk_tui.domain.tickets.lifecycle import HOW_TOLD
from frontdesk_tui.i18n import _, ngettext

#: Service field -> the option that sets it, so an error names what the user typed.
_FLAGS = {
    "owner_name": "--name",
    "phone": "--phone",
    "unit": "--unit",
    "channel": "--channel",
    "channel_detail": "--via",
    "category": "--category",
    "description": "--description",
    "request": "--request",
    "complexity": "--complexity",
    "department": "--department",
    "received_at": "--received-at",
    "happened_at": "--happened-at",
    "place": "--place",
    "against": "--against",
    "equipment": "--equipment",
    "symptom": "--symptom",
    "staff": "--staff",
    "contact": "--contact",
    "working_days": "--working-days",
    "how_told": "--how-told",
    "owner_told": "--owner-told",
    "owner_agreed": "--owner-agreed",
    "taken_over": "--taken-over",
    "expected_at": "--expected-at",
    "corrects": "--corrects",
    "called": "--called",
    "satisfaction": "--satisfaction",
    "severity": "--severity",
    "handler": "--handler",
    "reason": "--reason",
    "note": "--note",
    "cause": "--cause",
    "improvement": "--improvement",
}

_YES = ("y", "yes", "是", "是的", "对")


def _codes(enum: Any) -> str:
    return "|".join(e.value for e in enum)


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser("ticket", help=_("complaints: new, show, list, act, recompute"))
    ts = t.add_subparsers(dest="ticket_command", metavar="ACTION", required=True)

    n = ts.add_parser("new", help=_("record a complaint (asks for the read-back confirmation)"))
    n.add_argument("--channel", required=True, metavar=_codes(Channel))
    n.add_argument(
        "--via",
        default="",
        metavar=_codes(CHANNEL_DETAILS[Channel.ONLINE]),
        help=_("online only: which way it came (R-IN-1a)"),
    )
    n.add_argument("--hotline", action="store_true", help=_("phone only: it came on the 24-hour hotline (R-IN-1a)"))
    n.add_argument("--category", required=True, metavar=_codes(Category))
    n.add_argument("--unit", required=True, metavar="UNIT", help=_("unit 3-2-1201 or a public area's name"))
    n.add_argument("--name", default="", metavar="NAME", help=_("the owner's name"))
    n.add_argument("--phone", default="", metavar="PHONE")
    n.add_argument("--description", required=True, metavar="TEXT", help=_("what happened"))
    n.add_argument("--request", default="", metavar="TEXT", help=_("what the owner asks for"))
    n.add_argument(
        "--complexity", metavar=_codes(Complexity), help=_("assess at once: the deadline follows it")
    )
    n.add_argument("--emergency", action="store_true", help=_("start the emergency plan (R-EM-1)"))
    n.add_argument("--department", metavar="D", help=_("department code; default by category (R-IN-5)"))
    n.add_argument("--received-at", metavar="ISO", help=_("when the complaint was received (default: now)"))
    n.add_argument("--happened-at", metavar="ISO", help=_("when it happened"))
    n.add_argument("--place", default="", metavar="TEXT", help=_("where it happened"))
    n.add_argument("--against", default="", metavar="TEXT", help=_("person or department complained about"))
    n.add_argument(
        "--equipment", default="", metavar="TEXT", help=_("engineering: equipment and its location")
    )
    n.add_argument("--symptom", default="", metavar="TEXT", help=_("engineering: what is wrong with it"))
    n.add_argument("--staff", default="", metavar="TEXT", help=_("service quality: the staff involved"))
    n.add_argument("--contact", default="", metavar="TEXT", help=_("how else to reach the owner"))
    n.add_argument(
        "--yes", action="store_true", help=_("the record was read back and the owner confirmed it")
    )
    n.add_argument(
        "--attach",
        action="store_true",
        help=_("add the raise to the open ticket of the same unit and category"),
    )
    add_json_flag(n)
    n.set_defaults(handler=cmd_ticket_new)

    s = ts.add_parser("show", help=_("one ticket with its timeline"))
    s.add_argument("id", type=int, metavar="ID")
    add_json_flag(s)
    s.set_defaults(handler=cmd_ticket_show)

    ls = ts.add_parser("list", help=_("tickets, open ones unless --status says otherwise"))
    ls.add_argument("--status", metavar="S", help=_("a status code, open (default) or all"))
    ls.add_argument("--overdue", action="store_true", help=_("only tickets past their deadline"))
    ls.add_argument(
        "--supervision",
        action="store_true",
        help=_("the supervision board: everything that needs a supervisor, oldest first (R-KP-2)"),
    )
    ls.add_argument("--department", metavar="D")
    ls.add_argument("--unit", metavar="U")
    ls.add_argument("--search", metavar="TEXT", help=_("unit, phone, owner name, ticket number or any words"))
    ls.add_argument("--limit", type=int, default=50, metavar="N", help=_("at most N tickets (0: all)"))
    add_json_flag(ls)
    ls.set_defaults(handler=cmd_ticket_list)

    a = ts.add_parser("act", help=_("take a lifecycle action on a ticket"))
    a.add_argument("id", type=int, metavar="ID")
    a.add_argument("action", metavar="ACTION", help=_codes(Action))
    a.add_argument("--note", metavar="TEXT")
    a.add_argument("--complexity", metavar=_codes(Complexity))
    a.add_argument("--severity", metavar=_codes(Severity))
    a.add_argument("--department", metavar="D")
    a.add_argument("--handler", dest="handler_name", metavar="NAME")
    a.add_argument(
        "--working-days", metavar="N", help=_("complex tickets: working days allowed (at most 15)")
    )
    a.add_argument("--reason", metavar="TEXT")
    a.add_argument(
        "--owner-told", action="store_true", default=None,
        help=_("extend, revise-expected: the owner was told"),
    )
    a.add_argument(
        "--expected-at", metavar="ISO",
        help=_("revise-expected: the revised expected resolution time of an emergency (R-EM-4)"),
    )
    a.add_argument("--how-told", metavar="|".join(HOW_TOLD))
    a.add_argument("--satisfaction", metavar=_codes(Satisfaction))
    a.add_argument("--corrects", metavar="EVENT_ID")
    a.add_argument(
        "--called", metavar="NAME",
        help=_("escalate: the supervisor called: an assistant, the director, or off duty hours the officer on duty "
               "(R-IN-8a)"),
    )
    a.add_argument(
        "--owner-agreed", action="store_true", default=None,
        help=_("escalate: the owner agreed to be handed to the supervisor (R-IN-8a)"),
    )
    a.add_argument(
        "--taken-over", action="store_true", default=None,
        help=_("escalate: a supervisor takes the ticket over in their own name (nobody called)"),
    )
    a.add_argument("--cause", metavar="TEXT", help=_("summary: the cause"))
    a.add_argument("--improvement", metavar="TEXT", help=_("summary: the improvement measures"))
    a.add_argument("--requirements", metavar="TEXT", help=_("assign: what is required"))
    a.add_argument("--responsibility", metavar="TEXT", help=_("assess: who is responsible"))
    a.add_argument("--version", type=int, metavar="N", help=_("refuse if the ticket changed since version N"))
    add_json_flag(a)
    a.set_defaults(handler=cmd_ticket_act)

    r = ts.add_parser("recompute", help=_("recompute open deadlines after the holiday file changed"))
    add_json_flag(r)
    r.set_defaults(handler=cmd_ticket_recompute)


# --- helpers ----------------------------------------------------------------------------------


def _flagged(exc: InputError) -> InputError:
    """The same error naming the option the user typed."""
    flag = _FLAGS.get(exc.field)
    if flag is None:
        return exc
    return type(exc)(flag, exc.reason)


def _ask(prompt: str) -> str:
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    return line.strip().lower()


def _record_lines(args: argparse.Namespace) -> list[tuple[str, str]]:
    rows = [
        (_("channel"), args.channel),
        (_("via"), _channel_detail(args)),
        (_("category"), args.category),
        (_("unit or place"), args.unit),
        (_("owner"), args.name),
        (_("phone"), args.phone),
        (_("contact"), args.contact),
        (_("received at"), args.received_at or _("now")),
        (_("happened at"), args.happened_at or ""),
        (_("place"), args.place),
        (_("complained about"), args.against),
        (_("what happened"), args.description),
        (_("request"), args.request),
        (_("equipment"), args.equipment),
        (_("symptom"), args.symptom),
        (_("staff involved"), args.staff),
        (_("complexity"), args.complexity or ""),
        (_("department"), args.department or ""),
        (_("emergency"), _("yes") if args.emergency else ""),
    ]
    return [(k, v) for k, v in rows if v]


def _local(value: datetime | None, tz: tzinfo) -> str:
    """A time as the text output reads it: the site's time, to the minute, like ``ticket list`` and
    the duty log (``--json`` keeps ISO 8601 with the offset, R-DL-5)."""
    return "" if value is None else value.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _ticket_lines(view: Any, tz: tzinfo) -> list[tuple[str, str]]:
    rows = [
        (_("status"), view.status),
        (_("category"), view.category),
        (_("severity"), view.severity or "—"),
        (_("complexity"), view.complexity or "—"),
        (_("emergency"), _("yes") if view.emergency else _("no")),
        (_("channel"), view.channel),
        (_("via"), view.channel_detail),
        (_("unit or place"), view.unit),
        (_("owner"), view.owner_name),
        (_("phone"), view.phone),
        (_("contact"), view.contact),
        (_("department"), f"{view.department_name} ({view.department})"),
        (_("handler"), view.handler),
        (_("received at"), _local(view.received_at, tz)),
        (_("due at"), _local(view.due_at, tz) + (" " + _("OVERDUE") if view.overdue else "")),
        (_("paused since"), _local(view.paused_at, tz)),
        (_("on site by"), _local(view.on_site_due, tz)),
        (_("under control by"), _local(view.under_control_due, tz)),
        (_("what happened"), view.description),
        (_("request"), view.request),
        (
            _("revised expected"),
            _local(view.revised_expected_at, tz) + " (R-EM-4)" if view.revised_expected_at else "",
        ),
        (_("recurrence of"), str(view.recurrence_of) if view.recurrence_of else ""),
        (_("version"), str(view.version)),
    ]
    return [(k, v) for k, v in rows if v]


def _print_pairs(rows: list[tuple[str, str]], out: Any = None) -> None:
    from frontdesk_tui.cli.common import display_width

    out = out or sys.stdout
    width = max((display_width(k) for k, _v in rows), default=0)
    for key, value in rows:
        out.write(f"  {key}{' ' * (width - display_width(key))}  {value}\n")


# --- commands ---------------------------------------------------------------------------------


def _channel_detail(args: argparse.Namespace) -> str:
    """R-IN-1a from ``--via``/``--hotline``; a combination the channel cannot carry is bad input."""
    via = str(getattr(args, "via", "") or "").strip()
    hotline = bool(getattr(args, "hotline", False))
    if via and hotline:
        raise InputError("--via", _("give --via (online) or --hotline (phone), not both"))
    if via and args.channel != Channel.ONLINE.value:
        raise InputError("--via", _("only with --channel online (R-IN-1a)"))
    if hotline and args.channel != Channel.PHONE.value:
        raise InputError("--hotline", _("only with --channel phone (R-IN-1a)"))
    return "hotline" if hotline else via


def cmd_ticket_new(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import tickets

    channel_detail = _channel_detail(args)
    actor = ctx.require_actor()
    tz = ctx.site.tz
    now = ctx.now()
    draft = tickets.ComplaintDraft(
        owner_name=args.name,
        phone=args.phone,
        unit=args.unit,
        received_at=parse_time(args.received_at, tz, "--received-at") if args.received_at else None,
        channel=args.channel,
        channel_detail=channel_detail,
        category=args.category,
        happened_at=parse_time(args.happened_at, tz, "--happened-at") if args.happened_at else None,
        place=args.place,
        against=args.against,
        description=args.description,
        request=args.request,
        contact=args.contact,
        equipment=args.equipment,
        symptom=args.symptom,
        staff=args.staff,
        complexity=args.complexity or None,
        emergency=args.emergency,
        department=args.department,
        read_back_confirmed=bool(args.yes),
    )
    try:
        if not args.yes:
            # Check every field first (R-IN-3 is the only refusal left), then read the record back.
            try:
                tickets.record_complaint(ctx.site, actor, draft, now=now)
            except RuleError as exc:
                if exc.rule != "R-IN-3":
                    raise
            sys.stderr.write(_("Read the record back to the owner:") + "\n")
            _print_pairs(_record_lines(args), sys.stderr)
            answer = _ask(_("Did the owner confirm it? [y/N] "))
            if answer not in _YES:
                raise RuleError("R-IN-3", _("The owner did not confirm the record; nothing was recorded."))
            draft.read_back_confirmed = True
        try:
            result = tickets.record_complaint(ctx.site, actor, draft, now=now)
        except tickets.DuplicateFound as dup:
            sys.stderr.write(_("warning: {message} (R-IN-7)").format(message=dup.reason) + "\n")
            if args.attach:
                result = tickets.record_complaint(ctx.site, actor, draft, now=now, attach_to=dup.ticket_id)
            elif args.yes:
                result = tickets.record_complaint(ctx.site, actor, draft, now=now, force_new=True)
            else:
                answer = _ask(
                    _("Attach it to ticket {id} (a) or open a new ticket (n)? [a/n] ").format(
                        id=dup.ticket_id
                    )
                )
                if answer in ("a", "attach", "附加"):
                    result = tickets.record_complaint(
                        ctx.site, actor, draft, now=now, attach_to=dup.ticket_id
                    )
                elif answer in ("n", "new", "新"):
                    result = tickets.record_complaint(ctx.site, actor, draft, now=now, force_new=True)
                else:
                    raise RuleError(
                        "R-IN-7", _("Neither attached nor opened; nothing was recorded.")
                    ) from None
    except InputError as exc:
        raise _flagged(exc) from None
    if args.json:
        assert result.ticket is not None
        data = result.ticket.to_json()
        data.update(
            receipt=result.receipt,
            attached=result.attached,
            open_duplicates=list(result.open_duplicates),
            warnings=list(result.warnings),
        )
        print_json(data)
        return EXIT_OK
    if result.attached:
        print(_("raise added to ticket {id} (R-IN-7)").format(id=result.ticket_id))
    else:
        print(_("ticket {id} recorded").format(id=result.ticket_id))
    print(_("due at {due}").format(due=_local(result.due_at, tz)))
    if result.on_site_due is not None:
        print(_("response team on site by {time} (R-EM-2)").format(time=_local(result.on_site_due, tz)))
    if result.recurrence_of:
        print(_("linked as a recurrence of ticket {id} (R-IN-7)").format(id=result.recurrence_of))
    for warning in result.warnings:
        sys.stderr.write(f"frontdesk: {warning}\n")
    print(_("read out to the owner: {receipt}").format(receipt=result.receipt))
    return EXIT_OK


def cmd_ticket_show(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import tickets

    view = tickets.get_ticket(ctx.site, ctx.actor, args.id, now=ctx.now())
    if args.json:
        print_json(view.to_json())
        return EXIT_OK
    from frontdesk_tui.services.tickets import timeline

    tz = ctx.site.tz
    print(_("ticket {id}").format(id=view.id))
    _print_pairs(_ticket_lines(view, tz))
    print(_("timeline:"))
    for e in view.events:
        # In words, as the ticket screen reads it (JSON keeps the codes and ISO times).
        who = e.operator or e.rule
        extra = ""
        if e.corrects:
            extra = " " + _("(corrects event {id})").format(id=e.corrects)
        line = f"  #{e.id} {_local(e.at, tz)} {timeline.event_title(e)} {who}{extra}"
        note = timeline.event_note(e)
        if note:
            line += f" — {clean_line(note)}"
        details = timeline.event_details(e, tz)
        if details:
            line += f" [{'; '.join(details)}]"
        print(line)
    if view.allowed_actions:
        print(_("you may: {actions}").format(actions=", ".join(view.allowed_actions)))
    return EXIT_OK


def cmd_ticket_list(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import tickets

    if args.limit < 0:
        raise InputError("--limit", _("0 (all) or a positive number"))
    if args.supervision:
        return _supervision_board(ctx, args)
    rows = tickets.list_tickets(
        ctx.site,
        ctx.actor,
        now=ctx.now(),
        status=args.status,
        overdue=args.overdue,
        department=args.department,
        unit=args.unit,
        search=args.search,
        limit=args.limit,
    )
    if args.json:
        print_json([r.to_json() for r in rows])
        return EXIT_OK
    tz = ctx.site.tz

    def short(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= 24 else text[:23] + "…"

    print_table(
        [
            _("id"),
            _("status"),
            _("category"),
            _("severity"),
            _("unit"),
            _("owner"),
            _("phone"),
            _("due"),
            "",
            _("description"),
        ],
        [
            (
                r.id,
                r.status,
                r.category,
                r.severity or "",
                r.unit,
                r.owner_name,
                r.phone,
                (iso(r.due_at, tz) or "")[:16].replace("T", " "),
                ("!" + _("overdue") if r.overdue else "")
                + (" " + _("paused") if r.paused else "")
                + (" " + _("emergency") if r.emergency else ""),
                short(r.description),
            )
            for r in rows
        ],
    )
    return EXIT_OK


def _supervision_board(ctx: Context, args: argparse.Namespace) -> int:
    """R-KP-2: the board's one definition (services.supervision.board), as the F6 screen shows it."""
    from frontdesk_tui.services.site.inbox import ref_label
    from frontdesk_tui.services.supervision.board import MAX_LIMIT, kind_label, supervision_board

    for flag, value in (("--status", args.status), ("--overdue", args.overdue), ("--department", args.department),
                        ("--unit", args.unit), ("--search", args.search)):
        if value:
            raise InputError(flag, _("--supervision lists the whole board; it takes only --limit and --json"))
    board = supervision_board(ctx.site, ctx.actor, now=ctx.now(), limit=min(args.limit or MAX_LIMIT, MAX_LIMIT))
    tz = ctx.site.tz
    if args.json:
        print_json([i.to_json(tz) for i in board.items])
        return EXIT_OK
    # Kinds and records in the reader's words (issue 11), as the F6 board shows them; --json keeps codes.
    counts = "  ".join(f"{kind_label(kind)} {n}" for kind, n in board.counts.items() if n)
    print(counts or _("Nothing needs a supervisor."))
    print_table(
        [_("since"), _("kind"), _("record"), _("unit"), _("handler"), _("summary")],
        [
            (
                (iso(i.at, tz) or "")[:16].replace("T", " "),
                "+".join(kind_label(k) for k in (i.kind, *i.also)),
                ref_label(i.ref_kind, i.ref_id) or i.ref_kind,
                i.unit,
                i.handler,
                i.summary if len(i.summary) <= 24 else i.summary[:23] + "…",
            )
            for i in board.items
        ],
    )
    return EXIT_OK


_ACT_FIELDS = (
    "note",
    "complexity",
    "severity",
    "department",
    "working_days",
    "reason",
    "owner_told",
    "how_told",
    "satisfaction",
    "corrects",
    "called",
    "owner_agreed",
    "taken_over",
    "cause",
    "improvement",
    "requirements",
    "responsibility",
)


def cmd_ticket_act(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import tickets

    actor = ctx.require_actor()
    fields = {name: getattr(args, name) for name in _ACT_FIELDS if getattr(args, name) is not None}
    if args.handler_name is not None:  # ``args.handler`` is the command's function
        fields["handler"] = args.handler_name
    if args.expected_at is not None:
        fields["expected_at"] = parse_time(args.expected_at, ctx.site.tz, "--expected-at")
    try:
        view = tickets.act(
            ctx.site, actor, args.id, args.action, fields, now=ctx.now(), expected_version=args.version
        )
    except InputError as exc:
        raise _flagged(exc) from None
    if args.json:
        print_json(view.to_json())
        return EXIT_OK
    print(
        _("ticket {id}: {action} done, now {status}").format(
            id=view.id, action=args.action, status=view.status
        )
    )
    print(
        _("due at {due}").format(due=_local(view.due_at, ctx.site.tz))
        + (" " + _("OVERDUE") if view.overdue else "")
    )
    if view.follow_up_due_at and not view.follow_up_done:
        print(_("follow-up visit due by {time}").format(time=_local(view.follow_up_due_at, ctx.site.tz)))
    if args.action == "revise-expected" and view.revised_expected_at is not None:
        print(
            _("revised expected time {time}; the emergency clocks stay as they were (R-EM-4)").format(
                time=_local(view.revised_expected_at, ctx.site.tz)
            )
        )
    return EXIT_OK


def cmd_ticket_recompute(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services import tickets

    actor = ctx.require_actor()
    moved = tickets.recompute_open_deadlines(ctx.site, now=ctx.now(), actor=actor)
    if args.json:
        print_json({"moved": moved})
    else:
        print(ngettext("{n} open deadline moved", "{n} open deadlines moved", moved).format(n=moved))
    return EXIT_OK


__all__ = ["register", "EXIT_REFUSED"]
