"""The record form of the violation register (客户违章记录表, R-VI-6): violator and unit, time, kind
with the seed's examples (R-VI-1), the facts the recorder signs, optional attachments (file paths),
and the class (R-VI-2) suggested from the facts with its reasons, confirmed by the person.

Ctrl+S checks every field at once (``draft_problems``) and shows each problem next to its field;
when there is none the record is saved and its detail opens. The screen is kept while the app runs,
so a half-typed record survives Escape, switching screens and a lock.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, Static, TextArea

from frontdesk_tui.domain import violations as rules
from frontdesk_tui.domain.codes import ViolationClass, ViolationKind
from frontdesk_tui.domain.errors import DomainError, InputError
from frontdesk_tui.domain.text import clean_line, clean_text
from frontdesk_tui.i18n import N_, _, current_language, ngettext
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.violations import RecordResult
from frontdesk_tui.ui.errors import describe_error
from frontdesk_tui.ui.screens.base import DeskScreen
from frontdesk_tui.ui.screens.violations.register import open_violation
from frontdesk_tui.ui.widgets import violation_cells as vc
from frontdesk_tui.ui.widgets.footer import DeskFooter
from frontdesk_tui.ui.widgets.header import DeskHeader
from frontdesk_tui.ui.widgets.ticket_text import desk_site

#: Error slots of the form, by the service's field names.
FIELDS = ("unit", "violator", "at", "kind", "facts", "loss_yuan", "confirmed_class", "attachments")
#: Service field names that have no slot of their own, and the slot that shows them.
FIELD_ALIASES = {"suggested_class": "confirmed_class", "violation_class": "confirmed_class", "threat": "loss_yuan"}
THREAT_CHOICES = (("unsaid", N_("Not said")), ("yes", N_("Yes")), ("no", N_("No")))


def parse_local_time(value: str, tz: Any, field: str) -> datetime | None:
    """``YYYY-MM-DD HH:MM`` (or a date alone, at 00:00) in the site's time zone; empty is None."""
    text = clean_line(value)
    if not text:
        return None
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    raise InputError(field, _("a time as YYYY-MM-DD HH:MM, e.g. 2026-11-25 09:30"))


