"""A checkbox that shows its state with a character, so it reads without colour (NO_COLOR)."""

from __future__ import annotations

from textual.widgets import Checkbox


class StateCheckbox(Checkbox):
    """Textual's checkbox always draws an X and tells on from off by colour alone."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "X" if self.value else " "
