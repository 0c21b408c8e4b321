"""The one-line header: site and screen on the left; operator, inbox and clock on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from frontdesk_tui.domain.text import clean_line
from frontdesk_tui.i18n import _
from frontdesk_tui.ui import labels

if TYPE_CHECKING:
    from frontdesk_tui.ui.app import FrontdeskApp


class DeskHeader(Widget):
    DEFAULT_CSS = """
    DeskHeader {
        dock: top;
        height: 1;
        background: $primary-background;
        color: $foreground;
    }
    """

    screen_title: reactive[str] = reactive("")
    """The title of the screen this header sits on (already translated)."""

    def __init__(self, screen_title: str = "") -> None:
        super().__init__()
        self.set_reactive(DeskHeader.screen_title, screen_title)

    @property
    def desk(self) -> FrontdeskApp:
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        self.watch(self.app, "actor", lambda _old, _new: self.refresh(), init=False)
        self.watch(self.app, "inbox_unread", lambda _old, _new: self.refresh(), init=False)
        self.set_interval(5, self.refresh)

    def render(self) -> Table:
        desk = self.desk
        left = Text(" ")
        left.append(clean_line(desk.settings.site_name), style="bold")
        if self.screen_title:
            left.append(" · ")
            left.append(self.screen_title)
        right = Text()
        actor = desk.actor
        if actor is not None:
            right.append(actor.name, style="bold")
            right.append(f" {labels.role(actor.role)}")
            unread = desk.inbox_unread
            if unread is not None:
                right.append("  ")
                right.append(_("Inbox {n}").format(n=unread), style="bold reverse" if unread else "")
            right.append("  ")
        right.append(desk.now().astimezone(desk.settings.tz).strftime("%Y-%m-%d %H:%M"))
        right.append(" ")
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(left, right)
        return grid
