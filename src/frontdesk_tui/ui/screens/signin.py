"""Sign-in at start and after a lock (Ctrl+L): pick or type an operator, then the password.

The screen is opaque: whatever lies below it (the previous operator's screens, kept as they were)
is not drawn while it is up. Wrong passwords wait 1 s, 2 s, 4 s … (capped) before the next try;
the wait is a timer, the UI stays live.

At start the screen is up before the database is open (issue 15): the app opens it in a worker
after the first paint, the name list fills in when it is, and a name or password submitted
before then is answered once it is, the keys typed after it held until then (``KeyOrder.pause``).
Nothing of the data layer is imported here before that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.ui import labels
from frontdesk_tui.ui.screens.base import DeskModal, caught_up, translate_bindings
from frontdesk_tui.ui.widgets.footer import DeskFooter
from frontdesk_tui.ui.widgets.header import DeskHeader

if TYPE_CHECKING:
    from frontdesk_tui.services.site import session


# Enter is a priority binding that runs on the screen: the focus moves while the key is handled,
# so a password typed right after the name (over a slow SSH link keys arrive in bursts) lands in
# the password field, not in the name.
class NameField(Input):
    BINDINGS: ClassVar = [Binding("enter", "screen.submit_name", N_("Next"), id="sign-in-next", priority=True)]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)


class PasswordField(Input):
    BINDINGS: ClassVar = [
        Binding("enter", "screen.submit_password", N_("Sign in"), id="sign-in-submit", priority=True)
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(password=True, **kwargs)
        translate_bindings(self)


class SignInScreen(DeskModal[Actor]):
    AUTO_FOCUS = "#sign-in-name"
    SCREEN_TITLE = N_("Sign in")
    HELP = N_(
        "Pick your name with the arrow keys (typing filters the list) or type it, press Enter, then "
        "type your password and press Enter.\n\n"
        "A wrong password is refused and the next try waits a little longer each time.\n\n"
        "After Ctrl+L (lock) anyone may sign in here; the screens of the previous operator stay as "
        "they were, with nothing lost."
    )
    BINDINGS: ClassVar = [
        Binding("down", "move(1)", N_("Next name"), show=False),
        Binding("up", "move(-1)", N_("Previous name"), show=False),
        Binding("ctrl+q", "app.quit", N_("Quit"), id="sign-in-quit"),
    ]

    class Attempted(Message):
        """The password check finished (in a worker)."""

        def __init__(self, actor: Actor | None, error: str = "") -> None:
            super().__init__()
            self.actor = actor
            self.error = error

    class OperatorsLoaded(Message):
        def __init__(self, choices: list[session.SignInChoice]) -> None:
            super().__init__()
            self.choices = choices

    def __init__(self, *, locked_by: str | None = None) -> None:
        super().__init__(id="sign-in")
        self.locked_by = locked_by
        self._choices: list[session.SignInChoice] = []
        self._shown: list[session.SignInChoice] = []
        self._filtered_for = ""
        self._wait_until: float | None = None
        self._countdown: Timer | None = None
        self._retry: Timer | None = None
        self._checking = False
        self._error = ""
        self._loaded = False
        """The operators' list is in (after the database opened)."""
        self._name_pending = False
        """Enter on the name came before the list: answered when it comes."""

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DeskHeader(_(self.SCREEN_TITLE))
        with Vertical(id="sign-in-box"):
            if self.locked_by:
                yield Static(Text(_("Locked. {name} stepped away; their work is kept.").format(name=self.locked_by)),
                             id="sign-in-locked")
            yield Label(_("Operator"), classes="field-label")
            yield NameField(placeholder=_("Type to filter the list, or a name"), id="sign-in-name", compact=True)
            yield OptionList(id="sign-in-list")
            yield Label(_("Password"), classes="field-label")
            yield PasswordField(id="sign-in-password", compact=True)
            yield Static("", id="sign-in-message")
        yield DeskFooter()

    @property
    def name_input(self) -> Input:
        return self.query_one("#sign-in-name", Input)

    @property
    def password_input(self) -> Input:
        return self.query_one("#sign-in-password", Input)

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#sign-in-list", OptionList)

    @property
    def message(self) -> Static:
        return self.query_one("#sign-in-message", Static)

    def on_mount(self) -> None:
        self.option_list.can_focus = False
        self.name_input.focus()
        self._load_operators()
        self.call_after_refresh(self.desk.open_site)  # at start: the database once this is painted
        # A lock screen taken over by a fresh app instance still honours the wait of earlier failures.
        self._start_wait_if_needed()

    # -- operators ------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="sign-in-operators", exit_on_error=False)
    def _load_operators(self) -> None:
        if not self.desk.wait_until_open():
            return
        from frontdesk_tui.services.site import session

        self.post_message(self.OperatorsLoaded(session.active_operators(self.desk.db)))

    @on(OperatorsLoaded)
    def _operators_loaded(self, event: OperatorsLoaded) -> None:
        self._choices = event.choices
        self._loaded = True
        self._filter(self.name_input.value)
        if self._name_pending:
            self._name_pending = False
            self._submit_name()
            self.desk.key_order.resume()

    def _filter(self, typed: str) -> None:
        self._filtered_for = typed
        needle = typed.strip().lower()
        self._shown = [c for c in self._choices if needle in c.name.lower()] if needle else list(self._choices)
        width = max((cell_len(c.name) for c in self._shown), default=0)
        options = []
        for c in self._shown:
            line = Text(c.name)  # names are data: never markup
            line.append(" " * (width - cell_len(c.name) + 2))
            line.append(labels.role(c.role), style="dim")
            options.append(Option(line, id=c.name))
        ol = self.option_list
        ol.clear_options()
        ol.add_options(options)
        if options:
            ol.highlighted = 0

    @on(Input.Changed, "#sign-in-name")
    def _name_changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def action_move(self, step: int) -> None:
        if self.focused is not self.name_input or not self._shown:
            return
        ol = self.option_list
        current = ol.highlighted if ol.highlighted is not None else -1
        ol.highlighted = max(0, min(len(self._shown) - 1, current + step))

    @on(OptionList.OptionSelected, "#sign-in-list")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self._pick(str(event.option.id))

    def _pick(self, name: str) -> None:
        with self.name_input.prevent(Input.Changed):
            self.name_input.value = name
        self.set_focus(self.password_input)

    # -- submitting -----------------------------------------------------------------------------
    async def action_submit_name(self) -> None:
        await caught_up(self)
        if not self._loaded:  # the database is still opening: pick from the list once it is in
            self._name_pending = True
            self.desk.key_order.pause()
            return
        self._submit_name()

    def _submit_name(self) -> None:
        if self._filtered_for != self.name_input.value:  # the last keys' Changed is still on its way
            self._filter(self.name_input.value)
        ol = self.option_list
        typed = self.name_input.value.strip()
        exact = [c.name for c in self._shown if c.name == typed]
        if exact:
            self._pick(exact[0])
        elif ol.highlighted is not None and self._shown:
            self._pick(self._shown[ol.highlighted].name)
        elif typed:
            self._pick(typed)
        else:
            self.message.update(_("Pick or type your name first."))

    async def action_submit_password(self) -> None:
        await caught_up(self)
        if self._checking or self._waiting():
            return
        name = self.name_input.value.strip()
        if not name:
            self.message.update(_("Pick or type your name first."))
            self.set_focus(self.name_input)
            return
        password = self.password_input.value
        if not password:
            self.message.update(_("Type your password."))
            return
        self._checking = True
        self.message.update(_("Checking…"))
        self._check(name, password)

    @work(thread=True, exclusive=True, group="sign-in", exit_on_error=False)
    def _check(self, name: str, password: str) -> None:
        if not self.desk.wait_until_open():
            return
        from frontdesk_tui.services.site.operators import SignInFailed, sign_in

        try:
            actor = sign_in(self.desk.db, name, password, now=self.desk.now(), tz=self.desk.settings.tz)
        except SignInFailed as exc:
            self.post_message(self.Attempted(None, str(exc)))
        else:
            self.post_message(self.Attempted(actor))

    @on(Attempted)
    def _attempted(self, event: Attempted) -> None:
        self._checking = False
        if event.actor is not None:
            self.desk.sign_in_failures = 0
            self.dismiss(event.actor)
            return
        self.desk.sign_in_failures += 1
        self.password_input.value = ""
        self._start_wait_if_needed(event.error)

    def on_worker_state_changed(self, event) -> None:  # type: ignore[override]
        super().on_worker_state_changed(event)
        if event.worker.group == "sign-in" and event.worker.is_finished and event.worker.error is not None:
            self._checking = False
            self.message.update("")

    # -- the growing wait after wrong passwords -------------------------------------------------
    def _waiting(self) -> bool:
        return self._wait_until is not None

    def _start_wait_if_needed(self, error: str = "") -> None:
        if self.desk.sign_in_failures <= 0:
            return  # no wrong password yet (and at start, before the data layer is imported)
        from frontdesk_tui.services.site import session

        delay = session.retry_delay(self.desk.sign_in_failures, base=self.desk.sign_in_delay_unit)
        if delay <= 0:
            return
        self._stop_timers()
        self._error = error or _("wrong name or password")
        self._wait_until = self.desk.monotonic() + delay
        self.password_input.disabled = True
        self._show_wait()
        self._countdown = self.set_interval(1, self._show_wait)
        self._retry = self.set_timer(delay, self.allow_retry)

    def _stop_timers(self) -> None:
        for timer in (self._countdown, self._retry):
            if timer is not None:
                timer.stop()
        self._countdown = self._retry = None

    def _show_wait(self) -> None:
        if self._wait_until is None:
            return
        left = max(1, round(self._wait_until - self.desk.monotonic()))
        self.message.update(
            Text(_("{error}. Try again in {n} s.").format(error=self._error.capitalize(), n=left))
        )

    def allow_retry(self) -> None:
        """The wait is over: the password field takes input again."""
        self._wait_until = None
        self._stop_timers()
        self.password_input.disabled = False
        self.password_input.focus()
        self.message.update(Text(_("{error}. Try again.").format(error=self._error.capitalize())))
