"""The command palette (Ctrl+P): every registered screen, the current screen's actions, the app's."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from frontdesk_tui.i18n import _
from frontdesk_tui.ui import registry

if TYPE_CHECKING:
    from frontdesk_tui.ui.app import FrontdeskApp


class DeskCommands(Provider):
    """Commands in the user's language; nothing at all before sign-in or while locked."""

    @property
    def desk(self) -> FrontdeskApp:
        return self.app  # type: ignore[return-value]

    def commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        """(title, help, callback) of every command open to the signed-in operator now."""
        app = self.desk
        if app.actor is None:
            return []
        found: list[tuple[str, str, Callable[[], Any]]] = []
        titles: set[str] = set()

        def add(title: str, help_text: str, callback: Callable[[], Any]) -> None:
            if title not in titles:
                titles.add(title)
                found.append((title, help_text, callback))

        for spec in registry.screens():
            title = _("Go to: {screen}").format(screen=_(spec.title))
            add(title, _(spec.help), partial(app.open_screen, spec.name))
        screen = self.screen
        for node, binding, enabled, _tooltip in screen.active_bindings.values():
            if not enabled or not binding.description or binding.system:
                continue
            if node is not screen:
                continue
            key = app.get_key_display(binding)
            add(binding.description, _("Key: {key}").format(key=key), partial(app.run_action, binding.action, node))
        add(_("Help"), _("What this screen does and its keys (F1)"), app.action_help)
        add(_("Lock"), _("Hide everything until someone signs in (Ctrl+L)"), app.action_lock)
        add(_("Quit"), _("Leave frontdesk (Ctrl+Q)"), app.exit)
        return found

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
