"""One test per use of a Textual internal (ui/textual_compat.py): an upgrade that moves one fails here.

Each test drives a small app of its own, so what it checks is Textual's behaviour, not the desk's.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandList
from textual.widgets import Input, Select

from frontdesk_tui.ui import textual_compat
from frontdesk_tui.ui.widgets.queue_table import QueueTable


class _Keys(App[None]):
    BINDINGS: ClassVar = [Binding("f5", "bell", "Ring", id="ring"), Binding("f6", "bell", "Ring twice")]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []

    def action_note(self, what: str) -> None:
        self.pressed.append(what)

    def compose(self) -> ComposeResult:
        yield Input(id="field")


def test_class_bindings_are_the_bindings_as_written_in_the_class() -> None:
    app = _Keys()
    merged = textual_compat.class_bindings(_Keys)
    assert merged is not None
    assert [b.description for b in textual_compat.bindings_for_key(merged, "f5")] == ["Ring"]
    assert textual_compat.bindings_for_key(merged, "f12") == []
    # the node's own copy is another map: changing it leaves the class's as written
    textual_compat.map_bindings(textual_compat.own_bindings(app), lambda b: b.__class__(**{**b.__dict__, "description": "X"}))
    assert [b.description for b in textual_compat.bindings_for_key(textual_compat.own_bindings(app), "f5")] == ["X"]
    assert [b.description for b in textual_compat.bindings_for_key(merged, "f5")] == ["Ring"]


async def test_textual_widget_bindings_are_translated_from_their_english_originals() -> None:
    from textual.widgets._select import SelectOverlay

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield Select([("a", 1), ("b", 2)], id="pick")

    def escape_label(node_type_or_node) -> list[str]:
        bindings = (textual_compat.class_bindings(node_type_or_node) if isinstance(node_type_or_node, type)
                    else textual_compat.own_bindings(node_type_or_node))
        return [b.description for b in textual_compat.bindings_for_key(bindings, "escape")]

    try:
        textual_compat.translate_textual_bindings(lambda text: f"<{text}>")
        textual_compat.translate_textual_bindings(lambda text: f"[{text}]")  # from English again
        assert escape_label(SelectOverlay) == ["[Dismiss menu]"]
        app = One()
        async with app.run_test() as pilot:
            app.query_one(Select).focus()
            await pilot.press("enter")
            await pilot.pause()
            assert escape_label(app.query_one(SelectOverlay)) == ["[Dismiss menu]"]
    finally:
        textual_compat.translate_textual_bindings(lambda text: text)
    assert escape_label(SelectOverlay) == ["Dismiss menu"]


async def test_add_binding_makes_a_key_work_on_that_node_only() -> None:
    app = _Keys()
    textual_compat.add_binding(app, Binding("f7", "note('seven')", "Seven", priority=True))
    async with app.run_test() as pilot:
        await pilot.press("f7")
        assert app.pressed == ["seven"]
    assert textual_compat.bindings_for_key(textual_compat.own_bindings(_Keys()), "f7") == []


async def test_select_allows_blank_reads_the_constructor_flag() -> None:
    class Two(App[None]):
        def compose(self) -> ComposeResult:
            yield Select([("a", 1)], id="blank")
            yield Select([("a", 1)], allow_blank=False, id="fixed")

    app = Two()
    async with app.run_test():
        assert textual_compat.select_allows_blank(app.query_one("#blank", Select)) is True
        assert textual_compat.select_allows_blank(app.query_one("#fixed", Select)) is False


async def test_the_palette_shows_its_own_no_matches_line() -> None:
    class Words(textual_compat.TranslatableNoMatchesPalette):
        def no_matches_text(self) -> str:
            return "Nothing like that"

    class WithPalette(App[None]):
        def get_system_commands(self, screen):
            return []  # nothing to match

        def action_command_palette(self) -> None:
            self.push_screen(Words())

    app = WithPalette()
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"zzzqqq")
        palette = app.screen
        assert isinstance(palette, Words)
        # The line comes after Textual's countdown (half a second, a timer): wait for it to decide.
        await asyncio.wait_for(palette.no_matches_decided.wait(), timeout=10)
        commands = palette.query_one(CommandList)
        assert commands.option_count == 1 and commands.get_option_at_index(0).disabled
        assert "Nothing like that" in str(commands.get_option_at_index(0).prompt)


async def test_registered_nodes_and_pending_messages_see_the_whole_app() -> None:
    app = _Keys()
    async with app.run_test() as pilot:
        field = app.query_one("#field", Input)
        nodes = list(textual_compat.registered_nodes(app))
        assert nodes[0] is app and field in nodes
        await pilot.pause()
        assert not textual_compat.has_pending_messages(field)
        field.post_message(Input.Changed(field, "x"))
        assert textual_compat.has_pending_messages(field)
        await pilot.pause()
        assert not textual_compat.has_pending_messages(field)


async def test_keys_sent_to_the_driver_arrive_in_order_with_their_characters() -> None:
    app = _Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        event = textual_compat.key_event("?")
        assert (event.key, event.character) == ("question_mark", "?")
        assert (textual_compat.key_event("space").character, textual_compat.key_event("enter").character) == (" ", None)
        for key in ("a", "space", "b", "exclamation_mark"):
            event = textual_compat.key_event(key)
            event.set_sender(app)
            textual_compat.send_to_driver(app, event)
        for _ in range(20):
            await pilot.pause()
        assert app.query_one("#field", Input).value == "a b!"


async def test_notifications_lists_what_the_app_shows() -> None:
    app = _Keys()
    async with app.run_test() as pilot:
        app.notify("hello", title="Greeting")
        await pilot.pause()
        assert [(n.title, n.message) for n in textual_compat.notifications(app)] == [("Greeting", "hello")]


async def test_the_wheel_at_the_last_row_asks_the_queue_table_for_the_next_page() -> None:
    from textual import events

    class Table(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.pages: list[bool] = []

        def compose(self) -> ComposeResult:
            yield QueueTable(id="t")

        def on_queue_table_page_wanted(self, message: QueueTable.PageWanted) -> None:
            self.pages.append(message.forward)

    app = Table()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(QueueTable)
        table.add_column("n")
        for n in range(3):
            table.add_row(str(n))
        table.has_after = table.has_before = True
        await pilot.pause()

        def wheel(kind: type[events.MouseEvent]) -> None:
            table.post_message(kind(table, 1, 1, 0, 0, 0, False, False, False))

        wheel(events.MouseScrollDown)
        wheel(events.MouseScrollUp)
        await pilot.pause()
        assert app.pages == [True, False]
        table.has_after = table.has_before = False
        wheel(events.MouseScrollDown)
        await pilot.pause()
        assert app.pages == [True, False]


async def test_idle_granularity_is_how_long_pilot_sleeps_to_see_the_app_idle(monkeypatch) -> None:
    from textual import _wait

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(_wait, "sleep", sleep)
    before = (_wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE)
    try:
        textual_compat.set_idle_granularity(0.125)
        assert (_wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE) == (0.125, 0.125 / 20)
        await _wait.wait_for_idle(0)  # what Pilot.press awaits after each key
        assert slept and set(slept) == {0.125}
    finally:
        _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE = before
