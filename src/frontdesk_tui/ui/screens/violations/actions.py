"""The forms of a violation's next steps: propose a measure (with the refused ones and the rule's
reason), and one form for the rest (record a fact, sign, decline, rectification done, follow-up,
close, change the class): pick what it is about, add a note, confirm.

Every save carries the version the screen showed (R-RO-3): a colleague's change in between closes
the form with the refusal, and the screen explains it and reloads. Refusals of the rules (RuleError)
and field problems (InputError) stay in the form, the latter next to their field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Measure
from frontdesk_tui.domain.errors import DomainError, InputError, StaleError
from frontdesk_tui.domain.violations import MEASURE_INPUTS  # what each measure takes
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.violations import ActionResult, ViolationView
from frontdesk_tui.ui.errors import describe_error
from frontdesk_tui.ui.screens.base import DeskModal
from frontdesk_tui.ui.screens.violations.form import parse_local_time, parse_yuan
from frontdesk_tui.ui.widgets import violation_cells as vc
from frontdesk_tui.ui.widgets.footer import DeskFooter
from frontdesk_tui.ui.widgets.ticket_text import desk_site

#: What each measure is, from R-VI-3/R-VI-5 (shown under the list for the one highlighted).
MEASURE_HINTS = {
    "persuasion": N_("On the spot, for a general violation; in effect at once, no signature needed."),
    "rectification": N_(
        "Put it right by a deadline (no loss yet). Takes effect when the director signs; the deadline "
        "comes due in the supervision inbox."
    ),
    "compensation": N_(
        "Compensation for a large loss to the public interest: a penalty, so the owners' committee's "
        "support must be on record; takes effect when the director signs."
    ),
    "criticism": N_(
        "Public criticism: only after the client refused the handling opinion, with the committee's "
        "support; the notice names the unit and the facts, never a phone."
    ),
    "litigation": N_(
        "Litigation: a large loss not compensated or serious arrears, after the committee's mediation "
        "failed; the amount is the sum claimed (optional)."
    ),
    "suspension": N_("Water/power suspension: never allowed."),
}


@dataclass(frozen=True)
class StepOutcome:
    """How a form ended: the violation after the step, or the stale-copy refusal (R-RO-3)."""

    step: str
    view: ViolationView | None = None
    stale: StaleError | None = None


class _Answered(Message):
    def __init__(self, result: ActionResult | None, error: BaseException | None) -> None:
        super().__init__()
        self.result = result
        self.error = error


class _StepModal(DeskModal[StepOutcome | None]):
    """Shared by the forms: a box with a title, errors next to fields, the save in a worker."""

    CSS_PATH = "violations.tcss"
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", N_("Save"), id="violation-step-save"),
        Binding("escape", "cancel", N_("Cancel"), id="violation-step-cancel"),
    ]
    step = ""
    #: error slots this form has (service field names)
    slots: tuple[str, ...] = ()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.saving = False

    def slot(self, name: str) -> Static:
        slot = Static("", id=f"vstep-err-{name}", classes="violation-error")
        slot.display = False
        return slot

    def message_slot(self) -> Static:
        slot = Static("", id="vstep-message", classes="violation-error")
        slot.display = False
        return slot

    def show_errors(self, errors: dict[str, str], general: str = "") -> None:
        unplaced = []
        for name, reason in errors.items():
            if name not in self.slots:
                unplaced.append(reason)
        for name in self.slots:
            slot = self.query_one(f"#vstep-err-{name}", Static)
            reason = errors.get(name, "")
            slot.update(Text("↑ " + reason if reason else ""))
            slot.display = bool(reason)
        message = self.query_one("#vstep-message", Static)
        text = " ".join([general, *unplaced]).strip()
        message.update(Text(text))
        message.display = bool(text)

    def collect(self) -> dict[str, Any]:
        """The inputs of the form; raises InputError for one that cannot be read."""
        raise NotImplementedError

    def perform(self, site: Site, actor: Actor, now: datetime, fields: dict[str, Any]) -> ActionResult:
        """The service call (in a worker thread)."""
        raise NotImplementedError

    def action_save(self) -> None:
        if self.saving or self.desk.actor is None:
            return
        try:
            fields = self.collect()
        except InputError as bad:
            self.show_errors({bad.field: bad.reason})
            return
        self.saving = True
        self.show_errors({}, _("Saving…"))
        self._save(fields)

    @work(thread=True, exclusive=True, group="violation-step", exit_on_error=False)
    def _save(self, fields: dict[str, Any]) -> None:
        desk = self.desk
        try:
            actor = desk.actor
            assert actor is not None
            result = self.perform(desk_site(desk), actor, desk.now(), fields)
        except Exception as error:  # shown in the form, not as a crash
            self.post_message(_Answered(None, error))
            return
        self.post_message(_Answered(result, None))

    @on(_Answered)
    def _answered(self, event: _Answered) -> None:
        self.saving = False
        error = event.error
        if isinstance(error, StaleError):
            self.dismiss(StepOutcome(self.step, stale=error))
        elif isinstance(error, InputError):
            self.show_errors({error.field: error.reason})
        elif isinstance(error, DomainError):
            self.show_errors({}, _("Refused: {reason}").format(reason=error.message))
        elif error is not None:
            self.show_errors({}, describe_error(error))
        elif event.result is not None:
            self.dismiss(StepOutcome(self.step, view=event.result.violation))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ProposeMeasureModal(_StepModal):
    """Propose a handling opinion (处理依据及办法): every measure of the ladder is listed; those the
    rules refuse for this operator and this case are marked, with the rule's reason (R-VI-3, R-VI-5).
    Choosing one anyway asks the domain, which refuses it again with the same reason."""

    SCREEN_TITLE = N_("Propose a measure")
    HELP = N_(
        "The measures of the ladder, mildest first (R-VI-3). Up/Down choose one: below it, what it "
        "means or, marked ✗, why the rules refuse it for you now. Tab moves to the basis (处理依据, "
        "required) and to what the measure needs: a rectification's deadline (YYYY-MM-DD, or with a "
        "time), a compensation's amount in yuan. Anything beyond persuasion takes effect only when "
        "the director signs it (R-VI-5). Ctrl+S proposes; Escape cancels."
    )
    step = "propose"
    slots = ("measure", "basis", "amount", "deadline", "notice_at", "effective_at")

    def __init__(self, view: ViolationView) -> None:
        super().__init__(id="violation-propose")
        self.view = view

    def compose(self) -> ComposeResult:
        view = self.view
        refused = view.next_steps.refused
        with VerticalScroll(classes="violation-box") as box:
            box.border_title = _("Violation {id}: propose a measure").format(id=view.id)
            options = []
            for m in Measure:
                prompt = Text()
                if m.value in refused:
                    prompt.append("✗ ", style="bold")
                    prompt.append(vc.measure_label(m.value), style="dim")
                    prompt.append("  " + _("refused"), style="dim italic")
                else:
                    prompt.append("  " + vc.measure_label(m.value))
                options.append(Option(prompt, id=m.value))
            yield OptionList(*options, id="vstep-measure", classes="violation-options")
            yield Static("", id="vstep-measure-hint", classes="violation-hint")
            yield self.slot("measure")
            yield Label(_("Basis (处理依据)"), classes="violation-field-label")
            yield TextArea(id="vstep-basis", classes="violation-text-small", soft_wrap=True, tab_behavior="focus")
            yield self.slot("basis")
            with Horizontal(classes="violation-row", id="vstep-row-amount"):
                yield Label(_("Amount, yuan"), classes="violation-label")
                yield Input(id="vstep-amount", classes="violation-short", compact=True)
            yield self.slot("amount")
            with Horizontal(classes="violation-row", id="vstep-row-deadline"):
                yield Label(_("Deadline"), classes="violation-label")
                yield Input(placeholder="YYYY-MM-DD [HH:MM]", id="vstep-deadline", classes="violation-short",
                            compact=True)
            yield self.slot("deadline")
            with Horizontal(classes="violation-row", id="vstep-row-effective_at"):
                yield Label(_("Effective from"), classes="violation-label")
                yield Input(placeholder=_("when signed, or YYYY-MM-DD"), id="vstep-effective_at",
                            classes="violation-short", compact=True)
            yield self.slot("effective_at")
            with Horizontal(classes="violation-row", id="vstep-row-notice_at"):
                yield Label(_("Notice served"), classes="violation-label")
                yield Input(placeholder=_("optional, YYYY-MM-DD HH:MM"), id="vstep-notice_at",
                            classes="violation-short", compact=True)
            yield self.slot("notice_at")
            yield self.message_slot()
        yield DeskFooter()

    @property
    def measure_list(self) -> OptionList:
        return self.query_one("#vstep-measure", OptionList)

    def on_mount(self) -> None:
        allowed = self.view.next_steps.measures
        first = next((i for i, m in enumerate(Measure) if m.value in allowed), 0)
        self.measure_list.highlighted = first
        self.measure_list.focus()
        self._show_measure()

    def chosen(self) -> str:
        index = self.measure_list.highlighted
        return list(Measure)[index].value if index is not None else Measure.PERSUASION.value

    def _show_measure(self) -> None:
        measure = self.chosen()
        reason = self.view.next_steps.refused.get(measure)
        hint = self.query_one("#vstep-measure-hint", Static)
        if reason:
            hint.update(Text("✗ " + _("Refused") + vc.colon() + reason, style="bold"))
        else:
            hint.update(Text(_(MEASURE_HINTS[measure])))
        inputs = MEASURE_INPUTS[measure]
        for name in ("amount", "deadline", "effective_at", "notice_at"):
            self.query_one(f"#vstep-row-{name}").display = name in inputs
        self.show_errors({})

    @on(OptionList.OptionHighlighted, "#vstep-measure")
    def _highlighted(self) -> None:
        self._show_measure()

    @on(OptionList.OptionSelected, "#vstep-measure")
    def _selected(self) -> None:
        self.query_one("#vstep-basis", TextArea).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def collect(self) -> dict[str, Any]:
        measure = self.chosen()
        tz = self.desk.settings.tz
        inputs = MEASURE_INPUTS[measure]

        def value(name: str) -> str:
            return self.query_one(f"#vstep-{name}", Input).value if name in inputs else ""

        deadline = parse_local_time(value("deadline"), tz, "deadline")
        if deadline is not None and len(value("deadline").strip()) <= 10:
            deadline = deadline.replace(hour=23, minute=59, second=59)  # a date: to the end of that day
        effective = parse_local_time(value("effective_at"), tz, "effective_at")
        return {
            "measure": measure,
            "basis": self.query_one("#vstep-basis", TextArea).text,
            "amount": parse_yuan(value("amount"), "amount"),
            "effective_at": deadline if measure == Measure.RECTIFICATION.value else effective,
            "notice_at": parse_local_time(value("notice_at"), tz, "notice_at"),
        }

    def perform(self, site: Site, actor: Actor, now: datetime, fields: dict[str, Any]) -> ActionResult:
        return vs.propose_measure(
            site, actor, self.view.id, fields["measure"], basis=fields["basis"], now=now, amount=fields["amount"],
            notice_at=fields["notice_at"], effective_at=fields["effective_at"], expected_version=self.view.version,
        )

    def show_errors(self, errors: dict[str, str], general: str = "") -> None:
        # The domain calls a rectification's deadline ``deadline``; other measures' time is ``effective_at``.
        if "deadline" in errors and self.chosen() != Measure.RECTIFICATION.value:
            errors = {("effective_at" if k == "deadline" else k): v for k, v in errors.items()}
        super().show_errors(errors, general)


@dataclass(frozen=True)
class Choice:
    """One thing a step can be about (a measure to sign, a fact to record, a class …)."""

    value: str
    label: Text


class StepFormModal(_StepModal):
    """One form for the other steps: what it is about (a list when there is more than one), what
    it does, a note; Enter or Ctrl+S confirms."""

    SCREEN_TITLE = N_("Confirm")
    HELP = N_(
        "Confirm the step shown. When there is a choice, Up/Down pick it. Type a note if you want one "
        "(for a follow-up, its result; for a decline, the reason). Enter or Ctrl+S confirms; Escape "
        "cancels and nothing is saved."
    )
    slots = ("choice", "note")

    def __init__(
        self,
        step: str,
        title: str,
        hint: str,
        choices: list[Choice],
        note_label: str,
        perform: Callable[[Site, Actor, datetime, str, str], ActionResult],
        *,
        note_required: bool = False,
    ) -> None:
        super().__init__(id="violation-step")
        self.step = step
        self.title_text = title
        self.hint = hint
        self.choices = choices
        self.note_label = note_label
        self.note_required = note_required
        self._perform = perform

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="violation-box") as box:
            box.border_title = self.title_text
            if len(self.choices) == 1:
                yield Static(self.choices[0].label, id="vstep-about")
            else:
                yield OptionList(*[Option(c.label, id=c.value) for c in self.choices], id="vstep-choice",
                                 classes="violation-options")
            yield self.slot("choice")
            if self.hint:
                yield Static(Text(self.hint), classes="violation-hint")
            yield Label(self.note_label, classes="violation-field-label")
            yield Input(id="vstep-note", compact=True)
            yield self.slot("note")
            yield self.message_slot()
        yield DeskFooter()

    def on_mount(self) -> None:
        if len(self.choices) > 1:
            choice_list = self.query_one("#vstep-choice", OptionList)
            choice_list.highlighted = 0
            choice_list.focus()
        else:
            self.query_one("#vstep-note", Input).focus()

    @on(OptionList.OptionSelected, "#vstep-choice")
    def _selected(self) -> None:
        self.query_one("#vstep-note", Input).focus()

    @on(Input.Submitted, "#vstep-note")
    def _submitted(self) -> None:
        self.action_save()

    def collect(self) -> dict[str, Any]:
        if len(self.choices) == 1:
            value = self.choices[0].value
        else:
            index = self.query_one("#vstep-choice", OptionList).highlighted
            if index is None:
                raise InputError("choice", _("choose one"))
            value = self.choices[index].value
        note = self.query_one("#vstep-note", Input).value
        if self.note_required and not note.strip():
            raise InputError("note", _("required"))
        return {"choice": value, "note": note}

    def perform(self, site: Site, actor: Actor, now: datetime, fields: dict[str, Any]) -> ActionResult:
        return self._perform(site, actor, now, fields["choice"], fields["note"])
