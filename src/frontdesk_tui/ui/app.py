"""The Textual application: wiring only (sign-in and lock, screens, polling, errors)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.i18n import N_, _, ngettext
from frontdesk_tui.ui import registry, textual_compat
from frontdesk_tui.ui.commands import DeskCommandPalette, DeskCommands
from frontdesk_tui.ui.key_order import KeyOrder
from frontdesk_tui.ui.messages import RecordSelected, TicketSelected
from frontdesk_tui.ui.screens.base import DeskMixin, translate_bindings
from frontdesk_tui.ui.screens.signin import SignInScreen
from frontdesk_tui.ui.textual_compat import filter_pastes_in_terminal_input
from frontdesk_tui.ui.theme import DESK_THEME

if TYPE_CHECKING:  # the data layer and pydantic load after the first paint (issue 15)
    from frontdesk_tui.config import Settings
    from frontdesk_tui.data.db import Database
    from frontdesk_tui.domain.calendar import WorkCalendar
    from frontdesk_tui.services.tickets.queue import ChangeWatcher
    from frontdesk_tui.ui.screens.help import HelpScreen

#: What opens the site after the first paint, in a worker thread: the validated settings and the
#: database at head (``cli/app.py``). It may raise; the app then exits and re-raises its error.
Opener = Callable[[], tuple["Settings", "Database"]]

#: Actions that work before anyone has signed in (and on the lock screen).
_SIGNED_OUT_ACTIONS = {"help", "help_key", "quit"}


class FrontdeskApp(App[None]):
    TITLE = "frontdesk"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = {DeskCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar = [
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", show=False, priority=True),
        Binding("ctrl+l", "lock", N_("Lock"), id="lock", priority=True),
        Binding("f1", "help", N_("Help"), id="help", priority=True),
        Binding("question_mark", "help_key", N_("Help"), id="help-key", show=False),
        Binding("ctrl+p", "command_palette", N_("Commands"), id="command-palette", show=False, priority=True),
    ]

    actor: reactive[Actor | None] = reactive(None, always_update=True)
    """The signed-in operator; None at start and while locked."""
    inbox_unread: reactive[int | None] = reactive(None)
    """Unread inbox items of the signed-in operator (None until loaded or while locked)."""
    data_generation: reactive[int] = reactive(0)
    """Bumped whenever another connection committed; screens reload on it."""

    def __init__(
        self,
        settings: Settings,
        db: Database | None,
        *,
        clock: Callable[[], datetime] | None = None,
        poll_interval: float = 2.0,
        inbox_interval: float = 30.0,
        opener: Opener | None = None,
    ) -> None:
        """With ``db`` the site is open from the start. Without it ``opener`` opens it in a worker
        once the sign-in screen is on screen, and ``settings`` is only what that screen shows meanwhile
        (the site's name, its time zone: ``cli.app.StartSettings``)."""
        super().__init__()
        self.settings = settings
        self.db: Database = db  # type: ignore[assignment]  # None only until the opener is done
        self.clock = clock or (lambda: datetime.now(UTC))
        """The time now (aware); tests and snapshots pass a fixed one."""
        self.calendar: WorkCalendar = None  # type: ignore[assignment]  # as ``db``
        self._watcher: ChangeWatcher | None = None
        self._opener = opener
        self._open_done = threading.Event()
        self._closing = False
        self._opening = False
        self.start_error: BaseException | None = None
        """Why the site could not be opened (the app exits; ``cli.app`` raises it)."""
        if db is not None:
            from frontdesk_tui.services.site import session

            self._site_opened(settings, db, session.make_calendar(settings))
        elif opener is None:
            raise ValueError("FrontdeskApp needs a database or an opener")
        self.poll_interval = poll_interval
        self.inbox_interval = inbox_interval
        self.drafts: dict[str, Any] = {}
        """Half-done work of screens (forms), kept across switching screens and locks."""
        self.sign_in_failures = 0
        """Wrong passwords in a row, across lock screens; the wait grows with it."""
        self.sign_in_delay_unit = 1.0
        """Seconds of the first wait after a wrong password (then 2x, 4x … capped)."""
        self.locked_by: str | None = None
        self.key_order = KeyOrder(self)
        """Keys and pastes one after the other, in arrival order (ui/key_order.py)."""
        filter_pastes_in_terminal_input()
        self._probe_failed = False
        translate_bindings(self)
        self.register_theme(DESK_THEME)
        self.theme = DESK_THEME.name
        for spec in registry.screens():
            if spec.key:
                textual_compat.add_binding(
                    self,
                    Binding(spec.key, f"open_screen('{spec.name}')", _(spec.title), show=spec.key == registry.INBOX_KEY,
                            priority=True, id=f"open-{spec.name}"),
                )

    # -- time -----------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock()

    def monotonic(self) -> float:
        return time.monotonic()

    # -- keys in arrival order ------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if (
            isinstance(event, events.Key | events.Paste)
            and not event.is_forwarded
            and event is not self.key_order.current
        ):
            if not self.key_order.hold(event):
                await self._dispatch_in_order(self.key_order.prepare(event))
            return
        await super().on_event(event)

    async def _dispatch_in_order(self, event: events.Event) -> None:
        """Textual's own dispatch (priority bindings, then the focused widget), then follow it."""
        self.key_order.current = event
        # The screen before the key: a priority binding of the App (F3 …) has pushed the next one by
        # the time ``on_event`` returns, and the keys after it must wait for that screen to settle.
        before = self.screen
        try:
            await super().on_event(event)
        finally:
            self.key_order.started(event, before)

    # -- start, sign-in, lock -------------------------------------------------------------------
    def on_mount(self) -> None:
        textual_compat.translate_textual_bindings(_)
        self.push_screen(SignInScreen(), self.signed_in)
        self.set_interval(self.poll_interval, self.check_for_changes)
        self.set_interval(self.inbox_interval, self.load_inbox)
        if self._opener is None:
            self._start_site()
        # else the sign-in screen calls ``open_site`` once it is painted

    # -- opening the site after the first paint (issue 15) --------------------------------------
    def _site_opened(self, settings: Settings, db: Database, calendar: WorkCalendar) -> None:
        from frontdesk_tui.services.tickets.queue import ChangeWatcher

        self.settings = settings
        self.db = db
        self.calendar = calendar
        self._watcher = ChangeWatcher(db)
        self._open_done.set()

    def _start_site(self) -> None:
        """Once the site is open: the keymap and the scans' timer."""
        if self.settings.keymap:
            self.set_keymap(dict(self.settings.keymap))
        self.set_interval(self.settings.escalation_interval_seconds, self.run_supervision_scans)

    def open_site(self) -> None:
        """Open the site in a worker, once (the sign-in screen calls this after its first paint)."""
        if self._opener is not None and not self._open_done.is_set() and not self._opening:
            self._opening = True
            self._open_site()

    @work(thread=True, exclusive=True, group="open-site", exit_on_error=False)
    def _open_site(self) -> None:
        assert self._opener is not None
        try:
            from frontdesk_tui.services.site import session
            from frontdesk_tui.ui.keymap import check_keymap

            settings, db = self._opener()
            check_keymap(settings.keymap)
            calendar = session.make_calendar(settings)
        except BaseException as exc:  # noqa: BLE001 - every reason ends the app and is raised by the CLI
            self.start_error = exc
            self._open_done.set()
            self._call_soon(self.exit, return_code=2)
            return
        self._call_soon(self._opened, settings, db, calendar)

    def _call_soon(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile (quit before the database opened)
            self.call_from_thread(callback, *args, **kwargs)

    def _opened(self, settings: Settings, db: Database, calendar: WorkCalendar) -> None:
        self._site_opened(settings, db, calendar)
        self._start_site()
        for header in self.screen.query("DeskHeader"):
            header.refresh()  # the site's name and its clock, now from the settings

    def wait_until_open(self) -> bool:
        """For worker threads that need the database: block until the site is open; False if it
        could not be opened (the app is closing)."""
        self._open_done.wait()
        return self.start_error is None and not self._closing

    def signed_in(self, actor: Actor | None) -> None:
        """Called by the sign-in screen (and the lock screen) with the operator who signed in."""
        if actor is None:
            return
        self.locked_by = None
        self.sign_in_failures = 0
        self.actor = actor
        self.load_inbox()
        if len(self.screen_stack) <= 1:
            self.open_screen(registry.HOME)

    def action_lock(self) -> None:
        """Ctrl+L: hide everything behind the sign-in screen; the screens below stay as they are."""
        if self.actor is None:
            return
        self.locked_by = self.actor.name
        self.actor = None
        self.inbox_unread = None
        self.push_screen(SignInScreen(locked_by=self.locked_by), self.signed_in)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.actor is None and action not in _SIGNED_OUT_ACTIONS:
            return False
        # The operator who locked may have unsaved work: sign in to quit.
        return not (action == "quit" and self.locked_by is not None)

    # -- screens --------------------------------------------------------------------------------
    def open_screen(self, name: str) -> None:
        """Show a registered screen; kept screens come back as they were left."""
        if self.actor is None:
            return
        spec = registry.get(name)
        if not spec.keep:
            self.push_screen(spec.screen_class()())
            return
        if not self.is_screen_installed(name):
            self.install_screen(spec.screen_class()(), name)
        target = self.get_screen(name)
        if self.screen is target:
            return
        if target in self.screen_stack:
            while self.screen is not target:
                self.pop_screen()
        elif len(self.screen_stack) <= 1:
            self.push_screen(name)
        else:
            self.switch_screen(name)

    def action_open_screen(self, name: str) -> None:
        self.open_screen(name)

    def on_ticket_selected(self, message: TicketSelected) -> None:
        screen_class = registry.ticket_screen_class()
        if screen_class is None:
            self.notify(_("Ticket {id}: the ticket screen is not available yet.").format(id=message.ticket_id))
            return
        self.push_screen(screen_class(message.ticket_id))

    def on_record_selected(self, message: RecordSelected) -> None:
        """Open what an inbox item or a board row points at (``registry.RECORD_SCREENS``)."""
        name, screen_class = registry.record_target(message.ref_kind)
        if name is not None:
            self.open_screen(name)
        elif screen_class is not None and message.ref_id is not None:
            self.push_screen(screen_class(message.ref_id))
        else:
            self.notify(_("This item points at no record to open."))

    # -- help -----------------------------------------------------------------------------------
    def action_help(self) -> None:
        from frontdesk_tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(self.help_for(self.screen))

    def action_help_key(self) -> None:
        # "?" is a character in text fields; there it types itself (fields take it first).
        from textual.widgets import TextArea  # its document model: not needed at start

        if isinstance(self.focused, Input | TextArea):
            return
        self.action_help()

    def help_for(self, screen: Screen) -> HelpScreen:
        from frontdesk_tui.ui.screens.help import HelpScreen

        title = _(getattr(screen, "SCREEN_TITLE", "")) if getattr(screen, "SCREEN_TITLE", "") else ""
        text = screen.help_text() if isinstance(screen, DeskMixin) else ""
        # The screen's own keys first, then the app's, then Textual's (Tab …); one line per action.
        ranked: list[tuple[int, str, str]] = []
        for node, binding, enabled, _tooltip in screen.active_bindings.values():
            if not binding.description or not enabled or binding.system or binding.key.startswith("super+"):
                continue
            if node is not screen and node is not self:
                continue  # widgets' own keys (cursor movement …) are in the help text
            rank = 2 if binding.id is None else (0 if node is screen else 1)
            ranked.append((rank, self.get_key_display(binding), binding.description))
        keys: dict[str, list[str]] = {}
        for _rank, key, description in sorted(ranked, key=lambda item: item[0]):
            if key not in keys.setdefault(description, []):
                keys[description].append(key)
        return HelpScreen(title, text, [(" / ".join(k), description) for description, k in keys.items()])

    # -- command palette ------------------------------------------------------------------------
    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(DeskCommandPalette())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return []  # our provider lists every command, translated

    def action_help_quit(self) -> None:
        """Ctrl+C copies, it does not quit: Textual's hint (with nothing selected), in the user's
        language and with the key as the footer writes it."""
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                key = self.get_key_display(active.binding)
                self.notify(_("Press {key} to quit.").format(key=key), title=_("Do you want to quit?"))
                return

    # -- polling: other desks' changes and the inbox --------------------------------------------
    def check_for_changes(self) -> None:
        """Ask (in a worker) whether anyone committed; runs every ``poll_interval`` seconds."""
        if self.actor is not None:
            self._probe()

    @work(thread=True, exclusive=True, group="probe", exit_on_error=False)
    def _probe(self) -> None:
        if self._watcher is not None and self._watcher.changed():
            self.call_from_thread(self._data_changed)

    def _data_changed(self) -> None:
        self.data_generation += 1
        self.load_inbox()

    # -- supervision scans (escalations, due rectifications, holiday-file changes) ---------------
    _holiday_stamp: float | None = None

    def run_supervision_scans(self) -> None:
        self._run_supervision_scans(self.now())

    @work(thread=True, exclusive=True, group="supervision", exit_on_error=False)
    def _run_supervision_scans(self, now: datetime) -> None:
        from frontdesk_tui.services.site import Site
        from frontdesk_tui.services.supervision.scans import run_periodic

        site = Site(settings=self.settings, db=self.db, calendar=self.calendar)
        result, stamp = run_periodic(site, now=now, holiday_stamp=self._holiday_stamp)
        # The app's state changes on its own thread (the scan may have re-read the holiday file).
        self.call_from_thread(self._supervision_done, result, site.calendar, stamp)

    def _supervision_done(self, result: Any, calendar: Any, holiday_stamp: float | None) -> None:
        self.calendar = calendar
        self._holiday_stamp = holiday_stamp
        if result.deadlines_moved is not None and self.actor is not None:
            self.notify(
                ngettext(
                    "The holiday file changed: {n} open deadline recomputed.",
                    "The holiday file changed: {n} open deadlines recomputed.",
                    result.deadlines_moved,
                ).format(n=result.deadlines_moved)
            )
        if result.escalations or result.violations_due:
            self.load_inbox()

    def load_inbox(self) -> None:
        if self.actor is not None:
            self._load_inbox(self.actor.id)

    @work(thread=True, exclusive=True, group="inbox", exit_on_error=False)
    def _load_inbox(self, operator_id: int) -> None:
        from frontdesk_tui.services.site import session

        unread = session.unread_inbox_count(self.db, operator_id)
        self.call_from_thread(self._inbox_loaded, operator_id, unread)

    def _inbox_loaded(self, operator_id: int, unread: int) -> None:
        if self.actor is not None and self.actor.id == operator_id:
            self.inbox_unread = unread

    # -- errors ---------------------------------------------------------------------------------
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications show their text literally by default: they carry names, units and database
        messages, which may hold "[" (STYLE trap 11)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def report_error(self, error: BaseException) -> None:
        """The one place worker errors become a notification in the user's language."""
        from frontdesk_tui.ui.errors import describe_error

        self.log.error(repr(error))
        self.notify(describe_error(error), title=_("Error"), severity="error", timeout=8)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR or event.worker.error is None:
            if event.worker.group == "probe" and event.state == WorkerState.SUCCESS:
                self._probe_failed = False
            return
        if event.worker.group == "probe":
            if self._probe_failed:
                return  # one notice while the database stays away, not one every two seconds
            self._probe_failed = True
        self.report_error(event.worker.error)

    def on_unmount(self) -> None:
        self._closing = True
        self._open_done.set()  # a worker still waiting for the database gives up
        if self._watcher is not None:
            self._watcher.close()


def make_app(
    settings: Settings, db: Database, *, clock: Callable[[], datetime] | None = None, poll_interval: float = 2.0
) -> FrontdeskApp:
    """The app as the CLI starts it; a ``keymap`` entry naming no binding is refused here."""
    from frontdesk_tui.ui.keymap import check_keymap

    check_keymap(settings.keymap)
    return FrontdeskApp(settings, db, clock=clock, poll_interval=poll_interval)


def make_deferred_app(start: Any, opener: Opener, *, poll_interval: float = 2.0) -> FrontdeskApp:
    """The app as ``frontdesk`` starts it: the sign-in screen is up before the settings are
    validated and the database is opened (``opener``, in a worker after the first paint); ``start``
    is what that screen shows meanwhile (``cli.app.StartSettings``). Signing in waits for the
    database; keys typed meanwhile keep their order (issue 15: launch ≤ 1.5× a bare Textual app)."""
    return FrontdeskApp(start, None, opener=opener, poll_interval=poll_interval)
