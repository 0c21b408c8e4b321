"""Textual's own words (the command palette, its keys, the Ctrl+C hint) in the zh-CN desk."""

from __future__ import annotations

import asyncio
import html
import re

from desk_pilot import settle, signed_in_queue, until_screen
from textual.app import App
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen

from frontdesk_tui.i18n import catalog
from frontdesk_tui.ui import textual_compat
from frontdesk_tui.ui.app import FrontdeskApp
from frontdesk_tui.ui.screens.help import HelpScreen


def textual_descriptions() -> set[str]:
    """Descriptions and tooltips of Textual's bindings on the app, screens and the palette (the help
    and the palette list a screen's and the app's keys), less the app's keys the desk binds anew."""
    rebound = {b.key for b in FrontdeskApp.BINDINGS}
    found: set[str] = set()
    for cls in (App, Screen, ModalScreen, CommandPalette):
        for binding in cls.BINDINGS:
            if isinstance(binding, Binding) and not binding.system:
                if cls is App and binding.key in rebound:
                    continue
                found |= {text for text in (binding.description, binding.tooltip) if text}
    return found


#: English that Textual writes itself, outside bindings (Textual 8.2.8: command.py and app.py).
TEXTUAL_WORDS = {
    "No matches found",
    "Search for commands…",
    "palette",
    "Open the command palette",
    "Do you want to quit?",
    "to quit the app",
}


def shown(pilot: Pilot) -> str:
    """The text on the terminal now (screens below a modal included)."""
    svg = pilot.app.export_screenshot()
    return "".join(html.unescape(t) for t in re.findall(r">([^<]*)</text>", svg)).replace("\xa0", " ")


async def open_palette(pilot: Pilot) -> CommandPalette:
    await pilot.press("ctrl+p")
    await until_screen(pilot, CommandPalette)
    await settle(pilot)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    return palette


async def until_no_matches_line(pilot: Pilot, palette: CommandPalette) -> None:
    """The palette writes its line after a countdown of its own (half a second): wait for the
    search to end and the countdown to decide, then for the repaint."""
    await settle(pilot)  # the search (a worker) has ended and started the countdown
    assert isinstance(palette, textual_compat.TranslatableNoMatchesPalette)
    await asyncio.wait_for(palette.no_matches_decided.wait(), timeout=10)
    await settle(pilot)
    commands = palette.query_one(CommandList)
    assert commands.option_count == 1 and commands.get_option_at_index(0).disabled
    prompt = commands.get_option_at_index(0).prompt  # Align(Text)
    line = getattr(getattr(prompt, "renderable", prompt), "plain", str(prompt)).strip()
    assert line in shown(pilot), "the palette never showed that nothing matched"


def test_textual_descriptions_that_can_be_shown_are_in_the_catalog() -> None:
    # A Textual release that adds a key to the app, a screen or the palette fails here, not in use.
    zh = catalog("zh-CN")
    assert textual_descriptions() - set(zh) == set()
    assert {"No matches found", "Do you want to quit?"} - set(zh) == set()


async def test_palette_says_in_chinese_that_nothing_matches(make_desk_app) -> None:
    app = make_desk_app("zh-CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        palette = await open_palette(pilot)
        await pilot.press(*"xyzq")
        await until_no_matches_line(pilot, palette)
        text = shown(pilot)
        assert "没有匹配的命令" in text
        assert "No matches found" not in text


async def test_palette_says_it_in_english_in_the_english_desk(make_desk_app) -> None:
    app = make_desk_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        palette = await open_palette(pilot)
        await pilot.press(*"xyzq")
        await until_no_matches_line(pilot, palette)
        assert "No matches found" in shown(pilot)


async def test_palette_shows_nothing_when_nothing_is_typed_and_nothing_is_offered(make_desk_app) -> None:
    # Discovery with no command (an empty query) draws no "nothing matches" line: kept from Textual.
    app = make_desk_app("zh-CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        palette = await open_palette(pilot)
        await pilot.press(*"xyzq")
        await until_no_matches_line(pilot, palette)
        await pilot.press(*["backspace"] * 4)
        await settle(pilot)
        assert palette.query_one(CommandList).option_count > 0  # the discovery list is back
        assert "没有匹配的命令" not in shown(pilot)


async def test_no_english_from_textual_in_the_footer_palette_and_its_help(make_desk_app) -> None:
    english = textual_descriptions() | TEXTUAL_WORDS
    app = make_desk_app("zh-CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        seen = [shown(pilot)]  # the queue and its footer
        palette = await open_palette(pilot)
        assert palette.query_one("CommandInput").placeholder == "输入命令或页面名称…"
        seen.append(shown(pilot))  # every command the palette offers
        await pilot.press(*"xyzq")
        await until_no_matches_line(pilot, palette)
        seen.append(shown(pilot))
        await pilot.press("f1")  # the help over the palette lists the palette's keys
        await until_screen(pilot, HelpScreen)
        await settle(pilot)
        help_text = shown(pilot)
        seen.append(help_text)
        assert "帮助：命令" in help_text and "关闭命令面板" in help_text and "下一项" in help_text
        leaks = {word for word in english for text in seen if word in text}
        assert leaks == set()


async def test_ctrl_c_hint_is_in_chinese_with_the_key_shown_in_the_footer(make_desk_app) -> None:
    # Ctrl+C copies selected text; with nothing selected Textual says how to quit instead.
    app = make_desk_app("zh-CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        notes = [(n.title, n.message) for n in textual_compat.notifications(app)]
        assert notes == [("要退出吗？", "按 ^q 退出程序。")]


async def test_palette_keys_are_described_in_chinese(make_desk_app) -> None:
    app = make_desk_app("zh-CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in_queue(pilot)
        palette = await open_palette(pilot)
        descriptions = {b.description for _key, b in textual_compat.own_bindings(palette) if b.description}
        assert "关闭命令面板" in descriptions
        assert descriptions & textual_descriptions() == set()


async def test_an_english_query_finds_a_command_in_the_chinese_desk(make_desk_app) -> None:
    """Commands show in Chinese; the English word (what the manual and a colleague say) finds them."""
    app = make_desk_app("zh-CN")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await signed_in_queue(pilot)
        palette = await open_palette(pilot)
        await pilot.press(*"overdue")
        await settle(pilot)  # the search is a worker: its matches are in the list when it ends
        commands = palette.query_one(CommandList)
        assert commands.option_count and not commands.get_option_at_index(0).disabled
        first = commands.get_option_at_index(0).prompt
        assert str(getattr(first, "plain", first)).startswith("只看超时")  # "Overdue only", shown in Chinese
        await pilot.press("enter")
        await until_screen(pilot, type(screen))
        await settle(pilot)
        assert screen.filter.overdue_only
