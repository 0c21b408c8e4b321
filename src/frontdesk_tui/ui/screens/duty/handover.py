"""Shift handover (交接班, R-HO-1…4): a stepped walk through the checklist for both officers.

Steps: counts → previous log and open work → anomalies → items (take over / finished / leave with
a reason) → the outgoing officer signs with their password → the incoming officer signs with
theirs. Each step is saved as it is completed, so a handover interrupted half-way resumes where
it stopped; a signed handover is shown as its record. Important work open blocks the signing
(R-HO-3) with the reason shown; an assistant or director may override with a reason.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, Input, Label, Static, TextArea

from frontdesk_tui.domain import permissions
from frontdesk_tui.domain.duty import handover as rules
from frontdesk_tui.domain.duty.handover import Disposition, HandoverItem, ItemKind, Stage
from frontdesk_tui.domain.errors import DomainError, StaleError
from frontdesk_tui.domain.tickets.lifecycle import STATUS_LABELS
from frontdesk_tui.i18n import N_, NC_, _, ngettext
from frontdesk_tui.services.duty import handover as service
from frontdesk_tui.services.duty import log as dutylog
from frontdesk_tui.services.duty.handover import DISPOSITION_LABELS, KIND_LABELS, SIDE_LABELS, HandoverView
from frontdesk_tui.services.duty.log import EntryView
from frontdesk_tui.ui.errors import describe_error
from frontdesk_tui.ui.messages import TicketSelected
from frontdesk_tui.ui.screens.base import DeskScreen, caught_up
from frontdesk_tui.ui.widgets import ticket_text as tt
from frontdesk_tui.ui.widgets.footer import DeskFooter
from frontdesk_tui.ui.widgets.handover_counts import HandoverCounts
from frontdesk_tui.ui.widgets.handover_forms import HandoverOverrideModal, HandoverReasonModal, OverrideForm
from frontdesk_tui.ui.widgets.header import DeskHeader

START, COUNTS, REVIEW, ANOMALIES, ITEMS, OUTGOING, INCOMING, DONE = range(8)
STEP_IDS = [
    "step-start",
    "step-counts",
    "step-review",
    "step-anomalies",
    "step-items",
    "step-outgoing",
    "step-incoming",
    "step-done",
]
STEP_NAMES = [
    N_("Count"),
    N_("Log"),
    N_("Anomalies"),
    N_("Items"),
    N_("Outgoing"),
    N_("Incoming"),
]
#: Where a stored handover resumes.
RESUME_STEP = {
    Stage.DRAFT: COUNTS,
    Stage.COUNTING: COUNTS,
    Stage.REVIEWING: REVIEW,
    Stage.ITEMS: ITEMS,
    Stage.SIGNED_OUTGOING: INCOMING,
    Stage.SIGNED: DONE,
}
ITEM_COLUMNS = [("mark", "", 1), ("kind", NC_("handover item", "Kind"), 9), ("ref", N_("No."), 4),
                ("title", N_("What"), 26), ("due", N_("Due"), 11), ("disposition", N_("Handed over"), 11)]


def step_bar(step: int) -> Text:
    text = Text(" ")
    for number, name in enumerate(STEP_NAMES, start=1):
        if number > 1:
            text.append(" > ", style="dim")
        label = f"{number} {_(name)}"
        if number == step:
            text.append(label, style="bold reverse")
        elif number < step:
            text.append(label)
        else:
            text.append(label, style="dim")
    return text


def describe_change(view: HandoverView, tz) -> Text:
    s = view.state
    text = Text(" ")
    text.append(view.at.astimezone(tz).strftime("%m-%d %H:%M"), style="bold")
    text.append(f"  {_(SIDE_LABELS[s.outgoing_side])} → {_(SIDE_LABELS[s.incoming_side])}")
    if view.expected_outgoing or view.expected_incoming:
        text.append("  ·  " + _("roster: {out} → {inc}").format(
            out=view.expected_outgoing or _(SIDE_LABELS[s.outgoing_side]),
            inc=view.expected_incoming or _(SIDE_LABELS[s.incoming_side])))
    return text


def blocking_text(view: HandoverView) -> Text | None:
    """R-HO-3 then R-HO-2: why signing is refused now, or None."""
    try:
        rules.check_can_sign(view.state)
    except DomainError as error:
        return Text("⚠ " + error.message, style="bold")
    if view.state.override is not None:
        o = view.state.override
        return Text(_("Override by {name}: {reason} (R-HO-3)").format(name=o.by.name, reason=o.reason))
    return None


def review_text(view: HandoverView, entries: list[EntryView], tz) -> Text:
    text = Text()
    text.append(ngettext("Duty log since {at} ({n} entry)", "Duty log since {at} ({n} entries)", len(entries)).format(
        at=view.outgoing_start.astimezone(tz).strftime("%m-%d %H:%M"), n=len(entries)) + "\n", style="bold")
    if not entries:
        text.append(_("(no entry)") + "\n", style="dim")
    for e in entries:
        text.append(e.at.astimezone(tz).strftime("%H:%M") + " ")
        text.append("! " if e.important else "  ", style="bold")
        text.append_text(tt.owner_line(e.author))
        text.append(" ")
        text.append_text(tt.owner_line(e.text))
        if e.follow_up:
            text.append(" — ")
            text.append_text(tt.owner_line(e.follow_up))
        text.append("\n")
    items = view.state.items
    important = sum(1 for i in items if i.important)
    text.append("\n" + _("Open work ({n} items, {m} important)").format(n=len(items), m=important) + "\n",
                style="bold")
    if not items:
        text.append(_("(nothing open)") + "\n", style="dim")
    for item in items:
        text.append("! " if item.important else "  ", style="bold")
        if item.new:
            text.append(new_mark())
        text.append(f"{_(KIND_LABELS[item.kind])} #{item.ref_id} ")
        text.append_text(tt.owner_line(item.title))
        if item.due_at is not None:
            text.append("  " + _("due {at}").format(at=item.due_at.astimezone(tz).strftime("%m-%d %H:%M")))
        text.append("\n")
    return text


def new_mark() -> Text:
    """R-HO-5: the mark of work that came up after the handover was started."""
    return Text(_("NEW") + " ", style="bold reverse")


def record_text(view: HandoverView, tz) -> Text:
    s = view.state
    text = Text()
    text.append(_("Signed handover record") + "\n", style="bold")
    text.append(_("Outgoing: {name}, signed {at}").format(
        name=view.outgoing or "?", at=_time(s.outgoing_signed_at, tz)) + "\n")
    text.append(_("Incoming: {name}, signed {at}").format(
        name=view.incoming or "?", at=_time(s.incoming_signed_at, tz)) + "\n")
    text.append(_("Items of the post") + ": ", style="bold")
    parts = []
    for c in s.counts:
        part = f"{c.name} {c.counted}/{c.expected}"
        if c.damaged:
            part += " " + _("damaged")
        if c.explanation:
            part += f" ({c.explanation})"
        parts.append(part)
    text.append_text(Text("; ".join(parts)))
    text.append("\n" + _("Anomalies") + ": ", style="bold")
    lines = tt.owner_text(s.anomalies).plain.splitlines() if s.anomalies else []
    if len(lines) > 1:  # one finding a line, as the officer wrote them (issue 12)
        for line in lines:
            text.append("\n  ")
            text.append_text(Text(line))
    else:
        text.append_text(tt.owner_line(s.anomalies) if s.anomalies else Text(_("none")))
    text.append("\n")
    for item in s.items:
        text.append("! " if item.important else "  ", style="bold")
        text.append(f"{_(KIND_LABELS[item.kind])} #{item.ref_id} ")
        text.append_text(tt.owner_line(item.title))
        disp = _(DISPOSITION_LABELS[item.disposition]) if item.disposition else "?"
        text.append(f": {disp}")
        if item.reason:
            text.append(" (")
            text.append_text(tt.owner_line(item.reason))
            text.append(")")
        text.append("\n")
    if s.override is not None:
        text.append(_("Override by {name}: {reason} (R-HO-3)").format(
            name=s.override.by.name, reason=s.override.reason) + "\n", style="bold")
    if s.log_head is not None:
        text.append(_("Duty log head: entry {id}").format(id=s.log_head[0]) + "\n", style="dim")
    return text


def _time(value, tz) -> str:
    return value.astimezone(tz).strftime("%m-%d %H:%M") if value is not None else "—"


class HandoverScreen(DeskScreen):
    SCREEN_TITLE = N_("Shift handover")
    CSS_PATH = "handover.tcss"
    HELP = N_(
        "The handover at 08:30 and 17:30 (交接班). Both officers walk through it at this terminal:\n"
        "1 the incoming officer counts the items of the post (a shortage or damage needs the "
        "outgoing officer's explanation); 2 reads the log of the outgoing shift and the open work; "
        "3 records anomalies found in the area; 4 every unfinished item is handed over: t taken over "
        "by the incoming officer, f finished, l left with a reason, u undo; 5 the outgoing officer "
        "signs with their own password; 6 the incoming officer signs with theirs.\n\n"
        "Important work — an emergency not under control, a major or escalated ticket or a "
        "rectification due before the next shift ends, an entry marked important — blocks the "
        "signing until it is finished or taken over (R-HO-3). Only an assistant or director may "
        "override, with their password and a reason (o).\n\n"
        "Ctrl+N goes to the next step (saving this one), Ctrl+B back. Everything is saved step by "
        "step: a handover interrupted half-way resumes where it stopped. At the incoming signature "
        "Ctrl+B withdraws the outgoing signature (to change an item). A signed handover cannot be "
        "changed."
    )
    BINDINGS: ClassVar = [
        Binding("ctrl+n", "next", N_("Next"), id="handover-next", priority=True),
        Binding("ctrl+b", "back", N_("Back"), id="handover-back", priority=True, show=False),
        Binding("t", "dispose('taken_over')", N_("Take over"), id="handover-take-over"),
        Binding("f", "dispose('finished')", N_("Finished"), id="handover-finished"),
        Binding("l", "leave", N_("Leave it"), id="handover-leave"),
        Binding("u", "undo", N_("Undo"), id="handover-undo", show=False),
        Binding("o", "override", N_("Override"), id="handover-override"),
        Binding("w", "withdraw", N_("Withdraw signature"), id="handover-withdraw"),
        Binding("r", "reload", N_("Reload"), id="handover-reload", show=False),
        # Enter in the count and signature fields moves the focus while the key is handled, so
        # keys typed right after it land in the next field (elsewhere Enter does what it does).
        Binding("enter", "enter", show=False, priority=True),
    ]

    class Loaded(Message):
        def __init__(self, view: HandoverView | None, preview: tuple | None, entries: list[EntryView],
                     step: int | None, live: bool = False) -> None:
            super().__init__()
            self.view = view
            self.preview = preview
            self.entries = entries
            self.step = step
            self.live = live
            """A refresh because another desk wrote: the step, focus and message stay."""

    class Refused(Message):
        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    def __init__(self) -> None:
        super().__init__(id="handover")
        self.view: HandoverView | None = None
        self.step = START
        self.entries: list[EntryView] = []

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DeskHeader(self.title_text)
        yield Static("", id="handover-steps")
        yield Static("", id="handover-change")
        with ContentSwitcher(initial="step-start", id="handover-body"):
            with VerticalScroll(id="step-start"):
                yield Static("", id="handover-start-text")
            yield HandoverCounts(id="step-counts")
            with VerticalScroll(id="step-review"):
                yield Static("", id="handover-review-text")
            with Vertical(id="step-anomalies"):
                yield Label(_("Anomalies found in the area (empty if none)"), classes="step-hint")
                yield TextArea(id="handover-anomalies", soft_wrap=True, show_line_numbers=False)
            with Vertical(id="step-items"):
                yield DataTable(id="handover-items", cursor_type="row", zebra_stripes=False)
                yield Static("", id="handover-item-detail")
            with Vertical(id="step-outgoing", classes="sign-step"):
                yield Static("", id="handover-outgoing-text", classes="step-hint")
                yield Label(_("Outgoing officer"), classes="field-label")
                yield Input(id="handover-outgoing-name", compact=True)
                yield Label(_("Password"), classes="field-label")
                yield Input(password=True, id="handover-outgoing-password", compact=True)
            with Vertical(id="step-incoming", classes="sign-step"):
                yield Static("", id="handover-incoming-text", classes="step-hint")
                yield Label(_("Incoming officer"), classes="field-label")
                yield Input(id="handover-incoming-name", compact=True)
                yield Label(_("Password"), classes="field-label")
                yield Input(password=True, id="handover-incoming-password", compact=True)
            with VerticalScroll(id="step-done"):
                yield Static("", id="handover-record")
        yield Static("", id="handover-message")
        yield DeskFooter()

    @property
    def items_table(self) -> DataTable:
        return self.query_one("#handover-items", DataTable)

    @property
    def counts_form(self) -> HandoverCounts:
        return self.query_one(HandoverCounts)

    def on_mount(self) -> None:
        super().on_mount()
        for key, header, width in ITEM_COLUMNS:
            self.items_table.add_column(_(header) if header else "", key=key, width=width)
        self.reload()

    def on_signed_in(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_data_changed(self) -> None:
        """R-HO-5: another desk wrote (a new emergency, an important entry): the checklist follows,
        and the officers stay on the step they are on."""
        busy = any(
            w.node is self and w.group in ("handover-load", "handover-write") and not w.is_finished
            for w in self.workers
        )
        # A load or a write of this screen is under way: its own reload shows the fresh state.
        if self.desk.actor is not None and not busy:
            self._load(self.step if self.view is not None else None, live=True)

    # -- loading --------------------------------------------------------------------------------
    def reload(self, step: int | None = None) -> None:
        if self.desk.actor is not None:
            self._load(step)

    @work(thread=True, exclusive=True, group="handover-load", exit_on_error=False)
    def _load(self, step: int | None, live: bool = False) -> None:
        desk = self.desk
        site = tt.desk_site(desk)
        now = desk.now()
        view = service.current(site, now=now)
        preview = None if view is not None else service.preview(site, now=now)
        entries = dutylog.list_entries(site, start=view.outgoing_start) if view is not None else []
        self.post_message(self.Loaded(view, preview, entries, step, live))

    @on(Loaded)
    async def _loaded(self, event: Loaded) -> None:
        self.view = event.view
        self.entries = event.entries
        tz = self.desk.settings.tz
        if event.view is None:
            change, items = event.preview
            text = Text()
            text.append(_("Handover at {at}: {out} → {inc}").format(
                at=change.at.astimezone(tz).strftime("%m-%d %H:%M"),
                out=_(SIDE_LABELS[change.outgoing.kind]), inc=_(SIDE_LABELS[change.incoming.kind])) + "\n\n",
                style="bold")
            text.append(_("Not started. {n} items on the checklist, {m} important (R-HO-3).").format(
                n=len(items), m=sum(1 for i in items if i.important)) + "\n\n")
            text.append(_("Ctrl+N starts the handover."))
            self.query_one("#handover-start-text", Static).update(text)
            self.query_one("#handover-change", Static).update("")
            if not (event.live and self.step == START):
                self._show_step(START)
            return
        view = event.view
        self.query_one("#handover-change", Static).update(describe_change(view, tz))
        await self.counts_form.show(view.state.counts)
        anomalies = self.query_one("#handover-anomalies", TextArea)
        if not anomalies.text and view.state.anomalies:
            anomalies.text = view.state.anomalies
        self.query_one("#handover-review-text", Static).update(review_text(view, event.entries, tz))
        self._fill_items(view)
        self._fill_sign_steps(view)
        self.query_one("#handover-record", Static).update(record_text(view, tz) if view.signed else "")
        resume = RESUME_STEP[view.stage]
        step = event.step if event.step is not None else resume
        if view.signed:
            step = DONE
        elif view.stage is Stage.SIGNED_OUTGOING:
            step = INCOMING
        if event.live and step == self.step:
            self.refresh_bindings()
            return
        self._show_step(step)

    def _fill_items(self, view: HandoverView) -> None:
        table = self.items_table
        keep = table.cursor_row if table.row_count else 0
        table.clear()
        tz = self.desk.settings.tz
        for item in view.state.items:
            disp = _(DISPOSITION_LABELS[item.disposition]) if item.disposition else "—"
            table.add_row(
                Text("!" if item.important else "", style="bold"),
                Text(_(KIND_LABELS[item.kind])),
                Text(str(item.ref_id)),
                Text.assemble(new_mark(), tt.owner_line(item.title)) if item.new else tt.owner_line(item.title),
                Text(item.due_at.astimezone(tz).strftime("%m-%d %H:%M") if item.due_at else ""),
                Text(disp, style="bold reverse" if item.blocking else ""),
                key=f"{item.kind}:{item.ref_id}",
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1), animate=False)
        self._show_item_detail()

    def _fill_sign_steps(self, view: HandoverView) -> None:
        s = view.state
        out_name = self.query_one("#handover-outgoing-name", Input)
        in_name = self.query_one("#handover-incoming-name", Input)
        if not out_name.value and view.expected_outgoing:
            out_name.value = view.expected_outgoing
        if not in_name.value and view.expected_incoming:
            in_name.value = view.expected_incoming
        self.query_one("#handover-outgoing-text", Static).update(Text(_(
            "The outgoing officer ({side}) confirms the handover with their own password (R-HO-4)."
        ).format(side=_(SIDE_LABELS[s.outgoing_side]))))
        text = Text(_("The incoming officer ({side}) confirms with their own password; the handover is "
                      "then signed and cannot be changed (R-HO-4).").format(side=_(SIDE_LABELS[s.incoming_side])))
        if view.outgoing:
            text.append("\n" + _("Signed by the outgoing officer {name} at {at}.").format(
                name=view.outgoing, at=_time(s.outgoing_signed_at, self.desk.settings.tz)), style="bold")
            text.append("\n" + _("Ctrl+B withdraws that signature (to change an item)."))
        self.query_one("#handover-incoming-text", Static).update(text)

    def current_item(self) -> HandoverItem | None:
        if self.view is None or not self.items_table.row_count:
            return None
        row = self.items_table.cursor_row
        items = self.view.state.items
        return items[row] if 0 <= row < len(items) else None

    @on(DataTable.RowHighlighted, "#handover-items")
    def _show_item_detail(self) -> None:
        detail = self.query_one("#handover-item-detail", Static)
        if self.view is None:
            detail.update("")
            return
        text = Text()
        item = self.current_item()
        if item is not None:
            text.append(f"{_(KIND_LABELS[item.kind])} #{item.ref_id} ", style="bold")
            text.append_text(tt.owner_line(item.title))
            if item.new:
                text.append("  " + _("new since the handover started (R-HO-5)"), style="bold")
            if item.reason:
                text.append("  (")
                text.append_text(tt.owner_line(item.reason))
                text.append(")")
            text.append("\n")
        blocking = self.view.blocking
        progress = self.view.progress.get(item.ref_id) if item and item.kind in rules.TICKET_ITEM_KINDS else None
        if blocking and self.view.state.override is None:
            text.append("⚠ " + ngettext(
                "Blocked (R-HO-3): {n} important item neither finished nor taken over.",
                "Blocked (R-HO-3): {n} important items neither finished nor taken over.",
                len(blocking),
            ).format(
                n=len(blocking)), style="bold")
            if progress is None:
                # The footer offers o as well: on a ticket item the line goes to its next step (R-HO-6).
                text.append(" " + _("o: override (assistant or director)"))
        elif self.view.state.override is not None:
            o = self.view.state.override
            text.append(_("Override by {name}: {reason} (R-HO-3)").format(name=o.by.name, reason=o.reason))
        # R-HO-6 (below the blocking reason, which matters more when the space runs out).
        if item is not None and progress is not None:
            text.append(("\n" if blocking or self.view.state.override else "")
                        + _("Ticket: {status}.").format(status=_(STATUS_LABELS[progress.status])))
            if not self.view.finished_on_record(item):
                text.append(" " + _("Enter opens it for its next step; finished once reported (R-HO-6)."))
        detail.update(text)

    # -- steps ----------------------------------------------------------------------------------
    def _show_step(self, step: int) -> None:
        self.step = step
        self.query_one(ContentSwitcher).current = STEP_IDS[step]
        self.query_one("#handover-steps", Static).update(step_bar(step) if step not in (START, DONE) else Text(
            " " + (_("Handover signed") if step == DONE else _("Handover not started")), style="bold"))
        self.query_one("#handover-message", Static).update("")
        focus = {
            COUNTS: self.counts_form.focus_first,
            ANOMALIES: lambda: self.query_one("#handover-anomalies", TextArea).focus(),
            ITEMS: lambda: self.items_table.focus(),
            OUTGOING: lambda: self._focus_sign("outgoing"),
            INCOMING: lambda: self._focus_sign("incoming"),
            REVIEW: lambda: self.query_one("#step-review").focus(),
            DONE: lambda: self.query_one("#step-done").focus(),
            START: lambda: self.query_one("#step-start").focus(),
        }[step]
        self.call_after_refresh(focus)
        self.refresh_bindings()

    def _focus_sign(self, side: str) -> None:
        name = self.query_one(f"#handover-{side}-name", Input)
        (self.query_one(f"#handover-{side}-password", Input) if name.value else name).focus()

    def show_message(self, message: str) -> None:
        self.query_one("#handover-message", Static).update(Text("⚠ " + message, style="bold"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if action in ("dispose", "leave", "undo"):
            return self.step == ITEMS and self.current_item() is not None
        if action == "override":
            return self.step == ITEMS and view is not None and bool(view.blocking)
        if action == "withdraw":
            return self.step == INCOMING and view is not None and view.stage is Stage.SIGNED_OUTGOING
        if action == "next":
            return self.step not in (DONE, INCOMING, OUTGOING) and permissions.may(self.desk.actor, "handover.sign")
        if action == "back":
            if self.step == INCOMING:
                return view is not None and view.stage is Stage.SIGNED_OUTGOING
            return self.step in (REVIEW, ANOMALIES, ITEMS, OUTGOING)
        return True

    async def action_next(self) -> None:
        await caught_up(self)
        view = self.view
        if self.step == START:
            self._run("start")
        elif view is None:
            return
        elif self.step == COUNTS:
            try:
                counts = self.counts_form.counts()
            except DomainError as error:
                self.show_message(error.message)
                return
            self._run("counts", counts)
        elif self.step == REVIEW:
            self._show_step(ANOMALIES)
        elif self.step == ANOMALIES:
            self._run("review", self.query_one("#handover-anomalies", TextArea).text)
        elif self.step == ITEMS:
            try:
                rules.check_can_sign(view.state)
            except DomainError as error:
                self.show_message(error.message)
                return
            self._show_step(OUTGOING)

    async def action_enter(self) -> None:
        await caught_up(self)
        focused = self.focused
        if focused is self.items_table and self.step == ITEMS:
            self.action_open_ticket()
            return
        if not isinstance(focused, Input):
            raise SkipAction()
        if focused in self.counts_form.query(Input):
            if not self.counts_form.next_field(focused):
                await self.action_next()
            return
        for side in ("outgoing", "incoming"):
            if focused.id == f"handover-{side}-name":
                self.set_focus(self.query_one(f"#handover-{side}-password", Input))
                return
            if focused.id == f"handover-{side}-password":
                self._sign(side)
                return
        raise SkipAction()

    async def action_back(self) -> None:
        await caught_up(self)
        if self.step == INCOMING:
            self.action_withdraw()  # back from the incoming signature: the outgoing one is withdrawn
        elif self.step in (REVIEW, ANOMALIES, ITEMS, OUTGOING):
            self._show_step(self.step - 1)

    # -- items ----------------------------------------------------------------------------------
    def action_dispose(self, disposition: str) -> None:
        item = self.current_item()
        if item is not None:
            self._run("dispose", item.kind, item.ref_id, Disposition(disposition), "")

    def action_open_ticket(self) -> None:
        """R-HO-6: the ticket of the item, to record its next step (e.g. report) from here; coming
        back reloads the handover."""
        item = self.current_item()
        if item is not None and item.kind in rules.TICKET_ITEM_KINDS:
            self.post_message(TicketSelected(item.ref_id))

    def action_undo(self) -> None:
        item = self.current_item()
        if item is not None:
            self._run("dispose", item.kind, item.ref_id, None, "")

    def action_leave(self) -> None:
        item = self.current_item()
        if item is None:
            return
        label = f"{_(KIND_LABELS[item.kind])} #{item.ref_id} {item.title}"

        def left(reason: str | None) -> None:
            if reason:
                self._run("dispose", item.kind, item.ref_id, Disposition.LEFT, reason)

        self.app.push_screen(HandoverReasonModal(label), left)

    def action_override(self) -> None:
        view = self.view
        if view is None:
            return
        block = blocking_text(view)
        actor = self.desk.actor
        hint = actor.name if actor is not None and actor.is_manager else ""
        self.app.push_screen(
            HandoverOverrideModal(block.plain if block else "", hint),
            lambda form: self._run("override", form) if form else None,
        )

    def action_withdraw(self) -> None:
        self._run("withdraw")

    def action_reload(self) -> None:
        self.reload(self.step if self.view is not None else None)

    # -- signatures -----------------------------------------------------------------------------
    def _sign(self, side: str) -> None:
        name = self.query_one(f"#handover-{side}-name", Input).value.strip()
        password_field = self.query_one(f"#handover-{side}-password", Input)
        password = password_field.value
        password_field.value = ""
        if not name or not password:
            self.show_message(_("Type the officer's name and password."))
            return
        self._run("sign_" + side, name, password)

    # -- the one worker that writes -------------------------------------------------------------
    def _run(self, what: str, *args) -> None:
        self._write(what, args)

    @work(thread=True, exclusive=True, group="handover-write", exit_on_error=False)
    def _write(self, what: str, args: tuple) -> None:
        desk = self.desk
        actor = desk.actor
        if actor is None:
            return
        site = tt.desk_site(desk)
        now = desk.now()
        view = self.view
        version = view.version if view is not None else None
        try:
            step: int | None = None
            if what == "start":
                service.start_or_resume(site, actor, now=now)
            else:
                assert view is not None
                hid = view.id
                if what == "counts":
                    service.record_counts(site, actor, hid, args[0], now=now, expected_version=version)
                    step = REVIEW
                elif what == "review":
                    service.record_review(site, actor, hid, args[0], now=now, expected_version=version)
                    step = ITEMS
                elif what == "dispose":
                    kind, ref_id, disposition, reason = args
                    service.dispose_item(site, actor, hid, ItemKind(kind), ref_id, disposition, now=now,
                                         reason=reason, expected_version=version)
                    step = ITEMS
                elif what == "override":
                    form: OverrideForm = args[0]
                    service.set_override(site, hid, name=form.name, password=form.password, reason=form.reason,
                                         now=now, expected_version=version)
                    step = ITEMS
                elif what == "sign_outgoing":
                    service.sign_outgoing(site, hid, name=args[0], password=args[1], now=now,
                                          expected_version=version)
                elif what == "sign_incoming":
                    service.sign_incoming(site, hid, name=args[0], password=args[1], now=now,
                                          expected_version=version)
                elif what == "withdraw":
                    service.withdraw_outgoing(site, actor, hid, now=now, expected_version=version)
                    step = ITEMS
        except Exception as error:  # noqa: BLE001 - every refusal is shown to the officers in place
            self.post_message(self.Refused(error))
            return
        self.app.call_from_thread(self.reload, step)

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        self.show_message(describe_error(event.error))
        if isinstance(event.error, StaleError):
            self.reload(self.step)

