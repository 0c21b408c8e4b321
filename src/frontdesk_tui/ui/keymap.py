"""The ``keymap`` table of the configuration: the app's keys by binding id (issue 10).

The ids are those of the ``Binding(..., id=...)`` of the app, its screens and their widgets; Textual's
``App.set_keymap`` applies the table. A typo in an id would be silently ignored by Textual, so it is
refused at start, naming the entry (exit 2 like any bad setting).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping

from textual.binding import Binding
from textual.dom import DOMNode

from frontdesk_tui.config import ConfigError, setting_source
from frontdesk_tui.ui import registry


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def binding_ids() -> set[str]:
    """Every binding id the app knows: its own, the keys opening the registered screens, and those
    of every screen and widget class of the app (the registered screens are imported for this, so
    the check costs nothing when the configuration has no keymap)."""
    from frontdesk_tui.ui.app import FrontdeskApp

    for spec in registry.screens():
        spec.screen_class()
    registry.ticket_screen_class()
    ids = {f"open-{spec.name}" for spec in registry.screens() if spec.key}
    classes = {FrontdeskApp, *(c for c in _subclasses(DOMNode) if c.__module__.startswith("frontdesk_tui."))}
    for cls in classes:
        for klass in cls.__mro__:
            for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", [])):
                if binding.id:
                    ids.add(binding.id)
    return ids


def check_keymap(keymap: Mapping[str, str]) -> None:
    """Refuse an entry whose binding id the app does not have (:class:`ConfigError`)."""
    if not keymap:
        return
    known = binding_ids()
    for binding_id in keymap:
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else " (see the Keymap section of the README)"
            raise ConfigError(
                f"configuration: keymap.{binding_id} (from {setting_source('keymap')}): unknown binding id{hint}"
            )
