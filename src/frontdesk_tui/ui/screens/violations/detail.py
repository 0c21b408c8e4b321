"""One violation: the record (R-VI-6), the next steps this operator may take with the refused measures
and the rule's reason, the measure history, the recorded facts and the history.

The record is loaded in a worker with the version it had; every step is saved with that version, so
a colleague's change in between is refused (R-RO-3) and explained here — who changed it, when — and
the record is shown again as it is now. When another desk commits, the record reloads by itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import ViolationClass
from frontdesk_tui.domain.errors import NotFound, StaleError
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services import violations as vs
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.violations import ActionResult, ViolationView
from frontdesk_tui.ui.screens.base import DeskScreen
from frontdesk_tui.ui.screens.cell_palette import CellPalette
from frontdesk_tui.ui.screens.violations.actions import (
    Choice,
    ProposeMeasureModal,
    StepFormModal,
    StepOutcome,
)
from frontdesk_tui.ui.widgets import violation_cells as vc
from frontdesk_tui.ui.widgets import violation_panels as panels
from frontdesk_tui.ui.widgets.footer import DeskFooter
from frontdesk_tui.ui.widgets.header import DeskHeader
from frontdesk_tui.ui.widgets.ticket_text import desk_site

#: Binding action -> the next step it takes (for check_action).
ACTION_STEPS = {
    "propose": "propose",
    "fact": "fact",
    "sign": "sign",
    "decline": "decline",
    "complete": "complete",
    "follow_up": "follow_up",
    "close": "close",
    "reclassify": "reclassify",
}


def measure_choice(view: ViolationView, measure_id: int, tz) -> Choice:
    m = view.measure(measure_id)
    text = Text()
    text.append(f"#{m.id} ", style="bold")
    text.append(vc.measure_label(m.measure), style="bold")
    terms = vc.terms(m.amount, m.deadline, tz)
    if terms:
        text.append("  " + terms)
    text.append("  " + _("proposed by {name} at {time}").format(name=m.proposed_by, time=vc.when(m.proposed_at, tz)))
    text.append("\n" + _("Basis") + vc.colon())
    text.append(vc.shown_text(m.basis, None, one_line=True))
    return Choice(str(m.id), text)


def signoff_form(
    step: str, violation_id: int, version: int, choices: list[Choice], subject: str
) -> StepFormModal:
    """The director's sign or decline form (also used by the sign-off queue)."""
    if step == "sign":

        def perform(site: Site, actor: Actor, now: datetime, choice: str, note: str) -> ActionResult:
            return vs.sign_measure(site, actor, violation_id, int(choice), now=now, note=note,
                                   expected_version=version)

        return StepFormModal(
            "sign", _("Sign: {subject}").format(subject=subject),
            _("Signed, it takes effect now (R-VI-5). Enter signs; Escape leaves it unsigned."),
            choices, _("Note (optional)"), perform,
        )

    def perform_decline(site: Site, actor: Actor, now: datetime, choice: str, note: str) -> ActionResult:
        return vs.decline_measure(site, actor, violation_id, int(choice), now=now, reason=note,
                                  expected_version=version)

    return StepFormModal(
        "decline", _("Decline: {subject}").format(subject=subject),
        _("Declined, it never takes effect and leaves the sign-off queue. Enter declines; Escape cancels."),
        choices, _("Reason"), perform_decline, note_required=True,
    )


