"""The desk footer rebuilds its keys only when what it shows changes (ui/widgets/footer.py)."""

from __future__ import annotations

from typing import ClassVar

from desk_pilot import settle
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from frontdesk_tui.ui.widgets.footer import DeskFooter


class _Form(App[None]):
    BINDINGS: ClassVar = [Binding("f2", "save", "Save", id="save"), Binding("f3", "clear", "Clear")]

    def __init__(self) -> None:
        super().__init__()
        self.can_clear = True

    def compose(self) -> ComposeResult:
        yield Input(id="a")
        yield Input(id="b")
        yield DeskFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "clear" and not self.can_clear else True  # None: shown disabled

    def action_save(self) -> None:
        pass

    def action_clear(self) -> None:
        pass


def _keys(app: App) -> list:
    return list(app.screen.query("FooterKey"))  # by name: Textual does not export the class


def _shown(app: App) -> list[tuple[str, str, bool]]:
    return [(k.key, k.description, k.has_class("-disabled")) for k in _keys(app) if k.is_attached]


async def _until_shown(pilot, entry: tuple[str, str, bool]) -> None:
    """The footer rebuilds after a refresh, in steps (old keys removed, new ones mounted)."""
    for _ in range(100):
        await settle(pilot)
        if entry in _shown(pilot.app):
            return
    raise AssertionError(f"{entry} never shown: {_shown(pilot.app)}")


async def test_moving_between_fields_with_the_same_keys_keeps_the_footer_as_it_is() -> None:
    app = _Form()
    async with app.run_test(size=(80, 10)) as pilot:
        await settle(pilot)
        before = _keys(app)
        assert [(k, d) for k, d, _ in _shown(app)] == [("f2", "Save"), ("f3", "Clear"), ("ctrl+p", "palette")]
        await pilot.press("tab", "tab", "shift+tab")
        await settle(pilot)
        assert app.focused is app.query_one("#b")
        assert _keys(app) == before and all(k.is_attached for k in before)  # the same widgets


async def test_a_key_that_changes_is_shown_changed() -> None:
    app = _Form()
    async with app.run_test(size=(80, 10)) as pilot:
        await settle(pilot)
        assert ("f3", "Clear", False) in _shown(app)
        app.can_clear = False
        app.refresh_bindings()
        await _until_shown(pilot, ("f3", "Clear", True))  # disabled now
        app.can_clear = True
        app.refresh_bindings()
        await _until_shown(pilot, ("f3", "Clear", False))


async def test_a_key_remapped_shows_its_new_key() -> None:
    app = _Form()
    async with app.run_test(size=(80, 10)) as pilot:
        await settle(pilot)
        app.set_keymap({"save": "f9"})
        await _until_shown(pilot, ("f9", "Save", False))
        assert sorted(k for k, _, _ in _shown(app)) == ["ctrl+p", "f3", "f9"]
