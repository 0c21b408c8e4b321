"""The command palette (Ctrl+P): every registered screen, the current screen's actions, the app's."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from frontdesk_tui.i18n import N_, _
from frontdesk_tui.ui import registry, textual_compat
from frontdesk_tui.ui.screens.base import translate_bindings

if TYPE_CHECKING:
    from frontdesk_tui.ui.app import FrontdeskApp


#: How a match on a screen's keywords ranks against a match on a title.
KEYWORD_WEIGHT = 0.5


class DeskCommands(Provider):
    """Commands in the user's language; nothing at all before sign-in or while locked."""

    @property
    def desk(self) -> FrontdeskApp:
        return self.app  # type: ignore[return-value]

    def commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        """(title, help, callback) of every command open to the signed-in operator now."""
        return [(title, help_text, callback) for title, _english, help_text, callback in self.entries()]

    def entries(self) -> list[tuple[str, str, str, Callable[[], Any]]]:
        """(title, English title, help, callback) of every command open to the signed-in operator
        now. The English title lets a query in English find a command in a Chinese desk too."""
        app = self.desk
        if app.actor is None:
            return []
        found: list[tuple[str, str, str, Callable[[], Any]]] = []
        titles: set[str] = set()
        self.keywords: dict[str, str] = {}
        """More words a command is found by (a screen's ``keywords``), ranked below its title."""

        def add(title: str, english: str, help_text: str, callback: Callable[[], Any]) -> None:
            if title not in titles:
                titles.add(title)
                found.append((title, english, help_text, callback))

        for spec in registry.screens():
            title = _("Go to: {screen}").format(screen=_(spec.title))
            add(title, f"Go to: {spec.title}", _(spec.help), partial(app.open_screen, spec.name))
            if spec.keywords:
                self.keywords[title] = spec.keywords
        screen = self.screen
        for node, binding, enabled, _tooltip in screen.active_bindings.values():
            if not enabled or not binding.description or binding.system:
                continue
            if node is not screen:
                continue
            key = app.get_key_display(binding)
            add(binding.description, _english(node, binding), _("Key: {key}").format(key=key),
                partial(app.run_action, binding.action, node))
        add(_("Help"), "Help", _("What this screen does and its keys (F1)"), app.action_help)
        add(_("Lock"), "Lock", _("Hide everything until someone signs in (Ctrl+L)"), app.action_lock)
        add(_("Quit"), "Quit", _("Leave frontdesk (Ctrl+Q)"), app.exit)
        return found

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, english, help_text, callback in self.entries():
            score = matcher.match(title)
            shown = matcher.highlight(title)
            if score <= 0 and english != title:
                score = matcher.match(english)
                shown = Text(title)
            if score <= 0 and title in self.keywords:
                # "overdue" finds the board, after the screen's own "Overdue only"
                score = matcher.match(self.keywords[title]) * KEYWORD_WEIGHT
                shown = Text(title)
            if score > 0:
                yield Hit(score, shown, callback, help=help_text)


def _english(node: Any, binding: Binding) -> str:
    """The English msgid of a binding's description: screens translate their own copy of the
    bindings (``translate_bindings``); the class keeps the original."""
    merged = textual_compat.class_bindings(type(node))
    if merged is not None:
        for original in textual_compat.bindings_for_key(merged, binding.key):
            if original.action == binding.action and original.description:
                return original.description
    return binding.description


#: Descriptions of the keys of Textual's palette (the help lists them when F1 is pressed in it).
PALETTE_DESCRIPTIONS = (
    N_("Go to bottom"), N_("Go to top"), N_("Next command"), N_("Previous command"), N_("Next page"),
    N_("Previous page"), N_("Exit the command palette"),
)


class DeskCommandPalette(textual_compat.TranslatableNoMatchesPalette):
    """Textual's palette with every word of its own in the user's language: the placeholder, the
    descriptions of its keys and the line shown when nothing matches."""

    SCREEN_TITLE: ClassVar[str] = N_("Commands")
    """English msgid of the title of the help (F1) over the palette."""

    def __init__(self) -> None:
        super().__init__(placeholder=_("Type a command or a screen…"), id="--command-palette")
        translate_bindings(self)

    def no_matches_text(self) -> str:
        # A Pilot test (test_textual_strings_i18n) fails if a new Textual moves the line elsewhere.
        return _("No matches found")