class ViolationDetailScreen(CellPalette, DeskScreen):
    SCREEN_TITLE = N_("Violation")
    CSS_PATH = "violations.tcss"
    HELP = N_(
        "One violation: the record (客户违章记录表), what you may do next, the measures with who "
        "proposed and who signed them, the facts on record and the history, oldest first.\n\n"
        "“Next” lists the keys for what your role may do now (R-VI-5). Under the measures, "
        "“Refused measures” gives the rule's reason for each one you may not propose: a water/power suspension is never allowed (民法典 第944条, R-VI-3); "
        "a penalty needs the owners' committee's support on record; public criticism needs the "
        "client's refusal of the handling opinion; litigation a failed mediation. p proposes a "
        "measure, f records such a fact, s and d sign or decline (the director), c records a "
        "rectification as done, u records the follow-up after a penalty (R-VI-4), x closes the "
        "record, k changes its class (the director).\n\n"
        "If someone else changed the record after it was shown, the step is refused (R-RO-3): the "
        "screen says who and when and shows the record as it is now.\n\n"
        "Up/Down and PageUp/PageDown scroll; r reloads; Escape goes back."
    )
    BINDINGS: ClassVar = [
        Binding("p", "propose", N_("Propose"), id="violation-propose"),
        Binding("f", "fact", N_("Fact"), id="violation-fact"),
        Binding("s", "sign", N_("Sign"), id="violation-sign"),
        Binding("d", "decline", N_("Decline"), id="violation-decline"),
        Binding("c", "complete", N_("Done"), id="violation-complete"),
        Binding("u", "follow_up", N_("Follow-up"), id="violation-follow-up"),
        Binding("x", "close", N_("Close the case"), id="violation-close"),
        Binding("k", "reclassify", N_("Class"), id="violation-reclassify"),
        Binding("r", "reload", N_("Reload"), id="violation-detail-reload", show=False),
        Binding("escape", "back", N_("Back"), id="violation-detail-back"),
    ]

    class Loaded(Message):
        def __init__(self, view: ViolationView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, violation_id: int) -> None:
        super().__init__()
        self.violation_id = violation_id
        self.view: ViolationView | None = None

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DeskHeader(_("Violation {id}").format(id=self.violation_id))
        with VerticalScroll(id="vdetail-body"):
            yield Static("", id="vdetail-banner")
            yield Static(Text(_("Loading…"), style="dim"), id="vdetail-title")
            yield Static("", id="vdetail-next")
            yield Static("", id="vdetail-record")
            yield Static(panels.heading(_("Measures")), classes="vdetail-heading")
            yield Static("", id="vdetail-measures")
            yield Static("", id="vdetail-refused")
            yield Static(panels.heading(_("Facts on record")), classes="vdetail-heading")
            yield Static("", id="vdetail-facts")
            yield Static(panels.heading(_("History")), classes="vdetail-heading")
            yield Static("", id="vdetail-history")
        yield DeskFooter()

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#vdetail-body", VerticalScroll)

    @property
    def banner(self) -> Static:
        return self.query_one("#vdetail-banner", Static)

    def on_mount(self) -> None:
        super().on_mount()
        self.banner.display = False
        self.body.focus()
        self.reload()

    # -- loading --------------------------------------------------------------------------------
    def on_signed_in(self) -> None:
        self.reload()  # maybe someone else: other steps allowed

    def on_data_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        if self.app.actor is not None:
            self._load_violation()

    @work(thread=True, exclusive=True, group="violation-detail", exit_on_error=False)
    def _load_violation(self) -> None:
        desk = self.desk
        view = vs.get_violation(desk_site(desk), desk.actor, self.violation_id, now=desk.now())
        self.post_message(self.Loaded(view))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.show(event.view)

    def on_worker_state_changed(self, event) -> None:  # type: ignore[override]
        if event.worker.group == "violation-detail" and isinstance(event.worker.error, NotFound):
            self.app.notify(event.worker.error.message, severity="error")
            self.action_back()
            return
        super().on_worker_state_changed(event)

    def show(self, view: ViolationView) -> None:
        self.view = view
        desk = self.desk
        tz, actor, palette = desk.settings.tz, desk.actor, self.palette()
        self.query_one("#vdetail-title", Static).update(panels.title_line(view, palette))
        self.query_one("#vdetail-next", Static).update(panels.next_steps(view))
        self.query_one("#vdetail-record", Static).update(panels.record(view, tz, actor))
        self.query_one("#vdetail-measures", Static).update(panels.measures(view, tz, actor, palette))
        refused = self.query_one("#vdetail-refused", Static)
        refused.update(panels.refused(view, palette))
        refused.display = bool(view.next_steps.refused)
        self.query_one("#vdetail-facts", Static).update(panels.facts_recorded(view, tz, actor))
        self.query_one("#vdetail-history", Static).update(panels.history(view, tz, actor))
        self.refresh_bindings()

    def show_stale(self, step: str, error: StaleError) -> None:
        """R-RO-3: say who changed the record and when; it is reloaded as it is now."""
        self.banner.update(
            Text(
                _(
                    "Not saved: “{step}”. {name} changed this violation at {time}, after it was shown "
                    "to you (R-RO-3). Below is the record as it is now: check it, then try again."
                ).format(step=_(panels.STEP_LABELS.get(step, step)), name=error.by, time=error.at)
            )
        )
        self.banner.display = True
        self.body.scroll_home(animate=False)
        self.reload()

    # -- steps ----------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = ACTION_STEPS.get(action)
        if step is None:
            return True
        return self.view is not None and panels.step_available(self.view, step)

    def _done(self, outcome: StepOutcome | None) -> None:
        if outcome is None:
            return
        if outcome.stale is not None:
            self.show_stale(outcome.step, outcome.stale)
            return
        if outcome.view is not None:
            self.banner.display = False
            self.show(outcome.view)
            self.app.notify(_("Saved: {step}").format(step=_(panels.STEP_LABELS.get(outcome.step, outcome.step))))

    def _open(self, form) -> None:
        self.app.push_screen(form, self._done)

    def action_propose(self) -> None:
        if self.view is not None:
            self._open(ProposeMeasureModal(self.view))

    def _subject(self) -> str:
        assert self.view is not None
        return _("violation {id}, {unit}").format(id=self.view.id, unit=self.view.unit)

    def action_sign(self) -> None:
        self._sign_off("sign")

    def action_decline(self) -> None:
        self._sign_off("decline")

    def _sign_off(self, step: str) -> None:
        """The director's form for ``step`` (sign or decline) over the measures the service offers."""
        view = self.view
        measures = getattr(view.next_steps, step) if view is not None else ()
        if view is not None and measures:
            tz = self.desk.settings.tz
            choices = [measure_choice(view, i, tz) for i in measures]
            self._open(signoff_form(step, view.id, view.version, choices, self._subject()))

    def action_fact(self) -> None:
        view = self.view
        if view is None or not view.next_steps.facts:
            return
        vid, version = view.id, view.version

        def perform(site: Site, actor: Actor, now: datetime, choice: str, note: str) -> ActionResult:
            return vs.record_fact(site, actor, vid, choice, now=now, note=note, expected_version=version)

        choices = [Choice(f, Text(vc.fact_label(f)).append(f"  {f}", style="dim")) for f in view.next_steps.facts]
        self._open(StepFormModal(
            "fact", _("Violation {id}: record a fact").format(id=vid),
            _("The ladder depends on these facts (R-VI-3, R-VI-5): a penalty needs the committee's support, "
              "public criticism the client's refusal, litigation a failed mediation."),
            choices, _("Note (optional)"), perform,
        ))

    def action_complete(self) -> None:
        view = self.view
        if view is None or not view.next_steps.complete:
            return
        vid, version, tz = view.id, view.version, self.desk.settings.tz

        def perform(site: Site, actor: Actor, now: datetime, choice: str, note: str) -> ActionResult:
            return vs.complete_measure(site, actor, vid, int(choice), now=now, note=note, expected_version=version)

        self._open(StepFormModal(
            "complete", _("Violation {id}: rectification done").format(id=vid),
            _("Recorded as done, the rectification stops coming due."),
            [measure_choice(view, i, tz) for i in view.next_steps.complete], _("Note (optional)"), perform,
        ))

    def action_follow_up(self) -> None:
        view = self.view
        if view is None or not view.next_steps.follow_up:
            return
        vid, version = view.id, view.version

        def perform(site: Site, actor: Actor, now: datetime, choice: str, note: str) -> ActionResult:
            return vs.record_follow_up(site, actor, vid, now=now, note=note, expected_version=version)

        about = Text(_("Follow-up with {violator}, {unit}").format(violator=vc.shown_text(view.violator, None,
                                                                                           one_line=True),
                                                                  unit=view.unit))
        self._open(StepFormModal(
            "follow_up", _("Violation {id}: follow-up").format(id=vid),
            _("After a penalty, ease the relationship (事后主动缓和关系, R-VI-4): record how it went."),
            [Choice("follow_up", about)], _("Result of the follow-up"), perform, note_required=True,
        ))

    def action_close(self) -> None:
        view = self.view
        if view is None or not view.next_steps.close:
            return
        vid, version = view.id, view.version

        def perform(site: Site, actor: Actor, now: datetime, choice: str, note: str) -> ActionResult:
            return vs.close_violation(site, actor, vid, now=now, note=note, expected_version=version)

        about = Text(_("Close violation {id}, {unit}").format(id=vid, unit=view.unit))
        self._open(StepFormModal(
            "close", _("Violation {id}: close").format(id=vid),
            _("Nothing is pending. Closed, the record is kept {years} from today (R-VI-8), then purged by "
              "a logged command.").format(years=_("1 year") if view.confirmed_class == "general" else _("5 years")),
            [Choice("close", about)], _("Note (optional)"), perform,
        ))

    def action_reclassify(self) -> None:
        view = self.view
        if view is None or not view.next_steps.reclassify:
            return
        vid, version = view.id, view.version
        target = (ViolationClass.MAJOR if view.confirmed_class == ViolationClass.GENERAL.value
                  else ViolationClass.GENERAL).value

        def perform(site: Site, actor: Actor, now: datetime, choice: str, note: str) -> ActionResult:
            return vs.reclassify_violation(site, actor, vid, choice, now=now, note=note, expected_version=version)

        about = Text(_("{old} → {new}").format(old=vc.class_label(view.confirmed_class), new=vc.class_label(target)))
        self._open(StepFormModal(
            "reclassify", _("Violation {id}: change the class").format(id=vid),
            _("R-VI-2: general means no loss and no threat to public safety. The class decides who handles "
              "the case: the assistant general ones, the director major ones."),
            [Choice(target, about)], _("Reason"), perform, note_required=True,
        ))

    def action_reload(self) -> None:
        self.banner.display = False
        self.reload()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.desk.open_screen("violations")
