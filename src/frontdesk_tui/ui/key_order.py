"""Keys and pastes are applied one after the other, in the order they arrived (issue 13).

Textual 8.2.8 hands a key to the focused widget and moves on to the next key at once. A printable
key is inserted by the widget's own handler; Backspace, Delete, arrows, Home/End, a screen's Ctrl+S
are *bindings*, run only when the key has bubbled from the widget through each of its ancestors back
to the App — by then the keys after it have been inserted (``abc`` Backspace ``d`` gives ``abc``), or
a modal that Ctrl+S opens comes after the ``y`` meant for it, which lands in the form behind. See
docs/upstream.md for the bare reproduction.

The desk holds every key (and paste) that arrives while an earlier one is still on its way: the App
follows the earlier key from the widget it was given to up through the ancestors (a marker queued
behind it at each node) until a handler stopped it or the App itself handled it; if that key
changed the screen (a modal opened or closed), it also waits until the new screen has mounted and
set its focus. Only then does the next key go out, to whatever is focused now. One place, so every
text field of every form, and every list, gets it.
"""

from __future__ import annotations

import asyncio
import re
from collections import deque
from typing import TYPE_CHECKING

from textual import events

from frontdesk_tui.ui.textual_compat import event_stopped, has_pending_messages

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.screen import Screen

