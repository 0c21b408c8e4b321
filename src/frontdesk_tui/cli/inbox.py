"""``inbox list`` and ``inbox read``: an operator's own inbox (the header's "Inbox N")."""

from __future__ import annotations

import argparse

from frontdesk_tui.cli.common import EXIT_OK, Context, add_json_flag, iso, print_json, print_table
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inbox", help=_("your inbox: escalations, due work and reminders (needs --as)"))
    ps = p.add_subparsers(dest="inbox_command", metavar="ACTION", required=True)
    ls = ps.add_parser("list", help=_("your unread items, newest first (--all: the read ones too)"))
    ls.add_argument("--all", action="store_true", help=_("include the items already read"))
    add_json_flag(ls)
    ls.set_defaults(handler=cmd_inbox_list)
    rd = ps.add_parser("read", help=_("mark items read: their ids, or --all"))
    rd.add_argument("ids", metavar="ID", type=int, nargs="*", help=_("inbox item ids (from inbox list)"))
    rd.add_argument("--all", action="store_true", help=_("mark every unread item read"))
    rd.set_defaults(handler=cmd_inbox_read)


def _me(ctx: Context) -> Actor:
    if not ctx.as_name:
        raise InputError("--as", _("the inbox is each operator's own: name yourself with --as NAME"))
    actor = ctx.actor
    assert actor is not None
    return actor


def cmd_inbox_list(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.site import inbox

    me = _me(ctx)
    tz = ctx.site.tz
    items = []
    offset = 0
    while True:  # every item, a page at a time
        page = inbox.list_inbox(ctx.db, me, include_read=args.all, limit=inbox.MAX_PAGE, offset=offset)
        items.extend(page)
        if len(page) < inbox.MAX_PAGE:
            break
        offset += len(page)
    if args.json:
        print_json([i.to_json(tz) for i in items])
        return EXIT_OK
    if not items:
        print(_("Nothing unread in your inbox.") if not args.all else _("Your inbox is empty."))
        return EXIT_OK
    print_table(
        [_("id"), _("at"), "", _("kind"), _("record"), _("message")],
        [
            (
                i.id,
                (iso(i.created_at, tz) or "")[:16].replace("T", " "),
                "" if i.read else "*",
                inbox.kind_label(i.kind),
                inbox.ref_label(i.ref_kind, i.ref_id),
                " ".join(i.message.split()),
            )
            for i in items
        ],
    )
    return EXIT_OK


def cmd_inbox_read(ctx: Context, args: argparse.Namespace) -> int:
    from frontdesk_tui.services.site import inbox

    if args.all and args.ids:
        raise InputError("--all", _("give item ids or --all, not both"))
    if not args.all and not args.ids:
        raise InputError("ID", _("give the ids of the items to mark read (inbox list shows them), or --all"))
    me = _me(ctx)
    if args.all:
        changed = inbox.mark_all_read(ctx.db, me, now=ctx.now())
    else:
        unknown = inbox.unknown_items(ctx.db, me, args.ids)
        if unknown:
            raise InputError(
                "ID",
                _("not in your inbox: {ids}").format(ids=", ".join(str(i) for i in unknown)),
            )
        changed = inbox.mark_read(ctx.db, me, args.ids, now=ctx.now())
    print(_("{n} items marked read").format(n=changed))
    return EXIT_OK
