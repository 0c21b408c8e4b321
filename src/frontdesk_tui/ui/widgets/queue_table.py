"""The queue's table: Textual's DataTable holding one page, asking for the next one at its edges."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message

from frontdesk_tui.i18n import N_
from frontdesk_tui.ui.screens.base import translate_bindings
from frontdesk_tui.ui.widgets.row_table import RowTable


class QueueTable(RowTable):
    """Moving past the last row (Down, PageDown, the wheel) or above the first asks for a page."""

    BINDINGS = [Binding("enter", "select_cursor", N_("Open"), id="open-ticket")]

    class PageWanted(Message):
        def __init__(self, forward: bool) -> None:
            super().__init__()
            self.forward = forward

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        translate_bindings(self)
        self.has_after = False
        """A page follows this one."""
        self.has_before = False
        """A page comes before this one."""

    def _at_end(self) -> bool:
        return self.has_after and self.cursor_row >= self.row_count - 1

    def _at_start(self) -> bool:
        return self.has_before and self.cursor_row <= 0

    def action_cursor_down(self) -> None:
        if self._at_end():
            self.post_message(self.PageWanted(True))
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self._at_start():
            self.post_message(self.PageWanted(False))
        else:
            super().action_cursor_up()

    def action_page_down(self) -> None:
        if self._at_end():
            self.post_message(self.PageWanted(True))
        else:
            super().action_page_down()

    def action_page_up(self) -> None:
        if self._at_start():
            self.post_message(self.PageWanted(False))
        else:
            super().action_page_up()

    # Public handlers run before Textual's own scrolling (its private ``_on_mouse_scroll_*`` of a
    # base class); prevent_default keeps the wheel at a page's edge from also scrolling.
    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if self.has_after and self.scroll_y >= self.max_scroll_y:
            event.prevent_default()
            event.stop()
            self.post_message(self.PageWanted(True))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self.has_before and self.scroll_y <= 0:
            event.prevent_default()
            event.stop()
            self.post_message(self.PageWanted(False))