#: Control characters a paste may not bring into a field (ESC sequences are removed whole first);
#: newline and tab stay (multi-line fields keep lines; one-line fields take the first line).
_CSI_OR_OSC = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def clean_paste(text: str) -> str:
    """The pasted text without escape sequences and control characters, the rest in order."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _CSI_OR_OSC.sub("", text))


class KeyOrder:
    """The App's key gate: one key (or paste) on its way at a time, the rest waiting in order."""

    #: Passes over (screen, App) after a key changed the screen: the screen's mount, then the
    #: focus its ``on_mount`` asked the App for.
    SCREEN_PASSES = 2

    #: Looks at most at the focused widget's line for messages a key caused (a widget that is never
    #: quiet, such as a blinking cursor's timer, must not hold the keys back for long).
    QUIET_CHECKS = 50

    #: Seconds a pause lasts at most (a worker that never answers must not swallow the keyboard).
    PAUSE_LIMIT = 5.0

    def __init__(self, app: App) -> None:
        self.app = app
        self.waiting: deque[events.Event] = deque()
        self.current: events.Event | None = None
        self.paused = False
        self._pause_timer = None

    @property
    def busy(self) -> bool:
        return self.current is not None or self.paused or bool(self.waiting)

    def pause(self) -> None:
        """Hold the keys that come next until ``resume``: a screen that answers a key only after a
        worker (Ctrl+S checks in a thread, then opens the read-back) calls this, so the keys typed
        meanwhile go to what it opens, not to the field behind it."""
        self.paused = True
        if self._pause_timer is not None:
            self._pause_timer.stop()
        self._pause_timer = self.app.set_timer(self.PAUSE_LIMIT, self.resume)

    def drop_waiting(self) -> int:
        """Forget the keys typed ahead (a save was refused: they were meant for the read-back that
        did not open, and would land in the field the error focuses). Returns how many."""
        dropped = sum(1 for e in self.waiting if isinstance(e, events.Key))
        self.waiting.clear()
        return dropped

    def resume(self) -> None:
        """The answer is shown (a modal pushed, an error in the form): the held keys go on, once the
        screen now on top has mounted and focused."""
        if not self.paused:
            return
        self.paused = False
        if self._pause_timer is not None:
            self._pause_timer.stop()
            self._pause_timer = None
        if self.current is None and self.waiting:
            marker = events.Key("ignore", None)  # a stand-in "current" while the screen settles
            self.current = marker
            self._screen = None  # whatever is on top now: wait for it
            self._screen_settled(marker)

    def hold(self, event: events.Event) -> bool:
        """Called by the App for every key and paste from the terminal: True if it is held."""
        if self.busy:
            self.waiting.append(event)
            return True
        return False

    def prepare(self, event: events.Event) -> events.Event:
        if isinstance(event, events.Paste):
            cleaned = events.Paste(clean_paste(event.text))
            cleaned.set_sender(self.app)
            return cleaned
        if isinstance(event, events.Key) and event.key == "ctrl+j":
            # Keys typed before the app has put the terminal in raw mode (right after ``ssh -t`` or
            # the launch) pass the tty's ICRNL: their Enter arrives as LF, Ctrl+J. Nothing in the desk
            # binds Ctrl+J, so it is the Enter the person typed (as readline takes it too).
            enter = events.Key("enter", "\r")
            enter.set_sender(self.app)
            return enter
        return event

    def started(self, event: events.Event, screen: Screen | None = None) -> None:
        """The App has dispatched ``event`` (the priority bindings ran; it may have been forwarded).
        ``screen`` is the screen on top before the dispatch: an App binding that opened a screen
        (F3 from the queue) has changed it already, and the keys typed after it wait for the new one
        to mount and focus its first field, instead of landing a field early (walk13)."""
        self.current = event
        self._screen = self.app.screen if screen is None else screen
        if event.is_forwarded:
            target = self.app.focused or self.app.screen
            if isinstance(event, events.Paste) and self.app.focused is not None:
                target = self.app.focused
            self._follow(event, target)
        else:
            self._screen_settled(event)

    # -- following one key ----------------------------------------------------------------------
    def _follow(self, event: events.Event, node: MessagePump) -> None:
        if not node.call_later(self._reached, event, node):
            self._screen_settled(event)

    def _reached(self, event: events.Event, node: MessagePump) -> None:
        if event is not self.current:
            return
        parent = getattr(node, "parent", None)  # where the event bubbles to (the App at the top)
        # From a screen the key goes on to the App even when it reads as stopped there: the screen
        # has posted it to the App already, whose ``_on_key`` runs the screen's bindings ("/" in the
        # queue focuses the search field), so the next key must wait behind that too (walk13).
        if (event_stopped(event) and parent is not self.app) or parent is None or node is self.app:
            self._screen_settled(event)
            return
        self._follow(event, parent)

    def _screen_settled(self, event: events.Event, passes: int | None = None) -> None:
        """The key is done; if it changed the screen, wait for the new one to be ready first."""
        if event is not self.current:
            return
        try:
            screen = self.app.screen
        except Exception:  # no screen (closing)
            screen = None
        if passes is None:
            passes = self.SCREEN_PASSES if screen is not self._screen else 0
        if passes == 0 or screen is None:
            self._messages_settled(event)
            return

        def after_screen() -> None:
            if not self.app.call_later(self._screen_settled, event, passes - 1):
                self._release(event)

        if not screen.call_later(after_screen):
            self._release(event)

    def _messages_settled(self, event: events.Event, checks: int = 0) -> None:
        """The key is done; wait until the messages it caused along the focused widget's line have
        been handled too. A drop-down's list answers Enter with a message its drop-down handles
        later, which puts the focus back on the drop-down: a Tab typed after the Enter must wait for
        that, or it leaves from the list and the text after it lands a field early (walk13)."""
        if event is not self.current:
            return
        if checks < self.QUIET_CHECKS and self._line_busy():
            # call_soon: every task woken before (the widgets with messages) takes its turn first
            asyncio.get_running_loop().call_soon(self._messages_settled, event, checks + 1)
            return
        self.app.call_later(self._release, event)

    def _line_busy(self) -> bool:
        """Whether the focused widget or one of its containers up to the screen has messages waiting."""
        node = self.app.focused
        while node is not None and node is not self.app:
            if has_pending_messages(node):
                return True
            node = node.parent
        return False

    async def _release(self, event: events.Event) -> None:
        if event is not self.current:
            return
        self.current = None
        while self.waiting and self.current is None and not self.paused:
            await self.dispatch(self.waiting.popleft())

    async def dispatch(self, event: events.Event) -> None:
        await self.app._dispatch_in_order(self.prepare(event))  # type: ignore[attr-defined]
