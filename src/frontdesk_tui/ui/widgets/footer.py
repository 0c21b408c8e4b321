"""The footer, rebuilt only when what it shows changes.

Textual's ``Footer`` throws its keys away and composes new ones whenever the screen's bindings may
have changed: every focus move (Tab in a form), every screen resumed. On the desk most of those
moves leave the same keys, the same labels and the same enabled keys, and rebuilding them costs a
dozen widgets mounted and styled per key press and a repainted footer line over SSH. This footer
compares what it would show with what it shows and rebuilds only when they differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

#: Per active binding: key, its display, action, label, tooltip, enabled, group, shown.
Shown = tuple[tuple[object, ...], ...]


def shown_bindings(screen: Screen) -> Shown:
    """Everything of ``screen``'s active bindings that a footer shows (the palette key included)."""
    app = screen.app
    return tuple(
        (key, app.get_key_display(binding), binding.action, binding.description, tooltip or binding.tooltip,
         enabled, binding.group, binding.show)
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
    )

class DeskFooter(Footer):
    """``Footer`` that skips a rebuild when the bindings it would show are the ones it shows."""

    _shown: Shown | None = None

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = shown_bindings(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)
