"""``duty …``, ``roster …`` and ``handover …``: night duty from the command line (issue 5).

The handover can be walked one step per command (issue 12), so a script or an SSH session does
what the screen does, through the same services: ``handover start``, ``count``, ``anomalies``,
``item``, ``sign`` (each officer with their own password), ``override``.
"""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

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
from frontdesk_tui.domain.errors import InputError, NotFound
from frontdesk_tui.i18n import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:
    _register_duty(sub)
    _register_roster(sub)
    _register_handover(sub)


def _register_duty(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser("duty", help=_("night duty: the duty log, its check, who is on duty"))
    ds = d.add_subparsers(dest="duty_command", metavar="ACTION", required=True)

    log = ds.add_parser("log", help=_("the duty log: add, list, correct, sign, purge"))
    ls = log.add_subparsers(dest="log_command", metavar="ACTION", required=True)
    a = ls.add_parser("add", help=_("write an entry: what happened"))
    a.add_argument("text", metavar="TEXT")
    a.add_argument("--follow-up", default="", metavar="TEXT", help=_("the follow-up result"))
    a.add_argument("--important", action="store_true", help=_("important: blocks the handover until handed over"))
    add_json_flag(a)
    a.set_defaults(handler=cmd_log_add)

    li = ls.add_parser("list", help=_("list entries (in the order they were written)"))
    li.add_argument("--from", dest="start", metavar="DATE", help=_("from this day or time"))
    li.add_argument("--to", dest="end", metavar="DATE", help=_("up to and including this day (or before this time)"))
    add_json_flag(li)
    li.set_defaults(handler=cmd_log_list)

    c = ls.add_parser("correct", help=_("correct an entry: a new entry pointing at it; the old one stays"))
    c.add_argument("id", type=int, metavar="ID")
    c.add_argument("text", metavar="TEXT")
    c.add_argument("--follow-up", default="", metavar="TEXT", help=_("the follow-up result"))
    mark = c.add_mutually_exclusive_group()
    mark.add_argument("--important", dest="important", action="store_true", default=None)
    mark.add_argument("--not-important", dest="important", action="store_false")
    add_json_flag(c)
    c.set_defaults(handler=cmd_log_correct)

    s = ls.add_parser("sign", help=_("the assistant's morning check: sign the log up to an entry"))
    s.add_argument("--up-to", type=int, metavar="ID", help=_("the last entry checked (default: the newest)"))
    add_json_flag(s)
    s.set_defaults(handler=cmd_log_sign)

    p = ls.add_parser("purge", help=_("remove entries older than 3 years, keeping the anchor (logged)"))
    p.add_argument("--before", required=True, metavar="DATE", help=_("remove entries written before this day"))
    p.add_argument("--dry-run", action="store_true", help=_("count, change nothing"))
    add_json_flag(p)
    p.set_defaults(handler=cmd_log_purge)

    v = ds.add_parser("verify", help=_("check the duty log's hash chain; exit 1 naming the first broken entry"))
    add_json_flag(v)
    v.set_defaults(handler=cmd_verify)

    n = ds.add_parser("now", help=_("who is on duty now and next"))
    add_json_flag(n)
    n.set_defaults(handler=cmd_duty_now)


def _register_roster(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser("roster", help=_("the duty roster: show, set, swap"))
    rs = r.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    sh = rs.add_parser("show", help=_("a month of the roster, laid out like the paper form"))
    sh.add_argument("month", nargs="?", metavar="YYYY-MM", help=_("default: this month"))
    sh.add_argument("--format", choices=["text", "html"], default="text")
    sh.add_argument("--out", metavar="FILE", help=_("write to FILE instead of the terminal"))
    add_json_flag(sh)
    sh.set_defaults(handler=cmd_roster_show)

    st = rs.add_parser("set", help=_("set this or next month's roster (assistant or director)"))
    st.add_argument("month", metavar="YYYY-MM")
    src = st.add_mutually_exclusive_group(required=True)
    src.add_argument("--day", action="append", metavar="D=NAME", help=_("day of the month (or date) and officer"))
    src.add_argument("--file", metavar="CSV", help=_("lines of date,name (a header line is allowed)"))
    add_json_flag(st)
    st.set_defaults(handler=cmd_roster_set)

    sw = rs.add_parser("swap", help=_("ask for a swap, or approve or refuse one (assistant or director)"))
    sw.add_argument("date", metavar="DATE")
    sw.add_argument("--with", dest="with_name", required=True, metavar="NAME", help=_("who takes the day"))
    sw.add_argument("--other-day", metavar="DATE", help=_("exchange: the day the other officer gives back"))
    decision = sw.add_mutually_exclusive_group()
    decision.add_argument("--approve", action="store_true")
    decision.add_argument("--refuse", action="store_true")
    sw.add_argument("--reason", default="", metavar="TEXT", help=_("why a swap is refused"))
    add_json_flag(sw)
    sw.set_defaults(handler=cmd_roster_swap)

    si = rs.add_parser("stand-in", help=_("R-DU-5: record who stands in for the rostered officer (assistant or director)"))
    si.add_argument("date", metavar="DATE")
    si.add_argument("--officer", required=True, metavar="NAME", help=_("who stands in"))
    si.add_argument("--reason", required=True, metavar="TEXT", help=_("why the rostered officer cannot come"))
    add_json_flag(si)
    si.set_defaults(handler=cmd_roster_stand_in)


def _register_handover(sub: argparse._SubParsersAction) -> None:
    h = sub.add_parser("handover", help=_("shift handovers: walk, sign, status and records"))
    hs = h.add_subparsers(dest="handover_command", metavar="ACTION", required=True)
    sa = hs.add_parser("start", help=_("start the handover of the nearest shift change, or resume it"))
    add_json_flag(sa)
    sa.set_defaults(handler=cmd_handover_start)
    co = hs.add_parser("count", help=_("R-HO-1: count one item of the post"))
    co.add_argument("item", metavar="ITEM", help=_("the item of the post, as listed (对讲机 …)"))
    co.add_argument("counted", type=int, metavar="COUNTED")
    co.add_argument("--damaged", action="store_true", help=_("the item is damaged"))
    co.add_argument("--explanation", default="", metavar="TEXT",
                    help=_("the outgoing officer's explanation of a shortage or damage"))
    add_json_flag(co)
    co.set_defaults(handler=cmd_handover_count)
    an = hs.add_parser("anomalies", help=_("R-HO-1: the log and open work were read; anomalies found (\"\" if none)"))
    an.add_argument("text", metavar="TEXT")
    add_json_flag(an)
    an.set_defaults(handler=cmd_handover_anomalies)
    it = hs.add_parser("item", help=_("R-HO-2: hand over one item: take-over, finish or leave"))
    it.add_argument("ref", metavar="REF", help=_("the item's number (or KIND:ID when two kinds share it)"))
    it.add_argument("disposition", choices=["take-over", "finish", "leave"], metavar="take-over|finish|leave")
    it.add_argument("--reason", default="", metavar="TEXT", help=_("why the item is left"))
    add_json_flag(it)
    it.set_defaults(handler=cmd_handover_item)
    sg = hs.add_parser("sign", help=_("R-HO-4: sign with your own password (outgoing first, then incoming)"))
    _signer_flag(sg)
    add_json_flag(sg)
    sg.set_defaults(handler=cmd_handover_sign)
    ov = hs.add_parser("override", help=_("R-HO-3: let a blocked handover be signed (assistant or director)"))
    ov.add_argument("--reason", required=True, metavar="TEXT")
    _signer_flag(ov)
    add_json_flag(ov)
    ov.set_defaults(handler=cmd_handover_override)
    st = hs.add_parser("status", help=_("the handover of the nearest shift change"))
    add_json_flag(st)
    st.set_defaults(handler=cmd_handover_status)
    sh = hs.add_parser("show", help=_("a handover record (default: the latest)"))
    sh.add_argument("id", nargs="?", type=int, metavar="ID")
    add_json_flag(sh)
    sh.set_defaults(handler=cmd_handover_show)
    ls = hs.add_parser("list", help=_("the latest handovers"))
    add_json_flag(ls)
    ls.set_defaults(handler=cmd_handover_list)


# --- helpers ---------------------------------------------------------------------------------


def _parse_day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(field, _("not a date (YYYY-MM-DD): {value}").format(value=value)) from None


def _bound(value: str, tz, field: str, *, end: bool) -> datetime:
    """A day means its midnight (``--to DAY``: the next midnight, so the day is included)."""
    if len(value.strip()) == 10:
        day = _parse_day(value, field)
        if end:
            day += timedelta(days=1)
        return datetime.combine(day, time(0), tzinfo=tz)
    return parse_time(value, tz, field)


def _yes(value: bool) -> str:
    return _("yes") if value else ""


# --- duty log --------------------------------------------------------------------------------


def _print_entry(ctx: Context, entry, as_json: bool) -> None:
    if as_json:
        print_json(entry.to_json(ctx.site.tz))
    else:
        print(_("duty-log entry {id} written").format(id=entry.id))


def cmd_log_add(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import log as dutylog

    actor = ctx.require_actor()
    entry = dutylog.add_entry(
        ctx.site, actor, args.text, now=ctx.now(), follow_up=args.follow_up, important=args.important
    )
    _print_entry(ctx, entry, args.json)
    return EXIT_OK


def cmd_log_correct(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import log as dutylog

    actor = ctx.require_actor()
    entry = dutylog.correct_entry(
        ctx.site, actor, args.id, args.text, now=ctx.now(), follow_up=args.follow_up, important=args.important
    )
    if args.json:
        print_json(entry.to_json(ctx.site.tz))
    else:
        print(_("duty-log entry {id} written, correcting entry {old}").format(id=entry.id, old=args.id))
    return EXIT_OK


def cmd_log_list(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import log as dutylog

    tz = ctx.site.tz
    start = _bound(args.start, tz, "--from", end=False) if args.start else None
    end = _bound(args.end, tz, "--to", end=True) if args.end else None
    entries = dutylog.list_entries(ctx.site, start=start, end=end)
    if args.json:
        print_json([e.to_json(tz) for e in entries])
        return EXIT_OK

    def notes(e) -> str:
        parts = []
        if e.important:
            parts.append(_("important"))
        if e.corrects_id:
            parts.append(_("corrects {id}").format(id=e.corrects_id))
        if e.corrected_by:
            parts.append(_("corrected by {ids}").format(ids=", ".join(str(i) for i in e.corrected_by)))
        return "; ".join(parts)

    print_table(
        [_("id"), _("time"), _("written by"), _("what happened"), _("follow-up result"), _("notes")],
        [
            (e.id, e.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"), e.author, e.text, e.follow_up, notes(e))
            for e in entries
        ],
    )
    return EXIT_OK


def cmd_log_sign(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import log as dutylog

    actor = ctx.require_actor()
    signature = dutylog.sign_log(ctx.site, actor, now=ctx.now(), up_to=args.up_to)
    if args.json:
        print_json(signature.to_json(ctx.site.tz))
    else:
        print(_("duty log signed by {name} up to entry {id}").format(name=signature.operator, id=signature.entry_id))
    return EXIT_OK


def cmd_log_purge(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import log as dutylog

    tz = ctx.site.tz
    before = _bound(args.before, tz, "--before", end=False)
    actor = None if args.dry_run and not ctx.as_name else ctx.require_actor()
    result = dutylog.purge(ctx.site, actor, before, now=ctx.now(), dry_run=args.dry_run)
    if args.json:
        print_json(result.to_json(tz))
        return EXIT_OK
    if not result.ids:
        print(_("no duty-log entry was written before {day}").format(day=before.date().isoformat()))
    elif args.dry_run:
        print(
            _("dry run: {n} entries ({first}-{last}) would be removed; {kept} kept").format(
                n=result.count, first=result.ids[0], last=result.ids[-1], kept=result.kept
            )
        )
    else:
        print(
            _("{n} entries ({first}-{last}) removed; {kept} kept; anchor {hash}").format(
                n=result.count, first=result.ids[0], last=result.ids[-1], kept=result.kept, hash=result.anchor_hash
            )
        )
    return EXIT_OK


def cmd_verify(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import log as dutylog

    result = dutylog.verify(ctx.site)
    if args.json:
        print_json(dutylog.verify_json(result))
    elif result.ok:
        print(result.describe())
    else:
        print(_("duty log broken at entry {id} ({reason}): {message}").format(
            id=result.broken_id, reason=result.reason, message=result.describe()))
    return EXIT_OK if result.ok else EXIT_REFUSED


def cmd_duty_now(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import roster

    status = roster.duty_now(ctx.site, ctx.now())
    tz = ctx.site.tz
    if args.json:
        print_json(status.to_json(tz))
        return EXIT_OK
    nobody = _("nobody on the roster")
    if status.duty_day is None:
        print(_("day desk until {end}").format(end=status.shift_end.astimezone(tz).strftime("%H:%M")))
    else:
        # R-DU-5: a recorded stand-in shows with the rostered officer ("孙伟 (for 赵强)").
        print(_("on duty: {name} (until {end})").format(
            name=status.on_duty_label or (status.on_duty.name if status.on_duty else nobody),
            end=status.shift_end.astimezone(tz).strftime("%m-%d %H:%M")))
    print(_("next duty ({day}): {name}").format(
        day=status.next_day.isoformat(),
        name=status.next_label or (status.next_officer.name if status.next_officer else nobody)))
    return EXIT_OK


# --- roster ----------------------------------------------------------------------------------


def cmd_roster_show(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import roster

    site = ctx.site
    today = ctx.now().astimezone(site.tz).date()
    year, month = roster.parse_month(args.month) if args.month else (today.year, today.month)
    view = roster.show_roster(site, year, month)
    if args.json:
        print_json(view.to_json(site.tz))
        return EXIT_OK
    render = roster.render_html if args.format == "html" else roster.render_text
    page = render(view, site_name=site.settings.site_name, made_on=today, duty_hours=roster.hours(site))
    if args.out:
        path = Path(args.out).expanduser()
        try:
            path.write_text(page, encoding="utf-8")
        except OSError as exc:
            raise InputError("--out", str(exc)) from None
        print(_("written to {path}").format(path=path))
    else:
        sys.stdout.write(page)
        pending = [s for s in view.swaps if s.status == "requested"]
        for swap in pending:
            print(_("swap asked: {day} {officer} → {substitute} (waiting for approval)").format(
                day=swap.day.isoformat(), officer=swap.officer, substitute=swap.substitute))
    return EXIT_OK


def _day_in(month: tuple[int, int], value: str, field: str) -> date:
    value = value.strip()
    if value.isdigit():
        try:
            return date(month[0], month[1], int(value))
        except ValueError:
            raise InputError(field, _("no day {d} in this month").format(d=value)) from None
    return _parse_day(value, field)


def cmd_roster_set(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import roster

    actor = ctx.require_actor()
    month = roster.parse_month(args.month)
    entries: dict[date, str] = {}
    if args.day:
        for item in args.day:
            day_text, sep, name = item.partition("=")
            if not sep or not name.strip():
                raise InputError("--day", _("D=NAME, e.g. 5=赵强: {value}").format(value=item))
            entries[_day_in(month, day_text, "--day")] = name.strip()
    else:
        path = Path(args.file).expanduser()
        if not path.is_file():
            raise InputError("--file", _("no such file: {path}").format(path=path))
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for number, row in enumerate(csv.reader(fh), start=1):
                if not row or not "".join(row).strip():
                    continue
                if len(row) < 2:
                    raise InputError(f"line {number}", _("date,name expected"))
                day_text, name = row[0].strip(), row[1].strip()
                if number == 1 and not (day_text[:1].isdigit()):
                    continue  # a header line
                entries[_day_in(month, day_text, f"line {number}")] = name
    view = roster.set_roster(ctx.site, actor, month[0], month[1], entries, now=ctx.now())
    if args.json:
        print_json(view.to_json(ctx.site.tz))
        return EXIT_OK
    print(_("roster {year}-{month:02d} set: {n} days").format(year=view.year, month=view.month, n=len(entries)))
    if view.late:
        print(_("warning: the roster is made for the month already running; it is due before month end (R-DU-1)"),
              file=sys.stderr)
    return EXIT_OK


def cmd_roster_swap(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import roster

    actor = ctx.require_actor()
    day = _parse_day(args.date, "DATE")
    other = _parse_day(args.other_day, "--other-day") if args.other_day else None
    now = ctx.now()
    if args.refuse and not args.reason.strip():
        raise InputError("--reason", _("say why the swap is refused"))
    if args.approve or args.refuse:
        pending = [
            s for s in roster.pending_swaps(ctx.site, day)
            if s.substitute == args.with_name.strip() and s.other_day == other
        ]
        if pending:
            swap_id = pending[0].id
        elif args.approve:
            # The manager records and approves the request in one step.
            swap_id = roster.request_swap(ctx.site, actor, day, args.with_name, now=now, other_day=other).id
        else:
            raise NotFound("DATE", _("no swap asked for {day} with {name}").format(day=day, name=args.with_name))
        view = roster.decide_swap(ctx.site, actor, swap_id, args.approve, now=now, reason=args.reason)
    else:
        view = roster.request_swap(ctx.site, actor, day, args.with_name, now=now, other_day=other)
    if args.json:
        print_json(view.to_json(ctx.site.tz))
    elif view.status == "requested":
        print(_("swap asked: {day} {officer} → {substitute} (waiting for approval)").format(
            day=view.day.isoformat(), officer=view.officer, substitute=view.substitute))
    elif view.status == "approved":
        print(_("swap approved: {day} is now {substitute}'s").format(day=view.day.isoformat(), substitute=view.substitute))
    else:
        print(_("swap refused: {reason}").format(reason=view.reason))
    return EXIT_OK


def cmd_roster_stand_in(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import roster

    actor = ctx.require_actor()
    day = _parse_day(args.date, "DATE")
    view = roster.record_stand_in(ctx.site, actor, day, args.officer, args.reason, now=ctx.now())
    if args.json:
        print_json(view.to_json())
        return EXIT_OK
    print(_("{day}: {officer} stands in for {rostered} ({reason})").format(
        day=view.day.isoformat(), officer=view.officer, rostered=view.rostered or "—", reason=view.reason))
    return EXIT_OK


# --- handover --------------------------------------------------------------------------------


def _print_handover(ctx: Context, view) -> None:
    from frontdesk_tui.services.duty.handover import (
        DISPOSITION_LABELS,
        KIND_LABELS,
        SIDE_LABELS,
        STAGE_LABELS,
    )

    tz = ctx.site.tz
    s = view.state
    print(_("handover {id} at {at}: {outgoing} → {incoming}").format(
        id=view.id, at=iso(view.at, tz),
        outgoing=_(SIDE_LABELS[s.outgoing_side]), incoming=_(SIDE_LABELS[s.incoming_side])))
    print(_("stage: {stage}").format(stage=_(STAGE_LABELS[s.stage])))
    if view.expected_outgoing or view.expected_incoming:
        print(_("on the roster: outgoing {out}, incoming {inc}").format(
            out=view.expected_outgoing or "—", inc=view.expected_incoming or "—"))
    if view.outgoing:
        print(_("outgoing officer: {name}, signed {at}").format(name=view.outgoing, at=iso(s.outgoing_signed_at, tz)))
    if view.incoming:
        print(_("incoming officer: {name}, signed {at}").format(name=view.incoming, at=iso(s.incoming_signed_at, tz)))
    counted = [c for c in s.counts if c.counted is not None]
    if counted:
        print(_("items of the post:"))
        for c in s.counts:
            note = f"  ({c.explanation})" if c.explanation else ""
            damaged = " " + _("damaged") if c.damaged else ""
            print(f"  {c.name}: {c.counted if c.counted is not None else '?'}/{c.expected}{damaged}{note}")
    if s.anomalies:
        print(_("anomalies: {text}").format(text=s.anomalies))
    if s.items:
        print(_("items handed over:"))
        for i in s.items:
            mark = "!" if i.important else " "
            disp = _(DISPOSITION_LABELS[i.disposition]) if i.disposition else _("undecided")
            reason = f" ({i.reason})" if i.reason else ""
            new = _("NEW") + " " if i.new else ""  # R-HO-5
            print(f" {mark} {new}{_(KIND_LABELS[i.kind])} #{i.ref_id} {i.title}: {disp}{reason}")
    if s.override:
        print(_("override by {name}: {reason} (R-HO-3)").format(name=s.override.by.name, reason=s.override.reason))
    blocking = view.blocking
    if blocking and not view.signed:
        print(ngettext(
            "blocked (R-HO-3): {n} important item neither finished nor taken over",
            "blocked (R-HO-3): {n} important items neither finished nor taken over",
            len(blocking),
        ).format(n=len(blocking)))
    if s.log_head:
        print(_("duty log head: entry {id} {hash}").format(id=s.log_head[0], hash=s.log_head[1]))


def cmd_handover_status(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import handover
    from frontdesk_tui.services.duty.handover import SIDE_LABELS

    now = ctx.now()
    tz = ctx.site.tz
    view = handover.current(ctx.site, now=now)
    if view is not None:
        if args.json:
            print_json({"started": True, "handover": view.to_json(tz)})
        else:
            _print_handover(ctx, view)
        return EXIT_OK
    change, items = handover.preview(ctx.site, now=now)
    if args.json:
        print_json({
            "started": False,
            "at": iso(change.at, tz),
            "outgoing_side": str(change.outgoing.kind),
            "incoming_side": str(change.incoming.kind),
            "items": [
                {"kind": str(i.kind), "ref_id": i.ref_id, "title": i.title, "important": i.important,
                 "due_at": iso(i.due_at, tz)}
                for i in items
            ],
        })
        return EXIT_OK
    print(_("handover at {at} ({outgoing} → {incoming}) not started").format(
        at=iso(change.at, tz), outgoing=_(SIDE_LABELS[change.outgoing.kind]),
        incoming=_(SIDE_LABELS[change.incoming.kind])))
    print(_("{n} items on the checklist, {m} important (R-HO-3)").format(
        n=len(items), m=sum(1 for i in items if i.important)))
    return EXIT_OK


_DISPOSITIONS = {"take-over": "taken_over", "finish": "finished", "leave": "left"}


def _open_handover(ctx: Context):
    """The handover of the nearest shift change (R-HO-5: as the live queue has it now)."""
    from frontdesk_tui.services.duty import handover

    view = handover.current(ctx.site, now=ctx.now())
    if view is None:
        raise NotFound("handover", _("no handover started for this shift change: run `handover start`"))
    return view


def _after_step(ctx: Context, args: argparse.Namespace, view) -> int:
    from frontdesk_tui.services.duty.handover import STAGE_LABELS

    if args.json:
        print_json(view.to_json(ctx.site.tz))
        return EXIT_OK
    print(_("handover {id}: {stage}").format(id=view.id, stage=_(STAGE_LABELS[view.stage])))
    missing = [c.name for c in view.state.counts if c.counted is None]
    if missing:
        print(_("still to count: {names}").format(names=", ".join(missing)))
    new = [i for i in view.state.items if i.new and i.disposition is None]
    for i in new:
        print(_("new since the handover started (R-HO-5): {items}").format(items=f"{i.kind}:{i.ref_id} {i.title}"))
    if view.blocking and view.state.override is None:
        print(ngettext(
            "blocked (R-HO-3): {n} important item neither finished nor taken over",
            "blocked (R-HO-3): {n} important items neither finished nor taken over",
            len(view.blocking),
        ).format(n=len(view.blocking)))
    if view.undecided:
        print(_("{n} items without a disposition").format(n=len(view.undecided)))
    return EXIT_OK


def _signer_flag(parser: argparse.ArgumentParser) -> None:
    """``handover sign --as OTHER``: the second signer named after the command as well as before it
    (the global ``--as``), as a script walking both sides writes it (R-HO-4)."""
    parser.add_argument("--as", dest="as_name", default=argparse.SUPPRESS, metavar="NAME",
                        help=_("the signer (the same as frontdesk --as NAME)"))


def _password(ctx: Context) -> tuple[str, str]:
    """R-HO-4: the signer's name (``--as``) and their own password (terminal or standard input)."""
    import os

    from frontdesk_tui.cli.common import read_secret
    from frontdesk_tui.domain.errors import RuleError

    if not ctx.as_name:
        raise RuleError("R-HO-4", _("sign with your own name: --as NAME"))
    password = os.environ.get("FRONTDESK_PASSWORD")
    if password is None:
        password = read_secret(_("Password for {name}: ").format(name=ctx.as_name))
    return ctx.as_name, password


def cmd_handover_start(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import handover

    view = handover.start_or_resume(ctx.site, ctx.require_actor(), now=ctx.now())
    if args.json:
        print_json(view.to_json(ctx.site.tz))
        return EXIT_OK
    _print_handover(ctx, view)
    return EXIT_OK


def cmd_handover_count(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.domain.duty.handover import ItemCount
    from frontdesk_tui.services.duty import handover

    actor = ctx.require_actor()
    view = _open_handover(ctx)
    count = ItemCount(args.item, 0, args.counted, args.explanation, args.damaged)
    return _after_step(ctx, args, handover.record_count(ctx.site, actor, view.id, count, now=ctx.now()))


def cmd_handover_anomalies(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import handover

    actor = ctx.require_actor()
    view = _open_handover(ctx)
    return _after_step(ctx, args, handover.record_review(ctx.site, actor, view.id, args.text, now=ctx.now()))


def cmd_handover_item(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.domain.duty.handover import item_by_ref
    from frontdesk_tui.services.duty import handover

    actor = ctx.require_actor()
    view = _open_handover(ctx)
    item = item_by_ref(view.state, args.ref)
    view = handover.dispose_item(ctx.site, actor, view.id, item.kind, item.ref_id, _DISPOSITIONS[args.disposition],
                                 reason=args.reason, now=ctx.now())
    return _after_step(ctx, args, view)


def cmd_handover_sign(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import handover

    name, password = _password(ctx)
    view = _open_handover(ctx)
    view = handover.sign(ctx.site, view.id, name=name, password=password, now=ctx.now())
    if not args.json:
        side = _("incoming") if view.signed else _("outgoing")
        print(_("signed by {name} ({side})").format(name=name, side=side))
    return _after_step(ctx, args, view)


def cmd_handover_override(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import handover

    name, password = _password(ctx)
    view = _open_handover(ctx)
    view = handover.set_override(ctx.site, view.id, name=name, password=password, reason=args.reason,
                                 now=ctx.now())
    return _after_step(ctx, args, view)


def cmd_handover_show(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import handover

    if args.id is not None:
        view = handover.get_handover(ctx.site, args.id)
    else:
        latest = handover.list_handovers(ctx.site, limit=1)
        if not latest:
            raise NotFound("ID", _("no handover yet"))
        view = latest[0]
    if args.json:
        print_json(view.to_json(ctx.site.tz))
    else:
        _print_handover(ctx, view)
    return EXIT_OK


def cmd_handover_list(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.duty import handover
    from frontdesk_tui.services.duty.handover import STAGE_LABELS

    views = handover.list_handovers(ctx.site)
    tz = ctx.site.tz
    if args.json:
        print_json([v.to_json(tz) for v in views])
        return EXIT_OK
    print_table(
        [_("id"), _("time"), _("stage"), _("outgoing officer"), _("incoming officer"), _("items")],
        [
            (v.id, v.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"), _(STAGE_LABELS[v.stage]), v.outgoing or "",
             v.incoming or "", len(v.state.items))
            for v in views
        ],
    )
    return EXIT_OK
