"""The supervision board (督办, R-KP-2, F6): everything that needs a supervisor, oldest first, with
the counts per kind on top. Enter opens the record; on a ticket the supervisor assigns, reassigns,
extends or takes it over with the ticket screen's own forms, without leaving the board.

The rows come from ``services.supervision.board.supervision_board`` (the one definition, also
behind ``ticket list --supervision``); the board reloads when another desk commits.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message

from frontdesk_tui.i18n import N_, NC_, _
from frontdesk_tui.services.supervision import board as service
from frontdesk_tui.services.supervision.board import Board, BoardItem
from frontdesk_tui.ui import labels, registry
from frontdesk_tui.ui.messages import RecordSelected
from frontdesk_tui.ui.screens.base import caught_up
from frontdesk_tui.ui.screens.list_base import ListScreen
from frontdesk_tui.ui.widgets import ticket_text as tt

#: The board's kinds in words: one table, in the service, for this screen and ``ticket list --supervision``.
KIND_LABELS = service.KIND_LABELS

#: The ticket actions the board offers (key, action, footer label).
TICKET_ACTIONS = (
    ("a", "assign", N_("Assign")),
    ("s", "reassign", N_("Reassign")),
    ("e", "extend", N_("Extend")),
)
#: "Take over": the supervisor takes the ticket over in their own name — an ``escalate`` with
#: ``taken_over`` (R-IN-8a): nobody was called by the desk and no owner agreement is claimed.
TAKE_OVER = "escalate"


kind_label = service.kind_label


def record_label(item: BoardItem) -> str:
    if item.ref_id is None:
        return ""
    if item.ref_kind == "ticket":
        return f"#{item.ref_id}"
    if item.ref_kind == "violation":
        return _("V{id}").format(id=item.ref_id)
    if item.ref_kind in ("roster", "duty_log"):
        return ""  # an R-KP-4 reminder's key (202612, 20261125), not a record number: Enter opens the screen
    return str(item.ref_id)


def counts_line(counts: dict[str, int], current: str | None, width: int | None = None) -> Text:
    """``0 All  1 Overdue 12  2 Escalated 5 …``: the digit chooses the kind; the one shown is
    reversed (and bracketed, so it reads without colour). Given the ``width`` it has, the line
    breaks between kinds, never inside one ("5 No" / "update 3" read as two things at 80 columns)."""
    from rich.cells import cell_len

    text = Text()
    entries = [(None, _("All"), None), *((k, kind_label(k), counts.get(k, 0)) for k in service.KINDS)]
    column = 0
    for digit, (kind, label, n) in enumerate(entries):
        chosen = kind == current
        part = f"{digit} {label}" if n is None else f"{digit} {label} {n}"
        if chosen:
            part = f"[{part}]"
        if digit:
            if width and column + 2 + cell_len(part) > width:
                text.append("\n")
                column = 0
            else:
                text.append("  ")
                column += 2
        text.append(part, style="bold reverse" if chosen else ("dim" if n == 0 else "bold"))
        column += cell_len(part)
    return text


def preview(item: BoardItem | None, tz: Any) -> Text:
    if item is None:
        return Text(_("Nothing needs a supervisor now."), style="dim")
    text = Text()
    record = record_label(item)
    if record:
        text.append(record + " ", style="bold")
    if item.unit:
        text.append_text(tt.owner_line(item.unit))
        text.append(" · ")
    text.append(kind_label(item.kind), style="bold")
    text.append(f" ({item.rule})")
    if item.also:
        text.append(" · " + _("also: {kinds}").format(kinds=", ".join(kind_label(k) for k in item.also)))
    details = []
    if item.due_at is not None:
        details.append(_("due {time}").format(time=tt.when(item.due_at, tz)))
    if item.revised_expected_at is not None:  # R-EM-4: beside the (missed) clock
        details.append(_("revised expected {time}").format(time=tt.when(item.revised_expected_at, tz)))
    if item.department:
        details.append(labels.department(item.department))
    if item.handler:
        details.append(item.handler)
    if item.status:
        details.append(labels.status(item.status))
    if item.severity:
        details.append(labels.severity(item.severity))
    if item.emergency:
        details.append(_("emergency"))
    if details:
        text.append("\n" + " · ".join(details))
    text.append("\n")
    text.append_text(tt.owner_line(item.summary))
    return text


class SupervisionBoardScreen(ListScreen):
    SCREEN_TITLE = N_("Supervision")
    CSS_PATH = "supervision.tcss"
    HELP = N_(
        "Everything that needs a supervisor, oldest first (R-KP-2): tickets overdue, escalated by the "
        "desk (R-IN-8) or by the scan (R-RO-2), upgraded to major (R-SV-5), emergencies not yet under "
        "control (R-EM-2), without news to the owner for two working days (R-LC-4), follow-up visits "
        "past due (R-LC-5); rectification deadlines come (R-VI-3) and follow-ups due after a penalty "
        "(R-VI-4); and the reminders of R-KP-4 in your inbox.\n\n"
        "The line on top counts each kind; 1-9 show one kind, 0 all of them (each record once, its "
        "other kinds under it), f the next kind.\n\n"
        "Enter opens the record (the ticket, the violation, the duty log, the roster). On a ticket: a "
        "assigns, s reassigns, e extends the deadline with a reason, t takes it over (recorded on "
        "the timeline as taken over by you; no owner agreement is claimed, R-IN-8a) — each with the ticket screen's form, saved with "
        "the version shown (R-RO-3). r reloads; the board also reloads when another desk saves."
    )
    BINDINGS: ClassVar = [
        Binding("enter", "open", N_("Open"), id="board-open", priority=True),
        *(Binding(key, f"ticket_action('{code}')", label, id=f"board-{code}") for key, code, label in TICKET_ACTIONS),
        Binding("t", "take_over", N_("Take over"), id="board-take-over"),
        Binding("f", "next_kind", N_("Next kind"), id="board-next-kind", show=False),
        Binding("r", "reload", N_("Reload"), id="board-reload", show=False),
        *(
            Binding(str(digit), f"show_kind({digit})", N_("Show one kind"), show=False)
            for digit in range(len(service.KINDS) + 1)
        ),
    ]

    TABLE_ID = "board-table"
    COLUMNS: ClassVar = [
        ("since", N_("Since")),
        ("kind", N_("Kind")),
        ("record", N_("No.")),
        ("unit", N_("Unit")),
        ("handler", N_("Handler")),
        ("summary", NC_("supervision board", "Summary")),
    ]
    SUMMARY_ID = "board-counts"
    PREVIEW_ID = "board-preview"
    PREVIEW_BOX_ID = "board-preview-box"

    class Loaded(Message):
        def __init__(self, board: Board) -> None:
            super().__init__()
            self.board = board

    def __init__(self) -> None:
        super().__init__(id="supervision")
        self.kind: str | None = None
        """The kind shown (None: all)."""
        self.board: Board | None = None
        self._keys: dict[tuple[Any, ...], int] = {}

    # -- rows -----------------------------------------------------------------------------------
    def key_of(self, item: BoardItem) -> int:
        """A stable row key per record, so the cursor stays on it across reloads."""
        return self._keys.setdefault(item.ref_key, len(self._keys) + 1)

    def reload(self) -> None:
        if self.desk.actor is not None:
            self._load(self.kind)

    @work(thread=True, exclusive=True, group="board", exit_on_error=False)
    def _load(self, kind: str | None) -> None:
        desk = self.desk
        found = service.supervision_board(tt.desk_site(desk), desk.actor, now=desk.now(), kind=kind)
        self.post_message(self.Loaded(found))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        found = event.board
        if found.kind != self.kind:
            return  # a load for the kind shown before
        self.board = found
        tz = self.desk.settings.tz
        items = list({item.ref_key: item for item in found.items}.values())
        rows = [
            [
                Text(tt.short_when(item.at, tz)),
                Text(kind_label(item.kind) + ("+" if item.also else ""), style="bold" if item.emergency else ""),
                Text(record_label(item)),
                tt.owner_line(item.unit),
                Text(item.handler),
                tt.owner_line(item.summary),
            ]
            for item in items
        ]
        self.show_items(items, rows, place="index")
        # The width inside the padding; before the first layout, the screen's less the padding.
        width = self.summary.content_size.width or max(self.app.size.width - 2, 20)
        line = counts_line(found.counts, found.kind, width)
        if found.truncated:
            line.append("  " + _("(the oldest {n} shown)").format(n=len(found.items)), style="dim")
        self.summary.update(line)

    def preview_text(self, item: BoardItem | None) -> Text:
        return preview(item, self.desk.settings.tz)

    # -- keys -----------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self.current()
        if action == "open":
            return item is not None and item.ref_kind in registry.RECORD_SCREENS
        if action in ("ticket_action", "take_over"):
            return item is not None and item.ref_kind == "ticket"
        return True

    def action_show_kind(self, digit: int) -> None:
        self.kind = None if digit == 0 else service.KINDS[digit - 1]
        self.reload()

    def action_next_kind(self) -> None:
        order: list[str | None] = [None, *service.KINDS]
        self.kind = order[(order.index(self.kind) + 1) % len(order)]
        self.reload()

    async def action_open(self) -> None:
        await caught_up(self)
        item = self.current()
        if item is not None:
            self.post_message(RecordSelected(item.ref_kind, item.ref_id))

    def action_ticket_action(self, code: str) -> None:
        item = self.current()
        if item is None or item.ref_kind != "ticket" or item.ref_id is None:
            return
        registry.ticket_action()(self.app, item.ref_id, code, self._action_done)

    def action_take_over(self) -> None:
        item = self.current()
        actor = self.desk.actor
        if item is None or item.ref_kind != "ticket" or item.ref_id is None or actor is None:
            return
        registry.ticket_action()(
            self.app, item.ref_id, TAKE_OVER, self._action_done,
            prefill={"note": _("Taken over from the supervision board")},
            fixed={"taken_over": True, "called": actor.name},
        )

    def _action_done(self, outcome: Any) -> None:
        if outcome is None:
            return
        if outcome.stale is not None:
            self.app.notify(
                _("Not saved: {name} changed this ticket at {time} (R-RO-3). The board is reloaded; try again.").format(
                    name=outcome.stale.by, time=outcome.stale.at),
                severity="error", timeout=10,
            )
        elif outcome.view is not None:
            self.app.notify(
                _("Ticket {id}: {action} saved.").format(id=outcome.view.id, action=tt.action_label(outcome.action))
            )
        self.reload()
