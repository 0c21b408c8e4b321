"""The forms of the ticket actions: pick one of the actions allowed now, fill in what it records
(``domain.tickets.lifecycle.required_fields`` and the optional extras), save with the version the screen
showed (R-RO-3). Field errors stay in the form next to their field; a stale copy closes the form so
the ticket screen can explain who changed it and reload.

The follow-up visit (R-LC-5) has its own form, shared with the follow-up call queue.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.events import Key
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from frontdesk_tui.domain.codes import DEPARTMENTS, Action, Complexity, Satisfaction, Severity
from frontdesk_tui.domain.errors import DomainError, InputError, StaleError
from frontdesk_tui.domain.tickets.lifecycle import HOW_TOLD, REPORT_AND_CONFIRM, STEP_KEYS, required_fields
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services import tickets
from frontdesk_tui.services.tickets import followups
from frontdesk_tui.services.tickets.followups import FollowUpItem
from frontdesk_tui.services.tickets.queries import TicketView
from frontdesk_tui.ui import labels
from frontdesk_tui.ui.errors import describe_error
from frontdesk_tui.ui.screens.base import DeskModal
from frontdesk_tui.ui.widgets import ticket_text as tt
from frontdesk_tui.ui.widgets.check import StateCheckbox, StateRadioButton
from frontdesk_tui.ui.widgets.footer import DeskFooter
from frontdesk_tui.ui.widgets.intake_fields import cleaned_if_needed

#: Fields an action may record besides the required ones (shown after them, optional).
OPTIONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "assess": ("responsibility", "working_days"),
    "assign": ("handler", "requirements", "working_days"),
    "reassign": ("handler",),
    "extend": ("working_days",),
    "escalate": ("note",),
}
#: Fields a form always shows after the required ones although the domain needs them only in some
#: cases: the owner's agreement to an escalation, unless a supervisor takes the ticket over (R-IN-8a).
CONDITIONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "escalate": ("owner_agreed",),
}
#: What the note means for each action that records one.
NOTE_LABELS: dict[str, str] = {
    "answer": N_("Explanation given"),
    "investigate": N_("Findings"),
    "plan": N_("Who, what, by when"),
    "report": N_("Result"),
    REPORT_AND_CONFIRM: N_("Result"),
    "withdraw": N_("The owner's words"),
    "contact": N_("What the owner was told"),
    "close-unreachable": N_("Attempts made"),
    "correct": N_("Correction"),
}
#: One line under the title saying what the action does; ``{…}`` are the configured deadline terms
#: (:func:`frontdesk_tui.services.tickets.deadline_terms`).
HINTS: dict[str, str] = {
    "answer": N_("Explained at once: the ticket ends as answered at the desk (R-IN-6)."),
    "assess": N_(
        "Complexity sets the deadline: simple {simple_hours} h, moderate {moderate_working_days} working "
        "days, complex up to {complex_max_working_days}."
    ),
    "assign": N_("The department (and handler) who will do the work, with its deadline."),
    "report": N_("The result is reported to the owner: the clock stops here (R-DL-3a)."),
    "confirm": N_("The owner is satisfied: the ticket closes and the follow-up visit falls due (R-LC-5)."),
    REPORT_AND_CONFIRM: N_(
        "The owner was told the result and is satisfied: reported and closed in one step; the "
        "follow-up visit falls due (R-LC-5)."
    ),
    "reopen": N_("The owner is not satisfied: back to planning with a fresh deadline."),
    "escalate": N_(
        "With the owner's agreement, hand the owner to a supervisor: an assistant, the director, or off "
        "duty hours the officer on duty (R-IN-8, R-IN-8a)."
    ),
    "revise-expected": N_(
        "Outside support is needed: the clocks stay as they are (never extended or paused); record the "
        "revised expected time, why, and that the owner was told (R-EM-4)."
    ),
    "extend": N_("Tell the owner first; at most {complex_max_working_days} working days in all (R-DL-3)."),
    "pause": N_("Waiting on the owner or on parts: the deadline moves by the paused time (R-DL-7)."),
    "on-site": N_("Stops the response team's on-site clock (R-EM-2)."),
    "under-control": N_("Stops the under-control clock (R-EM-2)."),
    "summary": N_("Cause and improvement: needed before an emergency or a major ticket closes."),
    "correct": N_("The timeline is never edited: the correction points at the event it corrects (R-LC-3)."),
}
MULTILINE = ("note", "reason", "cause", "improvement", "requirements", "responsibility")


@dataclass(frozen=True)
class ActionOutcome:
    """What a form ends with: the ticket after the action, or the stale-copy refusal (R-RO-3)."""

    action: str
    view: TicketView | None = None
    stale: StaleError | None = None


class _Saved(Message):
    def __init__(self, view: TicketView) -> None:
        super().__init__()
        self.view = view


class _Refused(Message):
    def __init__(self, error: DomainError) -> None:
        super().__init__()
        self.error = error


class ActionPickerModal(DeskModal[str | None]):
    CSS_PATH = "action_form.tcss"
    """The next steps allowed from here for this operator (R-LC-1), most likely first, each with
    its key (``domain.tickets.lifecycle.next_steps`` / ``STEP_KEYS``: the order is the service's)."""

    SCREEN_TITLE = N_("Next action")
    HELP = N_(
        "The actions this operator may take on the ticket now, as the lifecycle allows them for "
        "the ticket's state and the operator's role (R-LC-1), the most likely first. The key "
        "beside a step opens its form at once; Up/Down and Enter do the same; Escape goes back."
    )
    BINDINGS: ClassVar = [Binding("escape", "cancel", N_("Back"), id="cancel-action-picker")]

    def __init__(self, view: TicketView) -> None:
        super().__init__(id="action-picker")
        self.view = view
        self.steps = view.next_steps or view.allowed_actions
        self.keys = {STEP_KEYS[code]: code for code in self.steps if code in STEP_KEYS}

    def compose(self) -> ComposeResult:
        with Vertical(id="action-picker-box", classes="form-box") as box:
            box.border_title = _("Ticket {id}: next action").format(id=self.view.id)
            yield OptionList(*[Option(step_line(code), id=code) for code in self.steps], id="action-picker-list")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event: Key) -> None:
        code = self.keys.get(event.character or "")
        if code is not None:
            event.stop()
            event.prevent_default()
            self.dismiss(code)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(str(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


def step_line(code: str) -> Text:
    """One entry of the next-step list: its key, its label, the action word (for the CLI)."""
    key = STEP_KEYS.get(code, " ")
    line = Text()
    line.append(f"{key} ", style="bold reverse" if key.strip() else "")
    line.append(" " + tt.action_label(code))
    line.append(f"  {code}", style="dim")
    return line


class _SavingModal(DeskModal[ActionOutcome | None]):
    CSS_PATH = "action_form.tcss"
    """Shared by the forms: errors next to their field, the save in a worker, the outcome."""

    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", N_("Save"), id="save-action"),
        Binding("escape", "cancel", N_("Cancel"), id="cancel-action"),
    ]
    action_code = ""

    def __init__(self, view: TicketView | FollowUpItem, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = view
        self.saving = False

    def error_slot(self, name: str) -> Static:
        slot = Static("", id=f"err-{name}", classes="field-error")
        slot.display = False
        return slot

    def show_errors(self, errors: dict[str, str], general: str = "") -> None:
        for slot in self.query(".field-error").results(Static):
            name = (slot.id or "").removeprefix("err-")
            message = errors.get(name, "")
            slot.update(Text(message))
            slot.display = bool(message)
        unplaced = [m for n, m in errors.items() if not self.query(f"#err-{n}")]
        message = self.query_one("#form-message", Static)
        text = " ".join([general, *unplaced]).strip()
        message.update(Text(text))
        message.display = bool(text)
        for name in errors:
            fields = self.query(f"#field-{name}")
            if fields:
                fields.first().focus()
                break

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self, event: Input.Changed | TextArea.Changed) -> None:
        widget = event.control
        text = widget.value if isinstance(widget, Input) else widget.text
        cleaned = cleaned_if_needed(text, multiline=isinstance(widget, TextArea))
        if cleaned is not None:  # pasted control characters: show (and keep) the text only
            if isinstance(widget, Input):
                widget.value = cleaned
            else:
                widget.load_text(cleaned)

    def action_save(self) -> None:
        if self.saving:
            return
        try:
            fields = self.collect()
        except InputError as bad:
            self.show_errors({bad.field: bad.reason})
            return
        self.saving = True
        self.show_errors({}, _("Saving…"))
        self._save(fields)

    def collect(self) -> dict[str, Any]:
        raise NotImplementedError

    def save(self, fields: dict[str, Any]) -> TicketView:
        raise NotImplementedError

    @work(thread=True, exclusive=True, group="action-save", exit_on_error=False)
    def _save(self, fields: dict[str, Any]) -> None:
        try:
            view = self.save(fields)
        except DomainError as error:
            self.post_message(_Refused(error))
        else:
            self.post_message(_Saved(view))

    @on(_Saved)
    def _saved(self, event: _Saved) -> None:
        self.saving = False
        self.dismiss(ActionOutcome(self.action_code, view=event.view))

    @on(_Refused)
    def _refused(self, event: _Refused) -> None:
        self.saving = False
        error = event.error
        if isinstance(error, StaleError):
            self.dismiss(ActionOutcome(self.action_code, stale=error))
        elif isinstance(error, InputError):
            self.show_errors({error.field: error.reason})
        else:
            self.show_errors({}, describe_error(error))

    def on_worker_state_changed(self, event) -> None:  # type: ignore[override]
        super().on_worker_state_changed(event)
        if event.worker.group == "action-save" and event.worker.is_finished and event.worker.error is not None:
            self.saving = False
            self.show_errors({})

    def action_cancel(self) -> None:
        self.dismiss(None)


class ActionFormModal(_SavingModal):
    """One lifecycle action's form: its fields, Ctrl+S to save, Escape to leave it."""

    SCREEN_TITLE = N_("Ticket action")
    HELP = N_(
        "Fill in what this action records; Tab moves between the fields, Enter opens a list. "
        "Ctrl+S saves, Escape leaves the ticket as it was. An error appears under its field.\n\n"
        "The save is refused when someone else changed the ticket since it was shown (R-RO-3): "
        "the ticket screen then says who and when, and shows the ticket as it is now."
    )

    def __init__(
        self,
        view: TicketView,
        action: str,
        *,
        prefill: Mapping[str, str] | None = None,
        fixed: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(view, id="action-form")
        combined = action == REPORT_AND_CONFIRM  # report, then confirm (the service's one step)
        self.action_code = REPORT_AND_CONFIRM if combined else Action(action).value
        self.prefill = dict(prefill or {})
        """Text fields filled in when the form opens (the board's "take over" writes a note)."""
        self.fixed = dict(fixed or {})
        """Fields saved as given and not shown (the board's "take over": ``taken_over`` and the
        supervisor's own name as ``called``)."""
        conditional = () if self.fixed.get("taken_over") else CONDITIONAL_FIELDS.get(self.action_code, ())
        own = required_fields(Action.REPORT if combined else action)
        self.required = tuple(n for n in (*own, *conditional) if n not in self.fixed)
        self.optional = tuple(
            n for n in OPTIONAL_FIELDS.get(self.action_code, ()) if n not in self.required and n not in self.fixed
        )
        self._handlers: dict[str, tuple[str, ...]] = {}

    @property
    def terms(self) -> tickets.DeadlineTerms:
        return tickets.deadline_terms(tt.desk_site(self.desk))

    @property
    def field_names(self) -> tuple[str, ...]:
        return self.required + self.optional

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        view = self.view
        with VerticalScroll(id="action-form-box", classes="form-box") as box:
            label = _("Take over") if self.fixed.get("taken_over") else tt.action_label(self.action_code)
            box.border_title = _("Ticket {id}: {action}").format(id=view.id, action=label)
            summary = Text()
            summary.append(f"#{view.id} ", style="bold")
            summary.append(tt.owner_line(view.unit))
            summary.append("  ")
            summary.append(tt.owner_line(view.description[:60]))
            yield Static(summary, classes="form-summary")
            hint = HINTS.get(self.action_code)
            if self.fixed.get("taken_over"):
                hint = N_(
                    "You take the ticket over in your own name: nobody is called and no owner agreement is "
                    "claimed; the timeline records the take-over (R-IN-8a)."
                )
            if hint:
                yield Static(Text(_(hint).format(**vars(self.terms))), classes="form-hint")
            if not self.field_names:
                yield Static(Text(_("Nothing to fill in: Ctrl+S records it now.")), classes="form-hint")
            for name in self.field_names:
                label = self.label_for(name)
                if name in self.optional:
                    label = _("{field} (optional)").format(field=label)
                yield Label(label, classes="form-label")
                yield self.widget_for(name)
                yield self.error_slot(name)
            yield Static("", id="form-message")
        yield DeskFooter()

    def label_for(self, name: str) -> str:
        if name == "note" and self.action_code in NOTE_LABELS:
            return _(NOTE_LABELS[self.action_code])
        if name == "owner_told" and self.action_code == Action.REVISE_EXPECTED.value:
            return _("The owner was told the revised time")
        if name == "owner_told":
            return _("The owner was told of the new deadline")
        if name == "owner_agreed":
            return _("The owner agreed to be handed to the supervisor")
        if name == "called":
            return _("Supervisor to hand over to")
        return tt.field_label(name)

    def widget_for(self, name: str) -> Widget:
        view = self.view
        wid = f"field-{name}"
        if name in MULTILINE:
            return TextArea(id=wid, classes="form-text", compact=True, tab_behavior="focus")
        if name == "complexity":
            return Select([(tt.complexity_label(c.value), c.value) for c in Complexity],
                          value=view.complexity or Select.NULL, prompt=_("Choose…"), id=wid, compact=True)
        if name == "severity":
            return Select([(labels.severity(s.value), s.value) for s in Severity],
                          value=view.severity or Select.NULL, prompt=_("Choose…"), id=wid, compact=True)
        if name == "department":
            return Select([(labels.department(code), code) for code in DEPARTMENTS], allow_blank=False,
                          value=view.department, id=wid, compact=True)
        if name == "how_told":
            return Select([(tt.how_told_label(code), code) for code in HOW_TOLD], allow_blank=False,
                          value="phone", id=wid, compact=True)
        if name == "handler":
            return Select([], prompt=_("Nobody in particular"), id=wid, compact=True)
        if name == "owner_told":
            return StateCheckbox(_("Yes, the owner knows"), id=wid, compact=True)
        if name == "owner_agreed":
            return StateCheckbox(_("Yes, the owner agreed"), id=wid, compact=True)
        if name == "called":
            # Only the people the service accepts (R-IN-8a), loaded when the form opens.
            return Select([], prompt=_("Choose the supervisor…"), id=wid, compact=True)
        if name == "expected_at":
            return Input(max_length=16, placeholder=_("YYYY-MM-DD HH:MM"), id=wid, compact=True)
        if name == "working_days":
            placeholder = _("1-{max}").format(max=self.terms.complex_max_working_days)
            return Input(type="integer", max_length=2, placeholder=placeholder, id=wid, compact=True)
        if name == "corrects":
            options = []
            for event in reversed(view.events):
                line = f"#{event.id} {tt.short_when(event.at, event.at.tzinfo)} {tt.event_label(event.kind)}"
                options.append((Text(line).append(f" {event.operator}", style="dim"), event.id))
            return Select(options, prompt=_("Which event?"), id=wid, compact=True)
        return Input(id=wid, compact=True)

    def on_mount(self) -> None:
        for name, value in self.prefill.items():
            for widget in self.query(f"#field-{name}"):
                if isinstance(widget, Input):
                    widget.value = value
                elif isinstance(widget, TextArea):
                    widget.load_text(value)
        widgets = [w for w in self.query("#action-form-box *") if w.id and w.id.startswith("field-")]
        if widgets:
            widgets[0].focus()
        if "handler" in self.field_names:
            self._load_handlers()
        if "called" in self.field_names:
            self._load_supervisors()

    # -- handlers of the department -------------------------------------------------------------
    @work(thread=True, exclusive=True, group="action-operators", exit_on_error=False)
    def _load_handlers(self) -> None:
        # The service says whom it accepts (an active operator of the department), per department.
        handlers = tickets.eligible_handlers(tt.desk_site(self.desk), DEPARTMENTS)
        self.app.call_from_thread(self._handlers_loaded, handlers)

    @work(thread=True, exclusive=True, group="action-supervisors", exit_on_error=False)
    def _load_supervisors(self) -> None:
        desk = self.desk
        names = tickets.eligible_supervisors(tt.desk_site(desk), now=desk.now())
        self.app.call_from_thread(self._supervisors_loaded, names)

    def _supervisors_loaded(self, names: tuple[str, ...]) -> None:
        select = self.query_one("#field-called", Select)
        select.set_options([(Text(n), n) for n in names])
        wanted = self.prefill.get("called")
        if wanted in names:
            select.value = wanted

    def _handlers_loaded(self, handlers: dict[str, tuple[str, ...]]) -> None:
        self._handlers = handlers
        self._fill_handlers()

    def _department_now(self) -> str:
        if "department" in self.field_names:
            value = self.query_one("#field-department", Select).value
            if value is not Select.NULL:
                return str(value)
        return self.view.department

    def _fill_handlers(self) -> None:
        if not self.query("#field-handler"):
            return
        department = self._department_now()
        names = self._handlers.get(department, ())
        select = self.query_one("#field-handler", Select)
        # No choice keeps the handler within the same department (the service's rule): say so.
        keeps = self.view.handler and self.view.department == department
        select.prompt = (_("Unchanged ({name})").format(name=self.view.handler) if keeps
                         else _("Nobody in particular"))
        select.set_options([(Text(n), n) for n in names])
        if self.view.handler in names and self.view.department == department:
            select.value = self.view.handler

    @on(Select.Changed, "#field-department")
    def _department_changed(self) -> None:
        self._fill_handlers()

    # -- saving ---------------------------------------------------------------------------------
    def collect(self) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for name in self.field_names:
            widget = self.query_one(f"#field-{name}")
            value: Any
            if isinstance(widget, TextArea):
                value = widget.text.strip()
            elif isinstance(widget, Select):
                value = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Checkbox):
                value = widget.value
            else:
                value = widget.value.strip()  # type: ignore[attr-defined]
                if name == "working_days" and value:
                    value = int(value)
            if value in (None, "") and name in self.required:
                raise InputError(name, _("this is needed for “{action}”").format(
                    action=tt.action_label(self.action_code)))
            if value not in (None, ""):
                fields[name] = value
        fields.update(self.fixed)
        return fields

    def save(self, fields: dict[str, Any]) -> TicketView:
        desk = self.desk
        return tickets.act(tt.desk_site(desk), desk.actor, self.view.id, self.action_code, fields,  # type: ignore[arg-type]
                           now=desk.now(), expected_version=self.view.version)


class FollowUpFormModal(_SavingModal):
    """The follow-up visit's outcome (R-LC-5): satisfaction, comments, did the problem come back."""

    SCREEN_TITLE = N_("Follow-up visit")
    HELP = N_(
        "Record what the owner said on the follow-up call. Up/Down and Space choose the "
        "satisfaction (or press 1-4 outside the comment box); Tab moves on.\n\n"
        "“Dissatisfied” or “the problem came back” flags the ticket for the assistant, who reopens "
        "it or records why not (R-LC-5). Ctrl+S saves, Escape leaves it for later."
    )
    BINDINGS: ClassVar = [
        Binding("1", "satisfaction(0)", N_("Very satisfied"), show=False),
        Binding("2", "satisfaction(1)", N_("Satisfied"), show=False),
        Binding("3", "satisfaction(2)", N_("Fair"), show=False),
        Binding("4", "satisfaction(3)", N_("Dissatisfied"), show=False),
    ]
    action_code = Action.FOLLOW_UP.value

    def __init__(self, view: TicketView | FollowUpItem, *, script: str = "") -> None:
        super().__init__(view, id="follow-up-form")
        self.script = script

    def compose(self) -> ComposeResult:
        view = self.view
        with VerticalScroll(id="follow-up-form-box", classes="form-box") as box:
            box.border_title = _("Ticket {id}: follow-up visit").format(id=view.id)
            who = Text()
            who.append_text(tt.owner_line(view.owner_name, style="bold"))
            who.append("  " + view.phone + "  ")
            who.append(tt.owner_line(view.unit))
            yield Static(who, classes="form-summary")
            if self.script:
                yield Static(Text(self.script), classes="form-hint")
            yield Label(_("Satisfaction"), classes="form-label")
            with RadioSet(id="field-satisfaction"):
                for number, code in enumerate(Satisfaction, start=1):
                    yield StateRadioButton(f"{number} {tt.satisfaction_label(code.value)}", id=f"sat-{code.value}")
            yield self.error_slot("satisfaction")
            yield Label(_("Comments (optional)"), classes="form-label")
            yield TextArea(id="field-note", classes="form-text", compact=True, tab_behavior="focus")
            yield self.error_slot("note")
            yield StateCheckbox(_("The problem came back"), id="field-came_back", compact=True)
            yield Static("", id="form-message")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#field-satisfaction", RadioSet).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # digits type themselves in the comment box
        return not (action == "satisfaction" and isinstance(self.focused, Input | TextArea))

    def action_satisfaction(self, index: int) -> None:
        buttons = list(self.query_one("#field-satisfaction", RadioSet).query(RadioButton))
        buttons[index].value = True

    def collect(self) -> dict[str, Any]:
        pressed = self.query_one("#field-satisfaction", RadioSet).pressed_button
        if pressed is None:
            raise InputError("satisfaction", _("ask the owner how satisfied they are"))
        return {
            "satisfaction": (pressed.id or "").removeprefix("sat-"),
            "comments": self.query_one("#field-note", TextArea).text.strip(),
            "came_back": self.query_one("#field-came_back", Checkbox).value,
        }

    def save(self, fields: dict[str, Any]) -> TicketView:
        desk = self.desk
        return followups.record_follow_up(
            tt.desk_site(desk), desk.actor, self.view.id, satisfaction=fields["satisfaction"],  # type: ignore[arg-type]
            comments=fields["comments"], came_back=fields["came_back"], now=desk.now(),
            expected_version=self.view.version,
        )


def start_action(
    app: Any,
    ticket_id: int,
    action: str,
    done: Callable[[ActionOutcome | None], None],
    *,
    prefill: Mapping[str, str] | None = None,
    fixed: Mapping[str, Any] | None = None,
) -> None:
    """Open ``action``'s form on a ticket from any screen (the supervision board): the ticket is
    loaded as it is now, and the form opens only if this operator may take the action now (R-LC-1);
    otherwise a notice says what they may do. ``done`` gets the form's outcome, as on the ticket
    screen. The same form and service as the ticket screen's: nothing is implemented twice."""

    def load() -> None:
        view = tickets.get_ticket(tt.desk_site(app), app.actor, ticket_id, now=app.now())
        app.call_from_thread(show, view)

    def show(view: TicketView) -> None:
        if action not in view.allowed_actions:
            allowed = ", ".join(tt.action_label(a) for a in view.allowed_actions) or _("nothing")
            app.notify(
                _("Ticket {id}: “{action}” is not open to you now. You may: {allowed}.").format(
                    id=view.id, action=tt.action_label(action), allowed=allowed
                ),
                severity="warning",
                timeout=8,
            )
            return
        app.push_screen(ActionFormModal(view, action, prefill=prefill, fixed=fixed), done)

    app.run_worker(load, thread=True, group="ticket-action", exit_on_error=False)
