"""R-HO-1: the items of the post, one line each: name, expected, counted, damaged, explanation.

Enter in a field moves to the next item's count, and from the last item completes the step; Tab
reaches the damaged box and the explanation. :meth:`HandoverCounts.counts` reads the form back
as ``ItemCount`` values; a count that is not a whole number is an ``InputError`` naming the item.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Static

from frontdesk_tui.domain.duty.handover import ItemCount
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import _
from frontdesk_tui.ui.widgets.check import StateCheckbox


class HandoverCountRow(Horizontal):
    DEFAULT_CSS = """
    HandoverCountRow {
        height: 1;
        margin-bottom: 1;
    }
    HandoverCountRow .count-name {
        width: 14;
    }
    HandoverCountRow .count-expected {
        width: 6;
        color: $text-muted;
    }
    HandoverCountRow .count-number {
        width: 7;
        margin-right: 1;
        background: $panel;
    }
    HandoverCountRow .count-damaged {
        width: auto;
        margin-right: 1;
        background: $surface;
    }
    HandoverCountRow .count-explanation {
        width: 1fr;
        background: $panel;
    }
    HandoverCountRow Input:focus {
        background: $primary-background;
    }
    """

    def __init__(self, index: int, count: ItemCount) -> None:
        super().__init__(id=f"count-row-{index}")
        self.count = count
        self.index = index

    def compose(self) -> ComposeResult:
        c = self.count
        yield Label(Text(c.name), classes="count-name")
        yield Label(_("of {n}").format(n=c.expected), classes="count-expected")
        yield Input(
            value="" if c.counted is None else str(c.counted),
            type="integer",
            placeholder=_("count"),
            id=f"count-number-{self.index}",
            classes="count-number",
            compact=True,
        )
        yield StateCheckbox(_("damaged"), value=c.damaged, id=f"count-damaged-{self.index}", classes="count-damaged",
                       compact=True)
        yield Input(
            value=c.explanation,
            placeholder=_("outgoing officer's explanation"),
            id=f"count-explanation-{self.index}",
            classes="count-explanation",
            compact=True,
        )

    def value(self) -> ItemCount:
        text = self.query_one(f"#count-number-{self.index}", Input).value.strip()
        counted: int | None
        if not text:
            counted = None
        else:
            try:
                counted = int(text)
            except ValueError:
                raise InputError(self.count.name, _("a whole number")) from None
        return ItemCount(
            self.count.name,
            self.count.expected,
            counted,
            self.query_one(f"#count-explanation-{self.index}", Input).value,
            self.query_one(f"#count-damaged-{self.index}", Checkbox).value,
        )


class HandoverCounts(VerticalScroll):
    """The counting step's form."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._names: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(
            _("Count every item of the post. A shortage or damage needs the outgoing officer's explanation."),
            classes="step-hint",
        )

    async def show(self, counts: Sequence[ItemCount]) -> None:
        """Build the rows (once per handover: typed values survive reloads)."""
        names = tuple(c.name for c in counts)
        if names == self._names:
            return
        self._names = names
        await self.query(HandoverCountRow).remove()
        await self.mount_all([HandoverCountRow(i, c) for i, c in enumerate(counts)])

    def counts(self) -> list[ItemCount]:
        return [row.value() for row in self.query(HandoverCountRow)]

    def focus_first(self) -> None:
        fields = self.query(".count-number")
        if fields:
            fields.first().focus()

    def next_field(self, current: Input) -> bool:
        """Enter in ``current``: focus the next item's count; False from the last item (done)."""
        rows = list(self.query(HandoverCountRow))
        for position, row in enumerate(rows):
            if current in row.query(Input):
                if position + 1 < len(rows):
                    self.screen.set_focus(rows[position + 1].query_one(".count-number", Input))
                    return True
                return False
        return True
