"""Taking a complaint (受理, R-IN-1…10, R-EM-1): the form, the owner's past tickets beside it, the
read-back, the duplicate warning and the receipt read out to the owner.

The screen is kept while the app runs and mirrors what is typed into the app's ``drafts`` store,
so a half-taken complaint survives switching screens, a lock (Ctrl+L) and an accidental Escape
(which asks before anything is discarded). Every database call runs in a worker.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Checkbox, Input, OptionList, Select, Static, TextArea

from frontdesk_tui.domain.errors import DomainError, InputError, RuleError
from frontdesk_tui.domain.permissions import may_see_phone
from frontdesk_tui.domain.phones import normalise_phone
from frontdesk_tui.domain.tickets.intake import (
    ComplaintDraft,
    clean_draft,
    default_department,
    draft_warnings,
    parse_unit,
    validate_draft,
)
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services import tickets
from frontdesk_tui.services.tickets.intake import DuplicateFound, IntakeResult
from frontdesk_tui.services.tickets.queries import OwnerMatch, TicketSummary
from frontdesk_tui.ui import labels, textual_compat
from frontdesk_tui.ui.errors import describe_error
from frontdesk_tui.ui.messages import TicketSelected
from frontdesk_tui.ui.screens.base import DeskScreen
from frontdesk_tui.ui.widgets import intake_fields as form
from frontdesk_tui.ui.widgets import ticket_text
from frontdesk_tui.ui.widgets.footer import DeskFooter
from frontdesk_tui.ui.widgets.header import DeskHeader
from frontdesk_tui.ui.widgets.intake_dialogs import (
    ClearFormModal,
    DuplicateModal,
    LeaveDraftModal,
    ReadBackModal,
    ReceiptModal,
)
from frontdesk_tui.ui.widgets.intake_side import IntakeSidePanel

#: The key of this form in the app's ``drafts`` store.
DRAFT_KEY = "intake"
#: Who typed the draft: (operator id, name), kept beside it in the ``drafts`` store.
DRAFT_BY_KEY = "intake-by"
#: Drafts put aside at a lock (R-PD-1): operator id -> values, given back when they sign in again.
DRAFT_HELD_KEY = "intake-held"
#: The fields that carry what a role that sees phones masked may not read (R-PD-1, R-PD-3).
_PRIVATE_FIELDS = ("phone", "contact")
LOOKUP_DEBOUNCE = 0.3
#: From this width the phrases and the owner lookup are both shown.
WIDE_FROM = 110


class IntakeScreen(DeskScreen):
    SCREEN_TITLE = N_("New complaint")
    CSS_PATH = "intake.tcss"
    HELP = N_(
        "Take a complaint on any channel. Tab and Shift+Tab move between the fields; Enter opens a "
        "list. Typing a unit (3-2-1201) or a phone finds the owner and shows their earlier tickets "
        "on the right; Ctrl+O copies the owner found into the form (again: the next one).\n\n"
        "F9 switches to the emergency path (fire, people trapped in a lift, a burst pipe …): only "
        "what the response team needs is asked, and saving starts the plan at once: the ticket is "
        "assessed and assigned to the response team and the on-site clock runs (R-EM-1, R-EM-2).\n\n"
        "Ctrl+S checks the form (errors appear under their field, recommendations too but they do "
        "not block), then shows the record to read back to the owner (R-IN-3). If the unit already "
        "has an open ticket of the category, you may attach the raise to it (R-IN-7). Then read the "
        "ticket number and the expected handling time out to the owner (R-IN-10); from there e "
        "escalates to the supervisor (R-IN-8).\n\n"
        "Ctrl+T shows the standard phrases and the twelve-character principle (R-IN-9). Escape leaves "
        "the form and asks before a draft is discarded; a draft also survives a lock (Ctrl+L)."
    )
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", N_("Save"), id="intake-save"),
        Binding("f9", "toggle_emergency", N_("Emergency"), id="intake-emergency"),
        Binding("ctrl+t", "toggle_phrases", N_("Phrases"), id="intake-phrases"),
        Binding("ctrl+o", "use_owner", N_("Use the owner found"), id="intake-use-owner", show=False),
        Binding("escape", "leave", N_("Leave"), id="intake-leave"),
        Binding("ctrl+n", "clear", N_("Clear the form"), id="intake-clear", show=False),
    ]

    class LookedUp(Message):
        def __init__(self, key: tuple[str, str], owners: list[OwnerMatch], history: list[TicketSummary]) -> None:
            super().__init__()
            self.key = key
            self.owners = owners
            self.history = history

    class Checked(Message):
        """Every field is right (the service answered R-IN-3): read it back."""

        def __init__(self, draft: ComplaintDraft) -> None:
            super().__init__()
            self.draft = draft

    class Recorded(Message):
        def __init__(self, result: IntakeResult) -> None:
            super().__init__()
            self.result = result

    class Duplicate(Message):
        def __init__(self, found: DuplicateFound, draft: ComplaintDraft) -> None:
            super().__init__()
            self.found = found
            self.draft = draft

    class Refused(Message):
        def __init__(self, error: DomainError) -> None:
            super().__init__()
            self.error = error

    def __init__(self) -> None:
        super().__init__(id="intake")
        self.owners: list[OwnerMatch] = []
        self.history: list[TicketSummary] = []
        self.show_phrases = False
        self.busy = False
        self._lookup_timer: Timer | None = None
        self._lookup_key: tuple[str, str] = ("", "")
        self._restoring = False

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DeskHeader(self.title_text)
        with Horizontal(id="intake-body"):
            with VerticalScroll(id="intake-form"):
                yield Static("", id="intake-banner")
                for spec in form.FIELDS:
                    yield form.field_row(spec)
                yield Static("", id="intake-goes-to")
                yield Static("", id="intake-message")
            yield IntakeSidePanel(id="intake-side")
        yield DeskFooter()

    @property
    def side(self) -> IntakeSidePanel:
        return self.query_one(IntakeSidePanel)

    @property
    def message(self) -> Static:
        return self.query_one("#intake-message", Static)

    def field(self, name: str) -> Any:
        return self.query_one(f"#field-{name}")

    def on_mount(self) -> None:
        super().on_mount()
        self.message.display = False
        saved = self.desk.drafts.get(DRAFT_KEY)
        if saved:
            self.set_values(saved)
            self.guard_draft()
        self._layout_side(self.size.width)
        self.refresh_form()
        self.field("channel").focus()

    def on_signed_in(self) -> None:
        """After a lock the next operator may see phones masked (R-PD-1): look up again as them."""
        self.guard_draft()
        if self._lookup_key != ("", ""):
            self.side.show_owners([])
            self.owners = []
            self.lookup_now()

    def on_resize(self, event: Resize) -> None:
        self._layout_side(event.size.width)

    def _layout_side(self, width: int) -> None:
        wide = width >= WIDE_FROM
        self.set_class(wide, "-wide")
        self.side.set_mode(phrases=self.show_phrases, both=wide)

    # -- values and the draft store ----------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in form.FIELDS:
            widget = self.field(spec.name)
            if isinstance(widget, Select):
                out[spec.name] = None if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Checkbox):
                out[spec.name] = bool(widget.value)
            elif isinstance(widget, TextArea):
                out[spec.name] = widget.text
            else:
                out[spec.name] = widget.value
        return out

    def set_values(self, values: dict[str, Any]) -> None:
        self._restoring = True
        try:
            for spec in form.FIELDS:
                widget = self.field(spec.name)
                value = values.get(spec.name)
                if isinstance(widget, Select):
                    if value is None and textual_compat.select_allows_blank(widget):
                        widget.clear()
                    elif value is not None:
                        widget.value = value
                    elif spec.name == "channel":
                        widget.value = "phone"
                elif isinstance(widget, Checkbox):
                    widget.value = bool(value)
                elif isinstance(widget, TextArea):
                    widget.load_text(str(value or ""))
                else:
                    widget.value = str(value or "")
        finally:
            self._restoring = False

    def save_draft(self) -> None:
        values = self.values()
        if form.is_blank(values):
            self.desk.drafts.pop(DRAFT_KEY, None)
            self.desk.drafts.pop(DRAFT_BY_KEY, None)
        else:
            self.desk.drafts[DRAFT_KEY] = values
            actor = self.desk.actor
            if actor is not None and not self._restoring:
                self.desk.drafts[DRAFT_BY_KEY] = (actor.id, actor.name)

    def guard_draft(self) -> None:
        """R-PD-1 follows the person: a draft typed by someone else that holds an owner's phone or
        contact is put aside when the operator now signed in sees phones masked (staff), with a
        notice; it comes back when the one who typed it signs in again on a blank form."""
        actor = self.desk.actor
        if actor is None:
            return
        drafts = self.desk.drafts
        held: dict[int, dict[str, Any]] = drafts.setdefault(DRAFT_HELD_KEY, {})
        values = self.values()
        by = drafts.get(DRAFT_BY_KEY)
        private = any(str(values.get(name) or "").strip() for name in _PRIVATE_FIELDS)
        if not form.is_blank(values) and by is not None and by[0] != actor.id and private and not may_see_phone(actor):
            held[by[0]] = values
            self.clear_form()
            # a blank form starts at its first field, not in the field the other operator left
            # (walk13: the next operator's Tabs counted from "What happened" and typed the unit into
            # the time it happened)
            self.field("channel").focus()
            self.app.notify(
                _("The form held {name}'s draft with an owner's phone, which your role sees masked (R-PD-1): "
                  "it is put aside until {name} signs in again.").format(name=by[1]),
                severity="warning",
                timeout=10,
            )
            return
        if actor.id in held and form.is_blank(values):
            self.set_values(held.pop(actor.id))
            self.save_draft()
            self.refresh_form()
            self.app.notify(_("Your draft is back on the form."))

    def clear_form(self) -> None:
        self.set_values({})
        self.desk.drafts.pop(DRAFT_KEY, None)
        self.desk.drafts.pop(DRAFT_BY_KEY, None)
        self.show_errors({}, {})
        self.owners, self.history = [], []
        self._lookup_key = ("", "")
        self.side.show_owners([])
        self.side.show_history(None, "", self.desk.settings.tz)
        self.refresh_form()

    # -- reacting to typing -----------------------------------------------------------------------
    def _name_of(self, widget: Any) -> str | None:
        wid = getattr(widget, "id", None) or ""
        return wid.removeprefix("field-") if wid.startswith("field-") else None

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _field_changed(self, event: Any) -> None:
        widget = getattr(event, "control", None) or getattr(event, "text_area", None)
        name = self._name_of(widget)
        if name is None:
            return
        if isinstance(widget, Input | TextArea):
            text = widget.value if isinstance(widget, Input) else widget.text
            cleaned = form.cleaned_if_needed(text, multiline=isinstance(widget, TextArea))
            if cleaned is not None:  # pasted control characters: the field shows (and keeps) text only
                if isinstance(widget, Input):
                    widget.value = cleaned
                else:
                    widget.load_text(cleaned)
                return
            self._count(name, text)
        self.save_draft()
        self.clear_error(name)
        if name in ("emergency", "category", "channel"):
            self.refresh_form()
        if name in ("unit", "phone"):
            self._schedule_lookup()

    def _count(self, name: str, text: str) -> None:
        for slot in self.query(f"#count-{name}").results(Static):
            content, shown = form.counter(name, text)
            slot.update(content)
            slot.display = shown

    def clear_error(self, name: str) -> None:
        for prefix in ("err", "warn"):
            slots = self.query(f"#{prefix}-{name}")
            if slots:
                slots.first().display = False

    def refresh_form(self) -> None:
        values = self.values()
        emergency = bool(values.get("emergency"))
        category = values.get("category") or ""
        focused = self.focused
        hidden: list[str] = []
        channel = values.get("channel") or ""
        for spec in form.FIELDS:
            visible = form.row_visible(spec, emergency=emergency, category=category, channel=channel)
            self.query_one(f"#row-{spec.name}").display = visible
            if not visible:
                hidden.append(spec.name)
        if focused is not None and self._name_of(focused) in hidden:
            # F9 in a field the emergency path hides (or a category change): the keys typed next
            # would go nowhere (issue 13). They go to what happened, the field every path keeps.
            self.set_focus(self.field("description"))  # at once (see action_toggle_emergency)
        banner = self.query_one("#intake-banner", Static)
        banner.display = emergency
        self.set_class(emergency, "-emergency")
        department = default_department(category) if category else ""
        if emergency:
            text = Text()
            text.append(" " + _("EMERGENCY") + " ", style="bold reverse")
            text.append(" ")
            text.append(_("Saving starts the plan: the ticket is assessed and assigned to the response team "
                          "at once; they are due on site within {n} minutes (R-EM-1, R-EM-2).").format(
                n=self.desk.settings.emergency_on_site_minutes))
            banner.update(text)
        goes_to = self.query_one("#intake-goes-to", Static)
        if department:
            goes_to.update(Text(_("Goes to: {department} (the assigner may change it, R-IN-5)").format(
                department=labels.department(department)), style="dim"))
        else:
            goes_to.update("")
        self.side.show_history(self.history if self._lookup_key != ("", "") else None, category,
                               self.desk.settings.tz)

    # -- owner lookup (R-IN-7: past tickets while typing) -------------------------------------------
    def _schedule_lookup(self) -> None:
        if self._lookup_timer is not None:
            self._lookup_timer.stop()
        self._lookup_timer = self.set_timer(LOOKUP_DEBOUNCE, self.lookup_now)

    def lookup_now(self) -> None:
        """Look up the owner and the earlier tickets for what the unit and phone fields hold now."""
        if self._lookup_timer is not None:
            self._lookup_timer.stop()
            self._lookup_timer = None
        if self.desk.actor is None:
            return
        values = self.values()
        key = (str(values.get("unit") or "").strip(), str(values.get("phone") or "").strip())
        self._lookup(key)

    @work(thread=True, exclusive=True, group="intake-lookup", exit_on_error=False)
    def _lookup(self, key: tuple[str, str]) -> None:
        desk = self.desk
        site, actor, now = ticket_text.desk_site(desk), desk.actor, desk.now()
        unit, phone = key
        try:
            phone = normalise_phone(phone) if phone else ""
        except InputError:
            phone = ""  # not a whole number yet
        owners: list[OwnerMatch] = []
        if unit and parse_unit(unit) is not None:
            owners = tickets.lookup_owners(site, unit, actor=actor)
        if not owners and phone:
            try:
                owners = tickets.lookup_owners(site, phone, actor=actor)
            except (InputError, RuleError):
                owners = []
        history: list[TicketSummary] = []
        if unit or phone:
            try:
                history = tickets.owner_history(site, actor, now=now, unit=unit or None, phone=phone or None)
            except RuleError:  # R-PD-3: a role that may not look up by phone
                history = tickets.owner_history(site, actor, now=now, unit=unit or None) if unit else []
        self.post_message(self.LookedUp(key, owners, history))

    @on(LookedUp)
    def _looked_up(self, event: LookedUp) -> None:
        self._lookup_key = event.key
        self.owners = event.owners
        self.history = event.history
        unit, phone = event.key
        unknown = ""
        if not event.owners:  # looked up, nobody in the register (a public area has no owner)
            by_phone = len(phone) >= 7 and may_see_phone(self.desk.actor)  # R-PD-3: staff do not look up phones
            unknown = unit if unit and parse_unit(unit) is not None else phone if by_phone else ""
        self.side.show_owners(event.owners, unknown=unknown)
        self.side.show_history(event.history if event.key != ("", "") else None, self.values().get("category") or "",
                               self.desk.settings.tz)

    @on(OptionList.OptionSelected, "#intake-owners")
    def _owner_chosen(self, event: OptionList.OptionSelected) -> None:
        self.use_owner(int(event.option.id or 0))

    def action_use_owner(self) -> None:
        """Ctrl+O: the owner found goes into the form; pressed again, the next one found."""
        if not self.owners:
            self.app.notify(_("No owner found yet: type the unit or the phone first."), severity="warning")
            return
        name = str(self.field("owner_name").value)
        current = next((i for i, o in enumerate(self.owners) if o.name == name), None)
        self.use_owner(0 if current is None else (current + 1) % len(self.owners))

    def use_owner(self, index: int) -> None:
        owner = self.owners[index]
        self.side.owners.highlighted = index
        self.field("owner_name").value = owner.name
        if "*" not in owner.phone:
            self.field("phone").value = owner.phone
        if not str(self.field("unit").value).strip():
            self.field("unit").value = owner.unit

    # -- toggles ----------------------------------------------------------------------------------
    def action_toggle_emergency(self) -> None:
        box = self.field("emergency")
        box.value = not box.value
        # now, not when the checkbox's Changed arrives: the keys typed right after F9 go out as soon
        # as this binding returns, and must find the focus already off a field the path hides
        self.refresh_form()

    def action_toggle_phrases(self) -> None:
        self.show_phrases = not self.show_phrases
        self._layout_side(self.size.width)

    def action_clear(self) -> None:
        """Ctrl+N: a blank form is cleared at once; one with something typed asks first."""
        if form.is_blank(self.values()):
            self.clear_form()
            self.field("channel").focus()
            return
        focused = self.focused

        def decided(choice: str | None) -> None:
            if choice == "clear":
                self.clear_form()
                self.field("channel").focus()
            elif focused is not None:
                focused.focus()

        self.app.push_screen(ClearFormModal(id="clear-form"), decided)

    # -- errors -----------------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str], warnings: dict[str, str], general: str = "") -> None:
        unplaced: list[str] = []
        for spec in form.FIELDS:
            for prefix, found in (("err", errors), ("warn", warnings)):
                slot = self.query_one(f"#{prefix}-{spec.name}", Static)
                message = found.get(spec.name, "")
                slot.update(Text(("! " if prefix == "err" else "") + message))
                slot.display = bool(message)
        known = set(form.FIELD_NAMES)
        unplaced = [f"{n}: {m}" for n, m in errors.items() if n not in known]
        text = " ".join([general, *unplaced]).strip()
        self.message.update(Text(text))
        self.message.display = bool(text)
        if text and not errors:
            # A refusal of the whole record (R-RO-1 …) is read below the last field: bring it into
            # sight, or at 80x24 the operator sees nothing happen.
            self.call_after_refresh(self.message.scroll_visible, animate=False)
        if errors or text:
            self.desk.key_order.drop_waiting()  # typed for the read-back, not for the field with the error
        for spec in form.FIELDS:
            if spec.name in errors:
                self.field(spec.name).focus()
                self.query_one(f"#row-{spec.name}").scroll_visible(animate=False)
                break

    # -- saving: check, read back, duplicates, receipt ------------------------------------------------
    def action_save(self) -> None:
        if self.busy or self.desk.actor is None:
            return
        values = self.values()
        now = self.desk.now()
        try:
            draft = form.make_draft(values, self.desk.settings.tz, now)
        except InputError as bad:
            self.show_errors({bad.field: bad.reason}, {})
            return
        errors = {e.field: form.friendly_error(e, values) for e in reversed(validate_draft(draft, now))}
        warnings = {w.field: w.reason for w in draft_warnings(draft)}
        self.show_errors(errors, warnings)
        if errors:
            return
        self._start(draft, "check")

    def _start(self, draft: ComplaintDraft, stage: str, attach_to: int | None = None, force_new: bool = False) -> None:
        """Save in a worker; the keys typed meanwhile wait for the modal it opens (read-back, receipt)
        or for the form again if refused, never land in the field the operator left."""
        self.busy = True
        self.desk.key_order.pause()
        self._submit(draft, stage, attach_to=attach_to, force_new=force_new)

    @work(thread=True, exclusive=True, group="intake-save", exit_on_error=False)
    def _submit(self, draft: ComplaintDraft, stage: str, attach_to: int | None = None, force_new: bool = False) -> None:
        desk = self.desk
        try:
            result = tickets.record_complaint(ticket_text.desk_site(desk), desk.actor, draft, now=desk.now(),  # type: ignore[arg-type]
                                              attach_to=attach_to, force_new=force_new)
        except DuplicateFound as found:
            self.post_message(self.Duplicate(found, draft))
        except RuleError as refused:
            if refused.rule == "R-IN-3" and stage == "check":
                self.post_message(self.Checked(draft))
            else:
                self.post_message(self.Refused(refused))
        except DomainError as bad:
            self.post_message(self.Refused(bad))
        else:
            self.post_message(self.Recorded(result))

    def on_worker_state_changed(self, event) -> None:  # type: ignore[override]
        super().on_worker_state_changed(event)
        if event.worker.group == "intake-save" and event.worker.is_finished and event.worker.error is not None:
            self.busy = False
            self.desk.key_order.resume()

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        self.busy = False
        error = event.error
        if isinstance(error, InputError) and error.field in form.FIELD_NAMES:
            self.show_errors({error.field: error.reason}, {})
        else:
            self.show_errors({}, {}, describe_error(error))
        self.desk.key_order.resume()

    @on(Checked)
    def _checked(self, event: Checked) -> None:
        draft = clean_draft(event.draft)
        department = draft.department or default_department(draft.category)

        def read_back(answer: str | None) -> None:
            if answer == "yes":
                self._start(replace(event.draft, read_back_confirmed=True), "save")
            else:
                self.busy = False

        self.app.push_screen(ReadBackModal(draft, department, self.desk.settings.tz), read_back)
        self.desk.key_order.resume()

    @on(Duplicate)
    def _duplicate(self, event: Duplicate) -> None:
        found = event.found
        summary = next((t for t in self.history if t.id == found.ticket_id), None)

        def decided(choice: str | None) -> None:
            if choice == "attach":
                self._start(event.draft, "save", attach_to=found.ticket_id)
            elif choice == "new":
                self._start(event.draft, "save", force_new=True)
            else:
                self.busy = False

        self.app.push_screen(DuplicateModal(found, summary, self.desk.settings.tz), decided)
        self.desk.key_order.resume()

    @on(Recorded)
    def _recorded(self, event: Recorded) -> None:
        self.busy = False
        result = event.result
        self.clear_form()

        def after(choice: str | None) -> None:
            if choice == "open":
                self.post_message(TicketSelected(result.ticket_id))
            elif choice == "next":
                self.field("channel").focus()
            else:
                self.app.open_screen("queue")  # type: ignore[attr-defined]
                # the new ticket in sight, the cursor on it (its due time may put it pages down)
                queue_screen = self.app.screen
                if hasattr(queue_screen, "show_ticket"):
                    queue_screen.show_ticket(result.ticket_id)

        self.app.push_screen(ReceiptModal(result, self.desk.settings.tz), after)
        self.desk.key_order.resume()

    # -- leaving ----------------------------------------------------------------------------------
    def action_leave(self) -> None:
        if form.is_blank(self.values()):
            self.app.open_screen("queue")  # type: ignore[attr-defined]
            return

        def decided(choice: str | None) -> None:
            if choice == "discard":
                self.clear_form()
            if choice in ("keep", "discard"):
                self.app.open_screen("queue")  # type: ignore[attr-defined]

        self.app.push_screen(LeaveDraftModal(id="leave-draft"), decided)
