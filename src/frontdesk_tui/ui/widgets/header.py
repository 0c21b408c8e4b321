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

    def _right(self, *, role: bool, date: bool) -> Text:
        desk = self.desk
        right = Text()
        actor = desk.actor
        if actor is not None:
            right.append(actor.name, style="bold")
            if role:
                right.append(f" {labels.role(actor.role)}")
            unread = desk.inbox_unread
            if unread is not None:
                right.append("  ")
                right.append(_("Inbox {n}").format(n=unread), style="bold reverse" if unread else "")
            right.append("  ")
        now = desk.now().astimezone(desk.settings.tz)
        right.append(now.strftime("%Y-%m-%d %H:%M" if date else "%H:%M"))
        right.append(" ")
        return right

    def render(self) -> Table:
        """The screen's title is never cut (it names the ticket: "Ticket 124"): when the line is too
        narrow the clock drops its date, then the role goes, then the site's name ends in "…"."""
        site = Text(" ")
        site.append(clean_line(self.desk.settings.site_name), style="bold")
        title = Text(" · " + self.screen_title) if self.screen_title else Text()
        width = self.size.width or 80
        for role, date in ((True, True), (True, False), (False, False)):
            right = self._right(role=role, date=date)
            if site.cell_len + title.cell_len + 1 + right.cell_len <= width:
                break
        room = width - title.cell_len - 1 - right.cell_len
        if site.cell_len > room:
            site.truncate(max(room, 4), overflow="ellipsis")
        left = site + title
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(left, right)
        return grid
