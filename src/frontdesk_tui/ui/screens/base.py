"""What every desk screen shares: translated bindings, header and footer, one way to report errors."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from frontdesk_tui.i18n import N_, _
from frontdesk_tui.ui import textual_compat
from frontdesk_tui.ui.registry import INBOX_KEY

if TYPE_CHECKING:
    from frontdesk_tui.ui.app import FrontdeskApp

T = TypeVar("T")


#: Descriptions of Textual's own bindings that the help lists (translated like ours).
TEXTUAL_DESCRIPTIONS = (N_("Focus Next"), N_("Focus Previous"), N_("Copy selected text"), N_("Dismiss menu"))


def translate_bindings(node: DOMNode) -> None:
    """Footer labels are English msgids in ``BINDINGS``; show them in the user's language.

    Bindings are class attributes built at import, before the language is chosen, so they are
    translated per instance (each node has its own copy).
    """
    textual_compat.map_bindings(
        textual_compat.own_bindings(node),
        lambda b: replace(b, description=_(b.description) if b.description else "", tooltip=_(b.tooltip) if b.tooltip else ""),
    )


#: Tab and Shift+Tab as priority bindings: the App runs them while it dispatches keys, so the focus
#: has moved before the next key is delivered. Textual's own (non-priority) Tab is handled by the
#: focused widget later, and text typed right after it (fast typing, pasting, keys arriving in a
#: burst over SSH) would land in the field that was left.
FOCUS_BINDINGS = [
    Binding("tab", "focus_next_now", N_("Focus Next"), show=False, priority=True),
    Binding("shift+tab", "focus_previous_now", N_("Focus Previous"), show=False, priority=True),
]


async def caught_up(screen: Screen | ModalScreen, *, passes: int = 2, timeout: float = 1.0) -> None:
    """Wait until the focused widget and its ancestors up to the screen have handled what was sent to
    them before now: the keys Textual forwarded ahead of the one being handled, and what those keys
    posted (an ``Input.Changed`` bubbles one level per pass).

    A priority binding runs while the App dispatches keys, ahead of the keys it already handed to
    the focused widget; an action that reads a field or moves the focus calls this first, so text
    typed in a burst (pasting, a barcode reader, SSH) lands in the field it was typed for. It cannot
    wait for keys a widget handles through its own non-priority bindings (a list's Down/Enter): Textual
    runs those when the key bubbles back to the App, after this action. Gives up at the first node
    that takes longer than ``timeout``."""
    chain = []
    node = screen.focused
    while node is not None and node is not screen:
        chain.append(node)
        node = node.parent  # type: ignore[assignment]
    chain.append(screen)
    for _pass in range(passes):
        for node in chain:
            done = asyncio.Event()
            if node.call_later(done.set):
                try:
                    await asyncio.wait_for(done.wait(), timeout)
                except TimeoutError:
                    return


class DeskMixin:
    """Shared by full screens and modals of the app."""

    HELP: ClassVar[str] = ""
    """English msgid of this screen's help text (F1 / ?)."""
    SCREEN_TITLE: ClassVar[str] = ""
    """English msgid of the title shown in the header and the help."""

    app: FrontdeskApp  # type: ignore[assignment]

    @property
    def desk(self) -> FrontdeskApp:
        return self.app

    def help_text(self) -> str:
        """The help in the reader's language; a screen whose help quotes a rule the site configures
        fills it in from the services."""
        return _(self.HELP) if self.HELP else ""

    async def action_focus_next_now(self) -> None:
        await caught_up(self)  # type: ignore[arg-type]
        self.focus_next()  # type: ignore[attr-defined]

    async def action_focus_previous_now(self) -> None:
        await caught_up(self)  # type: ignore[arg-type]
        self.focus_previous()  # type: ignore[attr-defined]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.report_error(event.worker.error)


#: The inbox's key in the footer of every full screen, first (the base class's bindings come first
#: in the footer). The app's priority binding of the same key (``registry``) does the work.
INBOX_BINDING = Binding(INBOX_KEY, "app.open_screen('inbox')", N_("Inbox"), id="footer-inbox")


class DeskScreen(DeskMixin, Screen[None]):
    """A full screen of the app: header, body, footer."""

    BINDINGS: ClassVar = [INBOX_BINDING, *FOCUS_BINDINGS]

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        translate_bindings(self)

    @property
    def title_text(self) -> str:
        return _(self.SCREEN_TITLE) if self.SCREEN_TITLE else ""

    def on_mount(self) -> None:
        self.watch(self.app, "actor", self._actor_changed, init=False)
        self.watch(self.app, "data_generation", self._data_changed, init=False)

    def _actor_changed(self, _old, new) -> None:
        if new is not None:
            self.on_signed_in()

    def _data_changed(self, _old, _new) -> None:
        if self.app.actor is not None:
            self.on_data_changed()

    def on_signed_in(self) -> None:
        """Someone signed in (after a lock, maybe someone else): reload what depends on the operator."""

    def on_data_changed(self) -> None:
        """Another connection committed: reload what is shown, keeping the operator's place."""


class DeskModal(DeskMixin, ModalScreen[T]):
    """A modal of the app. Modals cut the app's ordinary bindings from the footer (Textual), so the
    keys that work everywhere are repeated here to be seen."""

    BINDINGS: ClassVar = [Binding("f1", "app.help", N_("Help"), id="modal-help"), *FOCUS_BINDINGS]

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        translate_bindings(self)
