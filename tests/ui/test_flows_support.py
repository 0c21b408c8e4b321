"""Helpers for the intake, ticket and follow-up tests (no tests here): the ticket screen routed
from lists, the site for service calls made "at another desk", keyboard steps that recur."""

from __future__ import annotations

import io
from typing import Any

import pytest
from desk_data import NOW, desk_settings, operator_id
from desk_pilot import settle, sign_in_by_keyboard, until_screen
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from frontdesk_tui.data.db import Database
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.calendar import WorkCalendar
from frontdesk_tui.services import tickets
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.site.operators import actor_by_id
from frontdesk_tui.ui import registry
from frontdesk_tui.ui.screens.tickets.action_form import ActionPickerModal
from frontdesk_tui.ui.screens.tickets.detail import TicketDetailScreen
from frontdesk_tui.ui.screens.tickets.intake import IntakeScreen

DETAIL = "frontdesk_tui.ui.screens.tickets.detail:TicketDetailScreen"


@pytest.fixture(autouse=True)
def ticket_screen_routed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Enter in a list opens the ticket screen (until the shell's registry names it)."""
    monkeypatch.setattr(registry, "TICKET_SCREEN", DETAIL)


def site_of(db: Database) -> Site:
    return Site(settings=desk_settings(db), db=db, calendar=WorkCalendar())


def actor(db: Database, name: str) -> Actor:
    return actor_by_id(db, operator_id(db, name))


def closed_ticket(db: Database, unit: str = "1-1-502", description: str = "厨房水管接头漏水", *, now=NOW) -> int:
    """A complaint taken through every step to closed, each by the role the lifecycle names."""
    site = site_of(db)
    draft = tickets.ComplaintDraft(owner_name="邓华", phone="17720210976", unit=unit, channel="phone",
                                   category="engineering", description=description, equipment="厨房水管",
                                   symptom="接头滴水", read_back_confirmed=True)
    ticket_id = tickets.record_complaint(site, actor(db, "陈晓燕"), draft, now=now).ticket_id
    steps = [
        ("陈晓燕", "assess", {"complexity": "simple", "severity": "minor"}),
        ("李娜", "assign", {"handler": "周师傅"}),
        ("周师傅", "investigate", {"note": "接头老化"}),
        ("周师傅", "plan", {"note": "今天更换接头"}),
        ("周师傅", "start", {}),
        ("周师傅", "report", {"note": "已更换接头", "how_told": "phone"}),
        ("陈晓燕", "confirm", {}),
    ]
    for who, action, fields in steps:
        tickets.act(site, actor(db, who), ticket_id, action, fields, now=now)
    return ticket_id


async def open_intake(pilot: Pilot) -> IntakeScreen:
    await pilot.press("f3")
    await until_screen(pilot, IntakeScreen)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, IntakeScreen)
    return screen


async def type_into(pilot: Pilot, widget: Input | TextArea, text: str) -> None:
    widget.focus()
    await pilot.pause()
    await pilot.press(*text)


async def choose_action(pilot: Pilot, code: str) -> None:
    """On the ticket screen: a, then the action in the picker with the arrow keys, Enter."""
    screen = pilot.app.screen
    assert isinstance(screen, TicketDetailScreen) and screen.view is not None
    allowed = list(screen.view.next_steps)
    assert code in allowed, (code, allowed)
    await pilot.press("a")
    await until_screen(pilot, ActionPickerModal)
    await pilot.press(*["down"] * allowed.index(code), "enter")
    await settle(pilot)


async def relock_as(pilot: Pilot, name: str) -> None:
    """Ctrl+L, then the next operator signs in with the keyboard (a shift change at the counter)."""
    await pilot.press("ctrl+l")
    await sign_in_by_keyboard(pilot, name)
    assert pilot.app.actor is not None and pilot.app.actor.name == name  # type: ignore[attr-defined]


def no_blink(pilot: Pilot) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


def plain(content: Any, width: int = 200) -> str:
    """A Rich renderable (Text, Table, Group …) as the plain text it prints."""
    from rich.console import Console
    from rich.text import Text

    if isinstance(content, str):
        return content
    if isinstance(content, Text):
        return content.plain
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(content)
    return console.export_text()


def rendered(widget: Any) -> str:
    """The plain text a Static shows now."""
    return plain(widget.content)


def text_of(node: Any) -> str:
    """Everything the Statics under ``node`` show now, one per line (hidden ones too)."""
    from textual.widgets import Static

    return "\n".join(rendered(s) for s in node.query(Static))
