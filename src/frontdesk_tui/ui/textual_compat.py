"""Every use of a Textual private name or internal goes through this module (issue 10).

Textual is pinned exactly in pyproject.toml; each function here has a test in
``tests/ui/test_textual_compat.py``, so an upgrade that moves an internal fails in one place.
The test helpers (``registered_nodes`` … ``key_event``) are here for the same reason: the Pilot
helpers of the tests reach into the app's registry, message queues and driver.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from rich.align import Align
from rich.text import Text
from textual import _wait, events
from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.command import CommandList, CommandPalette
from textual.dom import DOMNode
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.message_pump import MessagePump
from textual.widgets import Select
from textual.widgets.option_list import Option

# -- bindings -------------------------------------------------------------------------------------


def own_bindings(node: DOMNode) -> BindingsMap:
    """The node's own copy of its class's bindings (``DOMNode._bindings``), which it may change."""
    return node._bindings


def class_bindings(node_type: type[DOMNode]) -> BindingsMap | None:
    """The bindings a class declares with its bases' (``DOMNode._merged_bindings``), as written in
    ``BINDINGS``: the copy each node gets at construction. None before the first instance."""
    return node_type._merged_bindings


def bindings_for_key(bindings: BindingsMap, key: str) -> list[Binding]:
    """The bindings of ``key`` (``BindingsMap.key_to_bindings``, empty when none)."""
    return list(bindings.key_to_bindings.get(key, []))


def map_bindings(bindings: BindingsMap, change: Callable[[Binding], Binding]) -> None:
    """Replace every binding of ``bindings`` by ``change(binding)``, keeping its key."""
    for key, items in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key] = [change(b) for b in items]


def add_binding(node: DOMNode, binding: Binding) -> None:
    """Add a binding to one node after construction (``BindingsMap._add_binding``)."""
    node._bindings._add_binding(binding)


_TEXTUAL_DESCRIPTIONS: dict[tuple[type[DOMNode], str, str], str] = {}


def translate_textual_bindings(translate: Callable[[str], str]) -> None:
    """Show the footer labels of Textual's own widgets in the user's language: the Select's open
    list (``SelectOverlay``, "Dismiss menu" on Escape). Its class bindings (``_merged_bindings``,
    which every instance copies) are rewritten from the English originals, kept aside, so changing
    the language twice in one process translates from English each time."""
    from textual.widgets._select import SelectOverlay

    for node_type in (SelectOverlay,):
        bindings = class_bindings(node_type)
        if bindings is None:
            continue

        def change(binding: Binding, node_type: type[DOMNode] = node_type) -> Binding:
            original = _TEXTUAL_DESCRIPTIONS.setdefault((node_type, binding.key, binding.action), binding.description)
            return replace(binding, description=translate(original) if original else original)

        map_bindings(bindings, change)


# -- widgets --------------------------------------------------------------------------------------


def select_allows_blank(select: Select[Any]) -> bool:
    """Whether a Select may be left blank (``Select._allow_blank``; Textual keeps no public copy)."""
    return bool(select._allow_blank)


class TranslatableNoMatchesPalette(CommandPalette):
    """Textual's command palette with the words of its "No matches found" line from
    ``no_matches_text``. Textual (8.2.8) writes that line in ``_start_no_matches_countdown`` and
    offers no hook: this is the same countdown and line, with our words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Set once the countdown has ended and the line is in the list (or, with nothing typed, left
        #: out): what a test waits on instead of sleeping through the countdown.
        self.no_matches_decided = asyncio.Event()

    def no_matches_text(self) -> str:
        return "No matches found"

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()
        self.no_matches_decided.clear()

        def show_no_matches() -> None:
            if search_value:
                line = Align.center(Text(self.no_matches_text(), style="not bold"))
                self.query_one(CommandList).add_option(Option(line, disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False  # discovery with nothing to offer: no line
            self.no_matches_decided.set()

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


# -- for the tests' Pilot helpers -------------------------------------------------------------------


def set_idle_granularity(seconds: float) -> None:
    """How long Pilot looks at a time for the app to be idle (``textual._wait.SLEEP_GRANULARITY``,
    1/50 s; idle is under a twentieth of it in CPU time, ``SLEEP_IDLE``). ``Pilot.press`` waits so
    twice after every key and ``Pilot.pause`` once: with 1/50 s most of a screen test's time was
    spent asleep. Shorter looks see the same thing: the app has nothing left to do."""
    _wait.SLEEP_GRANULARITY = seconds
    _wait.SLEEP_IDLE = seconds / 20


def registered_nodes(app: App[Any]) -> Iterator[MessagePump]:
    """The app and every node attached to it (``App._registry``)."""
    yield app
    yield from list(app._registry)


def has_pending_messages(node: MessagePump) -> bool:
    """Whether a node still has messages waiting in its queue (``MessagePump._message_queue``)."""
    queue = getattr(node, "_message_queue", None)
    return queue is not None and not queue.empty()


def send_to_driver(app: App[Any], event: events.Event) -> None:
    """Hand an event to the app as its driver does for a key read from the terminal
    (``App._driver``): queued behind whatever is already waiting, unlike ``Pilot.press``."""
    assert app._driver is not None, "the app has no driver (not running)"
    app._driver.send_message(event)


def key_event(key: str) -> events.Key:
    """The ``Key`` event the driver makes for ``key`` (a key name or one character), with its
    character (``textual.keys._character_to_key`` / ``_get_unicode_name_from_key``)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def notifications(app: App[Any]) -> list[Any]:
    """The notifications the app shows now (``App._notifications``): each has title and message."""
    return list(app._notifications)

def event_stopped(event: events.Event) -> bool:
    """Whether a handler stopped ``event`` from bubbling further (``Message._stop_propagation``).

    Used by ``ui/key_order.py`` to know that a key's journey through the widgets ended."""
    return bool(event._stop_propagation)


#: A control sequence inside a paste: CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), or ESC and one
#: character; the paste's own end marker ESC [ 201 ~ is not among them (it is matched first).
_PASTE_END = "\x1b[201~"
_PASTE_START = "\x1b[200~"
_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[^\[\]]")
_PARTIAL = re.compile(r"\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*)?$")


class _PasteFilter:
    """Removes escape sequences between the bracketed-paste markers of a terminal's input, keeping
    what is around them in order; the markers themselves and input outside a paste pass as they are.
    A sequence cut between two reads is held until the next read completes it."""

    def __init__(self) -> None:
        self.in_paste = False
        self.carry = ""

    def held_start(self) -> str:
        """What is held outside a paste (a lone ESC, or a paste marker cut between two reads), given
        up: the driver asks once its read found nothing more, so an Escape key is never kept
        waiting for the next key."""
        if self.in_paste or not self.carry:
            return ""
        rest, self.carry = self.carry, ""
        return rest

    def __call__(self, data: str) -> str:
        if not data:  # end of input
            rest, self.carry = self.carry, ""
            return rest
        data, self.carry = self.carry + data, ""
        out: list[str] = []
        while data:
            if not self.in_paste:
                start = data.find(_PASTE_START)
                if start < 0:
                    partial = _tail_prefix(data, _PASTE_START)
                    out.append(data[: len(data) - partial])
                    self.carry = data[len(data) - partial :]
                    break
                out.append(data[: start + len(_PASTE_START)])
                data = data[start + len(_PASTE_START) :]
                self.in_paste = True
                continue
            end = data.find(_PASTE_END)
            body = data if end < 0 else data[:end]
            if end < 0:
                partial = _PARTIAL.search(body)
                cut = partial.start() if partial else len(body)
                self.carry = body[cut:]
                body = body[:cut]
            out.append(_SEQUENCE.sub("", body).replace("\x1b", ""))
            if end < 0:
                break
            out.append(_PASTE_END)
            data = data[end + len(_PASTE_END) :]
            self.in_paste = False
        return "".join(out)


def _tail_prefix(data: str, marker: str) -> int:
    """Length of the longest end of ``data`` that is a beginning of ``marker`` (a marker cut in two)."""
    for size in range(min(len(marker) - 1, len(data)), 0, -1):
        if marker.startswith(data[-size:]):
            return size
    return 0


def filter_pastes_in_terminal_input() -> None:
    """Make the Linux driver's ``XTermParser`` drop escape sequences inside a bracketed paste.

    Textual 8.2.8's parser (``textual._xterm_parser.XTermParser.parse``) leaves paste mode for any
    ESC inside a paste and reissues the sequence and everything after it as key presses (ESC as
    ``^``), while the text before it arrives last as the ``Paste`` event: ``红色␛[31m文字`` typed
    ``^[31m文字`` and then pasted ``红色``. The subclass filters each read before the parser sees it;
    see docs/upstream.md."""
    from textual._xterm_parser import XTermParser
    from textual.drivers import linux_driver

    if getattr(linux_driver.XTermParser, "desk_paste_filter", False):
        return

    class PasteFilteringParser(XTermParser):
        desk_paste_filter = True

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._desk_filter = _PasteFilter()
            self._desk_quiet_ticks = 0

        def _desk_feed(self, data: str):
            cleaned = self._desk_filter(data)
            if data and not cleaned:
                return iter(())
            return super().feed(cleaned)

        def feed(self, data: str):  # type: ignore[override]
            self._desk_quiet_ticks = 0
            return self._desk_feed(data)

        def tick(self):  # type: ignore[override]
            # The driver ticks right after every read and after each 0.1 s of silence. A start
            # still held at the second tick came with no more input: not a paste marker cut in
            # two but a lone Escape key (or Alt+[), so the parser gets it and its own ESC timeout
            # makes it a key.
            self._desk_quiet_ticks += 1
            if self._desk_quiet_ticks >= 2:
                held = self._desk_filter.held_start()
                if held:
                    yield from super().feed(held)
            yield from super().tick()

    linux_driver.XTermParser = PasteFilteringParser  # type: ignore[misc]