def parse_yuan(value: str, field: str) -> Decimal | None:
    text = clean_line(value).removeprefix("¥").replace(",", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InputError(field, _("a number of yuan, e.g. 200 or 1500.50")) from None
    if not amount.is_finite():
        raise InputError(field, _("a number of yuan, e.g. 200 or 1500.50"))
    return amount


def kind_examples(kind: str | None) -> Text:
    """The seed's examples of a kind (R-VI-1), as help under the kind."""
    if not kind:
        return Text(_("Choose the kind: the seed's examples of it appear here."), style="dim")
    info = rules.KINDS[ViolationKind(kind)]
    if current_language() == "zh-CN":
        items = [zh for zh, _en in info.examples]
    else:
        items = [_(en) for _zh, en in info.examples]
    return Text(_("For example: {examples}").format(examples=vc.clauses(items)), style="dim")


class ViolationFormScreen(DeskScreen):
    SCREEN_TITLE = N_("Record a violation")
    CSS_PATH = "violations.tcss"
    HELP = N_(
        "The register's record form (客户违章记录表, R-VI-6). Tab and Shift+Tab move between the "
        "fields; Enter opens a list.\n\n"
        "Unit as on the estate list (3-2-1201); the time empty means now, else YYYY-MM-DD HH:MM. "
        "The kind shows the seed's examples. You sign the facts as the recorder. The class is "
        "suggested from the kind, the facts, the loss and the threat to public safety (R-VI-2: "
        "general means no loss and no threat); you confirm it, general or major, in its list "
        "(Enter opens it). Attachments: one file path per line.\n\n"
        "Ctrl+S checks every field and saves; problems appear next to their fields. Escape goes "
        "back to the register and keeps what you typed; Ctrl+R empties the form."
    )
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", N_("Save"), id="violation-form-save"),
        Binding("escape", "back", N_("Back"), id="violation-form-back"),
        Binding("ctrl+r", "clear_form", N_("Empty the form"), id="violation-form-clear"),
    ]

    class Checked(Message):
        def __init__(self, problems: list[InputError], result: RecordResult | None) -> None:
            super().__init__()
            self.problems = problems
            self.result = result

    class Failed(Message):
        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    def __init__(self) -> None:
        super().__init__(id="violation-form")
        self.saving = False
        self._suggested = ViolationClass.GENERAL.value
        self._chosen: str | None = None  # None: the person follows the suggestion

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DeskHeader(self.title_text)
        with VerticalScroll(id="vform-body"):
            yield Static("", id="vform-recorder", classes="violation-hint")
            with Horizontal(classes="violation-row"):
                yield Label(_("Unit"), classes="violation-label")
                yield Input(placeholder="3-2-1201", id="vform-unit", classes="violation-short", compact=True)
                yield Label(_("Violator"), classes="violation-label2")
                yield Input(placeholder=_("violator's name"), id="vform-violator", classes="violation-short", compact=True)
            yield self._slot("unit")
            yield self._slot("violator")
            with Horizontal(classes="violation-row"):
                yield Label(_("Time"), classes="violation-label")
                yield Input(placeholder=_("now, or YYYY-MM-DD HH:MM"), id="vform-at", classes="violation-short",
                            compact=True)
            yield self._slot("at")
            with Horizontal(classes="violation-row"):
                yield Label(_("Kind"), classes="violation-label")
                yield Select([(vc.kind_label(k.value), k.value) for k in ViolationKind], prompt=_("Choose the kind"),
                             id="vform-kind", compact=True)
            yield Static(kind_examples(None), id="vform-examples", classes="violation-hint")
            yield self._slot("kind")
            yield Label(_("Facts (you sign them as the recorder)"), classes="violation-field-label")
            yield TextArea(id="vform-facts", classes="violation-text", soft_wrap=True, tab_behavior="focus")
            yield self._slot("facts")
            with Horizontal(classes="violation-row"):
                yield Label(_("Loss, yuan"), classes="violation-label")
                yield Input(placeholder=_("none said"), id="vform-loss", classes="violation-short", compact=True)
                yield Label(_("Threat"), classes="violation-label2")
                yield Select([(_(label), code) for code, label in THREAT_CHOICES], allow_blank=False,
                             value="unsaid", id="vform-threat", compact=True)
            yield self._slot("loss_yuan")
            yield Static("", id="vform-suggestion")
            with Horizontal(classes="violation-row"):
                yield Label(_("Class (you confirm)"), classes="violation-label-wide")
                yield Select([(vc.class_label(c.value), c.value) for c in ViolationClass], allow_blank=False,
                             value=ViolationClass.GENERAL.value, id="vform-class", compact=True)
            yield self._slot("confirmed_class")
            yield Label(_("Attachments: photo or file paths, one a line (optional)"),
                        classes="violation-field-label")
            yield TextArea(id="vform-attachments", classes="violation-paths", soft_wrap=False, tab_behavior="focus")
            yield self._slot("attachments")
            yield Static("", id="vform-message", classes="violation-error")
        yield DeskFooter()

    def _slot(self, name: str) -> Static:
        slot = Static("", id=f"verr-{name}", classes="violation-error")
        slot.display = False
        return slot

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#vform-message", Static).display = False
        self._show_recorder()
        self._update_suggestion()
        self.query_one("#vform-unit", Input).focus()

    def on_signed_in(self) -> None:
        self._show_recorder()

    def _show_recorder(self) -> None:
        actor = self.desk.actor
        text = _("Recorder: {name}. A record may be made by anyone on the staff (R-VI-5).").format(
            name=actor.name if actor is not None else "-"
        )
        self.query_one("#vform-recorder", Static).update(Text(text))

    # -- the suggested class (R-VI-2) -----------------------------------------------------------
    def _kind(self) -> str | None:
        value = self.query_one("#vform-kind", Select).value
        return None if value is Select.NULL else str(value)

    def _threat(self) -> bool | None:
        return {"yes": True, "no": False}.get(str(self.query_one("#vform-threat", Select).value))

    def _update_suggestion(self) -> None:
        kind = self._kind()
        suggestion = self.query_one("#vform-suggestion", Static)
        if kind is None:
            self._suggested = ViolationClass.GENERAL.value
            suggestion.update(Text(_("Suggested class: choose the kind first."), style="dim"))
            return
        facts = clean_text(self.query_one("#vform-facts", TextArea).text)
        try:
            loss = parse_yuan(self.query_one("#vform-loss", Input).value, "loss_yuan")
            suggested, reasons = rules.explain_class(kind, facts, loss, self._threat())
        except InputError as bad:
            suggestion.update(Text(_("Suggested class: {reason}").format(reason=bad.reason), style="dim"))
            return
        self._suggested = suggested.value
        text = Text(_("Suggested") + vc.colon(), style="bold")
        text.append(vc.class_label(suggested.value), style="bold")
        text.append(" — " + vc.clauses(reasons))
        suggestion.update(text)
        if self._chosen is None:
            self.query_one("#vform-class", Select).value = suggested.value

    @on(Select.Changed, "#vform-kind")
    def _kind_changed(self) -> None:
        self.query_one("#vform-examples", Static).update(kind_examples(self._kind()))
        self._update_suggestion()

    @on(Select.Changed, "#vform-threat")
    @on(Input.Changed, "#vform-loss")
    @on(TextArea.Changed, "#vform-facts")
    def _facts_changed(self) -> None:
        self._update_suggestion()

    @on(Select.Changed, "#vform-class")
    def _class_changed(self, event: Select.Changed) -> None:
        # The person's choice sticks once it differs from the suggestion (R-VI-2: a person confirms).
        chosen = str(event.value)
        self._chosen = None if chosen == self._suggested else chosen

    def confirmed_class(self) -> str:
        return str(self.query_one("#vform-class", Select).value)

    # -- errors ---------------------------------------------------------------------------------
    def show_problems(self, problems: list[InputError], general: str = "") -> None:
        by_field: dict[str, list[str]] = {}
        unplaced: list[str] = []
        for problem in problems:
            name = FIELD_ALIASES.get(problem.field, problem.field)
            if name in FIELDS:
                by_field.setdefault(name, []).append(problem.reason)
            else:
                unplaced.append(problem.message)
        for name in FIELDS:
            slot = self.query_one(f"#verr-{name}", Static)
            reasons = by_field.get(name, [])
            slot.update(Text("\n".join("↑ " + r for r in reasons)))
            slot.display = bool(reasons)
        message = self.query_one("#vform-message", Static)
        text = " ".join([general, *unplaced]).strip()
        message.update(Text(text))
        message.display = bool(text)
        for name in FIELDS:
            if name in by_field:
                self._focus_field(name)
                break

    def _focus_field(self, name: str) -> None:
        target = {
            "unit": "#vform-unit", "violator": "#vform-violator", "at": "#vform-at", "kind": "#vform-kind",
            "facts": "#vform-facts", "loss_yuan": "#vform-loss", "confirmed_class": "#vform-class",
            "attachments": "#vform-attachments",
        }[name]
        self.query_one(target).focus()

    # -- saving ---------------------------------------------------------------------------------
    def collect(self) -> tuple[dict[str, Any], list[InputError]]:
        """The fields as the service takes them, and the problems found before asking it."""
        tz = self.desk.settings.tz
        problems: list[InputError] = []
        fields: dict[str, Any] = {
            "unit": self.query_one("#vform-unit", Input).value,
            "violator": self.query_one("#vform-violator", Input).value,
            "kind": self._kind() or "",
            "facts": self.query_one("#vform-facts", TextArea).text,
            "violation_class": self.confirmed_class(),
            "threat_to_public_safety": self._threat(),
            "attachments": [line for line in self.query_one("#vform-attachments", TextArea).text.splitlines()
                            if line.strip()],
        }
        try:
            fields["at"] = parse_local_time(self.query_one("#vform-at", Input).value, tz, "at")
        except InputError as bad:
            problems.append(bad)
            fields["at"] = None
        try:
            fields["loss_yuan"] = parse_yuan(self.query_one("#vform-loss", Input).value, "loss_yuan")
        except InputError as bad:
            problems.append(bad)
            fields["loss_yuan"] = None
        return fields, problems

    def action_save(self) -> None:
        if self.saving or self.desk.actor is None:
            return
        fields, problems = self.collect()
        self.saving = True
        self.show_problems([], _("Checking…"))
        self._save(fields, problems)

    @work(thread=True, exclusive=True, group="violation-form", exit_on_error=False)
    def _save(self, fields: dict[str, Any], early: list[InputError]) -> None:
        desk = self.desk
        site, actor, now = desk_site(desk), desk.actor, desk.now()
        try:
            assert actor is not None
            problems = early + vs.draft_problems(site, actor, now=now, **fields)
            result = None if problems else vs.record_violation(site, actor, now=now, **fields)
        except DomainError as error:
            problems, result = [error if isinstance(error, InputError) else InputError("", error.message)], None
        except Exception as error:  # the database went away: say so in the form
            self.post_message(self.Failed(error))
            return
        self.post_message(self.Checked(problems, result))

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.saving = False
        self.show_problems([], describe_error(event.error))

    @on(Checked)
    def _checked(self, event: Checked) -> None:
        self.saving = False
        if event.result is None:
            count = len(event.problems)
            self.show_problems(event.problems, ngettext(
                "Not saved: {n} problem, shown next to its field.", "Not saved: {n} problems, shown next to the fields.", count
            ).format(n=count))
            return
        view = event.result.violation
        self.clear_form()
        self.app.notify(_("Violation {id} recorded: {cls}.").format(id=view.id, cls=vc.class_label(view.confirmed_class)))
        self.desk.open_screen("violations")
        open_violation(self.app, view.id)

    # -- other actions --------------------------------------------------------------------------
    def clear_form(self) -> None:
        for selector in ("#vform-unit", "#vform-violator", "#vform-at", "#vform-loss"):
            self.query_one(selector, Input).value = ""
        self.query_one("#vform-kind", Select).clear()
        self.query_one("#vform-threat", Select).value = "unsaid"
        self.query_one("#vform-facts", TextArea).text = ""
        self.query_one("#vform-attachments", TextArea).text = ""
        self._chosen = None
        self.query_one("#vform-class", Select).value = ViolationClass.GENERAL.value
        self.show_problems([])
        self._update_suggestion()
        self.query_one("#vform-unit", Input).focus()

    def action_clear_form(self) -> None:
        self.clear_form()

    def action_back(self) -> None:
        self.desk.open_screen("violations")
