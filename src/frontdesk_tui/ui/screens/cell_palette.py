"""The theme's colours for table cells and panels, read once per screen."""

from __future__ import annotations

from frontdesk_tui.ui.widgets.queue_cells import Palette


class CellPalette:
    """Mixed into a screen that styles cells: the palette comes from the app's CSS variables, read the
    first time a cell needs it (reading them walks the whole theme)."""

    _palette: Palette | None = None

    def palette(self) -> Palette:
        if self._palette is None:
            self._palette = Palette.from_variables(self.app.get_css_variables())  # type: ignore[attr-defined]
        return self._palette

    def forget_palette(self) -> None:
        """Read the colours again when they are next needed (the list screens do when someone signs in)."""
        self._palette = None
